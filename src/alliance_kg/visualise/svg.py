"""Static SVG and the static page around it: escaped text, wrapped labels, one strict CSP.

The charts (money flows, the timeline) and the report are drawn here, in Python, as plain SVG
inside one HTML file: no script at all, so they print, e-mail and archive as they are, and the
page's Content-Security-Policy allows nothing but its own style block (by hash). Every string
that reaches the markup goes through `esc`; tooltips are SVG ``<title>`` elements.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from pathlib import Path

from ..files import atomic_write

#: average advance of a character of the sans-serif the pages use, in ems (for layout only)
CHAR_EM = 0.56


def esc(text: object) -> str:
    """`text` as HTML/SVG character data or attribute value: ``& < > " '`` escaped."""
    return html.escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if out == "-0" else out


def text_width(text: str, size: float) -> float:
    """The width `text` takes at font `size` px, estimated (no font metrics in Python)."""
    return len(text) * size * CHAR_EM


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters; the last ends in "…" if cut."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(width - 1, 1)].rstrip() + "…"
    return [o if len(o) <= width + 8 else o[: width - 1] + "…" for o in out] or [""]


def title(text: str) -> str:
    """An SVG ``<title>`` (the tooltip of its parent element), escaped."""
    return f"<title>{esc(text)}</title>"


def label(x: float, y: float, lines: Iterable[str], *, cls: str, anchor: str = "start",
          line_height: float = 13.0) -> str:  # fmt: skip
    """A ``<text>`` of one or more lines (``<tspan>``s), the first baseline at `y`."""
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{num(0 if i == 0 else line_height)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{cls}" x="{num(x)}" y="{num(y)}" text-anchor="{anchor}">{spans}</text>'


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def csp(css: str) -> str:
    """The pages' policy: nothing may load or run; only the page's own style block applies."""
    return (
        f"default-src 'none'; style-src {_sha256(css)}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def page(title_text: str, body: str, css: str, *, generator: str) -> str:
    """One self-contained HTML page: `body` (already escaped markup) under `title_text`."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(css))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{esc(generator)}">\n'
        f"<title>{esc(title_text)}</title>\n<style>{css}</style>\n</head>\n"
        f'<body data-ready="">\n{body}\n</body>\n</html>\n'
    )


def write_page(text: str, out: Path) -> Path:
    """Write a page to `out` atomically; return the path."""
    with atomic_write(Path(out)) as fh:
        fh.write(text.encode("utf-8"))
    return Path(out)
