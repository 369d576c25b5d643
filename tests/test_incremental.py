"""Incremental builds: a build reuses the graphs of unchanged documents, and ends exactly where
a full build of the same inputs ends (same quads in every graph, same export bytes).

The project is tests/fixtures/multi (three documents sharing entities) plus documents written
here. Reasoning is off (HermiT's verdict is global and tested in test_reason.py); the inference
rules still run, so the inferred graph is compared too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.build import BuildReport, build
from alliance_kg.errors import AnnotationError, ValidationError
from alliance_kg.project import Project
from alliance_kg.store import open_store

from .conftest import FIXTURES, make_project

MULTI = sorted((FIXTURES / "multi").iterdir())

D_TEXT = """Lynas and DOE sign a supply pact

Lynas signed a supply pact with DOE. Kimberley Minerals Institute will test the ore.
"""
D_YAML = """document: {id: d-pact, path: d-pact.txt}
entities:
  - {label: Kimberley Minerals Institute, class: ResearchInstitute}
relations:
  - subject: Lynas
    property: collaboratesWith
    object: DOE
    evidence: Lynas signed a supply pact with DOE.
  - subject: Kimberley Minerals Institute
    property: collaboratesWith
    object: Lynas
    evidence: Kimberley Minerals Institute will test the ore.
"""


def _state(project: Project) -> tuple[set[str], bytes]:
    """Every quad of the live store (as N-Quads lines) and the export's bytes.

    The ontology graph's blank nodes get new labels at every parse: they are counted instead.
    """
    with open_store(project.store) as store:
        blank = [isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
                 for q in store]  # fmt: skip
        quads = {str(q) for q, b in zip(store, blank, strict=True) if not b}
        quads.add(f"{sum(blank)} quads with blank nodes")
    return quads, project.export.read_bytes()


def _full(project: Project, tmp: Path) -> tuple[set[str], bytes]:
    """The state a full build of a copy of `project`'s sources reaches."""
    other = make_project(tmp, *sorted(project.sources.iterdir()))
    if project.identities.exists():
        shutil.copy(project.identities, other.identities)
    build(other, reason=False, force=True)
    quads, export = _state(other)
    return {q.replace(str(other.sources), str(project.sources)) for q in quads}, export


def _add(project: Project, name: str, yaml_text: str, text: str) -> None:
    (project.sources / f"{name}.txt").write_text(text)
    (project.sources / f"{name}.yaml").write_text(yaml_text)


@pytest.fixture
def multi(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "proj", *MULTI)
    first = build(project, reason=False)
    assert (first.loaded, first.reused) == (3, 0)
    return project


def _rebuild(project: Project) -> BuildReport:
    report = build(project, reason=False)
    assert not report.up_to_date
    return report


def test_adding_a_document_loads_only_it_and_ends_like_a_full_build(multi: Project, tmp_path):
    _add(multi, "d-pact", D_YAML, D_TEXT)
    report = _rebuild(multi)
    assert (report.loaded, report.reused) == (1, 3)
    assert report.documents == ["a-minerals", "b-defence", "c-news", "d-pact"]
    assert _state(multi) == _full(multi, tmp_path / "full")
    again = build(multi, reason=False)
    assert again.up_to_date and (again.loaded, again.reused) == (1, 3)  # the saved report


def test_an_alias_added_in_one_document_reloads_the_documents_that_name_it(
    multi: Project, tmp_path: Path
):
    # c-news names Geoscience Australia without declaring it; a new alias of it in a-minerals
    # changes what the loader searches c-news's text for, so c-news is loaded again, b is kept
    a = multi.sources / "a-minerals.yaml"
    a.write_text(
        a.read_text().replace(
            "{label: Geoscience Australia, class: Agency}",
            "{label: Geoscience Australia, class: Agency, aliases: [GA]}",
        )
    )
    report = _rebuild(multi)
    assert (report.loaded, report.reused) == (2, 1)
    assert _state(multi) == _full(multi, tmp_path / "full")


def test_changing_a_text_reloads_its_document(multi: Project, tmp_path: Path):
    text = multi.sources / "b-defence.txt"
    text.write_text(text.read_text() + "\nA closing line.\n")
    report = _rebuild(multi)
    assert report.loaded >= 1 and report.reused >= 1
    assert _state(multi) == _full(multi, tmp_path / "full")


