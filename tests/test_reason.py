"""Reasoning on the real example: HermiT consistency, culprits, the inferred graph vs owlrl."""

from __future__ import annotations

import os
import re
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from alliance_kg.build import build
from alliance_kg.derived import TABLE_GRAPHS
from alliance_kg.namespaces import (
    AK,
    AKID,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
)
from alliance_kg.project import Project
from alliance_kg.reason import check_files, materialise
from alliance_kg.store import from_ox, open_store

from .conftest import FIXTURES, ROOT, make_project
from .test_bad_input import snapshot

pytestmark = pytest.mark.reasoner  # Java is part of the set-up: without it these fail

SOURCES = ROOT / "graph" / "sources"
REASONING = FIXTURES / "reasoning"
INFERRED = ox.NamedNode(str(INFERRED_GRAPH))
PREFIXES = f"PREFIX ak: <{AK}>\nPREFIX akid: <{AKID}>\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example document plus tests/fixtures/oak-ridge (a site in Tennessee), built once."""
    proj = make_project(
        tmp_path_factory.mktemp("reason") / "proj",
        SOURCES / "us-japan-alliance-summit.yaml",
        SOURCES / "us-japan-alliance-summit.txt",
        FIXTURES / "oak-ridge" / "oak-ridge.yaml",
        FIXTURES / "oak-ridge" / "oak-ridge.txt",
    )
    build(proj)
    return proj


@pytest.fixture(scope="module")
def store(project: Project):
    with open_store(project.store) as s:
        yield s


def union(store: ox.Store, where: str) -> set[str]:
    """?x over the union of all named graphs (what queries see by default)."""
    q = PREFIXES + f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ {where} }} }}"
    return {row[0].value.removeprefix(str(AKID)) for row in store.query(q)}


def asserted(store: ox.Store, where: str) -> set[str]:
    """?x over the document graphs only (the asserted facts)."""
    q = (
        PREFIXES
        + f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ {where} }} "
        + f'FILTER(STRSTARTS(STR(?g), "{INFERRED_GRAPH.removesuffix("inferred")}doc/")) }}'
    )
    return {row[0].value.removeprefix(str(AKID)) for row in store.query(q)}


# --------------------------------------------------------------------------- build + inferred graph


@pytest.mark.reasoner
def test_the_example_is_consistent_and_the_report_says_so(project: Project) -> None:
    report = build(project)  # up to date: the report comes from the manifest
    info = report.reasoning
    assert info.consistent is True
    assert info.method == "HermiT"
    assert info.unsatisfiable == []
    assert info.inferred > 100


def test_a_core_class_finds_members_typed_only_with_a_subclass(store: ox.Store) -> None:
    members = union(store, "?x a ak:ResearchInstitute")
    assert {"argonne-national-laboratory", "oak-ridge-national-laboratory", "riken"} <= members
    assert "argonne-national-laboratory" not in asserted(store, "?x a ak:ResearchInstitute")
    assert asserted(store, "?x a ak:ResearchInstitute") == {"riken"}


def test_collaborates_with_is_found_from_both_sides(store: ox.Store) -> None:
    doe, mext = (
        "us-department-of-energy",
        ("ministry-of-education-culture-sports-science-and-technology"),
    )
    assert mext in union(store, "akid:us-department-of-energy ak:collaboratesWith ?x")
    assert doe in union(
        store, f"akid:{mext} ak:collaboratesWith ?x"
    )  # only one direction is asserted
    assert doe not in asserted(store, f"akid:{mext} ak:collaboratesWith ?x")


def test_located_in_chains_from_a_site_in_tennessee_to_the_united_states(store: ox.Store) -> None:
    assert asserted(store, "akid:oak-ridge-reservation ak:locatedIn ?x") == {"tennessee"}
    assert union(store, "akid:oak-ridge-reservation ak:locatedIn ?x") == {
        "tennessee",
        "united-states",
    }


