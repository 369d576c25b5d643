"""Money flows: the money model (`alliance_kg.money`) over the investment nodes of a projection.

Read from a projection with ``nary="nodes"``: ``investor`` → investment → ``target``, the
node's ``amount``, ``currency``, ``qualifier`` and ``aggregate``, ``sector`` / ``concerns``
edges and ``componentOf`` (or ``hasComponent``) between investments. The rules (each amount
counted once, parts before totals; hedges and currencies never merged; parts inherit hedge,
parties and sector; shared amounts flagged and counted once) are those of `alliance_kg.money`;
the saved queries ``investment-totals`` and ``investment-breakdown`` state them in SPARQL.

Groupings, as in ``investment-totals``:

* **investor**: each investor of a counted amount; ``(not named)`` when none is.
* **nation**: the nations of each target (`analyse.projection.nations_of`: itself, else what
  it belongs to, else where it lies); ``(unknown)`` for a target of no known nation, ``(no
  target)`` without targets.
* **location**: each target (a nation reads "United States (nation-wide)" in the table).
* **sector**: the sectors (``ak:sector``), else the topics it concerns; ``(unspecified)``.

Filters choose investments, they never cut one up. With ``--class`` / ``--exclude-class`` /
``--nation`` the amounts are still counted over the whole graph (parts before totals, hedges
inherited), then only the *selected* investments are reported (`select`): an investment is
selected when it, or one of its investors or targets, or one of those of a total it is part of,
passes the filters. So ``--nation Japan`` reports the money Japan invests or receives, with every
party named; ``--class Company`` the money of companies, each part with its total's hedge.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from dataclasses import replace
from decimal import Decimal
from typing import Any, Literal, get_args

import networkx as nx

from ..money import (
    TOTAL_LABEL,
    Amount,
    Counted,
    Group,
    Investment,
    Sum,
    Unit,
    count,
    group,
    order,
    term_rows,
    total_rows,
)
from .base import AnalysisError, node_label
from .projection import Selection, nations_of

__all__ = ["GroupBy", "investments", "money", "money_rows", "money_terms", "select"]

GroupBy = Literal["investment", "investor", "nation", "location", "sector"]
Dimension = Literal["investor", "nation", "location", "sector"]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)


def _ends(graph: nx.MultiDiGraph, node: Hashable, prop: str) -> list[str]:
    return sorted({o for _, o, d in graph.out_edges(node, data=True) if d.get("property") == prop})


def _starts(graph: nx.MultiDiGraph, node: Hashable, prop: str) -> list[str]:
    return sorted({s for s, _, d in graph.in_edges(node, data=True) if d.get("property") == prop})


def _amount(data: dict[str, Any]) -> Amount | None:
    if data.get("amount") is None:
        return None
    value = Decimal(str(data["amount"]))
    return Amount(value, data.get("currency") or "USD", data.get("qualifier"))


def investments(graph: nx.MultiDiGraph) -> dict[str, Investment]:
    """The investment nodes of a projection as the money model reads them."""
    nodes = [n for n, d in graph.nodes(data=True) if d.get("core") == "Investment"]
    if not nodes and any(d.get("property") == "investsIn" for *_, d in graph.edges(data=True)):
        raise AnalysisError("money needs investment nodes: project with nary='nodes'")
    is_inv = set(nodes)
    out: dict[str, Investment] = {}
    for n in nodes:
        data = graph.nodes[n]
        totals = {t for t in _ends(graph, n, "componentOf") if t in is_inv}
        totals |= {t for t in _starts(graph, n, "hasComponent") if t in is_inv}
        sectors = _ends(graph, n, "sector")
        topics = [
            t for t in _ends(graph, n, "concerns")
            if t not in sectors and graph.nodes[t].get("core") == "Topic"
        ]  # fmt: skip
        out[n] = Investment(
            iri=n,
            label=data.get("label", n),
            amount=_amount(data),
            aggregate=bool(data.get("aggregate")),
            investors=tuple(_ends(graph, n, "investor")),
            targets=tuple(_ends(graph, n, "target")),
            sectors=tuple(sectors),
            topics=tuple(topics),
            totals=tuple(sorted(totals)),
        )
    return out


def select(graph: nx.MultiDiGraph, selection: Selection | None) -> frozenset[str] | None:
    """The investments the entity filters choose (None: all). An investment is chosen when it,
    or one of its investors or targets, passes the filters (`Selection.kept`), or when it is
    part (``componentOf``, transitively) of a chosen one; never when its own class is excluded.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n in ("total", "part", "other"):
    ...     g.add_node(n, label=n, core="Investment")
    >>> _ = g.add_edge("total", "jp", key="investor", property="investor")
    >>> _ = g.add_edge("part", "total", key="componentOf", property="componentOf")
    >>> sorted(select(g, Selection(kept=frozenset({"jp"}), excluded=frozenset())))
    ['part', 'total']
    """
    if selection is None:
        return None
    kept, excluded = selection.kept, selection.excluded
    invs = investments(graph)
    direct = {
        i
        for i, inv in invs.items()
        if i not in excluded and (i in kept or not kept.isdisjoint(inv.investors + inv.targets))
    }
    chosen, todo = set(direct), list(direct)
    parts: dict[str, list[str]] = {}
    for i, inv in invs.items():
        for t in inv.totals:
            parts.setdefault(t, []).append(i)
    while todo:
        for p in parts.get(todo.pop(), ()):
            if p not in chosen and p not in excluded:
                chosen.add(p)
                todo.append(p)
    return frozenset(chosen)


def money(graph: nx.MultiDiGraph, only: Collection[str] | None = None) -> Counted:
    """Every amount of the projection counted once (parts before totals), hedges kept apart;
    with `only` (investment IRIs, see `select`), the amounts of those investments only.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("t", label="tranche", core="Investment", amount=73e9, currency="USD",
    ...            qualifier="up to", aggregate=True)
    >>> for part, value in [("a", 40e9), ("b", 33e9)]:
    ...     g.add_node(part, label=part, core="Investment", amount=value, currency="USD")
    ...     _ = g.add_edge(part, "t", key="componentOf", property="componentOf")
    >>> report = money(g)
    >>> report.total.text(), [u.amount.text() for u in report.units]
    ('up to $73,000,000,000', ['up to $40,000,000,000', 'up to $33,000,000,000'])
    >>> money(g, only={"a"}).total.text()
    'up to $40,000,000,000'
    """
    report = count(investments(graph).values())
    if only is None:
        return report
    units = [u for u in report.units if u.investment in only]
    labels = tuple(f"{report.investments[i].label}:" for i in only if i in report.investments)
    return replace(
        report,
        units=units,
        total=Sum.of(*(u.amount for u in units)),
        notes=[n for n in report.notes if n.startswith(labels)],
    )


def _nations(graph: nx.MultiDiGraph) -> Callable[[str], list[str]]:
    """Every nation of a node: the projection's ``nation_iris`` (one definition for every
    analysis and saved query, `analyse.projection.nations_of`); for a graph not made by the
    projection, `nations_of` over its edges."""
    if all("nation_iris" in d for _, d in graph.nodes(data=True)):
        return lambda n: list(graph.nodes[n]["nation_iris"])
    found = nations_of(
        ((s, d.get("property"), o) for s, o, d in graph.edges(data=True)),
        {n for n, d in graph.nodes(data=True) if d.get("core") == "Nation"},
    )
    return lambda n: sorted(found.get(n, ()))


def groups_of(graph: nx.MultiDiGraph, by: Dimension) -> Callable[[Unit], list[Group]]:
    """The groups a counted amount falls in, by investor, nation, location or sector."""

    nations_of_node = _nations(graph) if by == "nation" else None

    def named(nodes: tuple[str, ...] | list[str], none: str) -> list[Group]:
        return [(n, node_label(graph, n)) for n in nodes] or [(none, none)]

    def nation(u: Unit) -> list[Group]:
        if not u.targets:
            return [("(no target)", "(no target)")]
        assert nations_of_node is not None
        return [g for t in u.targets for g in named(nations_of_node(t), "(unknown)")]

    return {
        "investor": lambda u: named(u.investors, "(not named)"),
        "nation": nation,
        "location": lambda u: named(u.targets, "(no target)"),
        "sector": lambda u: named(u.sectors or u.topics, "(unspecified)"),
    }[by]


def money_terms(
    graph: nx.MultiDiGraph, by: Dimension | None = None, only: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """The rows of the saved query ``investment-totals``: one per group, currency, hedge and
    shared flag, for one grouping (`by`) or all four, then the grand total (dimension "total");
    with `only`, for those investments (`select`).
    """
    if by is not None and by not in DIMENSIONS:
        raise AnalysisError(f"unknown grouping {by!r} for terms; use {', '.join(DIMENSIONS)}")
    report = money(graph, only)
    rows = [
        r
        for dim in ([by] if by else DIMENSIONS)
        for r in term_rows(dim, group(report.units, groups_of(graph, dim)), graph.has_node)
    ]
    return [r.as_dict() for r in order(rows + total_rows(report))]


def money_rows(
    graph: nx.MultiDiGraph, by: GroupBy = "investment", only: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """The money table: one row per investment (totals with their parts) or per group, then
    TOTAL; ``total`` is a sum as text with one term per currency and hedge. With `only`
    (`select`), the rows of those investments; a part whose total is not selected is a row of
    its own, counted with the total's hedge.
    """
    if by not in get_args(GroupBy):
        raise AnalysisError(f"unknown grouping {by!r}; use investment, investor, nation, "
                            "location or sector")  # fmt: skip
    report = money(graph, only)
    if by == "investment":
        return _rows_by_investment(graph, report, only)
    return _rows_by_group(graph, report, by)


def _counted(report: Counted, iri: str, units: dict[str, Unit]) -> str:
    """How an investment's amount enters the total, in words."""
    inv = report.investments[iri]
    if iri in report.inside:
        return f"in {report.investments[report.inside[iri]].label} (another currency)"
    if (b := report.breakdowns.get(iri)) is not None:
        if b.covered is None:
            return "whole, not its parts (a part is in another currency)"
        return f"in its parts + remainder {b.remainder.text()}" if b.remainder else "in its parts"
    if inv.amount is None:
        return "in its parts" if report.tree.down(iri) else "no amount"
    own = units[iri]
    if own.amount != inv.amount:  # a hedge taken from the total
        return f"as {own.amount.text()}, a part of a hedged total"
    return "yes"


