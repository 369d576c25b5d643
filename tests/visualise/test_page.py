"""The page builder on the example projection and on small named graphs (no browser)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import networkx as nx
import pytest

from alliance_kg.analyse import project
from alliance_kg.errors import InputError
from alliance_kg.project import Project
from alliance_kg.store import open_store
from alliance_kg.visualise import VizOptions, inline, page_data, render_html, write_html
from alliance_kg.visualise.page import evidence_of, read_page_data

from .conftest import XSS_LABEL, XSS_QUOTE

SECOND_TRANCHE = (
    "Second tranche of Japanese investment in the United States under the U.S.-Japan Strategic "
    "Trade and Investment Agreement"
)


def _data(html_text: str) -> dict:
    return read_page_data(html_text)


def test_page_is_self_contained_and_forbids_the_network(example_graph: nx.MultiDiGraph):
    page = render_html(example_graph)
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert (
        "default-src &#x27;none&#x27;" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    )
    assert "vis-network" in page and "@version 9.1.2" in page  # pyvis' build, inlined
    assert page.count("</script>") == 3  # data, vis-network, ours: nothing else runs


def test_every_node_and_edge_is_in_the_page_data(example_graph: nx.MultiDiGraph):
    data = _data(render_html(example_graph))
    assert len(data["nodes"]) == example_graph.number_of_nodes()
    assert len(data["edges"]) == example_graph.number_of_edges()
    assert {n["iri"] for n in data["nodes"]} == set(example_graph)
    by_class = {c["name"]: c["count"] for c in data["classes"]}
    assert by_class["Nation"] == 3 and by_class["Investment"] == 5  # the build's own counts
    nations = {n["name"] for n in data["nations"]}
    assert {"Japan", "United States", "North Korea"} <= nations


def test_nations_are_anchors_and_size_follows_centrality(example_graph: nx.MultiDiGraph):
    sizes = nx.degree_centrality(example_graph)
    opts = VizOptions()
    data = page_data(example_graph, sizes=sizes, options=opts)
    nodes = {n["iri"]: n for n in data["nodes"]}
    anchors = {n["label"] for n in data["nodes"] if n["anchor"]}
    assert anchors == {"Japan", "United States", "North Korea"}
    assert all(nodes[i]["shape"] == "star" for i in nodes if nodes[i]["anchor"])
    top = max(sizes, key=sizes.get)
    bottom = min(sizes, key=sizes.get)
    boost = opts.anchor_boost if nodes[top]["anchor"] else 1
    assert nodes[top]["size"] == pytest.approx(opts.max_size * boost)
    assert nodes[bottom]["size"] < nodes[top]["size"]


def test_edges_carry_property_evidence_and_hedging(example_graph: nx.MultiDiGraph):
    data = page_data(example_graph)
    hedged = [e for e in data["edges"] if e["hedged"]]
    plain = [e for e in data["edges"] if not e["hedged"] and not e["inferred"]]
    assert hedged and all(e["dashes"] == [2, 4] for e in hedged)
    assert all(e["dashes"] is False for e in plain)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    collab = [
        e
        for e in data["edges"]
        if e["property"] == "collaboratesWith"
        and {labels[e["from"]], labels[e["to"]]} == {"Argonne National Laboratory", "NVIDIA"}
    ]
    assert collab and collab[0]["propertyLabel"] == "collaborates with"
    (first, *_) = evidence_of(data, collab[0])
    assert "Further collaboration will occur" in first["sentence"]
    assert first["document"] == "us-japan-alliance-summit"


def test_the_page_carries_each_sentence_once_and_reads_back_whole(example_graph):
    page = render_html(example_graph)
    data, carried = page_data(example_graph), _carried(page)
    assert read_page_data(page) == data  # defaults left out, evidence by index: nothing lost
    for edge, (_s, _o, d) in zip(data["edges"], example_graph.edges(data=True), strict=True):
        assert evidence_of(data, edge) == d["evidence"]  # the projection's dicts, in order
    sentences = [ev["sentence"] for *_, d in example_graph.edges(data=True) for ev in d["evidence"]]
    assert len(sentences) > len(set(sentences))  # some sentence supports several edges…
    assert sorted(set(sentences)) == sorted(t for t in carried["texts"] if t in set(sentences))
    assert len(carried["texts"]) == len(set(carried["texts"]))  # …and is in the page once
    plain = [e for e in carried["edges"] if "color" not in e]
    assert plain and all("hedged" not in e and "dashes" not in e for e in plain)


def _carried(page: str) -> dict:
    """The page's JSON as it travels (without the defaults put back)."""
    raw = re.search(r'<script id="akg-data" type="application/json">(.*?)</script>', page, re.S)
    assert raw is not None
    return json.loads(raw.group(1))


