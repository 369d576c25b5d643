"""A small self-contained SVG of a `python -m benchmarks` result: the speed-up against each
baseline (log scale), one row per comparison and one bar per corpus size, with the issue's
target marked. matplotlib is not a dependency of the project, so the SVG is written by hand.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path
from typing import Any

from alliance_kg.files import atomic_write

#: (label, how to read the ratio from a size's "ratios", target: higher is better)
ROWS: list[tuple[str, Any, float]] = [
    ("build vs rdflib parse", lambda r: r.get("build: rdflib parse / build"), 20),
    ("Turtle export vs rdflib", lambda r: r["exports"]["turtle"]["rdflib / ours"], 30),
    ("inference vs owlrl", lambda r: r.get("inference: owlrl / rules"), 100),
    ("page vs pyvis from_nx", lambda r: r.get("page: pyvis from_nx / ours"), 100),
    (
        "communities vs networkx",
        lambda r: r["analyses"]["communities (auto)"]["networkx / ours"],
        10,
    ),
    (
        "centrality vs networkx",
        lambda r: r["analyses"]["centrality (auto betweenness)"]["networkx / ours"],
        10,
    ),
    (
        "worst saved query vs rdflib",
        lambda r: min(
            (q["rdflib / api"] for q in r["queries"].values() if q["rdflib / api"]), default=None
        ),
        20,
    ),
]
COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]


def _value(fn: Any, ratios: dict) -> float | None:
    try:
        return fn(ratios)
    except (KeyError, TypeError):
        return None


def render_svg(doc: dict) -> str:
    """The SVG text for a results document."""
    sizes = list(doc["sizes"])
    left, width, bar, gap = 190, 460, 12, 10
    row_h = bar * max(len(sizes), 1) + gap
    top = 40
    height = top + row_h * len(ROWS) + 50
    lo, hi = -2.0, 4.0  # 0.01× … 10,000×

    def x(v: float) -> float:
        return left + (min(max(math.log10(max(v, 1e-9)), lo), hi) - lo) / (hi - lo) * width

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        f'<text x="10" y="18" font-size="13" font-weight="bold">alliance-kg speed-up against '
        f"the baseline (× faster, log scale) — {escape(doc['commit']['sha'][:8])}, "
        f"{escape(doc['date'][:10])}</text>",
    ]
    for p in range(int(lo), int(hi) + 1):
        gx = x(10.0**p)
        out.append(
            f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 40}" stroke="#ddd"/>'
        )
        out.append(f'<text x="{gx:.1f}" y="{height - 26}" text-anchor="middle">{10.0**p:g}×</text>')
    one = x(1.0)
    out.append(
        f'<line x1="{one:.1f}" y1="{top - 6}" x2="{one:.1f}" y2="{height - 40}" stroke="#888"/>'
    )
    for i, (label, fn, goal) in enumerate(ROWS):
        y0 = top + i * row_h
        out.append(
            f'<text x="{left - 8}" y="{y0 + row_h / 2:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for j, size in enumerate(sizes):
            v = _value(fn, doc["sizes"][size]["ratios"])
            y = y0 + j * bar
            if v is None:
                out.append(
                    f'<text x="{one + 4:.1f}" y="{y + bar - 2}" fill="#999">'
                    f"{escape(size)}: not measured</text>"
                )
                continue
            a, b = sorted((one, x(v)))
            out.append(
                f'<rect x="{a:.1f}" y="{y}" width="{max(b - a, 1):.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(size)}: {v:g}×</title></rect>'
            )
            out.append(f'<text x="{b + 3:.1f}" y="{y + bar - 3}" font-size="9">{v:g}×</text>')
        gx = x(goal)
        out.append(
            f'<line x1="{gx:.1f}" y1="{y0}" x2="{gx:.1f}" y2="{y0 + row_h - gap}" '
            'stroke="#c00" stroke-width="2" stroke-dasharray="3,2"/>'
        )
    ly = height - 10
    for j, size in enumerate(sizes):
        tri = doc["sizes"][size].get("triples") or 0
        out.append(
            f'<rect x="{10 + j * 150}" y="{ly - 9}" width="10" height="10" '
            f'fill="{COLOURS[j % len(COLOURS)]}"/>'
        )
        out.append(f'<text x="{24 + j * 150}" y="{ly}">{escape(size)} ({tri:,} triples)</text>')
    out.append(f'<text x="{left + width - 150}" y="{ly}" fill="#c00">dashed: target</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_svg(doc: dict, path: Path) -> Path:
    """Write the plot of `doc` to `path`, atomically."""
    with atomic_write(path) as fh:
        fh.write(render_svg(doc).encode())
    return path
