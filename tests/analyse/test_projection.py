"""The store → NetworkX projection on the example: attributes, n-ary modes, filters, inference."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from alliance_kg.analyse import ProjectionOptions, project
from alliance_kg.analyse.projection import ProjectionOptionError
from alliance_kg.namespaces import AK, INFERRED_GRAPH

from .conftest import Example


def test_nodes_carry_label_class_nation_and_aliases(example: Example) -> None:
    mext = example.graph.nodes[example.iri("MEXT")]
    assert mext["label"] == "Ministry of Education, Culture, Sports, Science and Technology"
    assert (mext["cls"], mext["core"], mext["nation"]) == ("Ministry", "Agency", "Japan")
    assert "MEXT" in mext["aliases"]
    assert example.graph.nodes[example.iri("Japan")]["nation"] == "Japan"


def test_investment_nodes_carry_amount_qualifier_and_aggregate(example: Example) -> None:
    second = example.graph.nodes[example.iri(
        "Second tranche of Japanese investment in the United States under the U.S.-Japan "
        "Strategic Trade and Investment Agreement"
    )]  # fmt: skip
    assert (second["amount_usd"], second["qualifier"], second["aggregate"]) == (
        73_000_000_000.0,
        "up to",
        True,
    )
    assert (second["amount"], second["currency"]) == (Decimal(73_000_000_000), "USD")


def test_edges_carry_property_and_evidence_sentence(example: Example) -> None:
    data = example.graph.get_edge_data(example.iri("DOE"), example.iri("MEXT"))["collaboratesWith"]
    assert data["property"] == "collaboratesWith" and not data["inferred"]
    assert data["evidence"][0]["sentence"].startswith("The U.S. Department of Energy and Japan")
    hedged = example.graph.get_edge_data(example.iri("MEXT"), example.iri("RIKEN"))
    assert hedged["collaboratesWith"]["hedged"] is True
    assert data["evidence"][0]["note"] is None  # no note: the sentence says it all
    (noted,) = hedged["collaboratesWith"]["evidence"]  # the annotator's reading, as `why` says
    assert noted["note"].startswith("the DOE–MEXT collaboration continues through them")


def test_collapsing_does_not_depend_on_the_node_order(example: Example) -> None:
    # a tranche's componentOf edge to its total is part of its evidence: removing the n-ary
    # nodes one by one lost it whenever the total came first in the store's index order
    import networkx as nx

    from alliance_kg.analyse.projection import _collapse

    g = project(example.store)
    assert any(k == "componentOf" for _, _, k in g.edges(keys=True))
    backwards = nx.MultiDiGraph()
    backwards.add_nodes_from(reversed(list(g.nodes(data=True))))
    backwards.add_edges_from(g.edges(keys=True, data=True))
    forwards = g.copy()
    _collapse(forwards)
    _collapse(backwards)

    def evidence(graph: nx.MultiDiGraph) -> dict:
        return {(s, o, k): sorted(ev["sentence"] for ev in d["evidence"])
                for s, o, k, d in graph.edges(keys=True, data=True)}  # fmt: skip

    assert evidence(forwards) == evidence(backwards)


def test_nary_edges_collapses_investments_into_invests_in(example: Example) -> None:
    g = project(example.store, ProjectionOptions(nary="edges"))
    assert not [n for n, d in g.nodes(data=True) if d["core"] == "Investment"]
    edges = g.get_edge_data(example.iri("GE Vernova Hitachi"), example.iri("Tennessee"))
    (data,) = edges.values()
    assert (data["property"], data["amount"], data["currency"]) == (
        "investsIn", Decimal(40_000_000_000), "USD"
    )  # fmt: skip
    doe, mext = example.iri("DOE"), example.iri("MEXT")
    between = [
        *g.get_edge_data(doe, mext, default={}).values(),
        *g.get_edge_data(mext, doe, default={}).values(),
    ]
    cosigned = [d for d in between if d["property"] == "cosigned"]
    assert [d["via_label"] for d in cosigned] == [
        "DOE-MEXT Statement of Intent on AI, HPC and quantum"
    ]


def test_class_nation_and_property_filters(example: Example) -> None:
    orgs = project(example.store, ProjectionOptions(include_classes=frozenset({"Organisation"})))
    assert {d["core"] for _, d in orgs.nodes(data=True)} == {
        "Agency", "Company", "ResearchInstitute"
    }  # fmt: skip
    japan = project(example.store, ProjectionOptions(nations=frozenset({"Japan"})))
    # Japan's entities, and the nationless facts they take part in (test_nations.py)
    assert {d["nation"] for _, d in japan.nodes(data=True)} == {"Japan", None}
    assert all(d["core"] != "Nation" or d["nation"] == "Japan" for _, d in japan.nodes(data=True))
    collab = project(
        example.store, ProjectionOptions(include_properties=frozenset({"collaboratesWith"}))
    )
    assert {d["property"] for *_, d in collab.edges(data=True)} == {"collaboratesWith"}
    no_topics = project(example.store, ProjectionOptions(exclude_classes=frozenset({"Topic"})))
    assert example.iri("critical minerals") not in no_topics


def test_unknown_class_or_property_is_an_input_error_with_a_suggestion(example: Example) -> None:
    with pytest.raises(ProjectionOptionError, match="did you mean Agency"):
        project(example.store, ProjectionOptions(include_classes=frozenset({"Agencyy"})))
    with pytest.raises(ProjectionOptionError, match="did you mean collaboratesWith"):
        project(example.store, ProjectionOptions(exclude_properties=frozenset({"colaboratesWith"})))


def test_a_nation_the_graph_does_not_have_is_an_input_error_not_an_empty_graph(
    example: Example,
) -> None:
    with pytest.raises(ProjectionOptionError, match="did you mean Japan"):
        project(example.store, ProjectionOptions(nations=frozenset({"Japn"})))
    by_iri = project(example.store, ProjectionOptions(nations=frozenset({example.iri("Japan")})))
    by_label = project(example.store, ProjectionOptions(nations=frozenset({"japan"})))
    assert set(by_iri) == set(by_label) and by_iri.number_of_nodes() > 0


def test_inferred_edges_only_with_the_option_and_flagged(example: Example) -> None:
    store = ox.Store()
    store.extend(example.store.quads_for_pattern(None, None, None, None))
    japan, tennessee = example.iri("Japan"), example.iri("Tennessee")
    store.add(
        ox.Quad(ox.NamedNode(japan), ox.NamedNode(str(AK.investsIn)), ox.NamedNode(tennessee),
                ox.NamedNode(str(INFERRED_GRAPH)))
    )  # fmt: skip
    assert not project(store).has_edge(japan, tennessee)
    data = project(store, ProjectionOptions(inferred=True)).get_edge_data(japan, tennessee)
    assert data["investsIn"]["inferred"] is True and data["investsIn"]["evidence"] == []


def test_places_get_the_nation_they_are_located_in(example):
    nodes = example.graph.nodes
    assert nodes[example.iri("Tennessee")]["nation"] == "United States"
    assert nodes[example.iri("Minamitorishima Island")]["nation"] == "Japan"  # via ak:country
    assert nodes[example.iri("Taiwan Strait")]["nation"] is None  # the text places it nowhere


def test_without_evidence_the_same_graph_with_empty_evidence(example: Example) -> None:
    lean = project(example.store, ProjectionOptions(evidence=False))
    full = example.graph
    assert dict(lean.nodes(data=True)) == dict(full.nodes(data=True))
    assert set(lean.edges(keys=True)) == set(full.edges(keys=True))
    assert all(d["evidence"] == [] and not d["hedged"] for *_, d in lean.edges(data=True))
    assert any(d["evidence"] for *_, d in full.edges(data=True))
