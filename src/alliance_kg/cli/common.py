"""Options and output helpers shared by the verbs."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..project import Project


class OutputFormat(StrEnum):
    """How a command prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project", help="Project folder (default: the one containing the working folder)."
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]

err_console = Console(stderr=True, highlight=False)


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``--param NAME=VALUE`` options as a dict; a malformed one is an input error."""
    from ..errors import InputError

    values: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {item!r}: expected NAME=VALUE")
        values[key.strip()] = value
    return values


def project_of(path: Path | None) -> Project:
    """The project at `path`, or the one around the working folder."""
    return Project(path.resolve()) if path else Project.find()


def print_rows(rows: list[dict[str, Any]], fmt: OutputFormat, title: str | None = None) -> None:
    """Print rows of plain values as a table, JSON array or CSV."""
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console(highlight=False).print(table)
