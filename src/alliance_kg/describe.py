"""What an annotator may use: the ontology's classes and properties, and one term in full.

Everything comes from a `Vocabulary` (the ontology read once); nothing here reads the ontology
graph itself. `listing` gives every ak: class (grouped under its core class, in the contract's
order) and every object and datatype property with its label and the first sentence of its
definition. `describe` gives one term in full: kind, definition, superclasses and subclasses,
domain and range, inverse, symmetric/transitive/functional, and, given a built store, examples
from the data (a stored statement with its evidence sentence, or entities of a class).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

import networkx as nx

from .derived import union_options
from .errors import UnknownTermError
from .namespaces import AK, PREFIXES, short
from .ontology import Term, Vocabulary

if TYPE_CHECKING:
    import pyoxigraph as ox

#: a term as a sentence names it: ``Nation``, ``foaf:Agent``
name = partial(short, bare_ak=True)

_AK = str(AK)
_PROPERTY_KINDS = ("object property", "datatype property")
#: abbreviations a sentence does not end at
_ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "etc.", "vs.", "St.", "No.", "U.S.", "U.K.", "D.C.")


def first_sentence(text: str) -> str:
    """The first sentence of a definition (abbreviations such as "e.g." and "U.S." kept)."""
    text = " ".join(text.split())
    for m in re.finditer(r"[.!?](?=\s+[A-Z“\"(])", text):
        head = text[: m.end()]
        if not head.endswith(_ABBREVIATIONS) and not re.search(r"\b[A-Z]\.$", head):
            return head
    return text


def _alternatives(sets: tuple[frozenset[str], ...]) -> list[str]:
    """A domain or range: each alternative, a union written ``A or B``."""
    return [" or ".join(sorted(name(i) for i in alt)) for alt in sets]


# --------------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class Entry:
    """One term in the listing; `depth` is how far a class is below its core class."""

    name: str
    label: str
    summary: str
    depth: int = 0
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ClassGroup:
    """A core class and the classes under it (`core` None: classes under no core class)."""

    core: str | None
    classes: list[Entry]


@dataclass(frozen=True)
class Listing:
    """Every class an annotator may use, the object and datatype properties, and (apart) the
    provenance properties the loader writes."""

    classes: list[ClassGroup]
    object_properties: list[Entry]
    datatype_properties: list[Entry]
    #: written by the loader (evidence, offsets, documents), never stated in an annotation
    provenance_properties: list[Entry] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return asdict(self)


def _entry(term: Term, depth: int = 0) -> Entry:
    return Entry(
        name=term.name,
        label=term.label,
        summary=first_sentence(term.definition),
        depth=depth,
        domain=_alternatives(term.domains) if term.is_property else [],
        range=_alternatives(term.ranges) if term.is_property else [],
    )


def _class_tree(vocab: Vocabulary, core: str, members: set[str]) -> list[Entry]:
    """The core class, then its subclasses depth first (alphabetical at each level)."""
    hierarchy = vocab.class_hierarchy  # sub → super
    out: list[Entry] = []
    seen: set[str] = set()

    def visit(cls: str, depth: int) -> None:
        seen.add(cls)
        out.append(_entry(vocab.term(cls), depth))
        iri = vocab.term(cls).iri
        subs = hierarchy.predecessors(iri) if iri in hierarchy else []
        for sub in sorted(n for n in map(vocab.name_of, subs) if n in members and n not in seen):
            visit(sub, depth + 1)

    visit(core, 0)
    out += [_entry(vocab.term(c), 1) for c in sorted(members - seen)]
    return out


def listing(vocab: Vocabulary) -> Listing:
    """The classes under their core classes, in the contract's order, then the properties."""
    classes = vocab.terms("class")
    groups = []
    for core in vocab.core_classes:
        members = {t.name for t in classes if vocab.core_class(t.name) == core}
        groups.append(ClassGroup(core, _class_tree(vocab, core, members)))
    rest = [_entry(t) for t in classes if vocab.core_class(t.name) is None]
    provenance = vocab.provenance_properties
    if rest:
        groups.append(ClassGroup(None, rest))
    return Listing(
        classes=groups,
        object_properties=[
            _entry(t) for t in vocab.terms("object property") if t.name not in provenance
        ],
        datatype_properties=[
            _entry(t) for t in vocab.terms("datatype property") if t.name not in provenance
        ],
        provenance_properties=[
            _entry(t) for t in vocab.terms() if t.is_property and t.name in provenance
        ],
    )


