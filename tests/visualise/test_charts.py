"""The money chart and the timeline: the same figures as the tables, drawn honestly and safely.

The money chart must show what `analyse money` counts (per currency, hedges apart, each amount
once) on the example, on tests/fixtures/multi (three documents, three currencies, co-investors)
and on a hand-made graph; the timeline what the store dates. Both are static pages checked in
Chromium under their own Content-Security-Policy.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from alliance_kg.analyse import project
from alliance_kg.analyse.money import money, money_terms
from alliance_kg.build import build
from alliance_kg.cli import app
from alliance_kg.project import Project
from alliance_kg.store import open_store
from alliance_kg.timeline import Document, Event, Timeline, timeline
from alliance_kg.visualise.charts import money_page, timeline_page, write_money_page
from alliance_kg.visualise.money_chart import hedge_kind, money_chart
from alliance_kg.visualise.timeline_chart import timeline_svg

from ..analyse.handmade import add, relate
from ..conftest import FIXTURES, Built, make_project

FLOW = re.compile(
    r'<g class="flow hedge-(\w+)" data-currency="([^"]*)" data-qualifier="([^"]*)" '
    r'data-value="([^"]*)" data-investment="([^"]*)">'
)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def multi(multi_built: Built) -> Project:
    """tests/fixtures/multi built: dollars with co-investors, yen with a dollar part, A$."""
    return multi_built.project


def _graph(proj: Project) -> nx.MultiDiGraph:
    with open_store(proj.store) as store:
        return project(store)


def _flows(page: str) -> list[tuple[str, str, str | None, Decimal, str]]:
    """(hedge kind, currency, qualifier, value, investment) of every band of a page."""
    return [
        (k, c, html.unescape(q) or None, Decimal(v), html.unescape(i))
        for k, c, q, v, i in FLOW.findall(page)
    ]


def _drawn_totals(page: str) -> dict[tuple[str, str | None], Decimal]:
    out: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for _, currency, qualifier, value, _ in _flows(page):
        out[(currency, qualifier)] += value
    return dict(out)


def _counted_totals(graph: nx.MultiDiGraph) -> dict[tuple[str, str | None], Decimal]:
    return {
        (r["currency"], r["qualifier"]): r["amount"]
        for r in money_terms(graph)
        if r["dimension"] == "total"
    }


def multi_currency_graph() -> nx.MultiDiGraph:
    """Hand-made: dollars exact and "up to" (a total with two parts), euros, won "over", and
    a co-investment in two targets; labels and a sentence that are HTML."""
    g = nx.MultiDiGraph()
    for nation in ("US", "FR", "KR"):
        add(g, nation, "Nation", nation)
    add(g, SCRIPT, "Company", "US")
    add(g, "Ohio", "Location", "US")
    add(g, "Lyon", "Location", "FR")
    add(g, "energy", "Topic")
    money_nodes = {
        "total": (Decimal(70), "USD", "up to", True),
        "part-a": (Decimal(40), "USD", None, False),
        "part-b": (Decimal(20), "USD", None, False),
        "plain": (Decimal(5), "USD", None, False),
        "euro": (Decimal(3), "EUR", None, False),
        "won": (Decimal(900), "KRW", "over", False),
        "joint": (Decimal(8), "USD", None, False),
    }
    for node, (amount, currency, qualifier, aggregate) in money_nodes.items():
        add(g, node, "Investment", amount=amount, currency=currency, qualifier=qualifier,
            aggregate=aggregate)  # fmt: skip
    sentence = f"The firm {SCRIPT} will invest </title><b>up to $70</b>."
    relate(g, "total", "investor", SCRIPT, sentence)
    relate(g, "total", "target", "Ohio", sentence)
    relate(g, "total", "sector", "energy", sentence)
    for part in ("part-a", "part-b"):
        relate(g, part, "componentOf", "total", sentence)
    relate(g, "plain", "investor", "US", "The US will invest $5.")
    relate(g, "euro", "investor", "FR", "France will invest €3.")
    relate(g, "euro", "target", "Lyon", "France will invest €3 in Lyon.")
    relate(g, "won", "investor", "KR", "Korea will invest over ₩900.")
    for investor in ("US", "FR"):
        relate(g, "joint", "investor", investor, "The US and France will jointly invest $8.")
    for target in ("Ohio", "Lyon"):
        relate(g, "joint", "target", target, "… in Ohio and Lyon.")
    return g


# --- the money chart: the figures of analyse money -------------------------------------------


@pytest.mark.parametrize("which", ["example", "multi"])
def test_money_chart_totals_equal_analyse_money(request, which, tmp_path):
    graph = _graph(request.getfixturevalue(which))
    page = write_money_page(graph, tmp_path / "money.html").read_text()
    assert _drawn_totals(page) == _counted_totals(graph)
    # and the command's own --chart writes the same bands
    out = tmp_path / "cli.html"
    result = CliRunner().invoke(
        app, ["analyse", "money", "--project", str(request.getfixturevalue(which).root),
              "--chart", str(out), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _flows(out.read_text()) == _flows(page)


def test_money_chart_totals_on_a_handmade_multi_currency_graph():
    graph = multi_currency_graph()
    page = money_page(graph)
    drawn = _drawn_totals(page)
    assert drawn == _counted_totals(graph)
    assert drawn == {
        ("USD", None): Decimal(13),  # plain 5 + joint 8
        ("USD", "up to"): Decimal(70),  # the two parts (40 + 20) and the remainder 10
        ("EUR", None): Decimal(3),
        ("KRW", "over"): Decimal(900),
    }
    sections = re.findall(r'<section class="currency" data-currency="(\w+)">', page)
    assert sections == ["USD", "EUR", "KRW"]  # dollars first, each currency its own chart
    assert len(re.findall(r'<svg class="money-chart"', page)) == 3


def test_each_amount_is_drawn_once_and_a_shared_one_is_not_split(multi):
    graph = _graph(multi)
    chart = money_chart(graph)
    bands = _flows(money_page(graph))
    investments = [b[4] for b in bands]
    assert len(investments) == len(set(investments)) == len(money(graph).units)
    usd = next(s for s in chart.sections if s.currency == "USD")
    (flow,) = usd.flows  # $2 billion, two investors, two targets: one band
    assert flow.amount.value == 2 * 10**9 and len(flow.units) == 1
    investor = next(n for n in usd.nodes[0] if n.key == flow.keys[0])
    target = next(n for n in usd.nodes[1] if n.key == flow.keys[1])
    assert investor.joint and investor.label == "Australia + United States"
    assert target.joint and target.label == "Texas + Western Australia"
    # every column of a section adds up to the section's total, nothing more
    for section in chart.sections:
        for column in section.nodes:
            total = column[0].sum
            for node in column[1:]:
                total = total + node.sum
            assert total == section.total


def test_a_crowded_column_folds_into_others_and_keeps_the_totals():
    graph = multi_currency_graph()
    chart = money_chart(graph, max_nodes=2)
    usd = next(s for s in chart.sections if s.currency == "USD")
    assert all(len(column) <= 2 for column in usd.nodes)
    others = next(n for n in usd.nodes[0] if n.others)
    assert others.label == f"{others.others} other investors" and not others.joint
    drawn = defaultdict(Decimal)
    for s in chart.sections:
        for f in s.flows:
            drawn[(f.amount.currency, f.amount.qualifier)] += f.amount.value
        for column in s.nodes:  # every column still adds up to the section's total
            total = column[0].sum
            for node in column[1:]:
                total = total + node.sum
            assert total == s.total
    assert dict(drawn) == _counted_totals(graph)
    # a folded band holds amounts of one hedge only
    for f in usd.flows:
        assert len({u.amount.qualifier for u in f.units}) == 1


def test_hedges_are_drawn_apart(example):
    graph = _graph(example)
    page = money_page(graph)
    kinds = {(q, k) for k, _, q, _, _ in _flows(page)}
    assert kinds == {(None, "exact"), ("up to", "ceiling"), ("over", "floor")}
    # a ceiling is hatched (outline and pattern), never a solid fill
    for match in re.finditer(r'<g class="flow hedge-ceiling"[^>]*>.*?<path [^>]*fill="([^"]+)"',
                             page, re.S):  # fmt: skip
        assert re.fullmatch(r"url\(#hatch-[0-9a-f]{8}-0-\d+\)", match.group(1))
    assert "up to $40 billion" in page and "over $50 billion" in page
    # each band's tooltip names the investment and quotes the sentence that states it
    titles = re.findall(r'<g class="flow hedge-\w+" data-[^>]*><title>(.*?)</title>', page, re.S)
    assert len(titles) == len(money(graph).units) == 4
    for text in titles:
        assert re.search(r"“[^”]+\.”", html.unescape(text))
    assert any("GE Vernova Hitachi investment" in t and "This includes $40 billion" in t
               for t in titles)  # fmt: skip
    assert hedge_kind("about") == "estimate" and hedge_kind("at least") == "floor"


def test_other_currencies_stay_in_their_own(multi):
    page = money_page(_graph(multi))
    sections = dict(re.findall(r'<section class="currency" data-currency="(\w+)">(.*?)</section>',
                               page, re.S))  # fmt: skip
    assert list(sections) == ["USD", "AUD", "JPY"]
    # what is drawn (tooltips, which quote the text, aside) is in the section's own currency
    sections = {c: re.sub(r"<title>.*?</title>", "", t, flags=re.S) for c, t in sections.items()}
    assert "about ¥150,000,000,000" in sections["JPY"] and "$" not in sections["JPY"]
    assert "up to A$1,000,000,000" in sections["AUD"]
    # the $200 million part of the yen total is inside it: not drawn again, anywhere
    assert "200,000,000" not in "".join(sections.values())


def test_inline_money_for_a_notebook_has_the_chart_and_no_script(example):
    from alliance_kg.visualise.charts import inline_money

    shown = inline_money(_graph(example)).data
    assert shown.startswith("<style>") and shown.count('<svg class="money-chart"') == 1
    assert "<script" not in shown and _drawn_totals(shown) == _counted_totals(_graph(example))


def test_labels_and_sentences_are_escaped():
    page = money_page(multi_currency_graph(), title=SCRIPT)
    assert "<script" not in page.lower()  # no script of ours, and none of the document's
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/title&gt;&lt;b&gt;up to $70&lt;/b&gt;" in page  # inside the band's <title>


# --- the timeline ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The tiny fixture with a day on the agreement's signing and a year on the investment."""
    folder = tmp_path_factory.mktemp("dated")
    text = (FIXTURES / "tiny" / "tiny.yaml").read_text()
    text = text.replace(
        "evidence: signed a Statement of Intent}",
        "evidence: signed a Statement of Intent, date: 2025-10-28}",
    )
    text = text.replace("    amount: up to $40 billion\n", "    amount: up to $40 billion\n"
                        "    year: 2024\n")  # fmt: skip
    text = text.replace(
        "  title: Tiny alliance note\n",
        "  title: Tiny alliance note <script>x</script>\n  date: 2025-11-01\n",
    )
    (folder / "tiny.yaml").write_text(text)
    (folder / "tiny.txt").write_text((FIXTURES / "tiny" / "tiny.txt").read_text())
    proj = make_project(folder / "proj", folder / "tiny.yaml", folder / "tiny.txt")
    build(proj, reason=False)
    return proj


