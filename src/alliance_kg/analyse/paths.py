"""Paths between two entities, each hop with its property, direction and evidence sentence.

Relations are followed in either direction (a path answers "how are A and B linked", not "what
does A do to B"). Paths are ranked by length, then by how much they lean on hubs: passing through
a node of degree d costs log(d), so DOE–MEXT–RIKEN–NVIDIA ranks before DOE–United States–Argonne
–NVIDIA although both have three hops (a nation is adjacent to everything of its own, a route
through it says little).
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from .base import AnalysisError, node_label, require_node, undirected

#: safety cap for ``all_paths``: stop enumerating after this many (flagged as truncated)
MAX_ENUMERATED = 100_000
_HOP = 1000.0  # weight of one hop; dominates any hub cost, so ranking is (length, hub cost)


@dataclass(frozen=True)
class Hop:
    """One step of a path: the relation between two consecutive nodes, read along the path.

    ``direction`` is ``"->"`` when the stored triple points along the path (source property
    target) and ``"<-"`` when it points back. ``also`` lists other relations between the same two
    nodes. ``quote``, ``start`` and ``end`` locate the evidence in ``document``; ``note`` is the
    annotator's reading (as `alliance-kg why` prints it) and ``unnamed`` the ends the quote does
    not name (by label or alias), so a reader knows the link was read, not quoted.
    """

    source: str
    source_label: str
    target: str
    target_label: str
    property: str
    direction: str
    sentence: str | None
    document: str | None
    hedged: bool
    inferred: bool
    also: list[str] = field(default_factory=list)
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    unnamed: list[str] = field(default_factory=list)

    @property
    def relation(self) -> str:
        """``property ->`` or ``<- property``, the way tables print it."""
        return f"{self.property} ->" if self.direction == "->" else f"<- {self.property}"


@dataclass(frozen=True)
class Path:
    """A path: its nodes, labels, hops and ranking cost (sum of log-degrees of inner nodes)."""

    nodes: list[str]
    labels: list[str]
    hops: list[Hop]
    hub_cost: float

    @property
    def length(self) -> int:
        """Number of hops."""
        return len(self.hops)

    def text(self) -> str:
        """The path on one line: ``A –[p]→ B ←[q]– C``."""
        parts = [self.labels[0]]
        for hop in self.hops:
            arrow = f" -[{hop.property}]-> " if hop.direction == "->" else f" <-[{hop.property}]- "
            parts.append(arrow + hop.target_label)
        return "".join(parts)


@dataclass(frozen=True)
class PathResult:
    """The paths found between `source` and `target`, best first."""

    source: str
    target: str
    shortest_length: int | None
    max_length: int
    paths: list[Path]
    total: int
    truncated: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for JSON."""
        return {
            "source": self.source,
            "target": self.target,
            "shortest_length": self.shortest_length,
            "max_length": self.max_length,
            "total": self.total,
            "truncated": self.truncated,
            "paths": [
                {"length": p.length, "hub_cost": round(p.hub_cost, 3), "text": p.text(),
                 "nodes": p.nodes, "labels": p.labels, "hops": [asdict(h) for h in p.hops]}
                for p in self.paths
            ],
        }  # fmt: skip


def _choose(relations: list[tuple[Any, Any, dict]]) -> tuple[Any, Any, dict]:
    """The relation a hop shows: asserted before inferred, evidenced, unhedged, then by name."""
    return min(
        relations,
        key=lambda r: (
            bool(r[2].get("inferred")),
            not r[2].get("evidence"),
            bool(r[2].get("hedged")),
            str(r[2].get("property")),
        ),
    )


def names_in(text: str, names: Iterable[str]) -> bool:
    """Whether `text` names any of `names`: a whole-word match, ignoring case."""
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)
        for name in names
        if name
    )


def _unnamed(graph: nx.Graph, quote: str | None, ends: tuple[Hashable, Hashable]) -> list[str]:
    """The labels of the ends that `quote` names neither by label nor by alias."""
    if not quote:
        return []
    return [
        node_label(graph, n)
        for n in ends
        if not names_in(quote, [node_label(graph, n), *(graph.nodes[n].get("aliases") or [])])
    ]


def _hop(graph: nx.Graph, u: nx.Graph, a: Hashable, b: Hashable) -> Hop:
    relations = u[a][b]["relations"]
    s, _o, data = _choose(relations)
    evidence = data.get("evidence") or []
    first = evidence[0] if evidence else {}
    quote = first.get("quote")
    others = sorted(
        {
            f"{d.get('property')} ->" if rs == a else f"<- {d.get('property')}"
            for rs, _ro, d in relations
            if d is not data
        }
    )
    return Hop(
        source=str(a),
        source_label=node_label(graph, a),
        target=str(b),
        target_label=node_label(graph, b),
        property=str(data.get("property")),
        direction="->" if s == a else "<-",
        sentence=first.get("sentence"),
        document=first.get("document"),
        hedged=bool(data.get("hedged")),
        inferred=bool(data.get("inferred")),
        also=others,
        quote=quote,
        start=first.get("start"),
        end=first.get("end"),
        note=first.get("note"),
        unnamed=_unnamed(graph, quote, (a, b)),
    )


