"""The one money model every answer uses: amounts with a currency and a hedge, each counted once.

Saved queries (``investment-totals``, ``investment-breakdown``), ``analyse money``, the notebook
and the page all follow these rules; the queries restate them in SPARQL and a test checks that
both give the same rows (tests/test_money_agreement.py).

* **An amount** is a value, a currency (ISO 4217) and a hedge ("up to", "over", … or none),
  read from ``ak:amount``, ``ak:currency`` and ``ak:amountQualifier``. It is shown in its own
  currency (``¥150,000,000,000``); ``ak:amountUSD`` exists only where the text gives dollars,
  and nothing is converted.
* **Hedges and currencies are never added into one number.** A `Sum` keeps one term per
  (currency, hedge): ``$36,000,000,000 + over $50,000,000,000 + up to $73,000,000,000``.
* **A total is never added to its parts.** An investment counts what its nearest parts with an
  amount (``ak:componentOf``, transitively, stopping at the first amount) leave over: all of it
  when it has none, nothing when they cover it, the remainder otherwise (up to $73 bn = $40 bn +
  $33 bn leaves nothing). When one of those parts is in another currency nothing can be taken
  off: the total is counted whole and nothing under it is counted again.
* **Parts inherit.** A counted amount without a hedge takes the one of the nearest total above
  it that has one (parts of an "up to" total are ceilings too); without investors, targets,
  sectors or topics it takes those of the nearest total that names some.
* **Shared amounts count once.** An amount with several groups in a grouping (two investors,
  targets in two states) is listed in full under each, flagged shared, and once in a grand total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

#: hedges in the order sums print them; None = an amount stated exactly
QUALIFIER_ORDER: tuple[str | None, ...] = (None, "about", "at least", "over", "nearly", "up to",
                                           "under")  # fmt: skip
#: how amounts are written, by currency; others print as "CHF 1,000"
SYMBOLS: dict[str, str] = {"USD": "$", "JPY": "¥", "EUR": "€", "GBP": "£", "KRW": "₩",
                           "AUD": "A$"}  # fmt: skip
#: the last line of a money table
TOTAL_LABEL = "TOTAL (each amount counted once)"
#: the one group of the grouping "total": every amount, each once
ALL = "(all)"

_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
           (Decimal(10) ** 6, "million"))  # fmt: skip


def _number(value: Decimal) -> str:
    """Every digit, grouped: cents to two places, finer fractions as given (never rounded)."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    exponent = value.normalize().as_tuple().exponent
    return f"{value:,.2f}" if isinstance(exponent, int) and exponent >= -2 else f"{value:,f}"


def _money(value: Decimal, currency: str, number: str) -> str:
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{currency} {number}"


def _hedge_rank(qualifier: str | None) -> tuple[int, str]:
    order = {q: i for i, q in enumerate(QUALIFIER_ORDER)}
    return order.get(qualifier, len(order)), qualifier or ""


def _currency_rank(currency: str) -> tuple[int, str]:
    return (0 if currency == "USD" else 1), currency


@dataclass(frozen=True)
class Amount:
    """One amount: a value in a currency, with the hedge the text puts on it (None: exact).

    >>> Amount(Decimal(40e9), "USD", "up to").text()
    'up to $40,000,000,000'
    >>> Amount(Decimal(150e9), "JPY", "about").short()
    'about ¥150 billion'
    """

    value: Decimal
    currency: str = "USD"
    qualifier: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        """(currency, qualifier): amounts with the same key may be added, others never."""
        return self.currency, self.qualifier

    @property
    def usd(self) -> Decimal | None:
        """The value in US dollars when the amount is in US dollars; never a conversion."""
        return self.value if self.currency == "USD" else None

    def hedged(self, qualifier: str | None) -> Amount:
        """This amount with `qualifier` when it has no hedge of its own (a part of a total)."""
        return self if self.qualifier or not qualifier else replace(self, qualifier=qualifier)

    def text(self) -> str:
        """Every digit, in its own currency: ``up to $73,000,000,000``, ``¥150,000,000,000``."""
        amount = _money(self.value, self.currency, _number(self.value))
        return f"{self.qualifier} {amount}" if self.qualifier else amount

    def short(self) -> str:
        """Rounded for a tooltip: ``up to $73 billion``, ``A$600 million``."""
        size = abs(self.value)
        for scale, word in _SCALES:
            if size >= scale:
                # three significant digits, never in exponent form (999.5 trillion: "1,000")
                rounded = Decimal(f"{self.value / scale:.3g}").normalize()
                amount = _money(self.value, self.currency, f"{rounded:,f} {word}")
                break
        else:
            amount = _money(self.value, self.currency, _number(self.value))
        return f"{self.qualifier} {amount}" if self.qualifier else amount


