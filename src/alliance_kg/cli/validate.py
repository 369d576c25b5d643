"""`alliance-kg validate`: check annotation files without building anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import project_of, say
from .options import FormatOption, OutputFormat, ProjectOption
from .output import echo, print_rows


def validate(
    files: Annotated[list[Path], typer.Argument(help="Annotation files to check.")],
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check annotation files (vocabulary, SHACL, identity) without touching store or export.

    Exit 0 if every file passes, 2 otherwise, each problem named by file and line.
    """
    from ..source_check import validate_files

    checks = validate_files(project_of(project), files)
    for check in checks:
        for warning in check.warnings:
            say(f"warning: {warning}")
    if fmt is OutputFormat.table:
        for check in checks:
            if check.ok:
                echo(check.line())
            for error in check.errors:
                echo(f"error: {error}", err=True)
    else:
        print_rows([c.as_dict() for c in checks], fmt)
    if not all(check.ok for check in checks):
        raise typer.Exit(2)
