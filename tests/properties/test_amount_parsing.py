"""Money phrases: what is written is what is parsed, hedge included, and nothing else breaks.

Phrases are generated from parts (hedge, currency before or after, number, scale word), parsed
by `amounts.parse_amount` and found in running text by `amounts.find_amounts`; amounts printed
by `money.Amount` parse back to themselves; arbitrary text never raises anything but
`InputError`.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from alliance_kg.amounts import QUALIFIERS, find_amounts, parse_amount
from alliance_kg.errors import InputError
from alliance_kg.money import SYMBOLS, Amount

from .strategies import (
    ANY_TEXT,
    HEDGES,
    PREFIX_CURRENCIES,
    SCALES,
    SUFFIX_CURRENCIES,
    numbers,
)


@st.composite
def phrases(draw: st.DrawFn) -> tuple[str, Decimal, str, str | None]:
    """A money phrase, its value, currency and canonical hedge."""
    hedge = draw(st.sampled_from([None, *HEDGES]))
    number, value = draw(numbers())
    scale = draw(st.sampled_from(sorted(SCALES)))
    spaced = (
        f" {scale}" if scale and (scale not in ("bn", "mn", "tn") or draw(st.booleans())) else scale
    )
    if draw(st.booleans()):
        symbol = draw(st.sampled_from(sorted(PREFIX_CURRENCIES)))
        body, currency = f"{symbol}{number}{spaced}", PREFIX_CURRENCIES[symbol]
    else:
        word = draw(st.sampled_from(sorted(SUFFIX_CURRENCIES)))
        body, currency = f"{number}{spaced} {word}", SUFFIX_CURRENCIES[word]
    text = f"{hedge} {body}" if hedge else body
    return text, value * SCALES[scale], currency, QUALIFIERS[hedge] if hedge else None


@given(phrases())
@example(("up to $40 billion", Decimal(40 * 10**9), "USD", "up to"))
@example(("¥5 trillion", Decimal(5 * 10**12), "JPY", None))
@example(("A$3 billion", Decimal(3 * 10**9), "AUD", None))
@example(("€1.2bn", Decimal("1.2") * 10**9, "EUR", None))
@example(("more than 36 billion dollars", Decimal(36 * 10**9), "USD", "over"))
def test_a_phrase_parses_to_its_parts(case: tuple[str, Decimal, str, str | None]) -> None:
    text, value, currency, hedge = case
    amount = parse_amount(text)
    assert (amount.value, amount.currency, amount.qualifier) == (value, currency, hedge)
    assert parse_amount(text.upper()).value == value  # case never matters
    assert parse_amount(f"  {text} ").text == text


@given(phrases(), st.sampled_from(["Japan will invest ", "A total of ", ""]))
def test_a_phrase_is_found_in_running_text_exactly(
    case: tuple[str, Decimal, str, str | None], before: str
) -> None:
    text, value, currency, hedge = case
    running = f"{before}{text}, in all."
    found = find_amounts(running)
    assert len(found) == 1, found
    start, end, amount = found[0]
    assert running[start:end] == text
    assert (amount.value, amount.currency, amount.qualifier) == (value, currency, hedge)


VALUES = st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False)


@given(
    VALUES,
    st.sampled_from(sorted({*SYMBOLS, "CHF", "CNY", "INR"})),
    st.sampled_from([None, *sorted(set(QUALIFIERS.values()))]),
)
@example(Decimal("1.125"), "USD", None)  # was printed "$1.13"
@example(Decimal("999500000000000.00"), "AUD", None)  # short() was "A$1.00e+3 trillion"
def test_a_printed_amount_parses_back_to_itself(
    value: Decimal, currency: str, hedge: str | None
) -> None:
    amount = Amount(value, currency, hedge)
    back = parse_amount(amount.text())
    assert (back.value, back.currency, back.qualifier) == (value, currency, hedge)
    short = parse_amount(amount.short())  # rounded to three digits, never another currency
    assert (short.currency, short.qualifier) == (currency, hedge)
    assert abs(short.value - value) <= value / 100 + Decimal("0.01")


@given(ANY_TEXT)
@example("$")
@example("up to $")
@example("$1,000,")
@example("$٣ billion")  # Arabic-Indic digits: \d matches them, Decimal reads them
@example("¥" + "9" * 5000)  # was decimal.InvalidOperation
def test_any_text_is_an_amount_or_an_input_error(text: str) -> None:
    try:
        amount = parse_amount(text)
    except InputError as exc:
        assert "amount" in str(exc)
    else:
        assert amount.value >= 0 and amount.currency.isupper()
    for start, end, found in find_amounts(text):
        assert text[start:end] == found.text
