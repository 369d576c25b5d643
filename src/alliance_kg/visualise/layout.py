"""Node positions computed in Python, for pages too big for in-browser physics (see `VizOptions`).

`radial_layout` is linear in nodes and edges: every connected component becomes a breadth-first
tree drawn as rings around its best-linked node, and the components are packed in rows.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator
from typing import NamedTuple

import networkx as nx

Position = tuple[float, float]


class _Tree(NamedTuple):
    """A component's breadth-first spanning tree: visiting order, parents and depths."""

    order: list[Hashable]
    parent: dict[Hashable, Hashable | None]
    depth: dict[Hashable, int]


def radial_layout(graph: nx.MultiDiGraph, step: float = 160.0, gap: float = 28.0) -> dict:
    """Positions without physics, in O(N + E): each component as rings around its best-linked node.

    A node's children (breadth-first) share its angular wedge in proportion to their subtree
    sizes; each ring is wide enough for its nodes. Components are packed in rows, largest first.
    """
    adjacency = _adjacency(graph)
    components = [_rings(tree, step, gap) for tree in _spanning_trees(graph, adjacency)]
    return _pack(components)


def _adjacency(graph: nx.MultiDiGraph) -> dict[Hashable, set[Hashable]]:
    """Each node's neighbours, ignoring direction, parallel edges and self-loops."""
    adjacency: dict[Hashable, set[Hashable]] = {n: set() for n in graph}
    for s, o in graph.edges():
        if s != o:
            adjacency[s].add(o)
            adjacency[o].add(s)
    return adjacency


def _spanning_trees(
    graph: nx.MultiDiGraph, adjacency: dict[Hashable, set[Hashable]]
) -> Iterator[_Tree]:
    """One breadth-first tree per component, rooted at its best-linked node, biggest hubs first.

    Roots and each node's children are taken by degree (most first), then by name.
    """

    def by_degree(n: Hashable) -> tuple[int, str]:
        return (-len(adjacency[n]), str(n))

    seen: set[Hashable] = set()
    for start in sorted(graph, key=by_degree):
        if start in seen:
            continue
        tree = _Tree([start], {start: None}, {start: 0})
        seen.add(start)
        for node in tree.order:  # breadth-first; `order` grows while we walk it
            for nb in sorted(adjacency[node], key=by_degree):
                if nb not in seen:
                    seen.add(nb)
                    tree.parent[nb], tree.depth[nb] = node, tree.depth[node] + 1
                    tree.order.append(nb)
        yield tree


def _ring_radii(tree: _Tree, step: float, gap: float) -> dict[int, float]:
    """Each depth's radius: at least `step` beyond the last ring, and `gap` per node around."""
    rings: dict[int, int] = {}
    for node in tree.order:
        rings[tree.depth[node]] = rings.get(tree.depth[node], 0) + 1
    radius, r = {0: 0.0}, 0.0
    for d in range(1, max(rings) + 1):
        r = max(r + step, rings[d] * gap / (2 * math.pi))
        radius[d] = r
    return radius


def _rings(tree: _Tree, step: float, gap: float) -> tuple[float, dict[Hashable, Position]]:
    """A component's positions around its root (at 0, 0), and its half-width for packing.

    Each child gets a slice of its parent's wedge in proportion to its subtree's size.
    """
    order, parent, depth = tree
    weight = dict.fromkeys(order, 1)
    children: dict[Hashable, list[Hashable]] = {n: [] for n in order}
    for node in reversed(order[1:]):
        weight[parent[node]] += weight[node]
    for node in order[1:]:
        children[parent[node]].append(node)
    radius = _ring_radii(tree, step, gap)
    wedge = {order[0]: (0.0, 2 * math.pi)}
    pos: dict[Hashable, Position] = {}
    for node in order:
        lo, hi = wedge[node]
        angle = (lo + hi) / 2
        pos[node] = (
            radius[depth[node]] * math.cos(angle),
            radius[depth[node]] * math.sin(angle),
        )
        at = lo
        for child in children[node]:
            share = (hi - lo) * weight[child] / (weight[node] - 1)
            wedge[child] = (at, at + share)
            at += share
    return radius[max(radius)] + gap, pos  # the outer ring, and room to the next component


def _pack(components: list[tuple[float, dict[Hashable, Position]]]) -> dict[Hashable, Position]:
    """Components side by side in rows about as wide as the whole is tall, in the given order."""
    total = sum((2 * size) ** 2 for size, _ in components)
    width = max(math.sqrt(total), 2 * components[0][0]) if components else 0.0
    out: dict[Hashable, Position] = {}
    x = y = row = 0.0
    for size, pos in components:
        if x > 0 and x + 2 * size > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in pos.items():
            out[node] = (round(x + size + px, 1), round(y + size + py, 1))
        x, row = x + 2 * size, max(row, 2 * size)
    return out