def test_invests_in_follows_from_an_investment_node(store: ox.Store) -> None:
    assert union(store, "akid:ge-vernova-hitachi ak:investsIn ?x") == {"tennessee", "alabama"}
    assert asserted(store, "akid:ge-vernova-hitachi ak:investsIn ?x") == set()
    assert "united-states" in union(store, "akid:japan ak:investsIn ?x")


def test_country_follows_part_of(store: ox.Store) -> None:
    assert asserted(store, "akid:oak-ridge-national-laboratory ak:country ?x") == set()
    assert union(store, "akid:oak-ridge-national-laboratory ak:country ?x") == {"united-states"}
    assert "oak-ridge-national-laboratory" in union(
        store, "akid:us-department-of-energy ak:hasPart ?x"
    )


def test_inferred_triples_are_entity_triples_without_provenance(store: ox.Store) -> None:
    quads = list(store.quads_for_pattern(None, None, None, INFERRED))
    assert quads
    assert all(q.subject.value.startswith(str(AKID)) for q in quads)
    rows = store.query(
        PREFIXES
        + "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        + f"SELECT ?st WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} "
        + "GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }"
    )
    assert list(rows) == []  # no statement node claims a document said an inferred triple
    for q in quads:  # and none of them was asserted anywhere
        others = [
            g
            for g in store.named_graphs()
            if g != INFERRED and store.contains_named_graph(g) and ox.Quad(*q.triple, g) in store
        ]
        assert others == [], q


def test_asserted_and_inferred_counts_differ_as_expected(project: Project, store: ox.Store) -> None:
    per_class = build(project).entities  # entities per core class, from the build report
    where = "?x a ak:Organisation"
    assert asserted(store, where) == set()  # nothing is typed with the structural class
    organisations = per_class["Agency"] + per_class["Company"] + per_class["ResearchInstitute"]
    assert len(union(store, where)) == organisations == 9  # ORNL comes from the oak-ridge note
    actors = organisations + per_class["Nation"] + per_class["Person"]
    assert len(union(store, "?x a ak:Actor")) == actors


# --------------------------------------------------------------------------- rules vs owlrl


def test_rules_equal_owlrl_on_the_example_for_the_entailments_they_cover(example: Project) -> None:
    proj_store = ox.Store()
    with open_store(example.store) as built:  # the session's build of the example document
        # the data graphs: not the inferred graph, nor the tables derived after it (the
        # union in the default graph, the nations, hierarchy and partners tables)
        derived = tuple(ox.NamedNode(str(g)) for g in TABLE_GRAPHS)
        proj_store.bulk_extend(
            q
            for q in built
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in (INFERRED, *derived)
        )
    materialise(proj_store)

    graph, ontology = Graph(), Graph()
    for q in proj_store:
        if q.graph_name == INFERRED:
            continue
        t = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        graph.add(t)
        if q.graph_name.value == str(ONTOLOGY_GRAPH):
            ontology.add(t)
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)

    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    props = {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}

    def covered(t: tuple) -> bool:
        s, p, o = t
        entity = isinstance(s, URIRef) and str(s).startswith(str(AKID))
        return entity and ((p == RDF.type and o in classes) or p in props)

    reference = {t for t in set(graph) - before if covered(t)}
    ours = {
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        for q in proj_store.quads_for_pattern(None, None, None, INFERRED)
    }
    assert len(reference) > 150
    assert ours == reference


# --------------------------------------------------------------------------- inconsistent input


@pytest.mark.reasoner
def test_a_disjointness_clash_across_two_files_is_reported(cli) -> None:
    result = cli(
        "check",
        "--data",
        REASONING / "disjoint-nation.ttl",
        "--data",
        REASONING / "disjoint-company.ttl",
        "--format",
        "csv",
    )
    assert result.code == 2, result
    assert "akid:georgia is typed both Company (asserted)" in result.out
    assert "Nation (asserted" in result.out
    assert "declares Organisation and Nation disjoint" in result.out
    assert result.err.startswith("error: the data is inconsistent with the ontology: 1 problem")
    assert "Traceback" not in result.err


