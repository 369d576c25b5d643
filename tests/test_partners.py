"""The partners table (`alliance_kg.partners`) and the path queries that read it.

`collaboration-chain` and `linking-organisations` walk ``derived:partner`` (ak:collaboratesWith
both ways, each pair once) where they followed ``ak:collaboratesWith|^ak:collaboratesWith``;
their property-path forms are kept in tests/fixtures/path-queries as the reference.
"""

from __future__ import annotations

from itertools import product

import pyoxigraph as ox
import pytest

from alliance_kg.errors import QueryRuntimeError
from alliance_kg.namespaces import AK, AKDERIVED, HIERARCHY_GRAPH, PARTNERS_GRAPH
from alliance_kg.partners import derive_partners, drop_partners, partner_pairs
from alliance_kg.project import Project
from alliance_kg.query import find_saved, load_saved, run_saved

from .conftest import FIXTURES, ROOT

EX = "https://example.org/"
CW = ox.NamedNode(str(AK["collaboratesWith"]))
PARTNER = ox.NamedNode(str(AKDERIVED["partner"]))
TABLE = ox.NamedNode(str(PARTNERS_GRAPH))


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def _table(store: ox.Store) -> set[tuple[str, str]]:
    return {
        (q.subject.value[len(EX) :], q.object.value[len(EX) :])
        for q in store.quads_for_pattern(None, None, None, TABLE)
        if q.predicate == PARTNER
    }


def test_each_pair_both_ways_once_from_every_graph() -> None:
    store = ox.Store()
    g1, g2 = _n("g1"), _n("g2")
    store.extend([
        ox.Quad(_n("a"), CW, _n("b"), g1),
        ox.Quad(_n("b"), CW, _n("a"), g2),  # the other way, in another graph (inferred)
        ox.Quad(_n("a"), CW, _n("c"), g1),
        ox.Quad(_n("a"), CW, _n("c"), g2),  # the same pair in two documents
        ox.Quad(_n("d"), CW, ox.Literal("not an entity"), g1),
    ])  # fmt: skip
    assert derive_partners(store) == 4
    assert _table(store) == {("a", "b"), ("b", "a"), ("a", "c"), ("c", "a")}
    assert len(list(store.quads_for_pattern(None, None, None, TABLE))) == 4
    # rewritten whole: a pair gone from the data goes from the table
    store.remove(ox.Quad(_n("a"), CW, _n("c"), g1))
    store.remove(ox.Quad(_n("a"), CW, _n("c"), g2))
    derive_partners(store)
    assert _table(store) == {("a", "b"), ("b", "a")}
    drop_partners(store)
    assert not store.contains_named_graph(TABLE)


def test_the_build_writes_the_table_from_the_data(example_store: ox.Store) -> None:
    table = {
        (q.subject.value, q.object.value)
        for q in example_store.quads_for_pattern(None, PARTNER, None, TABLE)
    }
    data = ox.Store()
    data.extend(
        q
        for q in example_store.quads_for_pattern(None, CW, None)
        if isinstance(q.graph_name, ox.NamedNode)
    )
    assert table and table == partner_pairs(data)
    # and the union (the default graph the queries read) has it, each triple once
    union = list(example_store.quads_for_pattern(None, PARTNER, None, ox.DefaultGraph()))
    assert len(union) == len(table)


def _rows(result: object) -> list[tuple]:
    return [tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.solutions()]


@pytest.mark.parametrize("name", ["collaboration-chain", "linking-organisations"])
def test_path_queries_give_the_property_path_rows(
    name: str, example: Project, example_store: ox.Store
) -> None:
    """The same rows, in the same order, as the property-path form, for every ordered pair of
    parties that collaborate with someone (the same party twice included)."""
    saved = find_saved(example.queries, name)
    reference = load_saved(FIXTURES / "path-queries" / f"{name}.rq")
    assert "derived:partner" in saved.text and "derived:partner" not in reference.text
    parties = sorted({a for a, _ in partner_pairs(example_store)})
    assert len(parties) >= 8
    found = 0
    for a, b in product(parties, repeat=2):
        params = {"from": ox.NamedNode(a), "to": ox.NamedNode(b)}
        expected = _rows(run_saved(example_store, reference, params))
        assert _rows(run_saved(example_store, saved, params)) == expected, (a, b)
        found += len(expected)
    assert found > 100  # paths of every length, not only empty answers


def test_a_store_built_without_the_table_says_to_rebuild(example_store: ox.Store) -> None:
    """A store an older version built (the hierarchy table, no partners table) stops the path
    queries with what to do, instead of answering that nothing links two parties."""
    store = ox.Store()
    store.extend(q for q in example_store if q.predicate != PARTNER)
    assert store.contains_named_graph(ox.NamedNode(str(HIERARCHY_GRAPH)))
    chain = load_saved(ROOT / "queries" / "collaboration-chain.rq")
    with pytest.raises(QueryRuntimeError, match="build --force"):
        run_saved(store, chain)
    # with no ak:collaboratesWith at all, an empty table is no graph: the query runs (no rows)
    for q in list(store.quads_for_pattern(None, CW, None)):
        store.remove(q)
    assert run_saved(store, chain).rows == []
