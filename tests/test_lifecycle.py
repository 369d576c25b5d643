"""A document's life after it is built: `remove` takes it out exactly, `log` lists the builds.

The project is tests/fixtures/multi (three documents sharing entities) plus a fourth written
here, as in tests/test_incremental.py; reasoning is off (the inference rules still run).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance_kg.build import build
from alliance_kg.errors import AnnotationError, InputError
from alliance_kg.history import append_history, log, read_history
from alliance_kg.project import GITIGNORE, Project
from alliance_kg.remove import remove_document

from .conftest import Home
from .test_incremental import D_TEXT, D_YAML, _add, _full, _state


@pytest.fixture
def multi(multi_home: Home) -> Project:
    """The multi project as its build left it (restored from the session's build)."""
    return multi_home.restore("multi")


@pytest.fixture
def multi_d(multi_home: Home) -> Project:
    """`multi` after a fourth document, d-pact, was added and built in (incrementally); that
    build runs once per session and is restored for each test."""
    if not multi_home.has("multi+d-pact"):
        project = multi_home.restore("multi")
        _add(project, "d-pact", D_YAML, D_TEXT)
        build(project, reason=False)
        multi_home.save("multi+d-pact")
    return multi_home.restore("multi+d-pact")


def _files(project: Project) -> dict[str, bytes]:
    """Every file under graph/sources and graph/removed, by path relative to graph/."""
    graph = project.root / "graph"
    return {
        str(p.relative_to(graph)): p.read_bytes()
        for folder in (project.sources, project.removed)
        for p in (sorted(folder.rglob("*")) if folder.is_dir() else [])
        if p.is_file()
    }


def test_removing_an_added_document_returns_to_exactly_before(multi: Project):
    before = _state(multi)
    _add(multi, "d-pact", D_YAML, D_TEXT)
    build(multi, reason=False)
    assert _state(multi) != before
    report = remove_document(multi, "d-pact", reason=False)
    assert report.doc_id == "d-pact"
    assert _state(multi) == before  # every quad (blank ones counted) and the export's bytes
    labels = {e["label"] for e in report.entities}
    assert "Kimberley Minerals Institute" in labels
    assert not labels & {"Lynas Rare Earths Limited", "U.S. Department of Energy"}
    assert report.statements > 0
    assert report.statements == report.statements_before - report.statements_after
    # nothing is lost: both files are in graph/removed/<stamp>/, and moving them back restores
    moved = [Path(p) for p in report.moved.values()]
    assert sorted(p.name for p in moved) == ["d-pact.txt", "d-pact.yaml"]
    assert all(p.parent.parent == multi.removed and p.is_file() for p in moved)
    assert not (multi.sources / "d-pact.yaml").exists()


@pytest.mark.parametrize("name", ["d-pact.yaml", "d-pact.txt", "graph/sources/d-pact.yaml"])
def test_a_document_is_named_by_its_files_too(multi_d: Project, name: str, monkeypatch):
    monkeypatch.chdir(multi_d.root)
    assert remove_document(multi_d, name, reason=False).doc_id == "d-pact"


def test_entities_other_documents_name_stay_with_their_evidence(multi: Project, tmp_path):
    # b-defence declares Japan (no one else names it), Australia and Lynas (a-minerals does too)
    report = remove_document(multi, "b-defence", reason=False)
    labels = {e["label"] for e in report.entities}
    assert "Japan" in labels
    assert not labels & {"Australia", "Lynas", "Lynas Rare Earths Limited"}
    quads, export = _state(multi)
    assert not any("b-defence" in q for q in quads)
    assert any("lynas" in q and "a-minerals" in q for q in quads)  # its other evidence stays
    assert (quads, export) == _full(multi, tmp_path / "full")


def test_an_unknown_document_changes_nothing(multi: Project, cli):
    before, files = _state(multi), _files(multi)
    result = cli("remove", "no-such-doc", "--project", multi.root)
    assert result.code == 2
    assert "no-such-doc" in result.err and "a-minerals, b-defence, c-news" in result.err
    assert (_state(multi), _files(multi)) == (before, files)
    with pytest.raises(InputError):
        remove_document(multi, "no-such-doc")


def test_a_failing_build_puts_the_files_back(multi: Project):
    # a-minerals invests in Texas, which only c-news declares: without c-news the build
    # fails, so nothing is removed
    before, files = _state(multi), _files(multi)
    with pytest.raises(AnnotationError, match="'Texas' is not declared"):
        remove_document(multi, "c-news", reason=False)
    assert (_state(multi), _files(multi)) == (before, files)


def test_remove_cli_reports_what_left(multi_d: Project, cli):
    result = cli("remove", "d-pact", "--no-reason", "--project", multi_d.root, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["doc_id"] == "d-pact" and data["statements"] > 0
    assert [e["label"] for e in data["entities"]] == ["Kimberley Minerals Institute"]
    assert data["build"]["documents"] == ["a-minerals", "b-defence", "c-news"]


def test_log_lists_added_changed_and_removed(multi: Project, cli):
    assert build(multi, reason=False).up_to_date  # an up-to-date build writes nothing
    assert len(read_history(multi.history)) == 1
    _add(multi, "d-pact", D_YAML, D_TEXT)
    build(multi, reason=False)
    text = multi.sources / "b-defence.txt"
    text.write_text(text.read_text() + "\nA closing line.\n")
    build(multi, reason=False)
    remove_document(multi, "d-pact", reason=False)
    entries = log(multi.history)
    assert [(e.added, e.changed, e.removed) for e in entries] == [
        ([], [], ["d-pact"]),
        ([], ["b-defence"], []),
        (["d-pact"], [], []),
        (["a-minerals", "b-defence", "c-news"], [], []),
    ]
    assert entries[0].export_sha256 and entries[0].digest
    result = cli("log", "--project", multi.root, "--format", "json")
    assert result.code == 0 and json.loads(result.out)[0]["removed"] == ["d-pact"]
    table = cli("log", "--project", multi.root)
    assert table.code == 0 and "d-pact" in table.out


def test_log_at_a_date_shows_the_documents_of_that_day(tmp_path: Path, cli):
    history = tmp_path / "graph" / "history.jsonl"
    doc = {"annotation_sha256": "a", "text_sha256": "t"}
    for time, docs in [
        ("2025-09-30T10:00:00Z", ["a"]),
        ("2025-10-01T23:00:00Z", ["a", "b"]),
        ("2025-10-02T08:00:00Z", ["b"]),
    ]:
        append_history(history, {"time": time, "digest": time, "export_sha256": "",
                                 "documents": dict.fromkeys(docs, doc)})  # fmt: skip
    (tmp_path / "alliance-kg.toml").write_text("[project]\nname = 't'\n")
    (tmp_path / "graph" / "sources").mkdir()
    out = cli("log", "--project", tmp_path, "--at", "2025-10-01", "--format", "json")
    assert sorted(json.loads(out.out)["build"]["documents"]) == ["a", "b"]
    out = cli("log", "--project", tmp_path, "--at", "2025-09-29", "--format", "json")
    assert json.loads(out.out)["build"] is None
    assert cli("log", "--project", tmp_path, "--at", "1 October").code == 2


def test_a_corrupt_history_line_is_skipped_with_a_warning(tmp_path: Path):
    history = tmp_path / "history.jsonl"
    append_history(history, {"time": "2025-10-01T00:00:00Z", "documents": {"a": {}}})
    with history.open("a") as fh:
        fh.write('{"time": "2025-10-02T00:00')  # a torn line, no newline
    append_history(history, {"time": "2025-10-03T00:00:00Z", "documents": {}})
    with pytest.warns(UserWarning, match="history.jsonl:2"):
        entries = log(history)
    assert [e.removed for e in entries] == [["a"], []]


def test_init_does_not_ignore_the_history():
    assert "history" not in GITIGNORE


def test_a_broken_annotation_is_still_removable_by_its_file(multi: Project):
    (multi.sources / "e-bad.yaml").write_text("document: {id: e-bad, path: missing.txt}\n")
    with pytest.raises(AnnotationError):
        build(multi, reason=False)
    remove_document(multi, "e-bad.yaml", reason=False)
    assert not (multi.sources / "e-bad.yaml").exists()


def test_a_text_another_annotation_uses_stays(multi: Project):
    _add(multi, "d-pact", D_YAML, D_TEXT)
    (multi.sources / "e-pact.yaml").write_text(
        "document: {id: e-pact, path: d-pact.txt}\nrelations:\n  - subject: Lynas\n"
        "    property: collaboratesWith\n    object: DOE\n"
        "    evidence: Lynas signed a supply pact with DOE.\n"
    )
    build(multi, reason=False)
    report = remove_document(multi, "e-pact", reason=False)
    assert [Path(p).name for p in report.moved] == ["e-pact.yaml"]
    assert (multi.sources / "d-pact.txt").is_file()
    assert report.build is not None and "e-pact" not in report.build.documents
