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
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from functools import partial

import pyoxigraph as ox

from ..namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, short
from ..ontology import Vocabulary

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: a term as a sentence names it: ``Nation``, ``foaf:Agent``
name = partial(short, bare_ak=True)


def show_triple(triple: ox.Triple) -> str:
    """A triple with prefixed names, for messages."""

    def term(x: object) -> str:
        if isinstance(x, ox.NamedNode):
            return short(x.value)
        if isinstance(x, ox.Literal):
            return f'"{x.value}"'
        return str(x)

    return f"{term(triple.subject)} {term(triple.predicate)} {term(triple.object)}"


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
    """What the direct check needs from the ontology: the vocabulary, plus each object property's
    domains and ranges with those it inherits from super-properties and inverses."""

    vocab: Vocabulary
    domains: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    ranges: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    _clashes: dict[tuple[str, str], tuple[str, str] | None] = field(
        default_factory=dict, repr=False
    )

    @property
    def disjoint(self) -> frozenset[frozenset[str]]:
        """Pairs of class IRIs declared disjoint."""
        return self.vocab.disjoint

    def subclasses(self) -> list[str]:
        """Every class IRI that has a superclass, sorted."""
        hierarchy = self.vocab.class_hierarchy
        return sorted(n for n in hierarchy if hierarchy.out_degree(n))

    def closure(self, cls: str) -> frozenset[str]:
        """`cls` and all its superclasses (through subClassOf and equivalentClass)."""
        return self.vocab.superclasses(cls)

    def clash(self, a: str, b: str) -> tuple[str, str] | None:
        """A pair of declared-disjoint classes that `a` and `b` fall under, if any."""
        if (a, b) not in self._clashes:
            self._clashes[(a, b)] = next(
                (
                    (x, y)
                    for x in sorted(self.closure(a))
                    for y in sorted(self.closure(b))
                    if x != y and frozenset((x, y)) in self.disjoint
                ),
                None,
            )
        return self._clashes[(a, b)]


def _rows(store: ox.Store, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in store.query(query, prefixes=PREFIXES)]


def _value(term: object) -> str:
    return getattr(term, "value", str(term))


def read_schema(store: ox.Store) -> Schema:
    """The store's ontology as a `Schema` (see `schema_of`)."""
    return schema_of(Vocabulary.from_store(store))


def schema_of(vocab: Vocabulary) -> Schema:
    """Domains and ranges of every object property, inherited ones included, each with its why."""
    schema = Schema(vocab)
    for prop in (t for t in vocab.all_terms() if t.kind == "object property"):
        for q in sorted(vocab.superproperties(prop.iri)):
            up = vocab.get(q)
            if up is None:
                continue
            via = "" if q == prop.iri else f" (a sub-property of {short(q)})"
            for classes in up.domains:
                schema.domains.setdefault(prop.iri, []).append((f"domain{via}", classes))
            for classes in up.ranges:
                schema.ranges.setdefault(prop.iri, []).append((f"range{via}", classes))
            # x q y with q inverse of r: y r x, so r's domain applies to y and its range to x
            for r in sorted(up.inverses):
                _inherit_from_inverse(schema, prop.iri, r)
    return schema


def _inherit_from_inverse(schema: Schema, prop: str, inverse: str) -> None:
    term = schema.vocab.get(inverse)
    if term is None:
        return
    how = f" (inverse of {short(inverse)})"
    for classes in term.ranges:
        if classes not in [c for _how, c in schema.domains.get(prop, [])]:
            schema.domains.setdefault(prop, []).append((f"range of its inverse{how}", classes))
    for classes in term.domains:
        if classes not in [c for _how, c in schema.ranges.get(prop, [])]:
            schema.ranges.setdefault(prop, []).append((f"domain of its inverse{how}", classes))


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


def memberships(
    store: ox.Store, schema: Schema, only: Set[str] | None = None
) -> dict[str, list[_Need]]:
    """Every class each entity of the data graphs must belong to, with the reason.

    With `only` (entity IRIs), just those entities, read by index lookups of their own triples
    rather than by queries over every graph: an incremental build checks the entities its new
    documents name, whatever the size of the store.
    """
    if only is not None:
        return _memberships_of(store, schema, only)
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
    # each side on its own, DISTINCT: an entity's needs depend on (entity, property) only, so
    # these are fewer rows than every (subject, property, object) of the data
    for var, side, axioms in (("?x", "subject", schema.domains), ("?y", "object", schema.ranges)):
        if not axioms:
            continue
        values = _values("?p", sorted(axioms))
        for e, p in _rows(
            store,
            f"SELECT DISTINCT {var} ?p WHERE {{ {values} GRAPH ?g {{ ?x ?p ?y }} "
            f"{skip} FILTER(!isLiteral(?y)) }}",
        ):
            prop = _value(p)
            for how, classes in axioms[prop]:
                needs[_value(e)].add(_Need(classes, side, prop, how))
    return {x: sorted(n, key=_order) for x, n in needs.items()}


