"""Money as a picture: investor → target → sector flows, one chart per currency, static SVG.

The chart is drawn from the one money model (`alliance_kg.money`, read from a projection by
`alliance_kg.analyse.money.money`): each band is one counted amount (a `Unit`), so a total and
its parts are never both drawn, and a band's width is the amount the text states, in its own
currency. How the picture keeps the model's rules:

* **Currencies** each get their own chart and scale; nothing is converted or added across them.
* **Hedges** are drawn, not hidden: an exact amount is a solid band; a ceiling ("up to",
  "under", "nearly") is an outlined, hatched band (at most this much, not a fact of this size);
  a floor ("over", "at least") is a solid band with a dashed edge (at least this much); an
  estimate ("about") a solid band with a dotted edge. The hedge word is printed with every
  amount, and a node's sum keeps one term per hedge.
* **Shared amounts** are drawn once: an amount with two investors (or targets, or sectors)
  flows from one joint node ("Australia + United States"), never split between them, since the
  text does not say how it is split.

Each band carries its figures as ``data-`` attributes (currency, hedge, value) and a ``<title>``
with the investment, the amount and the evidence sentence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import networkx as nx

from ..analyse.base import node_label
from ..analyse.money import money
from ..money import Amount, Counted, Sum, Unit, _currency_rank
from .svg import esc, label, num, title, wrap

#: hedges that put a ceiling on an amount, and those that put a floor under it
CEILINGS = frozenset({"up to", "under", "nearly", "almost", "less than", "at most", "below"})
FLOORS = frozenset({"over", "at least", "more than", "above", "in excess of"})
#: Okabe–Ito colours (distinguishable with colour-blindness), one per investor node
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F",
           "#3B3B98")  # fmt: skip
NOT_NAMED = "#8a8a8a"
#: the key of the node that holds a column's smaller parties when there are too many to draw
OTHERS = "(others)"
#: at most this many nodes per column (the rest fold into one "N other investors" node)
MAX_NODES = 20
COLUMNS = ("investor", "target", "sector")
CURRENCY_NAMES = {"USD": "US dollars", "JPY": "Japanese yen", "EUR": "euros",
                  "GBP": "pounds sterling", "KRW": "South Korean won",
                  "AUD": "Australian dollars"}  # fmt: skip

# geometry (px of the SVG's own coordinates; the page scales it to its width)
WIDTH = 980.0
_X = (230.0, 480.0, 730.0)  # left edge of each column's bar
_BAR = 12.0
_TOP = 34.0
_GAP = 16.0
_SLOT = 30.0  # a node takes at least this much height, so two label lines fit beside it
_SPAN = 420.0  # the height the amounts of the biggest chart are scaled to
_MIN_BAND = 2.0


def hedge_kind(qualifier: str | None) -> str:
    """How a hedge is drawn: ``exact``, ``ceiling``, ``floor`` or ``estimate``."""
    if qualifier is None:
        return "exact"
    q = qualifier.casefold()
    return "ceiling" if q in CEILINGS else "floor" if q in FLOORS else "estimate"


@dataclass(frozen=True)
class Node:
    """A node of one column: one party, or several named together for one amount (joint)."""

    column: int
    key: tuple[str, ...]
    label: str
    members: tuple[str, ...]
    sum: Sum
    others: int = 0  # the parties folded into this node (the smaller ones of a crowded column)

    @property
    def joint(self) -> bool:
        """True when one amount is stated for several parties together."""
        return len(self.members) > 1 and not self.others


@dataclass(frozen=True)
class Flow:
    """One counted amount, drawn once, and its node in each column.

    A flow holds one `Unit`, or several of one currency and hedge when they run between the same
    nodes and one of them is a folded "others" node (then the band is their sum).
    """

    units: tuple[Unit, ...]
    keys: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    sentence: str | None
    note: str | None  # how it is counted, when not simply as stated

    @property
    def amount(self) -> Amount:
        """The band's amount: the unit's, or the sum of the folded units (one currency, hedge)."""
        first = self.units[0].amount
        if len(self.units) == 1:
            return first
        return replace(first, value=sum((u.amount.value for u in self.units), Decimal(0)))

    @property
    def label(self) -> str:
        """The investment's label, or how many amounts the band holds."""
        return self.units[0].label if len(self.units) == 1 else f"{len(self.units)} amounts"

    @property
    def investment(self) -> str:
        """The IRI(s) of the investment(s) the band counts, space-separated."""
        return " ".join(u.investment for u in self.units)


