"""When things happen, as the documents date them: agreements, commitments and investments.

Dates come from the store, from the ontology's two date properties: ``ak:date`` (xsd:date) and
``ak:year`` (xsd:gYear), on an n-ary node (an investment or commitment dated as a whole) or on a
reified statement (``rdf:Statement``: "the 2025 … Agreement" puts ``ak:year 2025`` on its
``signedBy`` statements). A statement dates the agreement, commitment or investment it is
about (its subject, else its object); a dated statement about anything else (the 2025
deployment of a missile system) is kept as an ``other`` fact. A document's own date
(``dcterms:date``) is its publication, not an event, and is reported apart.

Nothing is invented: an item the text does not date is counted as undated, never placed; a year
stays a year (drawn as the span of that year), never a made-up day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .namespaces import PREFIXES
from .ontology import Vocabulary

#: the kinds the timeline is about, in the order it lists them
KINDS: tuple[str, ...] = ("Agreement", "Commitment", "Investment")
OTHER = "other"

_DATED = """
SELECT ?doc ?s ?p ?o ?year ?date ?sentence WHERE {
  GRAPH ?g {
    {
      ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
          prov:wasDerivedFrom ?d .
      OPTIONAL { ?st ak:year ?year }
      OPTIONAL { ?st ak:date ?date }
      FILTER(BOUND(?year) || BOUND(?date))
      OPTIONAL { ?st ak:evidence ?ev . ?ev ak:sentence ?sentence }
    } UNION {
      ?s prov:wasDerivedFrom ?d .
      FILTER NOT EXISTS { ?s a rdf:Statement }
      OPTIONAL { ?s ak:year ?year }
      OPTIONAL { ?s ak:date ?date }
      FILTER(BOUND(?year) || BOUND(?date))
      OPTIONAL { ?s ak:evidence ?ev . ?ev ak:sentence ?sentence }
    }
    ?d dcterms:identifier ?doc .
  }
}"""

_MENTIONED = """
SELECT ?doc ?e ?label ?type WHERE {
  GRAPH ?g { ?e ak:mentionedIn ?d ; a ?type ; rdfs:label ?label . ?d dcterms:identifier ?doc }
}"""

_DOCUMENTS = """
SELECT ?doc ?title ?date WHERE {
  GRAPH ?g {
    ?d a ak:Document ; dcterms:identifier ?doc .
    OPTIONAL { ?d dcterms:title ?title }
    OPTIONAL { ?d dcterms:date ?date }
  }
}"""


@dataclass(frozen=True)
class Document:
    """A source document: its id, title and own date (publication), when it gives them."""

    id: str
    title: str | None = None
    date: dt.date | None = None

    @property
    def name(self) -> str:
        """The title, else the id."""
        return self.title or self.id


@dataclass(frozen=True)
class Event:
    """One dated item of one document: what, when (a day or a whole year), and the evidence."""

    document: str
    item: str  # the IRI of the agreement, commitment or investment; of the subject for `other`
    label: str
    kind: str  # Agreement, Commitment, Investment or other
    when: str  # "2025" or "2025-10-28", as the text gives it
    start: dt.date
    end: dt.date  # the last day: a year runs from 1 January to 31 December
    via: tuple[str, ...]  # what dates it: "own date" or the statements ("signedBy Japan")
    sentence: str | None

    @property
    def precision(self) -> str:
        """``year`` or ``date``."""
        return "year" if len(self.when) == 4 else "date"

    def row(self) -> dict[str, Any]:
        """Plain values, for printing."""
        return {"document": self.document, "when": self.when, "precision": self.precision,
                "kind": self.kind, "item": self.label, "dated by": "; ".join(self.via),
                "evidence": self.sentence or "", "iri": self.item}  # fmt: skip


@dataclass(frozen=True)
class Timeline:
    """Dated events by document, and per document how many items of each kind are undated."""

    documents: tuple[Document, ...]
    events: tuple[Event, ...]
    undated: dict[str, dict[str, int]] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)  # kind → the ontology's display colour

    def rows(self) -> list[dict[str, Any]]:
        """One row per event, by document, then date."""
        return [e.row() for e in self.events]


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _when(year: Any, date: Any) -> tuple[str, dt.date, dt.date] | None:
    """The text's date or year as (shown, first day, last day); None when unreadable."""
    if date is not None:
        try:
            day = dt.date.fromisoformat(date.value[:10])
        except ValueError:
            day = None
        if day is not None:
            return day.isoformat(), day, day
    if year is not None:
        try:
            y = int(year.value[:4])
        except ValueError:
            return None
        return f"{y:04d}", *_year_span(y)
    return None


