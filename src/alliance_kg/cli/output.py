"""The one printer of rows: a table for people, or JSON, CSV or TSV for programs.

Text for people goes through `terminal_safe` (control characters escaped: a document cannot
drive the terminal); CSV and TSV stay exact, and JSON escapes them as JSON does.

Table cells that are numbers or amounts ("$36,000,000,000 + up to $73,000,000,000") are never
wrapped or cut: a sum may break only at " + " between its terms. Other text wraps at spaces, and
a word longer than `FOLD` characters folds. Column widths are decided here, widest column first
shrunk to its minimum; when the minimums exceed the terminal, the table is printed wider than
the terminal rather than cropped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer

#: a word longer than this may fold across lines in a table
FOLD = 24

_NUMBER = re.compile(r"[-+]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?")


#: what a document's text must not send to a terminal: C0 controls but tab and newline (ESC
#: starts escape sequences, CR overwrites a line), DEL, C1 controls (0x9b is a one-byte CSI),
#: and the bidirectional overrides and isolates that reorder what a line appears to say
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every control character shown as an escape (``\\x1b``), so that text from a
    document can never drive the terminal it is printed to; tab and newline are kept."""
    return _UNSAFE.sub(_escape, text)


def echo(message: Any = "", *, err: bool = False, nl: bool = True) -> None:
    """`typer.echo` for text people read: control characters escaped (`terminal_safe`)."""
    typer.echo(terminal_safe(str(message)), err=err, nl=nl)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def write_exact(text: str) -> None:
    """Write machine-readable output byte for byte (``typer.echo`` would strip ANSI sequences
    from it when stdout is not a terminal, so a CSV cell would no longer be the data)."""
    stream = sys.stdout
    stream.write(text)
    stream.flush()


def turtle_safe(text: str) -> str:
    """Turtle with control characters inside literals written as ``\\uXXXX`` (the same terms)."""
    return _UNSAFE.sub(_json_escape, text)


