"""Who is central: degree, betweenness and PageRank over the undirected relation graph.

Betweenness and PageRank run in igraph (C) on the same undirected graph networkx would see, and
give networkx's numbers (``betweenness_centrality`` normalised, ``pagerank`` with uniform
dangling mass): tests/analyse/test_network.py checks both to 1e-9 on fixtures. ``backend=
"networkx"`` runs networkx's own (and our power iteration for PageRank, since networkx's needs
SciPy), for comparison. Betweenness is exact up to `EXACT_BETWEENNESS_MAX_NODES` nodes and
estimated from `k` sampled sources (fixed seed, so runs repeat) above it, with the very sources
and scaling networkx's ``k=`` uses; the crossover is measured by ``benchmarks/analyses.py`` (see
docs/design.md, "Analyses").
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from .base import AnalysisError, node_row, undirected
from .fastgraph import to_igraph

if TYPE_CHECKING:
    import igraph as ig

#: exact betweenness up to this many nodes, k-sampled above (benchmarks/analyses.py, part 2,
#: on a machine at load 11: igraph exact 0.06 s at 500 nodes, 3.1 s at 2,000, 13.5 s at 4,000,
#: where networkx took 2.2 s and 200 s; the cost grows as nodes x edges)
EXACT_BETWEENNESS_MAX_NODES = 2_000
#: sampled sources for betweenness above that size (found 8-10 of the exact top 10 at 1-2k)...
BETWEENNESS_SAMPLES = 200
#: ...and past this size, half as many: the cost is k breadth-first searches of the whole graph
BETWEENNESS_SAMPLES_LARGE = 100
LARGE = 10_000
SEED = 42

Metric = Literal["betweenness", "degree", "pagerank"]
Backend = Literal["igraph", "networkx"]


@dataclass(frozen=True)
class Centrality:
    """One entity's scores (normalised as networkx does) and its rank within the listing."""

    iri: str
    label: str
    cls: str | None
    core: str | None
    nation: str | None
    degree: int
    degree_centrality: float
    betweenness: float
    pagerank: float
    rank: int

    def row(self) -> dict[str, Any]:
        """Plain values for printing (scores rounded to 4 places)."""
        return {
            "rank": self.rank,
            "label": self.label,
            "class": self.cls,
            "core": self.core,
            "nation": self.nation,
            "degree": self.degree,
            "betweenness": round(self.betweenness, 4),
            "pagerank": round(self.pagerank, 4),
            "iri": self.iri,
        }


def _check_backend(backend: str) -> None:
    if backend not in ("igraph", "networkx"):
        raise AnalysisError(f"unknown backend {backend!r}; use igraph or networkx")


def _pagerank_python(
    graph: nx.Graph, alpha: float, tol: float, max_iter: int
) -> dict[Hashable, float]:
    """PageRank by power iteration (edge ``weight`` respected, dangling mass spread evenly)."""
    nodes = list(graph)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    links: list[list[tuple[int, float]]] = []  # i → [(j, share of i's rank that flows to j)]
    for v in nodes:
        out = [(index[w], float(d.get("weight", 1))) for w, d in graph[v].items() if w != v]
        total = sum(wt for _, wt in out)
        links.append([(j, wt / total) for j, wt in out] if total else [])
    dangling = [i for i, out in enumerate(links) if not out]
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * sum(rank[i] for i in dangling) / n
        new = [base] * n
        for i, out in enumerate(links):
            r = alpha * rank[i]
            for j, share in out:
                new[j] += r * share
        err = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if err < n * tol:
            break
    return {v: rank[i] for i, v in enumerate(nodes)}


def _pagerank_igraph(g: ig.Graph, nodes: Sequence[Hashable], alpha: float) -> dict:
    """PageRank as igraph's ARPACK eigenvector (uniform dangling mass, networkx's definition).

    Not igraph's default PRPACK: its OpenMP threads stalled 0.4-3 s a call on a busy 2-core
    machine (1 ms with ``OMP_NUM_THREADS=1``); ARPACK took 25-70 ms at 1,000 nodes either way.
    """
    scores = g.pagerank(directed=False, damping=alpha, weights="weight", implementation="arpack")
    return dict(zip(nodes, scores, strict=True))


def pagerank(
    graph: nx.Graph,
    alpha: float = 0.85,
    tol: float = 1.0e-8,
    max_iter: int = 200,
    *,
    backend: Backend = "igraph",
) -> dict[Hashable, float]:
    """PageRank on an undirected graph (edge ``weight`` respected); `tol` and `max_iter` bound
    the networkx-backend power iteration (igraph solves the system directly).

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3))
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    (0, 1.0)
    """
    _check_backend(backend)
    if graph.number_of_nodes() == 0:
        return {}
    if backend == "networkx":
        return _pagerank_python(graph, alpha, tol, max_iter)
    return _pagerank_igraph(*to_igraph(graph), alpha)


