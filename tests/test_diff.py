"""`alliance-kg diff`: entities, facts and values added, removed or changed, with evidence."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_kg.diff import Diff, diff
from alliance_kg.ontology import Vocabulary

from .conftest import FIXTURES, ROOT, Home, make_project

INVEST = "The United States and Australia will jointly invest $2 billion in rare earth processing"
FRAMEWORK = "The United States and Australia signed a framework on critical minerals supply."


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_file(ROOT / "ontology" / "alliance.ttl")


def _copy(tmp: Path, name: str) -> Path:
    """A copy of tests/fixtures/multi in `tmp/name`."""
    return Path(shutil.copytree(FIXTURES / "multi", tmp / name))


def _revise(folder: Path) -> None:
    """The reviewer's edits: a hedge added, one relation removed, one entity and relation added."""
    path = folder / "a-minerals.yaml"
    text = path.read_text(encoding="utf-8")
    edits = [
        ('amount: "$2 billion"', 'amount: "up to $2 billion"'),
        ("  - {subject: Geoscience Australia, property: country, object: Australia, "
         "evidence: Geoscience Australia}\n", ""),
        ("  - {label: Western Australia, class: Subdivision}\n",
         "  - {label: Western Australia, class: Subdivision}\n"
         "  - {label: critical minerals framework, class: Agreement, "
         "evidence: signed a framework on critical minerals supply}\n"),
        ("relations:\n",
         "relations:\n  - {subject: critical minerals framework, property: signedBy, "
         "object: Australia, evidence: signed a framework on critical minerals supply}\n"),
    ]  # fmt: skip
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _lines(result: Diff) -> set[tuple[str, str, str]]:
    return {(i.change, i.what, i.text()) for i in result.items}


REVISION = {
    ("added", "entity", "critical minerals framework (Agreement)"),
    ("added", "fact", "critical minerals framework signedBy Australia"),
    ("removed", "fact", "Geoscience Australia country Australia"),
    ("changed", "value", "U.S.-Australian investment in rare earth processing in Texas and "
     "Western Australia: amount: $2,000,000,000 → up to $2,000,000,000"),
}  # fmt: skip


def test_identical_annotations_exit_0(tmp_path: Path, cli: Callable, vocab: Vocabulary) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    assert diff(old / "a-minerals.yaml", new / "a-minerals.yaml", vocab).is_empty
    r = cli("diff", old / "a-minerals.yaml", new / "a-minerals.yaml")
    assert r.code == 0 and "no differences" in r.out
    r = cli("diff", old / "a-minerals.yaml", new / "a-minerals.yaml", "-f", "json")
    assert r.code == 0 and json.loads(r.out)["differences"] == []


def test_moved_offsets_are_no_change(tmp_path: Path, vocab: Vocabulary) -> None:
    """Text inserted before everything moves every evidence span; no fact changes."""
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    doc = new / "a-minerals.txt"
    doc.write_text("A preface.\n\n" + doc.read_text(encoding="utf-8"), encoding="utf-8")
    assert diff(old / "a-minerals.yaml", new / "a-minerals.yaml", vocab).is_empty


def test_revised_annotation(tmp_path: Path, cli: Callable, vocab: Vocabulary) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _revise(new)
    result = diff(old / "a-minerals.yaml", new / "a-minerals.yaml", vocab)
    assert _lines(result) == REVISION
    evidence = {i.text(): i.evidence for i in result.items}
    assert evidence["critical minerals framework signedBy Australia"] == FRAMEWORK
    assert evidence["Geoscience Australia country Australia"].startswith(
        "The U.S. Department of Energy will work with Geoscience Australia"
    )  # the removed fact's sentence comes from the old side
    assert all(e and e.startswith((INVEST, FRAMEWORK, "The U.S.")) for e in evidence.values())
    r = cli("diff", old / "a-minerals.yaml", new / "a-minerals.yaml", "-f", "json")
    assert r.code == 1
    data = json.loads(r.out)
    assert data["counts"] == {"added": 2, "removed": 1, "changed": 1}
    changed = next(d for d in data["differences"] if d["change"] == "changed")
    assert (changed["old"], changed["new"]) == ("$2,000,000,000", "up to $2,000,000,000")


def test_markdown_is_readable(tmp_path: Path, cli: Callable) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _revise(new)
    r = cli("diff", old / "a-minerals.yaml", new / "a-minerals.yaml", "--format", "markdown")
    assert r.code == 1
    assert "### Removed\n\n- fact: Geoscience Australia country Australia\n  > The U.S." in r.out
    assert "### Added" in r.out and f"  > {FRAMEWORK}" in r.out
    assert "amount: $2,000,000,000 → up to $2,000,000,000" in r.out
    table = cli("diff", old / "a-minerals.yaml", new / "a-minerals.yaml")
    assert table.code == 1 and "2 added, 1 removed, 1 changed" in table.out


