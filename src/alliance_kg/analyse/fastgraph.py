"""The undirected relation graph as an igraph `Graph`, for the analyses igraph runs in C.

igraph numbers vertices 0..n-1; `to_igraph` keeps networkx's node order, so vertex ``i`` is
``nodes[i]`` and results map back by position. Edge ``weight`` (how many relations an undirected
edge folds) travels as the ``weight`` edge attribute.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import igraph as ig


def to_igraph(u: nx.Graph) -> tuple[ig.Graph, list[Hashable]]:
    """`u` as an undirected igraph `Graph` (weights kept) and the node of each vertex id.

    Examples
    --------
    >>> import networkx as nx
    >>> g, nodes = to_igraph(nx.path_graph(["a", "b", "c"]))
    >>> g.vcount(), g.ecount(), nodes
    (3, 2, ['a', 'b', 'c'])
    """
    import igraph as ig

    nodes = list(u)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in u.edges()]
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    g.es["weight"] = [float(d.get("weight", 1)) for _, _, d in u.edges(data=True)]
    return g, nodes
