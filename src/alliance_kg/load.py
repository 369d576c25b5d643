"""Annotation → RDF: mint IRIs, locate evidence, normalise amounts, reify every statement.

`load_annotation` turns one reviewed annotation file into the quads of its document's named
graph; `merge` checks that documents agree on identity. Nothing here touches the store.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .amounts import parse_amount
from .annotation import SourcedAnnotation
from .errors import EvidenceNotFoundError, IdentityError, InputError
from .identity import (
    document_iri,
    entity_iri,
    evidence_iri,
    find_country,
    slugify,
    statement_iri,
)
from .names import NameIndex
from .namespaces import document_graph
from .ontology import Vocabulary
from .text import DocumentText, Span

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef]
Origin = tuple[str, int | None]


@dataclass
class EntityRecord:
    """One declared node: where it was declared and as what."""

    iri: URIRef
    label: str
    cls: str
    origin: Origin


@dataclass
class DocumentLoad:
    """Everything one annotation file contributes: its graph's quads and where each came from."""

    doc_id: str
    graph: URIRef
    path: str
    quads: list[Quad] = field(default_factory=list)
    origins: dict[Node | Triple, Origin] = field(default_factory=dict)
    entities: dict[URIRef, EntityRecord] = field(default_factory=dict)
    statements: int = 0
    warnings: list[str] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)  # names resolved in other files


