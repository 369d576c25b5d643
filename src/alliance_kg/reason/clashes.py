"""Find the culprits of an inconsistency directly: disjoint classes met by one entity.

HermiT says only "inconsistent". Most contradictions in annotated data are one entity that must
belong to two classes the ontology declares disjoint: typed both, or typed one and used where a
property's domain or range demands the other (a Company as the subject of ``leaderOf``, whose
domain is Person; a Subdivision as the object of ``country``, whose range is Nation). This module
finds those by SPARQL over the store (asserted types, domains and ranges, sub-properties and
inverses) plus the subclass closure, and says which entity, which classes and which axioms.
It is exact for that common case and cheap at any size; anything else HermiT finds is narrowed
down by `alliance_kg.reason.consistency` instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, short

_OWL = "http://www.w3.org/2002/07/owl#"
_PROLOGUE = """\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def show_triple(triple: ox.Triple) -> str:
    """A triple with prefixed names, for messages."""

    def term(x: object) -> str:
        if isinstance(x, ox.NamedNode):
            return short(x.value)
        if isinstance(x, ox.Literal):
            return f'"{x.value}"'
        return str(x)

    return f"{term(triple.subject)} {term(triple.predicate)} {term(triple.object)}"


def name(iri: str) -> str:
    """A class name for a sentence: the local name for ``ak:`` terms, else the short form."""
    text = short(iri)
    return text[3:] if text.startswith("ak:") else text


