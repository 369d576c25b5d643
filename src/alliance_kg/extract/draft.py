"""Draft an annotation file from a document's plain text, for a person to review.

`draft(text, vocab=…, gazetteer=…, doc_id=…, doc_path=…)` parses the text sentence by sentence
(the loader's own sentence splitter, so quotes are the sentences the store will show), finds and
classifies the named things (`mentions`), the relations between them (`relations`) and the
investments (`money`), and returns a `Draft`. `Draft.to_yaml` writes it in exactly the format
`build` and `validate` read, every item with its evidence quote (an exact slice of the text) and
a confidence; entities the project already declares are named by their label, never declared
again. `Draft.to_turtle` loads that YAML with the loader itself and serialises the result.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..identity import slugify
from ..text import DocumentText
from .gazetteer import Gazetteer
from .mentions import (
    Group,
    Sentence,
    classify,
    company_lists,
    find_mentions,
    group_mentions,
    is_generic,
    is_heading,
    systems_in_service,
    topic_matcher,
)
from .money import Money, find_money
from .nlp import pipeline
from .relations import Context, Found, find_relations, principal_parties

if TYPE_CHECKING:
    from spacy.language import Language

    from ..names import Declaration
    from ..ontology import Vocabulary

#: findings below this confidence are left out of a draft
MIN_CONFIDENCE = 0.45
#: entities at or below this confidence (classified by the NER label or one weak cue alone) are
#: drafted only when a relation or an investment uses them: on text the rules had not seen,
#: such names were mostly wrong (docs/extraction.md, the fourth round)
WEAK_ENTITY = 0.5


@dataclass
class DraftEntity:
    """A named thing the draft declares (or, `known`, names by the project's label)."""

    label: str
    cls: str
    aliases: list[str]
    evidence: str
    confidence: float
    rule: str
    known: bool = False
    iso: str | None = None
    description: str | None = None
    note: str | None = None


@dataclass
class DraftRelation:
    """One statement between two named things, with the sentence stating it."""

    subject: str
    property: str
    object: str
    evidence: str
    confidence: float
    rule: str
    hedged: bool = False
    year: int | None = None
    role: str | None = None


@dataclass
class DraftInvestment:
    """One investment: amount as written (parseable by `parse_amount`), parties, quotes."""

    label: str
    investor: list[str]
    target: list[str]
    amount: str
    evidence: list[str]
    confidence: float
    rule: str
    aggregate: bool = False
    part_of: str | None = None
    year: int | None = None


@dataclass
class Draft:
    """A drafted annotation of one document, with the rule behind every finding."""

    doc_id: str
    doc_path: str
    text: str
    title: str | None = None
    entities: list[DraftEntity] = field(default_factory=list)
    relations: list[DraftRelation] = field(default_factory=list)
    investments: list[DraftInvestment] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list, repr=False)

    @property
    def declared(self) -> list[DraftEntity]:
        """The entities the draft declares (not the project's known ones)."""
        return [e for e in self.entities if not e.known]

    @property
    def known(self) -> list[DraftEntity]:
        """Entities the project declares that the text names."""
        return [e for e in self.entities if e.known]

    def explain(self) -> list[tuple[str, str, float]]:
        """(fact, rule, confidence) for every finding, for ``--explain``."""
        rows = [(f"{e.label} a {e.cls}" + (" (known)" if e.known else ""), e.rule, e.confidence)
                for e in self.entities]  # fmt: skip
        rows += [(f"{r.subject} {r.property} {r.object}", r.rule, r.confidence)
                 for r in self.relations]  # fmt: skip
        rows += [(f"{i.label}: {i.amount}", i.rule, i.confidence) for i in self.investments]
        return rows

    # -- writing ----------------------------------------------------------------------------
    def to_yaml(self) -> str:
        """The draft as an annotation file (docs/design.md, "Annotation files"); deterministic."""
        out = [
            f"# Draft annotation of {self.doc_path}, made by `alliance-kg extract` (rules, not a",
            "# reviewer). Every item quotes the sentence it was read from and says how sure the",
            "# extractor is (confidence, 0-1); `alliance-kg extract --explain` shows the rule",
            "# behind each. Review it: delete what is wrong, add what is missing, then build.",
        ]
        if self.known:
            out.append(
                "# Named here and declared by other annotations of the project (not declared"
            )
            out.append("# again; relations name them by their label):")
            out += _wrap_comment(", ".join(e.label for e in self.known))
        out.append("")
        out.append("document:")
        out.append(f"  id: {_scalar(self.doc_id)}")
        out.append(f"  path: {_scalar(self.doc_path)}")
        if self.title:
            out.append(f"  title: {_scalar(self.title)}")
        out.append("")
        out.append("entities:" if self.declared else "entities: []")
        for e in self.declared:
            out.append(f"  - label: {_scalar(e.label)}")
            out.append(f"    class: {e.cls}")
            if e.aliases:
                out.append(f"    aliases: {_flow(e.aliases)}")
            if e.iso:
                out.append(f"    iso: {e.iso}")
            if e.description:
                out.append(f"    description: {_scalar(e.description)}")
            if e.note:
                out.append(f"    note: {_scalar(e.note)}")
            out.append(f"    evidence: {_scalar(e.evidence)}")
            out.append(f"    confidence: {e.confidence:.2f}")
        out.append("")
        out.append("relations:" if self.relations else "relations: []")
        for r in self.relations:
            out.append(f"  - subject: {_scalar(r.subject)}")
            out.append(f"    property: {r.property}")
            out.append(f"    object: {_scalar(r.object)}")
            if r.year is not None:
                out.append(f"    year: {r.year}")
            if r.hedged:
                out.append("    hedged: true")
            if r.role:
                out.append(f"    role: {_scalar(r.role)}")
            out.append(f"    evidence: {_scalar(r.evidence)}")
            out.append(f"    confidence: {r.confidence:.2f}")
        out.append("")
        out.append("investments:" if self.investments else "investments: []")
        for i in self.investments:
            out.append(f"  - label: {_scalar(i.label)}")
            out.append(f"    investor: {_flow(i.investor)}")
            out.append(f"    target: {_flow(i.target)}")
            out.append(f"    amount: {_scalar(i.amount)}")
            if i.aggregate:
                out.append("    aggregate: true")
            if i.part_of:
                out.append(f"    partOf: {_scalar(i.part_of)}")
            if i.year is not None:
                out.append(f"    year: {i.year}")
            out.append("    evidence:")
            out += [f"      - {_scalar(q)}" for q in i.evidence]
            out.append(f"    confidence: {i.confidence:.2f}")
        return "\n".join(out) + "\n"

    def to_turtle(self, vocab: Vocabulary) -> str:
        """The draft as RDF in the ontology's terms: its YAML loaded by the loader (with the
        project's names), the document's graph serialised as Turtle."""
        from rdflib import Graph

        from ..annotation import read_annotation
        from ..load import load_annotation
        from ..names import NameIndex, declarations
        from ..namespaces import PREFIXES

        with tempfile.TemporaryDirectory(prefix="alliance-kg-draft-") as tmp:
            folder = Path(tmp)
            text_name = Path(self.doc_path).name
            (folder / text_name).write_text(self.text, encoding="utf-8")
            draft_yaml = self.to_yaml().replace(
                f"  path: {_scalar(self.doc_path)}", f"  path: {_scalar(text_name)}", 1
            )
            path = folder / f"{self.doc_id}.yaml"
            path.write_text(draft_yaml, encoding="utf-8")
            ann = read_annotation(path)
            index = NameIndex.from_declarations(
                [*self.declarations, *declarations(ann, vocab)], vocab
            )
            load = load_annotation(ann, vocab, known=index)
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
        for s, p, o, _g in load.quads:
            graph.add((s, p, o))
        return graph.serialize(format="turtle")


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted where YAML needs it."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    dumped = yaml.safe_dump(str(value), allow_unicode=True, width=10**9, default_style=None)
    dumped = dumped.strip()
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")]
    if dumped.endswith("..."):
        dumped = dumped[:-3].rstrip()
    return dumped