def _sources(graph: nx.Graph, n: int, exact_max_nodes: int, k: int | None, seed: int):
    """None for exact betweenness, else the sampled sources networkx's ``k=``/``seed=`` picks."""
    if k is None:
        k = BETWEENNESS_SAMPLES if n <= LARGE else BETWEENNESS_SAMPLES_LARGE
    if k < 1:
        raise AnalysisError("--samples must be at least 1")
    if n <= exact_max_nodes or k >= n:
        return None
    return random.Random(seed).sample(list(graph), k)


def _betweenness_igraph(
    g: ig.Graph, nodes: Sequence[Hashable], sources: list[Hashable] | None
) -> dict[Hashable, float]:
    """igraph's (subset) betweenness, scaled to networkx's normalised values.

    igraph counts each unordered pair once, networkx each ordered pair; networkx then divides
    by the ordered pairs that could pass through a node: (n-1)(n-2) exact; (k-1)(n-2) for a
    sampled source and k(n-2) for any other node when sampled (``_rescale``, endpoints False).
    """
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    if sources is None:
        raw = g.betweenness(directed=False)
        scale = 2.0 / ((n - 1) * (n - 2))
        return {v: b * scale for v, b in zip(nodes, raw, strict=True)}
    index = {v: i for i, v in enumerate(nodes)}
    raw = g.betweenness(directed=False, sources=[index[v] for v in sources])
    k, sampled = len(sources), set(sources)
    on_source = 2.0 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    elsewhere = 2.0 / (k * (n - 2))
    return {
        v: b * (on_source if v in sampled else elsewhere) for v, b in zip(nodes, raw, strict=True)
    }


def betweenness(
    graph: nx.Graph,
    *,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    k: int | None = None,
    seed: int = SEED,
    backend: Backend = "igraph",
) -> dict[Hashable, float]:
    """Normalised betweenness: exact for small graphs, from `k` sampled sources above.

    `k` defaults to `BETWEENNESS_SAMPLES`, or `BETWEENNESS_SAMPLES_LARGE` past `LARGE` nodes.
    Both backends give the same numbers (networkx's).
    """
    _check_backend(backend)
    n = graph.number_of_nodes()
    sources = _sources(graph, n, exact_max_nodes, k, seed)
    if backend == "networkx":
        if sources is None:
            return nx.betweenness_centrality(graph, normalized=True)
        return nx.betweenness_centrality(graph, k=len(sources), normalized=True, seed=seed)
    return _betweenness_igraph(*to_igraph(graph), sources)


def centrality(
    graph: nx.Graph,
    *,
    top: int = 10,
    by_class: bool = False,
    sort: Metric = "betweenness",
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    k: int | None = None,
    seed: int = SEED,
    backend: Backend = "igraph",
) -> list[Centrality]:
    """The `top` entities by `sort` (ties by degree, then label); with `by_class`, per core class.

    The undirected graph is handed to igraph once, for both betweenness and PageRank.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.path_graph(5)
    >>> [c.iri for c in centrality(g, top=2)]
    ['2', '1']
    """
    if top < 1:
        raise AnalysisError("--top must be at least 1")
    if sort not in ("betweenness", "degree", "pagerank"):
        raise AnalysisError(f"unknown metric {sort!r}; use betweenness, degree or pagerank")
    u = undirected(graph)
    if u.number_of_nodes() == 0:
        return []
    _check_backend(backend)
    deg = nx.degree_centrality(u)
    if backend == "networkx":
        btw = betweenness(u, exact_max_nodes=exact_max_nodes, k=k, seed=seed, backend=backend)
        pr = pagerank(u, backend=backend)
    else:
        g, nodes = to_igraph(u)
        sources = _sources(u, len(nodes), exact_max_nodes, k, seed)
        btw = _betweenness_igraph(g, nodes, sources)
        pr = _pagerank_igraph(g, nodes, 0.85)
    score = {"betweenness": btw, "degree": deg, "pagerank": pr}[sort]

    def key(v: Hashable) -> tuple:
        return (-score[v], -u.degree(v), str(u.nodes[v].get("label", v)), str(v))

    groups: dict[str | None, list[Hashable]] = {}
    for v in u:
        group = u.nodes[v].get("core") if by_class else None
        groups.setdefault(group, []).append(v)
    out: list[Centrality] = []
    for group in sorted(groups, key=lambda g: (g is None, str(g))):
        for i, v in enumerate(sorted(groups[group], key=key)[:top], 1):
            row = node_row(u, v)
            out.append(
                Centrality(
                    iri=row["iri"],
                    label=row["label"],
                    cls=row["class"],
                    core=u.nodes[v].get("core"),
                    nation=row["nation"],
                    degree=u.degree(v),
                    degree_centrality=deg[v],
                    betweenness=btw[v],
                    pagerank=pr[v],
                    rank=i,
                )
            )
    return out
