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
    distance = nx.single_source_shortest_path_length(undirected(graph), center, cutoff=depth)
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