# ------------------------------------------------------------------------------ one term


@dataclass(frozen=True)
class Example:
    """An example from the data: a statement with its evidence, or an entity of a class."""

    text: str  # "Fujitsu —collaborates with→ NVIDIA", or "RIKEN"
    iri: str | None = None  # the entity (a class example)
    document: str | None = None
    sentence: str | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    via: str | None = None  # why the statement stands for the term (e.g. stated as its inverse)


@dataclass(frozen=True)
class Description:
    """One term in full. Names are ak: local names, or prefixed forms for other vocabularies.

    `examples` is None when no store was given (nothing could be looked up), and empty when the
    store has none.
    """

    name: str
    iri: str
    kind: str
    label: str
    definition: str
    core: str | None = None
    party: bool = False
    superclasses: list[str] = field(default_factory=list)  # nearest first
    subclasses: list[str] = field(default_factory=list)  # nearest first
    superproperties: list[str] = field(default_factory=list)
    subproperties: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)  # alternatives, each "A" or "A or B"
    range: list[str] = field(default_factory=list)
    inverses: list[str] = field(default_factory=list)
    symmetric: bool = False
    transitive: bool = False
    functional: bool = False
    subject_of: list[str] = field(default_factory=list)  # properties whose domain covers it
    object_of: list[str] = field(default_factory=list)  # properties whose range covers it
    examples: list[Example] | None = None

    @property
    def flags(self) -> list[str]:
        """Which of symmetric, transitive and functional hold."""
        return [f for f in ("symmetric", "transitive", "functional") if getattr(self, f)]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return asdict(self)


def find_term(vocab: Vocabulary, text: str) -> Term:
    """The term named `text`: local name, ``ak:Name``, prefixed name, IRI or label, any case.

    Raises `UnknownTermError` with the closest names when nothing matches.
    """
    key = text.strip()
    try:
        return vocab.term(key)
    except UnknownTermError:
        pass
    prefix, sep, local = key.partition(":")
    if sep and prefix in PREFIXES and (found := vocab.get(PREFIXES[prefix] + local)):
        return found
    bare = key.removeprefix("ak:").casefold()
    terms = vocab.terms()
    hits = [t for t in terms if bare in (t.name.casefold(), t.label.casefold())]
    if len(hits) == 1:
        return hits[0]
    if hits:
        both = " or ".join(sorted(t.name for t in hits))
        raise UnknownTermError(f"{text!r} could be {both}; give the exact spelling")
    names = {t.name.casefold(): t.name for t in terms}
    close = difflib.get_close_matches(bare, sorted(names), n=3)
    hint = f"; did you mean {' or '.join(names[c] for c in close)}?" if close else ""
    raise UnknownTermError(f"the ontology defines no term {text!r}{hint}")


def _by_distance(graph: nx.DiGraph, iri: str) -> list[str]:
    """Nodes reachable from `iri`, nearest first, then by name."""
    if iri not in graph:
        return []
    hops = nx.single_source_shortest_path_length(graph, iri)
    order = sorted(hops, key=lambda n: (hops[n], not n.startswith(_AK), name(n)))
    return [name(n) for n in order if n != iri]


def _covers(sets: tuple[frozenset[str], ...], ancestors: frozenset[str]) -> bool:
    """Whether a declared domain or range names one of `ancestors` (an undeclared one: no)."""
    return any(alt & ancestors for alt in sets)


