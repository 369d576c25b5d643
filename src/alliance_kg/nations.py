"""The nation of every entity: one definition, computed once per build into a table.

"The nation of X" (docs/design.md, "The nation of an entity") is X itself when X is a nation;
else the nations X *belongs to*, reached by one or more ``country``, ``partOf`` or ``leaderOf``
steps; else the nations X *lies in*, reached by one or more of those or ``locatedIn`` steps.
`nation_table` states it once, in Python; the projection (`analyse.projection.nations_of`) uses
it, and every build writes its answer over the store's asserted and inferred relations into the
named graph `NATIONS_GRAPH` (`derive_nations`), so the saved queries (``nations``,
``cross-border``, ``parties-by-topic-and-nation``, ``investment-totals``) read one triple per
(entity, nation) instead of repeating the rule as property paths under ``MINUS``: at 30 copies
of the example that rule made ``cross-border`` run for minutes.

The table, in `NATIONS_GRAPH`::

    akid:riken  derived:nation akid:japan ; derived:how "belongs to" .

It is an index of the data, not data: no provenance, never exported, never read by the
reasoner or SHACL (`drop_nations` takes it out before they run), rewritten whole by every build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .everywhere import select_everywhere
from .iris import AK, AKDERIVED, NATIONS_GRAPH

#: the relations by which a thing belongs to a nation …
BELONGS = ("country", "partOf", "leaderOf")
#: … and by which it lies in one, looked at only when it belongs to none
LIES_IN = ("locatedIn",)


def _nation_classes(store: ox.Store) -> list[ox.NamedNode]:
    """``ak:Nation`` and its subclasses, as the store's ontology graph declares them (read
    through the vocabulary, the one reader of ontology axioms)."""
    from .ontology import Vocabulary

    vocab = Vocabulary.from_store(store)
    nation = AK + "Nation"
    found = {c for c in vocab.class_hierarchy.nodes if vocab.is_a(str(c), nation)}
    return [ox.NamedNode(c) for c in sorted({nation, *map(str, found)})]


def nation_table(
    triples: Iterable[tuple[str, str, str]], nation_iris: Iterable[str]
) -> dict[str, tuple[str, frozenset[str]]]:
    """Each thing's nations and the rule that gave them ("itself", "belongs to", "lies in").

    `triples` are ``(subject, local property name, object)``; only `BELONGS` and `LIES_IN`
    properties are read. A thing of no nation is left out.

    >>> t = nation_table([("trump", "leaderOf", "us"), ("tn", "locatedIn", "us"),
    ...                   ("typhon", "country", "us"), ("typhon", "locatedIn", "jp")], {"us", "jp"})
    >>> sorted((k, how, sorted(v)) for k, (how, v) in t.items())  # doctest: +NORMALIZE_WHITESPACE
    [('jp', 'itself', ['jp']), ('tn', 'lies in', ['us']), ('trump', 'belongs to', ['us']),
     ('typhon', 'belongs to', ['us']), ('us', 'itself', ['us'])]
    """
    nations = set(nation_iris)
    belongs: dict[str, set[str]] = defaultdict(set)
    anywhere: dict[str, set[str]] = defaultdict(set)
    for s, p, o in triples:
        if p in BELONGS:
            belongs[s].add(o)
            anywhere[s].add(o)
        elif p in LIES_IN:
            anywhere[s].add(o)
    out: dict[str, tuple[str, frozenset[str]]] = {n: ("itself", frozenset({n})) for n in nations}
    for e in anywhere:
        if e in out:
            continue
        if found := _reach(belongs, e, nations):
            out[e] = ("belongs to", found)
        elif found := _reach(anywhere, e, nations):
            out[e] = ("lies in", found)
    return out


def _reach(links: dict[str, set[str]], start: str, nations: set[str]) -> frozenset[str]:
    """The nations reachable from `start` in one or more steps along `links`."""
    seen: set[str] = set()
    todo = list(links.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(links.get(node, ()))
    return frozenset(seen & nations)


def drop_nations(store: ox.Store) -> None:
    """Remove the nations table (before reasoning: it is no data for the reasoner)."""
    graph = ox.NamedNode(str(NATIONS_GRAPH))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)


def derive_nations(store: ox.Store) -> int:
    """(Re)write the nations table from every graph of the store; return its triple count.

    Nations are the members of ``ak:Nation`` or a subclass (asserted or inferred); the relations
    are read from every graph, the inferred one included (an inverse or sub-property of
    ``partOf`` counts once the rules have materialised it).
    """
    drop_nations(store)
    graph = ox.NamedNode(str(NATIONS_GRAPH))
    classes = _nation_classes(store)
    # distinct rows read inside the store (`select_everywhere`), not quad by quad
    members = " ".join(f"<{c.value}>" for c in classes)
    found = f"SELECT DISTINCT ?x WHERE {{ ?x a ?c VALUES ?c {{ {members} }} }}"
    rows = select_everywhere(store, found)
    nation_iris = {x.value for (x,) in rows if isinstance(x, ox.NamedNode)}
    names = {AK + name: name for name in (*BELONGS, *LIES_IN)}
    links = " ".join(f"<{iri}>" for iri in names)
    relations = f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o VALUES ?p {{ {links} }} }}"
    triples = [
        (s.value, names[p.value], o.value)
        for s, p, o in select_everywhere(store, relations)
        if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
    ]
    nation, how = ox.NamedNode(AKDERIVED + "nation"), ox.NamedNode(AKDERIVED + "how")
    quads = []
    for e, (rule, found) in sorted(nation_table(triples, nation_iris).items()):
        subject = ox.NamedNode(e)
        quads.append(ox.Quad(subject, how, ox.Literal(rule), graph))
        quads += [ox.Quad(subject, nation, ox.NamedNode(n), graph) for n in sorted(found)]
    store.extend(quads)
    return len(quads)
