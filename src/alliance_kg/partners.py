"""The symmetric relation the path queries walk, as a table: each collaboration both ways, once.

``ak:collaboratesWith`` is symmetric and asserted in one direction only, so the saved path
queries (``collaboration-chain``, ``linking-organisations``) followed it as the property path
``ak:collaboratesWith|^ak:collaboratesWith``. pyoxigraph cannot estimate a path: it planned each
step as a scan of every label joined with the path (at a million triples, more than 30 s a
query), where a plain triple pattern is one index lookup from the bound end. So every build
writes the named graph `PARTNERS_GRAPH`::

    akid:us-department-of-energy  derived:partner  akid:mext .
    akid:mext  derived:partner  akid:us-department-of-energy .

one triple per direction for every pair of IRIs that ``ak:collaboratesWith`` links in any graph
(asserted or inferred), each pair once however many documents state it. Like the nations and
hierarchy tables it is an index of the data, not data: never exported, never read by SHACL or
the reasoner (`drop_partners` takes it out before they run), rewritten whole by every build.
"""

from __future__ import annotations

import pyoxigraph as ox

from .everywhere import select_everywhere
from .iris import AK, AKDERIVED, PARTNERS_GRAPH

_PARTNER = ox.NamedNode(AKDERIVED + "partner")
#: distinct pairs read inside the store, decoded once each (not every graph's copy quad by quad)
_PAIRS = f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{AK}collaboratesWith> ?b }}"


def drop_partners(store: ox.Store) -> None:
    """Remove the partners table (before reasoning: it is no data for the reasoner)."""
    graph = ox.NamedNode(PARTNERS_GRAPH)
    if store.contains_named_graph(graph):
        store.remove_graph(graph)


def partner_pairs(store: ox.Store) -> set[tuple[str, str]]:
    """Every (a, b) with ``a ak:collaboratesWith b`` or ``b ak:collaboratesWith a`` in any graph
    of `store` (IRIs only), outside the table itself."""
    pairs: set[tuple[str, str]] = set()
    for a, b in select_everywhere(store, _PAIRS):
        if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode):
            pairs.add((a.value, b.value))
            pairs.add((b.value, a.value))
    return pairs


def derive_partners(store: ox.Store) -> int:
    """(Re)write the partners table from every graph of the store; return its triple count."""
    drop_partners(store)
    graph = ox.NamedNode(PARTNERS_GRAPH)
    quads = [
        ox.Quad(ox.NamedNode(a), _PARTNER, ox.NamedNode(b), graph)
        for a, b in sorted(partner_pairs(store))
    ]
    store.extend(quads)
    return len(quads)
