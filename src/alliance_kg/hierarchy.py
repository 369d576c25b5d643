"""The hierarchies the saved queries climb, as a table: classes and components at any depth.

Several saved queries climb ``rdfs:subClassOf`` (the kind of an agreement or a system, and "the
most specific class") or ``ak:componentOf`` (the tranches of an investment, the hedge of the
nearest total above a part) with property paths, often inside ``FILTER NOT EXISTS`` or a grouped
subquery. Engines disagree there: Virtuoso 7.2 keeps or drops the wrong rows, or fails to
compile the query (tests/test_remote.py). So every build writes both closures into the named
graph `HIERARCHY_GRAPH`, and the queries join them as plain triples::

    ak:Treaty  derived:within ak:Agreement , ak:Treaty ;   # rdfs:subClassOf* (zero or more steps)
               derived:below  ak:Agreement .               # rdfs:subClassOf+ (one or more)
    akid:tranche-2  derived:within akid:total , akid:tranche-2 ;   # ak:componentOf*
                    derived:below  akid:total .                     # ak:componentOf+

``derived:within`` is reflexive for every class (an ``rdf:type`` object or a node of the class
hierarchy) and every entity (an IRI with a type, reified statements and evidence left out), as a
zero-length path is. Like the nations table it is an index of the data, not data: computed from
every graph (asserted and inferred), never exported, never read by SHACL or the reasoner
(`drop_hierarchy` takes it out before they run), rewritten whole by every build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .everywhere import select_everywhere
from .iris import AK, AKDERIVED, HIERARCHY_GRAPH, ONTOLOGY_GRAPH

_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_COMPONENT = ox.NamedNode(AK + "componentOf")
#: typed nodes that are not entities: no reflexive row for them (they are most of the subjects)
_NOT_ENTITIES = frozenset({"http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement", AK + "Evidence"})


def closure(edges: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each node's ancestors at one or more steps along `edges` (child, parent).

    >>> sorted((k, sorted(v)) for k, v in closure([("a", "b"), ("b", "c"), ("c", "b")]).items())
    [('a', ['b', 'c']), ('b', ['b', 'c']), ('c', ['b', 'c'])]
    """
    up: dict[str, set[str]] = defaultdict(set)
    for child, parent in edges:
        up[child].add(parent)
    out: dict[str, frozenset[str]] = {}
    for start in up:
        seen: set[str] = set()
        todo = list(up[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(up.get(node, ()))
        out[start] = frozenset(seen)
    return out


def _edges(store: ox.Store, predicate: ox.NamedNode) -> set[tuple[str, str]]:
    query = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate.value}> ?o }}"
    return {
        (s.value, o.value)
        for s, o in select_everywhere(store, query)
        if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
    }


# Read as distinct rows inside the store (`select_everywhere`), not quad by quad, and without
# isIRI filters (which decode every term: 3.8 s against 0.6 s at 1M): IRIs are picked in Python.
_NOT = " ".join(f"<{c}>" for c in sorted(_NOT_ENTITIES))
#: the objects of ``rdf:type``
_CLASSES = "SELECT DISTINCT ?c WHERE { ?x a ?c }"
#: the classes of the ontology graph's typed nodes (its blank nodes: restrictions, lists)
_ONTOLOGY_TYPES = f"SELECT DISTINCT ?x ?c WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?x a ?c }} }}"
#: whether a class has a typed node outside the ontology graph (the data has no blank nodes)
_TYPED_ELSEWHERE = f"ASK {{ GRAPH ?g {{ ?x a ?c }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}"
#: typed nodes none of whose types is a `_NOT_ENTITIES` class
_ENTITIES = (
    f"SELECT DISTINCT ?x WHERE {{ ?x a ?c FILTER(?c NOT IN ({_NOT.replace('> <', '>, <')})) "
    f"MINUS {{ ?x a ?n VALUES ?n {{ {_NOT} }} }} }}"
)


def _classes(store: ox.Store) -> set[str]:
    """The classes some IRI is typed with."""
    found = {c for (c,) in select_everywhere(store, _CLASSES) if isinstance(c, ox.NamedNode)}
    onto = [tuple(row) for row in store.query(_ONTOLOGY_TYPES)]
    by_blank = {c for x, c in onto if not isinstance(x, ox.NamedNode)}
    by_iri = {c for x, c in onto if isinstance(x, ox.NamedNode)}
    for c in by_blank - by_iri:  # a class only blank nodes of the ontology have, maybe
        if not store.query(_TYPED_ELSEWHERE, substitutions={ox.Variable("c"): c}):
            found.discard(c)
    return {c.value for c in found}


def drop_hierarchy(store: ox.Store) -> None:
    """Remove the hierarchy table (before reasoning: it is no data for the reasoner)."""
    graph = ox.NamedNode(str(HIERARCHY_GRAPH))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)


def derive_hierarchy(store: ox.Store) -> int:
    """(Re)write the hierarchy table from every graph of the store; return its triple count."""
    drop_hierarchy(store)
    graph = ox.NamedNode(str(HIERARCHY_GRAPH))
    edges = _edges(store, _SUBCLASS) | _edges(store, _COMPONENT)
    selves = {n for edge in edges for n in edge}
    selves |= _classes(store)
    entities = select_everywhere(store, _ENTITIES)
    selves |= {x.value for (x,) in entities if isinstance(x, ox.NamedNode)}
    within, below = ox.NamedNode(AKDERIVED + "within"), ox.NamedNode(AKDERIVED + "below")
    up = closure(edges)
    quads = []
    for node in sorted(selves):
        subject = ox.NamedNode(node)
        above = up.get(node, frozenset())
        quads += [ox.Quad(subject, within, ox.NamedNode(a), graph) for a in sorted(above | {node})]
        quads += [ox.Quad(subject, below, ox.NamedNode(a), graph) for a in sorted(above)]
    store.extend(quads)
    return len(quads)
