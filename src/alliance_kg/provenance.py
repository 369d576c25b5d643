"""Why does the graph say so? Statement → document, evidence sentence, quote and offsets.

Reads the RDF 1.1 reification the loader writes for every entity–entity statement (docs/design.md,
"Provenance"): ``?st rdf:subject/rdf:predicate/rdf:object``, ``prov:wasDerivedFrom`` the document
and ``ak:evidence`` spans with ``ak:quote``, ``ak:sentence``, ``ak:startOffset``, ``ak:endOffset``.
A symmetric property also matches the statement asserted the other way round, and a property
with an ``owl:inverseOf`` matches statements of its inverse (``Japan signed X`` is explained by
``X signedBy Japan``). Literal attributes of investments and commitments (``amountUSD``, …) are
explained by the node's own evidence.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox

from .derived import union_options
from .errors import InputError
from .namespaces import AK, PREFIXES, short
from .ontology import Vocabulary
from .resolve import Entity, resolve_entity

_PROPERTY_KINDS = ("object property", "datatype property")

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# prefixes (ak:, rdf:, prov:, …) come from `namespaces.PREFIXES` through the engine
_STATEMENTS = """
SELECT ?st ?s ?p ?o ?sl ?pl ?ol ?docIri ?doc ?quote ?sentence ?start ?end ?hedged ?note WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?docIri ; ak:evidence ?ev .
  ?ev ak:quote ?quote ; ak:sentence ?sentence ; ak:startOffset ?start ; ak:endOffset ?end .
  OPTIONAL { ?st ak:hedged ?hedged }
  OPTIONAL { ?st ak:note ?note }
  OPTIONAL { ?docIri dcterms:identifier ?doc }
  OPTIONAL { ?s rdfs:label ?sl }
  OPTIONAL { ?p rdfs:label ?pl }
  OPTIONAL { ?o rdfs:label ?ol }
}"""

# literal attributes with their evidence; which properties count is the vocabulary's to say
_ATTRIBUTES = """
SELECT ?s ?p ?o ?sl ?pl ?docIri ?doc ?quote ?sentence ?start ?end ?hedged ?note WHERE {
  ?s ?p ?o ; ak:evidence ?ev .
  FILTER(isLiteral(?o))
  FILTER(?p NOT IN (ak:note, ak:description))
  ?ev ak:quote ?quote ; ak:sentence ?sentence ; ak:startOffset ?start ; ak:endOffset ?end ;
      ak:inDocument ?docIri .
  OPTIONAL { ?s ak:hedged ?hedged }
  OPTIONAL { ?s ak:note ?note }
  OPTIONAL { ?docIri dcterms:identifier ?doc }
  OPTIONAL { ?s rdfs:label ?sl }
  OPTIONAL { ?p rdfs:label ?pl }
}"""


# what the imported graphs (`alliance-kg import`) state: plain triples, no evidence
_IMPORTED = """
SELECT ?g ?s ?p ?o ?sl ?pl ?ol WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "{prefix}"))
  OPTIONAL { ?s rdfs:label ?sl }
  OPTIONAL { ?p rdfs:label ?pl }
  OPTIONAL { ?o rdfs:label ?ol }
}"""
#: names, not facts: an import's labels are not listed unless asked for
_NAMES = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
}


@dataclass(frozen=True)
class Provenance:
    """One piece of evidence for one stored statement.

    Subject, property and object are the statement as stored (as the text asserts it); `via`
    says why it matched when that was through symmetry or an inverse property. A fact an
    imported RDF file states has `imported` set, `document` ``import:<name>``, no quote or
    sentence and no offsets: imports carry no sentence evidence.
    """

    subject: str
    subject_label: str
    property: str
    property_label: str
    object: str
    object_label: str
    document: str
    quote: str
    sentence: str
    start: int | None
    end: int | None
    hedged: bool = False
    note: str | None = None
    statement: str | None = None
    via: str | None = None
    imported: bool = False

    def as_row(self) -> dict[str, Any]:
        """The provenance as a dict of plain values (for tables, JSON and CSV)."""
        return asdict(self)


def resolve_property(vocab: Vocabulary, name: str) -> str:
    """The IRI of a property by local name, ``ak:`` name, IRI or label; ``type`` is rdf:type."""
    if name in ("a", "type", "rdf:type", _RDF_TYPE):
        return _RDF_TYPE
    props = [t for t in vocab.all_terms() if t.kind in _PROPERTY_KINDS]
    text = name.strip().strip("<>")
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        text = PREFIXES[prefix] + local
    if any(p.iri == text for p in props):
        return text
    by_name: dict[str, set[str]] = {}
    for p in props:
        for key in (p.name, p.label, p.label.replace(" ", "")):
            by_name.setdefault(key.casefold(), set()).add(p.iri)
    hits = by_name.get(text.casefold(), set())
    hits = {h for h in hits if h.startswith(str(AK))} or hits
    if len(hits) == 1:
        return next(iter(hits))
    close = difflib.get_close_matches(
        name, sorted({p.name for p in props if p.iri.startswith(str(AK))}), n=3, cutoff=0.6
    )
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"no property is named {name!r}{hint}")


def _resolve_class(store: ox.Store, vocab: Vocabulary, name: str) -> Entity:
    for term in vocab.all_terms():
        if term.kind == "class" and name.casefold() in {
            term.name.casefold(),
            term.label.casefold(),
            term.iri.casefold(),
        }:
            return Entity(term.iri, term.label)
    return resolve_entity(store, name)


def why(
    store: ox.Store, subject: str, prop: str | None = None, obj: str | None = None
) -> list[Provenance]:
    """Evidence for the stored statements matching ``subject [prop] [obj]``.

    Names go through `resolve_entity` (labels, aliases, case-insensitive); `prop` may be a
    local name, ``ak:`` name, label or ``type``; ``*`` or ``any`` as `prop` matches any property.
    """
    vocab = Vocabulary.from_store(store)
    s = resolve_entity(store, subject)
    p_iri = None if prop in (None, "*", "any") else resolve_property(vocab, prop)  # type: ignore[arg-type]
    o: Entity | None = None
    if obj is not None:
        o = _resolve_class(store, vocab, obj) if p_iri == _RDF_TYPE else resolve_entity(store, obj)
    info = vocab.get(p_iri) if p_iri else None
    out: list[Provenance] = []
    out += _match(store, s.iri, p_iri, o.iri if o else None, None)
    out += _imported(store, s.iri, p_iri, o.iri if o else None, None)
    if info is not None:
        if info.symmetric:
            out += _match(store, o.iri if o else None, p_iri, s.iri, f"{info.label} is symmetric")
            out += _imported(
                store, o.iri if o else None, p_iri, s.iri, f"{info.label} is symmetric"
            )
        for inverse in sorted(info.inverses):  # both directions of owl:inverseOf
            out += _match(store, o.iri if o else None, inverse, s.iri, f"inverse of {info.label}")
            out += _imported(
                store, o.iri if o else None, inverse, s.iri, f"inverse of {info.label}"
            )
    if (info is None or info.kind == "datatype property") and o is None:
        out += _attributes(store, vocab, s.iri, p_iri)
    unique = {
        (r.statement, r.document, r.subject, r.property, r.object, r.start, r.end): r for r in out
    }
    return sorted(unique.values(), key=_order)


def _order(r: Provenance) -> tuple[Any, ...]:
    """Documents in order, each by position; an import's facts (no position) by property."""
    return (r.imported, r.document, r.start or 0, r.end or 0, r.property_label, r.object_label)


