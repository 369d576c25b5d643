"""Text layouts that are not tables: paths with their evidence, the investment tree, `why`."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ..analyse.paths import Hop, PathResult
    from ..provenance import Provenance


def terminal_width() -> int:
    """The width to fold text to: the terminal's, at least 60."""
    from rich.console import Console

    return max(Console().width, 60)


def print_paths(result: PathResult, a: str, b: str) -> None:
    """The paths as text: one line per path, then each hop with its evidence sentence."""
    width = terminal_width()
    more = f" (of {result.total}+; --limit/--all for more)" if result.truncated else ""
    typer.echo(
        f"{len(result.paths)} path{'s' if len(result.paths) != 1 else ''} from {a} to {b}{more}; "
        f"shortest: {result.shortest_length} hops"
    )
    for i, p in enumerate(result.paths, 1):
        typer.echo(f"\n{i}. {p.text()}")
        said: set[str] = set()
        for hop in p.hops:
            arrow = f"-[{hop.property}]->" if hop.direction == "->" else f"<-[{hop.property}]-"
            flags = " (hedged)" if hop.hedged else ""
            flags += " (inferred)" if hop.inferred else ""
            same = " — same sentence as above" if hop.sentence in said else ""
            typer.echo(f"   {hop.source_label} {arrow} {hop.target_label}{flags}{same}")
            if hop.sentence and not same:
                said.add(hop.sentence)
                typer.echo(
                    textwrap.fill(f"“{hop.sentence}”", width=width - 1, initial_indent=" " * 6,
                                  subsequent_indent=" " * 7)
                )  # fmt: skip
            for line in hop_caveats(hop):
                typer.echo(textwrap.fill(line, width=width - 1, initial_indent=" " * 6,
                                         subsequent_indent=" " * 8))  # fmt: skip


def hop_caveats(hop: Hop) -> list[str]:
    """What a reader should know about a hop's evidence: ends its quote does not name, the note."""
    out = []
    if hop.unnamed:
        out.append(f"(the quote does not name {' or '.join(hop.unnamed)})")
    if hop.note:
        out.append(f"note: {hop.note}")
    return out


def print_investments(rows: list[dict[str, Any]]) -> None:
    """The investment tree as text: name, who → where · sector, amount and how it is counted."""
    width = terminal_width() - 1
    for row in rows[:-1]:
        name = row["investment"]
        indent = " " * (len(name) - len(name.lstrip()))
        pad = indent + ("  " if indent else "")
        typer.echo(textwrap.fill(name.strip(), width, initial_indent=indent,
                                 subsequent_indent=pad + "  "))  # fmt: skip
        sector = f" · {row['sector']}" if row["sector"] else ""
        typer.echo(f"{pad}    {row['investor']} → {row['target']}{sector}")
        parts = f" {row['parts']}" if row["parts"] else ""
        typer.echo(f"{pad}    {row['total']}{parts}  [counted: {row['counted']}]")
    typer.echo(f"{rows[-1]['investment']}:\n    {rows[-1]['total']}")


def print_provenance(found: list[Provenance]) -> None:
    """Each statement with its document, offsets, quote and sentence, then a count."""
    for p in found:
        flags = "  [hedged]" if p.hedged else ""
        typer.echo(f"{p.subject_label} —{p.property_label}→ {p.object_label}{flags}")
        if p.via:
            typer.echo(f"  matched because {p.via}")
        typer.echo(f"  document: {p.document}  characters {p.start}–{p.end}")
        typer.echo(f"  quote:    “{p.quote}”")
        if p.sentence != p.quote:
            typer.echo(f"  sentence: “{p.sentence}”")
        if p.note:
            typer.echo(f"  note:     {p.note}")
        typer.echo("")
    typer.echo(f"{len(found)} piece{'s' if len(found) != 1 else ''} of evidence")