def _class_facts(vocab: Vocabulary, term: Term) -> dict[str, Any]:
    hierarchy = vocab.class_hierarchy
    ancestors = vocab.superclasses(term.iri)
    props = [t for t in vocab.terms() if t.kind in _PROPERTY_KINDS]
    return {
        "core": vocab.core_class(term.name),
        "party": vocab.is_party(term.name),
        "superclasses": _by_distance(hierarchy, term.iri),
        "subclasses": _by_distance(hierarchy.reverse(copy=False), term.iri),
        "subject_of": [p.name for p in props if _covers(p.domains, ancestors)],
        "object_of": [p.name for p in props if _covers(p.ranges, ancestors)],
    }


def _property_facts(vocab: Vocabulary, term: Term) -> dict[str, Any]:
    subs = sorted(t.name for t in vocab.terms() if term.iri in t.parents and t.is_property)
    return {
        "superproperties": sorted(name(p) for p in term.parents),
        "subproperties": subs,
        "domain": _alternatives(term.domains),
        "range": _alternatives(term.ranges),
        "inverses": sorted(name(i) for i in term.inverses),
        "symmetric": term.symmetric,
        "transitive": term.transitive,
        "functional": term.functional,
    }


def describe(
    vocab: Vocabulary,
    text: str,
    store: ox.Store | None = None,
    *,
    statements: int = 1,
    entities: int = 2,
) -> Description:
    """One term in full; with a store, examples from the data.

    The examples are up to `statements` stored statements of a property, each with its evidence
    sentence, or up to `entities` entities of a class.
    """
    term = find_term(vocab, text)
    facts = _class_facts(vocab, term) if term.kind == "class" else _property_facts(vocab, term)
    found = None
    if store is not None:
        if term.kind == "class":
            found = class_examples(store, vocab, term, entities)
        else:
            found = property_examples(store, term, statements)
    return Description(
        name=term.name,
        iri=short(term.iri),
        kind=term.kind,
        label=term.label,
        definition=" ".join(term.definition.split()),
        examples=found,
        **facts,
    )


# ------------------------------------------------------------------------- from the store

_ENTITIES = """
SELECT DISTINCT ?e ?label ?type WHERE {
  ?e a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?e), STR(akid:)))
} ORDER BY ?label LIMIT %d"""


def class_examples(store: ox.Store, vocab: Vocabulary, term: Term, limit: int) -> list[Example]:
    """Up to `limit` entities of the class, its own members first, then its subclasses'."""
    import pyoxigraph as ox

    hierarchy = vocab.class_hierarchy
    subclasses = nx.ancestors(hierarchy, term.iri) if term.iri in hierarchy else set()
    classes = [term.iri, *sorted(subclasses)]
    out: dict[str, Example] = {}
    for cls in classes:
        rows = store.query(
            _ENTITIES % limit,
            prefixes=PREFIXES,
            substitutions={ox.Variable("type"): ox.NamedNode(cls)},
            **union_options(store),
        )
        for row in rows:
            iri = row["e"].value
            out.setdefault(iri, Example(text=row["label"].value, iri=short(iri)))
        if len(out) >= limit:
            break
    return list(out.values())[:limit]


def property_examples(store: ox.Store, term: Term, limit: int) -> list[Example]:
    """Up to `limit` stored statements of the property with their evidence sentences.

    A property never stated itself (``signed``) is shown by its inverse's statements.
    """
    from .provenance import statements_of

    found = statements_of(store, term.iri, limit)
    for inverse in sorted(term.inverses):
        if found:
            break
        via = f"stated with its inverse, {name(inverse)}"
        found = [replace(p, via=via) for p in statements_of(store, inverse, limit)]
    return [
        Example(
            text=f"{p.subject_label} —{p.property_label}→ {p.object_label}",
            document=p.document,
            sentence=p.sentence,
            quote=p.quote,
            start=p.start,
            end=p.end,
            via=p.via,
        )
        for p in found
    ]
