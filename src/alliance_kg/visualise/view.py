"""Store → what one page draws: the projection, cut to a focus, a query or filters, plus paths.

The page builder (`page.py`) only needs a graph, optional paths and optional sizes; this module
decides them for the CLI and notebooks, with the analyses' own functions (`find_paths`, `ego`)
and degree centrality for the sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .. import defaults
from ..analyse.ego import ego
from ..analyse.paths import find_paths
from ..analyse.projection import ProjectionOptions, project
from ..defaults import DEFAULT_TIMEOUT
from ..errors import InputError, PageTooLargeError, QueryViewError
from ..namespaces import AK, PREFIXES
from ..query import QueryResult, SavedQuery, run_query, run_saved
from ..resolve import resolve_entity
from ..store import store_location

#: the most nodes a page draws unless told otherwise (``--max-nodes``): vis-network in a
#: browser takes tens of seconds to open 5,000 nodes on a small machine, and a ball of that
#: many says little; a larger view asks for a filter instead
MAX_PAGE_NODES = defaults.MAX_PAGE_NODES


@dataclass(frozen=True)
class ViewSpec:
    """What to draw. Entity names go through `resolve_entity` (labels, aliases, IRIs)."""

    path: tuple[str, str] | None = None
    max_path_length: int = 3
    max_paths: int = 25
    focus: str | None = None
    depth: int = 1
    query: str | None = None  # SPARQL text (SELECT or CONSTRUCT)
    saved_query: SavedQuery | None = None  # a queries/*.rq file, run with `query_params`
    query_params: tuple[tuple[str, str], ...] = ()
    query_source: str | None = None  # the query's file, named in syntax errors
    query_timeout: float = DEFAULT_TIMEOUT  # seconds; the query runs in a child process
    #: what is projected: class, nation and property filters, n-ary nodes, inferred edges
    projection: ProjectionOptions = field(default_factory=ProjectionOptions)
    #: refuse to draw more nodes than this (None: no cap)
    max_nodes: int | None = MAX_PAGE_NODES


@dataclass
class View:
    """A graph ready for `render_html`, with the paths and sizes to show on it."""

    graph: nx.MultiDiGraph
    paths: list[list[str]] = field(default_factory=list)
    sizes: dict[Hashable, float] = field(default_factory=dict)
    focus: str | None = None


# --- sizes, paths and neighbourhoods come from the analyses ------------------------------------


def _sizes(graph: nx.MultiDiGraph) -> dict[Hashable, float]:
    return nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else dict.fromkeys(graph, 1.0)


def _paths(graph: nx.MultiDiGraph, a: str, b: str, cutoff: int, limit: int) -> list[list[str]]:
    """All simple paths up to `cutoff` hops, ranked as `alliance-kg analyse path` ranks them."""
    found = find_paths(graph, a, b, max_length=cutoff, all_paths=True, limit=limit)
    return [p.nodes for p in found.paths]


# --- queries -------------------------------------------------------------------------------


def query_subgraph(
    store: ox.Store,
    graph: nx.MultiDiGraph,
    query: str | QueryResult,
    source: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> nx.MultiDiGraph:
    """The part of `graph` a read-only SPARQL query (text, or a result already run) returns.

    Text goes through `alliance_kg.query.run_query`, so the same checks apply as for
    `alliance-kg query` (no updates, no SERVICE, parse errors with line and column).
    CONSTRUCT: the entities in its triples and, for each triple, the graph's edge with that
    property (an edge the projection lacks is added without evidence). SELECT: every entity
    that appears in a row, and the edges among them.
    """
    if isinstance(query, str):  # a user's text: in a child process with the time limit
        where = store_location(store) or store
        query = run_query(where, query, prefixes=PREFIXES, source=source, timeout=timeout)
    result = query
    ak = str(AK)
    if result.kind == "graph":
        triples = [
            (t.subject.value, t.predicate.value, t.object.value)
            for t in result.triples()
            if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
        ]
        keep = {x for s, _, o in triples for x in (s, o) if x in graph}
        sub = nx.MultiDiGraph(**graph.graph)
        sub.add_nodes_from((n, graph.nodes[n]) for n in graph if n in keep)
        for s, p, o in triples:
            if s not in keep or o not in keep:
                continue
            name = p[len(ak) :] if p.startswith(ak) else p
            if graph.has_edge(s, o, key=name):
                sub.add_edge(s, o, key=name, **graph.edges[s, o, name])
            elif not sub.has_edge(s, o, key=name):
                sub.add_edge(s, o, key=name, property=name, label=name, evidence=[],
                             hedged=False, inferred=False)  # fmt: skip
        return sub
    if result.kind != "select":
        raise QueryViewError(
            f"only SELECT and CONSTRUCT queries can be drawn, not {result.kind.upper()}"
        )
    keep = {
        term.value
        for row in result.solutions()
        for term in row.values()
        if isinstance(term, ox.NamedNode) and term.value in graph
    }
    return graph.subgraph(n for n in graph if n in keep).copy()


# --- the view --------------------------------------------------------------------------------


def _entity(store: ox.Store, graph: nx.MultiDiGraph, name: str, role: str) -> str:
    entity = resolve_entity(store, name)
    if entity.iri not in graph:
        raise InputError(
            f"{role} {entity.label!r} is not in the graph being drawn "
            "(check --class/--exclude-class/--nation)"
        )
    return entity.iri


def build_view(
    store: ox.Store,
    spec: ViewSpec,
    *,
    sizes: Callable[[nx.MultiDiGraph], dict[Hashable, float]] | None = None,
) -> View:
    """Project the store and cut it to `spec`: query, then focus, then paths; size by degree.

    `sizes` replaces degree centrality (any node → number mapping, e.g. betweenness).
    """
    graph = project(store, spec.projection)  # raises on a class or property it does not know
    if graph.number_of_nodes() == 0:
        raise InputError(
            "no entity matches the --class/--exclude-class/--nation filters: nothing to draw"
        )
    query: str | QueryResult | None = spec.query
    if spec.saved_query is not None:
        where = store_location(store) or store  # time-limited in a child process
        query = run_saved(
            where, spec.saved_query, dict(spec.query_params), timeout=spec.query_timeout
        )
    if query is not None:
        graph = query_subgraph(store, graph, query, spec.query_source, spec.query_timeout)
        if graph.number_of_nodes() == 0:
            raise QueryViewError("the query returned no entity of the graph: nothing to draw")
    focus = None
    if spec.focus is not None:
        if spec.depth < 0:
            raise InputError("--depth must be 0 or more")
        focus = _entity(store, graph, spec.focus, "focus")
        graph = ego(graph, focus, spec.depth)
    paths: list[list[str]] = []
    if spec.path is not None:
        a = _entity(store, graph, spec.path[0], "path start")
        b = _entity(store, graph, spec.path[1], "path end")
        if a == b:
            raise InputError("--path needs two different entities")
        paths = _paths(graph, a, b, spec.max_path_length, spec.max_paths)
        if not paths:
            la, lb = graph.nodes[a]["label"], graph.nodes[b]["label"]
            raise InputError(
                f"no path between {la!r} and {lb!r} within {spec.max_path_length} steps; "
                "try a larger --max-length"
            )
    check_page_size(graph, spec.max_nodes)
    return View(graph=graph, paths=paths, sizes=(sizes or _sizes)(graph), focus=focus)


def check_page_size(graph: nx.MultiDiGraph, max_nodes: int | None) -> None:
    """Raise `PageTooLargeError` when `graph` has more nodes than a page may draw."""
    n = graph.number_of_nodes()
    if max_nodes is None or n <= max_nodes:
        return
    raise PageTooLargeError(
        f"the view has {n:,} nodes, more than the page cap of {max_nodes:,}: narrow it with "
        "--class, --exclude-class, --nation, --focus NAME --depth N or --query, "
        "or raise the cap with --max-nodes (0 for none)"
    )


def read_query_file(path: Path) -> str:
    """The text of a SPARQL file, or an error a user can act on (`query.read_query_file`)."""
    from ..query import read_query_file as read

    return read(path)
