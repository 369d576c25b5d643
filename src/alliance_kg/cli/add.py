"""`alliance-kg add DOC`: extract a draft, show it for review, and build it in on an accept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import err_console, project_of, say
from .options import FormatOption, NoReasonOption, OutputFormat, ProjectOption
from .output import echo, print_json, print_rows


def add(
    doc: Annotated[
        Path, typer.Argument(help="The document: .txt, .md, .html or .pdf (read locally only).")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accept without asking (for scripts).")
    ] = False,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the draft in $EDITOR before the review.")
    ] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence", metavar="X", help="Accept only the items this sure (0-1) or more."
        ),
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Extract again, discarding a waiting (edited) draft.")
    ] = False,
    no_reason: NoReasonOption = False,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Draft an annotation of DOC, show every proposed entity and fact for review, and on an
    accept add it to graph/sources/ and build. Nothing reaches the graph without an accept.

    The draft waits in graph/drafts/DOC-ID/: edit it there (or with --edit) and run `add` again.
    With -f json the review and the outcome are one JSON object on stdout (questions go to
    stderr); -f csv prints the review rows.
    """
    from .. import add as api
    from ..errors import InputError

    proj = project_of(project)
    with err_console().status("extracting…"):
        staged = api.stage(proj, doc, fresh=fresh)
    where = (
        staged.draft.relative_to(proj.root)
        if staged.draft.is_relative_to(proj.root)
        else staged.draft
    )
    say(f"{'drafted' if staged.created else 'reusing the reviewed draft'} {where}")
    if edit:
        try:
            api.edit(staged.draft)
        except InputError:
            if staged.created:
                api.discard(staged)
            raise
    errors = api.check(proj, staged.draft)
    if errors:
        for error in errors:
            echo(f"error: {error}", err=True)
        echo(
            f"the draft is not a valid annotation; nothing was added. Fix {where} and run "
            "`alliance-kg add` again (or --fresh to extract anew)",
            err=True,
        )
        raise typer.Exit(2)
    rows = api.review_rows(proj, staged.draft)
    if fmt is OutputFormat.json:
        pass  # printed with the outcome, below
    elif fmt is OutputFormat.csv:
        print_rows(rows, fmt)
    else:
        print_rows(rows, fmt, title=f"proposed for {staged.doc_id}")
    if min_confidence is not None:
        say(f"only items with confidence >= {min_confidence} will be added")
    if not yes and not typer.confirm("Add to the project?", default=False, err=True):
        say(f"nothing added; the draft is kept in {where} (edit it and run add again)")
        if fmt is OutputFormat.json:
            print_json({"review": rows, "accepted": False, "draft": str(staged.draft)})
        return
    with err_console().status("building…") as status:
        report = api.accept(
            proj,
            staged,
            min_confidence=min_confidence,
            reason=not no_reason,
            progress=status.update,
        )
    if fmt is OutputFormat.json:
        print_json({"review": rows, "accepted": True, "added": report.as_dict()})
        return
    for warning in report.build.warnings if report.build else []:
        say(f"warning: {warning}")
    for item in report.dropped:
        echo(f"  left out (under {min_confidence}): {item}")
    kept = report.kept
    echo(
        f"added {report.doc_id}: {Path(report.annotation).relative_to(proj.root)} "
        f"({kept['entities']} entities, {kept['relations']} relations, "
        f"{kept['investments']} investments)"
    )
    if report.build:
        echo(f"built: {report.build.statements} statements, {report.build.triples} triples")
