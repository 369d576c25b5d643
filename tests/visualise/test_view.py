"""`viz` end to end on the built example: focus, path, query, filters and the errors users see."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from alliance_kg.analyse import ProjectionOptions, project
from alliance_kg.namespaces import AK, AKID, INFERRED_GRAPH
from alliance_kg.project import Project
from alliance_kg.query import find_saved, run_saved
from alliance_kg.store import open_store
from alliance_kg.visualise import ViewSpec, build_view, query_subgraph
from alliance_kg.visualise.page import read_page_data

MEXT = "Ministry of Education, Culture, Sports, Science and Technology"
Q1 = {MEXT, "Argonne National Laboratory", "RIKEN", "Fujitsu"}  # competency question 1


def _page_data(path: Path) -> dict:
    return read_page_data(path.read_text())


def _labels(data: dict, **flags: bool) -> set[str]:
    return {n["label"] for n in data["nodes"] if all(n[k] == v for k, v in flags.items())}


def test_viz_writes_the_whole_graph(cli, example: Project, example_graph, tmp_path):
    out = tmp_path / "alliance.html"
    result = cli("viz", "-o", out, "--project", example.root, "--format", "json")
    assert result.code == 0, result.err
    (row,) = json.loads(result.out)
    assert row == {
        "file": str(out),
        "nodes": example_graph.number_of_nodes(),
        "edges": example_graph.number_of_edges(),
        "paths": 0,
    }
    assert len(_page_data(out)["nodes"]) == 84  # the build's entity count


def test_path_between_doe_and_nvidia_passes_the_q1_organisations(cli, example, tmp_path):
    out = tmp_path / "path.html"
    result = cli("viz", "-o", out, "--project", example.root, "--path", "DOE", "Nvidia",
                 "-f", "json")  # fmt: skip
    assert result.code == 0, result.err
    data = _page_data(out)
    on_path = _labels(data, onPath=True)
    assert Q1 | {"U.S. Department of Energy", "NVIDIA"} <= on_path
    assert len(data["nodes"]) == 84 and data["highlighting"]
    with open_store(example.store) as store:
        view = build_view(store, ViewSpec(path=("DOE", "Nvidia")))
    assert json.loads(result.out)[0]["paths"] == len(view.paths)
    assert {view.graph.nodes[n]["label"] for p in view.paths for n in p} == on_path
    assert all(len(p) <= 4 for p in view.paths)  # at most 3 steps by default


def test_focus_draws_only_the_ego_network(cli, example, example_graph, tmp_path):
    out = tmp_path / "focus.html"
    result = cli("viz", "-o", out, "--project", example.root, "--focus", "NVIDIA")
    assert result.code == 0, result.err
    nvidia = str(AKID["nvidia"])
    expected = {nvidia} | set(nx.all_neighbors(example_graph, nvidia))
    data = _page_data(out)
    assert {n["iri"] for n in data["nodes"]} == expected
    assert {"Argonne National Laboratory", "RIKEN", "Fujitsu"} <= _labels(data)
    assert _labels(data, focus=True) == {"NVIDIA"}
    deeper = tmp_path / "focus2.html"
    assert cli("viz", "-o", deeper, "--project", example.root, "--focus", "NVIDIA",
               "--depth", "2").code == 0  # fmt: skip
    assert len(_page_data(deeper)["nodes"]) > len(expected)


def test_class_and_nation_filters(cli, example, tmp_path):
    out = tmp_path / "f.html"
    assert cli("viz", "-o", out, "--project", example.root, "--class", "Organisation").code == 0
    cores = {n["core"] for n in _page_data(out)["nodes"]}
    assert cores == {"Agency", "Company", "ResearchInstitute"}
    assert cli("viz", "-o", out, "--project", example.root, "--nation", "Japan").code == 0
    data = _page_data(out)
    assert {n["nation"] for n in data["nodes"]} == {"Japan", "(no nation)"}
    assert MEXT in _labels(data)
    # the nationless ones are the facts Japan's parties take part in (projection.of_nations)
    assert {n["core"] for n in data["nodes"] if n["nation"] == "(no nation)"} >= {
        "Agreement", "Investment"
    }  # fmt: skip


SELECT = """PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
SELECT ?org WHERE { ?org ak:collaboratesWith <https://w3id.org/alliance-kg/id/nvidia> }"""
CONSTRUCT = """PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
CONSTRUCT { ?org ak:collaboratesWith ?nvidia } WHERE {
  BIND(<https://w3id.org/alliance-kg/id/nvidia> AS ?nvidia)
  ?org ak:collaboratesWith ?nvidia }"""


def test_query_file_select_draws_the_row_entities(cli, example, tmp_path):
    rq = tmp_path / "collab.rq"
    rq.write_text(SELECT)
    out = tmp_path / "q.html"
    result = cli("viz", "-o", out, "--project", example.root, "--query-file", rq)
    assert result.code == 0, result.err
    data = _page_data(out)
    with open_store(example.store) as store:
        rows = {r["org"].value for r in store.query(SELECT, use_default_graph_as_union=True)}
    assert {n["iri"] for n in data["nodes"]} == rows
    assert {"Argonne National Laboratory", "Fujitsu", "RIKEN"} <= _labels(data)


def test_query_construct_keeps_the_triples_with_their_evidence(example, example_graph):
    with open_store(example.store) as store:
        sub = query_subgraph(store, example_graph, CONSTRUCT)
    labels = {d["label"] for _, d in sub.nodes(data=True)}
    assert "NVIDIA" in labels and {"Argonne National Laboratory", "RIKEN"} <= labels
    assert sub.number_of_edges() == sub.number_of_nodes() - 1  # a star around NVIDIA
    for _, o, d in sub.edges(data=True):
        assert o == str(AKID["nvidia"]) and d["property"] == "collaboratesWith"
        assert d["evidence"] and "Further collaboration" in d["evidence"][0]["sentence"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ASK { ?s ?p ?o }", "only SELECT and CONSTRUCT"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT ?x WHERE { ?x ?y }", "bad.rq:1:19: SPARQL syntax error"),
        ("SELECT ?x WHERE { ?x a <urn:nothing> }", "no entity"),
    ],
)
def test_bad_queries_are_one_line_errors(cli, example, tmp_path, text, message):
    rq = tmp_path / "bad.rq"
    rq.write_text(text)
    result = cli("viz", "-o", tmp_path / "x.html", "--project", example.root, "--query-file", rq)
    assert result.code == 2 and message in result.err
    assert result.err.startswith("error: ") and "Traceback" not in result.err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "Japn"], "did you mean: Japan"),
        (["--path", "DOE", "DOE"], "two different"),
        (["--path", "North Korea", "NASA", "--max-length", "1"], "no path"),
        (["--class", "Agncy"], "did you mean Agency"),
        (["--query", "partners-of"], "no saved query 'partners-of'"),
        (["--param", "a=b"], "--param goes with --query"),
        (["--focus", "NVIDIA", "--class", "Nation"], "not in the graph"),
    ],
)
def test_bad_arguments_are_one_line_errors(cli, example, tmp_path, args, message):
    result = cli("viz", "-o", tmp_path / "x.html", "--project", example.root, *args)
    assert result.code == 2, result.out
    assert message in result.err and result.err.count("\n") == 1


