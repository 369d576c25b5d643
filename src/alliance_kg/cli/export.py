"""`alliance-kg export`: the store's instance data and provenance as a file for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..export import FORMATS, export_store
from ..store import open_store
from .common import ProjectOption, project_of


def export(
    out: Annotated[Path, typer.Argument(help="Output file; the suffix picks the format.")],
    store: Annotated[Path | None, typer.Option(help="Store (default: graph/store).")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)} (default: by suffix)."),
    ] = None,
    inferred: Annotated[
        bool,
        typer.Option(
            "--inferred", help="Add the inferred graph (entailments, no provenance of their own)."
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Write the document graphs (no ontology; inferred triples only with --inferred)."""
    store_path = store or project_of(project).store
    with open_store(store_path) as s:
        used = export_store(s, out, fmt, inferred=inferred)
    graphs = "asserted + inferred" if inferred else "asserted only"
    typer.echo(f"wrote {out} ({used}, {graphs})")