@dataclass(frozen=True)
class Sum:
    """Amounts added up with one term per (currency, hedge): never one merged number.

    >>> usd = lambda v, q=None: Amount(Decimal(v), "USD", q)
    >>> (Sum.of(usd(40e9), usd(33e9)) + usd(50e9, "over")).text()
    '$73,000,000,000 + over $50,000,000,000'
    >>> (Sum.of(usd(1e9)) + Amount(Decimal(5), "JPY")).text()
    '$1,000,000,000 + ¥5'
    """

    terms: tuple[Amount, ...] = ()

    @classmethod
    def of(cls, *amounts: Amount) -> Sum:
        """The sum of `amounts` (none: the empty sum)."""
        out = cls()
        for a in amounts:
            out = out + a
        return out

    def __add__(self, other: Sum | Amount) -> Sum:
        values: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
        for a in (*self.terms, *(other.terms if isinstance(other, Sum) else (other,))):
            values[a.key] += a.value
        keys = sorted(values, key=lambda k: (_currency_rank(k[0]), _hedge_rank(k[1])))
        return Sum(tuple(Amount(values[k], *k) for k in keys))

    def term(self, currency: str, qualifier: str | None = None) -> Decimal | None:
        """The value of the (currency, hedge) term, or None when there is none."""
        return next((a.value for a in self.terms if a.key == (currency, qualifier)), None)

    @property
    def rank(self) -> Decimal:
        """The largest US-dollar term: what tables are ordered by (never shown, never a total)."""
        return max((a.value for a in self.terms if a.currency == "USD"), default=Decimal(0))

    def text(self) -> str:
        """The terms joined by " + " (``unknown`` for the empty sum)."""
        return " + ".join(a.text() for a in self.terms) if self.terms else "unknown"


@dataclass(frozen=True)
class Investment:
    """An investment as the text states it: its amount, parties, sectors and the totals above."""

    iri: str
    label: str
    amount: Amount | None = None
    aggregate: bool = False
    investors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    totals: tuple[str, ...] = ()  # the investments it is a component of (ak:componentOf)


@dataclass(frozen=True)
class Unit:
    """An amount counted once: an investment's own amount, or what its parts leave over.

    The amount carries the hedge it inherits; investors, targets, sectors and topics are the
    investment's, else those of the nearest total above it that names some.
    """

    investment: str
    label: str
    amount: Amount
    investors: tuple[str, ...]
    targets: tuple[str, ...]
    sectors: tuple[str, ...]
    topics: tuple[str, ...]
    remainder: bool = False


@dataclass(frozen=True)
class Breakdown:
    """A total next to its nearest parts with an amount, and what is counted of it."""

    investment: str
    parts: tuple[str, ...]
    covered: Decimal | None  # the parts added up; None when one is in another currency
    remainder: Amount | None  # what the total counts beyond its parts (None: nothing)