def test_removing_a_document_drops_its_graph(multi: Project, tmp_path: Path):
    _add(multi, "d-pact", D_YAML, D_TEXT)
    _rebuild(multi)
    (multi.sources / "d-pact.yaml").unlink()
    report = _rebuild(multi)
    assert report.documents == ["a-minerals", "b-defence", "c-news"]
    assert report.reused == 3
    quads, export = _state(multi)
    assert not any("d-pact" in q for q in quads)
    assert (quads, export) == _full(multi, tmp_path / "full")


def test_a_conflict_with_a_kept_document_is_found_and_nothing_changes(multi: Project):
    # two documents give one investment (joined by its label) two different amounts: only the
    # whole description of the node, pulled from the kept document, shows the violation
    fund = "{label: Critical Minerals Fund, investor: [United States], amount: %s, evidence: %s}"
    text = "Critical minerals money\n\nThe United States will put %s into the fund.\n"
    _add(
        multi,
        "e-fund",
        "document: {id: e-fund, path: e-fund.txt}\ninvestments:\n  - "
        + fund % ("$1 billion", "The United States will put $1 billion into the fund.")
        + "\n",
        text % "$1 billion",
    )
    assert _rebuild(multi).loaded == 1
    before = _state(multi)
    live = multi.store.resolve()
    _add(
        multi,
        "f-fund",
        "document: {id: f-fund, path: f-fund.txt}\ninvestments:\n  - "
        + fund % ("$2 billion", "The United States will put $2 billion into the fund.")
        + "\n",
        text % "$2 billion",
    )
    with pytest.raises(ValidationError) as err:
        build(multi, reason=False)
    assert "more than one ak:amountUSD" in str(err.value)
    assert _state(multi) == before and multi.store.resolve() == live
    assert [p.name for p in (multi.store.parent / ".stores").iterdir()] == [live.name]


def test_a_broken_document_stops_the_build_and_keeps_the_store(multi: Project):
    before = _state(multi)
    _add(multi, "d-pact", D_YAML.replace("Lynas signed", "Lynas sealed"), D_TEXT)
    with pytest.raises(AnnotationError, match="evidence quote not found"):
        build(multi, reason=False)
    assert _state(multi) == before


def test_a_killed_builds_store_folder_is_removed_by_the_next_build(multi: Project):
    orphan = multi.store.parent / ".stores" / "20000101T000000000000-deadbeef0000"
    shutil.copytree(multi.store.resolve(), orphan)
    _add(multi, "d-pact", D_YAML, D_TEXT)
    _rebuild(multi)
    assert not orphan.exists()
    assert len(list((multi.store.parent / ".stores").iterdir())) == 1


def test_export_sections_are_cached_per_document_and_pruned(multi: Project):
    cache = multi.store.parent / ".cache" / "turtle"
    assert len(list(cache.glob("*.ttl"))) == 3
    _add(multi, "d-pact", D_YAML, D_TEXT)
    _rebuild(multi)
    assert len(list(cache.glob("*.ttl"))) == 4
    (multi.sources / "d-pact.yaml").unlink()
    _rebuild(multi)
    assert len(list(cache.glob("*.ttl"))) == 3


def test_force_loads_every_document(multi: Project):
    report = build(multi, reason=False, force=True)
    assert (report.loaded, report.reused) == (3, 0)


def test_build_with_files_points_to_validate(multi: Project, cli):
    result = cli("build", "--project", multi.root, multi.sources / "a-minerals.yaml")
    assert result.code == 2
    assert "build always builds the whole project" in result.err
    assert "alliance-kg validate" in result.err


def test_an_identity_decision_is_replayed_incrementally(multi: Project, tmp_path: Path):
    _add(
        multi,
        "d-pact",
        D_YAML.replace(
            "{label: Kimberley Minerals Institute, class: ResearchInstitute}",
            "{label: Kimberley Minerals Institute, class: Agency}",
        ),
        D_TEXT,
    )
    _rebuild(multi)
    multi.identities.write_text(
        "- same: [Kimberley Minerals Institute, Geoscience Australia]\n"
        "  by: A. Reviewer\n  date: 2026-11-29\n"
    )
    report = _rebuild(multi)
    assert 0 < report.reused < 4  # b-defence does not name either
    full_quads, full_export = _full(multi, tmp_path / "full")  # the decision file is copied
    assert _state(multi) == (full_quads, full_export)
    assert "identityDecision" in multi.export.read_text()


