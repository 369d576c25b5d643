"""Reviewed identity decisions: which declarations of different documents are, or are not, one.

The name index (`alliance_kg.names`) joins declarations of different documents that share an
IRI, an ISO code or a name. A reviewer overrides it in one file, ``graph/identities.yaml``, that
every build and every ``validate`` replays::

    - same: [akid:japan-aerospace-exploration-agency, akid:jaxa]
      by: A. Reviewer
      date: 2025-11-03
      note: JAXA is the agency's acronym
    - different:
        - {document: a-space, label: Ministry of Defence}
        - {document: b-launch, label: Ministry of Defence}
      by: A. Reviewer
      date: 2025-11-03

A reference selects declarations: ``akid:SLUG`` those whose own slug (of ``id:`` or label) it is;
``{document: DOC, label: NAME}`` the one declaration of that document (its id or file name) with
that label or alias; a plain ``NAME`` every declaration with that label or alias, in any
document. `read_decisions` checks the file's form; `resolve` finds what each reference selects
(the index then applies the decisions); `decision_quads` turns the applied decisions into
provenance for the store (docs/design.md, "Identity").
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .errors import AnnotationError, IdentityError, ProjectError
from .identity import entity_iri, slugify
from .namespaces import AKDEC, AKID, IDENTITIES_GRAPH
from .yamlio import LineDict, LineList, read_yaml

if TYPE_CHECKING:
    from .annotation import SourcedAnnotation
    from .names import Declaration, Entity, NameIndex
    from .ontology import Vocabulary
    from .project import Project

Kind = Literal["same", "different"]
_FIELDS = ("same", "different", "by", "date", "note")
_FORM = (
    "each decision is `- same: [REF, REF, …]` or `- different: [REF, REF, …]` with `by:` (who "
    "decided) and `date:` (YYYY-MM-DD), optionally `note:`; a REF is akid:SLUG, a label, or "
    "{document: DOC, label: NAME}"
)


@dataclass(frozen=True)
class Reference:
    """One entity reference of a decision, as the reviewer wrote it."""

    text: str  # for messages: "akid:jaxa", "JAXA", "a-space: Ministry of Defence"
    line: int | None
    iri: str | None = None
    name: str | None = None  # casefolded label or alias
    document: str | None = None

    @property
    def key(self) -> str:
        """What the reference means, independent of spelling (`akid:x` = the full IRI)."""
        if self.iri is not None:
            return f"iri {self.iri}"
        return f"doc {self.document}|{self.name}" if self.document else f"name {self.name}"


@dataclass(frozen=True)
class Decision:
    """One reviewed decision: `same` joins what the references select, `different` keeps apart."""

    kind: Kind
    refs: tuple[Reference, ...]
    by: str
    date: dt.date
    note: str | None
    path: str
    line: int | None

    @property
    def where(self) -> str:
        """``identities.yaml:LINE``, as messages name it."""
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def iri(self) -> URIRef:
        """A stable IRI: the kind and what the references mean (not the note, date or line)."""
        digest = hashlib.sha256("\n".join(sorted(r.key for r in self.refs)).encode()).hexdigest()
        return URIRef(AKDEC[f"{self.kind}-{digest[:16]}"])


@dataclass(frozen=True)
class Decisions:
    """The decisions of one identities file.

    `complete` is false when a build reads only some of the project's annotation files: a
    decision whose references select nothing among them is then skipped instead of refused.
    """

    items: tuple[Decision, ...] = ()
    complete: bool = True
    path: Path | None = None


@dataclass
class Applied:
    """A decision as the name index applies it: the declarations each reference selects."""

    decision: Decision
    groups: list[list[int]]  # indexes into the index's declarations, one list per reference
    entities: list[list[Entity]] | None = None  # filled in by the index: per reference


# -- reading ----------------------------------------------------------------------------------


def project_decisions(project: Project, sources: Sequence[Path] | None = None) -> Decisions:
    """The project's decisions for a build of `sources` (default: all its annotation files)."""
    everything = {p.resolve() for p in project.source_files()}
    given = {Path(p).resolve() for p in sources} if sources else everything
    return read_decisions(project.identities, complete=everything <= given)