@dataclass
class _Tree:
    """Walks ``ak:componentOf`` up and down, stopping at the nearest node with something."""

    invs: Mapping[str, Investment]
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for inv in self.invs.values():
            for t in self.totals(inv.iri):
                self.children[t].append(inv.iri)

    def totals(self, iri: str) -> list[str]:
        """The investments `iri` is a direct component of."""
        return sorted(t for t in self.invs[iri].totals if t in self.invs and t != iri)

    def _nearest(
        self, iri: str, has: Callable[[Investment], object], step: Callable[[str], Iterable[str]],
        *, include_self: bool,
    ) -> list[str]:  # fmt: skip
        found, seen = [], {iri}
        todo = [iri] if include_self else list(step(iri))
        while todo:
            n = todo.pop()
            seen.add(n)
            if has(self.invs[n]):
                found.append(n)
                continue
            todo += [m for m in step(n) if m not in seen]
        return sorted(set(found))

    def up(self, iri: str, has: Callable[[Investment], object]) -> list[str]:
        """`iri` when it has it, else the nearest totals above it that have it."""
        return self._nearest(iri, has, self.totals, include_self=True)

    def down(self, iri: str) -> list[str]:
        """The nearest parts below `iri` that state an amount."""
        return self._nearest(
            iri, lambda i: i.amount is not None, lambda n: self.children[n], include_self=False
        )

    def below(self, iri: str) -> set[str]:
        """Every investment under `iri`, at any depth."""
        seen: set[str] = set()
        todo = list(self.children[iri])
        while todo:
            n = todo.pop()
            if n not in seen and n != iri:
                seen.add(n)
                todo += self.children[n]
        return seen

    def inherit(self, iri: str, attr: str) -> tuple[str, ...]:
        """`attr` (investors, targets, …) of `iri`, else of the nearest totals that name some."""
        sources = self.up(iri, lambda i: bool(getattr(i, attr)))
        return tuple(sorted({v for s in sources for v in getattr(self.invs[s], attr)}))

    def hedge(self, iri: str) -> str | None:
        """The qualifier of `iri`, else of the nearest total with one (the first, if several)."""

        def qualifier(i: Investment) -> str | None:
            return i.amount.qualifier if i.amount is not None else None

        hedges = sorted({q for s in self.up(iri, qualifier) if (q := qualifier(self.invs[s]))})
        return hedges[0] if hedges else None


@dataclass(frozen=True)
class Counted:
    """Every investment, the amounts counted once, each total's breakdown and the grand total."""

    investments: dict[str, Investment]
    units: list[Unit]
    breakdowns: dict[str, Breakdown]
    total: Sum
    notes: list[str]
    tree: _Tree = field(repr=False, compare=False)
    #: investments not counted because they are inside a total counted whole → that total
    inside: dict[str, str] = field(default_factory=dict)

    def hedge(self, iri: str) -> str | None:
        """The hedge an investment's amount is counted with: its own, else its total's."""
        return self.tree.hedge(iri)

    def totals(self, iri: str) -> list[str]:
        """The investments `iri` is a direct component of."""
        return self.tree.totals(iri)

    def parts(self, iri: str) -> list[str]:
        """The investments that are direct components of `iri`."""
        return sorted(self.tree.children[iri])


def count(investments: Iterable[Investment]) -> Counted:
    """Count every amount once: what each investment states beyond its parts, hedges inherited.

    >>> usd = lambda v, q=None: Amount(Decimal(v), "USD", q)
    >>> c = count([Investment("t", "tranche", usd(73e9, "up to"), aggregate=True),
    ...            Investment("a", "a", usd(40e9), totals=("t",)),
    ...            Investment("b", "b", usd(33e9), totals=("t",))])
    >>> [u.amount.text() for u in c.units], c.total.text()
    (['up to $40,000,000,000', 'up to $33,000,000,000'], 'up to $73,000,000,000')
    """
    invs = {i.iri: i for i in investments}
    tree = _Tree(invs)
    units: list[Unit] = []
    breakdowns: dict[str, Breakdown] = {}
    notes: list[str] = []

    def unit(inv: Investment, amount: Amount, remainder: bool = False) -> Unit:
        return Unit(inv.iri, inv.label, amount.hedged(tree.hedge(inv.iri)),
                    *(tree.inherit(inv.iri, a) for a in ("investors", "targets", "sectors",
                                                         "topics")),
                    remainder)  # fmt: skip

    def parts_of(inv: Investment) -> list[Amount]:
        return [a for p in tree.down(inv.iri) if (a := invs[p].amount) is not None]

    # a total with a part in another currency is counted whole: nothing under it counts again
    mixed = [i for i in invs.values() if i.amount is not None
             and any(a.currency != i.amount.currency for a in parts_of(i))]  # fmt: skip
    inside = {b: t.iri for t in sorted(mixed, key=lambda i: i.iri) for b in tree.below(t.iri)}
    mixed_iris = {i.iri for i in mixed}
    for inv in sorted(invs.values(), key=lambda i: (i.label, i.iri)):
        parts, amounts = tree.down(inv.iri), parts_of(inv)
        if inv.amount is None:
            if not parts:
                notes.append(f"{inv.label}: no amount given")
            continue
        if inv.aggregate and not parts:
            notes.append(f"{inv.label}: marked aggregate but no part of it is in the graph")
        rest: Amount | None = None
        if inv.iri in mixed_iris:
            notes.append(f"{inv.label}: a part is in another currency than {inv.amount.text()}, "
                         "so it is counted whole and its parts are not counted again")  # fmt: skip
            breakdowns[inv.iri] = Breakdown(inv.iri, tuple(parts), None, None)
        elif parts:
            covered = sum((a.value for a in amounts), Decimal(0))
            left = inv.amount.value - covered
            if left > 0:
                rest = replace(inv.amount, value=left).hedged(tree.hedge(inv.iri))
            elif left < 0:
                notes.append(f"{inv.label}: its parts ({Sum.of(*amounts).text()}) exceed it "
                             f"({inv.amount.text()})")  # fmt: skip
            breakdowns[inv.iri] = Breakdown(inv.iri, tuple(parts), covered, rest)
        if inv.iri in inside:
            continue  # counted in the total it is inside
        if inv.iri in mixed_iris or not parts:
            units.append(unit(inv, inv.amount))
        elif rest is not None:
            units.append(unit(inv, rest, remainder=True))
    total = Sum.of(*(u.amount for u in units))
    return Counted(invs, units, breakdowns, total, notes, tree, inside)