@dataclass(frozen=True)
class Section:
    """The chart of one currency: its flows, its nodes per column and its total."""

    currency: str
    total: Sum
    flows: tuple[Flow, ...]
    nodes: tuple[tuple[Node, ...], tuple[Node, ...], tuple[Node, ...]]

    @property
    def name(self) -> str:
        """``US dollars (USD)``."""
        name = CURRENCY_NAMES.get(self.currency)
        return f"{name} ({self.currency})" if name else self.currency


@dataclass(frozen=True)
class MoneyChart:
    """The money chart: one section per currency (US dollars first), the model's notes."""

    sections: tuple[Section, ...]
    total: Sum
    notes: tuple[str, ...]


def _sentence(graph: nx.MultiDiGraph, iri: str) -> str | None:
    """The evidence sentence of an investment: that of its investor, target or other links."""
    order = ("investor", "target", "sector", "concerns", "componentOf")
    edges = sorted(
        (d for _, _, d in graph.out_edges(iri, data=True) if d.get("evidence")),
        key=lambda d: order.index(d["property"]) if d.get("property") in order else 9,
    )
    for d in edges:
        if sentence := d["evidence"][0].get("sentence"):
            return str(sentence)
    return None


def _key(nodes: Sequence[str], none: str) -> tuple[str, ...]:
    return tuple(sorted(nodes)) or (none,)


def _note(report: Counted, unit: Unit) -> str | None:
    inv = report.investments[unit.investment]
    if unit.remainder:
        return f"what {inv.label} states beyond its parts"
    if inv.amount is not None and unit.amount != inv.amount:
        return f"stated as {inv.amount.text()}; counted {unit.amount.text()} as a part of a " \
               "hedged total"  # fmt: skip
    if unit.investment in report.breakdowns:
        return "counted whole: a part of it is in another currency"
    return None


def _fold(flows: list[Flow], max_nodes: int) -> tuple[list[Flow], dict[int, list]]:
    """Fold the smaller nodes of a column with more than `max_nodes` into one "others" node,
    and the flows that then run between the same nodes with the same hedge into one band."""
    folded: dict[int, list[tuple[str, ...]]] = {}
    for c in range(3):
        value: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
        for f in flows:
            value[f.keys[c]] += f.amount.value
        if len(value) <= max_nodes:
            continue
        ranked = sorted(value, key=lambda k: (k[0].startswith("("), -value[k], k))
        keep = set(ranked[: max(max_nodes - 1, 1)])
        folded[c] = [k for k in ranked if k not in keep]
        flows = [
            f if f.keys[c] in keep
            else replace(f, keys=tuple((OTHERS,) if i == c else k for i, k in enumerate(f.keys)))
            for f in flows
        ]  # fmt: skip
    if not folded:
        return flows, folded
    out: list[Flow] = []
    merged: dict[tuple, int] = {}
    for f in flows:
        if (OTHERS,) not in f.keys:
            out.append(f)
            continue
        key = (f.keys, f.amount.qualifier)
        if key in merged:
            i = merged[key]
            out[i] = replace(out[i], units=out[i].units + f.units, sentence=None, note=None)
        else:
            merged[key] = len(out)
            out.append(f)
    return out, folded


