"""`alliance-kg build`: annotations → validated store and Turtle export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import err_console, project_of, say
from .options import FormatOption, NoReasonOption, OutputFormat, ProjectOption, StoreOption
from .output import echo, print_json, print_rows


def build(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(
            hidden=True,
            help="Not accepted: a build is always of the whole project; "
            "`alliance-kg validate FILE` checks one file.",
        ),
    ] = None,
    store: StoreOption = None,
    export: Annotated[
        Path | None, typer.Option(help="Turtle export (default: graph/alliance.ttl).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Rebuild even if no input changed.")] = False,
    no_reason: NoReasonOption = False,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Build the whole project's store and export, all or nothing, reusing what is unchanged."""
    from .. import build as api
    from ..errors import InputError

    proj = project_of(project)
    if sources:
        raise InputError(
            "build always builds the whole project (every annotation in "
            f"{proj.sources}); to check {sources[0]} without building, run "
            f"`alliance-kg validate {sources[0]}`; to add it, put it and its document in "
            f"{proj.sources}"
        )
    with err_console().status("building…") as status:
        report = api.build(
            proj,
            store=store,
            export=export,
            force=force,
            reason=not no_reason,
            progress=status.update,
        )
    if fmt is OutputFormat.json:
        print_json(report.as_dict())
        return
    for warning in report.warnings:
        say(f"warning: {warning}")
    for message in report.reasoning.messages if report.reasoning else []:
        say(f"note: {message}")
    if report.up_to_date:
        echo(f"up to date: nothing changed since the last build ({report.store})")
    rows = [{"class": cls, "entities": n} for cls, n in report.entities.items()]
    if fmt is OutputFormat.csv:
        print_rows(rows, fmt)
        return
    print_rows(rows, fmt, title="entities per class")
    echo(
        f"documents: {len(report.documents)} ({_names(report.documents)})"
        + (f"; {report.loaded} loaded, {report.reused} kept\n" if report.reused else "\n")
        + f"entities: {sum(report.entities.values())}  statements: {report.statements}  "
        f"triples: {report.triples}\n"
        f"{report.shacl}\n"
        f"{report.reasoning.line() if report.reasoning else 'reasoning: not run'}\n"
        f"store: {report.store}\nexport: {report.export}\n"
        f"time: {report.seconds:.2f} s"
    )


_LISTED = 8


def _names(documents: list[str] | tuple[str, ...]) -> str:
    """The documents' names for the summary, cut after a few: a 1M project has 772 of them."""
    if len(documents) <= _LISTED:
        return ", ".join(documents)
    shown = ", ".join(documents[: _LISTED - 2])
    return f"{shown}, … and {len(documents) - (_LISTED - 2)} more; `-f json` lists all"
