"""The chart pages: money flows and the timeline, each one static, offline HTML file.

``alliance-kg analyse money --chart`` and ``analyse timeline --chart`` write them; the report
embeds the same SVG. Data in, markup out: no store, no script, every string escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ..analyse.money import money, money_rows
from ..money import Counted
from ..timeline import Timeline
from . import money_chart, timeline_chart
from .svg import esc, page, write_page

BASE_CSS = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222;
  margin: 24px auto; max-width: 1040px; padding: 0 16px; font-size: 14px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 22px 0 4px; }
p.sub, p.foot, ul.notes { color: #555; font-size: 13px; }
p.total { margin: 2px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin-top: 8px; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #ddd; }
th { background: #f2f2f0; }
td.amount .term { white-space: nowrap; }
td.pre { white-space: pre-wrap; min-width: 14em; }
tr.total td { font-weight: bold; border-top: 2px solid #999; }
"""


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]], *,
          amount: Sequence[str] = (), pre: Sequence[str] = (),
          total: str | None = None) -> str:  # fmt: skip
    """An HTML table of `rows` (column key, heading); a row whose first cell is `total` is bold."""
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = []
    for r in rows:
        first = str(r.get(columns[0][0], ""))
        cls = ' class="total"' if total is not None and first == total else ""
        cells = "".join(
            f'<td class="{"amount" if k in amount else "pre" if k in pre else ""}">'
            f"{_cell(r.get(k), k in amount)}</td>"
            for k, _ in columns
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(value: Any, amount: bool) -> str:
    """A cell's text, escaped; an amount may break only between the terms of a sum."""
    text = "" if value is None else str(value)
    if not amount or not text:
        return esc(text)
    return " + ".join(f'<span class="term">{esc(t)}</span>' for t in text.split(" + "))


MONEY_COLUMNS = (("investment", "investment"), ("investor", "investor"), ("target", "target"),
                 ("sector", "sector"), ("total", "amount"), ("parts", "parts"),
                 ("counted", "counted"))  # fmt: skip


def money_table(graph: nx.MultiDiGraph, rows: list[dict[str, Any]] | None = None) -> str:
    """The money table of `analyse money` (by investment, totals with their parts) as HTML."""
    from ..money import TOTAL_LABEL

    rows = rows if rows is not None else money_rows(graph, "investment")
    return table(rows, MONEY_COLUMNS, amount=("total",), pre=("investment",), total=TOTAL_LABEL)


def money_page(
    graph: nx.MultiDiGraph,
    *,
    title: str = "alliance-kg: money flows",
    report: Counted | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> str:
    """The money page: the flows per currency (SVG), the model's notes, then the table.

    `report` and `rows` are what ``analyse money`` counted and printed (default: the whole
    projection's), so the page shows the same investments as the command.
    """
    chart = money_chart.money_chart(graph, report if report is not None else money(graph))
    body = (
        f"<h1>{esc(title)}</h1>"
        '<p class="sub">Investor → target → sector. Hover a band for the investment, its '
        "amount and the sentence that states it.</p>"
        f"{money_chart.chart_html(chart)}"
        "<h2>Every investment</h2>"
        f"{money_table(graph, rows)}"
    )
    return page(title, body, BASE_CSS + money_chart.CSS, generator="alliance-kg analyse money")


def inline_money(graph: nx.MultiDiGraph) -> Any:
    """The money chart for a Jupyter cell (`IPython.display.HTML`): its SVG and styles, no script.

    Static SVG needs no iframe; the styles apply only to the chart's own classes.
    """
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - depends on the environment
        from ..errors import InputError

        raise InputError("inline display needs IPython (run it inside Jupyter)") from None
    chart = money_chart.money_chart(graph, money(graph))
    return HTML(f"<style>{money_chart.CSS}</style>{money_chart.chart_html(chart)}")


def write_money_page(
    graph: nx.MultiDiGraph,
    out: Path,
    *,
    title: str | None = None,
    report: Counted | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> Path:
    """Write the money page to `out` atomically (`report`, `rows`: as for `money_page`)."""
    page_text = money_page(
        graph, title=title or "alliance-kg: money flows", report=report, rows=rows
    )
    return write_page(page_text, out)


TIMELINE_COLUMNS = (("document", "document"), ("when", "when"), ("kind", "kind"),
                    ("item", "item"), ("dated by", "dated by"),
                    ("evidence", "evidence"))  # fmt: skip


def timeline_page(tl: Timeline, *, title: str = "alliance-kg: timeline") -> str:
    """The timeline page: the SVG, then the dated items as a table."""
    body = (
        f"<h1>{esc(title)}</h1>"
        '<p class="sub">Agreements, commitments and investments by the date or year the text '
        "gives, one row per document. Hover a mark for the sentence that dates it.</p>"
        f"{timeline_chart.timeline_svg(tl)}"
        "<h2>Dated items</h2>"
        f"{table(tl.rows(), TIMELINE_COLUMNS, amount=('when',))}"
    )
    return page(title, body, BASE_CSS + timeline_chart.CSS, generator="alliance-kg timeline")


def write_timeline_page(tl: Timeline, out: Path, *, title: str | None = None) -> Path:
    """Write the timeline page to `out` atomically."""
    return write_page(timeline_page(tl, title=title or "alliance-kg: timeline"), out)