def test_inference_across_an_old_and_a_new_document_matches_a_full_build(
    multi: Project, tmp_path: Path
):
    # c-news: Texas locatedIn the United States; the new document: Austin locatedIn Texas.
    # locatedIn is transitive, so Austin locatedIn the United States needs a premise of each
    _add(
        multi,
        "g-austin",
        "document: {id: g-austin, path: g-austin.txt}\n"
        "entities:\n  - {label: Austin, class: Location}\n"
        "relations:\n  - {subject: Austin, property: locatedIn, object: Texas, "
        "evidence: 'Austin, Texas'}\n",
        "Lynas in Austin\n\nLynas opened an office in Austin, Texas.\n",
    )
    report = _rebuild(multi)
    assert (report.loaded, report.reused) == (1, 3)
    with open_store(multi.store) as store:
        ask = (
            "ASK { GRAPH <https://w3id.org/alliance-kg/graph/inferred> { "
            "<https://w3id.org/alliance-kg/id/austin> "
            "<https://w3id.org/alliance-kg/ontology#locatedIn> "
            "<https://w3id.org/alliance-kg/id/united-states> } }"
        )
        assert store.query(ask)
    assert _state(multi) == _full(multi, tmp_path / "full")


def test_a_lost_cache_only_costs_a_reload(multi: Project, tmp_path: Path):
    cache = multi.store.parent / ".cache"
    shutil.rmtree(cache / "turtle")
    next(iter(sorted((cache / "records").glob("*.json")))).unlink()
    _add(multi, "d-pact", D_YAML, D_TEXT)
    report = _rebuild(multi)
    assert (report.loaded, report.reused) == (2, 2)
    assert _state(multi) == _full(multi, tmp_path / "full")


def test_removing_a_premise_retracts_what_it_implied_in_other_documents(
    multi: Project, tmp_path: Path
):
    # g-austin: Austin locatedIn Texas; c-news: Texas locatedIn the United States. Take the
    # second away: Austin locatedIn the United States no longer follows, and must go
    test_inference_across_an_old_and_a_new_document_matches_a_full_build(multi, tmp_path / "a")
    news = multi.sources / "c-news.yaml"
    lines = news.read_text().splitlines(keepends=True)
    kept = [line for line in lines if "property: locatedIn, object: United States" not in line]
    assert len(kept) == len(lines) - 1
    news.write_text("".join(kept))
    report = _rebuild(multi)
    assert report.reused >= 1
    with open_store(multi.store) as store:
        ask = (
            "ASK { GRAPH ?g { <https://w3id.org/alliance-kg/id/austin> "
            "<https://w3id.org/alliance-kg/ontology#locatedIn> "
            "<https://w3id.org/alliance-kg/id/united-states> } }"
        )
        assert not store.query(ask)
    assert _state(multi) == _full(multi, tmp_path / "full")


def _union_matches_graphs(project: Project) -> None:
    """The default graph is exactly the distinct triples of the named graphs (the union the
    queries read), however the build made it."""
    with open_store(project.store) as store:
        union = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        named = {q.triple for q in store if isinstance(q.graph_name, ox.NamedNode)}
    assert union and union == named


def test_the_union_follows_adds_and_removals(multi: Project):
    kimberley = ox.NamedNode("https://w3id.org/alliance-kg/id/kimberley-minerals-institute")

    def in_union() -> bool:
        with open_store(multi.store) as store:
            return bool(list(store.quads_for_pattern(kimberley, None, None, ox.DefaultGraph())))

    _union_matches_graphs(multi)  # a full build writes it with the store
    _add(multi, "d-pact", D_YAML, D_TEXT)
    _rebuild(multi)
    _union_matches_graphs(multi)  # an incremental build adds the new graph's triples
    assert in_union()
    (multi.sources / "d-pact.yaml").unlink()
    _rebuild(multi)
    _union_matches_graphs(multi)  # and takes out those no other graph holds
    assert not in_union()