def money_chart(
    graph: nx.MultiDiGraph, report: Counted | None = None, *, max_nodes: int = MAX_NODES
) -> MoneyChart:
    """The chart's sections from a projection (``nary="nodes"``), by the money model; a column
    with more than `max_nodes` parties shows the biggest and folds the rest into one node."""
    report = report if report is not None else money(graph)
    by_currency: dict[str, list[Flow]] = defaultdict(list)
    for u in report.units:
        keys = (_key(u.investors, "(not named)"), _key(u.targets, "(no target)"),
                _key(u.sectors or u.topics, "(unspecified)"))  # fmt: skip
        flow = Flow((u,), keys, _sentence(graph, u.investment), _note(report, u))
        by_currency[u.amount.currency].append(flow)
    sections = []
    for currency in sorted(by_currency, key=_currency_rank):
        flows, folded = _fold(by_currency[currency], max_nodes)
        columns = []
        for c in range(3):
            sums: dict[tuple[str, ...], Sum] = defaultdict(Sum)
            for f in flows:
                sums[f.keys[c]] = sums[f.keys[c]] + f.amount
            nodes = []
            for k, total in sums.items():
                if k == (OTHERS,):
                    names = [" + ".join(_label(graph, m) for m in key) for key in folded[c]]
                    label = f"{len(names)} other {COLUMNS[c]}s"
                    nodes.append(Node(c, k, label, tuple(names), total, len(names)))
                else:
                    labels = [_label(graph, m) for m in k]
                    nodes.append(Node(c, k, " + ".join(labels), tuple(labels), total))
            columns.append(tuple(nodes))
        total = Sum.of(*(f.amount for f in flows))
        sections.append(Section(currency, total, tuple(flows), _ordered(flows, columns)))
    return MoneyChart(tuple(sections), report.total, tuple(report.notes))


def _label(graph: nx.MultiDiGraph, node: Hashable) -> str:
    return node_label(graph, node) if node in graph else str(node)


def _value(s: Sum) -> Decimal:
    return sum((t.value for t in s.terms), Decimal(0))


def _ordered(flows: list[Flow], columns: list[tuple[Node, ...]]) -> tuple:
    """Nodes top to bottom: investors by size, then each column by where its flows come from."""
    first = sorted(columns[0], key=lambda n: (n.key[0].startswith("("), -_value(n.sum), n.label))
    out = [tuple(first)]
    for c in (1, 2):
        rank = {n.key: i for i, n in enumerate(out[-1])}
        weight: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
        moment: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
        for f in flows:
            v = f.amount.value
            weight[f.keys[c]] += v
            moment[f.keys[c]] += v * rank[f.keys[c - 1]]
        out.append(tuple(sorted(
            columns[c],
            key=lambda n: (moment[n.key] / weight[n.key] if weight[n.key] else 0, n.label),
        )))  # fmt: skip
    return tuple(out)


def short_sum(s: Sum) -> str:
    """A sum rounded for a label: ``$36 billion + up to $73 billion``."""
    return " + ".join(a.short() for a in s.terms) if s.terms else "unknown"


# --- drawing ------------------------------------------------------------------------------


@dataclass
class _Box:
    y: float
    height: float
    cursor_in: float = 0.0
    cursor_out: float = 0.0


def _layout(section: Section, scale: float) -> tuple[dict, float]:
    """Each node's box (top, height) per column, and the chart's height."""
    boxes: dict[tuple[int, tuple[str, ...]], _Box] = {}
    bottom = 0.0
    for c, nodes in enumerate(section.nodes):
        y = _TOP
        for n in nodes:
            h = max(
                sum(
                    max(float(f.amount.value) * scale, _MIN_BAND)
                    for f in section.flows
                    if f.keys[c] == n.key
                ),
                _MIN_BAND,
            )
            slot = max(h, _SLOT)
            boxes[(c, n.key)] = _Box(y + (slot - h) / 2, h)
            y += slot + _GAP
        bottom = max(bottom, y)
    return boxes, bottom + 8


