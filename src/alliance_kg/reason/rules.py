"""Materialise the entailments that matter as SPARQL UPDATE rules run inside pyoxigraph.

Each rule is a small named piece of data: one ``INSERT … WHERE`` that reads the ontology graph
for the axioms (so the rules follow ``ontology/alliance.ttl`` rather than hard-coding terms) and
the data graphs for the facts, and writes only new triples into the inferred graph
(`alliance_kg.namespaces.INFERRED_GRAPH`). Rules run in rounds until a round adds nothing.

What is inferred, and what is not (docs/design.md, "Reasoning"):

* only triples whose subject is an entity (``akid:``); no statement, evidence or document node,
  and never any provenance: an inferred triple has no ``rdf:Statement`` of its own;
* only triples not already asserted in some graph, so asserted and inferred never overlap;
* the OWL RL rules for subclass and equivalent-class typing (cax-sco, cax-eqc), property domain
  and range typing with named classes (prp-dom, prp-rng), subproperties (prp-spo1), inverses
  (prp-inv1/2), symmetric and transitive properties (prp-symp, prp-trp) and two-step property
  chains whose links may be inverses (prp-spo2: ``investsIn`` from ``investor`` and ``target``,
  ``country`` along ``partOf``). The tests compare the result with owlrl's OWL RL closure.

The rules are the fast path: owlrl's closure takes about a minute at 100k triples, these rules
a fraction of a second (benchmarks/reasoning.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import AKID, INFERRED_GRAPH, ONTOLOGY_GRAPH


@dataclass(frozen=True)
class Rule:
    """One named inference rule: a SPARQL ``INSERT … WHERE`` over the store."""

    name: str
    description: str
    body: str

    def update(self) -> str:
        """The complete SPARQL UPDATE text (prefixes, graph IRIs and entity filter filled in)."""
        return _PROLOGUE + self.body


_PROLOGUE = f"""\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX akgraph: <{ONTOLOGY_GRAPH.removesuffix("ontology")}>
PREFIX akid: <{AKID}>
"""
# These are the project's own constant IRIs, never user input: nothing untrusted is formatted in.
_ONTO = "akgraph:ontology"
_INF = "akgraph:inferred"
_CANDIDATES = "akgraph:candidates"
assert ONTOLOGY_GRAPH.endswith("ontology") and INFERRED_GRAPH.endswith("inferred")


def _entity(var: str) -> str:
    return f"FILTER(isIRI({var}) && STRSTARTS(STR({var}), STR(akid:)))"


def _fact(s: str, p: str, o: str, g: str) -> str:
    """A triple pattern over the data graphs and the inferred graph (never the ontology, nor
    the candidates a retraction re-derives: `retract`)."""
    return f"GRAPH {g} {{ {s} {p} {o} }} FILTER({g} != {_ONTO} && {g} != {_CANDIDATES})"


def _new(s: str, p: str, o: str) -> str:
    """Insert `s p o` into the inferred graph unless some graph already has it."""
    return f"FILTER NOT EXISTS {{ GRAPH ?_any {{ {s} {p} {o} }} }}"


def _insert(s: str, p: str, o: str, where: str) -> str:
    return (
        f"INSERT {{ GRAPH {_INF} {{ {s} {p} {o} }} }}\nWHERE {{\n{where}\n"
        f"{_entity(s)}\n{_new(s, p, o)}\n}}"
    )


def _chain_branches() -> str:
    """One UNION branch per direction of each link (x e1 y or y i1 x; y e2 z or z i2 y)."""
    branches = []
    for inv1 in (False, True):
        for inv2 in (False, True):
            # a link is the property itself (an IRI) or a blank node [ owl:inverseOf property ]
            link1 = "?l rdf:first [ owl:inverseOf ?e1 ] ." if inv1 else "?l rdf:first ?e1 ."
            link2 = "?r rdf:first [ owl:inverseOf ?e2 ] ." if inv2 else "?r rdf:first ?e2 ."
            fact1 = _fact("?y", "?e1", "?x", "?g1") if inv1 else _fact("?x", "?e1", "?y", "?g1")
            fact2 = _fact("?z", "?e2", "?y", "?g2") if inv2 else _fact("?y", "?e2", "?z", "?g2")
            branches.append(
                f"{{ GRAPH {_ONTO} {{ ?p owl:propertyChainAxiom ?l . {link1}"
                f" ?l rdf:rest ?r . {link2} ?r rdf:rest rdf:nil . }}"
                f" FILTER(isIRI(?e1) && isIRI(?e2))\n  {fact1}\n  {fact2} }}"
            )
    return "\nUNION ".join(branches)


#: the rules, in the order a round runs them
RULES: tuple[Rule, ...] = (
    Rule(
        "subclass",
        "a member of a class is a member of its superclasses and equivalent classes (cax-sco)",
        _insert(
            "?x",
            "rdf:type",
            "?d",
            f"GRAPH {_ONTO} {{ ?c rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass ?d }}"
            f" FILTER(isIRI(?c) && isIRI(?d) && ?c != ?d)\n{_fact('?x', 'rdf:type', '?c', '?g')}",
        ),
    ),
    Rule(
        "domain",
        "the subject of a property is a member of its (named) domain class (prp-dom)",
        _insert(
            "?x",
            "rdf:type",
            "?d",
            f"GRAPH {_ONTO} {{ ?p rdfs:domain ?d }} FILTER(isIRI(?d))\n"
            f"{_fact('?x', '?p', '?y', '?g')}",
        ),
    ),
    Rule(
        "range",
        "the object of an object property is a member of its (named) range class (prp-rng)",
        _insert(
            "?y",
            "rdf:type",
            "?r",
            f"GRAPH {_ONTO} {{ ?p a owl:ObjectProperty ; rdfs:range ?r }} FILTER(isIRI(?r))\n"
            f"{_fact('?x', '?p', '?y', '?g')}",
        ),
    ),
    Rule(
        "subproperty",
        "a statement with a subproperty holds with its superproperties too (prp-spo1)",
        _insert(
            "?x",
            "?q",
            "?y",
            f"GRAPH {_ONTO} {{ ?p rdfs:subPropertyOf|owl:equivalentProperty|"
            f"^owl:equivalentProperty ?q }} FILTER(isIRI(?p) && isIRI(?q) && ?p != ?q)\n"
            f"{_fact('?x', '?p', '?y', '?g')}",
        ),
    ),
    Rule(
        "inverse",
        "x p y gives y q x when p and q are declared inverses, in both directions (prp-inv1/2)",
        _insert(
            "?y",
            "?q",
            "?x",
            f"GRAPH {_ONTO} {{ ?p owl:inverseOf|^owl:inverseOf ?q }}"
            f" FILTER(isIRI(?p) && isIRI(?q))\n{_fact('?x', '?p', '?y', '?g')}",
        ),
    ),
    Rule(
        "symmetric",
        "x p y gives y p x for a symmetric property such as collaboratesWith (prp-symp)",
        _insert(
            "?y",
            "?p",
            "?x",
            f"GRAPH {_ONTO} {{ ?p a owl:SymmetricProperty }}\n{_fact('?x', '?p', '?y', '?g')}",
        ),
    ),
    Rule(
        "transitive",
        "x p y and y p z give x p z for a transitive property such as locatedIn (prp-trp)",
        _insert(
            "?x",
            "?p",
            "?z",
            f"GRAPH {_ONTO} {{ ?p a owl:TransitiveProperty }}\n"
            f"{_fact('?x', '?p', '?y', '?g1')}\n{_fact('?y', '?p', '?z', '?g2')}",
        ),
    ),
    Rule(
        "property-chain",
        "two-link property chains, a link possibly an inverse: investsIn from inverse(investor)"
        " then target, country from partOf then country (prp-spo2)",
        _insert(
            "?x",
            "?p",
            "?z",
            _chain_branches(),
        ),
    ),
)


@dataclass
class Materialised:
    """What `materialise` did: triples in the inferred graph, rounds run, time taken."""

    inferred: int
    rounds: int
    seconds: float
    per_rule: dict[str, int]
    #: (`retract`) the triples taken out of the inferred graph, some perhaps put back
    retracted: list[ox.Triple] = field(default_factory=list)
    #: (`materialise_added`, `retract`) the triples put into the inferred graph
    added: list[ox.Triple] = field(default_factory=list)


def count_graph(store: ox.Store, graph: ox.NamedNode) -> int:
    """The number of triples in one named graph of `store`."""
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0].value)


def materialise(
    store: ox.Store, rules: tuple[Rule, ...] = RULES, max_rounds: int = 50
) -> Materialised:
    """Run `rules` over `store` until nothing new follows; the result is in the inferred graph.

    The store must hold the ontology in the ontology graph and the facts in other named graphs.
    Whatever the inferred graph held before is replaced.
    """
    started = time.perf_counter()
    inferred = ox.NamedNode(str(INFERRED_GRAPH))
    store.update(f"DROP SILENT GRAPH <{inferred.value}>")
    per_rule = {rule.name: 0 for rule in rules}
    updates = [(rule.name, rule.update()) for rule in rules]
    total, rounds = 0, 0
    while rounds < max_rounds:
        rounds += 1
        before = total
        for name, update in updates:
            store.update(update)
            now = count_graph(store, inferred)
            per_rule[name] += now - total
            total = now
        if total == before:
            break
    return Materialised(total, rounds, round(time.perf_counter() - started, 3), per_rule)


def _delta(k: int) -> str:
    """The k-th scratch graph of `materialise_added` (a constant IRI of the project's own)."""
    return f"akgraph:delta-{int(k)}"


def _fact_graphs(rule: Rule) -> list[str]:
    """The graph variables of the rule's data atoms (``?g``, ``?g1``, ``?g2``)."""
    return sorted(set(re.findall(r"GRAPH (\?g\d?) ", rule.body)))


def _parts(rule: Rule) -> tuple[str, str]:
    """A rule's head (``?x rdf:type ?d``) and its WHERE without the "not yet known" filter."""
    head = rule.body.split(f"GRAPH {_INF} {{ ", 1)[1].split(" } }", 1)[0]
    where = rule.body.split("\nWHERE {\n", 1)[1].rstrip().removesuffix("}").rstrip()
    where = where.rsplit("\n", 1)[0]  # drop the last line: the `_new` filter
    return head, where


def _variant(rule: Rule, into: str, first: str, tail: str) -> str:
    """The rule writing its head into `into`, with `first` leading its WHERE (so evaluation
    starts there) and `tail` in place of the "not yet known" filter."""
    head, where = _parts(rule)
    into = into.replace("HEAD", head)
    return f"{_PROLOGUE}INSERT {{ {into} }}\nWHERE {{\n{first}\n{where}\n{tail}\n}}"


def _delta_update(rule: Rule, var: str, k: int) -> str:
    """The rule with one data atom restricted to the new triples of round k, writing into the
    scratch graph of round k + 1."""
    head, _where = _parts(rule)
    return _variant(
        rule,
        f"GRAPH {_delta(k + 1)} {{ HEAD }}",
        f"VALUES {var} {{ {_delta(k)} }}",
        f"FILTER NOT EXISTS {{ GRAPH ?_any {{ {head} }} }}",
    )


def _graph(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(INFERRED_GRAPH).removesuffix("inferred") + name)


def materialise_added(
    store: ox.Store,
    added: Iterable[ox.NamedNode] = (),
    rules: tuple[Rule, ...] = RULES,
    max_rounds: int = 50,
    *,
    triples: Iterable[ox.Triple] = (),
) -> Materialised:
    """Extend the inferred graph after the graphs `added` (or the data `triples`) were added to
    a materialised store.

    Semi-naive evaluation: the rules are monotone, so the closure of the old data plus the new
    graphs is the old closure plus what follows with at least one new premise. Each round runs
    every rule once per data atom, that atom restricted to the triples new in the round before
    (the added graphs' triples and `triples` first); so the work is in proportion to what was
    added, not to the store. A triple the added data asserts is taken out of the inferred graph
    (asserted and inferred never overlap). Removals are `retract`'s.
    """
    started = time.perf_counter()
    first = _graph("delta-0")
    for graph in added:
        store.extend(
            ox.Quad(q.subject, q.predicate, q.object, first)
            for q in store.quads_for_pattern(None, None, None, graph)
        )
    store.extend(ox.Quad(t.subject, t.predicate, t.object, first) for t in triples)
    store.update(
        f"{_PROLOGUE}DELETE {{ GRAPH {_INF} {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ GRAPH {_delta(0)} {{ ?s ?p ?o }} GRAPH {_INF} {{ ?s ?p ?o }} }}"
    )
    rounds, per_rule, made = _propagate(store, rules, max_rounds)
    store.update(f"{_PROLOGUE}DROP SILENT GRAPH {_delta(0)}")
    inferred = count_graph(store, ox.NamedNode(str(INFERRED_GRAPH)))
    seconds = round(time.perf_counter() - started, 3)
    return Materialised(inferred, rounds, seconds, per_rule, added=made)


def _propagate(
    store: ox.Store, rules: tuple[Rule, ...], max_rounds: int
) -> tuple[int, dict[str, int], list[ox.Triple]]:
    """Semi-naive rounds from the seed triples in ``delta-0``: everything that follows with at
    least one of them as a premise goes into the inferred graph (``delta-0`` itself stays);
    returns the rounds, the new triples per rule, and those triples."""
    per_rule = {rule.name: 0 for rule in rules}
    rounds = 0
    while rounds < max_rounds:
        target = _graph(f"delta-{rounds + 1}")
        made = 0
        for rule in rules:
            for var in _fact_graphs(rule):
                store.update(_delta_update(rule, var, rounds))
            now = count_graph(store, target)
            per_rule[rule.name] += now - made
            made = now
        rounds += 1
        if made == 0:
            break
    made: list[ox.Triple] = []
    for k in range(1, rounds + 1):
        rows = store.query(
            f"{_PROLOGUE}SELECT ?s ?p ?o WHERE {{ GRAPH {_delta(k)} {{ ?s ?p ?o }} }}"
        )
        made += [ox.Triple(s, p, o) for s, p, o in rows]
        store.update(f"{_PROLOGUE}ADD {_delta(k)} TO {_INF}")
        store.update(f"{_PROLOGUE}DROP SILENT GRAPH {_delta(k)}")
    return rounds, per_rule, made


def retract(
    store: ox.Store,
    removed: list[ox.Triple],
    rules: tuple[Rule, ...] = RULES,
    max_rounds: int = 50,
) -> Materialised:
    """Shrink the inferred graph after the triples `removed` left the store's data graphs.

    Delete and re-derive (DRed): first every inferred triple that follows, in any number of
    steps, with a removed triple among its premises is taken out (over-deletion, semi-naive from
    the removed triples); then each of those, and each removed triple, that still follows in one
    step from what is left is put back, and whatever follows from those is added again
    (`_propagate`). The work follows what the removed triples supported, not the store's size.
    A removed triple another data graph still states is not removed. The result lists the
    triples taken out of the inferred graph (`Materialised.retracted`), for the union.
    """
    started = time.perf_counter()
    gone0 = _graph("gone-0")
    data = {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH)}
    for t in removed:
        still = any(
            isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in data
            for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        )
        if not still:
            store.add(ox.Quad(t.subject, t.predicate, t.object, gone0))
    gone = "FILTER(STRSTARTS(STR(?_gone), STR(akgraph:gone-)))"
    rounds = 0
    while rounds < max_rounds:  # over-delete: what the removed triples helped to infer
        for rule in rules:
            head, _where = _parts(rule)
            for var in _fact_graphs(rule):
                store.update(
                    _variant(
                        rule,
                        f"GRAPH akgraph:gone-{rounds + 1} {{ HEAD }}",
                        f"VALUES {var} {{ akgraph:gone-{rounds} }}",
                        f"FILTER EXISTS {{ GRAPH {_INF} {{ {head} }} }}\n"
                        f"FILTER NOT EXISTS {{ GRAPH ?_gone {{ {head} }} {gone} }}",
                    )
                )
        rounds += 1
        if not count_graph(store, _graph(f"gone-{rounds}")):
            break
    # the scratch graphs named by VALUES: `GRAPH ?_gone` with a filter on its name scanned every
    # quad of the store (18 s of adding one document at a million triples)
    gone_graphs = " ".join(f"akgraph:gone-{k}" for k in range(rounds + 1))
    taken = store.query(
        f"{_PROLOGUE}SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?_gone {{ {gone_graphs} }} "
        f"GRAPH ?_gone {{ ?s ?p ?o }} GRAPH {_INF} {{ ?s ?p ?o }} }}"
    )
    retracted = [ox.Triple(s, p, o) for s, p, o in taken]
    store.update(
        f"{_PROLOGUE}DELETE {{ GRAPH {_INF} {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ VALUES ?_gone {{ {gone_graphs} }} GRAPH ?_gone {{ ?s ?p ?o }} "
        f"GRAPH {_INF} {{ ?s ?p ?o }} }}"
    )
    for k in range(rounds + 1):
        store.update(f"{_PROLOGUE}ADD akgraph:gone-{k} TO {_CANDIDATES}")
        store.update(f"{_PROLOGUE}DROP SILENT GRAPH akgraph:gone-{k}")
    for rule in rules:  # re-derive in one step what still follows from what is left
        head, _where = _parts(rule)
        store.update(
            _variant(
                rule,
                f"GRAPH {_INF} {{ HEAD }} GRAPH {_delta(0)} {{ HEAD }}",
                f"GRAPH {_CANDIDATES} {{ {head} }}",
                f"FILTER NOT EXISTS {{ GRAPH ?_any {{ {head} }} FILTER(?_any != {_CANDIDATES}) }}",
            )
        )
    store.update(f"{_PROLOGUE}DROP SILENT GRAPH {_CANDIDATES}")
    back = [
        ox.Triple(s, p, o)
        for s, p, o in store.query(
            f"{_PROLOGUE}SELECT ?s ?p ?o WHERE {{ GRAPH {_delta(0)} {{ ?s ?p ?o }} }}"
        )
    ]
    more, per_rule, made = _propagate(store, rules, max_rounds)
    store.update(f"{_PROLOGUE}DROP SILENT GRAPH {_delta(0)}")
    inferred = count_graph(store, ox.NamedNode(str(INFERRED_GRAPH)))
    seconds = round(time.perf_counter() - started, 3)
    return Materialised(inferred, rounds + more, seconds, per_rule, retracted, [*back, *made])