@pytest.mark.reasoner
def test_a_range_violation_makes_an_individual_unsatisfiable() -> None:
    report = check_files(ROOT / "ontology" / "alliance.ttl", [REASONING / "range-violation.ttl"])
    assert report.consistent is False
    assert report.method == "HermiT"
    [finding] = report.findings
    assert finding.subject == "akid:tennessee"
    assert finding.message == (
        "akid:tennessee is typed both Subdivision (asserted) and Nation (object of ak:country, "
        "whose range is Nation), but the ontology declares Location and Nation disjoint"
    )


@pytest.mark.reasoner
def test_a_domain_violation_names_the_property() -> None:
    report = check_files(ROOT / "ontology" / "alliance.ttl", [REASONING / "domain-violation.ttl"])
    [finding] = report.findings
    assert "akid:fujitsu is typed both Company (asserted) and Person" in finding.message
    assert "subject of ak:leaderOf, whose domain is Person" in finding.message


@pytest.mark.reasoner
def test_an_inconsistency_without_a_disjoint_pair_is_narrowed_down() -> None:
    report = check_files(ROOT / "ontology" / "alliance.ttl", [REASONING / "functional-amount.ttl"])
    assert report.consistent is False
    [finding] = report.findings
    assert finding.kind == "narrowed"
    assert finding.subject == "akid:reactor-money"
    assert 'akid:reactor-money ak:amountUSD "40000000000"' in finding.message


def test_the_direct_check_alone_finds_the_clash_without_hermit(cli) -> None:
    result = cli("check", "--data", REASONING / "range-violation.ttl", "--no-hermit")
    assert result.code == 2
    assert "direct disjointness check" in result.out
    assert "akid:tennessee" in result.out


@pytest.mark.reasoner
def test_an_unsatisfiable_class_fails_the_build_and_keeps_the_old_store(
    built_tiny_project: Project, cli
) -> None:
    tiny_project = built_tiny_project  # as after build(tiny_project)
    before = snapshot(tiny_project)
    onto = tiny_project.ontology
    onto.write_text(onto.read_text() + "\nak:Ministry rdfs:subClassOf ak:Company .\n")
    result = cli("build", "--project", tiny_project.root)
    assert result.code == 2, result
    assert result.err.startswith("error: the data contradicts the ontology")
    assert (
        "class Ministry cannot have members: it is a subclass of both Agency and Company"
        in result.err
    )
    assert "akid:ministry-of-science is a Ministry (asserted)" in result.err
    assert "Traceback" not in result.err
    assert snapshot(tiny_project) == before
    assert sorted(os.listdir(tiny_project.root / "graph" / ".stores")) == before[2]


@pytest.mark.reasoner
def test_check_on_the_live_store(project: Project, cli) -> None:
    result = cli("check", "--project", project.root)
    assert result.code == 0, result
    assert re.match(r"consistent by HermiT \(\d+ triples, [\d.]+ s\)", result.out)


# --------------------------------------------------------------------------- switches and export


def test_no_reason_and_the_size_limit_fall_back_to_rules(tiny_project: Project) -> None:
    report = build(tiny_project, reason=False)
    assert report.reasoning.method == "direct disjointness check (HermiT skipped)"
    assert any("--no-reason" in m for m in report.reasoning.messages)
    assert report.reasoning.inferred > 0
    report = build(tiny_project, reason_limit=10)
    assert any("above the limit of 10" in m for m in report.reasoning.messages)
    with open_store(tiny_project.store) as s:
        assert s.contains_named_graph(INFERRED)


