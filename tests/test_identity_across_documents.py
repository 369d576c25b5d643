"""Identity across documents: tests/fixtures/multi, three documents that share entities.

a-minerals declares the United States, Geoscience Australia and "Lynas Rare Earths Limited" (alias
Lynas); b-defence declares the company as "Lynas"; c-news declares "United States of America" (ISO
US, like "United States") and names Geoscience Australia in a relation without declaring it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from alliance_kg.build import build
from alliance_kg.errors import IdentityError
from alliance_kg.project import Project
from alliance_kg.provenance import why
from alliance_kg.store import open_store

from .conftest import FIXTURES, Built, make_project

AK = Namespace("https://w3id.org/alliance-kg/ontology#")
AKID = Namespace("https://w3id.org/alliance-kg/id/")
AKDOC = Namespace("https://w3id.org/alliance-kg/doc/")
MULTI = sorted((FIXTURES / "multi").iterdir())


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = make_project(tmp_path_factory.mktemp("multi") / "proj", *MULTI)
    return Built(project, build(project, reason=False))


def _export(built: Built) -> Graph:
    return Graph().parse(built.project.export)


def test_one_nation_per_iso_code(multi: Built):
    g = _export(multi)
    assert set(g.subjects(AK.iso3166Alpha2, Literal("US"))) == {AKID["united-states"]}
    us = AKID["united-states"]
    assert list(g.objects(us, RDFS.label)) == [Literal("United States")]  # a-minerals is first
    assert Literal("United States of America") in set(g.objects(us, SKOS.altLabel))
    assert set(g.objects(us, AK.mentionedIn)) == {AKDOC["a-minerals"], AKDOC["c-news"]}
    assert multi.report.entities["Nation"] == 3  # United States, Australia, Japan


def test_a_company_under_its_alias_is_one_entity(multi: Built):
    g = _export(multi)
    companies = set(g.subjects(RDF.type, AK.Company))
    assert companies == {AKID["lynas"]}  # the shortest of its slugs, whatever the file order
    assert list(g.objects(AKID["lynas"], RDFS.label)) == [Literal("Lynas Rare Earths Limited")]
    assert Literal("Lynas") in set(g.objects(AKID["lynas"], SKOS.altLabel))
    assert set(g.objects(AKID["lynas"], AK.mentionedIn)) == {
        AKDOC[d] for d in ("a-minerals", "b-defence", "c-news")
    }


def test_an_undeclared_entity_resolves_to_the_declaring_documents_iri(multi: Built):
    ga = AKID["geoscience-australia"]
    with open_store(multi.project.store) as store:
        query = f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ <{ga}> ?p ?o }} }}"
        quads = {(r["g"].value, r["p"].value, r["o"].value) for r in store.query(query)}
    c_graph = next(g for g, _p, _o in quads if g.endswith("c-news"))
    assert (c_graph, str(AK.mentionedIn), str(AKDOC["c-news"])) in quads
    assert (c_graph, str(RDF.type), str(AK.Agency)) in quads  # with its first mention's evidence
    g = _export(multi)
    assert (AKID["lynas"], AK.collaboratesWith, ga) in g
    assert len(set(g.subjects(RDFS.label, Literal("Geoscience Australia")))) == 1
    with open_store(multi.project.store) as store:
        (typed,) = [p for p in why(store, "Geoscience Australia", "type") if "c-news" in p.document]
    assert typed.quote == "Geoscience Australia"


def test_why_sees_relations_from_every_document(multi: Built, cli: Callable):
    with open_store(multi.project.store) as store:
        docs = {p.document.rsplit("/", 1)[-1] for p in why(store, "Lynas", "type")}
        assert docs == {"a-minerals", "b-defence", "c-news"}
        (texas,) = why(store, "Texas", "locatedIn", "United States")
        assert texas.document.endswith("c-news") and texas.object.endswith("united-states")
        (lynas,) = why(store, "Lynas", "collaboratesWith", "Geoscience Australia")
        assert lynas.document.endswith("c-news")
    r = cli("why", "Australia", "--project", multi.project.root)
    assert r.code == 0, r.err
    r = cli("why", "Texas", "locatedIn", "United States of America", "--project",
            multi.project.root)  # fmt: skip
    assert r.code == 0, r.err
    assert "c-news" in r.out
    g = _export(multi)
    in_australia = set(g.subjects(AK.country, AKID["australia"]))
    assert in_australia == {
        AKID["geoscience-australia"],
        AKID["lynas"],
        AKID["australian-defence-force"],
    }


def _with_extra(tmp: Path, text: str, yaml: str) -> Project:
    project = make_project(tmp / "proj", *MULTI)
    (project.sources / "d-extra.txt").write_text(text)
    (project.sources / "d-extra.yaml").write_text(yaml)
    return project


def test_a_label_naming_two_entities_is_an_identity_error(tmp_path: Path):
    project = _with_extra(
        tmp_path,
        "Extra\n\nThe Lynas Rare Earths Limited survey, also called Geoscience Australia.\n",
        "document: {path: d-extra.txt}\nentities:\n"
        "  - {label: Lynas Rare Earths Limited, class: Company, aliases: [Geoscience Australia]}\n",
    )
    with pytest.raises(IdentityError) as err:
        build(project, reason=False)
    msg = str(err.value)
    assert re.search(r"a-minerals\.yaml:\d+", msg) and re.search(r"d-extra\.yaml:\d+", msg)
    assert "Lynas Rare Earths Limited" in msg and "Geoscience Australia" in msg


def test_a_class_conflict_is_an_identity_error_naming_both_files(tmp_path: Path):
    project = _with_extra(
        tmp_path,
        "Extra\n\nLynas is an agency here.\n",
        "document: {path: d-extra.txt}\nentities:\n  - {label: Lynas, class: Agency}\n",
    )
    with pytest.raises(IdentityError, match=r"Company and Agency") as err:
        build(project, reason=False)
    assert re.search(r"a-minerals\.yaml:\d+ and .*d-extra\.yaml:\d+", str(err.value))


def test_file_order_does_not_change_entity_iris(multi: Built, tmp_path: Path):
    """The same files under names that sort the other way round: the same IRIs."""
    renamed = {"a-minerals": "z-minerals", "b-defence": "y-defence", "c-news": "x-news"}
    project = make_project(tmp_path / "proj")
    for src in MULTI:
        new = renamed[src.stem]
        text = src.read_text()
        if src.suffix == ".yaml":
            text = text.replace(f"path: {src.stem}.txt", f"path: {new}.txt")
        (project.sources / f"{new}{src.suffix}").write_text(text)
    build(project, reason=False)
    first, second = _export(multi), Graph().parse(project.export)

    def entities(g: Graph) -> set[URIRef]:
        return {s for s in g.subjects(AK.mentionedIn, None) if str(s).startswith(str(AKID))}

    assert entities(first) == entities(second)
    # only the canonical label follows path order: x-news (c-news) now comes first
    us = AKID["united-states"]
    assert list(second.objects(us, RDFS.label)) == [Literal("United States of America")]
    assert Literal("United States") in set(second.objects(us, SKOS.altLabel))


def test_a_document_may_name_entities_by_iri_without_declaring_any(tmp_path: Path):
    project = _with_extra(
        tmp_path,
        "Extra\n\nGeoscience Australia staff in Canberra briefed the press.\n",
        "document: {path: d-extra.txt}\nrelations:\n"
        "  - {subject: akid:geoscience-australia, property: country, object: Australia,"
        " evidence: Geoscience Australia staff}\n",
    )
    build(project, reason=False)
    g = Graph().parse(project.export)
    ga = AKID["geoscience-australia"]
    assert AKDOC["d-extra"] in set(g.objects(ga, AK.mentionedIn))
    assert AKDOC["d-extra"] in set(g.objects(AKID["australia"], AK.mentionedIn))
    with open_store(project.store) as store:
        found = why(store, "Geoscience Australia", "country")
    docs = {p.document.rsplit("/", 1)[-1] for p in found}
    assert docs == {"a-minerals", "d-extra"}
