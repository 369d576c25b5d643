"""`alliance-kg duplicates`: entities of different documents that may be one, for review."""

from __future__ import annotations

from typing import Annotated

import typer

from ..defaults import DUPLICATE_THRESHOLD
from .common import project_of, say
from .options import FormatOption, OutputFormat, ProjectOption
from .output import echo, print_rows, print_table


def duplicates(
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold",
            min=0,
            max=100,
            metavar="N",
            help="Least name similarity (rapidfuzz WRatio, 0-100) for a pair to be listed.",
        ),
    ] = DUPLICATE_THRESHOLD,
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List pairs of entities from different documents that may be one thing, for review.

    Same or compatible class, same nation when both have one, similar names or an acronym; pairs
    already decided in graph/identities.yaml are left out. Reads the annotations (no store
    needed). Exit 0 whether or not pairs are found, 2 if an input file is bad.
    """
    from ..duplicates import find_duplicates, where

    proj = project_of(project)
    found = find_duplicates(proj, threshold)
    if fmt is not OutputFormat.table:
        print_rows([c.row() for c in found], fmt)
        return
    if not found:
        say(f"no candidate pairs (score ≥ {threshold}) in {proj.sources}")
        return
    cells = [
        [
            str(n),
            str(c.score),
            f"{c.a.label}\n{c.a.cls}, {where(c.a)}",
            f"{c.b.label}\n{c.b.cls}, {where(c.b)}",
            c.nation,
        ]
        for n, c in enumerate(found, 1)
    ]
    print_table(cells, ["#", "score", "entity", "may be the same as", "nation"])
    echo(
        f"{len(found)} candidate pair(s) (score ≥ {threshold}). Record each decision in "
        "graph/identities.yaml (same: or different:), e.g.:"
    )
    for n, c in enumerate(found, 1):
        echo(f"{c.hint()}  # {n}")