def read_decisions(path: Path, *, complete: bool = True) -> Decisions:
    """Read and check an identities file (none if it does not exist); errors name file:line."""
    path = Path(path)
    if not path.exists():
        return Decisions((), complete, None)
    raw = read_yaml(path)
    if raw is None:
        return Decisions((), complete, path)
    if not isinstance(raw, LineList):
        raise AnnotationError(path, getattr(raw, "line", None), f"expected a list; {_FORM}")
    items: list[Decision] = []
    seen: dict[tuple[str, frozenset[str]], Decision] = {}
    for item, line in zip(raw, raw.item_lines, strict=True):
        decision = _decision(path, item, line)
        key = (decision.kind, frozenset(r.key for r in decision.refs))
        if key in seen:
            raise AnnotationError(
                path, line, f"the same decision as line {seen[key].line}; keep one of them"
            )
        seen[key] = decision
        items.append(decision)
    return Decisions(tuple(items), complete, path)


def _decision(path: Path, item: Any, line: int) -> Decision:
    if not isinstance(item, LineDict):
        raise AnnotationError(path, line, f"expected a decision (a mapping); {_FORM}")

    def at(key: str) -> int:
        return item.key_lines.get(key, line)

    for key in item:
        if key not in _FIELDS:
            raise AnnotationError(
                path, at(key), f"unknown field {key!r} (a decision has {', '.join(_FIELDS)})"
            )
    kinds = [k for k in ("same", "different") if k in item]
    if len(kinds) != 1:
        raise AnnotationError(path, line, "a decision needs exactly one of `same:` or `different:`")
    kind: Kind = kinds[0]  # type: ignore[assignment]
    given = item[kind]
    if not isinstance(given, LineList) or len(given) < 2:
        raise AnnotationError(
            path, at(kind), f"{kind}: expected a list of two or more entity references"
        )
    refs = tuple(
        _reference(path, ref, ref_line, kind)
        for ref, ref_line in zip(given, given.item_lines, strict=True)
    )
    keys = [r.key for r in refs]
    for i, ref in enumerate(refs):
        if ref.key in keys[:i]:
            raise AnnotationError(path, ref.line, f"{kind}: {ref.text!r} is named twice")
    by = item.get("by")
    if not isinstance(by, str) or not by.strip():
        raise AnnotationError(path, at("by"), "by: expected who decided, as text (by: A. Reviewer)")
    note = item.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise AnnotationError(path, at("note"), "note: expected text")
    return Decision(
        kind, refs, by.strip(), _date(path, item, at("date")), note.strip() if note else None,
        str(path), line,
    )  # fmt: skip


def _date(path: Path, item: LineDict, line: int) -> dt.date:
    value = item.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    got = "it is missing" if value is None else f"got {value!r}"
    raise AnnotationError(
        path, line, f"date: expected the day of the decision as YYYY-MM-DD ({got})"
    )


def _reference(path: Path, ref: Any, line: int, kind: str) -> Reference:
    form = "expected akid:SLUG, a label, or {document: DOC, label: NAME}"
    if isinstance(ref, str) and ref.strip():
        text = ref.strip()
        if text.startswith("akid:") or text.startswith(str(AKID)):
            slug = text.removeprefix("akid:").removeprefix(str(AKID))
            if not slug or slugify(slug) != slug:
                raise AnnotationError(
                    path, line, f"{kind}: {text!r} is not an entity IRI (akid: and a slug)"
                )
            return Reference(text, line, iri=entity_iri(slug))
        return Reference(text, line, name=text.casefold())
    if isinstance(ref, LineDict):
        document, label = ref.get("document"), ref.get("label")
        extra = sorted(set(ref) - {"document", "label"})
        if extra:
            at = ref.key_lines.get(extra[0], line)
            raise AnnotationError(path, at, f"{kind}: unknown field {extra[0]!r}; {form}")
        if not all(isinstance(v, str) and v.strip() for v in (document, label)):
            raise AnnotationError(path, line, f"{kind}: {form} (both as text)")
        return Reference(
            f"{document.strip()}: {label.strip()}",
            line,
            name=label.strip().casefold(),
            document=document.strip(),
        )
    raise AnnotationError(path, line, f"{kind}: {form}, not {ref!r}")


