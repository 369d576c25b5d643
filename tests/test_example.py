"""The example document end to end: its build is the committed export, and it covers the gold."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef

from alliance_kg.build import BuildReport, build
from alliance_kg.identity import slugify
from alliance_kg.project import Project

from .conftest import FIXTURES, ROOT, Built, make_project

SOURCES = ROOT / "graph" / "sources"
GOLD = FIXTURES / "gold" / "00-us-japan-alliance-summit.yaml"  # copy of shared/eval/gold
AK = "https://w3id.org/alliance-kg/ontology#"
AKID = "https://w3id.org/alliance-kg/id/"


@pytest.fixture(scope="module")
def example_build(
    example_built: Built, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Project, BuildReport, Graph]:
    """A build of everything in graph/sources, its report, and its export with the ontology.

    While graph/sources holds just the example document, that is the session's build of it.
    """
    if sorted(p.name for p in SOURCES.iterdir()) == sorted(
        p.name for p in example_built.project.sources.iterdir()
    ):
        project, report = example_built.project, example_built.report
    else:
        project = make_project(tmp_path_factory.mktemp("example"), *SOURCES.iterdir())
        report = build(project)
    graph = Graph().parse(project.export)
    graph.parse(ROOT / "ontology" / "alliance.ttl")
    return project, report, graph


def test_build_of_the_example_is_the_committed_export(example_build):
    project, _, _ = example_build
    assert project.export.read_bytes() == (ROOT / "graph" / "alliance.ttl").read_bytes()


def test_example_counts(example_build):
    _, report, _ = example_build
    assert report.documents == ["us-japan-alliance-summit"]
    assert report.entities["Nation"] == 3
    assert report.entities["Investment"] == 5
    assert report.statements >= 200
    assert report.warnings == []


def iri(label: str) -> str:
    return AKID + slugify(label)


def test_every_gold_entity_is_there_with_its_class_or_a_subclass(example_build):
    _, _, g = example_build
    gold = yaml.safe_load(GOLD.read_text())
    missing = []
    for ent in gold["entities"] + gold["optional_entities"]:
        rows = g.query(
            "ASK { ?e rdfs:subClassOf* ?core . ?x a ?e }",
            initNs={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
            initBindings={"x": URIRef(iri(ent["label"])), "core": URIRef(AK + ent["class"])},
        )
        if not rows.askAnswer:
            missing.append(ent["label"])
    assert missing == []


def test_every_gold_relation_is_stated(example_build):
    _, _, g = example_build
    gold = yaml.safe_load(GOLD.read_text())
    missing = []
    for s, p, o in gold["relations"]:
        if p == "investsIn":
            query = "ASK { ?i ak:investor ?s ; ak:target ?o }"
        elif p == "collaboratesWith":
            query = "ASK { ?s ak:collaboratesWith|^ak:collaboratesWith ?o }"
        else:
            query = f"ASK {{ ?s ak:{p} ?o }}"  # p is from the gold file, a known local name
        found = g.query(
            query, initNs={"ak": AK}, initBindings={"s": URIRef(iri(s)), "o": URIRef(iri(o))}
        ).askAnswer
        if not found and p == "investsIn":  # via a tranche of which it is a component
            found = g.query(
                "ASK { ?i ak:investor ?s ; ak:componentOf*|^ak:componentOf* ?j . ?j ak:target ?o }",
                initNs={"ak": AK},
                initBindings={"s": URIRef(iri(s)), "o": URIRef(iri(o))},
            ).askAnswer
        if not found:
            missing.append((s, p, o))
    assert missing == []


def test_the_headline_80_billion_is_not_an_investment(example_build):
    _, _, g = example_build
    amounts = {float(v) for v in g.objects(None, URIRef(AK + "amountUSD"))}
    assert 80e9 not in amounts
    assert {73e9, 40e9, 33e9, 36e9, 50e9} <= amounts


def test_sources_folder_holds_only_documents_and_annotations():
    names = sorted(p.suffix for p in Path(SOURCES).iterdir())
    assert set(names) <= {".txt", ".yaml"}
