"""`alliance-kg duplicates`: near-duplicate entities across documents, listed for review.

tests/fixtures/dups plants three: "Japan Aerospace Exploration Agency" (a-space) and "Japan
Aerospace Exploration Agency (JAXA)" (b-launch), NASA and "National Aeronautics and Space
Administration" (an acronym), "Mitsubishi Heavy Industries" and "Mitsubishi Heavy Industries,
Ltd."; and one the nation rules out: the United Kingdom's "Ministry of Defence" and Japan's
"Ministry of Defense".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDFS, SKOS

from alliance_kg.build import build
from alliance_kg.duplicates import find_duplicates, normalise
from alliance_kg.project import Project

from .conftest import FIXTURES, make_project

AK = Namespace("https://w3id.org/alliance-kg/ontology#")
AKID = Namespace("https://w3id.org/alliance-kg/id/")
DUPS = FIXTURES / "dups"
PLANTED = {
    ("Japan Aerospace Exploration Agency", "Japan Aerospace Exploration Agency (JAXA)"),
    ("NASA", "National Aeronautics and Space Administration"),
    ("Mitsubishi Heavy Industries", "Mitsubishi Heavy Industries, Ltd."),
}


def copy(tmp: Path) -> Project:
    return make_project(tmp / "proj", *sorted((DUPS / "graph" / "sources").iterdir()))


def pairs(rows: list[dict]) -> set[tuple[str, str]]:
    return {(r["a"], r["b"]) for r in rows}


def listed(cli: Callable, project: Path, *args: str) -> list[dict]:
    r = cli("duplicates", "--project", project, "-f", "json", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_the_planted_near_duplicates_are_listed(cli: Callable) -> None:
    rows = listed(cli, DUPS)  # the fixture itself: duplicates writes nothing, needs no store
    assert pairs(rows) == PLANTED
    jaxa = next(r for r in rows if r["b"].endswith("(JAXA)"))
    assert jaxa == {
        "score": 100,
        "a": "Japan Aerospace Exploration Agency",
        "a_class": "SpaceAgency",
        "a_where": "a-space.yaml:12",
        "b": "Japan Aerospace Exploration Agency (JAXA)",
        "b_class": "Agency",  # compatible: SpaceAgency is a kind of Agency
        "b_where": "b-launch.yaml:9",
        "nation": "Japan",
        "matched": "Japan Aerospace Exploration Agency ~ Japan Aerospace Exploration Agency (JAXA)",
        "a_iri": "akid:japan-aerospace-exploration-agency",
        "b_iri": "akid:japan-aerospace-exploration-agency-jaxa",
        "hint": "- {same: [akid:japan-aerospace-exploration-agency, "
        "akid:japan-aerospace-exploration-agency-jaxa], by: YOUR NAME, date: YYYY-MM-DD}",
    }
    nasa = next(r for r in rows if r["a"] == "NASA")
    assert nasa["matched"].endswith("(acronym)") and nasa["nation"] == "United States"


def test_the_table_shows_each_pair_and_a_hint(
    cli: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    r = cli("duplicates", "--project", DUPS)
    assert r.code == 0, r.err
    assert "SpaceAgency, a-space.yaml:13" in r.out and "Agency, b-launch.yaml:13" in r.out
    assert "3 candidate pair(s) (score ≥ 90)" in r.out
    hints = [line for line in r.out.splitlines() if line.startswith("- {same: [")]
    assert len(hints) == 3 and hints[1].endswith("  # 2")


def test_a_pair_of_two_nations_is_not_listed(tmp_path: Path, cli: Callable) -> None:
    project = copy(tmp_path)
    rows = listed(cli, project.root, "--threshold", "80")
    assert not any("Ministry" in r["a"] for r in rows)  # the UK's and Japan's
    # if both ministries were the United Kingdom's, they would be a candidate (Defence/Defense)
    b = project.sources / "b-launch.yaml"
    japan = "property: country, object: Japan, evidence: \"Japan's"
    b.write_text(b.read_text().replace(japan, japan.replace("Japan,", "United Kingdom,")))
    (mod,) = [r for r in listed(cli, project.root) if "Ministry" in r["a"]]
    assert (mod["a"], mod["b"], mod["nation"]) == (
        "Ministry of Defence", "Ministry of Defense", "United Kingdom",
    )  # fmt: skip
    assert 90 <= mod["score"] < 100
    assert not [r for r in listed(cli, project.root, "--threshold", "99") if "Ministry" in r["a"]]


def test_decided_pairs_are_not_listed_again(tmp_path: Path, cli: Callable) -> None:
    project = copy(tmp_path)
    project.identities.write_text(
        "- same: [akid:japan-aerospace-exploration-agency, JAXA]\n"
        "  by: A. Reviewer\n  date: 2025-11-03\n"
        "- different: [akid:mitsubishi-heavy-industries, akid:mitsubishi-heavy-industries-ltd]\n"
        "  by: A. Reviewer\n  date: 2025-11-03\n  note: a test of the listing, not a fact\n"
    )
    assert pairs(listed(cli, project.root)) == {
        ("NASA", "National Aeronautics and Space Administration")
    }


def test_the_hint_recorded_merges_the_pair_in_the_next_build(tmp_path: Path, cli: Callable) -> None:
    project = copy(tmp_path)
    (nasa,) = [r for r in listed(cli, project.root) if r["a"] == "NASA"]
    decision = nasa["hint"].replace("YOUR NAME", "A. Reviewer").replace("YYYY-MM-DD", "2025-11-03")
    project.identities.write_text(decision + "\n")
    build(project, reason=False)
    g = Graph().parse(project.export)
    assert not list(g.objects(AKID["national-aeronautics-and-space-administration"], None))
    assert Literal("National Aeronautics and Space Administration") in set(
        g.objects(AKID.nasa, SKOS.altLabel)
    )
    assert list(g.objects(AKID.nasa, RDFS.label)) == [Literal("NASA")]
    assert len(listed(cli, project.root)) == 2


def test_nothing_to_list_exits_zero(tmp_path: Path, cli: Callable) -> None:
    project = copy(tmp_path)
    r = cli("duplicates", "--project", project.root, "--threshold", "100")
    assert r.code == 0 and len(r.out.splitlines()) > 3  # the three 100s
    (project.sources / "b-launch.yaml").unlink()
    r = cli("duplicates", "--project", project.root)
    assert r.code == 0 and r.out == ""
    assert "no candidate pairs (score ≥ 90)" in r.err


def test_a_bad_identities_file_is_an_error_with_its_line(tmp_path: Path, cli: Callable) -> None:
    project = copy(tmp_path)
    project.identities.write_text("- same: [NASA, JAXA]\n  by: me\n")
    r = cli("duplicates", "--project", project.root)
    assert r.code == 2
    assert re.fullmatch(r"error: \S*identities\.yaml:1: date: expected .*\n", r.err)


def test_find_duplicates_from_python() -> None:
    found = find_duplicates(Project(DUPS), threshold=90)
    assert {(c.a.label, c.b.label) for c in found} == PLANTED
    assert all(c.score == 100 for c in found)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Mitsubishi Heavy Industries, Ltd.", "mitsubishi heavy industries"),
        ("The Boeing Company", "boeing"),
        ("U.S. Department of Energy", "us department of energy"),
        ("Japan’s RIKEN", "japans riken"),
        ("Limited", "limited"),
    ],
)
def test_names_are_compared_without_what_does_not_tell_them_apart(name: str, normal: str) -> None:
    assert normalise(name) == normal
