"""Money on the example's projection: up to $73 bn = $40 bn + $33 bn, counted once, hedges kept.

The rules themselves are tested on hand-made investments in tests/test_money.py; that the saved
queries give the same rows, in tests/test_money_agreement.py.
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest

from alliance_kg.analyse import ProjectionOptions, project, project_selecting
from alliance_kg.analyse.base import AnalysisError
from alliance_kg.analyse.money import money, money_rows, money_terms, select
from alliance_kg.money import Sum
from alliance_kg.yamlio import read_yaml

from ..conftest import ROOT
from .conftest import Example
from .handmade import add, relate

BILLION = Decimal(10) ** 9
SECOND = (
    "Second tranche of Japanese investment in the United States under the U.S.-Japan Strategic "
    "Trade and Investment Agreement"
)


def row(rows: list[dict], column: str, key: str) -> dict:
    return next(r for r in rows if r[column].strip().lstrip("└ ") == key)


def test_second_tranche_totals_up_to_73_billion_from_its_two_parts(example: Example) -> None:
    rows = money_rows(example.graph)
    second = row(rows, "investment", SECOND)
    assert second["total"] == "up to $73,000,000,000"
    assert second["parts"] == "= $40,000,000,000 + $33,000,000,000"
    assert second["counted"] == "in its parts"
    assert (second["amount"], second["currency"], second["qualifier"]) == (
        Decimal(73_000_000_000),
        "USD",
        "up to",
    )
    gas = row(rows, "investment", "Japanese investment in natural gas generation facilities in "
              "Pennsylvania and Texas")  # fmt: skip
    assert gas["total"] == "$33,000,000,000"  # as the text states it
    assert gas["counted"] == "as up to $33,000,000,000, a part of a hedged total"


def test_grand_total_counts_each_amount_once_and_keeps_the_hedges(example: Example) -> None:
    report = money(example.graph)
    # 36 (initial tranche) + up to 73 (second: not 73 + 40 + 33) + over 50 (forum)
    assert report.total.text() == ("$36,000,000,000 + over $50,000,000,000 + up to $73,000,000,000")
    assert [(a.value, a.qualifier) for a in report.total.terms] == [
        (36 * BILLION, None),
        (50 * BILLION, "over"),
        (73 * BILLION, "up to"),
    ]  # three hedges, three terms: never one number of $159 bn
    assert Sum.of(*(u.amount for u in report.units)) == report.total
    assert money_rows(example.graph)[-1]["total"] == report.total.text()
    assert all("usd" not in row for row in money_rows(example.graph))


def test_shared_amount_appears_under_both_locations_and_once_in_the_total(
    example: Example,
) -> None:
    rows = money_rows(example.graph, "location")
    tennessee, alabama = row(rows, "location", "Tennessee"), row(rows, "location", "Alabama")
    assert tennessee["total"] == alabama["total"] == "up to $40,000,000,000"
    assert tennessee["shared"] == "up to $40,000,000,000 shared with Alabama"
    terms = money_terms(example.graph, "location")
    shared = {r["groupLabel"] for r in terms if r["shared"]}
    assert shared == {"Tennessee", "Alabama", "Pennsylvania", "Texas"}
    total = {r["qualifier"]: r["amount"] for r in terms if r["dimension"] == "total"}
    assert total == {None: 36 * BILLION, "over": 50 * BILLION, "up to": 73 * BILLION}
    by_location = sum(r["amount"] for r in terms if r["dimension"] == "location")
    assert by_location == (36 + 50 + 73 + 40 + 33) * BILLION  # each shared amount twice


def test_by_nation_investor_and_sector(example: Example) -> None:
    nation = row(money_rows(example.graph, "nation"), "nation", "United States")
    assert nation["total"] == "$36,000,000,000 + up to $73,000,000,000"
    assert nation["shared"] == ""  # Tennessee and Alabama are both in the United States
    investor = money_rows(example.graph, "investor")
    assert row(investor, "investor", "GE Vernova Hitachi")["total"] == "up to $40,000,000,000"
    assert row(investor, "investor", "Japan")["total"] == "$36,000,000,000 + up to $33,000,000,000"
    assert row(investor, "investor", "(not named)")["total"] == "over $50,000,000,000"
    energy = row(money_rows(example.graph, "sector"), "sector", "energy")
    assert energy["total"] == "over $50,000,000,000 + up to $73,000,000,000"


def test_remainder_of_a_total_its_parts_do_not_cover_is_counted() -> None:
    g = nx.MultiDiGraph()
    add(g, "fund", "Investment", amount=100e9, currency="USD", qualifier=None, aggregate=True)
    add(g, "part", "Investment", amount=60e9, currency="USD", qualifier="over")
    add(g, "X", "Nation")
    relate(g, "part", "componentOf", "fund")
    relate(g, "fund", "investor", "X")
    report = money(g)
    assert [(u.label, u.amount.text(), u.remainder) for u in report.units] == [
        ("fund", "$40,000,000,000", True),
        ("part", "over $60,000,000,000", False),
    ]
    # the grand total is what is counted, hedges apart: not "$100,000,000,000"
    assert report.total.text() == "$40,000,000,000 + over $60,000,000,000"
    assert [u.investors for u in report.units] == [("X",), ("X",)]  # the part inherits


def test_collapsed_projection_is_refused_with_a_reason(example: Example) -> None:
    collapsed = project(example.store, ProjectionOptions(nary="edges"))
    with pytest.raises(AnalysisError, match="nary='nodes'"):
        money(collapsed)


# --- filters choose whole investments ---------------------------------------------------------

ANNOTATION = ROOT / "graph" / "sources" / "us-japan-alliance-summit.yaml"


def _chosen(example: Example, **filters) -> tuple[list[dict], list[str]]:
    """The money table under projection filters, and the investment labels it shows."""
    graph, selection = project_selecting(example.store, ProjectionOptions(**filters))
    rows = money_rows(graph, "investment", select(graph, selection))
    return rows, sorted(r["investment"].strip().lstrip("└ ") for r in rows[:-1])


def _gold_investments_of(nation: str) -> list[str]:
    """From the reviewed annotation: investments with the nation as investor or target, or
    part of one that has (the same rule, read off the YAML, not off the store)."""
    invs = read_yaml(ANNOTATION)["investments"]
    direct = {i["label"] for i in invs if nation in i["investor"] + i["target"]}
    return sorted(i["label"] for i in invs if i["label"] in direct or i.get("partOf") in direct)


def test_nation_filter_reports_what_japan_invests_whole(example: Example) -> None:
    rows, labels = _chosen(example, nations=frozenset({"Japan"}))
    assert labels == _gold_investments_of("Japan")  # both tranches and the two parts
    # 36 (initial tranche) + up to 73 (second: GE Vernova Hitachi's 40 + gas 33, both inside it)
    assert rows[-1]["total"] == "$36,000,000,000 + up to $73,000,000,000"
    ge = row(rows, "investment", "GE Vernova Hitachi investment in small modular reactor power "
             "plants in Tennessee and Alabama")  # fmt: skip
    assert ge["investor"] == "GE Vernova Hitachi" and ge["target"] == "Alabama; Tennessee"
    assert row(rows, "investment", SECOND)["target"] == "United States"  # not cut by the filter


def test_nation_filter_on_the_receiving_side(example: Example) -> None:
    rows, labels = _chosen(example, nations=frozenset({"United States"}))
    assert labels == _gold_investments_of("United States")  # targets in the United States
    assert rows[-1]["total"] == "$36,000,000,000 + up to $73,000,000,000"


def test_class_filter_keeps_the_hedge_of_the_total(example: Example) -> None:
    rows, labels = _chosen(example, include_classes=frozenset({"Company"}))
    assert labels == ["GE Vernova Hitachi investment in small modular reactor power plants in "
                      "Tennessee and Alabama"]  # fmt: skip
    assert rows[-1]["total"] == "up to $40,000,000,000"  # a part of the "up to $73 bn" total
    everything = money_rows(example.graph)
    kept, kept_labels = _chosen(example, include_classes=frozenset({"Investment"}))
    assert kept == everything and len(kept_labels) == 5
    none, _ = _chosen(example, exclude_classes=frozenset({"Investment"}))
    assert [r["investment"] for r in none] == ["TOTAL (each amount counted once)"]
    _, all_labels = _chosen(example, exclude_classes=frozenset({"Company"}))
    assert all_labels == kept_labels  # an investment is left out by its own class only


def test_a_nation_with_no_money_gives_no_rows_and_no_error(example: Example) -> None:
    rows, labels = _chosen(example, nations=frozenset({"North Korea"}))
    assert labels == [] and rows[-1]["total"] == "unknown"
    graph, selection = project_selecting(
        example.store, ProjectionOptions(nations=frozenset({"Japan"}))
    )
    terms = money_terms(graph, "investor", select(graph, selection))
    assert {r["groupLabel"] for r in terms if r["dimension"] == "investor"} == {
        "Japan", "GE Vernova Hitachi"
    }  # fmt: skip


def test_by_nation_on_a_hand_made_graph_uses_the_one_definition() -> None:
    """Without the projection's attributes, nations come from the edges by `nations_of`."""
    g = nx.MultiDiGraph()
    add(g, "deal", "Investment", amount=5e9, currency="USD", qualifier=None, aggregate=False)
    add(g, "US", "Nation")
    add(g, "JP", "Nation")
    add(g, "plant", "Facility")
    add(g, "firm", "Company")
    relate(g, "deal", "target", "plant")
    relate(g, "plant", "partOf", "firm")  # belongs to a US firm ...
    relate(g, "firm", "country", "US")
    relate(g, "plant", "locatedIn", "JP")  # ... although it lies in Japan
    assert [r["nation"] for r in money_rows(g, "nation")] == [
        "US",
        "TOTAL (each amount counted once)",
    ]
