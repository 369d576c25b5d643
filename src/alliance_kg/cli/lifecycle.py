"""`alliance-kg remove DOC` and `alliance-kg log`: take a document out; list the builds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import err_console, project_of, say
from .options import FormatOption, NoReasonOption, OutputFormat, ProjectOption
from .output import echo, print_json, print_rows


def remove(
    doc: Annotated[
        str, typer.Argument(help="The document: its id, its annotation file or its text file.")
    ],
    no_reason: NoReasonOption = False,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Take one document's facts out of the graph exactly (its files move to graph/removed/)."""
    from ..remove import remove_document

    proj = project_of(project)
    with err_console().status("removing…") as status:
        report = remove_document(proj, doc, reason=not no_reason, progress=status.update)
    if fmt is OutputFormat.json:
        print_json(report.as_dict())
        return
    for warning in report.build.warnings if report.build else []:
        say(f"warning: {warning}")
    rows = [{"entity": e["label"], "class": e["class"]} for e in report.entities]
    if fmt is OutputFormat.csv:
        print_rows(rows, fmt)
        return
    echo(f"removed {report.doc_id}")
    for src, dest in report.moved.items():
        echo(f"  moved {_short(src, proj.root)} -> {_short(dest, proj.root)}")
    if rows:
        print_rows(rows, fmt, title="entities no longer in the graph")
    else:
        echo("entities no longer in the graph: none (other documents name them all)")
    echo(
        f"statements removed: {report.statements} "
        f"(graph: {report.statements_before} -> {report.statements_after}); "
        f"triples: {report.triples_before} -> {report.triples_after}"
    )


def _short(path: str, root: Path) -> str:
    """`path` relative to the project's folder when it is inside it (shorter to read)."""
    return str(Path(path).relative_to(root)) if Path(path).is_relative_to(root) else path


def log(
    at: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The documents the graph had at the end of DATE (UTC)."),
    ] = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the builds, newest first, with the documents each added, changed and removed."""
    from .. import history

    proj = project_of(project)
    if at is not None:
        entry = history.at(proj.history, at)
        docs = entry.documents if entry else {}
        if fmt is OutputFormat.json:
            print_json({"at": at, "build": entry.as_dict() if entry else None})
            return
        rows = [
            {
                "document": d,
                "annotation": str(digests.get("annotation_sha256", ""))[:12],
                "text": str(digests.get("text_sha256", ""))[:12],
            }
            for d, digests in sorted(docs.items())
        ]
        if entry is None:
            echo(f"no build on or before {at}: the graph had no documents")
            return
        print_rows(rows, fmt, title=f"documents at the end of {at} (build of {entry.time})")
        return
    entries = history.log(proj.history)
    if fmt is OutputFormat.json:
        print_json([e.as_dict() for e in entries])
        return
    if not entries:
        echo(f"no builds recorded in {proj.history}")
        return
    rows = [
        {
            "time": e.time,
            "build": e.digest[:12],
            "documents": len(e.documents),
            "added": ", ".join(e.added),
            "changed": ", ".join(e.changed),
            "removed": ", ".join(e.removed),
        }
        for e in entries
    ]
    print_rows(rows, fmt, title="builds, newest first")
