"""`alliance-kg docs`: HTML documentation of the ontology, with examples from the built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import project_of, say
from .options import ProjectOption, StoreOption, output_folder


def docs(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder to write (default: the project's docs/ontology).",
            callback=output_folder,
        ),
    ] = None,
    store: StoreOption = None,
    project: ProjectOption = None,
) -> None:
    """Write docs/ontology/index.html: every class and property with its definition, domain,
    range and an example statement from the data (one offline page)."""
    from ..ontodocs import render_docs
    from ..store import open_store

    folder = out
    if folder is None or store is None:
        proj = project_of(project)
        folder = folder or proj.root / "docs" / "ontology"
        store = store or proj.store
    with open_store(store) as s:
        report = render_docs(s, folder)
    say(
        f"wrote {report.path} ({report.classes} classes, {report.properties} properties, "
        f"{report.examples} with an example from the data)"
    )
