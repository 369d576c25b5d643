"""Centrality, brokers, articulation points, communities and ego networks."""

from __future__ import annotations

import networkx as nx
import pytest

from alliance_kg.analyse import ProjectionOptions, project
from alliance_kg.analyse.brokers import articulation_points, brokers
from alliance_kg.analyse.centrality import betweenness, centrality, pagerank
from alliance_kg.analyse.communities import communities, leiden_available
from alliance_kg.analyse.ego import ego, ego_rows

from .conftest import Example
from .handmade import VOCAB, add, relate, two_camps

DENUCLEARISATION = "U.S.-Japan commitment to the complete denuclearization of North Korea"


def test_top_brokers_of_the_example_include_mext_or_riken(example: Example) -> None:
    top = [b.label for b in brokers(example.graph, top=5)]
    assert {"Ministry of Education, Culture, Sports, Science and Technology", "RIKEN"} & set(top)
    mext = next(b for b in brokers(example.graph, top=None) if b.label.startswith("Ministry of"))
    assert mext.nations == ["Japan", "United States"] and mext.role == "representative"
    assert not [b for b in brokers(example.graph, top=None) if b.cls == "Nation"]


def test_handmade_bridge_is_the_only_broker_and_the_articulation_point() -> None:
    g = two_camps()
    (b,) = brokers(g)
    assert (b.label, b.nations, b.brokered_pairs, b.role) == ("B", ["Japan", "United States"], 1,
                                                              "liaison")  # fmt: skip
    points = {a.label: a for a in articulation_points(g)}
    assert set(points) == {"B", "US1", "JP1"}
    assert (points["B"].parts, points["B"].cut_off) == ([4, 4], 4)
    assert points["US1"].parts == [5, 3]


def test_articulation_points_of_the_example_cut_off_what_hangs_on_them(example: Example) -> None:
    top = articulation_points(example.graph, top=None)
    assert top[0].label == "Japan"
    expected = {frozenset(nx.articulation_points(nx.Graph(example.graph.to_undirected())))}
    assert {frozenset(example.iri(a.label) for a in top)} == expected


def test_centrality_ranks_the_bridge_first_and_groups_by_class() -> None:
    g = two_camps()
    (first, *_) = centrality(g, top=3)
    assert first.label == "B" and first.betweenness > 0.5
    by_class = centrality(g, top=1, by_class=True)
    assert [(c.core, c.label) for c in by_class] == [("Agency", "JP1"), ("Program", "B")]


def test_centrality_of_the_example_puts_the_nations_on_top_by_pagerank(example: Example) -> None:
    top = centrality(example.graph, top=2, sort="pagerank")
    assert {c.label for c in top} == {"Japan", "United States"}


def test_sampled_betweenness_is_seeded_and_close_to_exact() -> None:
    g = nx.barabasi_albert_graph(300, 2, seed=1)
    exact = betweenness(g)
    sampled = betweenness(g, exact_max_nodes=100, k=150, seed=7)
    assert sampled == betweenness(g, exact_max_nodes=100, k=150, seed=7)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:5]
    assert set(top_exact[:3]) <= set(sorted(sampled, key=sampled.get, reverse=True)[:10])


def test_pagerank_matches_the_definition_on_a_cycle() -> None:
    assert {round(v, 6) for v in pagerank(nx.cycle_graph(4)).values()} == {0.25}


def test_two_communities_found_by_both_backends() -> None:
    g = two_camps()
    expected = [{"US1", "US2", "US3", "US4"}, {"JP1", "JP2", "JP3", "JP4"}]
    for method in ["louvain", *(["leiden"] if leiden_available() else [])]:
        result = communities(g, method=method, seed=3)
        groups = [set(c.labels) - {"B"} for c in result.communities]
        assert sorted(groups, key=sorted) == sorted(expected, key=sorted), method
        assert result.modularity > 0.3


def test_auto_method_switches_to_leiden_above_the_size() -> None:
    g = two_camps()
    assert communities(g).method == "louvain"
    big = communities(g, leiden_above=5).method
    assert big == ("leiden" if leiden_available() else "louvain")


def test_example_communities_keep_the_science_chain_together(example: Example) -> None:
    result = communities(example.graph)
    home = result.membership()
    chain = ["DOE", "MEXT", "RIKEN", "Fujitsu", "Argonne"]
    assert len({home[example.iri(n)] for n in chain}) == 1
    assert result == communities(example.graph)  # seeded: the same every run


def test_ego_network_of_riken(example: Example) -> None:
    sub = ego(example.graph, example.iri("RIKEN"), 1)
    assert {d["label"] for _, d in sub.nodes(data=True)} == {
        "RIKEN", "Fujitsu", "NVIDIA", "Argonne National Laboratory", "Japan",
        "Ministry of Education, Culture, Sports, Science and Technology",
        "DOE-MEXT Statement of Intent on AI, HPC and quantum",
    }  # fmt: skip
    assert sub.graph["center"] == example.iri("RIKEN")
    # the subgraph keeps the projection's attributes, evidence included
    edge = sub.get_edge_data(example.iri("RIKEN"), example.iri("NVIDIA"))["collaboratesWith"]
    assert edge["evidence"][0]["sentence"].startswith("Further collaboration")
    two = ego(example.graph, example.iri("RIKEN"), 2)
    assert example.iri("DOE") in two and two.nodes[example.iri("DOE")]["distance"] == 2
    assert ego_rows(sub)[0]["label"] == "RIKEN"


