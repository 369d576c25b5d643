"""`alliance-kg check`: is the graph consistent with the ontology? HermiT, culprits named."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..defaults import HERMIT_LIMIT
from .common import err_console, note, project_of
from .options import FormatOption, OutputFormat, ProjectOption, StoreOption
from .output import echo, print_json, print_rows


def check(
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data",
            help="Check these RDF files (Turtle, N-Triples, …) instead of the store; repeatable.",
        ),
    ] = None,
    store: StoreOption = None,
    ontology: Annotated[
        Path | None,
        typer.Option(help="Ontology for --data (default: the project's ontology/alliance.ttl)."),
    ] = None,
    no_hermit: Annotated[
        bool,
        typer.Option("--no-hermit", help="Only the direct disjointness check, no HermiT."),
    ] = False,
    limit: Annotated[
        int, typer.Option(help="Skip HermiT above this many data triples.")
    ] = HERMIT_LIMIT,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check the data against the ontology with HermiT; exit 2 and name the culprits if not."""
    from ..errors import InputError
    from ..reason import check_files, check_live_store

    proj = project_of(project)
    with err_console().status("reasoning…"):
        if data:
            report = check_files(ontology or proj.ontology, data, hermit=not no_hermit, limit=limit)
        else:
            report = check_live_store(store or proj.store, hermit=not no_hermit, limit=limit)
    if fmt is OutputFormat.json:
        print_json(report.as_dict())
    elif report.findings:
        print_rows([f.as_row() for f in report.findings], fmt, title="problems")
    for message in report.notes:
        note(message)
    if fmt is OutputFormat.table:
        echo(report.summary())
    if not report.consistent:
        raise InputError(
            f"the data is inconsistent with the ontology: {len(report.findings)} problem(s), "
            "listed above"
        )
