"""Tables the build derives from the data for the queries: nations, hierarchies, the union.

Both are indexes, not data: computed from the named graphs after the inference rules, never
exported, pushed or read by SHACL and the reasoner (`drop_derived` takes them out before those
run), rewritten whole by every build (docs/design.md, "Derived tables").

* the **nations table** (`alliance_kg.nations`): "the nation of X", one rule computed once, in
  the named graph ``…/graph/nations``;
* the **hierarchy table** (`alliance_kg.hierarchy`): ``rdfs:subClassOf`` and ``ak:componentOf``
  at any depth, in ``…/graph/hierarchy``, so that no saved query needs a property path where
  engines disagree;
* the **union**: every distinct triple of every named graph, in the store's *default graph*.
  pyoxigraph's union default graph is a multiset: a label that 30 documents state is 30 rows,
  and a join of four such patterns multiplies by 30 four times (``agreements`` took 160 s at
  30 copies of the example, 0.7 s over the union). The saved and ad-hoc queries read the default
  graph when it is there (`has_union`); ``GRAPH ?g`` never sees it, so code that tells graphs
  apart (projection, reasoner, exports, push) is unaffected.
"""

from __future__ import annotations

import pyoxigraph as ox

from .hierarchy import derive_hierarchy, drop_hierarchy
from .nations import derive_nations, drop_nations

_DEFAULT = ox.DefaultGraph()
#: the union, inside the store: 2x faster than through Python quads (80k triples: 1.7 s, 3.5 s)
_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def drop_derived(store: ox.Store) -> None:
    """Remove the derived tables (before validation and reasoning read the store)."""
    drop_nations(store)
    drop_hierarchy(store)
    store.clear_graph(_DEFAULT)


def derive(store: ox.Store) -> None:
    """(Re)write the derived tables from the named graphs of `store`."""
    store.clear_graph(_DEFAULT)
    derive_nations(store)
    derive_hierarchy(store)
    store.update(_UNION)


def has_union(store: ox.Store) -> bool:
    """Whether the store's default graph holds the union of its graphs (a build wrote it)."""
    return next(iter(store.quads_for_pattern(None, None, None, _DEFAULT)), None) is not None


def union_options(store: ox.Store) -> dict[str, bool]:
    """The options of a query over every graph: the build's distinct union (the default graph)
    when it is there, else pyoxigraph's union flag (a multiset: one copy per graph)."""
    return {} if has_union(store) else {"use_default_graph_as_union": True}