def test_html_from_documents_is_never_raw_in_the_page(hostile: Project):
    with open_store(hostile.store) as store:
        graph = project(store)
    page = render_html(graph, options=VizOptions(title="<script>window.__xss=9</script>"))
    for raw in (XSS_LABEL, XSS_QUOTE, "<b onmouseover", "<script>window.__xss"):
        assert raw not in page
    data = _data(page)  # the JSON still holds the exact text
    assert XSS_LABEL in {n["label"] for n in data["nodes"]}
    assert any(XSS_QUOTE in ev["quote"] for e in data["edges"] for ev in evidence_of(data, e))
    assert "innerHTML" not in page.split('type="application/json"')[1].split("</script>", 2)[2]


def test_path_marks_exactly_the_path_and_dims_the_rest():
    g = nx.MultiDiGraph()
    for n in "abcde":
        g.add_node(n, label=n.upper(), core="Agency", cls="Agency")
    g.add_edge("a", "b", key="partOf", property="partOf")
    g.add_edge("c", "b", key="partOf", property="partOf")  # walked against its direction
    g.add_edge("c", "d", key="produces", property="produces")
    g.add_edge("a", "e", key="produces", property="produces")
    data = page_data(g, highlight_paths=[["a", "b", "c"]])
    on = {n["iri"] for n in data["nodes"] if n["onPath"]}
    assert on == {"a", "b", "c"}
    assert [(e["from"], e["to"]) for e in data["edges"] if e["onPath"]] == [(0, 1), (2, 1)]
    dimmed = {n["iri"] for n in data["nodes"] if n["font"]["color"] != "#222222"}
    assert dimmed == {"d", "e"}
    with pytest.raises(InputError, match="not in the graph"):
        page_data(g, highlight_paths=[["a", "zz"]])


def test_inferred_edges_are_dashed():
    g = nx.MultiDiGraph()
    g.add_node("x", label="X", core="Agency")
    g.add_node("y", label="Y", core="Nation")
    g.add_edge("x", "y", key="country", property="country", inferred=True, evidence=[])
    (edge,) = page_data(g)["edges"]
    assert edge["inferred"] and edge["dashes"] == [8, 6]


def test_amounts_show_in_their_own_currency(example_graph: nx.MultiDiGraph):
    g = nx.MultiDiGraph()
    g.add_node("yen", label="Y", core="Investment", amount=Decimal(150 * 10**9), currency="JPY",
               qualifier="about", amount_usd=None)  # fmt: skip
    g.add_node("none", label="N", core="Investment", amount=None)
    assert [n["amount"] for n in page_data(g)["nodes"]] == ["about ¥150 billion", None]
    amounts = {n["label"]: n["amount"] for n in page_data(example_graph)["nodes"]}
    assert amounts[SECOND_TRANCHE] == "up to $73 billion"


def test_large_graphs_get_bounded_cheap_physics():
    g = nx.MultiDiGraph(nx.path_graph(30))
    nx.set_node_attributes(g, "Topic", "core")
    small = page_data(g, options=VizOptions(large_graph=100))
    large = page_data(g, options=VizOptions(large_graph=10, large_iterations=77))
    assert not small["large"] and large["large"]
    assert large["options"]["physics"]["stabilization"]["iterations"] == 77
    assert large["options"]["edges"]["smooth"]["enabled"] is False
    budget = page_data(g, options=VizOptions(step_budget=1500))["options"]["physics"]
    assert budget["stabilization"]["iterations"] == 50  # 1500 / 30 nodes, but at least 50
    assert large["options"]["layout"]["improvedLayout"] is False
    assert all("x" not in n for n in small["nodes"])
    default = page_data(g, options=VizOptions(large_graph=10))  # laid out here, no physics
    assert default["options"]["physics"]["enabled"] is False
    xy = [(n["x"], n["y"]) for n in default["nodes"]]
    assert len(set(xy)) == 30  # every node has its own place