def test_broker_pair_count_equals_brute_force_on_a_random_graph() -> None:
    import random
    from itertools import combinations

    rnd = random.Random(5)
    g = nx.gnm_random_graph(60, 200, seed=5)
    for v in g:
        g.nodes[v].update(label=str(v), core=rnd.choice(["Agency", "Program", "Company"]),
                          nation=rnd.choice(["A", "B", "C", None]))  # fmt: skip
        g.nodes[v]["party"] = VOCAB.is_party(g.nodes[v]["core"])  # as the projection sets it

    def party(w):
        return g.nodes[w]["nation"] if g.nodes[w]["core"] != "Program" else None

    expected = {}
    for v in g:
        cross = [(a, b) for a, b in combinations(g[v], 2) if party(a) and party(b)]
        n = sum(1 for a, b in cross if party(a) != party(b) and not g.has_edge(a, b))
        if n:
            expected[str(v)] = n
    assert {b.iri: b.brokered_pairs for b in brokers(g, top=None)} == expected


@pytest.mark.parametrize("nary", ["nodes", "edges"])
def test_a_commitment_about_north_korea_brokers_nothing_with_it(example: Example, nary) -> None:
    """Committed by the United States and Japan, it *concerns* North Korea: not a tie to it."""
    g = example.graph if nary == "nodes" else project(example.store, ProjectionOptions(nary=nary))
    found = brokers(g, top=None, include_nations=True)
    assert DENUCLEARISATION not in {b.label for b in found}
    assert not [b for b in found if "North Korea" in b.nations]
    assert not [b for b in found if "North Korea" in "; ".join(b.examples)]


def test_the_summit_brokers_between_the_two_leaders(example: Example) -> None:
    """Trump and Takaichi are parties of their nations (leaderOf), linked only by the summit."""
    summit = next(b for b in brokers(example.graph, top=None) if b.cls == "Summit")
    assert summit.nations == ["Japan", "United States"]
    assert summit.examples == ["Donald J. Trump – Sanae Takaichi"]


def _pledge(about: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    add(g, "US1", "Agency", "United States")
    add(g, "JP1", "Agency", "Japan")
    add(g, "KP", "Nation", "North Korea")
    add(g, "pledge", "Commitment")
    relate(g, "pledge", "committedBy", "US1")
    relate(g, "pledge", "committedBy", "JP1")
    relate(g, "pledge", "concerns", "KP")
    for *_, d in g.edges(data=True):
        d["about"] = about and d["property"] == "concerns"
    return g


def test_handmade_pledge_brokers_its_parties_not_its_subject() -> None:
    (b,) = brokers(_pledge(about=True))
    assert (b.label, b.nations, b.brokered_pairs, b.examples) == (
        "pledge", ["Japan", "United States"], 1, ["JP1 – US1"]
    )  # fmt: skip
    # the same links read as ties would make it a broker with North Korea: the flag decides
    (tie,) = brokers(_pledge(about=False))
    assert tie.nations == ["Japan", "North Korea", "United States"] and tie.brokered_pairs == 3


def test_the_projection_marks_subject_matter_edges(example: Example) -> None:
    g = example.graph
    pledge, kp = example.iri(DENUCLEARISATION), example.iri("North Korea")
    assert g.get_edge_data(pledge, kp)["concerns"]["about"] is True
    assert g.get_edge_data(pledge, example.iri("Japan"))["committedBy"]["about"] is False
    sectors = [d for *_, d in g.edges(data=True) if d["property"] == "sector"]
    assert sectors and all(d["about"] for d in sectors)  # a sub-property of concerns


def _fixtures() -> list[nx.Graph]:
    """Small graphs with hubs, ties, several components, an isolated node and weights."""
    from alliance_kg.analyse.base import undirected

    ba = nx.barabasi_albert_graph(200, 2, seed=3)
    ba.add_node("alone")
    parts = nx.disjoint_union(nx.karate_club_graph(), nx.les_miserables_graph())
    weighted = undirected(two_camps())
    return [ba, nx.convert_node_labels_to_integers(parts), weighted, nx.path_graph(3)]


@pytest.mark.parametrize("index", range(4))
def test_igraph_betweenness_equals_networkx_exact_and_sampled(index: int) -> None:
    g = _fixtures()[index]
    exact = nx.betweenness_centrality(g, normalized=True)
    ours = betweenness(g, exact_max_nodes=10**6)
    assert ours.keys() == exact.keys()
    assert max(abs(ours[v] - exact[v]) for v in g) < 1e-9
    if len(g) > 20:
        k = len(g) // 4
        sampled = nx.betweenness_centrality(g, k=k, normalized=True, seed=11)
        ours = betweenness(g, exact_max_nodes=10, k=k, seed=11)
        assert max(abs(ours[v] - sampled[v]) for v in g) < 1e-9
        slow = betweenness(g, exact_max_nodes=10, k=k, seed=11, backend="networkx")
        assert max(abs(ours[v] - slow[v]) for v in g) < 1e-9


@pytest.mark.parametrize("index", range(4))
def test_igraph_pagerank_equals_the_power_iteration(index: int) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    g = _fixtures()[index]
    ours = pagerank(g)
    reference = _pagerank_python(g, alpha=0.85, tol=1e-13, max_iter=10_000, weight="weight")
    assert max(abs(ours[v] - reference[v]) for v in g) < 1e-9
    iterated = pagerank(g, tol=1e-13, max_iter=10_000, backend="networkx")
    assert max(abs(ours[v] - iterated[v]) for v in g) < 1e-9


def test_centrality_is_the_same_through_either_backend(example: Example) -> None:
    fast = centrality(example.graph, top=50, exact_max_nodes=10)
    slow = centrality(example.graph, top=50, exact_max_nodes=10, backend="networkx")
    assert [c.iri for c in fast] == [c.iri for c in slow]
    for a, b in zip(fast, slow, strict=True):
        assert abs(a.betweenness - b.betweenness) < 1e-9
        assert abs(a.pagerank - b.pagerank) < 1e-6  # the power iteration stops at tol=1e-8
