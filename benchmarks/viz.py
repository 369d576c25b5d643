#!/usr/bin/env python3
"""How fast `viz` pages are built and opened, against baselines measured in the same run.

    .venv/bin/python benchmarks/viz.py [--nodes 5000] [--pyvis-nodes 2000] [--no-browser]
                                       [--page build/alliance.html]

1. building the page: `render_html` vs pyvis' own ``from_nx`` + ``generate_html`` on the same
   synthetic alliance-shaped graph (pyvis is O(E·(N+E)), so its baseline uses fewer nodes and
   the ratio is per node);
2. opening it: time until the page says it is ready (laid out, physics off) in headless
   Chromium, for the large graph vs a 100-node graph (the ratio shows how load time grows), and
   how far any node moves in the second after (0: the layout has settled); ``--page`` adds a
   page of your own, such as the example's ``alliance-kg viz -o build/alliance.html``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from alliance_kg.ontology import load_vocabulary
from alliance_kg.visualise import render_html, write_html

# The Chromium launcher is a test helper (tests/browser.py, not shipped in the wheel); the script
# runs as `.venv/bin/python benchmarks/viz.py`, which puts benchmarks/ on sys.path, not the root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import launch


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A random tree plus n/2 extra links; every core class; three nations."""
    rng = random.Random(seed)
    vocab = load_vocabulary(Path(__file__).resolve().parents[1] / "ontology" / "alliance.ttl")
    core_classes = vocab.core_classes
    g = nx.MultiDiGraph(styles={c: vocab.style(c) for c in core_classes})  # as projected
    for i in range(n):
        core = "Nation" if i < 3 else core_classes[i % len(core_classes)]
        g.add_node(f"n{i}", label=f"entity {i}", core=core, cls=core,
                   nation=["United States", "Japan", None][i % 3], aliases=[])  # fmt: skip
    for i in range(1, n):
        g.add_edge(f"n{i}", f"n{rng.randrange(i)}", key="partOf", property="partOf",
                   label="part of", evidence=[], hedged=False)  # fmt: skip
    for _ in range(n // 2):
        a, b = rng.sample(range(n), 2)
        g.add_edge(f"n{a}", f"n{b}", key="collaboratesWith", property="collaboratesWith")
    return g


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def pyvis_page(graph: nx.MultiDiGraph) -> str:
    from pyvis.network import Network

    net = Network()  # pyvis' default (undirected): add_edge scans every edge for duplicates
    net.from_nx(nx.Graph(graph))
    return net.generate_html()


_POSITIONS = "() => allianceKG.network.getPositions()"


def open_seconds(paths: list[Path]) -> list[tuple[float, float]]:
    """Per page: seconds until it says it is ready (laid out, physics off), and how far any node
    moved in the second after that (0 when the layout has settled)."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = launch(pw)
        for path in paths:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("body[data-ready]", state="attached", timeout=300_000)
            seconds = time.perf_counter() - start
            before = page.evaluate(_POSITIONS)
            page.wait_for_timeout(1000)
            after = page.evaluate(_POSITIONS)
            moved = max(
                (abs(before[k][c] - after[k][c]) for k in before for c in ("x", "y")), default=0.0
            )
            out.append((seconds, moved))
            page.close()
        browser.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--pyvis-nodes", type=int, default=2000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--page", type=Path, help="also time this page (e.g. `viz` output)")
    args = parser.parse_args()

    big, base = synthetic(args.nodes), synthetic(args.pyvis_nodes)
    ours_big = timed(lambda: render_html(big, sizes=nx.degree_centrality(big)))
    ours_base = timed(lambda: render_html(base))
    theirs = timed(lambda: pyvis_page(base))
    print(f"build {args.pyvis_nodes} nodes: ours {ours_base:.2f} s, pyvis from_nx {theirs:.2f} s"
          f"  → pyvis/ours = {theirs / ours_base:.0f}×")  # fmt: skip
    print(
        f"build {args.nodes} nodes: ours {ours_big:.2f} s "
        f"({ours_big / args.nodes * 1e3:.3f} ms/node vs pyvis "
        f"{theirs / args.pyvis_nodes * 1e3:.3f} ms/node at {args.pyvis_nodes})"
    )

    if args.no_browser or shutil.which("chromium") is None:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        small_page = write_html(synthetic(100), Path(tmp) / "small.html")
        big_page = write_html(big, Path(tmp) / "big.html", sizes=nx.degree_centrality(big))
        pages = [small_page, small_page, big_page]
        if args.page is not None:
            pages.append(args.page)
        _warm_up, (small_s, small_moved), (big_s, big_moved), *mine = open_seconds(pages)
    print(f"open in chromium until settled: 100 nodes {small_s:.2f} s, {args.nodes} nodes "
          f"{big_s:.2f} s  → ratio {big_s / small_s:.1f}×; moved in the next second: "
          f"{small_moved:.2f} px, {big_moved:.2f} px")  # fmt: skip
    for seconds, moved in mine:
        print(f"open in chromium until settled: {args.page} {seconds:.2f} s; "
              f"moved in the next second: {moved:.2f} px")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