class _Loader:
    """Turns one `SourcedAnnotation` into a `DocumentLoad` (one use per file)."""

    def __init__(
        self, ann: SourcedAnnotation, vocab: Vocabulary, known: NameIndex | None = None
    ) -> None:
        self.ann = ann
        self.known = known if known is not None else NameIndex.build([ann], vocab)
        self.vocab = vocab
        self.ak = vocab.ak  # closed: a misspelt term raises instead of minting an IRI
        self.doc = DocumentText(ann.text)
        self.doc_id = ann.doc_id
        self.doc_iri = URIRef(document_iri(self.doc_id))
        self.out = DocumentLoad(self.doc_id, URIRef(document_graph(self.doc_id)), str(ann.path))
        self._names: dict[str, set[URIRef]] = {}
        self._seen_quads: set[Quad] = set()
        self._evidence_done: set[URIRef] = set()
        self._mentioned: set[URIRef] = set()  # entities of other files this one names

    # -- output -------------------------------------------------------------------------------
    def add(self, s: Node, p: Node, o: Node, origin: Origin | None = None) -> None:
        quad = (s, p, o, self.out.graph)
        if quad not in self._seen_quads:
            self._seen_quads.add(quad)
            self.out.quads.append(quad)
        if origin is not None:
            self.out.origins.setdefault((s, p, o), origin)

    def origin(self, *loc: Any) -> Origin:
        return (str(self.ann.path), self.ann.line(*loc))

    # -- evidence -----------------------------------------------------------------------------
    def spans(self, quotes: Sequence[str], loc: tuple[Any, ...]) -> list[Span]:
        spans = []
        for i, quote in enumerate(quotes):
            span = self.doc.find(quote)
            if span is None:
                near = difflib.get_close_matches(
                    quote,
                    [self.doc.text[s.start : s.end] for s in self.doc.sentences()],
                    n=1,
                    cutoff=0.4,
                )
                hint = f"; closest sentence: {near[0]!r}" if near else ""
                where = (*loc, i) if len(quotes) > 1 else loc
                err = self.ann.error(
                    where, f"evidence quote not found in {self.ann.doc_path.name}: {quote!r}{hint}"
                )
                raise EvidenceNotFoundError(err.path, err.line, err.detail)
            spans.append(span)
        return spans

    def evidence_node(self, span: Span) -> URIRef:
        node = URIRef(evidence_iri(self.doc_id, span.start, span.end))
        if node not in self._evidence_done:
            self._evidence_done.add(node)
            sentence = self.doc.sentence(span)
            self.add(node, RDF.type, self.ak.Evidence)
            self.add(node, self.ak.inDocument, self.doc_iri)
            self.add(node, self.ak.quote, Literal(self.doc.text[span.start : span.end]))
            self.add(node, self.ak.sentence, Literal(self.doc.text[sentence.start : sentence.end]))
            self.add(node, self.ak.startOffset, Literal(span.start, datatype=XSD.integer))
            self.add(node, self.ak.endOffset, Literal(span.end, datatype=XSD.integer))
        return node

    def statement(
        self,
        s: URIRef,
        p: URIRef,
        o: URIRef,
        spans: Iterable[Span],
        origin: Origin,
        **qualifiers: Any,
    ) -> None:
        """Assert `s p o` and its reification with evidence and qualifiers."""
        self.add(s, p, o, origin)
        st = URIRef(statement_iri(self.doc_id, str(s), str(p), str(o)))
        if (st, RDF.type, RDF.Statement, self.out.graph) not in self._seen_quads:
            self.out.statements += 1
        self.add(st, RDF.type, RDF.Statement, origin)
        self.add(st, RDF.subject, s)
        self.add(st, RDF.predicate, p)
        self.add(st, RDF.object, o)
        self.add(st, PROV.wasDerivedFrom, self.doc_iri)
        for span in spans:
            self.add(st, self.ak.evidence, self.evidence_node(span))
        for key, value in qualifiers.items():
            if value is None or value is False:
                continue
            self.add(st, self.ak[key], _literal(key, value))

    # -- names --------------------------------------------------------------------------------
    def declare(
        self, label: str, slug_hint: str | None, cls: str, aliases: Sequence[str], loc: tuple
    ) -> URIRef:
        if cls not in self.vocab.classes:
            close = difflib.get_close_matches(cls, sorted(self.vocab.classes), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise self.ann.error((*loc, "class"), f"unknown class {cls!r}{hint}")
        if self.vocab.core_class(cls) is None:
            raise self.ann.error(
                (*loc, "class"),
                f"class {cls!r} is not a kind of any core class "
                f"({', '.join(self.vocab.core_classes)})",
            )
        slug = slugify(slug_hint or label)
        if not slug:
            raise self.ann.error(
                (*loc, "label"), f"label {label!r} has no letters or digits to name it by"
            )
        entity = self.known.declared(str(self.ann.path), loc)
        iri = entity.iri if entity is not None else URIRef(entity_iri(slug))
        canonical = entity.label if entity is not None else label
        if iri in self.out.entities:
            first = self.out.entities[iri]
            raise self.ann.error(
                (*loc, "label"),
                f"{label!r} gets the same IRI <{iri}> as {first.label!r} (line {first.origin[1]}); "
                "declare each thing once, or set `id:` to tell them apart",
            )
        self.out.entities[iri] = EntityRecord(iri, canonical, cls, self.origin(*loc))
        self.out.origins[iri] = self.origin(*loc)
        for name in (label, *aliases):
            self._names.setdefault(name.casefold(), set()).add(iri)
        return iri

    def resolve(self, name: str, loc: tuple[Any, ...]) -> URIRef:
        found = self._names.get(name.casefold(), set())
        if len(found) == 1:
            return next(iter(found))
        exact = {iri for iri in found if self.out.entities[iri].label == name}
        if len(exact) == 1:
            return next(iter(exact))
        if found:
            labels = sorted(self.out.entities[i].label for i in found)
            raise self.ann.error(
                loc, f"{name!r} is ambiguous: it names {labels}; use a canonical label"
            )
        elsewhere = self.known.lookup(name)
        if name not in self.out.lookups:
            self.out.lookups.append(name)
        if len(elsewhere) == 1:
            return self._mention(elsewhere[0], loc)
        if elsewhere:
            named = "; ".join(f"{e.label!r} ({e.first.where})" for e in elsewhere)
            raise self.ann.error(
                loc,
                f"{name!r} is ambiguous: other documents declare {named}; use a canonical label",
            )
        close = difflib.get_close_matches(name.casefold(), list(self._names), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise self.ann.error(
            loc, f"{name!r} is not declared in this file's entities nor in another file{hint}"
        )

    def _mention(self, entity: Any, loc: tuple[Any, ...]) -> URIRef:
        """An entity another file declares, named here: record that this document mentions it."""
        iri = entity.iri
        local = self.out.entities.get(iri)
        if local is not None or iri in self._mentioned:
            return iri
        self._mentioned.add(iri)
        self.add(iri, self.ak.mentionedIn, self.doc_iri)
        found = [s for n in entity.names() if (s := self.doc.find_word(n))]
        if found and entity.cls in self.vocab.classes:  # where the text names it, as if declared
            span = min(found, key=lambda s: (s.start, -s.end))
            self.statement(iri, RDF.type, self.ak[entity.cls], [span], self.origin(*loc))
        return iri

    def prop(self, name: str, loc: tuple[Any, ...]) -> URIRef:
        # provenance properties (evidence, mentionedIn, …) are the loader's to write, not facts
        usable = self.vocab.object_properties - self.vocab.provenance_properties
        if name in usable:
            return self.ak[name]
        if name in self.vocab.datatype_properties:
            raise self.ann.error(
                loc, f"{name!r} is a datatype property; relations link two named things"
            )
        close = difflib.get_close_matches(name, sorted(usable), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise self.ann.error(loc, f"unknown property {name!r}{hint}")

    # -- the file -----------------------------------------------------------------------------
    def run(self) -> DocumentLoad:
        m = self.ann.model
        self._document()
        decl: list[tuple[URIRef, Any, tuple]] = []
        for i, e in enumerate(m.entities):
            decl.append(
                (
                    self.declare(e.label, e.id, e.class_, e.aliases, ("entities", i)),
                    e,
                    ("entities", i),
                )
            )
        for section, items, root in (
            ("investments", m.investments, "Investment"),
            ("commitments", m.commitments, "Commitment"),
        ):
            for i, node in enumerate(items):
                loc = (section, i)
                if not self.vocab.is_a(node.class_, root) and node.class_ in self.vocab.classes:
                    raise self.ann.error(
                        (*loc, "class"), f"class {node.class_!r} is not a kind of {root}"
                    )
                decl.append(
                    (self.declare(node.label, node.id, node.class_, node.aliases, loc), node, loc)
                )
        for iri, spec, loc in decl:
            self._node(iri, spec, loc)
        for i, r in enumerate(m.relations):
            loc = ("relations", i)
            s = self.resolve(r.subject, (*loc, "subject"))
            p = self.prop(r.property, (*loc, "property"))
            o = self.resolve(r.object, (*loc, "object"))
            spans = self.spans(r.evidence, (*loc, "evidence"))
            self.statement(s, p, o, spans, self.origin(*loc), year=r.year, date=r.date,
                           hedged=r.hedged, note=r.note, role=r.role)  # fmt: skip
        return self.out

    def _document(self) -> None:
        d, doc = self.ann.model.document, self.doc_iri
        self.add(doc, RDF.type, self.ak.Document)
        self.add(doc, DCTERMS.identifier, Literal(self.doc_id))
        self.add(
            doc, self.ak.sha256, Literal(hashlib.sha256(self.ann.text.encode("utf-8")).hexdigest())
        )
        self.add(doc, self.ak.sourcePath, Literal(d.path))
        for prop, value in (
            (DCTERMS.title, d.title),
            (DCTERMS.creator, d.author),
            (DCTERMS.publisher, d.publisher),
            (DCTERMS.source, d.url),
        ):
            if value:
                self.add(doc, prop, Literal(value))
        if d.date:
            self.add(doc, DCTERMS.date, Literal(d.date.isoformat(), datatype=XSD.date))

    def _node(self, iri: URIRef, spec: Any, loc: tuple) -> None:
        origin = self.origin(*loc)
        cls = self.ak[spec.class_]
        # the canonical label is the first file's (path order); this file's names are aliases
        canonical = self.out.entities[iri].label
        self.add(iri, RDFS.label, Literal(canonical), origin)
        for alias in dict.fromkeys((spec.label, *spec.aliases)):
            if alias != canonical:
                self.add(iri, SKOS.altLabel, Literal(alias))
        self.add(iri, self.ak.mentionedIn, self.doc_iri)
        if spec.description:
            self.add(iri, self.ak.description, Literal(spec.description))
        if spec.note:
            self.add(iri, self.ak.note, Literal(spec.note))
        if spec.evidence:
            spans = self.spans(spec.evidence, (*loc, "evidence"))
        else:
            spans = self._first_mention(spec, loc)
        # the node's class, with where the text names it
        self.statement(iri, RDF.type, cls, spans, origin)
        section = loc[0]
        if section == "entities":
            if self.vocab.is_a(spec.class_, "Nation"):
                self._iso(iri, spec, loc)
            elif spec.iso:
                raise self.ann.error((*loc, "iso"), "iso codes are for nations only")
            return
        # n-ary nodes: their own evidence and attributes
        for span in spans:
            self.add(iri, self.ak.evidence, self.evidence_node(span))
        self.add(iri, PROV.wasDerivedFrom, self.doc_iri)
        for key in ("year", "date"):
            if getattr(spec, key) is not None:
                self.add(iri, self.ak[key], _literal(key, getattr(spec, key)), origin)
        if spec.hedged:
            self.add(iri, self.ak.hedged, Literal(True))
        links: list[tuple[str, str, Sequence[str]]] = [
            ("concerns", "concerns", spec.concerns),
            ("sector", "sector", spec.sector),
            ("buildsOn", "buildsOn", spec.buildsOn),
            ("announcedAt", "announcedAt", spec.announcedAt),
        ]
        if section == "investments":
            self._amount(iri, spec, loc)
            if spec.aggregate:
                self.add(iri, self.ak.aggregate, Literal(True))
            links += [("investor", "investor", spec.investor), ("target", "target", spec.target)]
            if spec.partOf:
                links.append(("partOf", "componentOf", [spec.partOf]))
        else:
            links.append(("committedBy", "committedBy", spec.committedBy))
            if spec.factor is not None:
                self.add(iri, self.ak.factor, Literal(spec.factor, datatype=XSD.decimal), origin)
        for key, prop, names in links:
            for j, name in enumerate(names):
                where = (*loc, key, j) if key != "partOf" else (*loc, key)
                self.statement(
                    iri, self.ak[prop], self.resolve(name, where), spans, self.origin(*where)
                )

    def _first_mention(self, spec: Any, loc: tuple) -> list[Span]:
        found = [s for name in (spec.label, *spec.aliases) if (s := self.doc.find_word(name))]
        if not found:
            raise self.ann.error(
                loc,
                f"none of the names of {spec.label!r} ({', '.join([spec.label, *spec.aliases])}) "
                f"occurs in {self.ann.doc_path.name}; add an `evidence:` quote that names it",
            )
        return [min(found, key=lambda s: (s.start, -s.end))]

    def _amount(self, iri: URIRef, spec: Any, loc: tuple) -> None:
        if spec.amount is None:
            return
        try:
            amount = parse_amount(spec.amount)
        except InputError as exc:
            raise self.ann.error((*loc, "amount"), str(exc)) from None
        origin = self.origin(*loc, "amount")
        self.add(iri, self.ak.amountText, Literal(amount.text))
        self.add(iri, self.ak.amount, Literal(amount.value, datatype=XSD.decimal), origin)
        self.add(iri, self.ak.currency, Literal(amount.currency))
        if amount.usd is not None:
            self.add(iri, self.ak.amountUSD, Literal(amount.usd, datatype=XSD.decimal), origin)
        if amount.qualifier:
            self.add(iri, self.ak.amountQualifier, Literal(amount.qualifier), origin)

    def _iso(self, iri: URIRef, spec: Any, loc: tuple) -> None:
        country = find_country(spec.iso, (spec.label, *spec.aliases))
        if spec.iso and country is None:
            raise self.ann.error((*loc, "iso"), f"{spec.iso!r} is not an ISO 3166 country code")
        if country is None:
            self.out.warnings.append(
                f"{self.ann.path}:{self.ann.line(*loc)}: nation {spec.label!r} has no ISO code "
                "that pycountry knows by its names; add `iso:`"
            )
            return
        self.add(iri, self.ak.iso3166Alpha2, Literal(country.alpha_2))
        self.add(iri, self.ak.iso3166Alpha3, Literal(country.alpha_3))


def _literal(key: str, value: Any) -> Literal:
    if key == "year":
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    if key == "date":
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(value)


def load_annotation(
    ann: SourcedAnnotation, vocab: Vocabulary, known: NameIndex | None = None
) -> DocumentLoad:
    """The quads one annotation file asserts, in its document's named graph.

    `known` is the build's name index (`NameIndex.build` over every annotation): with it a
    declaration takes the IRI and canonical label of the same thing in other files, and a relation
    may name what another file declares. Without it the file stands alone.
    """
    return _Loader(ann, vocab, known).run()


def merge(loads: Sequence[DocumentLoad], vocab: Vocabulary) -> None:
    """Check that documents agree on identity: one IRI, one label, compatible classes."""
    ids = Counter(load.doc_id for load in loads)
    dup = [d for d, n in ids.items() if n > 1]
    if dup:
        paths = [load.path for load in loads if load.doc_id == dup[0]]
        raise IdentityError(
            f"document id {dup[0]!r} is used by {paths}; give each a distinct document.id"
        )
    seen: dict[URIRef, EntityRecord] = {}
    for load in loads:
        for iri, rec in load.entities.items():
            first = seen.setdefault(iri, rec)
            if first is rec:
                continue
            where = " and ".join(
                f"{o[0]}:{o[1]}" if o[1] else str(o[0]) for o in (first.origin, rec.origin)
            )
            if first.label != rec.label:
                raise IdentityError(
                    f"<{iri}> is labelled {first.label!r} and {rec.label!r} ({where}); "
                    "the same thing must have one canonical label in every document"
                )
            if not (vocab.is_a(first.cls, rec.cls) or vocab.is_a(rec.cls, first.cls)):
                raise IdentityError(
                    f"{rec.label!r} is declared {first.cls} and {rec.cls} ({where}); "
                    "one thing has one kind"
                )
