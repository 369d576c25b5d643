"""`alliance-kg import FILE`: bring an existing RDF graph into the project as a source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import err_console, project_of, say
from .options import NoReasonOption, ProjectOption
from .output import echo, print_json

_RDF_FORMATS = "turtle, ntriples, nquads, trig, rdfxml, jsonld"


def import_rdf(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A local RDF file (a URL is refused).")
    ],
    rdf_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="F",
            help=f"Read FILE as this format ({_RDF_FORMATS}); default: from its content.",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="The import's name (graph/imports/NAME.*); default: FILE's stem."),
    ] = None,
    no_reason: NoReasonOption = False,
    project: ProjectOption = None,
    json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
) -> None:
    """Check FILE (refusing DOCTYPEs, remote contexts, relative IRIs, unknown ak: terms, …),
    copy it into graph/imports/ and build: its triples get a named graph of their own, shown
    as "imported, no sentence evidence". `alliance-kg remove import:NAME` takes it out again.
    -f names the format FILE is in, as `export -f` names the one it writes."""
    from ..imports import import_id
    from ..imports import import_rdf as api_import

    proj = project_of(project)
    with err_console().status("importing…") as status:
        report = api_import(
            proj, file, fmt=rdf_format, name=name, reason=not no_reason, progress=status.update,
        )  # fmt: skip
    if json:
        print_json(report.as_dict())
        return
    for warning in report.warnings:
        say(f"warning: {warning}")
    stored = Path(report.stored)
    shown = stored.relative_to(proj.root) if stored.is_relative_to(proj.root) else stored
    echo(f"imported {import_id(report.name)}: {shown} ({report.format}, {report.triples} triples)")
    if report.build:
        echo(f"built: {report.build.statements} statements, {report.build.triples} triples")
