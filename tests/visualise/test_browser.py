"""The pages in a real headless Chromium: offline, complete, safe, and doing what they say."""

from __future__ import annotations

import json
import random
import re
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from alliance_kg.analyse import project
from alliance_kg.ontology import load_vocabulary
from alliance_kg.project import Project
from alliance_kg.store import open_store
from alliance_kg.visualise import ViewSpec, VizOptions, build_view, write_html

from ..conftest import ROOT
from .conftest import XSS_ALIAS, XSS_LABEL, XSS_QUOTE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_page(example: Project, example_graph, tmp_path_factory) -> Path:
    return write_html(
        example_graph,
        tmp_path_factory.mktemp("pages") / "alliance.html",
        sizes=nx.degree_centrality(example_graph),
    )


@pytest.fixture(scope="module")
def hostile_page(hostile: Project, tmp_path_factory) -> Path:
    with open_store(hostile.store) as store:
        graph = project(store)
    out = tmp_path_factory.mktemp("pages") / "hostile.html"
    return write_html(graph, out, options=VizOptions(title=XSS_LABEL))


@pytest.mark.parametrize("which", ["example_page", "hostile_page"])
def test_page_loads_offline_with_no_console_error(open_page, request, which):
    page_file = request.getfixturevalue(which)
    opened = open_page(page_file, enforce_csp=True)  # vis-network runs under the page's CSP
    assert opened.errors == []
    assert opened.requests == [page_file.resolve().as_uri()]  # the file itself, nothing else
    assert opened.page.locator("#akg-loading").is_hidden()
    classes = json.loads(
        re.search(r'type="application/json">(.*?)</script>', page_file.read_text()).group(1)
    )["classes"]
    assert opened.page.locator("#akg-classes input[type=checkbox]").count() == len(classes)


def test_page_data_holds_every_node_and_edge(open_page, example_page, example_graph):
    opened = open_page(example_page)
    counts = opened.js(
        "() => [allianceKG.nodes.length, allianceKG.edges.length,"
        " allianceKG.nodeView.length, allianceKG.edgeView.length]"
    )
    n, e = example_graph.number_of_nodes(), example_graph.number_of_edges()
    assert counts == [n, e, n, e]
    drawn = opened.js("() => Object.keys(allianceKG.network.body.nodes).length")
    assert drawn >= n  # vis adds hidden support nodes for smooth edges
    assert set(opened.js("() => allianceKG.nodes.map(n => n.iri)")) == set(example_graph)
    assert opened.page.locator("#akg-counts").text_content() == (
        f"{n} of {n} nodes · {e} of {e} edges"
    )


def _hover(opened, label: str) -> None:
    """Centre the node with this label and put the mouse on it."""
    x, y = opened.js(
        """label => {
          const n = allianceKG.nodes.get({filter: n => n.label === label})[0];
          const net = allianceKG.network, p = net.getPositions([n.id])[n.id];
          net.moveTo({position: p, scale: 1.2, animation: false});
          const d = net.canvasToDOM(p);
          const box = document.getElementById("akg-graph").getBoundingClientRect();
          return [box.left + d.x, box.top + d.y];
        }""",
        label,
    )
    opened.page.mouse.move(x - 40, y - 40)
    opened.page.mouse.move(x, y, steps=4)


