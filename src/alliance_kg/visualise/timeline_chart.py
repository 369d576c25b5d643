"""The timeline as static SVG: one row per document, a mark per dated item.

A day is a diamond at that day; a year the text gives without a day is a bar over the whole
year, labelled with the year, so it is never read as a precise date. Marks that would overlap
go to lanes of their own. Items a document does not date are counted under its name, not placed.
Colours are the ontology's display colours of the kinds (as on the graph page).
"""

from __future__ import annotations

import datetime as dt

from ..timeline import KINDS, OTHER, Event, Timeline
from .svg import esc, label, num, text_width, title, wrap

WIDTH = 980.0
_LEFT = 250.0  # where the axis starts
_RIGHT = 965.0
_TOP = 40.0
_LANE = 24.0
_MARK = 16.0
_FONT = 11.0
_OTHER_COLOUR = "#8a8a8a"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _range(events: tuple[Event, ...]) -> tuple[dt.date, dt.date]:
    first = min(e.start for e in events)
    last = max(e.end for e in events)
    return dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)


def _ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str, bool]]:
    """(day, label, major): months when the axis covers at most two years, else years."""
    years = end.year - start.year
    if years <= 2:
        out = []
        for y in range(start.year, end.year):
            for m in range(1, 13):
                # one year: every month named; two: every third month, so labels do not touch
                shown = m == 1 or years == 1 or m % 3 == 1
                name = str(y) if m == 1 else _MONTHS[m - 1] if shown else ""
                out.append((dt.date(y, m, 1), name, m == 1))
        return out
    step = 1 if years <= 12 else 5 if years <= 60 else 10
    return [(dt.date(y, 1, 1), str(y), True) for y in range(start.year, end.year + 1)
            if y % step == 0 or y == start.year]  # fmt: skip


def _plural(n: int, kind: str) -> str:
    word = {"Agreement": "agreement", "Commitment": "commitment", "Investment": "investment"}[kind]
    return f"{n} {word}" + ("" if n == 1 else "s")


