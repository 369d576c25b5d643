"""The money model (alliance_kg.money) on hand-made investments whose right answer is known."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alliance_kg.money import (
    ALL,
    Amount,
    Investment,
    Sum,
    count,
    group,
    order,
    term_rows,
    total_rows,
)

B = Decimal(10) ** 9


def usd(billions: float, qualifier: str | None = None) -> Amount:
    return Amount(Decimal(str(billions)) * B, "USD", qualifier)


def test_a_sum_keeps_one_term_per_currency_and_hedge() -> None:
    s = Sum.of(usd(40), usd(33), usd(50, "over"), usd(73, "up to"), Amount(5 * B, "JPY"))
    assert s.text() == (
        "$73,000,000,000 + over $50,000,000,000 + up to $73,000,000,000 + ¥5,000,000,000"
    )
    assert s.term("USD") == 73 * B and s.term("USD", "over") == 50 * B
    assert s.term("JPY") == 5 * B and s.term("EUR") is None
    assert len(s.terms) == 4  # no term adds "over" to "up to", nor yen to dollars
    assert not hasattr(s, "usd")  # there is no merged number to print by mistake


@pytest.mark.parametrize(
    ("amount", "text", "short"),
    [
        (usd(73, "up to"), "up to $73,000,000,000", "up to $73 billion"),
        (Amount(150 * B, "JPY", "about"), "about ¥150,000,000,000", "about ¥150 billion"),
        (Amount(Decimal(600_000_000), "AUD"), "A$600,000,000", "A$600 million"),
        (Amount(Decimal("2.5") * B, "EUR"), "€2,500,000,000", "€2.5 billion"),
        (Amount(Decimal(1200), "CHF"), "CHF 1,200", "CHF 1,200"),
    ],
)
def test_amounts_print_in_their_own_currency(amount: Amount, text: str, short: str) -> None:
    assert (amount.text(), amount.short()) == (text, short)
    assert amount.usd == (amount.value if amount.currency == "USD" else None)


def second_tranche() -> list[Investment]:
    """Up to $73 bn = $40 bn (GE Vernova Hitachi; Tennessee and Alabama) + $33 bn (Japan)."""
    return [
        Investment("t", "second tranche", usd(73, "up to"), aggregate=True, investors=("JP",),
                   targets=("US",), sectors=("energy",)),
        Investment("a", "reactors", usd(40), investors=("GEVH",), targets=("TN", "AL"),
                   totals=("t",)),
        Investment("b", "gas", usd(33), targets=("PA", "TX"), totals=("t",)),
        Investment("i", "initial tranche", usd(36), investors=("JP",), targets=("US",)),
    ]  # fmt: skip


def test_a_total_is_never_added_to_its_parts_and_parts_inherit_its_hedge() -> None:
    c = count(second_tranche())
    counted = {u.label: u.amount.text() for u in c.units}
    assert counted == {
        "reactors": "up to $40,000,000,000",  # stated "$40 billion": a part of an "up to" total
        "gas": "up to $33,000,000,000",
        "initial tranche": "$36,000,000,000",
    }  # the $73 bn total itself is not a unit: its parts cover it
    assert c.total.text() == "$36,000,000,000 + up to $73,000,000,000"
    (b,) = c.breakdowns.values()
    assert (b.investment, b.covered, b.remainder) == ("t", 73 * B, None)
    assert c.hedge("a") == "up to" and c.hedge("i") is None


def test_parts_inherit_investors_targets_and_sector_they_do_not_state() -> None:
    units = {u.label: u for u in count(second_tranche()).units}
    assert units["gas"].investors == ("JP",)  # from the tranche
    assert units["gas"].targets == ("PA", "TX")  # its own
    assert units["reactors"].investors == ("GEVH",)  # its own, not also Japan
    assert units["reactors"].sectors == ("energy",)


def test_a_shared_amount_is_flagged_under_each_group_and_counted_once_in_the_total() -> None:
    c = count(second_tranche())
    groups = group(c.units, lambda u: [(t, t) for t in u.targets])
    rows = {(r.label, r.qualifier): r for r in term_rows("location", groups, lambda k: True)}
    assert rows["TN", "up to"].amount == rows["AL", "up to"].amount == 40 * B
    assert rows["TN", "up to"].shared and rows["AL", "up to"].shared
    assert not rows["US", None].shared
    tn = next(g for g in groups if g.key == "TN")
    assert [(u.label, others) for u, others in tn.shared] == [("reactors", ("AL",))]
    (total_up_to,) = [r for r in total_rows(c) if r.qualifier == "up to"]
    assert (total_up_to.label, total_up_to.amount, total_up_to.investments) == (ALL, 73 * B, 2)
    assert sum(r.amount for r in rows.values()) == (36 + 40 * 2 + 33 * 2) * B


def test_co_investors_each_get_the_full_amount_flagged_shared() -> None:
    c = count([Investment("j", "joint", usd(2), investors=("US", "AU"), targets=("TX",))])
    rows = list(term_rows("investor", group(c.units, lambda u: [(i, i) for i in u.investors]),
                          lambda k: True))  # fmt: skip
    assert [(r.label, r.amount, r.shared) for r in order(rows)] == [
        ("AU", 2 * B, True), ("US", 2 * B, True)
    ]  # fmt: skip
    assert c.total.text() == "$2,000,000,000"


def test_amounts_in_other_currencies_are_counted_in_their_own_currency() -> None:
    c = count([
        Investment("y", "yen", Amount(150 * B, "JPY", "about"), investors=("JP",)),
        Investment("d", "dollars", usd(2), investors=("US",)),
    ])  # fmt: skip
    assert c.total.text() == "$2,000,000,000 + about ¥150,000,000,000"
    assert not c.notes  # not "no amount given"
    assert {(r.currency, r.qualifier, r.amount) for r in total_rows(c)} == {
        ("USD", None, 2 * B), ("JPY", "about", 150 * B)
    }  # fmt: skip


def test_the_remainder_a_total_leaves_is_counted_with_its_hedge() -> None:
    aud = lambda v, q=None: Amount(Decimal(v), "AUD", q)  # noqa: E731
    c = count([
        Investment("t", "Lynas in Texas", aud(1_000_000_000, "up to"), investors=("Lynas",)),
        Investment("p", "plant", aud(600_000_000), targets=("TX",), totals=("t",)),
    ])  # fmt: skip
    assert [(u.label, u.amount.text(), u.remainder, u.investors) for u in c.units] == [
        ("Lynas in Texas", "up to A$400,000,000", True, ("Lynas",)),
        ("plant", "up to A$600,000,000", False, ("Lynas",)),
    ]
    assert c.total.text() == "up to A$1,000,000,000"
    assert c.breakdowns["t"].remainder == aud(400_000_000, "up to")


def test_a_total_with_a_part_in_another_currency_counts_whole_and_its_parts_do_not() -> None:
    c = count([
        Investment("t", "refining", Amount(150 * B, "JPY", "about"), investors=("JP", "AU")),
        Investment("p", "Lynas part", usd(0.2), investors=("Lynas",), totals=("t",)),
        Investment("q", "inside the part", usd(0.1), totals=("p",)),
    ])  # fmt: skip
    assert [(u.label, u.amount.text()) for u in c.units] == [("refining", "about ¥150,000,000,000")]
    assert c.inside == {"p": "t", "q": "t"}
    assert c.breakdowns["t"].covered is None
    assert any("another currency" in n for n in c.notes)


def test_nested_totals_count_each_level_once() -> None:
    c = count([
        Investment("t", "top", usd(100), investors=("X",)),
        Investment("m", "middle", usd(50), totals=("t",)),
        Investment("n", "no amount", None, totals=("m",)),
        Investment("l", "leaf", usd(30), totals=("n",)),
    ])  # fmt: skip
    assert {u.label: (u.amount.value, u.remainder) for u in c.units} == {
        "top": (50 * B, True), "middle": (20 * B, True), "leaf": (30 * B, False)
    }  # fmt: skip
    assert c.total.term("USD") == 100 * B


def test_parts_that_exceed_their_total_are_noted_and_nothing_is_invented() -> None:
    c = count([
        Investment("t", "total", usd(10), investors=("X",)),
        Investment("p", "part", usd(12), totals=("t",)),
    ])  # fmt: skip
    assert [u.label for u in c.units] == ["part"]
    assert any("exceed" in n for n in c.notes)
