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
from .iris import HIERARCHY_GRAPH, NATIONS_GRAPH, PARTNERS_GRAPH
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


def _table_predicates(store: ox.Store) -> set[ox.NamedNode]:
    """The predicates the tables' graphs use (a handful; read inside the store)."""
    graphs = " ".join(f"<{g}>" for g in TABLE_GRAPHS)
    rows = store.query(
        f"SELECT DISTINCT ?p WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    return {row[0] for row in rows if isinstance(row[0], ox.NamedNode)}


@dataclass
class Snapshot:
    """What an incremental build must remember of the tables before it drops them: the
    predicates they use, so that the union can lose the rows that went (`derive_changed`)."""

    predicates: set[ox.NamedNode]

    @classmethod
    def of(cls, store: ox.Store) -> Snapshot:
        """The tables' predicates in `store` now."""
        return cls(_table_predicates(store))


#: the tables' rows not yet in the union, put there
_TABLES_INTO_UNION = (
    "INSERT { ?s ?p ?o } WHERE { VALUES ?g { "
    + " ".join(f"<{g}>" for g in TABLE_GRAPHS)
    + " } GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
)
#: the union's triples with one of some predicates (`VALUES`) that no named graph holds, out
_UNHELD = (
    "DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {} }} ?s ?p ?o "
    "FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
)


def derive_changed(
    store: ox.Store, before: Snapshot, removed: Iterable[ox.Triple], added: Iterable[ox.Triple]
) -> None:
    """Rewrite the tables and bring the union up to date after an incremental build.

    `removed`: the triples the named graphs lost (of replaced documents, old identity
    decisions, and those a retraction took out of the inferred graph); `added`: those they
    gained (the inferred graph's new triples included). The union gains those, and loses each
    removed one unless some named graph still holds it. The data's change goes in first: the tables
    are computed from every graph, the union included. Their rows then replace the old ones in
    the union, found by predicate inside the store (`before`): reading the tables out into
    Python cost seconds at a million triples. A store without a union gets it whole.
    """
    if not has_union(store):
        derive(store)
        return
    _change_union(store, set(removed), set(added))
    derive_tables(store)
    predicates = before.predicates | _table_predicates(store)
    if predicates:  # IRIs of the store's own tables, written in N-Triples form
        store.update(_UNHELD.format(" ".join(sorted(map(str, predicates)))))
    store.update(_TABLES_INTO_UNION)


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