def _memberships_of(store: ox.Store, schema: Schema, only: Set[str]) -> dict[str, list[_Need]]:
    """`memberships` of the entities `only`: their triples as subject and as object."""
    rdf_type = str(RDF_TYPE)
    skip = {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH)}
    needs: dict[str, set[_Need]] = defaultdict(set)
    typed = ox.NamedNode(rdf_type)
    domained = [(p, (ox.NamedNode(p), axioms)) for p, axioms in sorted(schema.domains.items())]
    ranged = [(p, (ox.NamedNode(p), axioms)) for p, axioms in sorted(schema.ranges.items())]
    for x in sorted(only):
        node = ox.NamedNode(x)
        for q in store.quads_for_pattern(node, typed, None, None):
            data = isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in skip
            if data and isinstance(q.object, ox.NamedNode):
                needs[x].add(_Need(frozenset({q.object.value})))
        # one lookup per property with a domain (as subject) or a range (as object), stopping
        # at the first data triple: the need depends on (entity, property) only, and a hub (a
        # nation every document names) is in tens of thousands of triples at a million
        for prop, axioms in domained:
            for q in store.quads_for_pattern(node, axioms[0], None, None):
                if (
                    isinstance(q.graph_name, ox.NamedNode)
                    and q.graph_name.value not in skip
                    and not isinstance(q.object, ox.Literal)
                ):
                    for how, classes in axioms[1]:
                        needs[x].add(_Need(classes, "subject", prop, how))
                    break
        for prop, axioms in ranged:
            for q in store.quads_for_pattern(None, axioms[0], node, None):
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in skip:
                    for how, classes in axioms[1]:
                        needs[x].add(_Need(classes, "object", prop, how))
                    break
    return {x: sorted(n, key=_order) for x, n in needs.items()}


def _values(var: str, iris: Iterable[str]) -> str:
    """A VALUES clause of checked IRIs (``ox.NamedNode`` refuses anything that is not one)."""
    return f"VALUES {var} {{ {' '.join(str(ox.NamedNode(i)) for i in sorted(iris))} }}"


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


def find_clashes(
    store: ox.Store, schema: Schema | None = None, only: Set[str] | None = None
) -> list[Finding]:
    """Entities that must belong to two disjoint classes, and classes that cannot have members.

    With `only`, the entity check looks at those entities alone (see `memberships`).
    """
    schema = schema or read_schema(store)
    bad_classes = _unsatisfiable(schema)
    findings = [
        Finding(
            "unsatisfiable-class",
            short(cls),
            f"class {name(cls)} cannot have members: it is a subclass of both {name(x)} and "
            f"{name(y)}, which the ontology declares disjoint",
            (f"{short(cls)} rdfs:subClassOf {short(x)}, {short(y)}", _axiom(x, y)),
        )
        for cls, (x, y) in bad_classes.items()
    ]
    for entity, needs in sorted(memberships(store, schema, only).items()):
        findings += _members_of_bad_classes(entity, needs, bad_classes)
        findings += _single_clashes(entity, needs, schema)
        findings += _union_clashes(entity, needs, schema)
    return findings


def _unsatisfiable(schema: Schema) -> dict[str, tuple[str, str]]:
    """Classes that fall under two disjoint classes, each with the first such pair."""
    bad: dict[str, tuple[str, str]] = {}
    for cls in schema.subclasses():
        up = sorted(schema.closure(cls))
        pair = next(
            ((x, y) for x in up for y in up if x < y and frozenset((x, y)) in schema.disjoint),
            None,
        )
        if pair is not None:
            bad[cls] = pair
    return bad


def _members_of_bad_classes(
    entity: str, needs: list[_Need], bad_classes: dict[str, tuple[str, str]]
) -> list[Finding]:
    found: list[Finding] = []
    seen: set[str] = set()
    for need in needs:
        if len(need.classes) != 1:
            continue
        (cls,) = need.classes
        if cls in bad_classes and cls not in seen:
            seen.add(cls)
            x, y = bad_classes[cls]
            found.append(
                Finding(
                    "disjoint",
                    short(entity),
                    f"{short(entity)} is a {name(cls)} ({need.why}), a class that cannot "
                    f"have members: it falls under both {name(x)} and {name(y)}, which "
                    "the ontology declares disjoint",
                    (_axiom(x, y),),
                )
            )
    return found


def _single_clashes(entity: str, needs: list[_Need], schema: Schema) -> list[Finding]:
    """Single-class needs that clash, grouped by the disjointness axiom they break."""
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
    return [
        Finding(
            "disjoint",
            short(entity),
            f"{short(entity)} is typed both {_reasons(left)} and {_reasons(right)}, "
            f"but the ontology declares {name(x)} and {name(y)} disjoint",
            (_axiom(x, y),),
        )
        for (x, y), (left, right) in by_axiom.items()
    ]


def _union_clashes(entity: str, needs: list[_Need], schema: Schema) -> list[Finding]:
    """A need for one of several classes (a union domain or range) that all clash."""
    singles = [n for n in needs if len(n.classes) == 1]
    found: list[Finding] = []
    for u in (n for n in needs if len(n.classes) > 1):
        for s in singles:
            pairs = _pair_clash(schema, u, s)
            if pairs:
                found.append(
                    Finding(
                        "disjoint",
                        short(entity),
                        f"{short(entity)} is typed both {_reasons([s])} and "
                        f"{_describe(u.classes)} ({u.why}), but the ontology declares each "
                        f"of those disjoint with {_describe(s.classes)}",
                        tuple(dict.fromkeys(_axiom(x, y) for _a, _b, x, y in pairs)),
                    )
                )
    return found