def test_radial_layout_puts_the_hub_in_the_middle_and_separates_components():
    from alliance_kg.visualise.layout import radial_layout

    g = nx.MultiDiGraph(nx.star_graph(8))
    g.add_edge("p", "q")
    pos = radial_layout(g)
    assert set(pos) == set(g)
    hub = pos[0]
    ring = {round(((x - hub[0]) ** 2 + (y - hub[1]) ** 2) ** 0.5, 3) for n, (x, y) in pos.items()
            if n in range(1, 9)}  # fmt: skip
    assert len(ring) == 1  # the spokes sit on one circle around the hub
    assert min(abs(pos["p"][0] - x) + abs(pos["p"][1] - y) for x, y in (hub,)) > next(iter(ring))


def test_write_html_is_atomic_and_inline_escapes_into_srcdoc(example_graph, tmp_path):
    out = write_html(example_graph, tmp_path / "page.html")
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*tmp"))
    pytest.importorskip("IPython")
    shown = inline(example_graph, height=500)
    assert '<iframe srcdoc="&lt;!DOCTYPE html&gt;' in shown.data
    assert 'sandbox="allow-scripts"' in shown.data and "height:500px" in shown.data
    assert "<script" not in shown.data  # the whole page is an escaped attribute value


def test_paths_mark_their_ends_draw_the_first_boldest_and_are_listed_hop_by_hop():
    g = nx.MultiDiGraph()
    for n in "abcd":
        g.add_node(n, label=n.upper(), core="Agency", cls="Agency", aliases=[])
    ev = {"document": "doc", "sentence": "A works with B.", "quote": "A works with B",
          "start": 3, "end": 17, "note": None}  # fmt: skip
    g.add_edge("a", "b", key="collaboratesWith", property="collaboratesWith",
               label="collaborates with", evidence=[ev])  # fmt: skip
    g.add_edge("c", "b", key="partOf", property="partOf", label="part of", evidence=[])
    g.add_edge("a", "d", key="partOf", property="partOf", label="part of",
               evidence=[{**ev, "quote": "works", "note": "read from the heading"}])  # fmt: skip
    g.add_edge("d", "c", key="partOf", property="partOf", label="part of", evidence=[])
    data = page_data(g, highlight_paths=[["a", "b", "c"], ["a", "d", "c"]])
    nodes = {n["iri"]: n for n in data["nodes"]}
    assert {i for i, n in nodes.items() if n["end"]} == {"a", "c"}
    assert nodes["a"]["borderWidth"] == 7 and nodes["a"]["color"]["border"] == "#1565c0"
    assert nodes["b"]["borderWidth"] == 4 and not nodes["b"]["end"]
    widths = {(e["from"], e["to"]): e["width"] for e in data["edges"]}
    assert widths[(0, 1)] == widths[(2, 1)] == 6  # the first (shortest) path
    assert widths[(0, 3)] == widths[(3, 2)] < 6
    assert all(e.get("label") for e in data["edges"])  # few edges: every one is labelled
    many = page_data(g, highlight_paths=[["a", "b", "c"], ["a", "d", "c"]],
                     options=VizOptions(edge_label_limit=3))  # fmt: skip
    labelled = [(e["from"], e["to"]) for e in many["edges"] if e.get("label")]
    assert sorted(labelled) == [(0, 1), (2, 1)]  # many edges: only the shortest path is
    first, second = data["paths"]
    assert first["nodes"] == [0, 1, 2] and sorted(first["edges"]) == [0, 2]  # a→b, c→b
    hop = first["hops"][0]
    assert (hop["from"], hop["propertyLabel"], hop["direction"], hop["to"]) == (
        "A",
        "collaborates with",
        "->",
        "B",
    )
    assert (hop["document"], hop["start"], hop["end"], hop["unnamed"]) == ("doc", 3, 17, [])
    assert first["hops"][1]["direction"] == "<-" and first["hops"][1]["sentence"] is None
    caveat = second["hops"][0]
    assert caveat["unnamed"] == ["A", "D"] and caveat["note"] == "read from the heading"


def test_small_graphs_stabilise_a_bounded_number_of_steps_and_vis_draws_no_node_label(
    example_graph,
):
    data = page_data(example_graph)
    physics = data["options"]["physics"]
    assert physics["enabled"] and 50 <= physics["stabilization"]["iterations"] <= 300
    assert data["options"]["nodes"]["scaling"]["label"]["drawThreshold"] >= 10**6
    assert data["paths"] == [] and not any(n["end"] for n in data["nodes"])
    assert not any("label" in e for e in data["edges"])  # 159 edges: property on hover only
