"""The ontology as data: ``ontology/alliance.ttl`` read once into a `Vocabulary`.

Every module that needs to know something about the ontology (labels, definitions, the class
hierarchy, domains and ranges, inverses, symmetric and transitive properties, disjointness,
which classes are core and which are parties, how a class is drawn) asks a `Vocabulary`; none
reads the ontology graph itself. The namespace is closed: `Vocabulary.term` raises on a name the
ontology does not define, so a typo fails at once instead of minting a new IRI.

Closures (superclasses, superproperties) are NetworkX reachability over the asserted
``rdfs:subClassOf`` / ``owl:equivalentClass`` and ``rdfs:subPropertyOf`` edges.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import networkx as nx
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, ClosedNamespace

from .errors import ProjectError, UnknownTermError
from .namespaces import AK, short

if TYPE_CHECKING:
    import pyoxigraph as ox

Kind = Literal["class", "object property", "datatype property", "annotation property"]

_KINDS: dict[URIRef, Kind] = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}
_AK = str(AK)


@dataclass(frozen=True)
class Term:
    """One declared class or property, with what the ontology says about it.

    IRIs are full strings. A domain or range is a tuple of alternatives, each a set of named
    classes (one class, or the members of an ``owl:unionOf``); for a datatype property the range
    holds datatype IRIs.
    """

    iri: str
    name: str  # the local name of an ak: term, else the prefixed form (`namespaces.short`)
    kind: Kind
    label: str
    definition: str = ""
    parents: frozenset[str] = frozenset()  # direct superclasses or superproperties
    domains: tuple[frozenset[str], ...] = ()
    ranges: tuple[frozenset[str], ...] = ()
    inverses: frozenset[str] = frozenset()
    symmetric: bool = False
    transitive: bool = False
    functional: bool = False
    core_order: int | None = None  # ak:coreClass: a core class, and its place in the contract
    party: bool = False  # ak:partyClass: members act (sign, invest, lead)
    colour: str | None = None  # ak:displayColour
    shape: str | None = None  # ak:displayShape

    @property
    def is_property(self) -> bool:
        """Whether the term is a property (of any of the three kinds)."""
        return self.kind != "class"


class Vocabulary:
    """The terms of one ontology graph, indexed once; ak: terms are found by local name."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._terms: dict[str, Term] = {}
        for kind_iri, kind in _KINDS.items():
            for node in graph.subjects(RDF.type, kind_iri):
                if isinstance(node, URIRef) and str(node) not in self._terms:
                    self._terms[str(node)] = _read_term(graph, node, kind)
        self._by_name = {t.name: t for t in self._terms.values() if t.iri.startswith(_AK)}
        self._class_edges = _edges(graph, (RDFS.subClassOf,), (OWL.equivalentClass,))
        self._property_edges = _edges(graph, (RDFS.subPropertyOf,), (OWL.equivalentProperty,))
        self._closures: dict[tuple[str, str], frozenset[str]] = {}

    # -- terms ------------------------------------------------------------------------------
    def term(self, name: str) -> Term:
        """The term called `name` (ak: local name, ``ak:Name`` or full IRI); raises if unknown."""
        key = name.strip()
        if key.startswith("ak:"):
            key = key[3:]
        found = self._by_name.get(key) or self._terms.get(key.strip("<>"))
        if found is None:
            close = difflib.get_close_matches(key, sorted(self._by_name), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise UnknownTermError(f"the ontology defines no term {name!r}{hint}")
        return found

    def iri(self, name: str) -> URIRef:
        """The IRI of a defined term (closed namespace: an unknown name raises)."""
        return URIRef(self.term(name).iri)

    @cached_property
    def ak(self) -> ClosedNamespace:
        """The ak: namespace closed over the defined terms: ``vocab.ak.quote`` is an IRI,
        ``vocab.ak.qoute`` raises (a misspelt term in code fails at once, never mints an IRI)."""
        return ClosedNamespace(_AK, sorted(self._by_name))

    def get(self, iri: str) -> Term | None:
        """The term with this IRI, if the ontology declares it (any namespace)."""
        return self._terms.get(iri)

    def name_of(self, iri: str) -> str | None:
        """The local name of a defined ak: term, else None."""
        term = self._terms.get(iri)
        return term.name if term is not None and iri.startswith(_AK) else None

    def terms(self, kind: Kind | None = None) -> list[Term]:
        """The ak: terms (of one kind), sorted by name."""
        return sorted(
            (t for t in self._by_name.values() if kind is None or t.kind == kind),
            key=lambda t: t.name,
        )

    def all_terms(self) -> list[Term]:
        """Every declared term, ak: or not (external terms declared in the ontology), by IRI."""
        return sorted(self._terms.values(), key=lambda t: t.iri)

    def _names(self, kind: Kind) -> frozenset[str]:
        return frozenset(t.name for t in self._by_name.values() if t.kind == kind)

    @cached_property
    def classes(self) -> frozenset[str]:
        """Local names of the ak: classes."""
        return self._names("class")

    @cached_property
    def object_properties(self) -> frozenset[str]:
        """Local names of the ak: object properties."""
        return self._names("object property")

    @cached_property
    def datatype_properties(self) -> frozenset[str]:
        """Local names of the ak: datatype properties."""
        return self._names("datatype property")

    def check(self, names: Iterable[str], known: Iterable[str], what: str) -> None:
        """Raise `UnknownTermError` for the first of `names` not among `known`, with hints."""
        known = sorted(known)
        for name in sorted(names):
            if name not in known:
                close = difflib.get_close_matches(name, known, n=3)
                hint = f"; did you mean {' or '.join(close)}?" if close else ""
                raise UnknownTermError(f"unknown {what} {name!r}{hint}")

    # -- hierarchy ----------------------------------------------------------------------------
    def _closure(self, edges: nx.DiGraph, iri: str) -> frozenset[str]:
        key = (id(edges), iri)
        if key not in self._closures:
            up = nx.descendants(edges, iri) if iri in edges else set()
            self._closures[key] = frozenset({iri, *up})
        return self._closures[key]

    def superclasses(self, cls: str) -> frozenset[str]:
        """IRIs of `cls` and every class it falls under (subClassOf, equivalentClass)."""
        return self._closure(self._class_edges, _as_iri(cls))

    def superproperties(self, prop: str) -> frozenset[str]:
        """IRIs of `prop` and every property it is a sub-property of."""
        return self._closure(self._property_edges, _as_iri(prop))

    @property
    def class_hierarchy(self) -> nx.DiGraph:
        """Class IRI → direct superclass IRI edges (equivalences both ways); do not modify."""
        return self._class_edges

    def is_a(self, cls: str, ancestor: str) -> bool:
        """Whether `cls` is `ancestor` or falls under it (names or IRIs)."""
        return _as_iri(ancestor) in self.superclasses(cls)

    @cached_property
    def disjoint(self) -> frozenset[frozenset[str]]:
        """Pairs of class IRIs declared disjoint (owl:disjointWith, owl:AllDisjointClasses)."""
        pairs = {
            frozenset((str(a), str(b)))
            for a, b in self.graph.subject_objects(OWL.disjointWith)
            if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b
        }
        for node in self.graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = _list(self.graph, self.graph.value(node, OWL.members))
            pairs |= {frozenset((a, b)) for a in members for b in members if a != b}
        return frozenset(pairs)

    def most_specific(self, classes: Iterable[str]) -> str | None:
        """Of the ak: class names given, the first (sorted) that has no subclass among them."""
        known = [c for c in classes if c in self.classes]
        for cls in sorted(known):
            if not any(other != cls and self.is_a(other, cls) for other in known):
                return cls
        return None

    @cached_property
    def provenance_properties(self) -> frozenset[str]:
        """ak: properties of provenance, which the loader writes and annotations never state:
        object properties whose range is a provenance record (a ``prov:Entity``: a document
        or an evidence span) and datatype properties of such records (quote, offsets, sha256)."""

        def records(sets: tuple[frozenset[str], ...]) -> bool:
            return bool(sets) and all(self.is_a(c, str(PROV.Entity)) for s in sets for c in s)

        return frozenset(
            t.name
            for t in self._by_name.values()
            if (t.kind == "object property" and records(t.ranges))
            or (t.kind == "datatype property" and records(t.domains))
        )

    # -- what tools need to know about classes --------------------------------------------------
    @cached_property
    def core_classes(self) -> tuple[str, ...]:
        """The core classes (marked ``ak:coreClass``), in the contract's order."""
        core = [t for t in self._by_name.values() if t.core_order is not None]
        return tuple(t.name for t in sorted(core, key=lambda t: (t.core_order, t.name)))

    @cached_property
    def party_classes(self) -> frozenset[str]:
        """The core classes whose members are parties (marked ``ak:partyClass``)."""
        return frozenset(c for c in self.core_classes if self._by_name[c].party)

    def core_class(self, cls: str) -> str | None:
        """The core class that `cls` falls under (the first in contract order), if any."""
        return next((c for c in self.core_classes if self.is_a(cls, c)), None)

    def is_party(self, cls: str) -> bool:
        """Whether members of `cls` are parties (its core class is a party class)."""
        return self.core_class(cls) in self.party_classes

    def style(self, core: str) -> tuple[str, str] | None:
        """(colour, vis shape) of a core class, if the ontology gives both."""
        term = self._by_name.get(core)
        if term is None or term.colour is None or term.shape is None:
            return None
        return term.colour, term.shape

    # -- readers ----------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: Path) -> Vocabulary:
        """Parse an ontology file (Turtle) into a vocabulary; a clear error if it cannot."""
        from .errors import RdfInputError
        from .rdfread import as_graph, read_rdf

        if not Path(path).is_file():
            raise ProjectError(f"{path}: ontology file not found")
        try:
            graph = as_graph(read_rdf(path))  # the safe reader: the project's ontology is input
        except RdfInputError as exc:
            raise ProjectError(f"cannot read the ontology: {exc}") from None
        return cls(graph)

    @classmethod
    def from_store(cls, store: ox.Store) -> Vocabulary:
        """The vocabulary of a built store's ontology graph (what the store was built with)."""
        from .store import ontology_graph

        return cls(ontology_graph(store))


def load_vocabulary(path: Path) -> Vocabulary:
    """Parse the ontology file and index its terms (`Vocabulary.from_file`)."""
    return Vocabulary.from_file(path)


def vocabulary_from_graph(graph: Graph) -> Vocabulary:
    """Index an ontology already in memory."""
    return Vocabulary(graph)


# --------------------------------------------------------------------------- reading terms


def _as_iri(name: str) -> str:
    return name if ":" in name and not name.startswith("ak:") else _AK + name.removeprefix("ak:")


def _list(graph: Graph, head: object) -> list[str]:
    if head is None:
        return []
    return [str(m) for m in Collection(graph, head) if isinstance(m, URIRef)]


def _class_sets(graph: Graph, node: URIRef, axiom: URIRef) -> tuple[frozenset[str], ...]:
    """Each value of `axiom` as a set of named classes; a union counts as its members."""
    out = []
    for value in graph.objects(node, axiom):
        if isinstance(value, URIRef):
            out.append(frozenset({str(value)}))
        elif isinstance(value, BNode) and (union := graph.value(value, OWL.unionOf)) is not None:
            members = list(Collection(graph, union))
            if members and all(isinstance(m, URIRef) for m in members):
                out.append(frozenset(str(m) for m in members))
    return tuple(sorted(out, key=sorted))


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: getattr(v, "language", "") != "en")
    return str(values[0]) if values else ""


