"""Benchmark the analyses on synthetic alliance-shaped graphs (hubs!) at growing sizes.

    .venv/bin/python benchmarks/analyses.py                  # all three parts (~5 minutes)
    .venv/bin/python benchmarks/analyses.py --part analyses  # one part (1-3 minutes each)
    .venv/bin/python benchmarks/analyses.py --sizes 1000 5000 --quick

Prints one table per part, times in seconds and ratios to the smallest size, measured in the same
run (no absolute speed goal: machines differ):

1. every analysis at every size (centrality uses its automatic exact/sampled choice, communities
   its automatic Louvain/Leiden choice);
2. exact vs k-sampled betweenness (time and how many of the exact top 10 the sample finds), to
   place ``EXACT_BETWEENNESS_MAX_NODES``;
3. networkx Louvain vs igraph Leiden, to place ``LEIDEN_ABOVE_NODES``.

The graphs look like projections of many alliance documents: a few nations that every body of
theirs points at (``country``), preferential collaboration between organisations, agreements
signed by several parties, popular topics, investments with parts. Nodes carry the projection's
attributes (label, cls, core, nation, amount, currency, amount_usd, qualifier, aggregate).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from alliance_kg.analyse.base import undirected
from alliance_kg.analyse.brokers import articulation_points, brokers
from alliance_kg.analyse.centrality import (
    BETWEENNESS_SAMPLES,
    EXACT_BETWEENNESS_MAX_NODES,
    betweenness,
    centrality,
    pagerank,
)
from alliance_kg.analyse.communities import LEIDEN_ABOVE_NODES, communities, leiden_available
from alliance_kg.analyse.ego import ego
from alliance_kg.analyse.money import money
from alliance_kg.analyse.paths import find_paths
from alliance_kg.ontology import load_vocabulary

#: share of each core class among the nodes (the rest of the n are nations)
MIX = {
    "Agency": 0.10, "Company": 0.20, "ResearchInstitute": 0.10, "Program": 0.08,
    "Agreement": 0.10, "Investment": 0.08, "Commitment": 0.12, "Topic": 0.10,
    "Location": 0.08, "Person": 0.04,
}  # fmt: skip
ORGS = ("Agency", "Company", "ResearchInstitute")
#: which core classes are parties comes from the ontology (ak:partyClass), as in the projection
VOCAB = load_vocabulary(Path(__file__).resolve().parents[1] / "ontology" / "alliance.ttl")


def alliance_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A synthetic projection of about `n` nodes with alliance-like hubs."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    by: dict[str, list[str]] = {c: [] for c in MIX}
    n_nations = 12 + n // 2000
    nations = [f"nation{i}" for i in range(n_nations)]
    weights = [1 / (i + 1) for i in range(n_nations)]  # Zipf: two or three huge hubs
    for nat in nations:
        g.add_node(nat, label=nat, cls="Nation", core="Nation", party=True, nation=nat)
    for core, share in MIX.items():
        for i in range(int(n * share)):
            node = f"{core.lower()}{i}"
            nat = rnd.choices(nations, weights)[0]
            attrs: dict[str, Any] = {"label": node, "cls": core, "core": core, "nation": None,
                                     "party": VOCAB.is_party(core)}  # fmt: skip
            if core in ORGS or core == "Location":
                attrs["nation"] = nat
            if core == "Investment":
                value = rnd.randint(1, 500) * 10**8
                attrs.update(amount=value, currency="USD", amount_usd=float(value),
                             aggregate=False,
                             qualifier=rnd.choice([None, None, "up to", "over"]))  # fmt: skip
            g.add_node(node, **attrs)
            by[core].append(node)

    def edge(s: str, p: str, o: str) -> None:
        g.add_edge(s, o, key=p, property=p, label=p, hedged=False, inferred=False,
                   evidence=[{"document": "synthetic", "sentence": f"{s} {p} {o}."}])  # fmt: skip

    orgs = [o for c in ORGS for o in by[c]]
    rnd.shuffle(orgs)
    popular_topics = by["Topic"]
    topic_w = [1 / (i + 1) ** 0.8 for i in range(len(popular_topics))]
    pool: list[str] = []  # preferential attachment: one entry per collaboration
    for i, org in enumerate(orgs):
        edge(org, "country", g.nodes[org]["nation"])
        for _ in range(2 if i > 2 else 0):
            other = rnd.choice(pool) if pool and rnd.random() < 0.8 else rnd.choice(orgs[:i])
            if other != org:
                edge(org, "collaboratesWith", other)
                pool += [org, other]
    parties = orgs + nations
    for a in by["Agreement"]:
        for p in rnd.sample(parties, rnd.randint(2, 4)):
            edge(a, "signedBy", p)
        for t in set(rnd.choices(popular_topics, topic_w, k=2)):
            edge(a, "concerns", t)
    for p in by["Program"]:
        for o in rnd.sample(orgs, rnd.randint(2, 5)):
            edge(o, "participatesIn", p)
    for c in by["Commitment"]:
        for nat in set(rnd.choices(nations, weights, k=2)):
            edge(c, "committedBy", nat)
        edge(c, "concerns", rnd.choices(popular_topics, topic_w)[0])
    for loc in by["Location"]:
        edge(loc, "locatedIn", g.nodes[loc]["nation"])
    for person in by["Person"]:
        edge(person, "leaderOf", rnd.choice(parties))
    targets = by["Location"] + by["Company"]
    for i, inv in enumerate(by["Investment"]):
        edge(inv, "investor", rnd.choice(parties))
        for t in rnd.sample(targets, rnd.randint(1, 2)):
            edge(inv, "target", t)
        edge(inv, "concerns", rnd.choices(popular_topics, topic_w)[0])
        if i >= 10 and rnd.random() < 0.1:  # a part of an earlier, larger total
            parent = by["Investment"][rnd.randrange(i)]
            if g.nodes[parent]["amount"] and not g.nodes[inv].get("parent"):
                g.nodes[parent]["aggregate"] = True
                g.nodes[inv]["parent"] = parent
                edge(inv, "componentOf", parent)
    return g


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds `fn` took, and what it returned."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def report(title: str, sizes: list[int], rows: dict[str, dict[int, float | None]]) -> None:
    """A markdown table: seconds per size, and the ratio to the smallest size."""
    print(f"\n### {title}\n")
    head = " | ".join(f"{s:,} nodes" for s in sizes)
    print(f"| analysis | {head} | ratio {sizes[-1]:,}/{sizes[0]:,} |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name, times in rows.items():
        cells = [f"{times[s]:.2f} s" if times.get(s) is not None else "—" for s in sizes]
        first, last = times.get(sizes[0]), times.get(sizes[-1])
        ratio = f"{last / first:.0f}×" if first and last else "—"
        print(f"| {name} | {' | '.join(cells)} | {ratio} |")
    sys.stdout.flush()


def analysis_runs(g: nx.MultiDiGraph, a: str, b: str) -> dict[str, Callable[[], Any]]:
    """Every analysis as `alliance-kg analyse` runs it, on `g`, with `a` and `b` as the ends of
    the path and `a` as the centre of the ego network (also used by `python -m benchmarks`)."""
    u = undirected(g)
    return {
        "undirected view": lambda: undirected(g),
        "path (best 10)": lambda: find_paths(g, a, b),
        "centrality (auto betweenness)": lambda: centrality(g, top=10),
        "pagerank": lambda: pagerank(u),
        "brokers": lambda: brokers(g),
        "articulation points": lambda: articulation_points(g),
        "communities (auto)": lambda: communities(g),
        "ego depth 2": lambda: ego(g, a, 2),
        "money": lambda: money(g),
    }


def bench_analyses(sizes: list[int]) -> None:
    """Part 1: every analysis through its public function, as `alliance-kg analyse` runs it."""
    rows: dict[str, dict[int, float | None]] = {}
    for n in sizes:
        g = alliance_graph(n)
        u = undirected(g)
        print(f"graph {n:,}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges, "
              f"largest degree {max(d for _, d in u.degree()):,}", file=sys.stderr)  # fmt: skip
        for name, fn in analysis_runs(g, "company3", "researchinstitute5").items():
            rows.setdefault(name, {})[n] = timed(fn)[0]
    report("Analyses (seconds)", sizes, rows)


def bench_betweenness(sizes: list[int], budget: float) -> None:
    """Part 2: exact vs k-sampled betweenness; exact is skipped once it passes `budget` seconds."""
    sampled_row = f"k={BETWEENNESS_SAMPLES}, igraph"
    rows: dict[str, dict[int, float | None]] = {
        "exact, igraph": {}, "exact, networkx": {}, sampled_row: {},
    }  # fmt: skip
    found: dict[int, str] = {}
    over = over_nx = False
    for n in sizes:
        u = undirected(alliance_graph(n))
        k = min(BETWEENNESS_SAMPLES, len(u) - 1)
        ts, sampled = timed(lambda u=u, k=k: betweenness(u, exact_max_nodes=0, k=k))
        rows[sampled_row][n] = ts
        rows["exact, networkx"][n] = None
        if not over_nx:
            tn, _ = timed(lambda u=u: nx.betweenness_centrality(u))
            rows["exact, networkx"][n] = tn
            over_nx = tn > budget
        if over:
            rows["exact, igraph"][n] = None
            continue
        te, exact = timed(lambda u=u: betweenness(u, exact_max_nodes=len(u)))
        rows["exact, igraph"][n] = te
        over = te > budget
        top = sorted(exact, key=exact.get, reverse=True)[:10]
        guess = set(sorted(sampled, key=sampled.get, reverse=True)[:10])
        found[n] = f"{len(guess & set(top))}/10"
    report("Betweenness: exact vs sampled (seconds)", sizes, rows)
    print("\nexact top 10 found by the sample: "
          + ", ".join(f"{n:,}: {f}" for n, f in found.items()))  # fmt: skip
    print(f"(EXACT_BETWEENNESS_MAX_NODES = {EXACT_BETWEENNESS_MAX_NODES})")


def bench_backends(sizes: list[int]) -> dict[str, dict[int, float | None]]:
    """Part 4: centrality (betweenness + PageRank, the automatic exact/sampled choice) through
    igraph against the same through plain networkx (and the pure-Python PageRank it needs
    without SciPy), on the same undirected graph; also exact betweenness alone, where it fits."""
    rows: dict[str, dict[int, float | None]] = {}
    ratios: list[str] = []
    for n in sizes:
        g = alliance_graph(n)
        u = undirected(g)
        ti, fast = timed(lambda g=g: centrality(g, top=10))
        tn, slow = timed(lambda g=g: centrality(g, top=10, backend="networkx"))
        assert [c.iri for c in fast] == [c.iri for c in slow], "the backends disagree"
        rows.setdefault("centrality, igraph", {})[n] = ti
        rows.setdefault("centrality, networkx", {})[n] = tn
        tb, _ = timed(lambda u=u: betweenness(u))
        tbn, _ = timed(lambda u=u: betweenness(u, backend="networkx"))
        rows.setdefault("betweenness (auto), igraph", {})[n] = tb
        rows.setdefault("betweenness (auto), networkx", {})[n] = tbn
        tp, _ = timed(lambda u=u: pagerank(u))
        tpn, _ = timed(lambda u=u: pagerank(u, backend="networkx"))
        rows.setdefault("pagerank, igraph", {})[n] = tp
        rows.setdefault("pagerank, networkx (power iteration)", {})[n] = tpn
        ratios.append(f"{n:,}: centrality {tn / ti:.0f}×, betweenness {tbn / tb:.0f}×, "
                      f"pagerank {tpn / tp:.0f}×")  # fmt: skip
        print(f"{n:,} nodes: centrality igraph {ti:.2f} s, networkx {tn:.2f} s; betweenness "
              f"{tb:.2f} / {tbn:.2f} s; pagerank {tp:.2f} / {tpn:.2f} s",
              file=sys.stderr)  # fmt: skip
    report("Centrality: igraph vs networkx (seconds)", sizes, rows)
    print("\nnetworkx / igraph: " + "; ".join(ratios))
    return rows


#: how the projection read relations before (one scan of every quad, string filters)
WHOLE_SCAN = """
SELECT ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?s), STR(akid:)))
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), STR(akid:)))
}"""


def bench_projection(copies: int, folder: Path | None = None) -> dict[str, float]:
    """Part 5: `project` over a built store of `copies` renamed copies of the example
    (benchmarks/build.py; 30 copies ≈ 80k triples), with its reads timed one by one. An existing
    project `folder` is reused (building 30 copies takes minutes)."""
    import tempfile

    from alliance_kg.analyse import projection as P
    from alliance_kg.build import build
    from alliance_kg.ontology import Vocabulary
    from alliance_kg.project import Project
    from alliance_kg.store import open_store

    try:
        from benchmarks.build import make_project
    except ImportError:  # run as a script: benchmarks/ itself is on sys.path
        from build import make_project  # type: ignore[no-redef]

    with tempfile.TemporaryDirectory() as tmp:
        if folder is None or not (folder / "graph" / "store").exists():
            folder = folder or Path(tmp) / "project"
            tb, report = timed(lambda: build(make_project(folder, copies), reason=False))
            print(f"built {copies} copies: {report.triples:,} triples in {tb:.1f} s",
                  file=sys.stderr)  # fmt: skip
        out: dict[str, float] = {}
        with open_store(Project(folder).store) as store:
            vocab = Vocabulary.from_store(store)
            props = sorted(vocab.object_properties - vocab.provenance_properties)
            out["node attributes"] = timed(lambda: P._read_nodes(store, vocab, P._Facts()))[0]
            iris = [P.ox.NamedNode(str(vocab.iri(p))) for p in props]
            out["relations (one query per property)"] = timed(
                lambda: [list(P._query(store, P._EDGES, p=iri)) for iri in iris]
            )[0]
            out["relations (one scan of every quad, before)"] = timed(
                lambda: list(P._query(store, WHOLE_SCAN))
            )[0]
            out["evidence"] = timed(lambda: list(P._query(store, P._EVIDENCE)))[0]
            t, graph = timed(lambda: P.project(store))
            out["project, whole"] = t
            lean = P.ProjectionOptions(evidence=False)
            out["project without evidence (centrality, brokers, …)"] = timed(
                lambda: P.project(store, lean)
            )[0]
    print(f"\n### Projection at {copies} copies ({graph.number_of_nodes():,} nodes, "
          f"{graph.number_of_edges():,} edges; seconds)\n")  # fmt: skip
    for name, seconds in out.items():
        print(f"| {name} | {seconds:.2f} s |")
    return out


def bench_communities(sizes: list[int]) -> None:
    """Part 3: networkx Louvain vs igraph's Leiden, both seeded."""
    if not leiden_available():
        print("\nLeiden backend not installed (pip install '.[fast]'): part 3 skipped")
        return
    rows: dict[str, dict[int, float | None]] = {"louvain (networkx)": {}, "leiden (igraph)": {}}
    quality: list[str] = []
    for n in sizes:
        g = alliance_graph(n)
        tl, lou = timed(lambda g=g: communities(g, method="louvain"))
        td, lei = timed(lambda g=g: communities(g, method="leiden"))
        rows["louvain (networkx)"][n], rows["leiden (igraph)"][n] = tl, td
        quality.append(f"{n:,}: Q {lou.modularity:.3f} vs {lei.modularity:.3f}")
    report("Communities: Louvain vs Leiden (seconds)", sizes, rows)
    print("\nmodularity (louvain vs leiden): " + "; ".join(quality))
    print(f"(LEIDEN_ABOVE_NODES = {LEIDEN_ABOVE_NODES})")


