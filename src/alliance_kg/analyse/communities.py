"""Communities: groups of entities more linked to each other than to the rest.

Two backends behind one function, both seeded so runs repeat:

* ``louvain``: networkx's Louvain (pure Python, always there);
* ``leiden``: igraph's Leiden (C, ``Graph.community_leiden`` optimising modularity), used when
  igraph is installed (the ``fast`` extra). It was 15x faster than the ``leidenalg`` package
  on the same 40k-node graph, with the same modularity.

``method="auto"`` uses Louvain up to `LEIDEN_ABOVE_NODES` nodes and Leiden above, where Louvain
becomes slow on alliance-shaped graphs with hubs (crossover measured by
``benchmarks/analyses.py``; see docs/design.md, "Analyses").
"""

from __future__ import annotations

import importlib.util
import random
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from .base import AnalysisError, undirected

#: with method="auto", Leiden (when installed) above this many nodes, Louvain below
#: (benchmarks/analyses.py: equal at 250 nodes; igraph Leiden 8x faster at 500, 10x at 40k)
LEIDEN_ABOVE_NODES = 500
SEED = 42

Method = Literal["auto", "louvain", "leiden"]


@dataclass(frozen=True)
class Community:
    """One community: its members (most connected first) and a readable summary."""

    id: int
    size: int
    members: list[str]
    labels: list[str]
    classes: dict[str, int]
    nations: dict[str, int]
    internal_edges: int
    summary: str = ""

    def row(self, n: int = 5) -> dict[str, Any]:
        """Plain values for printing: the `n` most connected members, class and nation mix."""
        return {
            "community": self.id,
            "size": self.size,
            "top members": "; ".join(self.labels[:n]),
            "classes": ", ".join(f"{c} {k}" for c, k in self.classes.items()),
            "nations": ", ".join(f"{c} {k}" for c, k in self.nations.items()),
            "internal edges": self.internal_edges,
        }


@dataclass(frozen=True)
class CommunityResult:
    """The communities (largest first), the backend used and the partition's modularity."""

    method: str
    modularity: float
    communities: list[Community] = field(default_factory=list)

    def membership(self) -> dict[str, int]:
        """Node IRI → community id (for colouring a visualization)."""
        return {m: c.id for c in self.communities for m in c.members}


def leiden_available() -> bool:
    """Whether the Leiden backend (python-igraph's C implementation) is installed."""
    return importlib.util.find_spec("igraph") is not None


def _louvain(u: nx.Graph, seed: int, resolution: float) -> tuple[list[set[Hashable]], float]:
    parts = nx.community.louvain_communities(u, weight="weight", resolution=resolution, seed=seed)
    modularity = nx.community.modularity(u, parts, weight="weight") if u.size() else 0.0
    return parts, modularity


def _leiden(
    nodes: list[Hashable], edges: list[tuple[Hashable, Hashable]], weights: list[int],
    seed: int, resolution: float,
) -> tuple[list[set[Hashable]], float]:  # fmt: skip
    import igraph as ig

    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in edges])
    ig.set_random_number_generator(random.Random(seed))  # igraph draws from this: seeded runs
    try:
        part = g.community_leiden(
            objective_function="modularity",
            weights=weights or None,
            resolution=resolution,
            n_iterations=2,
        )
    finally:
        ig.set_random_number_generator(random)
    modularity = g.modularity(part.membership, weights=weights) if weights else 0.0
    return [{nodes[i] for i in members} for members in part], modularity


def _fold(graph: nx.Graph) -> tuple[dict[Hashable, dict[Hashable, int]], list[tuple[Any, Any]]]:
    """`base.undirected(graph)` reduced to what Leiden and the summaries read: each node's
    neighbours with the number of relations folded into the edge, and the edges in the order
    that graph's ``edges()`` gives (so Leiden sees the same input), without building it."""
    adj: dict[Hashable, dict[Hashable, int]] = {n: {} for n in graph}
    if graph.is_directed():  # its successor dicts, in the order `edges()` walks them
        multi = graph.is_multigraph()
        for s, nbrs in graph.adj.items():
            mine = adj[s]
            for o, keyed in nbrs.items():
                if s != o:
                    count = mine.get(o, 0) + (len(keyed) if multi else 1)
                    mine[o] = count
                    adj[o][s] = count
    else:
        pairs = graph.edges(keys=True) if graph.is_multigraph() else graph.edges()
        for edge in pairs:
            s, o = edge[0], edge[1]
            if s != o:
                count = adj[s].get(o, 0) + 1
                adj[s][o] = count
                adj[o][s] = count
    seen: set[Hashable] = set()
    edges = []
    for n, nbrs in adj.items():
        edges.extend((n, nbr) for nbr in nbrs if nbr not in seen)
        seen.add(n)
    return adj, edges


def communities(
    graph: nx.Graph,
    *,
    method: Method = "auto",
    seed: int = SEED,
    resolution: float = 1.0,
    leiden_above: int = LEIDEN_ABOVE_NODES,
) -> CommunityResult:
    """Partition the undirected relation graph into communities (modularity maximisation).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.barbell_graph(5, 0)  # two 5-cliques joined by one edge
    >>> result = communities(g, method="louvain")
    >>> sorted(sorted(c.members) for c in result.communities)
    [['0', '1', '2', '3', '4'], ['5', '6', '7', '8', '9']]
    """
    if method not in ("auto", "louvain", "leiden"):
        raise AnalysisError(f"unknown method {method!r}; use auto, louvain or leiden")
    if method == "leiden" and not leiden_available():
        raise AnalysisError("the leiden method needs igraph: pip install 'alliance-kg[fast]'")
    if graph.number_of_nodes() == 0:
        return CommunityResult(method, 0.0, [])
    if method == "auto":
        big = graph.number_of_nodes() > leiden_above
        method = "leiden" if big and leiden_available() else "louvain"
    if method == "leiden":  # igraph reads plain lists: no undirected networkx graph is built
        adj, edges = _fold(graph)
        weights = [adj[a][b] for a, b in edges]
        parts, modularity = _leiden(list(adj), edges, weights, seed, resolution)
    else:
        u = undirected(graph)
        adj = {v: u.adj[v] for v in u}
        edges = list(u.edges())
        parts, modularity = _louvain(u, seed, resolution)

    data = dict(graph.nodes(data=True))  # one pass, not a view lookup per use
    label = {v: str(d.get("label", v)) for v, d in data.items()}  # as `base.node_label`

    def ordered(part: set[Hashable]) -> list[Hashable]:
        return sorted(part, key=lambda v: (-len(adj[v]), label[v], str(v)))

    parts_sorted = sorted((ordered(p) for p in parts), key=lambda p: (-len(p), label[p[0]]))
    home = {v: i for i, members in enumerate(parts_sorted, 1) for v in members}
    internal = Counter(home[a] for a, b in edges if home[a] == home[b])
    out = []
    for i, members in enumerate(parts_sorted, 1):
        classes = Counter(str(data[v].get("core") or "—") for v in members)
        nations = Counter(data[v].get("nation") for v in members if data[v].get("nation"))
        labels = [label[v] for v in members]
        summary = f"{len(members)} entities around {', '.join(labels[:3])}"
        out.append(
            Community(
                id=i,
                size=len(members),
                members=[str(v) for v in members],
                labels=labels,
                classes=dict(classes.most_common()),
                nations=dict(nations.most_common()),
                internal_edges=internal[i],
                summary=summary,
            )
        )
    return CommunityResult(method, modularity, out)