def timeline(store: ox.Store, *, document: str | None = None) -> Timeline:
    """The dated agreements, commitments, investments (and other dated facts) of the store.

    With `document`, only that document's (an unknown id is an `InputError` naming the known ones).
    """
    from .errors import InputError

    vocab = Vocabulary.from_store(store)
    docs = {}
    for r in store.query(_DOCUMENTS, prefixes=PREFIXES):
        when = _when(None, r["date"])
        docs[r["doc"].value] = Document(
            r["doc"].value, r["title"].value if r["title"] else None, when[1] if when else None
        )
    if document is not None and document not in docs:
        known = ", ".join(sorted(docs)) or "none"
        raise InputError(f"no document {document!r} in the store (documents: {known})")
    labels: dict[str, str] = {}
    types: dict[str, set[str]] = defaultdict(set)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for r in store.query(_MENTIONED, prefixes=PREFIXES):
        e = r["e"].value
        labels.setdefault(e, r["label"].value)
        if (t := vocab.name_of(r["type"].value)) is not None:
            types[e].add(t)
        mentioned[r["doc"].value].add(e)

    def kind(iri: str) -> str | None:
        cls = vocab.most_specific(types.get(iri, ()))
        core = vocab.core_class(cls) if cls else None
        return core if core in KINDS else None

    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in store.query(_DATED, prefixes=PREFIXES):
        doc = r["doc"].value
        if document is not None and doc != document:
            continue
        when = _when(r["year"], r["date"])
        if when is None:
            continue
        s = r["s"].value
        p = vocab.name_of(r["p"].value) if r["p"] is not None else None
        o = r["o"].value if r["o"] is not None else None
        if p is None and r["p"] is not None:
            continue  # a statement of a property outside the ontology
        if p is not None:
            p = vocab.term(p).label or p
        if p is None:  # the node's own date
            item, via, k = s, "own date", kind(s)
            if k is None:
                continue
        elif (k := kind(s)) is not None:
            item, via = s, f"{p} {labels.get(o, _local(o))}"
        elif o is not None and (k := kind(o)) is not None:
            item, via = o, f"{labels.get(s, _local(s))} {p}"
        else:
            item, k, via = s, OTHER, f"{p} (the statement)"
        key = (doc, item if k != OTHER else f"{s} {p} {o}", when[0])
        slot = found.setdefault(key, {"kind": k, "when": when, "via": set(), "sentence": None,
                                      "label": None, "item": item})  # fmt: skip
        slot["via"].add(via.strip())
        if k == OTHER and slot["label"] is None:
            slot["label"] = f"{labels.get(s, _local(s))} {p} {labels.get(o, _local(o))}"
        if slot["sentence"] is None and r["sentence"] is not None:
            slot["sentence"] = r["sentence"].value
    events = [
        Event(doc, v["item"], v["label"] or labels.get(v["item"], _local(v["item"])), v["kind"],
              v["when"][0], v["when"][1], v["when"][2], tuple(sorted(v["via"])), v["sentence"])
        for (doc, _, _), v in found.items()
    ]  # fmt: skip
    order = {k: i for i, k in enumerate((*KINDS, OTHER))}
    events.sort(key=lambda e: (e.document, e.start, e.end, order[e.kind], e.label))
    dated = {(e.document, e.item) for e in events}
    undated: dict[str, dict[str, int]] = {}
    for doc, items in mentioned.items():
        if document is not None and doc != document:
            continue
        counts = {k: 0 for k in KINDS}
        for e in items:
            if (k := kind(e)) is not None and (doc, e) not in dated:
                counts[k] += 1
        undated[doc] = counts
    shown = tuple(d for i, d in sorted(docs.items()) if document is None or i == document)
    colours = {k: style[0] for k in KINDS if (style := vocab.style(k)) is not None}
    return Timeline(shown, tuple(events), undated, colours)


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