def test_draft_against_reviewed(tmp_path: Path, vocab: Vocabulary) -> None:
    """A draft's confidence keys are ignored; the diff is what the reviewer changed."""
    folder = _copy(tmp_path, "proj")
    reviewed = folder / "a-minerals.yaml"
    draft = folder / "draft.yaml"
    text = reviewed.read_text(encoding="utf-8")
    text = text.replace("class: Company,", "class: Company, confidence: 0.6,")
    text = text.replace("hedged: true, note: world knowledge}", "confidence: 0.5}")
    draft.write_text(text, encoding="utf-8")
    result = diff(draft, reviewed, vocab)
    assert _lines(result) == {
        ("changed", "fact", "Western Australia locatedIn Australia: (none) → "
         "hedged true, note world knowledge"),
    }  # fmt: skip
    assert diff(draft, draft, vocab).is_empty


def test_two_exports_and_two_projects(tmp_path: Path, cli: Callable, multi_home: Home) -> None:
    from alliance_kg.build import build

    old = multi_home.restore("multi").root  # multi built as it is (the session's build)
    sources = _copy(tmp_path, "new-sources")
    _revise(sources)
    project = make_project(tmp_path / "new", *sorted(sources.iterdir()))
    build(project, reason=False)
    new = project.root
    export = Path("graph") / "alliance.ttl"
    assert cli("diff", old / export, old / export).code == 0
    for a, b in ((old / export, new / export), (old, new)):
        r = cli("diff", a, b, "-f", "json")
        assert r.code == 1, r.err
        found = {(d["change"], d["what"], d["subject"], d["detail"])
                 for d in json.loads(r.out)["differences"]}  # fmt: skip
        assert found == {
            ("added", "entity", "critical minerals framework", "Agreement"),
            ("added", "fact", "critical minerals framework", "signedBy Australia"),
            ("removed", "fact", "Geoscience Australia", "country Australia"),
            ("changed", "value", "U.S.-Australian investment in rare earth processing in Texas "
             "and Western Australia", "amount"),
        }  # fmt: skip
    (new / export).unlink()  # a project without its export is read from its store
    r = cli("diff", new, new)
    assert r.code == 0, r.err
    r = cli("diff", old, new, "-f", "json")
    assert r.code == 1 and json.loads(r.out)["counts"] == {"added": 2, "removed": 1, "changed": 1}


def test_bad_input_exit_2(tmp_path: Path, cli: Callable) -> None:
    folder = _copy(tmp_path, "old")
    ttl = tmp_path / "x.ttl"
    ttl.write_text("", encoding="utf-8")
    r = cli("diff", folder / "a-minerals.yaml", ttl)
    assert r.code == 2 and "different kinds" in r.err and "x.ttl" in r.err
    r = cli("diff", folder / "a-minerals.yaml", folder / "missing.yaml")
    assert r.code == 2 and "missing.yaml: no such file" in r.err
    r = cli("diff", folder / "a-minerals.txt", folder / "b-defence.txt")
    assert r.code == 2 and "a-minerals.txt: not an annotation file" in r.err
    ttl.write_text("this is not turtle", encoding="utf-8")
    r = cli("diff", ttl, ttl)
    assert r.code == 2 and "x.ttl:1: not valid Turtle" in r.err


def test_committed_revision_is_the_revision(tmp_path: Path) -> None:
    """tests/fixtures/diff (the README's example) is multi with `_revise` applied."""
    folder = _copy(tmp_path, "new")
    _revise(folder)

    def facts(path: Path) -> list[str]:
        return [line for line in path.read_text().splitlines() if not line.startswith("#")]

    for path in sorted(folder.iterdir()):
        assert facts(FIXTURES / "diff" / path.name) == facts(path), path.name


def test_git_revisions(tmp_path: Path, cli: Callable, monkeypatch: pytest.MonkeyPatch) -> None:
    """REV:PATH reads a file (with its folder) or a project's export as a git revision has it."""
    import subprocess

    from alliance_kg.diff import read_side

    repo = _copy(tmp_path, "repo")
    vocab = Vocabulary.from_file(ROOT / "ontology" / "alliance.ttl")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(repo)

    def commit() -> None:
        export = repo / "graph" / "alliance.ttl"
        export.parent.mkdir(exist_ok=True)
        read_side(repo / "a-minerals.yaml", vocab).serialize(export, format="turtle")
        for args in (["add", "."], ["commit", "-qm", "a version"]):
            subprocess.run(["git", *args], cwd=repo, check=True)

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit()
    _revise(repo)
    commit()
    for old, new in (("HEAD~1:a-minerals.yaml", "a-minerals.yaml"),
                     ("HEAD~1:./a-minerals.yaml", "HEAD:a-minerals.yaml"),
                     ("HEAD~1:.", "HEAD:.")):  # fmt: skip
        r = cli("diff", old, new, "-f", "json")
        assert r.code == 1, r.err
        assert json.loads(r.out)["counts"] == {"added": 2, "removed": 1, "changed": 1}
    assert cli("diff", "HEAD:.", ".").code == 0
    r = cli("diff", "HEAD~7:a-minerals.yaml", "a-minerals.yaml")
    assert r.code == 2 and "HEAD~7:a-minerals.yaml: no such file or git revision" in r.err