def timeline_svg(tl: Timeline) -> str:
    """The timeline of `tl` as one SVG (an empty-state paragraph when nothing is dated)."""
    if not tl.events:
        return (
            '<p class="empty">No agreement, commitment or investment is dated by the text '
            "(no ak:date or ak:year in the store).</p>"
        )
    start, end = _range(tl.events)
    span = (end - start).days

    def x(day: dt.date) -> float:
        return _LEFT + (_RIGHT - _LEFT) * (day - start).days / span

    rows, backs, y = [], [], _TOP
    for doc in tl.documents:
        events = [e for e in tl.events if e.document == doc.id]
        lanes: list[float] = []  # the right end of what each lane holds so far
        marks = []
        for e in events:
            x0 = x(e.start)
            x1 = x(e.end + dt.timedelta(days=1)) if e.precision == "year" else x0
            text = f"{e.label} ({e.when})"
            inside = e.precision == "year"
            # a day's label goes to the right of its mark, or to the left when there is more room
            left = (
                not inside
                and (_RIGHT - x1) < (x0 - _LEFT)
                and text_width(text, _FONT) > (_RIGHT - x1 - 10)
            )
            avail = x1 - x0 - 10 if inside else x0 - 10 - _LEFT if left else _RIGHT - (x1 + 10)
            if text_width(text, _FONT) > avail:
                chars = max(int(avail / (_FONT * 0.56)) - 1, 6)
                text = text[: max(chars - len(e.when) - 4, 3)].rstrip() + f"… ({e.when})"
            if inside:
                start_x, right = x0, x1
            elif left:
                start_x, right = x0 - 10 - text_width(text, _FONT), x0 + 8
            else:
                start_x, right = x0 - 8, x1 + 10 + text_width(text, _FONT)
            lane = next((i for i, r in enumerate(lanes) if r + 6 < start_x), None)
            if lane is None:
                lanes.append(right)
                lane = len(lanes) - 1
            else:
                lanes[lane] = right
            marks.append((e, lane, x0, x1, text, inside, left))
        counts = tl.undated.get(doc.id, {})
        undated = [_plural(n, k) for k in KINDS if (n := counts.get(k, 0))]
        name_lines = wrap(doc.name, 34, 3)
        undated_lines = (
            wrap("not dated by the text: " + ", ".join(undated), 40, 3) if undated else []
        )
        left_height = 14 * (len(name_lines) + len(undated_lines) + bool(doc.date))
        height = max(len(lanes) * _LANE, left_height, _LANE) + 14
        backs.append(f'<rect class="row" x="0" y="{num(y - 6)}" width="{num(WIDTH)}" '
                     f'height="{num(height)}"/>')  # fmt: skip
        parts = []
        parts.append(label(8, y + 8, name_lines, cls="doc", line_height=14))
        below = y + 8 + 14 * len(name_lines)
        if doc.date:
            parts.append(label(8, below, [f"published {doc.date.isoformat()}"], cls="undated"))
            below += 14
        if undated:
            parts.append(label(8, below + 2, undated_lines, cls="undated"))
        for e, lane, x0, x1, text, inside, left in marks:
            colour = tl.colours.get(e.kind, _OTHER_COLOUR) if e.kind != OTHER else _OTHER_COLOUR
            top = y + lane * _LANE
            tip = [
                e.label,
                f"{e.kind if e.kind != OTHER else 'other dated fact'}, {e.when}"
                + (" (the text gives the year only)" if e.precision == "year" else ""),
            ]
            tip.append("dated by: " + "; ".join(e.via))
            if e.sentence:
                tip.append(f"“{e.sentence}”")
            shape = (
                f'<rect class="year" x="{num(x0)}" y="{num(top)}" width="{num(max(x1 - x0, 2))}" '
                f'height="{num(_MARK)}" fill="{colour}" stroke="{colour}"/>'
                if e.precision == "year"
                else f'<path class="day" d="M{num(x0)},{num(top)} l8,8 l-8,8 l-8,-8 Z" '
                f'fill="{colour}"/>'
            )
            tx = x0 + 6 if inside else x0 - 10 if left else x1 + 10
            text_svg = label(tx, top + 12, [text], cls="inside" if inside else "mark",
                             anchor="end" if left else "start")  # fmt: skip
            parts.append(
                f'<g class="event kind-{esc(e.kind)}" data-document="{esc(e.document)}" '
                f'data-when="{esc(e.when)}" data-kind="{esc(e.kind)}" '
                f'data-item="{esc(e.item)}">{title(chr(10).join(tip))}{shape}{text_svg}</g>'
            )
        rows.append(f'<g class="document" data-document="{esc(doc.id)}">{"".join(parts)}</g>')
        y += height + 8
    axis = []
    for day, text, major in _ticks(start, end):
        tx = x(day)
        axis.append(
            f'<line class="{"tick major" if major else "tick"}" x1="{num(tx)}" '
            f'y1="{num(_TOP - 14)}" x2="{num(tx)}" y2="{num(y - 8)}"/>'
            + (label(tx + 3, _TOP - 18, [text], cls="tick-major" if major else "tick-label")
               if text else "")
        )  # fmt: skip
    legend = []
    lx = _LEFT
    for k in (*KINDS, OTHER):
        if not any(e.kind == k for e in tl.events):
            continue
        colour = tl.colours.get(k, _OTHER_COLOUR) if k != OTHER else _OTHER_COLOUR
        word = "other dated fact" if k == OTHER else k.lower()
        swatch = f'<rect x="{num(lx)}" y="{num(y + 4)}" width="12" height="12" fill="{colour}"/>'
        legend.append(swatch + label(lx + 17, y + 14, [word], cls="legend"))
        lx += 30 + text_width(word, 12)
    legend.append(label(lx + 10, y + 14, ["bar: a year the text gives without a day · ◆ a day"],
                        cls="legend"))  # fmt: skip
    height = y + 26
    return (
        f'<svg class="timeline" viewBox="0 0 {num(WIDTH)} {num(height)}" role="img" '
        f'aria-label="timeline" xmlns="http://www.w3.org/2000/svg">'
        f"{''.join(backs)}{''.join(axis)}{''.join(rows)}{''.join(legend)}</svg>"
    )


CSS = """
svg.timeline { width: 100%; height: auto; display: block; }
svg.timeline rect.row { fill: #f6f6f4; }
svg.timeline rect.row:nth-of-type(even) { fill: #ffffff; }
svg.timeline line.tick { stroke: #e2e2e2; stroke-width: 1; }
svg.timeline line.tick.major { stroke: #b8b8b8; }
svg.timeline text { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
svg.timeline text.doc { font-size: 12px; font-weight: bold; fill: #222; }
svg.timeline text.undated { font-size: 10.5px; fill: #666; }
svg.timeline text.tick-label { font-size: 10px; fill: #777; }
svg.timeline text.tick-major { font-size: 11px; font-weight: bold; fill: #444; }
svg.timeline text.mark { font-size: 11px; fill: #222; }
svg.timeline text.inside { font-size: 11px; fill: #111; }
svg.timeline text.legend { font-size: 12px; fill: #333; }
svg.timeline rect.year { fill-opacity: 0.28; stroke-width: 1.2; }
svg.timeline g.event:hover rect.year { fill-opacity: 0.45; }
"""