def _read_term(graph: Graph, node: URIRef, kind: Kind) -> Term:
    iri = str(node)
    types = set(graph.objects(node, RDF.type))
    parent_axiom = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf
    core = graph.value(node, AK.coreClass)
    inverses = {str(o) for o in graph.objects(node, OWL.inverseOf) if isinstance(o, URIRef)}
    inverses |= {str(s) for s in graph.subjects(OWL.inverseOf, node) if isinstance(s, URIRef)}
    name = iri[len(_AK) :] if iri.startswith(_AK) else short(iri)
    return Term(
        iri=iri,
        name=name,
        kind=kind,
        label=_text(graph, node, RDFS.label) or name,
        definition=_text(graph, node, RDFS.comment),
        parents=frozenset(
            str(o) for o in graph.objects(node, parent_axiom) if isinstance(o, URIRef)
        ),
        domains=_class_sets(graph, node, RDFS.domain),
        ranges=_class_sets(graph, node, RDFS.range),
        inverses=frozenset(inverses),
        symmetric=OWL.SymmetricProperty in types,
        transitive=OWL.TransitiveProperty in types,
        functional=OWL.FunctionalProperty in types,
        core_order=int(core) if core is not None else None,
        party=getattr(graph.value(node, AK.partyClass), "value", None) is True,
        colour=_text(graph, node, AK.displayColour) or None,
        shape=_text(graph, node, AK.displayShape) or None,
    )


def _edges(graph: Graph, directed: tuple[URIRef, ...], both_ways: tuple[URIRef, ...]) -> nx.DiGraph:
    """sub → super edges between named terms (equivalences count in both directions)."""
    edges = nx.DiGraph()
    for prop in directed + both_ways:
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o:
                edges.add_edge(str(s), str(o))
                if prop in both_ways:
                    edges.add_edge(str(o), str(s))
    return edges
