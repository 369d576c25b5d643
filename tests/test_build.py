"""The foundation end to end on a tiny project: build, no-op rebuild, provenance, bad input.

Tests that only read a built tiny project share one build (`tiny_built`); tests that build again
or edit the project build their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from alliance_kg.build import build
from alliance_kg.errors import IdentityError, ProjectError
from alliance_kg.project import Project
from alliance_kg.store import open_store

from .conftest import FIXTURES, Built, make_project

AKID = "https://w3id.org/alliance-kg/id/"


def test_build_reports_counts_and_writes_store_and_export(tiny_built: Built):
    tiny_project, report = tiny_built.project, tiny_built.report
    assert report.documents == ["tiny"]
    assert report.entities["Nation"] == 2
    assert report.entities["Agency"] == 2  # an ExecutiveDepartment and a Ministry
    assert report.entities["Investment"] == 1
    assert report.statements > 10
    assert report.shacl.startswith("SHACL: conforms")
    assert tiny_project.store.is_symlink()
    text = tiny_project.export.read_text()
    assert "@prefix ak: <https://w3id.org/alliance-kg/ontology#>" in text
    assert "akid:us-department-of-energy" in text


def test_amounts_are_decimal_usd_with_the_hedge_kept(tiny_built: Built):
    g = Graph().parse(tiny_built.project.export)
    rows = list(
        g.query(
            "SELECT ?usd ?q WHERE { ?i a ak:Investment ; ak:amountUSD ?usd ;"
            " ak:amountQualifier ?q }",
            initNs={"ak": "https://w3id.org/alliance-kg/ontology#"},
        )
    )
    assert [(r.usd.toPython(), str(r.q)) for r in rows] == [(Decimal(40_000_000_000), "up to")]
    assert rows[0].usd.datatype == URIRef("http://www.w3.org/2001/XMLSchema#decimal")


PROVENANCE = """
PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?doc ?sentence ?quote ?start ?end WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?doc ; ak:evidence ?ev .
  ?ev ak:sentence ?sentence ; ak:quote ?quote ; ak:startOffset ?start ; ak:endOffset ?end .
}"""


def test_provenance_of_a_statement_by_sparql_on_the_export(tiny_built: Built):
    g = Graph().parse(tiny_built.project.export)
    rows = list(
        g.query(
            PROVENANCE,
            initBindings={
                "s": URIRef(AKID + "ministry-of-science"),
                "p": URIRef("https://w3id.org/alliance-kg/ontology#collaboratesWith"),
                "o": URIRef(AKID + "lisbon-quantum-labs"),
            },
        )
    )
    assert len(rows) == 1
    row = rows[0]
    assert str(row.doc) == "https://w3id.org/alliance-kg/doc/tiny"
    assert str(row.sentence) == "Further work will occur through Lisbon Quantum Labs."
    text = (FIXTURES / "tiny" / "tiny.txt").read_text()
    assert text[int(row.start) : int(row.end)] == str(row.quote)


def test_every_entity_entity_triple_has_evidence_in_the_store(tiny_built: Built):
    with open_store(tiny_built.project.store) as store:
        missing = list(
            store.query(
                """PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
                PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
                SELECT ?s ?p ?o WHERE { GRAPH ?g {
                  ?s ?p ?o . FILTER(STRSTARTS(STR(?s), "https://w3id.org/alliance-kg/id/"))
                  FILTER(STRSTARTS(STR(?o), "https://w3id.org/alliance-kg/id/"))
                  FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                          ak:evidence ?e } }
                  # asserted facts only: the inferred graph never has evidence (design.md)
                  FILTER(STRSTARTS(STR(?g), "https://w3id.org/alliance-kg/graph/doc/")) }"""
            )
        )
    assert missing == []


def test_second_build_with_unchanged_input_is_a_no_op(tiny_project: Project):
    build(tiny_project)
    target = os.readlink(tiny_project.store)
    before = tiny_project.export.read_bytes()
    mtime = tiny_project.export.stat().st_mtime_ns
    again = build(tiny_project)
    assert again.up_to_date
    assert os.readlink(tiny_project.store) == target
    assert tiny_project.export.read_bytes() == before
    assert tiny_project.export.stat().st_mtime_ns == mtime


def test_forced_rebuild_gives_identical_bytes_and_cleans_old_store(built_tiny_project: Project):
    tiny_project = built_tiny_project  # as after build(tiny_project)
    before = tiny_project.export.read_bytes()
    old = tiny_project.store.resolve()
    build(tiny_project, force=True)
    assert tiny_project.export.read_bytes() == before
    assert tiny_project.store.resolve() != old
    assert not old.exists()
    assert len(list((tiny_project.root / "graph" / ".stores").iterdir())) == 1


def test_export_is_byte_identical_across_processes_and_hash_seeds(tmp_path: Path):
    outputs = []
    for seed in ("1", "12345"):
        proj = make_project(
            tmp_path / seed, FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"
        )
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "alliance_kg", "build", "--project", str(proj.root)],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(proj.export.read_bytes())
    assert outputs[0] == outputs[1]


def test_same_entity_in_two_documents_gets_one_iri(tmp_path: Path):
    proj = make_project(
        tmp_path / "p", FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"
    )
    second = proj.sources / "second.txt"
    second.write_text("Portugal and the United States held a dialogue.\n")
    (proj.sources / "second.yaml").write_text(
        "document: {path: second.txt}\n"
        "entities:\n  - {label: Portugal, class: Nation}\n"
        "  - {label: United States, class: Nation}\n"
        "relations:\n  - {subject: Portugal, property: collaboratesWith, object: United States,"
        " evidence: Portugal and the United States held a dialogue.}\n"
    )
    report = build(proj)
    assert report.documents == ["second", "tiny"]
    assert report.entities["Nation"] == 2
    g = Graph().parse(proj.export)
    portugal = URIRef(AKID + "portugal")
    docs = set(g.objects(portugal, URIRef("https://w3id.org/alliance-kg/ontology#mentionedIn")))
    assert len(docs) == 2


def test_one_iri_with_two_incompatible_classes_is_an_identity_error(tmp_path: Path):
    proj = make_project(
        tmp_path / "p", FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"
    )
    (proj.sources / "second.txt").write_text("Portugal is a company here.\n")
    (proj.sources / "second.yaml").write_text(
        "document: {path: second.txt}\nentities:\n  - {label: Portugal, class: Company}\n"
    )
    with pytest.raises(IdentityError, match=r"declared .*Nation.* and Company|Company.*Nation"):
        build(proj)


def test_nations_get_iso_codes_from_pycountry(tiny_built: Built):
    g = Graph().parse(tiny_built.project.export)
    ak = "https://w3id.org/alliance-kg/ontology#"
    portugal = URIRef(AKID + "portugal")
    assert str(g.value(portugal, URIRef(ak + "iso3166Alpha2"))) == "PT"
    assert str(g.value(portugal, URIRef(ak + "iso3166Alpha3"))) == "PRT"
    assert str(g.value(URIRef(AKID + "united-states"), URIRef(ak + "iso3166Alpha2"))) == "US"


def test_an_ontology_without_core_class_marks_is_a_project_error(tiny_project: Project):
    """An ontology copied before ak:coreClass existed would reject every entity: say why."""
    onto = tiny_project.ontology
    lines = onto.read_text().splitlines(keepends=True)
    onto.write_text("".join(line for line in lines if "    ak:coreClass " not in line))
    with pytest.raises(ProjectError, match="no class is marked ak:coreClass"):
        build(tiny_project)
    assert not tiny_project.store.exists() and not tiny_project.export.exists()
