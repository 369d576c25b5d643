"""`alliance-kg export`: the store's instance data and provenance as a file for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..defaults import EXPORT_FORMATS
from .common import store_path
from .options import ProjectOption, StoreOption
from .output import echo


def export(
    out: Annotated[Path, typer.Argument(help="Output file; the suffix picks the format.")],
    store: StoreOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)} (default: by suffix)."
        ),
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
    from ..export import export_store
    from ..store import open_store

    with open_store(store_path(store, project)) as s:
        used = export_store(s, out, fmt, inferred=inferred)
    graphs = "asserted + inferred" if inferred else "asserted only"
    echo(f"wrote {out} ({used}, {graphs})")