# -- resolving --------------------------------------------------------------------------------


def resolve(
    decisions: Decisions,
    decls: Sequence[Declaration],
    documents: Mapping[str, str],
    vocab: Vocabulary,
) -> list[Applied]:
    """Which declarations each reference selects; refuse references that select nothing, a
    `same` over declarations of one file or of clashing classes, and a `different` whose
    references overlap. `documents` maps each document id of the build to its file."""
    applied = []
    for decision in decisions.items:
        groups = [
            _select(ref, decision, decls, documents, decisions.complete) for ref in decision.refs
        ]
        if any(g is None for g in groups):
            continue  # a partial build lacks what the decision is about
        chosen: list[list[int]] = [g for g in groups if g is not None]
        if decision.kind == "same":
            _check_same(decision, chosen, decls, vocab)
        else:
            _check_different(decision, chosen, decls)
        applied.append(Applied(decision, chosen))
    return applied


def _select(
    ref: Reference,
    decision: Decision,
    decls: Sequence[Declaration],
    documents: Mapping[str, str],
    complete: bool,
) -> list[int] | None:
    """The declarations `ref` selects; None if a partial build lacks them (else an error)."""
    where = f"{decision.path}:{ref.line}"
    if ref.document is not None:
        path = _document_path(ref.document, documents)
        if path is None:
            if not complete:
                return None
            close = difflib.get_close_matches(ref.document, sorted(documents), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise IdentityError(
                f"{where}: no document {ref.document!r} among the annotations (give its "
                f"document id or its file name){hint}"
            )
        found = [i for i, d in enumerate(decls) if d.path == path and ref.name in d.names()]
        if len(found) > 1:
            named = ", ".join(f"{decls[i].label!r} ({decls[i].where})" for i in found)
            raise IdentityError(
                f"{where}: {ref.text!r} names {len(found)} declarations of the document: {named}; "
                "use a label that only one of them has"
            )
        if not found:
            labels = sorted({n for d in decls if d.path == path for n in (d.label, *d.aliases)})
            raise IdentityError(
                f"{where}: document {ref.document!r} declares nothing named "
                f"{ref.text.split(': ', 1)[1]!r}{_hint(ref.name or '', labels)}"
            )
        return found
    if ref.iri is not None:
        found = [i for i, d in enumerate(decls) if str(d.own_iri) == ref.iri]
        known = sorted({f"akid:{str(d.own_iri).removeprefix(str(AKID))}" for d in decls})
    else:
        found = [i for i, d in enumerate(decls) if ref.name in d.names()]
        known = sorted({n for d in decls for n in (d.label, *d.aliases)})
    if found:
        return found
    if not complete:
        return None
    raise IdentityError(
        f"{where}: {ref.text!r} names no declaration of any document{_hint(ref.text, known)}"
    )


def _document_path(document: str, documents: Mapping[str, str]) -> str | None:
    """The file of a document named by its id, its file name or the file's stem."""
    for doc_id, path in documents.items():
        if document in (doc_id, Path(path).name, Path(path).stem):
            return path
    slug = slugify(document)
    return next((path for doc_id, path in documents.items() if doc_id == slug), None)


def _hint(text: str, known: Sequence[str]) -> str:
    folded = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(text.casefold(), list(folded), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(folded[c]) for c in close)}?" if close else ""