def _rank(inv: Investment) -> tuple[Decimal, str]:
    return -(Sum.of(inv.amount).rank if inv.amount else Decimal(0)), inv.label


def _rows_by_investment(
    graph: nx.MultiDiGraph, report: Counted, only: Collection[str] | None
) -> list[dict[str, Any]]:
    invs = report.investments
    shown = set(invs) if only is None else set(only) & set(invs)
    units = {u.investment: u for u in report.units}
    rows: list[dict[str, Any]] = []

    def names(nodes: tuple[str, ...]) -> str:
        return "; ".join(node_label(graph, n) for n in nodes)

    def emit(inv: Investment, depth: int, above: frozenset[str]) -> None:
        parts = [invs[p].amount.text() for p in report.tree.down(inv.iri) if invs[p].amount]
        a = inv.amount
        rows.append(
            {
                "investment": ("  " * depth + "└ " if depth else "") + inv.label,
                "investor": names(inv.investors) or "(not named)",
                "target": names(inv.targets) or "(not named)",
                "sector": names(inv.sectors or inv.topics),
                "total": a.text() if a else "unknown",
                "parts": f"= {' + '.join(parts)}" if parts else "",
                "counted": _counted(report, inv.iri, units),
                "amount": a.value if a else None,
                "currency": a.currency if a else None,
                "qualifier": a.qualifier if a else None,
            }
        )
        for p in sorted(report.parts(inv.iri), key=lambda p: _rank(invs[p])):
            if p not in above and p in shown:  # a cycle of componentOf is printed once
                emit(invs[p], depth + 1, above | {p})

    for inv in sorted(invs.values(), key=_rank):
        if inv.iri in shown and not set(report.totals(inv.iri)) & shown:
            emit(inv, 0, frozenset({inv.iri}))
    rows.append(
        {"investment": TOTAL_LABEL, "investor": "", "target": "", "sector": "",
         "total": report.total.text(), "parts": "", "counted": "", "amount": None,
         "currency": None, "qualifier": None}
    )  # fmt: skip
    return rows


def _rows_by_group(graph: nx.MultiDiGraph, report: Counted, by: Dimension) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for g in group(report.units, groups_of(graph, by)):
        node = graph.nodes[g.key] if graph.has_node(g.key) else None
        label = g.label
        if by == "location" and node is not None and node.get("core") == "Nation":
            label = f"{label} (nation-wide)"
        shared = [f"{u.amount.text()} shared with {', '.join(others)}" for u, others in g.shared]
        rows.append(
            {by: label, "total": g.sum.text(), "investments": len(g.units),
             "shared": "; ".join(shared), "group": g.key if node is not None else None}
        )  # fmt: skip
    rows.append(
        {by: TOTAL_LABEL, "total": report.total.text(),
         "investments": len({u.investment for u in report.units}), "shared": "", "group": None}
    )  # fmt: skip
    return rows