#: a group of a grouping: (key, label); the key is an IRI or a placeholder such as "(not named)"
Group = tuple[str, str]


@dataclass(frozen=True)
class GroupSum:
    """One group of a grouping: its sum, the units in it and, for each shared one, the others."""

    key: str
    label: str
    sum: Sum
    units: tuple[Unit, ...]
    shared: tuple[tuple[Unit, tuple[str, ...]], ...]  # (unit, labels of the other groups)


@dataclass(frozen=True)
class TermRow:
    """One (group, currency, hedge, shared) line of a grouping: what ``investment-totals`` gives."""

    dimension: str
    group: str | None  # the group's IRI; None for a placeholder
    label: str
    currency: str
    qualifier: str | None
    shared: bool
    amount: Decimal
    investments: int

    def as_dict(self) -> dict[str, object]:
        """The row with the saved query's column names."""
        return {"dimension": self.dimension, "group": self.group, "groupLabel": self.label,
                "currency": self.currency, "qualifier": self.qualifier, "shared": self.shared,
                "amount": self.amount, "investments": self.investments}  # fmt: skip


def group(units: Iterable[Unit], groups_of: Callable[[Unit], Iterable[Group]]) -> list[GroupSum]:
    """Each unit in full under each of its groups, flagged shared when it has several."""
    sums: dict[str, Sum] = defaultdict(Sum)
    members: dict[str, list[Unit]] = defaultdict(list)
    shared: dict[str, list[tuple[Unit, tuple[str, ...]]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for u in units:
        groups = dict(sorted(set(groups_of(u))))
        labels.update(groups)
        for key in groups:
            sums[key] = sums[key] + u.amount
            members[key].append(u)
            if len(groups) > 1:
                shared[key].append((u, tuple(groups[k] for k in groups if k != key)))
    out = [GroupSum(k, labels[k], sums[k], tuple(members[k]), tuple(shared[k])) for k in sums]
    return sorted(out, key=lambda g: (-g.sum.rank, g.label, g.key))


def term_rows(dimension: str, groups: Iterable[GroupSum], is_iri: Callable[[str], bool]
              ) -> Iterator[TermRow]:  # fmt: skip
    """The rows of a grouping, one per (group, currency, hedge, shared)."""
    for g in groups:
        shared_units = {id(u) for u, _ in g.shared}
        cells: dict[tuple[str, str | None, bool], list[Unit]] = defaultdict(list)
        for u in g.units:
            cells[(*u.amount.key, id(u) in shared_units)].append(u)
        for (currency, qualifier, shared), us in cells.items():
            yield TermRow(dimension, g.key if is_iri(g.key) else None, g.label, currency,
                          qualifier, shared, sum((u.amount.value for u in us), Decimal(0)),
                          len({u.investment for u in us}))  # fmt: skip


def total_rows(counted: Counted) -> list[TermRow]:
    """The grand total as rows of dimension "total": each amount once, one row per term."""
    groups = group(counted.units, lambda u: [(ALL, ALL)])
    return list(term_rows("total", groups, lambda key: False))


def order(rows: Iterable[TermRow]) -> list[TermRow]:
    """Rows in the saved query's order: dimension, label, currency, hedge, unshared first."""
    return sorted(rows, key=lambda r: (r.dimension, r.label, r.currency, r.qualifier or "",
                                       r.shared))  # fmt: skip
