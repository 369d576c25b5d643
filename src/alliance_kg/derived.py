"""Tables the build derives from the data for the queries: nations, hierarchies, the union.

All are indexes, not data: computed from the named graphs after the inference rules, never
exported, pushed or read by SHACL and the reasoner (`drop_derived` takes them out before those
run), rewritten whole by every build (docs/design.md, "Derived tables").

* the **nations table** (`alliance_kg.nations`): "the nation of X", one rule computed once, in
  the named graph ``…/graph/nations``;
* the **hierarchy table** (`alliance_kg.hierarchy`): ``rdfs:subClassOf`` and ``ak:componentOf``
  at any depth, in ``…/graph/hierarchy``, so that no saved query needs a property path where
  engines disagree;
* the **partners table** (`alliance_kg.partners`): ``ak:collaboratesWith`` both ways, each pair
  once, in ``…/graph/partners``, so that the path queries walk plain triple patterns;
* the **union**: every distinct triple of every named graph, in the store's *default graph*.
  pyoxigraph's union default graph is a multiset: a label that 30 documents state is 30 rows,
  and a join of four such patterns multiplies by 30 four times (``agreements`` took 160 s at
  30 copies of the example, 0.7 s over the union). The saved and ad-hoc queries read the default
  graph when it is there (`has_union`); ``GRAPH ?g`` never sees it, so code that tells graphs
  apart (projection, reasoner, exports, push) is unaffected.

A full build writes them all whole (`derive`). An incremental build keeps the union and changes it
by what changed (`Snapshot`, `derive_changed`): at a million triples rewriting it took about a
minute, the change takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .hierarchy import derive_hierarchy, drop_hierarchy
from .namespaces import HIERARCHY_GRAPH, INFERRED_GRAPH, NATIONS_GRAPH, PARTNERS_GRAPH
from .nations import derive_nations, drop_nations
from .partners import derive_partners, drop_partners

_DEFAULT = ox.DefaultGraph()
#: the union, inside the store: 2x faster than through Python quads (80k triples: 1.7 s, 3.5 s)
_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


#: the named graphs of the tables (the union is the default graph)
TABLE_GRAPHS = (NATIONS_GRAPH, HIERARCHY_GRAPH, PARTNERS_GRAPH)


def drop_tables(store: ox.Store) -> None:
    """Remove the nations, hierarchy and partners tables, keeping the union."""
    drop_nations(store)
    drop_hierarchy(store)
    drop_partners(store)


def derive_tables(store: ox.Store) -> None:
    """(Re)write the nations, hierarchy and partners tables from every graph of `store`."""
    derive_nations(store)
    derive_hierarchy(store)
    derive_partners(store)


def drop_derived(store: ox.Store) -> None:
    """Remove the derived tables and the union (before validation and reasoning read the store)."""
    drop_tables(store)
    store.clear_graph(_DEFAULT)


def derive(store: ox.Store) -> None:
    """(Re)write the derived tables and the union from the named graphs of `store`."""
    store.clear_graph(_DEFAULT)
    derive_tables(store)
    store.update(_UNION)


def with_union(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of `store` (named graphs only) and then its triple in the default graph: the
    quads of a new store with its union, for a full build to write from its in-memory store
    without holding a second copy of every triple there (the store keeps one of duplicates)."""
    for q in store:
        yield q
        yield ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)


def has_union(store: ox.Store) -> bool:
    """Whether the store's default graph holds the union of its graphs (a build wrote it)."""
    return next(iter(store.quads_for_pattern(None, None, None, _DEFAULT)), None) is not None


def union_options(store: ox.Store) -> dict[str, bool]:
    """The options of a query over every graph: the build's distinct union (the default graph)
    when it is there, else pyoxigraph's union flag (a multiset: one copy per graph)."""
    return {} if has_union(store) else {"use_default_graph_as_union": True}


def _triples(store: ox.Store, *graphs: str) -> set[ox.Triple]:
    return {
        q.triple
        for graph in graphs
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


@dataclass
class Snapshot:
    """The derived graphs that feed the union and that a build rewrites, taken before an
    incremental build changes the store: the tables, and the inferred graph when the
    build will retract (`inferred` None: it only adds, so the inferred graph only grows, but for
    triples the new graphs now assert, which stay in the union)."""

    tables: set[ox.Triple]
    inferred: set[ox.Triple] | None = None

    @classmethod
    def of(cls, store: ox.Store) -> Snapshot:
        """The tables of `store` now (`take_inferred` adds the inferred graph)."""
        return cls(_triples(store, *map(str, TABLE_GRAPHS)))

    def take_inferred(self, store: ox.Store) -> None:
        """Keep the inferred graph of `store` as it is now (before a retraction)."""
        self.inferred = _triples(store, str(INFERRED_GRAPH))


#: the inferred triples not yet in the union, put there (one scan of the inferred graph)
_INFERRED_INTO_UNION = (
    f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} "
    "FILTER NOT EXISTS { ?s ?p ?o } }"
)


def derive_changed(
    store: ox.Store, before: Snapshot, removed: Iterable[ox.Triple], added: Iterable[ox.Triple]
) -> None:
    """Rewrite the tables and bring the union up to date after an incremental build.

    `removed`: the triples of the named graphs the build dropped (replaced documents, old
    identity decisions); `added`: those of the graphs it wrote. The union gains those and the
    inferred graph's new triples, and loses each removed triple, each inferred one retracted
    (against `before`) and each of the tables' that went, unless some named graph still
    holds it. The data's change goes in first: the tables are computed from every graph,
    the union included. A store without a union gets it whole.
    """
    if not has_union(store):
        derive(store)
        return
    lost = set(removed)
    if before.inferred is not None:
        lost |= before.inferred - _triples(store, str(INFERRED_GRAPH))
    _change_union(store, lost, set(added))
    store.update(_INFERRED_INTO_UNION)
    derive_tables(store)
    tables = _triples(store, *map(str, TABLE_GRAPHS))
    _change_union(store, before.tables - tables, tables - before.tables)


def _change_union(store: ox.Store, lost: set[ox.Triple], gained: set[ox.Triple]) -> None:
    """Add `gained` to the union; take out each of `lost` that no named graph holds now."""
    for t in lost - gained:
        held = any(
            isinstance(q.graph_name, ox.NamedNode)
            for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        )
        if not held:
            store.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT) for t in gained)
