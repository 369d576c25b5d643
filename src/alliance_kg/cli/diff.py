"""`alliance-kg diff OLD NEW`: what two versions of the graph state differently, with evidence."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import ProjectOption
from .output import echo, print_json, print_rows

if TYPE_CHECKING:
    from ..diff import Diff


class DiffFormat(StrEnum):
    """How a diff is printed: a table, JSON for programs, or a Markdown list for a review."""

    table = "table"
    json = "json"
    markdown = "markdown"


_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD",
            help="Annotation file, RDF export or project folder; or git's REV:PATH.",
        ),
    ],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The same kind of input as OLD.")],
    project: ProjectOption = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = DiffFormat.table,
) -> None:
    """List entities and facts added and removed, and values changed (amounts, hedges, labels).

    OLD and NEW are two annotation files (a draft and its reviewed version too), two exports
    (.ttl, .trig, .nt, .nq) or two built projects; either may be a git revision, REV:PATH
    (HEAD~1:graph/sources/a.yaml, HEAD~1:. for the project here). Provenance is not
    compared: moved offsets are no change. Exit 0 when they state the same, 1 when they differ
    (like diff(1)), 2 on bad input (a missing file, or two different kinds of input).
    """
    from ..diff import diff as api_diff
    from ..extract.evaluate import find_vocabulary

    result = api_diff(old, new, find_vocabulary(project))
    if fmt is DiffFormat.json:
        print_json(result.as_dict())
    elif fmt is DiffFormat.markdown:
        echo(markdown(result), nl=False)
    elif result.is_empty:
        echo(f"no differences between {old} and {new}")
    else:
        rows = [{"": _SIGN[i.change], "what": i.what, "difference": i.text(),
                 "evidence": i.evidence or ""} for i in result.items]  # fmt: skip
        print_rows(rows, "table", title=f"{old} → {new}", footer=_summary(result))
    if not result.is_empty:
        raise typer.Exit(1)


def _summary(result: Diff) -> str:
    counts = result.counts()
    return ", ".join(f"{n} {change}" for change, n in counts.items())


def markdown(result: Diff) -> str:
    """The diff as Markdown: a heading, then a list per kind of change, each with its sentence."""
    lines = [f"## `{result.old}` → `{result.new}`", ""]
    if result.is_empty:
        return "\n".join([*lines, "No differences.", ""])
    lines += [_summary(result) + ".", ""]
    for change in ("removed", "added", "changed"):
        items = [i for i in result.items if i.change == change]
        if not items:
            continue
        lines += [f"### {change.capitalize()}", ""]
        for i in items:
            lines.append(f"- {i.what}: {i.text()}")
            if i.evidence:
                lines.append(f"  > {' '.join(i.evidence.split())}")
        lines.append("")
    return "\n".join(lines)