def _flow(values: list[str]) -> str:
    """A flow list; items with flow indicators ("Micron Technology, Inc.") are quoted, else
    YAML would split them at the comma."""
    items = []
    for v in values:
        item = _scalar(v)
        if item[:1] not in ("'", '"') and any(c in item for c in ",[]{}#"):
            item = "'" + item.replace("'", "''") + "'"
        items.append(item)
    return "[" + ", ".join(items) + "]"


def _wrap_comment(text: str, width: int = 96) -> list[str]:
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + len(word) + 1 > width:
            lines.append(f"#   {cur}")
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    if cur:
        lines.append(f"#   {cur}")
    return lines


# --------------------------------------------------------------------------------- drafting


def parse(text: str, nlp: Language) -> list[Sentence]:
    """The text's sentences (the loader's splitter), each parsed by spaCy."""
    doc_text = DocumentText(text)
    spans = doc_text.sentences()
    pieces = [text[s.start : s.end] for s in spans]
    docs = nlp.pipe(pieces, batch_size=64)
    return [
        Sentence(n, s.start, s.end, d, is_heading(piece))
        for n, (s, piece, d) in enumerate(zip(spans, pieces, docs, strict=True))
    ]


def draft(
    text: str,
    *,
    vocab: Vocabulary,
    gazetteer: Gazetteer,
    doc_id: str,
    doc_path: str,
    title: str | None = None,
    nlp: Language | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    declare_known: bool = False,
) -> Draft:
    """Draft the annotation of `text` (see the module docstring).

    With `declare_known`, entities the project already declares are declared again under their
    canonical label and class (with only the names the project gives them), which joins them to
    the project's in a build and lets a scorer that reads one file see them.
    """
    nlp = pipeline(gazetteer, nlp)
    sentences = parse(text, nlp)
    topics = topic_matcher(nlp)
    for sent in sentences:
        sent.mentions = find_mentions(sent, gazetteer, topics)
    groups = group_mentions(sentences, gazetteer)
    for g in groups:
        classify(g, sentences)
    company_lists(groups, sentences)
    systems_in_service(groups, sentences)
    kept = _keep(groups, sentences, gazetteer, vocab)
    ctx = Context(sentences, kept, gazetteer, vocab)
    ctx.principal = principal_parties(ctx)
    _name_generic(kept, sentences)
    relations = find_relations(ctx)
    money = find_money(ctx)
    out = Draft(doc_id=doc_id, doc_path=doc_path, text=text, title=title or _title(sentences, text))
    out.declarations = list(gazetteer.declarations)
    used = {id(f.subject) for f in relations.found.values()} | {
        id(f.object) for f in relations.found.values()
    }
    for m in money:
        used |= {id(g) for g in (*m.investors, *m.targets)}
    _labels_unique(kept)
    for g in kept:
        if g.confidence < min_confidence:
            continue
        if g.cls == "Topic" and id(g) not in used:
            continue  # a topic is worth declaring when something is about it
        if g.confidence <= WEAK_ENTITY and g.entry is None and id(g) not in used:
            continue  # a name only the NER or one weak cue classified, that nothing uses
        out.entities.append(_entity(g, sentences, text, declare_known))
    declared = {id(g) for g in kept if g.confidence >= min_confidence}
    for f in sorted(
        relations.found.values(),
        key=lambda f: (f.sent, f.subject.label, f.property, f.object.label),
    ):
        if (
            f.confidence < min_confidence
            or id(f.subject) not in declared
            or id(f.object) not in declared
        ):
            continue
        if (f.subject.cls == "Topic" or f.object.cls == "Topic") and not (
            any(e.label == f.subject.label for e in out.entities)
            and any(e.label == f.object.label for e in out.entities)
        ):
            continue
        out.relations.append(_relation(f, sentences, text))
    out.investments = _investments(money, sentences, text, declared)
    return out


