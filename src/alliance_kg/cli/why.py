"""`alliance-kg why SUBJECT [PROPERTY] [OBJECT]`: the document, sentence and offsets of a fact."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..provenance import why as api_why
from ..store import open_store
from .common import FormatOption, OutputFormat, ProjectOption, print_rows, project_of


def why(
    subject: Annotated[str, typer.Argument(help="Entity: label, alias, slug or IRI.")],
    prop: Annotated[
        str | None,
        typer.Argument(
            metavar="[PROPERTY]",
            help="Property: local name or label (type, collaboratesWith); * = any.",
        ),
    ] = None,
    obj: Annotated[
        str | None, typer.Argument(metavar="[OBJECT]", help="Entity (or class, after type).")
    ] = None,
    store: Annotated[Path | None, typer.Option(help="Store (default: graph/store).")] = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print each matching statement with its document, evidence sentence and character offsets."""
    with open_store(store or project_of(project).store) as s:
        found = api_why(s, subject, prop, obj)
    if not found:
        asked = " ".join(x for x in (subject, prop, obj) if x)
        raise InputError(f"no stored statement matches {asked!r}; the graph does not say so")
    if fmt is not OutputFormat.table:
        print_rows([p.as_row() for p in found], fmt)
        return
    for p in found:
        flags = "  [hedged]" if p.hedged else ""
        typer.echo(f"{p.subject_label} —{p.property_label}→ {p.object_label}{flags}")
        if p.via:
            typer.echo(f"  matched because {p.via}")
        typer.echo(f"  document: {p.document}  characters {p.start}–{p.end}")
        typer.echo(f"  quote:    “{p.quote}”")
        if p.sentence != p.quote:
            typer.echo(f"  sentence: “{p.sentence}”")
        if p.note:
            typer.echo(f"  note:     {p.note}")
        typer.echo("")
    typer.echo(f"{len(found)} piece{'s' if len(found) != 1 else ''} of evidence")
