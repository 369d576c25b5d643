"""The brief: what a document establishes, from the analyses themselves, on one printable page.

The print test prints the brief to PDF in Chromium (A4 and Letter), renders each page to a PNG
(pypdfium2) and checks the page count and that the pages are not blank; the PNGs are left in the
test's temporary folder for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from alliance_kg.analyse import project
from alliance_kg.analyse.brokers import brokers
from alliance_kg.analyse.money import money
from alliance_kg.project import Project
from alliance_kg.report import brief, document_graph, key_chains
from alliance_kg.store import open_store
from alliance_kg.visualise.report import render_brief, write_brief

from ..conftest import Built
from .conftest import XSS_LABEL, XSS_QUOTE
from .pdfpages import pdf_pages_to_png


@pytest.fixture(scope="module")
def multi(multi_built: Built) -> Project:
    """tests/fixtures/multi built (the session's read-only build)."""
    return multi_built.project


@pytest.fixture(scope="module")
def example_brief(example_store):
    return brief(example_store)


def test_parties_by_nation_count_leaders_for_the_nation_they_lead(example_brief):
    nations = {n.nation: n for n in example_brief.nations}
    japan, us = nations["Japan"], nations["United States"]
    assert [p.label for p in japan.parties if p.leader] == ["Sanae Takaichi"]
    assert [p.label for p in us.parties if p.leader] == ["Donald J. Trump"]
    assert "RIKEN" in {p.label for p in japan.parties}
    assert nations["North Korea"].parties == ()  # named, but no party of its own


def test_agreements_carry_their_parties_and_the_year_the_text_gives(example_brief):
    agreements = {a.label: a for a in example_brief.agreements}
    trade = agreements["U.S.-Japan Strategic Trade and Investment Agreement"]
    assert trade.when == ("2025",)
    assert set(trade.parties) == {"Japan", "United States"}
    assert agreements["U.S.-Japan Alliance"].when == ()  # undated: not given a date


def test_money_brokers_and_chains_come_from_the_analyses(example, example_brief):
    with open_store(example.store) as store:
        graph = project(store)
    assert example_brief.money.total == money(graph).total
    assert [b.label for b in example_brief.brokers] == [b.label for b in brokers(graph, top=5)]
    assert len(example_brief.chains) == 3
    for chain in example_brief.chains:
        first, last = graph.nodes[chain.nodes[0]], graph.nodes[chain.nodes[-1]]
        assert first["nation"] != last["nation"]  # a chain joins two nations' parties
        assert all(h.sentence for h in chain.hops)  # every step with the sentence stating it
    ends = [p.nodes[0] for p in example_brief.chains] + [p.nodes[-1] for p in example_brief.chains]
    assert len(ends) == len(set(ends))


def test_a_document_brief_says_what_only_it_states(multi):
    with open_store(multi.store) as store:
        b = brief(store, document="b-defence")
        full = project(store)
    assert b.title == "Japan and Australia defence note"
    assert set(b.graph) == {n for n, d in full.nodes(data=True) if "b-defence" in d["documents"]}
    assert {"Japan", "Ministry of Defense", "Australian Defence Force"} <= set(b.novelty.entities)
    assert "Australia" not in b.novelty.entities  # a-minerals names it too
    facts = {(f.source, f.target) for f in b.novelty.facts}
    assert ("Ministry of Defense", "Australian Defence Force") in facts
    assert b.novelty.fact_count == sum(
        1 for *_, d in document_graph(full, "b-defence").edges(data=True)
        if {e["document"] for e in d["evidence"]} == {"b-defence"}
    )  # fmt: skip
    # its money is its own: the yen total, counted whole, and nothing from the other documents
    assert b.money.total.text() == "about ¥150,000,000,000"


def test_a_whole_graph_brief_lists_each_documents_share(multi):
    with open_store(multi.store) as store:
        b = brief(store)
    shares = {c.document.id: c for c in b.novelty.per_document}
    assert set(shares) == {"a-minerals", "b-defence", "c-news"}
    assert all(0 < c.own_entities <= c.entities for c in shares.values())
    page = render_brief(b)
    assert "What each document adds to the graph" in page


def test_report_command_writes_the_page_and_refuses_an_unknown_document(cli, example, tmp_path):
    out = tmp_path / "brief.html"
    result = cli("report", "--project", example.root, "-o", out, "-f", "json")
    assert result.code == 0, result.err
    page = out.read_text()
    assert "U.S.-Japan Strategic Trade and Investment Agreement" in page
    assert page.count('<svg class="money-chart"') == 1
    assert cli("report", "--project", example.root, "--document", "x", "-o", out).code == 2


def test_report_escapes_what_documents_say(hostile, tmp_path):
    with open_store(hostile.store) as store:
        page = write_brief(brief(store), tmp_path / "b.html").read_text()
    assert "<img" not in page and "<script" not in page.lower()
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in page
    assert XSS_LABEL in page.replace("&lt;", "<").replace("&gt;", ">")
    assert "<script>window.__xss=3</script>" not in page and XSS_QUOTE not in page


def test_key_chains_skip_pairs_already_linked():
    import networkx as nx

    from ..analyse.handmade import two_camps

    g: nx.MultiDiGraph = two_camps()
    chains = key_chains(g)
    assert [c.labels for c in chains] == [["JP1", "B", "US1"]]


# --- printing --------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_brief_prints_to_a_few_clean_pages(browser, example_brief, tmp_path, paper):
    out = write_brief(example_brief, tmp_path / "brief.html")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(out.resolve().as_uri())
    pdf = page.pdf(format=paper, print_background=True)
    page.close()
    assert errors == []  # the page's CSP allowed all it has (one style block, no script)
    images = pdf_pages_to_png(pdf, tmp_path, f"brief-{paper}")
    assert 1 <= len(images) <= 2  # the example's brief fits on two pages
    for image in images:
        assert image.ink > 0.02, image.path  # not blank
    assert images[0].ink > 0.05
    text = re.sub(rb"\s+", b" ", pdf)
    assert text.startswith(b"%PDF-")