def main() -> None:
    """Run the parts asked for (all three by default) at the sizes asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 40000])
    parser.add_argument("--crossover-sizes", type=int, nargs="+",
                        default=[250, 500, 1000, 2000])  # fmt: skip
    parser.add_argument("--exact-budget", type=float, default=10.0,
                        help="stop timing exact betweenness past this many seconds")  # fmt: skip
    parser.add_argument("--part", choices=["analyses", "betweenness", "communities", "backends",
                                           "projection"],
                        action="append", help="run only this part (repeatable)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="part 1 only")
    parser.add_argument("--copies", type=int, default=30, help="part 5: copies of the example")
    parser.add_argument("--project", type=Path, help="part 5: reuse this built project")
    args = parser.parse_args()
    parts = args.part or (["analyses"] if args.quick else ["analyses", "betweenness",
                                                           "backends", "communities"])  # fmt: skip
    if "analyses" in parts:
        bench_analyses(args.sizes)
    if "betweenness" in parts:
        bench_betweenness(args.crossover_sizes, args.exact_budget)
    if "backends" in parts:
        bench_backends(args.sizes)
    if "projection" in parts:
        bench_projection(args.copies, args.project)
    if "communities" in parts:
        bench_communities(sorted({*args.crossover_sizes, *args.sizes}))


if __name__ == "__main__":
    main()
