"""One definition of "the nation of X": the projection (`nations_of`) and the saved query
``nations`` agree, on the example and on hand-made additions that exercise every rule."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from alliance_kg.analyse import ProjectionOptions, project
from alliance_kg.analyse.projection import nations_of
from alliance_kg.derived import derive
from alliance_kg.query import find_saved, run_saved

from .conftest import Example

AK = "https://w3id.org/alliance-kg/ontology#"
ID = "https://w3id.org/alliance-kg/id/"


def test_leaders_belong_to_the_nation_they_lead(example: Example) -> None:
    g = example.graph
    assert g.nodes[example.iri("Trump")]["nation"] == "United States"
    assert g.nodes[example.iri("Takaichi")]["nation"] == "Japan"
    japan = project(example.store, ProjectionOptions(nations=frozenset({"Japan"})))
    assert example.iri("Takaichi") in japan and example.iri("Trump") not in japan


def test_what_a_thing_belongs_to_comes_before_where_it_lies(example: Example) -> None:
    typhon = example.graph.nodes[example.iri("Typhon missile system")]
    assert typhon["nations"] == ["United States"]  # country US; located in Japan
    assert example.graph.nodes[example.iri("Tennessee")]["nations"] == ["United States"]
    assert example.graph.nodes[example.iri("NVIDIA")]["nations"] == []  # the text gives none


def test_rules_on_a_hand_made_graph() -> None:
    triples = [
        ("lab", "partOf", "ministry"), ("ministry", "country", "jp"),  # a unit of a body
        ("minister", "leaderOf", "ministry"),  # the leader of a body
        ("jv", "country", "us"), ("jv", "country", "jp"),  # a joint venture
        ("base", "country", "us"), ("base", "locatedIn", "okinawa"),
        ("okinawa", "locatedIn", "jp"),  # lies in, two steps
        ("muds", "locatedIn", "island"), ("island", "country", "jp"),  # lies in what belongs
        ("talks", "locatedIn", "geneva"),  # in no known nation
    ]  # fmt: skip
    got = nations_of(triples, {"us", "jp"})
    assert got["lab"] == got["minister"] == got["okinawa"] == got["muds"] == {"jp"}
    assert got["jv"] == {"us", "jp"}
    assert got["base"] == {"us"}
    assert "talks" not in got and got["jp"] == {"jp"}


def _query_nations(example: Example, store: ox.Store) -> dict[str, set[str]]:
    rows = run_saved(store, find_saved(example.project.queries, "nations")).rows
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["entity"], set()).add(r["nation"])
    return out


def _projection_nations(store: ox.Store) -> dict[str, set[str]]:
    return {
        n: set(d["nation_iris"]) for n, d in project(store).nodes(data=True) if d["nation_iris"]
    }


@pytest.mark.parametrize("extra", [False, True], ids=["example", "example+handmade"])
def test_the_saved_query_nations_agrees_with_the_projection(example: Example, extra: bool) -> None:
    store = ox.Store()
    store.extend(example.store.quads_for_pattern(None, None, None, None))
    if extra:
        g = ox.NamedNode(ID + "handmade")
        ak, label = (
            (lambda n: ox.NamedNode(AK + n)),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        )
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        for name, cls in [("hm-lab", "NationalLaboratory"), ("hm-minister", "Person"),
                          ("hm-jv", "Company"), ("hm-base", "Facility"),
                          ("hm-okinawa", "Island")]:  # fmt: skip
            node = ox.NamedNode(ID + name)
            store.add(ox.Quad(node, rdf_type, ak(cls), g))
            store.add(ox.Quad(node, label, ox.Literal(name), g))
        for s, p, o in [
            ("hm-lab", "partOf", "ministry-of-education-culture-sports-science-and-technology"),
            ("hm-minister", "leaderOf", "hm-lab"),
            ("hm-jv", "country", "united-states"), ("hm-jv", "country", "japan"),
            ("hm-base", "country", "united-states"), ("hm-base", "locatedIn", "hm-okinawa"),
            ("hm-okinawa", "locatedIn", "japan"),
        ]:  # fmt: skip
            store.add(ox.Quad(ox.NamedNode(ID + s), ak(p), ox.NamedNode(ID + o), g))
    derive(store)  # what the build does after writing the graphs
    by_query, by_projection = _query_nations(example, store), _projection_nations(store)
    assert by_query == by_projection
    if extra:
        japan, us = ID + "japan", ID + "united-states"
        assert by_query[ID + "hm-minister"] == {japan}
        assert by_query[ID + "hm-jv"] == {japan, us}
        assert by_query[ID + "hm-base"] == {us} and by_query[ID + "hm-okinawa"] == {japan}


def test_a_nation_filter_keeps_the_nary_facts_its_parties_take_part_in(example: Example) -> None:
    whole = example.graph
    japan = project(example.store, ProjectionOptions(nations=frozenset({"Japan"})))
    own = {n for n, d in whole.nodes(data=True) if "Japan" in d["nations"]}
    touching = {
        other
        for s, o, d in whole.edges(data=True)
        if not d["about"]
        for node, other in ((s, o), (o, s))
        if node in own and not whole.nodes[other]["nation_iris"] and not whole.nodes[other]["party"]
    }
    assert set(japan) == own | touching
    nvidia = example.iri("NVIDIA")  # a party the text gives no nation: of no nation, left out
    assert nvidia not in japan and any(whole.has_edge(nvidia, n) or whole.has_edge(n, nvidia)
                                       for n in own)  # fmt: skip
    cores = {japan.nodes[n]["core"] for n in touching}
    assert {"Agreement", "Investment", "Commitment"} <= cores, cores
    for n in touching:  # each kept for a tie to a Japanese party, which is kept too
        ties = [o for _, o, d in japan.out_edges(n, data=True) if not d["about"]]
        ties += [s for s, _, d in japan.in_edges(n, data=True) if not d["about"]]
        assert any(t in own for t in ties), japan.nodes[n]["label"]
    # nationless things linked to Japan only as a subject matter stay out
    about_only = {
        other
        for s, o, d in whole.edges(data=True)
        if d["about"] and o in own and not whole.nodes[s]["nation_iris"]
        for other in [s]
    } - touching
    assert not about_only & set(japan)


def test_the_page_uses_the_same_nation_rule(example: Example) -> None:
    from alliance_kg.visualise import ViewSpec, build_view

    opts = ProjectionOptions(nations=frozenset({"Japan"}))
    view = build_view(example.store, ViewSpec(projection=opts))
    assert set(view.graph) == set(project(example.store, opts))
    assert any(d["core"] == "Agreement" for _, d in view.graph.nodes(data=True))