def test_timeline_reads_days_and_years_from_the_store(dated):
    with open_store(dated.store) as store:
        tl = timeline(store)
    (doc,) = tl.documents
    assert doc.date is not None and doc.date.isoformat() == "2025-11-01"
    got = {(e.kind, e.label, e.when, e.precision) for e in tl.events}
    assert got == {
        ("Agreement", "DOE-Ministry of Science Statement of Intent on quantum", "2025-10-28",
         "date"),
        ("Investment", "Portuguese investment in Ohio reactor plants", "2024", "year"),
    }  # fmt: skip
    agreement = next(e for e in tl.events if e.kind == "Agreement")
    assert agreement.via == ("signed by U.S. Department of Energy",)
    assert "signed a Statement of Intent" in (agreement.sentence or "")
    assert tl.undated["tiny"] == {"Agreement": 0, "Commitment": 1, "Investment": 0}


def test_timeline_example_dates_only_what_the_text_dates(example_store):
    tl = timeline(example_store)
    assert {e.when for e in tl.events} == {"2025"}  # the text gives years, never a day
    kinds = {e.label: e.kind for e in tl.events}
    assert kinds["U.S.-Japan Strategic Trade and Investment Agreement"] == "Agreement"
    assert all(e.sentence for e in tl.events)


def test_timeline_svg_places_a_year_as_a_span_and_a_day_as_a_point(dated):
    with open_store(dated.store) as store:
        tl = timeline(store)
    svg = timeline_svg(tl)
    year = re.search(r'data-when="2024"[^>]*>.*?<rect class="year" x="([\d.]+)" y="[\d.]+" '
                     r'width="([\d.]+)"', svg, re.S)  # fmt: skip
    day = re.search(r'data-when="2025-10-28"[^>]*>.*?<path class="day" d="M([\d.]+),', svg, re.S)
    assert year is not None and day is not None
    x0, width = float(year.group(1)), float(year.group(2))
    axis = 965.0 - 250.0  # 1 January 2024 to 1 January 2026: 731 days
    assert x0 == pytest.approx(250.0) and width == pytest.approx(axis * 366 / 731, abs=0.5)
    assert float(day.group(1)) == pytest.approx(250.0 + axis * (366 + 300) / 731, abs=0.5)
    assert "&lt;script&gt;" in svg and "<script" not in svg