def _keep(
    groups: list[Group], sentences: list[Sentence], gaz: Gazetteer, vocab: Vocabulary
) -> list[Group]:
    """The groups worth drafting: classified, named outside headings (or known), a class of
    the ontology under a core class; subdivisions and capitals only when their nation is named
    too (or the model or the text places them)."""
    nations = {g.entry.iso for g in groups if g.cls == "Nation" and g.entry is not None}
    kept = []
    for g in groups:
        if not g.cls or g.cls not in vocab.classes or vocab.core_class(g.cls) is None:
            continue
        body = [m for m in g.mentions if not sentences[m.sent].heading]
        if not body and (g.entry is None or not g.entry.known):
            continue
        if g.entry is not None and g.entry.source in ("subdivision", "capital"):
            ner = {m.ner for m in g.mentions}
            if g.entry.iso not in nations and not ner & {"GPE", "LOC"} and not any(
                    _after_a_place(sentences[m.sent].doc, m.i) for m in g.mentions):  # fmt: skip
                continue
        if g.entry is None and len(g.label) < 2:
            continue
        kept.append(g)
    return kept


def _after_a_place(doc: Any, i: int) -> bool:
    """ "De Soto, Kansas", "the state of Kansas": token `i` places what comes before it."""
    if i >= 2 and doc[i - 1].text == "," and doc[i - 2].pos_ == "PROPN":
        return True
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in ("state", "province")


