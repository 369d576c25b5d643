"""The neighbourhood of one entity: everything within `depth` relations, in either direction."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from .base import AnalysisError, node_row, require_node, undirected


def ego(graph: nx.MultiDiGraph, center: Hashable, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph of `graph` within `depth` hops of `center` (edges followed both ways).

    It is a copy of the projection's own nodes and edges with all their attributes, plus a node
    attribute ``distance`` (hops from the centre) and graph attributes ``center`` and ``depth``,
    so the visualization can draw it like any projection.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sub = ego(g, "b", 1)
    >>> sorted(sub.nodes(data="distance"))
    [('a', 1), ('b', 0), ('c', 1)]
    """
    require_node(graph, center)
    if depth < 0:
        raise AnalysisError("--depth must be 0 or more")
    distance = {center: 0}
    frontier = [center]
    for hops in range(1, depth + 1):
        nxt = []
        for node in frontier:
            around = (
                (*graph.successors(node), *graph.predecessors(node))
                if graph.is_directed()
                else graph.neighbors(node)
            )
            for other in around:
                if other not in distance:
                    distance[other] = hops
                    nxt.append(other)
        frontier = nxt
    sub = graph.subgraph(distance).copy()
    for node, hops in distance.items():
        sub.nodes[node]["distance"] = hops
    sub.graph.update(center=center, depth=depth)
    return sub


def ego_rows(sub: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per node of an ego graph: distance, label, class, nation, degree inside it."""
    u = undirected(sub)
    rows = [
        {"distance": sub.nodes[n].get("distance"), **node_row(sub, n), "degree": u.degree(n)}
        for n in sub
    ]
    rows.sort(key=lambda r: (r["distance"], -r["degree"], r["label"]))
    return rows
