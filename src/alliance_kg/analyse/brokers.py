"""Who connects the sides: cross-national brokers and articulation points.

A *party* is an actor whose nation is known: a node whose ``party`` attribute is true, which the
projection sets for members of the ontology's party classes (``ak:partyClass``: nations,
agencies, companies, research institutes, people). An entity *brokers* a pair of its neighbours
when they are parties of different nations and not linked to each other directly: the entity is
the shortest bridge between them (Gould and Fernandez's brokerage, counted over nations). Nations
themselves are left out of the brokers by default: a nation is adjacent to all its own bodies,
so it would trivially broker between them and its partners.

Only *ties* count: an edge marked ``about`` (``concerns`` and its sub-properties, and
``commitsTo`` collapsed from it) links a thing to what it is about, not to a party of it. A
U.S.-Japan commitment to the denuclearisation of North Korea is committed by the United States
and Japan and concerns North Korea: it brokers nothing between Japan and North Korea.

An *articulation point* is a node whose removal disconnects the graph; ``cut_off`` is how many
nodes it separates from the largest remaining piece.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from itertools import combinations, islice
from typing import Any

import networkx as nx

from .base import node_label, node_row, undirected


@dataclass(frozen=True)
class Broker:
    """An entity adjacent to parties of several nations, with the pairs it alone links."""

    iri: str
    label: str
    cls: str | None
    nation: str | None
    nations: list[str]
    brokered_pairs: int
    examples: list[str] = field(default_factory=list)
    role: str = "liaison"
    rank: int = 0

    def row(self) -> dict[str, Any]:
        """Plain values for printing."""
        return {
            "rank": self.rank,
            "label": self.label,
            "class": self.cls,
            "nation": self.nation,
            "role": self.role,
            "nations": ", ".join(self.nations),
            "pairs": self.brokered_pairs,
            "e.g.": "; ".join(self.examples),
            "iri": self.iri,
        }


@dataclass(frozen=True)
class ArticulationPoint:
    """A node whose removal splits its component; `parts` are the sizes of the pieces."""

    iri: str
    label: str
    cls: str | None
    nation: str | None
    parts: list[int]
    cut_off: int
    examples: list[str] = field(default_factory=list)
    rank: int = 0

    def row(self) -> dict[str, Any]:
        """Plain values for printing."""
        return {
            "rank": self.rank,
            "label": self.label,
            "class": self.cls,
            "nation": self.nation,
            "cut_off": self.cut_off,
            "parts": " + ".join(map(str, self.parts)),
            "e.g.": "; ".join(self.examples),
            "iri": self.iri,
        }


def _nation(u: nx.Graph, v: Hashable) -> str | None:
    data = u.nodes[v]
    if not data.get("party"):
        return None
    return data.get("nation") or None


def ties(graph: nx.Graph) -> nx.Graph:
    """The undirected view of `graph` without its ``about`` edges (links to a subject matter,
    not ties between parties).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("pledge", "us", key="committedBy", property="committedBy")
    >>> _ = g.add_edge("pledge", "dprk", key="concerns", property="concerns", about=True)
    >>> sorted(ties(g).edges())
    [('pledge', 'us')]
    """
    return undirected(graph, ties_only=True)


def brokers(
    graph: nx.Graph, *, top: int | None = 10, include_nations: bool = False
) -> list[Broker]:
    """Entities ranked by how many cross-national pairs of parties only they link.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("us_org", label="US org", core="Agency", party=True, nation="US")
    >>> g.add_node("jp_org", label="JP org", core="Agency", party=True, nation="JP")
    >>> g.add_node("mou", label="MoU", core="Agreement")
    >>> g.add_edges_from([("mou", "us_org"), ("mou", "jp_org")])
    >>> [(b.label, b.nations, b.brokered_pairs) for b in brokers(g)]
    [('MoU', ['JP', 'US'], 1)]
    """
    u = ties(graph)
    nation = {v: _nation(u, v) for v in u}
    found = [
        broker
        for v in u
        if include_nations or u.nodes[v].get("core") != "Nation"
        if (broker := _broker(u, v, nation)) is not None
    ]
    found.sort(key=lambda b: (-b.brokered_pairs, -len(b.nations), b.label, b.iri))
    found = found[:top] if top is not None else found
    return [replace(b, rank=i) for i, b in enumerate(found, 1)]


def _broker(u: nx.Graph, v: Hashable, nation: dict[Hashable, str | None]) -> Broker | None:
    """`v` as a broker: the cross-national pairs of its party neighbours not linked directly."""
    parties = [w for w in u[v] if nation[w]]
    per_nation = Counter(nation[w] for w in parties)
    if len(per_nation) < 2:
        return None
    # cross-national pairs among the neighbours, less those linked directly
    cross = (len(parties) ** 2 - sum(c * c for c in per_nation.values())) // 2
    party_set = set(parties)
    linked = 0
    for a in parties:  # scan the smaller of a's neighbours and v's parties
        near = u[a]
        if len(near) < len(party_set):
            linked += sum(1 for b in near if b in party_set and nation[b] != nation[a])
        else:
            linked += sum(1 for b in party_set if nation[b] != nation[a] and b in near)
    count = cross - linked // 2
    if count <= 0:
        return None
    by_label = sorted(parties, key=lambda w: (node_label(u, w), str(w)))
    pairs = islice(
        (
            (a, b)
            for a, b in combinations(by_label, 2)
            if nation[a] != nation[b] and not u.has_edge(a, b)
        ),
        3,
    )
    nations = sorted(per_nation)
    own = u.nodes[v].get("nation")
    role = "representative" if own in nations else "liaison"
    examples = [f"{node_label(u, a)} – {node_label(u, b)}" for a, b in pairs]
    row = node_row(u, v)
    return Broker(row["iri"], row["label"], row["class"], own, nations, count, examples, role)


def _separations(u: nx.Graph) -> dict[Hashable, list[int]]:
    """For every articulation point, the sizes of the pieces its removal leaves (Tarjan, O(V+E))."""
    disc: dict[Hashable, int] = {}
    low: dict[Hashable, int] = {}
    size: dict[Hashable, int] = {}
    out: dict[Hashable, list[int]] = {}
    counter = 0
    for root in u:
        if root in disc:
            continue
        comp = nx.node_connected_component(u, root)
        disc[root] = low[root] = counter
        counter += 1
        size[root] = 1
        stack = [(root, None, iter(u[root]))]
        root_children: list[int] = []
        cuts: dict[Hashable, list[int]] = {}
        while stack:
            v, parent, it = stack[-1]
            child = next(it, None)
            if child is not None:
                if child == parent:
                    continue
                if child in disc:
                    low[v] = min(low[v], disc[child])
                else:
                    disc[child] = low[child] = counter
                    counter += 1
                    size[child] = 1
                    stack.append((child, v, iter(u[child])))
                continue
            stack.pop()
            if parent is None:
                continue
            low[parent] = min(low[parent], low[v])
            size[parent] += size[v]
            if parent == root:
                root_children.append(size[v])
            elif low[v] >= disc[parent]:
                cuts.setdefault(parent, []).append(size[v])
        if len(root_children) >= 2:
            out[root] = sorted(root_children, reverse=True)
        for v, pieces in cuts.items():
            rest = len(comp) - 1 - sum(pieces)
            out[v] = sorted([*pieces, rest] if rest else pieces, reverse=True)
    return out


def articulation_points(graph: nx.Graph, *, top: int | None = 10) -> list[ArticulationPoint]:
    """Nodes whose removal disconnects the graph, ranked by how many nodes they cut off.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.barbell_graph(3, 1)  # two triangles joined through node 3
    >>> [(a.iri, a.parts, a.cut_off) for a in articulation_points(g)][:1]
    [('3', [3, 3], 3)]
    """
    u = undirected(graph)
    found = []
    for v, parts in _separations(u).items():
        found.append((sum(parts) - parts[0], node_row(u, v), parts, v))
    found.sort(key=lambda f: (-f[0], f[1]["label"], f[1]["iri"]))
    found = found[:top] if top is not None else found
    return [
        ArticulationPoint(row["iri"], row["label"], row["class"], row["nation"], parts, cut_off,
                          _smallest_piece(u, v), i)
        for i, (cut_off, row, parts, v) in enumerate(found, 1)
    ]  # fmt: skip


def _smallest_piece(u: nx.Graph, v: Hashable, n: int = 3) -> list[str]:
    """Labels (first `n`) of the smallest piece that removing `v` cuts off: what would be lost."""
    seen = {v}
    pieces = []
    for start in u[v]:
        if start in seen:
            continue
        piece, todo = [start], [start]
        seen.add(start)
        while todo:
            for w in u[todo.pop()]:
                if w not in seen:
                    seen.add(w)
                    piece.append(w)
                    todo.append(w)
        pieces.append(piece)
    if len(pieces) < 2:
        return []
    smallest = min(pieces, key=lambda p: (len(p), sorted(node_label(u, w) for w in p)))
    return sorted(node_label(u, w) for w in smallest)[:n]
