"""`alliance-kg init DIR`: make a new project folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import FormatOption, OutputFormat
from .output import echo


def init(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The project folder (made if missing).")
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help="The project's name (default: the folder's name)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Make a project: alliance-kg.toml, graph/sources/ and a .gitignore."""
    from ..project import MARKER, init_project
    from .output import print_json, print_rows

    proj = init_project(folder, name)
    created = [
        {"path": MARKER, "what": "marks the project's root folder"},
        {"path": "graph/sources/", "what": "put documents (.txt) and annotations (.yaml) here"},
        {"path": ".gitignore", "what": "leaves the built store out of version control"},
    ]
    customise = (
        "the ontology and saved queries are the ones alliance-kg ships; to change them, copy "
        "them into ontology/ (alliance.ttl, shapes.ttl) and queries/ (*.rq) in the project"
    )
    if fmt == OutputFormat.json:
        print_json(
            {
                "project": str(proj.root),
                "name": proj.name,
                "created": [str(proj.root / row["path"]) for row in created],
                "ontology": str(proj.ontology),
                "shapes": str(proj.shapes),
                "queries": str(proj.queries),
                "note": customise,
            }
        )
        return
    if fmt == OutputFormat.table:
        echo(f"made project {proj.name!r} in {proj.root}")
    print_rows(created, fmt.value, columns=["path", "what"])
    if fmt == OutputFormat.table:
        echo(f"\n{customise}.")
        echo(f"next: copy documents into {proj.sources}, then `alliance-kg build`")