def test_malicious_label_and_evidence_render_as_text(open_page, hostile_page):
    opened = open_page(hostile_page)  # CSP bypassed: the escaping itself must hold
    page = opened.page
    _hover(opened, XSS_LABEL)
    tip = page.locator("#akg-tooltip")
    tip.wait_for(state="visible")
    assert tip.locator(".akg-head").text_content() == XSS_LABEL
    assert XSS_ALIAS in tip.text_content()
    assert page.evaluate("() => typeof window.__xss") == "undefined"

    _hover(opened, XSS_LABEL)  # and click it: the node's panel opens
    box = page.locator("#akg-graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    info = page.locator("#akg-info")
    info.wait_for(state="visible")
    assert info.locator(".akg-head").text_content() == XSS_LABEL
    edge_id = page.evaluate(
        "q => allianceKG.edges.get({filter: e => allianceKG.evidence(e).some(v => v.quote === q)})"
        "[0].id",
        XSS_QUOTE,
    )
    page.evaluate("id => allianceKG.openInfo('edge', id)", edge_id)
    assert info.locator(".akg-evidence mark").text_content() == XSS_QUOTE

    page.fill("#akg-search-input", XSS_ALIAS)
    page.press("#akg-search-input", "Enter")
    assert page.locator("#akg-search-status").text_content() == f"found: {XSS_LABEL}"
    assert info.locator(".akg-head").text_content() == XSS_LABEL

    assert page.evaluate("() => typeof window.__xss") == "undefined"
    tags = page.evaluate(
        "() => [...document.querySelectorAll('#akg-panel *, #akg-info *, #akg-tooltip *')]"
        ".map(e => e.tagName.toLowerCase())"
    )
    assert not {"img", "script", "b", "iframe"} & set(tags)
    assert page.title() == XSS_LABEL and page.locator("h1").text_content() == XSS_LABEL
    assert opened.errors == []


def test_path_view_marks_exactly_the_paths_nodes(open_page, example, tmp_path):
    with open_store(example.store) as store:
        view = build_view(store, ViewSpec(path=("DOE", "NVIDIA")))
    out = write_html(view.graph, tmp_path / "path.html", highlight_paths=view.paths,
                     sizes=view.sizes)  # fmt: skip
    opened = open_page(out)
    marked = opened.js("() => allianceKG.nodes.get({filter: n => n.onPath}).map(n => n.iri)")
    assert set(marked) == {n for p in view.paths for n in p}
    # what vis draws: thick borders on exactly those nodes, dimmed fill on every other
    drawn = opened.js(
        """() => allianceKG.nodes.map(n => [n.iri,
              allianceKG.network.body.nodes[n.id].options.borderWidth,
              allianceKG.network.body.nodes[n.id].options.color.background])"""
    )
    assert {iri for iri, width, _ in drawn if width in (4, 7)} == set(marked)
    assert {iri for iri, _, bg in drawn if bg == "#eeeeee"} == set(view.graph) - set(marked)
    pairs = {frozenset(pair) for p in view.paths for pair in pairwise(p)}
    edges = opened.js(
        "() => allianceKG.edges.get({filter: e => e.onPath})"
        ".map(e => [allianceKG.nodes.get(e.from).iri, allianceKG.nodes.get(e.to).iri])"
    )
    assert {frozenset(e) for e in edges} == pairs


def test_filters_and_search(open_page, example_page, example_graph):
    opened = open_page(example_page)
    page = opened.page
    page.uncheck("#akg-classes input[value=Topic]")
    topics = {n for n, d in example_graph.nodes(data=True) if d["core"] == "Topic"}
    left = [(s, o) for s, o in example_graph.edges() if s not in topics and o not in topics]
    got = opened.js("() => [allianceKG.nodeView.length, allianceKG.edgeView.length]")
    assert got == [example_graph.number_of_nodes() - len(topics), len(left)]
    page.uncheck("#akg-nations input[value=Japan]")
    japanese = {n for n, d in example_graph.nodes(data=True) if d["nation"] == "Japan"}
    assert opened.js("() => allianceKG.nodeView.length") == (
        example_graph.number_of_nodes() - len(topics | japanese)
    )
    # an alias finds the node; a hidden node is shown again
    page.fill("#akg-search-input", "doe")
    page.press("#akg-search-input", "Enter")
    assert page.locator("#akg-search-status").text_content() == "found: U.S. Department of Energy"
    assert opened.js("() => allianceKG.network.getSelectedNodes().length") == 1
    page.fill("#akg-search-input", "artificial intelligence")
    page.press("#akg-search-input", "Enter")
    assert page.locator("#akg-classes input[value=Topic]").is_checked()
    page.fill("#akg-search-input", "no such thing")
    page.press("#akg-search-input", "Enter")
    assert page.locator("#akg-search-status").text_content().startswith("no node is named")
    assert opened.errors == []


def _synthetic(n: int, seed: int = 5) -> nx.MultiDiGraph:
    """An alliance-shaped graph: a random tree plus extra links, all classes, three nations."""
    rng = random.Random(seed)
    vocab = load_vocabulary(ROOT / "ontology" / "alliance.ttl")
    core_classes = vocab.core_classes
    g = nx.MultiDiGraph(styles={c: vocab.style(c) for c in core_classes})  # as projected
    for i in range(n):
        core = "Nation" if i < 3 else core_classes[i % len(core_classes)]
        g.add_node(f"n{i}", label=f"entity {i}", core=core, cls=core,
                   nation=["United States", "Japan", None][i % 3], aliases=[f"e{i}"])  # fmt: skip
    for i in range(1, n):
        g.add_edge(f"n{i}", f"n{rng.randrange(i)}", key="partOf", property="partOf",
                   label="part of", evidence=[], hedged=i % 10 == 0)  # fmt: skip
    for _ in range(n // 2):
        a, b = rng.sample(range(n), 2)
        g.add_edge(f"n{a}", f"n{b}", key="collaboratesWith", property="collaboratesWith")
    return g


def test_an_empty_graph_still_opens(open_page, tmp_path):
    opened = open_page(write_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    assert opened.js("() => [allianceKG.nodes.length, allianceKG.ready]") == [0, True]
    assert opened.errors == []


def test_notebook_view_runs_in_its_sandboxed_iframe(browser, example_graph):
    pytest.importorskip("IPython")
    from alliance_kg.visualise import inline

    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/*", lambda r: (requests.append(r.request.url), r.abort()))
    try:
        page.set_content(inline(example_graph, height=500).data)  # as Jupyter would show it
        frame = page.frame_locator("iframe")
        frame.locator("body[data-ready]").wait_for(state="attached", timeout=60_000)
        n, e = example_graph.number_of_nodes(), example_graph.number_of_edges()
        assert frame.locator("#akg-counts").text_content() == f"{n} of {n} nodes · {e} of {e} edges"
        assert errors == [] and requests == []
    finally:
        page.close()


# --- the page settles, reads and fits ----------------------------------------------------------


def _positions(opened) -> dict[str, tuple[float, float]]:
    return {
        k: (v["x"], v["y"]) for k, v in opened.js("() => allianceKG.network.getPositions()").items()
    }


def _assert_settled(opened) -> None:
    """Physics is off and no node moves over a second after the page said it was ready."""
    assert opened.js("() => allianceKG.network.physics.options.enabled") is False
    before = _positions(opened)
    opened.page.wait_for_timeout(1000)
    after = _positions(opened)
    assert before.keys() == after.keys()
    moved = max(abs(a - b) for k in before for a, b in zip(before[k], after[k], strict=True))
    assert moved < 0.01


def test_the_example_layout_settles_and_stays_put(open_page, example_page):
    _assert_settled(open_page(example_page, ready_within=30))


def test_a_5000_node_layout_settles_and_stays_put(open_page, tmp_path):
    graph = _synthetic(5000)
    out = write_html(graph, tmp_path / "big.html", sizes=nx.degree_centrality(graph))
    opened = open_page(out, ready_within=60)
    got = opened.js(
        "() => [allianceKG.nodes.length, allianceKG.edges.length, allianceKG.data.large]"
    )
    assert got == [5000, graph.number_of_edges(), True]  # laid out in Python
    _assert_settled(opened)
    assert opened.errors == []
    boxes = opened.js("() => allianceKG.labels")
    assert 0 < len(boxes) <= 500 and not _overlaps(boxes)


def test_a_large_page_names_only_the_hubs_while_dragged(open_page, tmp_path):
    graph = _synthetic(1500)
    out = write_html(graph, tmp_path / "large.html", sizes=nx.degree_centrality(graph))
    opened = open_page(out, ready_within=60)
    hubs = {d["label"] for _, d in graph.nodes(data=True) if d["core"] == "Nation"}
    page = opened.page
    page.mouse.move(900, 450)
    page.mouse.down()
    for i in range(5):
        page.mouse.move(900 + 20 * i, 450 + 10 * i)
    named = {b["text"] for b in opened.js("() => allianceKG.labels")}
    picked = set(opened.js(
        "() => allianceKG.network.getSelectedNodes().map(i => allianceKG.data.nodes[i].label)"
    ))  # fmt: skip
    page.mouse.up()
    assert named and named <= hubs | picked  # while moving: the nations (and a dragged node)
    page.wait_for_function(
        "hubs => allianceKG.labels.some(b => !hubs.includes(b.text))",
        arg=sorted(hubs | picked),
        timeout=30_000,
    )  # still again: the others come back
    assert opened.errors == []


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]


def test_labels_do_not_overlap_at_the_fitted_zoom_and_hubs_are_named(open_page, example_page):
    opened = open_page(example_page)
    # each drawn label: its box, the node's place on screen and radius, the text's own width
    labels = opened.js(
        """() => {
          const net = allianceKG.network, scale = net.getScale();
          const ctx = document.createElement("canvas").getContext("2d");
          ctx.font = '13px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
          return allianceKG.labels.filter(b => typeof b.id === 'number').map(b => {
            const n = allianceKG.nodes.get(b.id), p = net.getPositions([b.id])[b.id];
            const d = net.canvasToDOM(p);
            return {...b, label: n.label, anchor: n.anchor, nx: d.x, ny: d.y,
                    r: net.body.nodes[b.id].options.size * scale,
                    textWidth: ctx.measureText(b.text).width};
          });
        }"""
    )
    assert len(labels) >= 30  # most of the 84 nodes are named at the first view
    assert _overlaps(labels) == []
    for b in labels:
        assert b["y1"] - b["y0"] >= 13 and b["x1"] - b["x0"] >= b["textWidth"]  # readable size
        # the box touches its node: beside, above or below it
        gap_x = max(b["x0"] - b["nx"], b["nx"] - b["x1"], 0)
        gap_y = max(b["y0"] - b["ny"], b["ny"] - b["y1"], 0)
        assert max(gap_x, gap_y) <= b["r"] + 8, b
        assert b["label"].startswith(b["text"].rstrip("…"))
    named = {b["label"] for b in labels if b["anchor"]}
    assert named == {"Japan", "United States", "North Korea"}
    # zooming in makes room for more names
    opened.js("() => { allianceKG.network.moveTo({scale: allianceKG.network.getScale() * 2.5}); }")
    opened.page.wait_for_timeout(200)
    zoomed = opened.js("() => allianceKG.labels")
    assert _overlaps(zoomed) == []


def _inside_canvas(opened, ids: list[int] | None = None) -> list[bool]:
    return opened.js(
        """ids => {
          const net = allianceKG.network, c = document.querySelector("#akg-graph canvas");
          const pos = net.getPositions(ids || undefined);
          return Object.values(pos).map(p => {
            const d = net.canvasToDOM(p);
            return d.x >= 0 && d.y >= 0 && d.x <= c.clientWidth && d.y <= c.clientHeight;
          });
        }""",
        ids,
    )


def test_the_info_panel_sits_beside_the_graph(open_page, example_page):
    opened = open_page(example_page)
    page = opened.page
    page.evaluate("() => allianceKG.openInfo('node', 0)")
    page.locator("#akg-info").wait_for(state="visible")
    canvas = page.locator("#akg-graph canvas").bounding_box()
    for part in ("#akg-panel", "#akg-info"):
        box = page.locator(part).bounding_box()
        assert box["x"] + box["width"] <= canvas["x"] + 0.5  # left of the canvas, never over it
    assert canvas["x"] + canvas["width"] >= 1399 and canvas["height"] >= 899
    assert all(_inside_canvas(opened))  # the overview is fitted: every node on screen


def test_a_focus_page_fits_its_neighbourhood(open_page, example, tmp_path):
    with open_store(example.store) as store:
        view = build_view(store, ViewSpec(focus="Japan", depth=1))
    out = write_html(view.graph, tmp_path / "japan.html", sizes=view.sizes,
                     options=VizOptions(focus=view.focus))  # fmt: skip
    opened = open_page(out)
    assert all(_inside_canvas(opened))
    japan = opened.js("iri => allianceKG.nodes.get({filter: n => n.iri === iri})[0]", view.focus)
    assert japan["focus"] and japan["label"] in {
        b["text"] for b in opened.js("() => allianceKG.labels")
    }


@pytest.fixture(scope="module")
def doe_nvidia(example: Project):
    with open_store(example.store) as store:
        return build_view(store, ViewSpec(path=("DOE", "NVIDIA")))


def test_a_path_page_marks_its_ends_and_lists_its_paths(open_page, doe_nvidia, tmp_path):
    view = doe_nvidia
    out = write_html(view.graph, tmp_path / "path.html", highlight_paths=view.paths,
                     sizes=view.sizes)  # fmt: skip
    opened = open_page(out)
    page = opened.page
    first = view.paths[0]
    ends = opened.js(
        """() => allianceKG.nodes.get().filter(n => {
             const o = allianceKG.network.body.nodes[n.id].options;
             return o.borderWidth === 7 && o.color.border === allianceKG.data.edgeStyles.end;
           }).map(n => n.iri)"""
    )
    assert set(ends) == {first[0], first[-1]}
    assert page.locator("#akg-path-ends").text_content() == (
        "ends: U.S. Department of Energy and NVIDIA"
    )
    # the shortest path is drawn boldest
    widths = opened.js(
        "() => allianceKG.edges.get({filter: e => e.onPath})"
        ".map(e => [allianceKG.nodes.get(e.from).iri, allianceKG.nodes.get(e.to).iri,"
        " allianceKG.network.body.edges[e.id].options.width])"
    )
    shortest = {frozenset(pair) for pair in pairwise(first)}
    assert {w for a, b, w in widths if frozenset((a, b)) in shortest} == {6}
    assert max(w for a, b, w in widths if frozenset((a, b)) not in shortest) < 6
    # the list: one item per path, each hop with its relation and sentence, caveats said
    items = page.locator("#akg-path-list > li")
    assert items.count() == len(view.paths)
    text = " ".join(items.nth(0).text_content().split())
    assert "1. 2 hops · shortest" in text
    assert "U.S. Department of Energy —collaborates with→ Argonne National Laboratory" in text
    assert "Further collaboration will occur" in text and "chars 2466–2618" in text
    assert "the quote does not name U.S. Department of Energy" in text
    assert items.nth(0).locator(".akg-evidence mark").count() == 1
    # the path view is fitted to the paths
    path_ids = opened.js("() => allianceKG.data.paths.flatMap(p => p.nodes)")
    assert all(_inside_canvas(opened, path_ids))
    # a click highlights that path alone; a second click shows them all again
    items.nth(1).click()
    lit = opened.js(
        "() => allianceKG.nodes.get({filter: n =>"
        " allianceKG.network.body.nodes[n.id].options.color.background !== '#eeeeee'})"
        ".map(n => n.iri)"
    )
    assert set(lit) == set(view.paths[1])
    assert "akg-selected" in items.nth(1).get_attribute("class")
    assert all(
        _inside_canvas(opened, [int(i) for i in opened.js("() => allianceKG.data.paths[1].nodes")])
    )
    items.nth(1).click()
    lit = opened.js(
        "() => allianceKG.nodes.get({filter: n =>"
        " allianceKG.network.body.nodes[n.id].options.color.background !== '#eeeeee'})"
        ".map(n => n.iri)"
    )
    assert set(lit) == {n for p in view.paths for n in p}
    assert opened.errors == []


def test_a_hostile_path_list_renders_as_text(open_page, hostile: Project, tmp_path):
    with open_store(hostile.store) as store:
        graph = project(store)
    bad = next(n for n, d in graph.nodes(data=True) if d["label"] == XSS_LABEL)
    other = next(iter(set(graph.successors(bad)) | set(graph.predecessors(bad))))
    out = write_html(graph, tmp_path / "hostile-path.html", highlight_paths=[[bad, other]])
    opened = open_page(out)
    box = opened.page.locator("#akg-path-list")
    assert XSS_LABEL in box.text_content() and XSS_QUOTE in box.text_content()
    tags = opened.js("() => [...document.querySelectorAll('#akg-paths *')].map(e => e.tagName)")
    assert not {"IMG", "SCRIPT", "B"} & set(tags)
    assert opened.js("() => typeof window.__xss") == "undefined" and opened.errors == []
