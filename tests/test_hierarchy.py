"""The hierarchy table: rdfs:subClassOf and ak:componentOf at any depth, derived by every build.

The saved queries join it instead of property paths (tests/test_remote.py: Virtuoso answers
them as the local store does); a store built without it says to rebuild, never answers short.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.derived import derive, drop_derived
from alliance_kg.errors import QueryRuntimeError
from alliance_kg.hierarchy import derive_hierarchy
from alliance_kg.namespaces import AK, AKDERIVED, HIERARCHY_GRAPH, ONTOLOGY_GRAPH
from alliance_kg.project import Project
from alliance_kg.query import find_saved, run_saved
from alliance_kg.store import open_store

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
STATEMENT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")
ID = "https://w3id.org/alliance-kg/id/"
DOC = ox.NamedNode("https://w3id.org/alliance-kg/graph/doc/d")


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(ID + name)


def ak(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(AK[name]))


def table(store: ox.Store, term: str) -> set[tuple[str, str]]:
    graph = ox.NamedNode(str(HIERARCHY_GRAPH))
    pred = ox.NamedNode(str(AKDERIVED[term]))
    short = lambda t: t.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # noqa: E731
    quads = store.quads_for_pattern(None, pred, None, graph)
    return {(short(q.subject), short(q.object)) for q in quads}


@pytest.fixture
def small() -> ox.Store:
    """Treaty ⊂ Agreement ⊂ Thing; a chain of tranches t2 ⊂ t1 ⊂ t0; one reified statement."""
    store = ox.Store()
    onto = ox.NamedNode(str(ONTOLOGY_GRAPH))
    store.extend([
        ox.Quad(ak("Treaty"), SUBCLASS, ak("Agreement"), onto),
        ox.Quad(ak("Agreement"), SUBCLASS, ak("Thing"), onto),
        ox.Quad(n("pact"), RDF_TYPE, ak("Treaty"), DOC),
        ox.Quad(n("t0"), RDF_TYPE, ak("Investment"), DOC),
        ox.Quad(n("t1"), ak("componentOf"), n("t0"), DOC),
        ox.Quad(n("t2"), ak("componentOf"), n("t1"), DOC),
        ox.Quad(n("st"), RDF_TYPE, STATEMENT, DOC),
    ])  # fmt: skip
    return store


def test_both_closures_zero_or_more_and_one_or_more_steps(small: ox.Store) -> None:
    assert derive_hierarchy(small) > 0
    within, below = table(small, "within"), table(small, "below")
    assert {(s, o) for s, o in below if s in ("Treaty", "Agreement")} == {
        ("Treaty", "Agreement"), ("Treaty", "Thing"), ("Agreement", "Thing")
    }  # fmt: skip
    assert {("t2", "t1"), ("t2", "t0"), ("t1", "t0")} <= below
    assert not {(s, o) for s, o in below if s == o}  # no cycle here, so never itself
    assert within == below | {(x, x) for x in ("Treaty", "Agreement", "Thing", "Investment",
                                                "Statement", "pact", "t0", "t1", "t2")}  # fmt: skip
    assert not {pair for pair in within if "st" in pair}  # a reified statement is no entity


def test_it_is_rewritten_whole_and_dropped_before_validation(small: ox.Store) -> None:
    derive(small)
    graph = ox.NamedNode(str(HIERARCHY_GRAPH))
    before = len(list(small.quads_for_pattern(None, None, None, graph)))
    small.remove(ox.Quad(n("t2"), ak("componentOf"), n("t1"), DOC))
    derive(small)
    assert ("t2", "t0") not in table(small, "below")
    assert len(list(small.quads_for_pattern(None, None, None, graph))) < before
    drop_derived(small)
    assert not small.contains_named_graph(graph)


def test_a_store_built_without_it_says_to_rebuild(example: Project, tmp_path: Path) -> None:
    """A store an older version built (no hierarchy table): queries that read it stop with what
    to do, in-process and in the child process; queries that do not still run."""
    folder = tmp_path / "store"
    with open_store(example.store) as source:
        quads = [q for q in source if q.graph_name != ox.NamedNode(str(HIERARCHY_GRAPH))]
    old = ox.Store(str(folder))
    old.bulk_extend(quads)
    old.flush()
    agreements = find_saved(example.queries, "agreements")
    with pytest.raises(QueryRuntimeError, match=r"agreements\.rq.*`alliance-kg build --force`"):
        run_saved(old, agreements)
    assert run_saved(old, find_saved(example.queries, "commitments")).rows
    del old
    with pytest.raises(QueryRuntimeError, match=r"derived tables.*build --force"):
        run_saved(folder, agreements)
