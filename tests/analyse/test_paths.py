"""Paths: the DOE → NVIDIA chain of the example, and a hand-made path with evidence."""

from __future__ import annotations

import networkx as nx
import pytest

from alliance_kg.analyse.base import AnalysisError
from alliance_kg.analyse.paths import find_paths, names_in, path_rows, path_through

from .conftest import Example
from .handmade import two_camps

FURTHER = (
    "Further collaboration will occur through the U.S. Argonne National Laboratory, Japan’s RIKEN"
    " and Fujitsu, and NVIDIA, to accelerate computing solutions."
)


def labels(result) -> list[list[str]]:
    return [p.labels for p in result.paths]


def test_doe_to_nvidia_shows_mext_riken_and_the_argonne_and_fujitsu_routes(
    example: Example,
) -> None:
    result = find_paths(example.graph, example.iri("DOE"), example.iri("NVIDIA"))
    doe, mext = (
        "U.S. Department of Energy",
        ("Ministry of Education, Culture, Sports, Science and Technology"),
    )
    routes = labels(result)
    assert result.shortest_length == 2
    assert routes[0] == [doe, "Argonne National Laboratory", "NVIDIA"]
    assert [doe, mext, "RIKEN", "NVIDIA"] in routes
    assert [doe, mext, "Fujitsu", "NVIDIA"] in routes
    # the route through the United States (a hub) ranks after every route through bodies
    assert all("United States" not in r for r in routes[:6])


def test_each_hop_has_property_direction_and_evidence_sentence(example: Example) -> None:
    result = find_paths(example.graph, example.iri("DOE"), example.iri("NVIDIA"))
    chain = next(p for p in result.paths if p.labels[2:3] == ["RIKEN"] and len(p.hops) == 3)
    first, second, third = chain.hops
    assert (first.property, first.direction, first.hedged) == ("collaboratesWith", "->", False)
    assert first.sentence.startswith(
        "The U.S. Department of Energy and Japan’s Ministry of Education, Culture, Sports, "
        "Science and Technology signed a Statement of Intent"
    )
    assert (second.property, second.hedged, second.sentence) == ("collaboratesWith", True, FURTHER)
    assert (third.source_label, third.target_label, third.sentence) == ("RIKEN", "NVIDIA", FURTHER)
    signed = next(p for p in result.paths if len(p.hops) == 2 and p.hops[0].property == "signedBy")
    assert signed.hops[0].direction == "<-"  # the Statement of Intent is signedBy DOE


def test_all_paths_lists_every_simple_path_up_to_max_length(example: Example) -> None:
    doe, nvidia = example.iri("DOE"), example.iri("NVIDIA")
    three = find_paths(example.graph, doe, nvidia, max_length=3, all_paths=True, limit=None)
    four = find_paths(example.graph, doe, nvidia, max_length=4, all_paths=True, limit=None)
    assert max(p.length for p in three.paths) == 3
    assert three.total < four.total and not four.truncated
    assert [p.length for p in four.paths] == sorted(p.length for p in four.paths)
    rows = path_rows(three)
    assert rows[0]["path"] == 1 and rows[0]["from"] == "U.S. Department of Energy"


def test_handmade_path_crosses_the_bridge_with_its_evidence() -> None:
    result = find_paths(two_camps(), "US3", "JP4")
    (best, *_) = result.paths
    assert best.labels == ["US3", "US1", "B", "JP1", "JP4"]
    assert best.text() == (
        "US3 <-[collaboratesWith]- US1 -[participatesIn]-> B <-[participatesIn]- JP1 "
        "-[collaboratesWith]-> JP4"
    )
    assert [h.sentence for h in best.hops] == [
        "US1 works with US3.", "US1 joins B.", "JP1 joins B.", "JP1 works with JP4."
    ]  # fmt: skip


def test_too_short_a_max_length_finds_nothing_and_says_how_far() -> None:
    result = find_paths(two_camps(), "US3", "JP4", max_length=3)
    assert (result.paths, result.shortest_length) == ([], 4)


def test_unknown_node_is_an_analysis_error() -> None:
    with pytest.raises(AnalysisError, match="not in the projected graph"):
        find_paths(two_camps(), "US1", "nowhere")


def test_a_hop_carries_its_document_offsets_and_note(example: Example) -> None:
    result = find_paths(example.graph, example.iri("DOE"), example.iri("NVIDIA"))
    hop = result.paths[0].hops[0]  # DOE -[collaboratesWith]-> Argonne
    assert hop.document == "us-japan-alliance-summit"
    assert hop.quote is not None and hop.start is not None and hop.end is not None
    assert hop.end - hop.start == len(hop.quote)
    assert hop.note and "DOE–MEXT" in hop.note  # the annotator's reading, as `why` prints it
    # the quote names Argonne, not the Department of Energy: the hop says so
    assert hop.unnamed == ["U.S. Department of Energy"]
    assert result.paths[0].hops[1].unnamed == []  # names Argonne and NVIDIA


def test_names_in_matches_whole_words_by_label_or_alias() -> None:
    g = nx.MultiDiGraph()
    g.add_node("d", label="U.S. Department of Energy", aliases=["DOE"])
    g.add_node("j", label="Japan", aliases=[])
    ev = {"sentence": "DOE works with Japan’s RIKEN.", "quote": "DOE works with Japan’s RIKEN",
          "document": "doc", "start": 0, "end": 28}  # fmt: skip
    g.add_edge("d", "j", key="collaboratesWith", property="collaboratesWith", evidence=[ev])
    (hop,) = path_through(g, ["j", "d"]).hops
    assert hop.unnamed == [] and hop.direction == "<-" and (hop.start, hop.end) == (0, 28)
    assert names_in("the DOE-MEXT statement", ["DOE"])
    assert not names_in("DOES it", ["DOE"]) and not names_in("Japanese firms", ["Japan"])
    g.edges["d", "j", "collaboratesWith"]["evidence"] = [{**ev, "quote": "works with RIKEN"}]
    assert path_through(g, ["d", "j"]).hops[0].unnamed == ["U.S. Department of Energy", "Japan"]
    with pytest.raises(AnalysisError, match="not linked"):
        g.add_node("x", label="X")
        path_through(g, ["d", "x"])