def print_json(data: Any) -> None:
    """Print JSON, indented, non-ASCII kept; anything not JSON-native as its string.

    JSON escapes C0 controls itself; DEL, C1 controls and bidi overrides, which it may leave
    raw, are written as ``\\uXXXX`` too: the same data, safe on a terminal.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    typer.echo(_UNSAFE.sub(_json_escape, text))


def print_rows(
    rows: list[dict[str, Any]],
    fmt: str,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    machine: Sequence[str] = (),
    footer: str | None = None,
) -> None:
    """Print rows of plain values as a table, a JSON array, CSV or TSV.

    `columns` defaults to every key of the rows, in order of appearance. `machine` columns
    (IRIs, raw numbers) are for programs: the table leaves them out, JSON, CSV and TSV keep them.
    `footer` is a line printed under the table (e.g. a row count).
    """
    if fmt == "json":
        print_json(rows)
        return
    columns = list(columns or dict.fromkeys(k for row in rows for k in row))
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        delimiter = "\t" if fmt == "tsv" else ","
        plain = csv.DictWriter(buf, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
        # csv quotes a cell holding "\n" but not one holding only "\r", which readers take
        # for a line end: such rows are quoted whole
        quoted = csv.DictWriter(buf, fieldnames=columns, delimiter=delimiter,
                                lineterminator="\n", quoting=csv.QUOTE_ALL)  # fmt: skip
        plain.writeheader()
        for row in rows:
            (quoted if any("\r" in str(v) for v in row.values()) else plain).writerow(row)
        write_exact(buf.getvalue())
        return
    shown = [c for c in columns if c not in machine]
    print_table([[_text(row.get(c)) for c in shown] for row in rows], shown, title=title)
    if footer is not None:
        echo(footer)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _is_whole(term: str) -> bool:
    """Whether a term is a number or an amount (stays on one line)."""
    from ..amounts import parse_amount
    from ..errors import InputError

    term = term.strip().lstrip("=~≈(").rstrip(")").strip()
    if _NUMBER.fullmatch(term):
        return True
    try:
        parse_amount(term)
    except InputError:
        return False
    return True


def _terms(cell: str) -> list[str] | None:
    """A number or a sum of amounts as its " + " terms; None for other text."""
    terms = cell.split(" + ")
    return terms if cell and all(_is_whole(t) for t in terms) else None


def _widths(cell: str) -> tuple[int, int]:
    """(narrowest, widest) a cell can be printed at without cutting what must stay whole."""
    longest = max((len(line) for line in cell.splitlines()), default=0)
    terms = _terms(cell)
    if terms is not None:  # a line that breaks after a term ends in " +"
        return max(len(t) + (2 if i < len(terms) - 1 else 0) for i, t in enumerate(terms)), longest
    return min(max((len(w) for w in cell.split()), default=0), FOLD), longest


#: the most characters of one value a table shows (JSON and CSV show all of it)
MAX_CELL = 4000


def _shorten(cell: str) -> str:
    """`cell`, cut to `MAX_CELL` characters with a note saying how much was left out."""
    if len(cell) <= MAX_CELL:
        return cell
    return f"{cell[:MAX_CELL]} … ({len(cell) - MAX_CELL:,} more characters; -f json shows all)"


def _fit(low: list[int], high: list[int], room: int) -> list[int]:
    """Column widths from their widest down to `room`, widest first, none below its minimum.

    The widest columns are cut to one level ``top`` (found by bisection, so a cell of millions
    of characters costs no more than a short one); where that leaves room, the last of the
    columns cut to ``top`` get one more character (as cutting one at a time, first column
    first, would leave them)."""

    def at(top: int) -> list[int]:
        return [max(lo, min(hi, top)) for lo, hi in zip(low, high, strict=True)]

    if sum(high) <= room:
        return list(high)
    if sum(low) >= room:
        return list(low)
    lo_top, hi_top = 0, max(high)
    while lo_top < hi_top:  # the highest level whose widths fit
        mid = (lo_top + hi_top + 1) // 2
        if sum(at(mid)) <= room:
            lo_top = mid
        else:
            hi_top = mid - 1
    widths = at(lo_top)
    spare = room - sum(widths)
    for i in reversed(range(len(widths))):
        if spare <= 0:
            break
        if widths[i] == lo_top and high[i] > lo_top:
            widths[i] += 1
            spare -= 1
    return widths


def _break_terms(terms: list[str], width: int) -> str:
    """Join terms with " + ", breaking lines only between terms."""
    lines = [terms[0]]
    for i, term in enumerate(terms[1:], 2):
        joined = f"{lines[-1]} + {term}"
        if len(joined) + (2 if i < len(terms) else 0) <= width:  # room for " +" if more follow
            lines[-1] = joined
        else:
            lines[-1] += " +"
            lines.append(term)
    return "\n".join(lines)


def print_table(
    cells: Iterable[Sequence[str]], columns: list[str], title: str | None = None
) -> None:
    """Print a rich table of text cells (see the module doc for how widths are chosen)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grid = [[terminal_safe(_shorten(cell)) for cell in row] for row in cells]
    columns = [terminal_safe(c) for c in columns]
    title = terminal_safe(title) if title else title
    low, high = [], []
    for i, col in enumerate(columns):
        sizes = [_widths(row[i]) for row in grid] + [(max(map(len, col.split() or [""])), len(col))]
        low.append(max(s[0] for s in sizes))
        high.append(max(s[1] for s in sizes))
    console = Console(highlight=False)
    chrome = 3 * len(columns) + 1  # a border and one space either side of each column
    if sum(low) + chrome > console.width:  # never crop a value: print wider than the terminal
        console = Console(highlight=False, width=sum(low) + chrome)
    widths = _fit(low, high, console.width - chrome)
    table = Table(title=Text(title) if title else None)
    for col, width in zip(columns, widths, strict=True):
        table.add_column(Text(col), width=width, overflow="fold")
    for row in grid:
        shown = []
        for cell, width in zip(row, widths, strict=True):
            terms = _terms(cell)
            shown.append(Text(_break_terms(terms, width), no_wrap=True) if terms else Text(cell))
        table.add_row(*shown)
    console.print(table)