def _band(x0: float, a0: float, b0: float, x1: float, a1: float, b1: float) -> str:
    """A ribbon from the span a0–b0 at x0 to a1–b1 at x1 (cubic edges)."""
    m = (x0 + x1) / 2
    return (
        f"M{num(x0)},{num(a0)} C{num(m)},{num(a0)} {num(m)},{num(a1)} {num(x1)},{num(a1)} "
        f"L{num(x1)},{num(b1)} C{num(m)},{num(b1)} {num(m)},{num(b0)} {num(x0)},{num(b0)} Z"
    )


def _flow_title(f: Flow, section: Section, names: dict) -> str:
    lines = [f.label, f.amount.text() + (f" ({f.note})" if f.note else "")]
    lines.append(" → ".join(names[(c, f.keys[c])] for c in range(3)))
    if len(f.units) > 1:
        lines += [f"{u.label}: {u.amount.text()}" for u in f.units[:12]]
        if len(f.units) > 12:
            lines.append(f"… and {len(f.units) - 12} more")
    elif any(len(k) > 1 for k in f.keys):
        lines.append("one amount stated for the parties together: drawn once, not split")
    if f.sentence:
        lines.append(f"“{f.sentence}”")
    return "\n".join(lines)


def _node_title(n: Node) -> str:
    lines = [n.label, n.sum.text()]
    if n.others:
        lines += list(n.members[:30]) + ([f"… and {n.others - 30} more"] if n.others > 30 else [])
    return "\n".join(lines)


def section_svg(section: Section, *, scale: float, index: int | str = 0) -> str:
    """The SVG of one currency's chart, its bands scaled by `scale` px per unit of currency."""
    # pattern ids unique to this chart, so several charts can share one document (a notebook)
    digest = hashlib.sha1(
        "|".join([section.currency, *(f.investment for f in section.flows)]).encode()
    ).hexdigest()[:8]
    index = f"{digest}-{index}"
    boxes, height = _layout(section, scale)
    colours = {
        n.key: NOT_NAMED if n.key[0].startswith("(") else PALETTE[i % len(PALETTE)]
        for i, n in enumerate(section.nodes[0])
    }
    names = {(n.column, n.key): n.label for col in section.nodes for n in col}
    order = {(n.column, n.key): i for col in section.nodes for i, n in enumerate(col)}
    defs = "".join(
        f'<pattern id="hatch-{index}-{i}" width="7" height="7" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="7" stroke="{c}" stroke-width="2.6"/></pattern>'
        for i, c in enumerate(dict.fromkeys(colours.values()))
    )
    hatch = {c: f"hatch-{index}-{i}" for i, c in enumerate(dict.fromkeys(colours.values()))}
    # the order bands leave and enter each node: by the node at their other end
    flows = sorted(
        section.flows,
        key=lambda f: (order[(1, f.keys[1])], order[(0, f.keys[0])], order[(2, f.keys[2])],
                       f.label),
    )  # fmt: skip
    bands, segments = [], []
    for f in flows:
        thick = max(float(f.amount.value) * scale, _MIN_BAND)
        spans = []
        for c in range(3):
            box = boxes[(c, f.keys[c])]
            spans.append(box)
        kind = hedge_kind(f.amount.qualifier)
        colour = colours[f.keys[0]]
        fill = f"url(#{hatch[colour]})" if kind == "ceiling" else colour
        paths, ends = [], []
        for c in range(2):
            src, dst = spans[c], spans[c + 1]
            a0 = src.y + src.cursor_out
            a1 = dst.y + dst.cursor_in
            src.cursor_out += thick
            dst.cursor_in += thick
            paths.append(_band(_X[c] + _BAR, a0, a0 + thick, _X[c + 1], a1, a1 + thick))
            ends.append((a0, a1))
        d = " ".join(paths)
        a = f.amount
        bands.append(
            f'<g class="flow hedge-{kind}" data-currency="{esc(a.currency)}" '
            f'data-qualifier="{esc(a.qualifier or "")}" data-value="{esc(a.value)}" '
            f'data-investment="{esc(f.investment)}">'
            f"{title(_flow_title(f, section, names))}"
            f'<path d="{d}" fill="{fill}" stroke="{colour}"/></g>'
        )
        # the node bars are drawn as the bands' ends, so a bar is never one merged block
        for c in range(3):
            box = spans[c]
            y = box.y + (box.cursor_out - thick if c == 0 else box.cursor_in - thick)
            segments.append(
                f'<rect class="bar hedge-{kind}" x="{num(_X[c])}" y="{num(y)}" '
                f'width="{num(_BAR)}" height="{num(thick)}" fill="{fill}" stroke="{colour}"/>'
            )
        if thick >= 13:
            a0, a1 = ends[0]
            mid_y = (a0 + a1) / 2 + thick / 2 + 4
            segments.append(label((_X[0] + _BAR + _X[1]) / 2, mid_y, [a.short()],
                                  cls="amount", anchor="middle"))  # fmt: skip
    texts = []
    for c, nodes in enumerate(section.nodes):
        for n in nodes:
            box = boxes[(c, n.key)]
            lines = wrap(n.label, 30 if c else 34, 2)
            y = box.y + box.height / 2 - (len(lines) * 13) / 2 + 4
            if c == 0:
                x, anchor = _X[c] - 6, "end"
            else:
                x, anchor = _X[c] + _BAR + 6, "start"
            cls = "node joint" if n.joint else "node"
            texts.append(
                f'<g class="{cls}" data-column="{COLUMNS[c]}">'
                f"{title(_node_title(n))}"
                f"{label(x, y, lines, cls='name', anchor=anchor)}"
                f"{label(x, y + 13 * len(lines), [short_sum(n.sum)], cls='sum', anchor=anchor)}"
                "</g>"
            )
    heads = "".join(
        label(_X[c] + _BAR / 2, 16, [f"{name} ({len(section.nodes[c])})"], cls="head",
              anchor="middle")
        for c, name in enumerate(("investor", "target", "sector"))
    )  # fmt: skip
    return (
        f'<svg class="money-chart" viewBox="0 0 {num(WIDTH)} {num(height + 12)}" '
        f'role="img" aria-label="{esc("money flows in " + section.name)}" '
        f'xmlns="http://www.w3.org/2000/svg"><defs>{defs}</defs>{heads}'
        f'<g class="flows">{"".join(bands)}</g>{"".join(segments)}{"".join(texts)}</svg>'
    )


