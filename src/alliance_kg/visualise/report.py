"""The brief as one static page that prints: `alliance_kg.report.Brief` → HTML (no script).

Print rules (Chromium, A4 or Letter): margins from ``@page``, sections and table rows kept whole
(``break-inside: avoid``), headings kept with what follows, table heads repeated, charts scaled
to the page width. Every string from a document is escaped; tooltips are ``title`` attributes
and SVG ``<title>`` elements, which print as nothing.
"""

from __future__ import annotations

from pathlib import Path

from ..analyse.paths import Path as GraphPath
from ..report import Brief
from . import money_chart, timeline_chart
from .charts import MONEY_COLUMNS, table
from .svg import esc, page, write_page

CSS = """
@page { margin: 11mm 11mm 12mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d1d1d;
  font-size: 10.5px; line-height: 1.35; max-width: 190mm; margin: 16px auto; padding: 0 10px; }
header { border-bottom: 2px solid #1d1d1d; padding-bottom: 4px; margin-bottom: 6px; }
h1 { font-size: 17px; margin: 0; }
h2 { font-size: 12.5px; margin: 9px 0 3px; text-transform: uppercase; letter-spacing: 0.05em;
  color: #333; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11px; margin: 6px 0 2px; break-after: avoid; }
p { margin: 2px 0; }
.sub, .foot, .note, ul.notes { color: #555; font-size: 9.5px; }
section { break-inside: avoid; page-break-inside: avoid; }
section.long { break-inside: auto; page-break-inside: auto; }
table { border-collapse: collapse; width: 100%; font-size: 9.5px; margin-top: 3px; }
thead { display: table-header-group; }
tr, li, svg, .chain { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1.5px 4px; border-bottom: 1px solid #ddd; }
th { background: #efefec; }
td.amount .term { white-space: nowrap; }
td.pre { white-space: pre-wrap; }
tr.total td { font-weight: bold; border-top: 1.5px solid #888; }
ul.nations { list-style: none; padding: 0; margin: 0; }
ul.nations li { margin: 1px 0; }
.leader { font-weight: bold; }
ol.chains { padding-left: 16px; margin: 2px 0; }
.chain .route { font-weight: bold; }
.chain ol { list-style: none; padding-left: 6px; margin: 1px 0 4px; color: #333; }
.chain ol li { margin: 0; }
.rel { color: #0b5394; }
.quote { color: #444; font-style: italic; }
.cols { display: flex; gap: 14px; }
.cols > section { flex: 1 1 0; min-width: 0; }
section.currency h3 { margin-top: 4px; }
p.total { margin: 0 0 2px; }
@media print { body { margin: 0; padding: 0; max-width: none; } a { color: inherit; } }
"""


def _hop_html(path: GraphPath) -> str:
    route = [esc(path.labels[0])]
    for hop in path.hops:
        arrow = (f' <span class="rel">–{esc(hop.property)}→</span> ' if hop.direction == "->"
                 else f' <span class="rel">←{esc(hop.property)}–</span> ')  # fmt: skip
        route.append(arrow + esc(hop.target_label))
    hops = "".join(
        f"<li>{esc(h.source_label)} {esc(h.relation)} {esc(h.target_label)}: "
        + (f'<span class="quote">“{esc(h.sentence)}”</span>' if h.sentence
           else "(inferred, no sentence)" if h.inferred else "(no sentence)")
        + ("" if not h.hedged else " <em>(hedged)</em>")
        + "</li>"
        for h in path.hops
    )  # fmt: skip
    return f'<li class="chain"><span class="route">{"".join(route)}</span><ol>{hops}</ol></li>'


def _parties(b: Brief) -> str:
    if not b.nations:
        return '<p class="note">No parties.</p>'
    items = []
    for n in b.nations:
        names = ", ".join(
            f'<span class="leader">{esc(p.label)} (leader)</span>' if p.leader else esc(p.label)
            for p in n.parties
        )
        count = f" ({len(n.parties)})" if n.parties else ""
        items.append(f"<li><strong>{esc(n.nation)}</strong>{count}: {names or '—'}</li>")
    return f'<ul class="nations">{"".join(items)}</ul>'


def _agreements(b: Brief) -> str:
    if not b.agreements:
        return '<p class="note">No agreements.</p>'
    rows = [
        {"agreement": a.label, "kind": a.kind, "parties": "; ".join(a.parties),
         "concerns": "; ".join(a.concerns), "when": ", ".join(a.when) or "not dated"}
        for a in b.agreements
    ]  # fmt: skip
    cols = (("agreement", "agreement"), ("kind", "kind"), ("parties", "parties"),
            ("concerns", "concerns"), ("when", "when"))  # fmt: skip
    return table(rows, cols)


def _commitments(b: Brief) -> str:
    if not b.commitments:
        return ""
    parts = ", ".join(f"{esc(k)} {v}" for k, v in b.commitments.items())
    return f'<p class="note">Commitments by party: {parts}.</p>'