@dataclass(frozen=True)
class Finding:
    """One reason the data contradicts the ontology, in plain words."""

    kind: str  # "disjoint" | "unsatisfiable-class" | "narrowed" | "unexplained"
    subject: str  # the entity or class concerned (short form)
    message: str
    axioms: tuple[str, ...] = ()
    triples: tuple[str, ...] = ()

    def as_row(self) -> dict[str, str]:
        """A flat row for table, JSON or CSV output."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            "problem": self.message,
            "axioms": "; ".join(self.axioms),
        }


@dataclass
class Schema:
    """The parts of the ontology the direct check needs, read once from the ontology graph."""

    superclasses: dict[str, set[str]] = field(default_factory=dict)
    disjoint: set[frozenset[str]] = field(default_factory=set)
    domains: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    ranges: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    _closures: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _clashes: dict[tuple[str, str], tuple[str, str] | None] = field(
        default_factory=dict, repr=False
    )

    def closure(self, cls: str) -> set[str]:
        """`cls` and all its superclasses (through subClassOf and equivalentClass)."""
        if cls in self._closures:
            return self._closures[cls]
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.superclasses.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        self._closures[cls] = seen
        return seen

    def clash(self, a: str, b: str) -> tuple[str, str] | None:
        """A pair of declared-disjoint classes that `a` and `b` fall under, if any."""
        if (a, b) in self._clashes:
            return self._clashes[(a, b)]
        found = None
        up_a, up_b = self.closure(a), self.closure(b)
        for x in sorted(up_a):
            for y in sorted(up_b):
                if x != y and frozenset((x, y)) in self.disjoint:
                    found = (x, y)
                    break
            if found:
                break
        self._clashes[(a, b)] = found
        return found


def _rows(store: ox.Store, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in store.query(_PROLOGUE + query)]


def _value(term: object) -> str:
    return getattr(term, "value", str(term))


def _class_set(store: ox.Store, node: object) -> frozenset[str] | None:
    """A named class, or the named members of an owl:unionOf; None for other class expressions."""
    if isinstance(node, ox.NamedNode):
        return frozenset({node.value})
    members = [
        row[0]
        for row in store.query(
            _PROLOGUE
            + "SELECT ?m ?u ?o WHERE { GRAPH ?o { ?u owl:unionOf/rdf:rest*/rdf:first ?m } }",
            substitutions={ox.Variable("u"): node, ox.Variable("o"): _onto()},
        )
    ]
    if not members or not all(isinstance(m, ox.NamedNode) for m in members):
        return None
    return frozenset(m.value for m in members)


def _onto() -> ox.NamedNode:
    return ox.NamedNode(str(ONTOLOGY_GRAPH))


def read_schema(store: ox.Store) -> Schema:
    """Subclass edges, disjoint pairs, domains and ranges (with sub-properties and inverses)."""
    schema = Schema()
    onto = f"<{ONTOLOGY_GRAPH}>"
    for sub, sup in _rows(
        store,
        f"SELECT ?c ?d WHERE {{ GRAPH {onto} {{ "
        "{ ?c rdfs:subClassOf ?d } UNION { ?c owl:equivalentClass ?d } "
        "UNION { ?d owl:equivalentClass ?c } } FILTER(isIRI(?c) && isIRI(?d)) }",
    ):
        schema.superclasses.setdefault(_value(sub), set()).add(_value(sup))
    for a, b in _rows(
        store,
        f"SELECT ?a ?b WHERE {{ GRAPH {onto} {{ {{ ?a owl:disjointWith ?b }} UNION {{ "
        "?l a owl:AllDisjointClasses ; owl:members ?m . ?m rdf:rest*/rdf:first ?a . "
        "?m rdf:rest*/rdf:first ?b } } FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b) }",
    ):
        schema.disjoint.add(frozenset((_value(a), _value(b))))
    # property -> its own and inherited (super-property) domains and ranges
    supers: dict[str, set[str]] = defaultdict(set)
    for p, q in _rows(
        store,
        f"SELECT ?p ?q WHERE {{ GRAPH {onto} {{ ?p rdfs:subPropertyOf ?q }} "
        "FILTER(isIRI(?p) && isIRI(?q)) }",
    ):
        supers[_value(p)].add(_value(q))
    inverse: dict[str, set[str]] = defaultdict(set)
    for p, q in _rows(
        store,
        f"SELECT ?p ?q WHERE {{ GRAPH {onto} {{ ?p owl:inverseOf ?q }} "
        "FILTER(isIRI(?p) && isIRI(?q)) }",
    ):
        inverse[_value(p)].add(_value(q))
        inverse[_value(q)].add(_value(p))
    own_dom: dict[str, list[frozenset[str]]] = defaultdict(list)
    own_rng: dict[str, list[frozenset[str]]] = defaultdict(list)
    for axiom, target in (("rdfs:domain", own_dom), ("rdfs:range", own_rng)):
        for p, cls in _rows(
            store,
            f"SELECT ?p ?c WHERE {{ GRAPH {onto} {{ ?p {axiom} ?c . ?p a owl:ObjectProperty }} }}",
        ):
            classes = _class_set(store, cls)
            if classes is not None:
                target[_value(p)].append(classes)
    props = set(own_dom) | set(own_rng) | set(supers) | set(inverse)
    for prop in props:
        up, todo = {prop}, [prop]
        while todo:
            for q in supers.get(todo.pop(), ()):
                if q not in up:
                    up.add(q)
                    todo.append(q)
        for q in sorted(up):
            via = "" if q == prop else f" (a sub-property of {short(q)})"
            for classes in own_dom.get(q, []):
                schema.domains.setdefault(prop, []).append((f"domain{via}", classes))
            for classes in own_rng.get(q, []):
                schema.ranges.setdefault(prop, []).append((f"range{via}", classes))
            # x q y with q inverse of r: y r x, so r's domain applies to y and its range to x
            for r in sorted(inverse.get(q, ())):
                how = f" (inverse of {short(r)})"
                for classes in own_rng.get(r, []):
                    known = [c for _how, c in schema.domains.get(prop, [])]
                    if classes not in known:
                        schema.domains.setdefault(prop, []).append(
                            (f"range of its inverse{how}", classes)
                        )
                for classes in own_dom.get(r, []):
                    known = [c for _how, c in schema.ranges.get(prop, [])]
                    if classes not in known:
                        schema.ranges.setdefault(prop, []).append(
                            (f"domain of its inverse{how}", classes)
                        )
    return schema


@dataclass(frozen=True)
class _Need:
    classes: frozenset[str]  # the entity is in one of these
    role: str = "asserted"  # or "subject" / "object" of `prop`
    prop: str = ""
    how: str = ""  # "domain", "range", "range of its inverse (…)"

    @property
    def why(self) -> str:
        """ "asserted" or "subject of ak:leaderOf, whose domain is Person"."""
        if self.role == "asserted":
            return "asserted"
        return f"{self.role} of {short(self.prop)}, whose {self.how} is {_describe(self.classes)}"


def _describe(classes: frozenset[str]) -> str:
    names = sorted(name(c) for c in classes)
    return names[0] if len(names) == 1 else "one of " + ", ".join(names)


def _order(need: _Need) -> tuple[bool, str, str, str, list[str]]:
    return (need.role != "asserted", need.role, need.prop, need.how, sorted(need.classes))


def memberships(store: ox.Store, schema: Schema) -> dict[str, list[_Need]]:
    """Every class each entity of the data graphs must belong to, with the reason."""
    needs: dict[str, set[_Need]] = defaultdict(set)
    skip = f"FILTER(?g != <{ONTOLOGY_GRAPH}> && ?g != <{INFERRED_GRAPH}>)"
    for x, c in _rows(
        store,
        f"SELECT DISTINCT ?x ?c WHERE {{ GRAPH ?g {{ ?x rdf:type ?c }} {skip} FILTER(isIRI(?c)) }}",
    ):
        needs[_value(x)].add(_Need(frozenset({_value(c)})))
    constrained = sorted(set(schema.domains) | set(schema.ranges))
    if not constrained:
        return {x: sorted(n, key=_order) for x, n in needs.items()}
    # VALUES from parsed IRIs (ox.NamedNode prints a checked <iri>), never pasted text
    values = " ".join(str(ox.NamedNode(p)) for p in constrained)
    for x, p, y in _rows(
        store,
        f"SELECT DISTINCT ?x ?p ?y WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?x ?p ?y }} "
        f"{skip} FILTER(!isLiteral(?y)) }}",
    ):
        prop = _value(p)
        for how, classes in schema.domains.get(prop, []):
            needs[_value(x)].add(_Need(classes, "subject", prop, how))
        for how, classes in schema.ranges.get(prop, []):
            needs[_value(y)].add(_Need(classes, "object", prop, how))
    return {x: sorted(n, key=_order) for x, n in needs.items()}


def _pair_clash(schema: Schema, a: _Need, b: _Need) -> list[tuple[str, str, str, str]]:
    """For needs `a` and `b`: every choice (ca, cb) is disjoint → the clashing pairs, else []."""
    pairs = []
    for ca in sorted(a.classes):
        for cb in sorted(b.classes):
            hit = schema.clash(ca, cb)
            if hit is None:
                return []
            pairs.append((ca, cb, *hit))
    return pairs


def _reasons(needs: list[_Need]) -> str:
    """ "Company (asserted)" or "Nation (asserted; object of ak:country, …)", grouped by class."""
    by_class: dict[str, list[str]] = {}
    for need in needs:
        by_class.setdefault(_describe(need.classes), []).append(need.why)
    return " / ".join(f"{cls} ({'; '.join(whys)})" for cls, whys in by_class.items())


def _axiom(x: str, y: str) -> str:
    return f"{short(x)} and {short(y)} are disjoint"


def find_clashes(store: ox.Store, schema: Schema | None = None) -> list[Finding]:
    """Entities that must belong to two disjoint classes, and classes that cannot have members."""
    schema = schema or read_schema(store)
    findings: list[Finding] = []
    bad_classes: dict[str, tuple[str, str]] = {}
    for cls in sorted(schema.superclasses):
        for x in sorted(schema.closure(cls)):
            for y in sorted(schema.closure(cls)):
                if x < y and frozenset((x, y)) in schema.disjoint:
                    bad_classes.setdefault(cls, (x, y))
    for cls, (x, y) in bad_classes.items():
        findings.append(
            Finding(
                "unsatisfiable-class",
                short(cls),
                f"class {name(cls)} cannot have members: it is a subclass of both {name(x)} and "
                f"{name(y)}, which the ontology declares disjoint",
                (f"{short(cls)} rdfs:subClassOf {short(x)}, {short(y)}", _axiom(x, y)),
            )
        )
    for entity, needs in sorted(memberships(store, schema).items()):
        seen: set[tuple[str, str]] = set()
        for need in needs:
            if len(need.classes) == 1:
                (cls,) = need.classes
                if cls in bad_classes and (cls, cls) not in seen:
                    seen.add((cls, cls))
                    x, y = bad_classes[cls]
                    findings.append(
                        Finding(
                            "disjoint",
                            short(entity),
                            f"{short(entity)} is a {name(cls)} ({need.why}), a class that cannot "
                            f"have members: it falls under both {name(x)} and {name(y)}, which "
                            "the ontology declares disjoint",
                            (_axiom(x, y),),
                        )
                    )
        # single-class needs: group the clashes by the disjointness axiom they break
        by_axiom: dict[tuple[str, str], tuple[list[_Need], list[_Need]]] = {}
        singles = [n for n in needs if len(n.classes) == 1]
        for i, a in enumerate(singles):
            for b in singles[i + 1 :]:
                for _ca, _cb, x, y in _pair_clash(schema, a, b):
                    one, two = (b, a) if (y, x) in by_axiom else (a, b)
                    key = (y, x) if (y, x) in by_axiom else (x, y)
                    left, right = by_axiom.setdefault(key, ([], []))
                    if one not in left:
                        left.append(one)
                    if two not in right:
                        right.append(two)
        for (x, y), (left, right) in by_axiom.items():
            findings.append(
                Finding(
                    "disjoint",
                    short(entity),
                    f"{short(entity)} is typed both {_reasons(left)} and {_reasons(right)}, "
                    f"but the ontology declares {name(x)} and {name(y)} disjoint",
                    (_axiom(x, y),),
                )
            )
        # a need for one of several classes (a union domain or range) that all clash
        unions = [n for n in needs if len(n.classes) > 1]
        for u in unions:
            for s in singles:
                pairs = _pair_clash(schema, u, s)
                if pairs:
                    findings.append(
                        Finding(
                            "disjoint",
                            short(entity),
                            f"{short(entity)} is typed both {_reasons([s])} and "
                            f"{_describe(u.classes)} ({u.why}), but the ontology declares each "
                            f"of those disjoint with {_describe(s.classes)}",
                            tuple(dict.fromkeys(_axiom(x, y) for _a, _b, x, y in pairs)),
                        )
                    )
    return findings
