"""Money: the second tranche is up to $73 bn = $40 bn + $33 bn, counted once, hedges kept."""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest

from alliance_kg.analyse import ProjectionOptions, project
from alliance_kg.analyse.base import AnalysisError
from alliance_kg.analyse.money import Amount, money, money_rows

from .conftest import Example
from .handmade import add, relate

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
    assert Decimal(second["usd"]) == Decimal(40_000_000_000) + Decimal(33_000_000_000)
    gas = row(rows, "investment", "Japanese investment in natural gas generation facilities in "
              "Pennsylvania and Texas")  # fmt: skip
    assert gas["total"] == "$33,000,000,000"  # as the text states it
    assert gas["counted"] == "as up to $33,000,000,000, a part of a hedged total"


def test_grand_total_counts_each_amount_once_and_keeps_the_hedges(example: Example) -> None:
    report = money(example.graph)
    # 36 (initial tranche) + up to 73 (second: not 73 + 40 + 33) + over 50 (forum)
    assert report.total.text() == ("$36,000,000,000 + over $50,000,000,000 + up to $73,000,000,000")
    assert report.total.usd == Decimal(159_000_000_000)
    assert sum((u.amount for u in report.units), Amount()) == report.total
    assert money_rows(example.graph)[-1]["total"] == report.total.text()


def test_shared_amount_appears_under_both_locations_and_once_in_the_total(
    example: Example,
) -> None:
    rows = money_rows(example.graph, "location")
    tennessee, alabama = row(rows, "location", "Tennessee"), row(rows, "location", "Alabama")
    assert tennessee["total"] == alabama["total"] == "up to $40,000,000,000"
    assert tennessee["shared"] == "up to $40,000,000,000 shared with Alabama"
    assert sum(r["usd"] for r in rows[:-1]) == 159e9 + 40e9 + 33e9  # two shared amounts
    assert rows[-1]["usd"] == 159e9


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
    add(g, "fund", "Investment", amount_usd=100e9, qualifier=None, aggregate=True)
    add(g, "part", "Investment", amount_usd=60e9, qualifier="over")
    add(g, "X", "Nation")
    relate(g, "part", "componentOf", "fund")
    relate(g, "fund", "investor", "X")
    report = money(g)
    assert [(u.label, u.amount.text(), u.remainder) for u in report.units] == [
        ("part", "over $60,000,000,000", False),
        ("fund", "$40,000,000,000", True),
    ]
    assert report.total.text() == "$100,000,000,000"
    assert [u.investors for u in report.units] == [["X"], ["X"]]  # the part inherits


def test_collapsed_projection_is_refused_with_a_reason(example: Example) -> None:
    collapsed = project(example.store, ProjectionOptions(nary="edges"))
    with pytest.raises(AnalysisError, match="nary='nodes'"):
        money(collapsed)
