"""`alliance-kg report`: a one-page brief of a document (or of the whole graph), as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import store_path
from .options import FormatOption, OutputFormat, ProjectOption, StoreOption, output_file
from .output import print_rows


def report(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="The HTML file to write.", callback=output_file),
    ],
    document: Annotated[
        str | None,
        typer.Option(help="Brief this document (its id); default: the whole graph."),
    ] = None,
    store: StoreOption = None,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write a printable brief: parties, agreements, money, key chains, brokers, what is new."""
    from ..report import brief
    from ..store import open_store
    from ..visualise.report import write_brief

    with open_store(store_path(store, project)) as s:
        found = brief(s, document=document)
    write_brief(found, out)
    c = found.counts
    row = {
        "file": str(out),
        "documents": len(found.documents),
        "entities": c["entities"],
        "facts": c["facts"],
        "chains": len(found.chains),
        "brokers": len(found.brokers),
    }
    print_rows([row], fmt, title="brief written")
