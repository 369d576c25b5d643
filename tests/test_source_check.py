"""`alliance-kg validate`: annotation files checked as build would, with nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from alliance_kg.project import Project
from alliance_kg.source_check import validate_files

from .conftest import FIXTURES, make_project


def written(project: Project) -> list[str]:
    """Everything under graph/ other than the sources: store, export, lock, staging."""
    graph = project.root / "graph"
    return sorted(str(p) for p in graph.rglob("*") if project.sources not in (p, *p.parents))


def test_a_valid_file_passes_and_nothing_is_written(tiny_project: Project, cli):
    path = tiny_project.sources / "tiny.yaml"
    result = cli("validate", "--project", tiny_project.root, path)
    assert result.code == 0, result.err
    assert re.fullmatch(rf"ok: {re.escape(str(path))}: \d+ entities, \d+ statements\n", result.out)
    assert written(tiny_project) == []
    assert not tiny_project.store.exists() and not tiny_project.export.exists()


def test_a_built_project_is_left_exactly_as_it_was(built_tiny_project: Project, cli):
    project = built_tiny_project
    before = {p: p.read_bytes() for p in map(Path, written(project)) if p.is_file()}
    result = cli("validate", "--project", project.root, project.sources / "tiny.yaml")
    assert result.code == 0, result.err
    assert {p: p.read_bytes() for p in map(Path, written(project)) if p.is_file()} == before


def test_a_bad_class_exits_2_naming_file_and_line(tiny_project: Project, cli):
    good = tiny_project.sources / "tiny.yaml"
    bad = tiny_project.sources / "bad.yaml"
    bad.write_text(good.read_text().replace("class: Ministry}", "class: Ministery}", 1))
    result = cli("validate", "--project", tiny_project.root, good, bad)
    assert result.code == 2
    assert f"ok: {good}:" in result.out
    assert f"error: {bad}:11: entities[4].class: unknown class 'Ministery'" in result.err
    assert "Traceback" not in result.err + result.out
    assert written(tiny_project) == []


def test_json_output_parses(tiny_project: Project, cli):
    good = tiny_project.sources / "tiny.yaml"
    no = tiny_project.sources / "no.yaml"
    result = cli("validate", "--project", tiny_project.root, "-f", "json", good, no)
    assert result.code == 2
    rows = json.loads(result.out)
    assert [(r["file"], r["ok"]) for r in rows] == [(str(good), True), (rows[1]["file"], False)]
    assert rows[0]["entities"] > 0 and rows[0]["statements"] > 0 and rows[0]["errors"] == []
    assert rows[1]["errors"] == [f"{no}: file not found"]


def test_shacl_violations_are_reported_per_file(tiny_project: Project):
    path = tiny_project.sources / "tiny.yaml"
    path.write_text(
        path.read_text().replace(
            "{subject: DOE, property: country, object: United States",
            "{subject: DOE, property: country, object: Lisbon Quantum Labs",
            1,
        )
    )
    [check] = validate_files(tiny_project, [path])
    assert not check.ok
    assert any(re.match(rf"SHACL: {re.escape(str(path))}:\d+: .*country", e) for e in check.errors)


def test_identity_is_checked_across_the_files(tiny_project: Project):
    path = tiny_project.sources / "tiny.yaml"
    other = tiny_project.sources / "other.yaml"
    other.write_text(
        "document: {path: tiny.txt}\nentities:\n  - {label: Portugal, class: Company}\n"
    )
    checks = validate_files(tiny_project, [path, other])
    assert all(not c.ok for c in checks)
    assert all("Portugal" in c.errors[-1] for c in checks)


def test_a_file_may_name_what_another_document_of_the_project_declares(tmp_path: Path, cli):
    """c-news names Geoscience Australia, which only a-minerals declares: valid, as in a build."""
    multi = sorted((FIXTURES / "multi").iterdir())
    project = make_project(tmp_path / "proj", *multi)
    news = project.sources / "c-news.yaml"
    result = cli("validate", news, "--project", project.root)
    assert result.code == 0, result
    assert result.out.startswith(f"ok: {news}")
    alone = make_project(tmp_path / "alone", *(p for p in multi if p.stem == "c-news"))
    result = cli("validate", alone.sources / "c-news.yaml", "--project", alone.root)
    assert result.code == 2 and "Geoscience Australia" in result.err