def _hub_cost(u: nx.Graph, nodes: list) -> float:
    return sum(math.log(max(u.degree(n), 1)) for n in nodes[1:-1])


def path_through(graph: nx.Graph, nodes: Sequence[Hashable]) -> Path:
    """The `Path` along these nodes (each linked to the next), hops made as `find_paths` does."""
    for n in nodes:
        require_node(graph, n)
    u = undirected(graph)
    for a, b in pairwise(nodes):
        if not u.has_edge(a, b):
            la, lb = node_label(graph, a), node_label(graph, b)
            raise AnalysisError(f"{la!r} and {lb!r} are not linked")
    return _make(graph, u, list(nodes))


def _make(graph: nx.Graph, u: nx.Graph, nodes: list) -> Path:
    hops = [_hop(graph, u, a, b) for a, b in pairwise(nodes)]
    return Path(
        nodes=[str(n) for n in nodes],
        labels=[node_label(graph, n) for n in nodes],
        hops=hops,
        hub_cost=_hub_cost(u, nodes),
    )


def _sort_key(u: nx.Graph, graph: nx.Graph) -> Any:
    return lambda p: (len(p), round(_hub_cost(u, p), 9), [node_label(graph, n) for n in p])


def _ranked_lazily(u: nx.Graph, source: Hashable, target: Hashable) -> Iterator[list]:
    """Simple paths in rank order without enumerating them all (Yen's algorithm)."""
    logd = {n: math.log(max(d, 1)) for n, d in u.degree()}

    def weight(a: Hashable, b: Hashable, _data: dict) -> float:
        return _HOP + (logd[a] + logd[b]) / 2

    return nx.shortest_simple_paths(u, source, target, weight=weight)


def find_paths(
    graph: nx.Graph,
    source: Hashable,
    target: Hashable,
    *,
    max_length: int = 4,
    all_paths: bool = False,
    limit: int | None = 10,
) -> PathResult:
    """Paths from `source` to `target` over relations in either direction, best first.

    By default: the shortest paths and those one hop longer (never past `max_length`), ranked,
    at most `limit`. With ``all_paths``: every simple path up to `max_length` hops, ranked.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for s, p, o in [("a", "knows", "b"), ("c", "knows", "b"), ("c", "knows", "d")]:
    ...     _ = g.add_edge(s, o, key=p, property=p, evidence=[{"sentence": f"{s} {p} {o}."}])
    >>> result = find_paths(g, "a", "d")
    >>> result.paths[0].text()
    'a -[knows]-> b <-[knows]- c -[knows]-> d'
    >>> [h.sentence for h in result.paths[0].hops]
    ['a knows b.', 'c knows b.', 'c knows d.']
    """
    require_node(graph, source)
    require_node(graph, target)
    if source == target:
        raise AnalysisError("a path needs two different entities")
    if max_length < 1:
        raise AnalysisError("--max-length must be at least 1")
    u = undirected(graph)
    try:
        shortest = nx.shortest_path_length(u, source, target)
    except nx.NetworkXNoPath:
        shortest = None
    if shortest is None or shortest > max_length:
        return PathResult(str(source), str(target), shortest, max_length, [], 0, False)
    truncated = False
    if all_paths:
        found = list(islice(nx.all_simple_paths(u, source, target, cutoff=max_length),
                            MAX_ENUMERATED + 1))  # fmt: skip
        truncated = len(found) > MAX_ENUMERATED
        found = sorted(found[:MAX_ENUMERATED], key=_sort_key(u, graph))
    else:
        cutoff = min(max_length, shortest + 1)
        found = []
        for p in _ranked_lazily(u, source, target):
            if len(p) - 1 > cutoff:
                break
            found.append(p)
            if limit is not None and len(found) > limit:
                truncated = True
                break
        found.sort(key=_sort_key(u, graph))
    total = len(found)
    if limit is not None and len(found) > limit:
        found, truncated = found[:limit], True
    paths = [_make(graph, u, p) for p in found]
    return PathResult(str(source), str(target), shortest, max_length, paths, total, truncated)


def path_rows(result: PathResult) -> list[dict[str, Any]]:
    """One row per hop (path number, hop number, from, relation, to, hedged, evidence)."""
    rows = []
    for i, path in enumerate(result.paths, 1):
        for j, hop in enumerate(path.hops, 1):
            rows.append(
                {
                    "path": i,
                    "hop": j,
                    "from": hop.source_label,
                    "relation": hop.relation,
                    "to": hop.target_label,
                    "hedged": "yes" if hop.hedged else "",
                    "evidence": hop.sentence or ("(inferred)" if hop.inferred else ""),
                }
            )
    return rows