def test_export_says_which_graphs_it_holds(project: Project, cli, tmp_path: Path) -> None:
    plain, full = tmp_path / "plain.ttl", tmp_path / "full.ttl"
    assert cli("export", plain, "--project", project.root).code == 0
    result = cli("export", full, "--inferred", "--project", project.root)
    assert result.code == 0 and "asserted + inferred" in " ".join(result.err.split())
    assert "asserted only" in plain.read_text().splitlines()[0]
    assert "plus the inferred" in full.read_text().splitlines()[0]
    assert project.export.read_bytes().startswith(plain.read_bytes()[:80])
    g_plain, g_full = Graph().parse(plain), Graph().parse(full)
    chain = (AKID["ge-vernova-hitachi"], AK.investsIn, AKID.tennessee)
    assert chain not in g_plain and chain in g_full
    with open_store(project.store) as s:
        n_inferred = sum(1 for _ in s.quads_for_pattern(None, None, None, INFERRED))
    assert len(g_full) == len(g_plain) + n_inferred


@pytest.mark.reasoner
def test_a_range_violation_that_slips_past_shacl_fails_the_build(
    built_tiny_project: Project, cli
) -> None:
    """Shapes that lag behind the ontology: HermiT still stops the build, naming the property."""
    tiny_project = built_tiny_project  # as after build(tiny_project)
    before = snapshot(tiny_project)
    shapes = tiny_project.shapes
    text = shapes.read_text()
    start = text.index("akshape:country-object\n")
    shapes.write_text(text[:start] + text[text.index("\n\n", start) + 2 :])
    ann = tiny_project.sources / "tiny.yaml"
    ann.write_text(
        ann.read_text().replace(
            "{subject: DOE, property: country, object: United States",
            "{subject: DOE, property: country, object: Ohio",
        )
    )
    result = cli("build", "--project", tiny_project.root)
    assert result.code == 2, result
    assert "found by HermiT" in result.err
    assert (
        "akid:ohio is typed both Subdivision (asserted) and Nation (object of ak:country, whose "
        "range is Nation), but the ontology declares Location and Nation disjoint" in result.err
    )
    assert snapshot(tiny_project) == before


def test_check_reports_unreadable_data_in_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ak: <https://w3id.org/alliance-kg/ontology#> .\nak:x ak:y .\n")
    result = cli("check", "--data", bad)
    assert result.code == 2
    assert result.err == f"error: {bad}:2: not valid Turtle: . is not a valid RDF object\n"
    missing = cli("check", "--data", tmp_path / "nope.ttl")
    assert missing.code == 2 and "nope.ttl: file not found" in missing.err
    assert "Traceback" not in result.err + missing.err


@pytest.mark.reasoner
def test_an_unsatisfiable_class_without_members_is_reported_not_fatal(tmp_path: Path) -> None:
    onto = tmp_path / "alliance.ttl"
    text = (ROOT / "ontology" / "alliance.ttl").read_text()
    onto.write_text(text + "\nak:Ministry rdfs:subClassOf ak:Company .\n")
    report = check_files(onto, [REASONING / "domain-violation.ttl"], hermit=True)
    assert "ak:Ministry" in report.unsatisfiable  # HermiT's answer, explained by the direct check
    [ministry] = [f for f in report.findings if f.subject == "ak:Ministry"]
    assert "subclass of both Agency and Company" in ministry.message
    fine = tmp_path / "fine.ttl"
    fine.write_text(
        "<https://w3id.org/alliance-kg/id/japan> a "
        "<https://w3id.org/alliance-kg/ontology#Nation> .\n"
    )
    report = check_files(onto, [fine])
    assert report.consistent is True
    assert report.unsatisfiable == ["ak:Ministry"]


def test_memberships_of_some_entities_are_those_of_the_whole(store):
    """The incremental build's narrowed disjointness check reads the same needs per entity."""
    from alliance_kg.reason.clashes import memberships, read_schema

    schema = read_schema(store)
    everything = memberships(store, schema)
    some = {str(AKID[e]) for e in ("japan", "riken", "argonne-national-laboratory", "nasa")}
    some |= {str(AKID["no-such-entity"])}
    assert len(some & everything.keys()) == 4
    assert memberships(store, schema, some) == {e: everything[e] for e in some if e in everything}
