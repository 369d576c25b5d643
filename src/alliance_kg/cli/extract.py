"""`alliance-kg extract`: draft an annotation file from a document, for a person to review."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .common import project_of, say
from .options import ProjectOption, output_file


class DraftFormat(StrEnum):
    """What the draft is written as."""

    yaml = "yaml"
    turtle = "turtle"


def extract(
    doc: Annotated[
        Path, typer.Argument(help="The document: .txt, .md, .html or .pdf (read locally only).")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="Where to write the draft (DRAFT.yaml).", callback=output_file
        ),
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
    from ..extract.ingest import read_document, save_text
    from ..files import atomic_write
    from ..identity import slugify
    from ..ontology import load_vocabulary
    from ..resources import packaged_ontology

    ingested = read_document(doc)  # the one place the document is read
    for note in ingested.notes:
        say(f"note: {note}")
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
        ingested.text,
        vocab=vocab,
        gazetteer=gaz,
        doc_id=slugify(doc.stem) or "document",
        doc_path=text_path.name,
        title=ingested.title,
        declare_known=declare_known,
    )
    body = result.to_yaml() if fmt is DraftFormat.yaml else result.to_turtle(vocab)
    save_text(ingested, out)  # the text the offsets refer to, beside the draft
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