def _money(b: Brief) -> str:
    from ..analyse.money import money_rows
    from ..money import TOTAL_LABEL

    if not b.money.units and not b.money.investments:
        return '<p class="note">The text states no investment.</p>'
    chart = money_chart.money_chart(b.graph, b.money)
    rows = money_rows(b.graph, "investment")
    cols = [c for c in MONEY_COLUMNS if c[0] != "parts"]
    return money_chart.chart_html(chart, heading_level=3, span=260.0) + table(
        rows, cols, amount=("total",), pre=("investment",), total=TOTAL_LABEL
    )


def _brokers(b: Brief) -> str:
    if not b.brokers:
        return '<p class="note">No entity links parties of different nations that are not ' \
               "linked directly.</p>"  # fmt: skip
    rows = [x.row() for x in b.brokers]
    cols = (("label", "broker"), ("role", "role"), ("nations", "between"),
            ("pairs", "pairs"))  # fmt: skip
    return table(rows, cols)


def _novelty(b: Brief) -> str:
    nv = b.novelty
    if b.document is None:
        rows = [
            {"document": c.document.name, "entities": c.entities, "facts": c.facts,
             "only here": f"{c.own_entities} entities, {c.own_facts} facts"}
            for c in nv.per_document
        ]  # fmt: skip
        cols = (("document", "document"), ("entities", "entities"), ("facts", "facts"),
                ("only here", "stated by no other document"))  # fmt: skip
        lead = ("The graph holds one document: everything it holds comes from it."
                if nv.only_document else "What each document adds to the graph:")  # fmt: skip
        return f'<p class="note">{esc(lead)}</p>' + table(rows, cols)
    if nv.only_document:
        return ('<p class="note">This is the only document in the graph: every entity and fact '
                "above is stated by it alone.</p>")  # fmt: skip
    out = [f"<p><strong>{nv.entity_count}</strong> entities and <strong>{nv.fact_count}"
           "</strong> facts are stated by this document and no other.</p>"]  # fmt: skip
    if nv.entities:
        more = nv.entity_count - len(nv.entities)
        tail = f" and {more} more" if more > 0 else ""
        out.append(f"<p>Entities: {esc(', '.join(nv.entities))}{esc(tail)}.</p>")
    if nv.facts:
        items = "".join(
            f'<li>{esc(f.source)} <span class="rel">{esc(f.property)}</span> {esc(f.target)}'
            + (f': <span class="quote">“{esc(f.sentence)}”</span>' if f.sentence else "")
            + "</li>"
            for f in nv.facts
        )
        out.append(f"<ul>{items}</ul>")
    return "".join(out)


def render_brief(b: Brief) -> str:
    """The brief as one HTML page."""
    if b.document is None:
        docs = "; ".join(d.id + (f", {d.date.isoformat()}" if d.date else "") for d in b.documents)
    else:  # the scope names the document; add its date
        docs = "; ".join(f"published {d.date.isoformat()}" for d in b.documents if d.date)
    counts = " · ".join(
        f"{n} {word if n == 1 else plural}"
        for key, word, plural in (("entities", "entity", "entities"), ("facts", "fact", "facts"),
                                  ("agreements", "agreement", "agreements"),
                                  ("commitments", "commitment", "commitments"),
                                  ("investments", "investment", "investments"))
        for n in [b.counts[key]]
    )  # fmt: skip
    chains = (
        f'<ol class="chains">{"".join(_hop_html(p) for p in b.chains)}</ol>'
        if b.chains
        else '<p class="note">No two parties of different nations are linked through others '
        "within three steps.</p>"
    )
    timeline = (
        timeline_chart.timeline_svg(b.timeline)
        if b.timeline.events
        else (
            '<p class="note">The text dates none of its agreements, commitments or investments.</p>'
        )
    )
    scope = f"document {b.document}" if b.document else "the whole graph"
    body = f"""
<header>
<h1>{esc(b.title)}</h1>
<p class="sub">Brief of {esc(scope)}{esc(" · " + docs if docs else "")} · {esc(counts)}</p>
</header>
<div class="cols">
<section><h2>Parties, by nation</h2>{_parties(b)}{_commitments(b)}</section>
<section><h2>Brokers between nations</h2>{_brokers(b)}</section>
</div>
<section><h2>Agreements</h2>{_agreements(b)}</section>
<section class="long"><h2>Money</h2>{_money(b)}</section>
<section><h2>Key chains, with the sentences that state each step</h2>{chains}</section>
<section><h2>Dates the text gives</h2>{timeline}</section>
<section class="long"><h2>What is new compared with the rest of the graph</h2>
{_novelty(b)}</section>
"""
    css = CSS + money_chart.CSS + timeline_chart.CSS
    return page(f"Brief: {b.title}", body, css, generator="alliance-kg report")


def write_brief(b: Brief, out: Path) -> Path:
    """Write the brief to `out` atomically; return the path."""
    return write_page(render_brief(b), out)
