"""The ontology as data: read ``ontology/alliance.ttl`` into a `Vocabulary` of terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import ProjectError
from .namespaces import AK

#: the classes of shared/ONTOLOGY-CONTRACT.md; every annotated class must descend from one
CORE_CLASSES: tuple[str, ...] = (
    "Nation",
    "Agency",
    "Company",
    "ResearchInstitute",
    "Program",
    "System",
    "Agreement",
    "Investment",
    "Commitment",
    "Person",
    "Location",
    "Topic",
)


@dataclass(frozen=True)
class Vocabulary:
    """The terms of the ontology by local name, with the class hierarchy closed."""

    graph: Graph
    classes: frozenset[str]
    object_properties: frozenset[str]
    datatype_properties: frozenset[str]
    ancestors: dict[str, frozenset[str]] = field(repr=False)

    def iri(self, name: str) -> URIRef:
        """The IRI of a term, by local name."""
        return AK[name]

    def is_a(self, cls: str, ancestor: str) -> bool:
        """Whether `cls` is `ancestor` or one of its (transitive) subclasses."""
        return ancestor in self.ancestors.get(cls, frozenset())

    def core_class(self, cls: str) -> str | None:
        """The core contract class that `cls` falls under, if any."""
        return next((c for c in CORE_CLASSES if self.is_a(cls, c)), None)


def load_vocabulary(path: Path) -> Vocabulary:
    """Parse the ontology file and index its classes and properties."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise ProjectError(f"{path}: ontology file not found") from None
    except Exception as exc:  # rdflib raises many types for bad Turtle
        raise ProjectError(f"{path}: cannot parse the ontology: {exc}") from None
    return vocabulary_from_graph(graph)


def vocabulary_from_graph(graph: Graph) -> Vocabulary:
    """Index an ontology already in memory (e.g. the store's ontology graph)."""

    def local(term: object) -> str | None:
        text = str(term)
        return (
            text[len(str(AK)) :] if isinstance(term, URIRef) and text.startswith(str(AK)) else None
        )

    classes = {n for c in graph.subjects(RDF.type, OWL.Class) if (n := local(c))}
    obj_props = {n for p in graph.subjects(RDF.type, OWL.ObjectProperty) if (n := local(p))}
    data_props = {n for p in graph.subjects(RDF.type, OWL.DatatypeProperty) if (n := local(p))}
    parents: dict[str, set[str]] = {c: set() for c in classes}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if (s := local(sub)) and (o := local(sup)):
            parents.setdefault(s, set()).add(o)
    ancestors: dict[str, frozenset[str]] = {}
    for cls in parents:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in parents.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        ancestors[cls] = frozenset(seen)
    return Vocabulary(
        graph, frozenset(classes), frozenset(obj_props), frozenset(data_props), ancestors
    )
