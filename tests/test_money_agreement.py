"""One money model, every answer: the saved queries, `analyse money` and the Python API agree.

On the example and on tests/fixtures/multi, whose three documents hold: $2 billion from the
United States and Australia to Texas and Western Australia (co-investors, targets in two
nations); about ¥150 billion from Japan and Australia with a $200 million part from Lynas (no
USD figure for the yen; a part in another currency); up to A$1 billion from Lynas in Texas of
which A$600 million names no investor (a remainder; a part that inherits hedge and investor).

`investment-totals` and `investment-breakdown` run through `alliance_kg.query` on the store;
`analyse money` runs as `money_terms` / `money` on the projection and as the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import networkx as nx
import pytest

from alliance_kg.analyse import project
from alliance_kg.analyse.money import money, money_rows, money_terms
from alliance_kg.money import ALL, Amount, Counted, Sum
from alliance_kg.project import Project
from alliance_kg.query import find_saved, run_saved
from alliance_kg.store import open_store

from .conftest import Built

B = Decimal(10) ** 9
M = Decimal(10) ** 6
COLUMNS = ("dimension", "group", "groupLabel", "currency", "qualifier", "shared", "amount",
           "investments")  # fmt: skip
AKID = "https://w3id.org/alliance-kg/id/"


@dataclass
class Answers:
    """What each answer gives for one built project."""

    name: str
    project: Project
    totals: list[dict[str, Any]]  # the saved query investment-totals
    breakdown: list[dict[str, Any]]  # the saved query investment-breakdown
    graph: nx.MultiDiGraph  # the projection `analyse money` reads
    report: Counted

    def rows(self, dimension: str) -> dict[tuple[str, str, str | None, bool], Decimal]:
        """investment-totals of one dimension: (label, currency, qualifier, shared) → amount."""
        return {
            (r["groupLabel"], r["currency"], r.get("qualifier"), r["shared"]): r["amount"]
            for r in self.totals
            if r["dimension"] == dimension
        }


def _columns(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(c) for c in COLUMNS)


@pytest.fixture(scope="module")
def multi(multi_built: Built) -> Project:
    """tests/fixtures/multi built (the session's read-only build)."""
    return multi_built.project


def _answers(name: str, proj: Project) -> Answers:
    with open_store(proj.store) as store:
        totals = run_saved(store, find_saved(proj.queries, "investment-totals")).rows
        breakdown = run_saved(store, find_saved(proj.queries, "investment-breakdown")).rows
        graph = project(store)
    return Answers(name, proj, totals, breakdown, graph, money(graph))


@pytest.fixture(scope="module")
def example_answers(example: Project) -> Answers:
    return _answers("example", example)


@pytest.fixture(scope="module")
def multi_answers(multi: Project) -> Answers:
    return _answers("multi", multi)


@pytest.fixture(params=["example", "multi"])
def answers(request: pytest.FixtureRequest) -> Answers:
    """Each project's answers in turn."""
    return request.getfixturevalue(f"{request.param}_answers")


# --------------------------------------------------------------------------- the three agree


def test_investment_totals_rows_are_analyse_moneys_rows(answers: Answers, cli: Callable) -> None:
    assert answers.totals, "investment-totals gave no rows"
    ours = money_terms(answers.graph)
    assert [_columns(r) for r in answers.totals] == [_columns(r) for r in ours]
    r = cli("analyse", "money", "--terms", "-f", "json", "--project", answers.project.root)
    assert r.code == 0, r.err
    printed = [{**row, "amount": Decimal(row["amount"])} for row in json.loads(r.out)]
    assert [_columns(row) for row in printed] == [_columns(row) for row in ours]


def test_investment_breakdown_is_the_models_breakdown(answers: Answers) -> None:
    report = answers.report
    expected = {
        iri: (report.investments[iri].amount, report.hedge(iri), b.covered, len(b.parts),
              b.remainder.value if b.remainder else None)
        for iri, b in report.breakdowns.items()
    }  # fmt: skip
    got = {
        r["investment"]: (Amount(r["amount"], r["currency"], r.get("qualifier")),
                          r.get("qualifier"), r.get("sumOfParts"), r["parts"], r.get("remainder"))
        for r in answers.breakdown
    }  # fmt: skip
    assert got == expected
    assert expected, "no investment with parts"


@pytest.mark.parametrize("by", ["investor", "nation", "location", "sector"])
def test_the_money_tables_sum_the_same_rows(answers: Answers, by: str) -> None:
    """Each group's total in `analyse money --by` is its rows of investment-totals, added."""
    table = money_rows(answers.graph, by)  # type: ignore[arg-type]
    sums: dict[str, Sum] = {}
    for r in answers.totals:
        if r["dimension"] == by:
            amount = Amount(r["amount"], r["currency"], r.get("qualifier"))
            sums[r["groupLabel"]] = sums.get(r["groupLabel"], Sum()) + amount
    shown = {row[by].removesuffix(" (nation-wide)"): row["total"] for row in table[:-1]}
    assert shown == {label: s.text() for label, s in sums.items()}
    grand = Sum.of(*(Amount(r["amount"], r["currency"], r.get("qualifier"))
                     for r in answers.totals if r["dimension"] == "total"))  # fmt: skip
    assert table[-1]["total"] == grand.text() == answers.report.total.text()


# --------------------------------------------------------------------------- the rules, in the rows


def test_hedges_and_currencies_are_never_one_number(answers: Answers) -> None:
    keys = [(r["dimension"], r["groupLabel"], r["currency"], r.get("qualifier"), r["shared"])
            for r in answers.totals]  # fmt: skip
    assert len(keys) == len(set(keys))  # one row per term: a sum over two hedges has no row
    counted = {u.amount.key for u in answers.report.units}
    assert {(r["currency"], r.get("qualifier")) for r in answers.totals} == counted


def test_example_second_tranche(example_answers: Answers) -> None:
    answers = example_answers
    investors = answers.rows("investor")
    # not Japan 109 bn, not GE Vernova Hitachi "none": the parts of up to $73 bn are ceilings
    assert investors["Japan", "USD", None, False] == 36 * B
    assert investors["Japan", "USD", "up to", False] == 33 * B
    assert investors["GE Vernova Hitachi", "USD", "up to", False] == 40 * B
    locations = answers.rows("location")
    assert locations["Tennessee", "USD", "up to", True] == 40 * B
    assert locations["Alabama", "USD", "up to", True] == 40 * B
    assert answers.rows("total") == {
        (ALL, "USD", None, False): 36 * B,
        (ALL, "USD", "over", False): 50 * B,
        (ALL, "USD", "up to", False): 73 * B,
    }


def test_multi_amounts_in_other_currencies_stay_in_them(multi_answers: Answers) -> None:
    answers = multi_answers
    assert answers.rows("total") == {
        (ALL, "USD", None, False): 2 * B,  # the co-investors' $2 bn once, not twice
        (ALL, "JPY", "about", False): 150 * B,  # no USD figure in the text: none made up
        (ALL, "AUD", "up to", False): 1 * B,  # A$600 million part + A$400 million remainder
    }
    assert not any("no amount" in n for n in answers.report.notes)
    yen = next(n for n, d in answers.graph.nodes(data=True) if d.get("currency") == "JPY")
    assert answers.graph.nodes[yen]["amount_usd"] is None


def test_multi_co_investors_are_each_listed_and_flagged_shared(multi_answers: Answers) -> None:
    answers = multi_answers
    assert answers.rows("investor") == {
        ("Australia", "JPY", "about", True): 150 * B,
        ("Australia", "USD", None, True): 2 * B,
        ("Japan", "JPY", "about", True): 150 * B,
        ("Lynas Rare Earths Limited", "AUD", "up to", False): 1 * B,
        ("United States", "USD", None, True): 2 * B,
    }  # Lynas's $200 million is inside the yen amount: not counted again, not in USD
    nations = answers.rows("nation")
    assert nations["United States", "USD", None, True] == 2 * B  # Texas, and Western Australia
    assert nations["Australia", "USD", None, True] == 2 * B
    assert nations["United States", "AUD", "up to", False] == 1 * B
    lynas = next(r for r in answers.totals if r["groupLabel"] == "Lynas Rare Earths Limited")
    assert (lynas["group"], lynas["investments"]) == (AKID + "lynas", 2)


def test_multi_parts_inherit_the_hedge_and_investor_of_their_total(multi_answers: Answers) -> None:
    answers = multi_answers
    plant = AKID + "lynas-processing-plant-in-texas"
    (unit,) = [u for u in answers.report.units if u.investment == plant]
    assert unit.amount == Amount(600 * M, "AUD", "up to")  # stated "A$600 million"
    assert unit.investors == (AKID + "lynas",)  # stated none
    (row,) = [r for r in answers.breakdown if r["investment"] == AKID + "lynas-investment-in-texas"]
    assert (row["sumOfParts"], row["remainder"], row["qualifier"]) == (600 * M, 400 * M, "up to")
    assert "(up to 600000000 AUD)" in row["breakdown"]
    (yen,) = [r for r in answers.breakdown if r["currency"] == "JPY"]
    assert "sumOfParts" not in yen and "remainder" not in yen  # a part in dollars
