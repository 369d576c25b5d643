"""Who is central: degree, betweenness and PageRank over the undirected relation graph.

Betweenness is exact up to `EXACT_BETWEENNESS_MAX_NODES` nodes and estimated from `k` sampled
sources (fixed seed, so runs repeat) above it; the crossover is measured by
``benchmarks/analyses.py`` (see docs/design.md, "Analyses"). PageRank is a plain power iteration
(networkx's own needs SciPy, which the project does not otherwise install).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from .base import AnalysisError, node_row, undirected

#: exact betweenness up to this many nodes (under a second); k-sampled above
#: (benchmarks/analyses.py: exact took 0.9 s at 500 nodes, 6 s at 1,000, 24 s at 2,000)
EXACT_BETWEENNESS_MAX_NODES = 500
#: sampled sources for betweenness above that size (found 8-10 of the exact top 10 at 1-2k)...
BETWEENNESS_SAMPLES = 200
#: ...and past this size, half as many: the cost is k breadth-first searches of the whole graph
BETWEENNESS_SAMPLES_LARGE = 100
LARGE = 10_000
SEED = 42

Metric = Literal["betweenness", "degree", "pagerank"]


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


def pagerank(
    graph: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-8, max_iter: int = 200
) -> dict[Hashable, float]:
    """PageRank by power iteration on an undirected graph (edge ``weight`` respected).

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3))
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    (0, 1.0)
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
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


def betweenness(
    graph: nx.Graph,
    *,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    k: int | None = None,
    seed: int = SEED,
) -> dict[Hashable, float]:
    """Normalised betweenness: exact for small graphs, from `k` sampled sources above.

    `k` defaults to `BETWEENNESS_SAMPLES`, or `BETWEENNESS_SAMPLES_LARGE` past `LARGE` nodes.
    """
    n = graph.number_of_nodes()
    if k is None:
        k = BETWEENNESS_SAMPLES if n <= LARGE else BETWEENNESS_SAMPLES_LARGE
    if n <= exact_max_nodes or k >= n:
        return nx.betweenness_centrality(graph, normalized=True)
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)


def centrality(
    graph: nx.Graph,
    *,
    top: int = 10,
    by_class: bool = False,
    sort: Metric = "betweenness",
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    k: int | None = None,
    seed: int = SEED,
) -> list[Centrality]:
    """The `top` entities by `sort` (ties by degree, then label); with `by_class`, per core class.

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
    deg = nx.degree_centrality(u)
    btw = betweenness(u, exact_max_nodes=exact_max_nodes, k=k, seed=seed)
    pr = pagerank(u)
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
