"""The annotation file format: a reviewed account of one document's facts, with evidence.

A file is read by `read_annotation`, which returns an `Annotation` (pydantic models) or raises
`AnnotationError` naming the file and line. The format is described in docs/design.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError

from .errors import AnnotationError
from .yamlio import line_of, read_yaml

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _as_list(value: Any) -> Any:
    """Accept one item where a list is expected (``investor: Japan``)."""
    return [value] if isinstance(value, str) else value


Names = Annotated[list[Text], BeforeValidator(_as_list)]

#: drafts: how sure the extractor is; ignored by the loader
Confidence = Annotated[
    float | None,
    Field(None, ge=0, le=1, description="drafts: how sure the extractor is; ignored by the loader"),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class DocumentSpec(_Model):
    """Where the document is and what it is."""

    id: Text | None = Field(None, description="document id; default: the annotation file's stem")
    path: Text = Field(description="the document's text file, relative to the annotation file")
    title: Text | None = None
    date: dt.date | None = None
    author: Text | None = None
    publisher: Text | None = None
    url: Text | None = Field(None, description="where the document was published (never fetched)")


class _Node(_Model):
    """Fields shared by everything that becomes a node with a canonical label."""

    label: Text
    id: Text | None = Field(None, description="explicit slug, to pin or disambiguate the IRI")
    aliases: Names = []
    description: Text | None = None
    note: Text | None = None


class EntitySpec(_Node):
    """A named thing: nation, agency, company, system, place, topic, …"""

    class_: Text = Field(alias="class")
    evidence: Names = Field(default=[], description="quotes naming it; default: first mention")
    iso: Text | None = Field(None, description="ISO 3166 code, for nations pycountry can't find")
    confidence: Confidence = None


class RelationSpec(_Model):
    """One statement between two named things, with the quote that states it."""

    subject: Text
    property: Text
    object: Text
    evidence: Annotated[list[Text], BeforeValidator(_as_list), Field(min_length=1)]
    year: int | None = None
    date: dt.date | None = None
    hedged: bool = False
    note: Text | None = None
    role: Text | None = None
    confidence: Confidence = None


class _NaryNode(_Node):
    """Investments and commitments: nodes of their own, each with evidence."""

    evidence: Annotated[list[Text], BeforeValidator(_as_list), Field(min_length=1)]
    concerns: Names = []
    sector: Names = []
    buildsOn: Names = []
    announcedAt: Names = []
    year: int | None = None
    date: dt.date | None = None
    hedged: bool = False
    confidence: Confidence = None


class InvestmentSpec(_NaryNode):
    """One investment or tranche; `amount` is the phrase as written ("up to $73 billion")."""

    class_: Text = Field("Investment", alias="class")
    investor: Names = []
    target: Names = []
    amount: Text | None = None
    partOf: Text | None = None
    aggregate: bool = False


class CommitmentSpec(_NaryNode):
    """Something a party undertakes to do."""

    class_: Text = Field("Commitment", alias="class")
    committedBy: Names = []
    factor: Decimal | None = None


class Annotation(_Model):
    """One annotation file."""

    document: DocumentSpec
    entities: list[EntitySpec] = []
    relations: list[RelationSpec] = []
    investments: list[InvestmentSpec] = []
    commitments: list[CommitmentSpec] = []


class SourcedAnnotation:
    """An `Annotation` together with its file, the document text and a line finder."""

    def __init__(self, path: Path, raw: Any, model: Annotation, doc_path: Path, text: str) -> None:
        self.path = path
        self.raw = raw
        self.model = model
        self.doc_path = doc_path
        self.text = text

    @property
    def doc_id(self) -> str:
        """The document's id: explicit, or the annotation file's stem."""
        from .identity import slugify

        return slugify(self.model.document.id or self.path.stem)

    def line(self, *loc: Any) -> int | None:
        """The line of ``entities[3].label``-style locations, e.g. ``line("entities", 3)``."""
        return line_of(self.raw, loc)

    def error(self, loc: tuple[Any, ...], message: str) -> AnnotationError:
        """An `AnnotationError` pointing at `loc` in this file."""
        where = _format_loc(loc)
        return AnnotationError(
            self.path, self.line(*loc), f"{where}: {message}" if where else message
        )


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_annotation(path: Path, ignore: Sequence[str] = ()) -> SourcedAnnotation:
    """Read and check one annotation file and its document; raise `AnnotationError` if bad.

    `ignore` names keys of list items to drop before checking (a draft's ``confidence``).
    """
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise AnnotationError(path, None, "expected a mapping with keys document, entities, …")
    for section in ("entities", "relations", "investments", "commitments") if ignore else ():
        items = raw.get(section)
        for item in items if isinstance(items, list) else ():
            for key in ignore if isinstance(item, dict) else ():
                item.pop(key, None)
    try:
        model = Annotation.model_validate(raw)
    except PydanticValidationError as exc:
        raise _pydantic_error(path, raw, exc) from None
    doc_path = _document_path(path, raw, model.document.path)
    try:
        _check_size(path, raw, doc_path)
        text = doc_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotationError(
            path, line_of(raw, ("document", "path")), f"document.path: no such file {doc_path}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(
            path,
            line_of(raw, ("document", "path")),
            f"document.path: cannot read {doc_path}: {exc}",
        ) from None
    return SourcedAnnotation(path, raw, model, doc_path, text)


def _check_size(path: Path, raw: Any, doc_path: Path) -> None:
    """Refuse a document over the ``max_document_bytes`` limit before reading it."""
    from .limits import active

    limit, size = active().max_document_bytes, doc_path.stat().st_size
    if size > limit:
        raise AnnotationError(
            path,
            line_of(raw, ("document", "path")),
            f"document.path: {doc_path} has {size:,} bytes; documents over {limit:,} bytes are "
            "refused (raise [limits] max_document_bytes in alliance-kg.toml if it is genuine)",
        )


def _document_path(path: Path, raw: Any, given: str) -> Path:
    """`document.path` resolved, refused unless it stays inside the annotation file's folder.

    An absolute path, a ``..`` component or a symlink leading out of the folder would let an
    annotation copy any readable file on the machine into the store, so each is an error.
    """
    folder = path.parent.resolve()
    expected = f"expected a path inside {folder}, relative to the annotation file"

    def refuse(what: str) -> AnnotationError:
        return AnnotationError(
            path, line_of(raw, ("document", "path")), f"document.path: {what}; {expected}"
        )

    relative = Path(given)
    if relative.is_absolute() or given.startswith(("/", "\\")):
        raise refuse("an absolute path is not allowed")
    if ".." in relative.parts or ".." in given.replace("\\", "/").split("/"):
        raise refuse("a path with '..' components is not allowed")
    resolved = (folder / relative).resolve()
    if not resolved.is_relative_to(folder):
        raise refuse(f"{given!r} leads outside the folder (through a symlink)")
    return resolved


def _pydantic_error(path: Path, raw: Any, exc: PydanticValidationError) -> AnnotationError:
    """Turn pydantic's findings into one message: first finding with its line, then a count."""
    errors = exc.errors(include_url=False)
    lines = []
    for err in errors[:10]:
        loc = tuple("class" if p == "class_" else p for p in err["loc"])
        where = _format_loc(loc)
        line = line_of(raw, loc)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling; see docs/design.md for the format)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        got = "" if err["type"] in {"missing", "extra_forbidden"} else f" (got {err['input']!r})"
        lines.append(f"line {line}: {where}: {msg}{got}" if line else f"{where}: {msg}{got}")
    first_line = line_of(raw, tuple("class" if p == "class_" else p for p in errors[0]["loc"]))
    more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
    detail = lines[0].split(": ", 1)[1] if first_line else lines[0]
    if len(lines) > 1:
        detail += "".join(f"\n  {line}" for line in lines[1:]) + more
    return AnnotationError(path, first_line, detail)