def scale_for(chart: MoneyChart, span: float = _SPAN) -> dict[str, float]:
    """px per unit of each currency: the largest column of each chart spans `span` px."""
    out = {}
    for s in chart.sections:
        biggest = max(
            (sum((f.amount.value for f in s.flows if f.keys[c] == n.key), Decimal(0))
             for c in range(3) for n in s.nodes[c]),
            default=Decimal(1),
        )  # fmt: skip
        nodes = max(len(col) for col in s.nodes)
        # a chart of one or two flows stays small; the gaps between nodes come out of the span
        room = min(span - nodes * _GAP, 40.0 + 60.0 * len(s.flows))
        out[s.currency] = room / float(biggest or 1)
    return out


LEGEND = (
    ("exact", "an amount as stated"),
    ("estimate", "about this much (“about”)"),
    ("floor", "at least this much (“over”, “at least”)"),
    ("ceiling", "at most this much (“up to”): a ceiling, not a fact"),
)


def legend_svg() -> str:
    """The key of the hedge styles, as a small SVG."""
    items = []
    for i, (kind, text) in enumerate(LEGEND):
        x, y = 8 + (i % 2) * 480, (i // 2) * 22
        fill = "url(#legend-hatch)" if kind == "ceiling" else "#0072B2"
        items.append(
            f'<g class="flow hedge-{kind} legend-item"><rect x="{x}" y="{y + 6}" width="34" '
            f'height="14" fill="{fill}" stroke="#0072B2"/></g>'
            + label(x + 42, y + 18, [text], cls="legend")
        )
    defs = (
        '<defs><pattern id="legend-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="7" stroke="#0072B2" stroke-width="2.6"/></pattern></defs>'
    )
    return (
        f'<svg class="money-legend" viewBox="0 0 {num(WIDTH)} 48" role="img" '
        f'aria-label="key" xmlns="http://www.w3.org/2000/svg">{defs}{"".join(items)}</svg>'
    )


CSS = """
svg.money-chart, svg.money-legend { width: 100%; height: auto; display: block; }
svg .flow path, svg .flow rect { fill-opacity: 0.5; stroke-width: 0; }
svg .flow.hedge-ceiling path, svg .flow.hedge-ceiling rect { fill-opacity: 0.9;
  stroke-width: 1.6; stroke-dasharray: 5 3; }
svg .flow.hedge-floor path, svg .flow.hedge-floor rect { stroke-width: 1.6;
  stroke-dasharray: 7 3; stroke-opacity: 0.9; }
svg .flow.hedge-estimate path, svg .flow.hedge-estimate rect { stroke-width: 1.4;
  stroke-dasharray: 1.5 2.5; }
svg .flow:hover path { fill-opacity: 0.75; }
svg rect.bar { fill-opacity: 0.95; }
svg rect.bar.hedge-ceiling { fill-opacity: 1; stroke-width: 1; stroke-dasharray: 3 2; }
svg text { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; fill: #222; }
svg text.name, svg text.sum { paint-order: stroke; stroke: #ffffff; stroke-width: 3px;
  stroke-linejoin: round; }
svg text.name { font-size: 12px; }
svg .joint text.name { font-style: italic; }
svg text.sum { font-size: 11px; fill: #555; }
svg text.head { font-size: 12px; font-weight: bold; fill: #444; text-transform: uppercase;
  letter-spacing: 0.06em; }
svg text.amount { font-size: 11px; font-weight: bold; fill: #111; paint-order: stroke;
  stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
svg text.legend { font-size: 12px; fill: #333; }
"""


def chart_html(chart: MoneyChart, *, heading_level: int = 2, span: float = _SPAN) -> str:
    """The chart as HTML: the key, then per currency a heading, its total and its SVG."""
    if not chart.sections:
        return '<p class="empty">No amounts: the graph states no investment with an amount.</p>'
    scales = scale_for(chart, span)
    h = f"h{heading_level}"
    parts = [legend_svg()]
    for i, s in enumerate(chart.sections):
        parts.append(
            f'<section class="currency" data-currency="{esc(s.currency)}">'
            f"<{h}>{esc(s.name)}</{h}>"
            f'<p class="total">Total, each amount counted once: <strong>{esc(s.total.text())}'
            "</strong></p>"
            f"{section_svg(s, scale=scales[s.currency], index=i)}</section>"
        )
    joint = any(n.joint for s in chart.sections for col in s.nodes for n in col)
    foot = ["Each band is one amount as the text states it, counted once (a total and its "
            "parts are never both drawn). Widths compare amounts of one currency only; each "
            "currency has its own chart and scale, and nothing is converted."]  # fmt: skip
    if joint:
        foot.append("A node naming several parties (“A + B”) holds an amount the text states "
                    "for them together: it is drawn once and not split between them.")  # fmt: skip
    if any(n.others for s in chart.sections for col in s.nodes for n in col):
        foot.append(f"A column with more than {MAX_NODES} parties shows the biggest and folds the "
                    "rest into one node (“N other investors”); amounts between the same nodes "
                    "with the same hedge are then one band.")  # fmt: skip
    foot.append(f"Bands thinner than {num(_MIN_BAND)} px are drawn {num(_MIN_BAND)} px wide.")
    parts.append(f'<p class="foot">{esc(" ".join(foot))}</p>')
    if chart.notes:
        parts.append(
            '<ul class="notes">' + "".join(f"<li>{esc(n)}</li>" for n in chart.notes) + "</ul>"
        )
    return '<div class="money-flows">' + "\n".join(parts) + "</div>"