def test_inferred_edges_only_with_the_flag(cli, built_tiny_project, tmp_path):
    proj = built_tiny_project  # a default build of tiny (HermiT included), a private copy
    with open_store(proj.store, read_only=False) as store:  # what a reasoner would add
        store.add(ox.Quad(ox.NamedNode(str(AKID["lisbon-quantum-labs"])),
                          ox.NamedNode(str(AK["country"])),
                          ox.NamedNode(str(AKID["portugal"])),
                          ox.NamedNode(str(INFERRED_GRAPH))))  # fmt: skip
    plain, with_inferred = tmp_path / "a.html", tmp_path / "b.html"
    assert cli("viz", "-o", plain, "--project", proj.root).code == 0
    assert cli("viz", "-o", with_inferred, "--project", proj.root, "--inferred").code == 0
    assert not any(e["inferred"] for e in _page_data(plain)["edges"])
    inferred = [e for e in _page_data(with_inferred)["edges"] if e["inferred"]]
    drawn = [(e["property"], e["dashes"], e["evidence"]) for e in inferred]
    assert ("country", [8, 6], []) in drawn
    assert all(dashes == [8, 6] and evidence == [] for _, dashes, evidence in drawn)
    with open_store(proj.store) as store:
        both = project(store, ProjectionOptions(inferred=True)).number_of_edges()
        assert both == len(_page_data(with_inferred)["edges"])
        assert project(store).number_of_edges() + len(inferred) == both


def test_saved_query_with_a_bound_parameter_draws_its_rows(cli, example, tmp_path):
    out = tmp_path / "q.html"
    result = cli(
        "viz", "-o", out, "--project", example.root,
        "--query", "linking-organisations", "--param", "to=RIKEN",
    )  # fmt: skip
    assert result.code == 0, result.err
    labels = {n["label"] for n in _page_data(out)["nodes"]}
    with open_store(example.store) as store:
        rows = run_saved(
            store, find_saved(example.queries, "linking-organisations"), {"to": "RIKEN"}
        )
        expected = {v for row in rows.rows for v in row.values() if str(v).startswith(str(AKID))}
    assert {n["iri"] for n in _page_data(out)["nodes"]} == expected
    assert {"U.S. Department of Energy", "RIKEN", "Fujitsu"} <= labels


def test_a_view_larger_than_the_cap_asks_for_a_filter(cli, example: Project, tmp_path):
    from alliance_kg.errors import PageTooLargeError

    out = tmp_path / "capped.html"
    result = cli("viz", "-o", out, "--project", example.root, "--max-nodes", "50")
    assert result.code != 0 and not out.exists()
    assert "84 nodes, more than the page cap of 50" in result.err and "--nation" in result.err
    assert "Traceback" not in result.err
    narrowed = cli("viz", "-o", out, "--project", example.root, "--max-nodes", "50",
                   "--focus", "RIKEN")  # fmt: skip
    assert narrowed.code == 0, narrowed.err
    assert cli("viz", "-o", out, "--project", example.root, "--max-nodes", "0").code == 0
    with open_store(example.store) as s, pytest.raises(PageTooLargeError):
        build_view(s, ViewSpec(max_nodes=10))
