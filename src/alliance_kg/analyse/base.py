"""Helpers the analyses share: the undirected view of a projection, node summaries, errors."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from ..errors import AnalysisError


def undirected(graph: nx.Graph, *, ties_only: bool = False) -> nx.Graph:
    """A simple undirected graph over `graph`'s nodes; parallel relations fold into one edge.
    With `ties_only`, edges marked ``about`` (a link to a subject matter) are left out.

    Each edge keeps ``relations`` (the folded ``(source, target, data)`` triples of the original
    graph) and ``weight`` (how many there were), so paths can still print what links two nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="collaboratesWith", property="collaboratesWith")
    'collaboratesWith'
    >>> g.add_edge("b", "a", key="partOf", property="partOf")
    'partOf'
    >>> u = undirected(g)
    >>> u["a"]["b"]["weight"], sorted(d["property"] for _, _, d in u["a"]["b"]["relations"])
    (2, ['collaboratesWith', 'partOf'])
    """
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    edges = graph.edges(data=True, keys=True) if graph.is_multigraph() else graph.edges(data=True)
    folded: dict[tuple[Hashable, Hashable], list] = {}  # first orientation seen → relations
    for edge in edges:
        s, o, data = edge[0], edge[1], edge[-1]
        if s == o or (ties_only and data.get("about")):
            continue
        relations = folded.get((s, o))
        if relations is None:
            relations = folded.get((o, s))
        if relations is None:
            folded[(s, o)] = [(s, o, data)]
        else:
            relations.append((s, o, data))
    # one bulk insert, in first-seen order (the order one add_edge per pair would give)
    out.add_edges_from((s, o, {"relations": r, "weight": len(r)}) for (s, o), r in folded.items())
    return out


def node_label(graph: nx.Graph, node: Hashable) -> str:
    """The node's ``label`` attribute, or the node id itself."""
    return str(graph.nodes[node].get("label", node))


def node_row(graph: nx.Graph, node: Hashable) -> dict[str, Any]:
    """The columns every analysis prints for a node: label, class, nation, IRI."""
    data = graph.nodes[node]
    return {
        "label": node_label(graph, node),
        "class": data.get("cls"),
        "nation": data.get("nation"),
        "iri": str(node),
    }


def require_node(graph: nx.Graph, node: Hashable) -> None:
    """Raise `AnalysisError` if `node` is not in the graph (e.g. a filter removed it)."""
    if node not in graph:
        raise AnalysisError(
            f"{node} is not in the projected graph (a --class, --nation or --property filter "
            "may have removed it)"
        )
