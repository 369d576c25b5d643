from decimal import Decimal

import pytest

from alliance_kg.amounts import parse_amount
from alliance_kg.errors import InputError


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("up to $40 billion", Decimal(40_000_000_000), "up to"),
        ("up to $73 billion", Decimal(73_000_000_000), "up to"),
        ("over $50 billion", Decimal(50_000_000_000), "over"),
        ("$33 billion", Decimal(33_000_000_000), None),
        ("more than US$1.5 trillion", Decimal(1_500_000_000_000), "over"),
        ("about $250 million", Decimal(250_000_000), "about"),
        ("$1,200,000", Decimal(1_200_000), None),
        ("40 billion dollars", Decimal(40_000_000_000), None),
    ],
)
def test_usd_phrases_become_exact_decimals(text: str, value: Decimal, qualifier: str | None):
    amount = parse_amount(text)
    assert amount.usd == value
    assert amount.currency == "USD"
    assert amount.qualifier == qualifier


def test_other_currencies_keep_their_amount_but_have_no_usd():
    amount = parse_amount("¥5 trillion")
    assert amount.value == Decimal(5_000_000_000_000)
    assert amount.currency == "JPY"
    assert amount.usd is None


@pytest.mark.parametrize("text", ["forty billion", "$", "40 billion", "up to", "", "$40 zillion"])
def test_non_numeric_amounts_are_refused_with_the_phrase_named(text: str):
    with pytest.raises(InputError, match="amount"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("up to $40 billion", Decimal(40_000_000_000), "USD", "up to"),
        ("more than ¥5 trillion", Decimal(5_000_000_000_000), "JPY", "over"),
        ("USD 2 billion", Decimal(2_000_000_000), "USD", None),
        ("A$3 billion", Decimal(3_000_000_000), "AUD", None),
        ("€1.2bn", Decimal(1_200_000_000), "EUR", None),
        ("£500 million", Decimal(500_000_000), "GBP", None),
        ("C$2 billion", Decimal(2_000_000_000), "CAD", None),
        ("$1.2-billion", Decimal(1_200_000_000), "USD", None),
        ("upwards of 3 billion Australian dollars", Decimal(3_000_000_000), "AUD", "over"),
    ],
)
def test_currencies_and_hedges(text: str, value: Decimal, currency: str, qualifier: str | None):
    amount = parse_amount(text)
    assert (amount.value, amount.currency, amount.qualifier) == (value, currency, qualifier)


def test_find_amounts_quotes_each_phrase_exactly():
    from alliance_kg.amounts import find_amounts

    text = (
        "Japan is investing up to $73 billion, including A$3 billion, €1.2bn, USD 2 billion, "
        "£500 million and more than ¥5 trillion, in 2025 with 300 firms."
    )
    found = find_amounts(text)
    assert [text[s:e] for s, e, _a in found] == [
        "up to $73 billion",
        "A$3 billion",
        "€1.2bn",
        "USD 2 billion",
        "£500 million",
        "more than ¥5 trillion",
    ]
    assert all(a.text == text[s:e] for s, e, a in found)
