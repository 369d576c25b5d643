"""Hypothesis strategies shared by the property tests: labels, annotations, amounts."""

from __future__ import annotations

import string
from decimal import Decimal

from hypothesis import strategies as st

#: words of labels: ASCII letters and digits, accented Latin, and other scripts
_LETTERS = string.ascii_letters + string.digits + "éüñçøåßłÉÜ"
WORD = st.text(alphabet=_LETTERS, min_size=1, max_size=8)
#: a label as an annotation writes one: words joined by single spaces, some punctuation
LABEL = (
    st.lists(WORD, min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda s: any(c.isascii() and c.isalnum() for c in s))
)

#: any text at all, including control characters, surrogates excluded (not valid UTF-8)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

#: amounts as documents write them
HEDGES = [
    "up to",
    "as much as",
    "over",
    "more than",
    "at least",
    "about",
    "around",
    "nearly",
    "almost",
    "under",
    "less than",
    "approximately",
    "roughly",
]
PREFIX_CURRENCIES = {
    "$": "USD",
    "US$": "USD",
    "¥": "JPY",
    "€": "EUR",
    "£": "GBP",
    "₩": "KRW",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "₹": "INR",
    "R$": "BRL",
}
SUFFIX_CURRENCIES = {
    "dollars": "USD",
    "yen": "JPY",
    "euros": "EUR",
    "won": "KRW",
    "yuan": "CNY",
    "Swiss francs": "CHF",
}
SCALES = {
    "": 1,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "mn": 10**6,
    "tn": 10**12,
}


@st.composite
def numbers(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A number as written ("1,500", "1.25", "40") and its value."""
    whole = draw(st.integers(min_value=0, max_value=999_999_999))
    decimals = draw(st.sampled_from(["", "", "5", "25", "125", "05"]))
    grouped = draw(st.booleans()) and whole >= 1000
    text = f"{whole:,}" if grouped else str(whole)
    if decimals:
        text += "." + decimals
    return text, Decimal(text.replace(",", ""))