def _bindings(s: str | None, p: str | None, o: str | None) -> dict[Any, Any]:
    """The given ends of a triple pattern as query substitutions for ?s, ?p, ?o."""
    return {
        ox.Variable(name): ox.NamedNode(value)
        for name, value in (("s", s), ("p", p), ("o", o))
        if value is not None
    }


def _imported(
    store: ox.Store, s: str | None, p: str | None, o: str | None, via: str | None
) -> list[Provenance]:
    """The triples imported RDF files state that match (no evidence: `imported` set)."""
    from .namespaces import import_graph

    subs = _bindings(s, p, o)
    query = _IMPORTED.replace("{prefix}", import_graph(""))  # our own constant, not input
    rows = store.query(query, substitutions=subs, **union_options(store), prefixes=PREFIXES)
    out = []
    for r in rows:
        if p is None and r["p"].value in _NAMES:
            continue
        obj = r["o"]
        out.append(
            Provenance(
                subject=r["s"].value,
                subject_label=r["sl"].value if r["sl"] is not None else r["s"].value,
                property=r["p"].value,
                property_label="type"
                if r["p"].value == _RDF_TYPE
                else (r["pl"].value if r["pl"] is not None else short(r["p"].value)),
                object=obj.value,
                object_label=r["ol"].value
                if isinstance(obj, ox.NamedNode) and r["ol"] is not None
                else obj.value,
                document="import:" + r["g"].value.removeprefix(import_graph("")),
                quote="",
                sentence="",
                start=None,
                end=None,
                via=via,
                imported=True,
            )
        )
    return out


def statements_of(store: ox.Store, prop: str, limit: int | None = None) -> list[Provenance]:
    """Evidence for the stored statements of one property (by IRI), in document order.

    An object property's statements are read from their reification; a datatype property's
    values from the evidence of the node that has them.
    """
    found = _match(store, None, prop, None, None) or _attributes(
        store, Vocabulary.from_store(store), None, prop
    )
    unique = {(r.statement, r.subject, r.object, r.start, r.end): r for r in found}
    ordered = sorted(unique.values(), key=lambda r: (r.document, r.start, r.end, r.subject))
    return ordered[:limit] if limit is not None else ordered


def _match(
    store: ox.Store, s: str | None, p: str | None, o: str | None, via: str | None
) -> list[Provenance]:
    subs = _bindings(s, p, o)
    rows = store.query(_STATEMENTS, substitutions=subs, **union_options(store), prefixes=PREFIXES)
    return [_row(r, statement=r["st"].value, via=via) for r in rows]


def _attributes(
    store: ox.Store, vocab: Vocabulary, s: str | None, p: str | None
) -> list[Provenance]:
    subs = {
        ox.Variable(name): ox.NamedNode(value)
        for name, value in (("s", s), ("p", p))
        if value is not None
    }
    rows = store.query(_ATTRIBUTES, substitutions=subs, **union_options(store), prefixes=PREFIXES)
    return [
        _row(r, statement=None)
        for r in rows
        if (term := vocab.get(r["p"].value)) is not None and term.kind == "datatype property"
    ]


def _row(r: Any, statement: str | None, via: str | None = None) -> Provenance:
    def text(var: str, default: str = "") -> str:
        term = r[var]
        return term.value if term is not None else default

    o = r["o"]
    return Provenance(
        subject=r["s"].value,
        subject_label=text("sl", r["s"].value),
        property=r["p"].value,
        property_label="type" if r["p"].value == _RDF_TYPE else text("pl", short(r["p"].value)),
        object=o.value,
        object_label=text("ol", o.value) if isinstance(o, ox.NamedNode) else o.value,
        document=text("doc", text("docIri")),
        quote=r["quote"].value,
        sentence=r["sentence"].value,
        start=int(r["start"].value),
        end=int(r["end"].value),
        hedged=text("hedged") == "true",
        note=text("note") or None,
        statement=statement,
        via=via,
    )
