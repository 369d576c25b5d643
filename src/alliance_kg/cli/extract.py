"""`alliance-kg extract`: draft an annotation file from a document, for a person to review."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .common import project_of, say
from .options import ProjectOption


class DraftFormat(StrEnum):
    """What the draft is written as."""

    yaml = "yaml"
    turtle = "turtle"


def _read(path: Path) -> str:
    """The document's plain text (UTF-8 .txt / .md for now; `ingest.read_document` later)."""
    from ..errors import InputError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it as UTF-8 text: {exc}") from None


def extract(
    doc: Annotated[Path, typer.Argument(help="The document (plain UTF-8 text: .txt, .md).")],
    out: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the draft (DRAFT.yaml).")
    ],
    fmt: Annotated[
        DraftFormat, typer.Option("--format", "-f", help="yaml (an annotation file) or turtle.")
    ] = DraftFormat.yaml,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print each fact with the rule and confidence.")
    ] = False,
    declare_known: Annotated[
        bool,
        typer.Option(
            "--declare-known",
            help="Declare again the entities the project already declares (canonical label).",
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Draft an annotation of DOC: entities, relations and investments, each with the
    sentence it was read from and a confidence, for a person to review before `build`.

    The plain text is written beside the draft (DRAFT.txt), since the evidence refers to it.
    Outside a project, only nations and subdivisions are known names.
    """
    from ..build import project_schema
    from ..errors import ProjectError
    from ..extract.draft import draft
    from ..extract.gazetteer import Gazetteer
    from ..files import atomic_write
    from ..identity import slugify
    from ..ontology import load_vocabulary
    from ..resources import packaged_ontology

    text = _read(doc)  # the one place the document is read
    try:
        proj = project_of(project)
    except ProjectError:
        if project is not None:
            raise
        proj = None
    if proj is not None:
        vocab, _shapes = project_schema(proj)
        gaz = Gazetteer.from_project(proj, vocab)
    else:
        vocab = load_vocabulary(packaged_ontology())
        gaz = Gazetteer.build(None, vocab)
    text_path = out.with_suffix(".txt")
    result = draft(
        text,
        vocab=vocab,
        gazetteer=gaz,
        doc_id=slugify(doc.stem) or "document",
        doc_path=text_path.name,
        declare_known=declare_known,
    )
    body = result.to_yaml() if fmt is DraftFormat.yaml else result.to_turtle(vocab)
    if text_path.resolve() != doc.resolve():
        with atomic_write(text_path) as fh:
            fh.write(text.encode("utf-8"))
    with atomic_write(out) as fh:
        fh.write(body.encode("utf-8"))
    if explain:
        from .output import print_rows

        rows = [{"fact": f, "rule": r, "confidence": f"{c:.2f}"} for f, r, c in result.explain()]
        print_rows(rows, "table", title="how each fact was found")
    say(
        f"wrote {out} ({len(result.declared)} entities, {len(result.relations)} relations, "
        f"{len(result.investments)} investments; {len(result.known)} known entities named) "
        f"and {text_path}"
    )
