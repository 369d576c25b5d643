"""`alliance-kg add DOC`: a draft is reviewed, and only an explicit accept adds it and builds.

The project is tests/fixtures/multi (as in tests/test_lifecycle.py), reasoning off. The document
is drafted with spaCy once (the first test); the others reuse that draft, staged in their own
project's ``graph/drafts/``, as `add` does for a reviewer's edited draft.
"""

from __future__ import annotations

import io
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_kg import add as api
from alliance_kg.build import build
from alliance_kg.errors import InputError
from alliance_kg.project import Project
from alliance_kg.remove import remove_document

from .conftest import CliResult, Home
from .test_incremental import MULTI, make_project

DOC = """Sweden and Lynas sign a rare earth pact

Lynas Rare Earths Limited signed a supply agreement with Sweden in 2024. The Swedish Geological \
Survey will work with Geoscience Australia on mapping rare earth deposits. Northvolt AB will \
invest $50 million in the Lynas plant in Western Australia.
"""


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The staged draft folder of DOC, extracted once against the multi project."""
    tmp = tmp_path_factory.mktemp("drafted")
    project = make_project(tmp / "proj", *MULTI)
    doc = tmp / "nordic-pact.txt"
    doc.write_text(DOC, encoding="utf-8")
    staged = api.stage(project, doc)
    assert staged.created and staged.draft.is_file() and staged.text.is_file()
    return staged.draft.parent


@pytest.fixture
def multi(multi_home: Home) -> Project:
    """The multi project, built (restored from the session's build), and DOC beside it."""
    project = multi_home.restore("multi")
    (project.root.parent / "nordic-pact.txt").write_text(DOC, encoding="utf-8")
    return project


def _with_draft(project: Project, drafted: Path) -> Path:
    """Stage the once-extracted draft in `project`; its annotation file."""
    folder = api.drafts_folder(project) / drafted.name
    shutil.copytree(drafted, folder)
    return folder / f"{drafted.name}.yaml"


def _state(project: Project) -> dict[str, bytes]:
    """The files of graph/sources and the export, by name."""
    files = {p.name: p.read_bytes() for p in sorted(project.sources.iterdir())}
    return {**files, "alliance.ttl": project.export.read_bytes()}


def _add(cli: Callable[..., CliResult], project: Project, *args: str) -> CliResult:
    """Run ``alliance-kg add`` on the document beside the project."""
    doc = str(project.root.parent / "nordic-pact.txt")
    return cli("add", doc, "--no-reason", "--project", str(project.root), *args)


def test_add_yes_builds_it_in_and_remove_returns_to_exactly_before(multi: Project, cli):
    before = _state(multi)
    result = _add(cli, multi, "--yes")
    assert result.code == 0, result.err
    assert "proposed for nordic-pact" in result.out and "added nordic-pact" in result.out
    added = multi.sources / "nordic-pact.yaml"
    assert added.is_file() and (multi.sources / "nordic-pact.txt").is_file()
    assert "confidence" not in added.read_text(encoding="utf-8")
    assert not api.drafts_folder(multi).exists()  # the draft became the annotation
    assert "nordic-pact" in build(multi, reason=False).documents
    assert b"Sweden" in multi.export.read_bytes()
    remove_document(multi, "nordic-pact", reason=False)
    assert _state(multi) == before  # graph/alliance.ttl byte-identical to before the add


def test_the_review_marks_known_and_new_and_declining_changes_nothing(
    multi: Project, drafted: Path, cli, monkeypatch
):
    before = _state(multi)
    draft = _with_draft(multi, drafted)
    rows = {r["item"]: r for r in api.review_rows(multi, draft)}
    assert rows["Sweden (Nation)"]["status"] == "new"
    assert rows["Sweden (Nation)"]["sentence"].startswith("Lynas Rare Earths Limited signed")
    investment = next(r for r in rows.values() if r["kind"] == "investment")
    assert "known as Lynas Rare Earths Limited" in investment["status"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    result = _add(cli, multi)
    assert result.code == 0, result.err
    assert "Add to the project?" in result.err and "nothing added" in result.err
    assert _state(multi) == before
    assert draft.is_file()  # kept for the reviewer


def test_json_output_holds_the_review_and_what_was_added(multi: Project, drafted: Path, cli):
    import json

    _with_draft(multi, drafted)
    result = _add(cli, multi, "--yes", "-f", "json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["accepted"] is True and out["review"]
    assert out["added"]["doc_id"] == "nordic-pact" and out["added"]["build"]["triples"] > 0


def test_min_confidence_above_one_drops_every_fact(multi: Project, drafted: Path, cli):
    _with_draft(multi, drafted)
    result = _add(cli, multi, "--yes", "--min-confidence", "1.01")
    assert result.code == 0, result.err
    text = (multi.sources / "nordic-pact.yaml").read_text(encoding="utf-8")
    assert "label: Sweden" not in text and "Northvolt" not in text
    assert "(0 entities, 0 relations, 0 investments)" in result.out


def test_a_failing_editor_changes_nothing(multi: Project, drafted: Path, cli, monkeypatch):
    before = _state(multi)
    draft = _with_draft(multi, drafted)
    monkeypatch.setenv("EDITOR", "false")
    result = _add(cli, multi, "--edit", "--yes")
    assert result.code == 2
    assert "error: the editor 'false' exited with status 1" in result.err
    assert _state(multi) == before and draft.is_file()


def test_a_draft_edited_into_invalid_yaml_changes_nothing(multi: Project, drafted: Path, cli):
    before = _state(multi)
    draft = _with_draft(multi, drafted)
    draft.write_text(draft.read_text(encoding="utf-8") + "relations: [oops\n", encoding="utf-8")
    result = _add(cli, multi, "--yes")
    assert result.code == 2
    assert "nordic-pact.yaml:" in result.err and "nothing was added" in result.err
    assert _state(multi) == before


def test_the_editors_change_is_what_gets_added(multi: Project, drafted: Path, cli, monkeypatch):
    _with_draft(multi, drafted)
    script = (  # the reviewer renames Sweden, in its entity and in the relations naming it
        "import re, sys, pathlib; p = pathlib.Path(sys.argv[1]); "
        "p.write_text(re.sub(r'(label|subject|object): Sweden$', r'\\1: Kingdom of Sweden', "
        "p.read_text(), flags=re.M))"
    )
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}")
    result = _add(cli, multi, "--edit", "--yes")
    assert result.code == 0, result.err
    text = (multi.sources / "nordic-pact.yaml").read_text(encoding="utf-8")
    assert "label: Kingdom of Sweden" in text and "label: Sweden" not in text


def test_a_near_name_of_a_known_entity_is_flagged(multi: Project, drafted: Path):
    draft = _with_draft(multi, drafted)
    draft.write_text(
        draft.read_text(encoding="utf-8").replace(
            "label: Northvolt AB", "label: Lynas Rare Earths Ltd"
        ),
        encoding="utf-8",
    )
    rows = {r["item"]: r for r in api.review_rows(multi, draft)}
    status = rows["Lynas Rare Earths Ltd (Company)"]["status"]
    assert status.startswith("new; possible duplicate of Lynas Rare Earths Limited")


def test_a_short_name_inside_a_new_one_is_no_duplicate(multi: Project, drafted: Path):
    # "U.S." (normalised "us") is a name multi knows; WRatio's partial match scored "australia"
    # 90 against it: a new Australia or Austal was "a possible duplicate of United States"
    names = [n for n, _label in api._project_names(multi)[1]]
    assert "us" in names
    draft = _with_draft(multi, drafted)
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("label: Northvolt AB", "label: Austal"),
        encoding="utf-8",
    )
    rows = {r["item"]: r for r in api.review_rows(multi, draft)}
    assert rows["Austal (Company)"]["status"] == "new"
    assert api._near("us", "australia") < api.DUPLICATE_SCORE <= api._near("us", "us")


def test_a_failing_build_deletes_what_add_wrote(multi: Project, drafted: Path, cli, monkeypatch):
    before = _state(multi)
    draft = _with_draft(multi, drafted)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise InputError("the build failed")

    monkeypatch.setattr(api, "build", broken)
    result = _add(cli, multi, "--yes")
    assert result.code == 2 and "the build failed" in result.err
    assert _state(multi) == before and draft.is_file()
    (multi.sources / "nordic-pact.txt").write_text("taken", encoding="utf-8")
    result = _add(cli, multi, "--yes")
    assert result.code == 2 and "exists already" in result.err
