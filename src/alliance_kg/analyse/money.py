"""Money flows: investments summed by investor, target nation, location and sector.

Read from the investment nodes of a projection (``nary="nodes"``): ``investor`` → investment →
``target``, ``amount_usd`` and ``qualifier`` on the node, ``sector`` / ``concerns`` edges, and
``componentOf`` from a part to the larger investment it belongs to.

Three rules keep the sums honest:

* **No double counting of totals.** An investment with parts (``componentOf`` it, or marked
  ``aggregate``) is not added on top of its parts: the parts are counted, plus the remainder of
  the total the parts do not cover (none for the second tranche: $73 bn = $40 bn + $33 bn).
* **Hedges stay visible.** Amounts with different qualifiers are never merged into one number:
  a total reads "$36,000,000,000 + up to $73,000,000,000 + over $50,000,000,000". A part with no
  qualifier of its own takes the one of the total it belongs to (parts of an "up to" total are
  ceilings too), so the sums by key agree with the grand total.
* **Shared amounts are shown as shared.** An amount with two targets ($40 bn for Tennessee *and*
  Alabama) appears in full under each, marked shared, and once in the grand total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import networkx as nx

from .base import AnalysisError, node_label

GroupBy = Literal["investment", "investor", "nation", "location", "sector"]
#: qualifiers in the order totals print them; None = an exact amount
_ORDER = [None, "about", "at least", "over", "nearly", "up to", "under"]


def _usd(value: Decimal) -> str:
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"${text}"


@dataclass(frozen=True)
class Amount:
    """A sum of money that keeps amounts with different qualifiers apart.

    Examples
    --------
    >>> a = Amount.of(40e9) + Amount.of(33e9) + Amount.of(50e9, "over")
    >>> a.text()
    '$73,000,000,000 + over $50,000,000,000'
    >>> Amount.of(73e9, "up to").text(), float(a.usd)
    ('up to $73,000,000,000', 123000000000.0)
    """

    terms: tuple[tuple[str | None, Decimal], ...] = ()

    @classmethod
    def of(cls, usd: float | Decimal | None, qualifier: str | None = None) -> Amount:
        """One amount (None: unknown, the empty sum)."""
        if usd is None:
            return cls()
        return cls(((qualifier, Decimal(str(usd))),))

    def __add__(self, other: Amount) -> Amount:
        sums: dict[str | None, Decimal] = defaultdict(Decimal)
        for q, v in (*self.terms, *other.terms):
            sums[q] += v
        order = {q: i for i, q in enumerate(_ORDER)}
        return Amount(tuple(sorted(sums.items(), key=lambda t: (order.get(t[0], 99), t[0] or ""))))

    def __sub__(self, other: Amount) -> Amount:
        return self + Amount(tuple((q, -v) for q, v in other.terms))

    @property
    def usd(self) -> Decimal:
        """All terms added up, hedges ignored (for sorting and machine use)."""
        return sum((v for _, v in self.terms), Decimal(0))

    @property
    def qualifiers(self) -> list[str]:
        """The hedges present ("up to", "over", …); empty for exact sums."""
        return [q for q, _ in self.terms if q]

    def text(self) -> str:
        """Human form with the hedges: ``$36,000,000,000 + up to $73,000,000,000``."""
        parts = [f"{q} {_usd(v)}" if q else _usd(v) for q, v in self.terms if v]
        return " + ".join(parts) if parts else ("$0" if self.terms else "unknown")


@dataclass(frozen=True)
class Investment:
    """An investment node as money analysis sees it."""

    iri: str
    label: str
    amount: Amount
    qualifier: str | None
    aggregate: bool
    investors: list[str]
    targets: list[str]
    sectors: list[str]
    topics: list[str]
    parent: str | None
    parts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unit:
    """An amount counted once: a part, a whole investment, or what a total's parts leave over."""

    investment: str
    label: str
    amount: Amount
    investors: list[str]
    targets: list[str]
    sectors: list[str]
    topics: list[str]
    remainder: bool = False


@dataclass(frozen=True)
class MoneyReport:
    """Investments, the units counted once, and the grand total."""

    investments: dict[str, Investment]
    units: list[Unit]
    total: Amount
    notes: list[str]


def _ends(graph: nx.MultiDiGraph, node: Hashable, prop: str) -> list[str]:
    return sorted({o for _, o, d in graph.out_edges(node, data=True) if d.get("property") == prop})


def _starts(graph: nx.MultiDiGraph, node: Hashable, prop: str) -> list[str]:
    return sorted({s for s, _, d in graph.in_edges(node, data=True) if d.get("property") == prop})


