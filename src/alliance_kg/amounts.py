"""Money phrases as written ("up to $73 billion") → exact decimal amounts with their hedge."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import InputError

#: hedges as written → the canonical ``amountQualifier`` value
QUALIFIERS: dict[str, str] = {
    "up to": "up to",
    "as much as": "up to",
    "over": "over",
    "more than": "over",
    "above": "over",
    "in excess of": "over",
    "at least": "at least",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "under": "under",
    "less than": "under",
    "upwards of": "over",
    "well over": "over",
    "exceeding": "over",
    "just over": "over",
    "just under": "under",
    "an estimated": "about",
    "estimated": "about",
}

_SCALES: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "t": 10**12,
    "bln": 10**9,
    "mln": 10**6,
    "crore": 10**7,
    "lakh": 10**5,
    "lakh crore": 10**12,
}

# symbol or code → ISO 4217
_CURRENCIES: dict[str, str] = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "₩": "KRW",
    "krw": "KRW",
    "won": "KRW",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "australian dollars": "AUD",
    "c$": "CAD",
    "cad": "CAD",
    "canadian dollars": "CAD",
    "nz$": "NZD",
    "nzd": "NZD",
    "s$": "SGD",
    "sgd": "SGD",
    "hk$": "HKD",
    "hkd": "HKD",
    "nt$": "TWD",
    "twd": "TWD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "chf": "CHF",
    "swiss francs": "CHF",
    "cny": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "₹": "INR",
    "inr": "INR",
    "rupees": "INR",
    "euros": "EUR",
    "usd $": "USD",
    "us $": "USD",
    "rs": "INR",
    "rs.": "INR",
    "nok": "NOK",
    "kroner": "NOK",
    "sek": "SEK",
    "kronor": "SEK",
    "dkk": "DKK",
    "pln": "PLN",
    "zloty": "PLN",
    "czk": "CZK",
    "huf": "HUF",
    "brl": "BRL",
    "r$": "BRL",
    "mxn": "MXN",
    "zar": "ZAR",
    "sar": "SAR",
    "riyals": "SAR",
    "aed": "AED",
    "dirhams": "AED",
    "qar": "QAR",
    "idr": "IDR",
    "php": "PHP",
    "₱": "PHP",
    "thb": "THB",
    "myr": "MYR",
    "vnd": "VND",
}

#: digits an amount may have before its decimal point (10**21: a thousand times world GDP in yen)
_MAX_DIGITS = 21

_Q = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_C = "|".join(sorted((re.escape(c) for c in _CURRENCIES), key=len, reverse=True))
_S = "|".join(sorted((re.escape(k) for k in _SCALES), key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PATTERN = re.compile(
    rf"""^\s*(?:(?P<q>{_Q})\s+)?
        (?P<pre>{_C})?\s*
        (?P<num>{_NUM})
        (?:\s*-?\s*(?P<scale>{_S})\b\.?)?
        \s*(?P<post>{_C})?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# the same phrase in running text: a currency before the number, or a currency word after it
_WORDS = "|".join(sorted((re.escape(c) for c in _CURRENCIES if c[-1].isalpha()), key=len,
                         reverse=True))  # fmt: skip
_FIND = re.compile(
    rf"""(?<![\w$€£¥₩₹])
        (?:(?P<q>{_Q})\s+)?
        (?:(?P<pre>{_C})\s?(?P<num>{_NUM})(?:\s*-?\s*(?P<scale>{_S})\b)?
           (?:\s+(?P<post>{_WORDS})\b)?
         |(?P<num2>{_NUM})(?:\s*-?\s*(?P<scale2>{_S})\b)?\s+(?P<post2>{_WORDS})\b)""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Amount:
    """A parsed money amount: `value` in `currency`, with an optional hedge."""

    value: Decimal
    currency: str
    qualifier: str | None
    text: str

    @property
    def usd(self) -> Decimal | None:
        """The amount in US dollars, or None when the text gives another currency."""
        return self.value if self.currency == "USD" else None


def parse_amount(text: str) -> Amount:
    """Parse a money phrase as documents write it.

    >>> a = parse_amount("up to $73 billion")
    >>> a.value, a.currency, a.qualifier
    (Decimal('73000000000'), 'USD', 'up to')
    >>> parse_amount("over $50 billion").qualifier
    'over'
    >>> parse_amount("$1.5 trillion").value
    Decimal('1500000000000')
    >>> parse_amount("¥500 billion").usd is None
    True
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"amount {text!r}: expected a money phrase such as 'up to $40 billion'")
    m = _PATTERN.match(text)
    if m is None or not (m["pre"] or m["post"]):
        raise InputError(
            f"amount {text!r}: expected a money phrase such as 'up to $40 billion', "
            "'over $50 billion' or '¥1.2 trillion' (a currency and a number)"
        )
    if m["pre"] and m["post"] and _CURRENCIES[m["pre"].lower()] != _CURRENCIES[m["post"].lower()]:
        raise InputError(f"amount {text!r}: two different currencies")
    currency = _CURRENCIES[(m["pre"] or m["post"]).lower()]
    try:
        number = Decimal(m["num"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise InputError(f"amount {text!r}: {m['num']!r} is not a number") from exc
    scale = _SCALES[m["scale"].lower()] if m["scale"] else 1
    value = number * scale
    if value.adjusted() >= _MAX_DIGITS:  # beyond any amount, and beyond Decimal's precision
        raise InputError(
            f"amount {text.strip()[:40]!r}{'…' if len(text.strip()) > 40 else ''}: "
            f"{value.adjusted() + 1} digits is not an amount "
            f"(at most {_MAX_DIGITS})"
        )
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    qualifier = QUALIFIERS[" ".join(m["q"].lower().split())] if m["q"] else None
    return Amount(value=value, currency=currency, qualifier=qualifier, text=text.strip())


def find_amounts(text: str) -> list[tuple[int, int, Amount]]:
    """Every money phrase in running text as (start, end, `Amount`), so drafts quote it exactly.

    >>> [(a.text, str(a.value), a.currency, a.qualifier) for _s, _e, a in find_amounts(
    ...     "Japan will invest up to $73 billion, and more than ¥5 trillion.")]
    [('up to $73 billion', '73000000000', 'USD', 'up to'), ('more than ¥5 trillion', \
'5000000000000', 'JPY', 'over')]
    """
    found: list[tuple[int, int, Amount]] = []
    for m in _FIND.finditer(text):
        phrase = m.group().rstrip()
        try:
            amount = parse_amount(phrase)
        except InputError:
            continue
        found.append((m.start(), m.start() + len(phrase), amount))
    return found