def _check_same(
    decision: Decision, groups: list[list[int]], decls: Sequence[Declaration], vocab: Vocabulary
) -> None:
    chosen = [decls[i] for i in sorted({i for g in groups for i in g})]
    for j, d in enumerate(chosen):
        for e in chosen[:j]:
            if e.path == d.path:
                raise IdentityError(
                    f"{decision.where}: same over {e.label!r} ({e.where}) and {d.label!r} "
                    f"({d.where}), which one file declares as two things; a file's "
                    "declarations are different entities"
                )
            known = e.cls in vocab.classes and d.cls in vocab.classes
            if known and not (vocab.is_a(e.cls, d.cls) or vocab.is_a(d.cls, e.cls)):
                raise IdentityError(
                    f"{decision.where}: same over {e.label!r} ({e.cls}, {e.where}) and "
                    f"{d.label!r} ({d.cls}, {d.where}); one thing has one kind, and neither "
                    "class is a kind of the other"
                )


def _check_different(
    decision: Decision, groups: list[list[int]], decls: Sequence[Declaration]
) -> None:
    for j, group in enumerate(groups):
        for k in range(j):
            both = set(group) & set(groups[k])
            if both:
                d = decls[min(both)]
                raise IdentityError(
                    f"{decision.where}: different, but {decision.refs[k].text!r} and "
                    f"{decision.refs[j].text!r} both select {d.label!r} ({d.where}); name each "
                    "side by {document: DOC, label: NAME}"
                )


# -- provenance -------------------------------------------------------------------------------


def decision_quads(
    annotations: Sequence[SourcedAnnotation], vocab: Vocabulary, decisions: Decisions
) -> list[tuple[Any, Any, Any, URIRef]]:
    """The applied decisions as provenance in their own graph: who, when, why, and which
    entities each one made (`ak:identityDecision`). Empty when there are no decisions."""
    from .names import NameIndex

    if not decisions.items:
        return []
    index = NameIndex.build(annotations, vocab, decisions=decisions)
    return quads_of(index, vocab)


def quads_of(index: NameIndex, vocab: Vocabulary) -> list[tuple[Any, Any, Any, URIRef]]:
    """The provenance quads of the decisions `index` applied (see `decision_quads`)."""
    if not index.decided:
        return []
    needed = ("IdentityDecision", "SameEntityDecision", "DistinctEntitiesDecision")
    missing = [t for t in needed if t not in vocab.classes]
    missing += [t for t in ("identityDecision",) if t not in vocab.object_properties]
    if missing:
        raise ProjectError(
            f"the project's ontology lacks {', '.join('ak:' + t for t in missing)}, which "
            "record identity decisions (graph/identities.yaml); copy them from the packaged "
            "ontology into the project's ontology/alliance.ttl"
        )
    ak, g = vocab.ak, IDENTITIES_GRAPH
    out: list[tuple[Any, Any, Any, URIRef]] = []
    for applied in index.decided:
        d = applied.decision
        node = d.iri
        cls = ak.SameEntityDecision if d.kind == "same" else ak.DistinctEntitiesDecision
        out += [
            (node, RDF.type, cls, g),
            (node, RDFS.label, RDFLiteral(label(applied, index)), g),
            (node, DCTERMS.creator, RDFLiteral(d.by), g),
            (node, DCTERMS.date, RDFLiteral(d.date.isoformat(), datatype=XSD.date), g),
        ]
        if d.note:
            out.append((node, ak.note, RDFLiteral(d.note), g))
        entities = {e.iri: e for side in applied.entities or [] for e in side}
        out += [(iri, ak.identityDecision, node, g) for iri in sorted(entities)]
    return out


def label(applied: Applied, index: NameIndex) -> str:
    """``same: A (doc) = B (doc)`` / ``different: A (doc) ≠ B (doc)``, from the first
    declaration each reference selects."""
    sign = " = " if applied.decision.kind == "same" else " ≠ "
    sides = []
    for group in applied.groups:
        d = index.declarations[group[0]]
        sides.append(f"{d.label} ({d.doc_id})")
    return f"{applied.decision.kind}: {sign.join(sides)}"