def test_timeline_page_escapes_every_label():
    event = Event("d", "urn:x", SCRIPT, "Agreement", "2025", *_year(2025), (SCRIPT,), SCRIPT)
    tl = Timeline((Document("d", SCRIPT),), (event,), {"d": {"Agreement": 1}})
    page = timeline_page(tl, title=SCRIPT)
    assert "<script" not in page.lower() and page.count("&lt;script&gt;") >= 4


def _year(y: int):
    import datetime as dt

    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def test_timeline_command_prints_the_same_rows(cli, example, example_store, tmp_path):
    out = tmp_path / "timeline.html"
    result = cli("analyse", "timeline", "--project", example.root, "-f", "json", "--chart", out)
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert rows == timeline(example_store).rows()
    assert out.read_text().count('<g class="event ') == len(rows)
    bad = cli("analyse", "timeline", "--project", example.root, "--document", "nope")
    assert bad.code == 2
    assert bad.err.strip() == (
        "error: no document 'nope' in the store (documents: us-japan-alliance-summit)"
    )


# --- in Chromium -----------------------------------------------------------------------------


@pytest.mark.browser
def test_chart_pages_load_offline_with_no_console_error(open_page, example, multi, tmp_path):
    pages = {
        "example": write_money_page(_graph(example), tmp_path / "example.html"),
        "multi": write_money_page(_graph(multi), tmp_path / "multi.html"),
        "hand": write_money_page(multi_currency_graph(), tmp_path / "hand.html", title=SCRIPT),
    }
    with open_store(example.store) as store:
        tl = timeline(store)
    timeline_file = tmp_path / "timeline.html"
    timeline_file.write_text(timeline_page(tl))
    for name, path in [*pages.items(), ("timeline", timeline_file)]:
        opened = open_page(path, enforce_csp=True)
        assert opened.errors == [], name
        assert opened.requests == [Path(path).resolve().as_uri()], name
        svgs = opened.page.locator("svg.money-chart, svg.timeline")
        assert svgs.count() >= 1, name
        box = svgs.first.bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 40, name
    hand = open_page(pages["hand"], enforce_csp=True)
    assert hand.page.locator("svg.money-chart").count() == 3
    assert hand.page.title() == SCRIPT  # shown as text, never run