def _name_generic(groups: list[Group], sentences: list[Sentence]) -> None:
    """A generic agreement ("a Memorandum of Cooperation") gets a label of its own: the name
    and what its sentence says it is about ("… on National Parks"), else its signers."""
    for g in groups:
        if not g.generic:
            continue
        base = g.mentions[0].text
        sent = sentences[g.mentions[0].sent]
        about = [m.group for m in sent.mentions if m.group is not None and m.group is not g
                 and m.group.cls == "Topic" and m.i > g.mentions[0].i]  # fmt: skip
        if about:
            g.label = f"{base} on {about[0].label}"
        else:
            words = [t.text for t in sent.doc[g.mentions[0].j :] if t.pos_ in ("NOUN", "PROPN")][:3]
            g.label = f"{base} on {' '.join(words)}" if words else f"{base} ({sent.index + 1})"
        g.aliases = [n for n in g.names if n != g.label]
        g.rule += "+generic-name"


def _labels_unique(groups: list[Group]) -> None:
    """Two drafted things must not share a slug (the loader would refuse the file)."""
    seen: dict[str, Group] = {}
    for g in groups:
        if g.entry is not None and g.entry.known:
            continue
        slug = slugify(g.label)
        n = 2
        while slug in seen:
            g.label = f"{g.label} ({n})"
            slug = slugify(g.label)
            n += 1
        seen[slug] = g


def _sentence_text(sentences: list[Sentence], n: int, text: str) -> str:
    s = sentences[n]
    return text[s.start : s.end]


def _entity(g: Group, sentences: list[Sentence], text: str, declare_known: bool) -> DraftEntity:
    body = [m for m in g.mentions if not sentences[m.sent].heading] or g.mentions
    evidence = _sentence_text(sentences, body[0].sent, text)
    known = g.entry is not None and g.entry.known
    aliases = [a for a in dict.fromkeys(g.aliases) if a and a != g.label and _is_alias(a, g)]
    if known and declare_known:
        assert g.entry is not None
        aliases = [a for a in aliases if a in g.entry.names]  # no new names for known things
        known = False
    iso = g.entry.iso if g.entry is not None and g.cls == "Nation" else None
    note = None
    if g.generic:
        note = f"named by the text only as {g.mentions[0].text!r}; the label is the extractor's"
    description = f"role in the text: {g.role}" if g.role else None
    return DraftEntity(g.label, g.cls, aliases, evidence, round(g.confidence, 2), g.rule,
                       known=known, iso=iso, description=description, note=note)  # fmt: skip


def _is_alias(name: str, g: Group) -> bool:
    """A surface form worth keeping as an alias: not a bare class word, not lower-case junk."""
    if g.cls == "Topic":
        return True
    return not (name.islower() and len(name.split()) == 1) and not re.fullmatch(r"[\W\d]+", name)


def _relation(f: Found, sentences: list[Sentence], text: str) -> DraftRelation:
    return DraftRelation(
        subject=f.subject.label,
        property=f.property,
        object=f.object.label,
        evidence=_sentence_text(sentences, f.sent, text),
        confidence=round(f.confidence, 2),
        rule=f.rule,
        hedged=f.hedged,
        year=f.year,
        role=f.role,
    )


def _investments(
    money: list[Money], sentences: list[Sentence], text: str, declared: set[int]
) -> list[DraftInvestment]:
    out: list[DraftInvestment] = []
    labels: dict[int, str] = {}
    for m in money:
        investors = [g.label for g in m.investors if id(g) in declared]
        targets = [g.label for g in m.targets if id(g) in declared]
        who = " and ".join(investors) or "Unnamed"
        where = f" in {' and '.join(targets)}" if targets else ""
        label = f"{who} investment of {m.amount.text}{where}"
        while label in labels.values():
            label += " (again)"
        labels[id(m)] = label
    for m in money:
        investors = [g.label for g in m.investors if id(g) in declared]
        targets = [g.label for g in m.targets if id(g) in declared]
        if not investors and not targets:
            continue  # the loader's shapes want one of them; `Draft.unattached` lists it
        out.append(
            DraftInvestment(
                label=labels[id(m)],
                investor=investors,
                target=targets,
                amount=m.amount.text,
                evidence=[_sentence_text(sentences, n, text) for n in m.sents],
                confidence=round(m.confidence, 2),
                rule=m.rule,
                aggregate=bool(m.parts),
                part_of=labels.get(id(m.whole)) if m.whole is not None else None,
            )
        )
    return out


def _title(sentences: list[Sentence], text: str) -> str | None:
    """The first line, if it is a heading."""
    if sentences and sentences[0].heading and sentences[0].start < 5:
        return text[sentences[0].start : sentences[0].end].strip() or None
    return None


__all__ = ["Draft", "DraftEntity", "DraftInvestment", "DraftRelation", "draft", "is_generic"]