def investments(graph: nx.MultiDiGraph) -> dict[str, Investment]:
    """The investment nodes of a projection with their investors, targets, sectors and parts."""
    nodes = [n for n, d in graph.nodes(data=True) if d.get("core") == "Investment"]
    if not nodes and any(d.get("property") == "investsIn" for *_, d in graph.edges(data=True)):
        raise AnalysisError("money needs investment nodes: project with nary='nodes'")
    is_inv = set(nodes)
    out: dict[str, Investment] = {}
    for n in nodes:
        data = graph.nodes[n]
        parents = [p for p in _ends(graph, n, "componentOf") if p in is_inv]
        parents += [p for p in _starts(graph, n, "hasComponent") if p in is_inv]
        concerns = _ends(graph, n, "concerns")
        sectors = _ends(graph, n, "sector")
        topics = [t for t in concerns if t not in sectors and graph.nodes[t].get("core") == "Topic"]
        out[n] = Investment(
            iri=n,
            label=data.get("label", n),
            amount=Amount.of(data.get("amount_usd"), data.get("qualifier")),
            qualifier=data.get("qualifier"),
            aggregate=bool(data.get("aggregate")),
            investors=_ends(graph, n, "investor"),
            targets=_ends(graph, n, "target"),
            sectors=sectors,
            topics=topics,
            parent=sorted(parents)[0] if parents else None,
        )
    for inv in list(out.values()):
        if inv.parent is not None:
            out[inv.parent].parts.append(inv.iri)
    for inv in out.values():
        inv.parts.sort(key=lambda p: (-out[p].amount.usd, out[p].label))
    return out


def money(graph: nx.MultiDiGraph) -> MoneyReport:
    """Count every amount once (parts before totals) and sum the grand total by root investment.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("t", label="tranche", core="Investment", amount_usd=73e9, qualifier="up to",
    ...            aggregate=True)
    >>> for part, usd in [("a", 40e9), ("b", 33e9)]:
    ...     g.add_node(part, label=part, core="Investment", amount_usd=usd)
    ...     _ = g.add_edge(part, "t", key="componentOf", property="componentOf")
    >>> report = money(g)
    >>> report.total.text(), [u.amount.text() for u in report.units]
    ('up to $73,000,000,000', ['up to $40,000,000,000', 'up to $33,000,000,000'])
    """
    counting = _Counting(investments(graph))
    total = Amount()
    for inv in sorted(counting.invs.values(), key=lambda i: (-i.amount.usd, i.label)):
        if inv.parent is None:
            total = total + counting.visit(inv)
    return MoneyReport(counting.invs, counting.units, total, counting.notes)


@dataclass
class _Counting:
    """One pass over the investment trees: each amount counted once, parts before totals."""

    invs: dict[str, Investment]
    units: list[Unit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def _up(self, inv: Investment) -> Iterator[Investment]:
        """`inv`, then the totals it is a part of, innermost first."""
        cur: Investment | None = inv
        while cur is not None:
            yield cur
            cur = self.invs.get(cur.parent) if cur.parent else None

    def inherit(self, inv: Investment, attr: str) -> list[str]:
        """`attr` of the nearest of `inv` and its totals that has one (a part's investors…)."""
        return next((list(getattr(c, attr)) for c in self._up(inv) if getattr(c, attr)), [])

    def hedge(self, inv: Investment) -> str | None:
        """The qualifier of the nearest of `inv` and its totals that has one."""
        return next((c.qualifier for c in self._up(inv) if c.qualifier), None)

    def unit(self, inv: Investment, amount: Amount, remainder: bool = False) -> Unit:
        """A counted amount with what it inherits from the totals above it."""
        return Unit(inv.iri, inv.label, amount, self.inherit(inv, "investors"),
                    self.inherit(inv, "targets"), self.inherit(inv, "sectors"),
                    self.inherit(inv, "topics"), remainder)  # fmt: skip

    def visit(self, inv: Investment) -> Amount:
        """Count `inv`'s money (parts first) and return the amount it stands for in a total."""
        if not inv.parts:
            amount = Amount.of(inv.amount.usd, self.hedge(inv)) if inv.amount.terms else Amount()
            if not inv.amount.terms:
                self.notes.append(f"{inv.label}: no amount given")
            else:
                self.units.append(self.unit(inv, amount))
            if inv.aggregate:
                self.notes.append(
                    f"{inv.label}: marked aggregate but no part of it is in the graph"
                )
            return amount
        parts = Amount()
        for p in inv.parts:
            parts = parts + self.visit(self.invs[p])
        if not inv.amount.terms:
            return parts
        left = inv.amount.usd - parts.usd
        if left > 0:
            self.units.append(self.unit(inv, Amount.of(left, self.hedge(inv)), remainder=True))
        elif left < 0:
            self.notes.append(
                f"{inv.label}: its parts ({parts.text()}) exceed it ({inv.amount.text()})"
            )
            return parts
        return Amount.of(inv.amount.usd, self.hedge(inv))


def _target_nation(graph: nx.MultiDiGraph, node: str) -> str | None:
    """The nation a target is in: itself, its ``nation``, else the first nation up locatedIn."""
    seen, todo = {node}, [node]
    while todo:
        n = todo.pop(0)
        data = graph.nodes[n]
        if data.get("core") == "Nation":
            return data.get("label")
        if data.get("nation"):
            return data["nation"]
        for nxt in _ends(graph, n, "locatedIn"):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return None


def _keys(graph: nx.MultiDiGraph, by: GroupBy) -> Callable[[Unit], list[str]]:
    label = lambda n: node_label(graph, n)  # noqa: E731

    def investor(u: Unit) -> list[str]:
        return sorted(label(i) for i in u.investors) or ["(not named)"]

    def nation(u: Unit) -> list[str]:
        return sorted({_target_nation(graph, t) or "(unknown)" for t in u.targets}) or [
            "(no target)"
        ]

    def location(u: Unit) -> list[str]:
        keys = set()
        for t in u.targets:
            core = graph.nodes[t].get("core")
            if core == "Location":
                keys.add(label(t))
            elif core == "Nation":
                keys.add(f"{label(t)} (nation-wide)")
            else:
                keys.add("(no location)")
        return sorted(keys) or ["(no target)"]

    def sector(u: Unit) -> list[str]:
        return sorted(label(s) for s in (u.sectors or u.topics)) or ["(unspecified)"]

    return {"investor": investor, "nation": nation, "location": location, "sector": sector}[by]


def money_rows(graph: nx.MultiDiGraph, by: GroupBy = "investment") -> list[dict[str, Any]]:
    """The money table: one row per investment (totals with their parts) or per key, then TOTAL.

    Rows carry ``total`` (the amount with its hedges, as text) and ``usd`` (the plain number).
    """
    if by not in ("investment", "investor", "nation", "location", "sector"):
        raise AnalysisError(f"unknown grouping {by!r}; use investment, investor, nation, "
                            "location or sector")  # fmt: skip
    report = money(graph)
    if by == "investment":
        return _rows_by_investment(graph, report)
    return _rows_by_key(graph, report, by)


def _counted(inv: Investment, report: MoneyReport) -> str:
    """How an investment's amount enters the total, in words."""
    if inv.parts:
        if any(u.investment == inv.iri and u.remainder for u in report.units):
            return "in its parts + remainder"
        return "in its parts"
    own = [u for u in report.units if u.investment == inv.iri and not u.remainder]
    if own and own[0].amount != inv.amount:  # a hedge taken from the total
        return f"as {own[0].amount.text()}, a part of a hedged total"
    return "yes" if inv.amount.terms else "no amount"


def _rows_by_investment(graph: nx.MultiDiGraph, report: MoneyReport) -> list[dict[str, Any]]:
    label = lambda n: node_label(graph, n)  # noqa: E731
    invs = report.investments
    rows: list[dict[str, Any]] = []

    def emit(inv: Investment, depth: int) -> None:
        parts = " + ".join(invs[p].amount.text() for p in inv.parts)
        rows.append(
            {
                "investment": ("  " * depth + "└ " if depth else "") + inv.label,
                "investor": "; ".join(label(i) for i in inv.investors) or "(not named)",
                "target": "; ".join(label(t) for t in inv.targets) or "(not named)",
                "sector": "; ".join(label(s) for s in inv.sectors or inv.topics),
                "total": inv.amount.text(),
                "parts": f"= {parts}" if parts else "",
                "counted": _counted(inv, report),
                "usd": float(inv.amount.usd) if inv.amount.terms else None,
            }
        )
        for p in inv.parts:
            emit(invs[p], depth + 1)

    for inv in sorted(invs.values(), key=lambda i: (-i.amount.usd, i.label)):
        if inv.parent is None:
            emit(inv, 0)
    rows.append(
        {"investment": "TOTAL (each amount counted once)", "investor": "", "target": "",
         "sector": "", "total": report.total.text(), "parts": "", "counted": "",
         "usd": float(report.total.usd)}
    )  # fmt: skip
    return rows


def _rows_by_key(graph: nx.MultiDiGraph, report: MoneyReport, by: GroupBy) -> list[dict[str, Any]]:
    keys_of = _keys(graph, by)
    sums: dict[str, Amount] = defaultdict(Amount)
    count: dict[str, int] = defaultdict(int)
    shared: dict[str, list[str]] = defaultdict(list)
    for u in report.units:
        keys = keys_of(u)
        for k in keys:
            sums[k] = sums[k] + u.amount
            count[k] += 1
            if len(keys) > 1:
                others = ", ".join(o for o in keys if o != k)
                shared[k].append(f"{u.amount.text()} shared with {others}")
    rows: list[dict[str, Any]] = [
        {by: k, "total": sums[k].text(), "investments": count[k],
         "shared": "; ".join(shared[k]), "usd": float(sums[k].usd)}
        for k in sorted(sums, key=lambda k: (-sums[k].usd, k))
    ]  # fmt: skip
    rows.append(
        {by: "TOTAL (each amount counted once)", "total": report.total.text(),
         "investments": len({u.investment for u in report.units}), "shared": "",
         "usd": float(report.total.usd)}
    )  # fmt: skip
    return rows
