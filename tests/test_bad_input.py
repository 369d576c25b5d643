"""Every kind of bad input: one clear line naming file and line, exit 2, nothing overwritten."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliance_kg.project import Project


def snapshot(project: Project) -> tuple[str, bytes, list[str]]:
    stores = sorted(p.name for p in (project.root / "graph" / ".stores").iterdir())
    return os.readlink(project.store), project.export.read_bytes(), stores


def edit(project: Project, old: str, new: str) -> Path:
    path = project.sources / "tiny.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


CASES = {
    "malformed YAML": (
        "  - {label: Portugal, class: Nation}",
        "  - {label: Portugal, class: Nation",
        r"tiny.yaml:\d+: malformed YAML",
    ),
    "unknown class": (
        "class: Ministry}",
        "class: Ministery}",
        r"tiny.yaml:11: entities\[4\]\.class: unknown class 'Ministery'; did you mean Ministry",
    ),
    "unknown property": (
        "property: locatedIn",
        "property: situatedIn",
        r"tiny.yaml:\d+: relations\[7\]\.property: unknown property 'situatedIn'",
    ),
    "undeclared entity": (
        "object: Lisbon Quantum Labs",
        "object: Porto Quantum Labs",
        r"tiny.yaml:\d+: relations\[6\]\.object: 'Porto Quantum Labs' is not declared",
    ),
    "evidence not in document": (
        "evidence: Further work will occur",
        "evidence: Further work shall occur",
        r"tiny.yaml:\d+: relations\[6\]\.evidence: evidence quote not found in tiny.txt",
    ),
    "non-numeric amount": (
        "amount: up to $40 billion",
        "amount: up to forty billion",
        r"tiny.yaml:\d+: investments\[0\]\.amount: "
        r"amount 'up to forty billion': expected a money phrase",
    ),
    "missing document": (
        "path: tiny.txt",
        "path: missing.txt",
        r"tiny.yaml:4: document.path: no such file .*missing.txt",
    ),
    "absolute document path": (
        "path: tiny.txt",
        "path: /etc/hostname",
        r"tiny.yaml:4: document.path: an absolute path is not allowed; "
        r"expected a path inside .*sources, relative to the annotation file",
    ),
    "document path with ..": (
        "path: tiny.txt",
        "path: ../outside.txt",
        r"tiny.yaml:4: document.path: a path with '\.\.' components is not allowed; "
        r"expected a path inside .*sources, relative to the annotation file",
    ),
    "unknown field": (
        "    role: Prime Minister",
        "    rank: Prime Minister",
        r"tiny.yaml:\d+: relations\[0\]\.rank: unknown field",
    ),
    "range violation (SHACL)": (
        "{subject: DOE, property: country, object: United States",
        "{subject: DOE, property: country, object: Lisbon Quantum Labs",
        r"SHACL validation failed.*\n.*tiny.yaml:\d+: .*country",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_and_nothing_is_overwritten(
    case: str, built_tiny_project: Project, cli
):
    tiny_project = built_tiny_project  # as after build(tiny_project)
    before = snapshot(tiny_project)
    old, new, expected = CASES[case]
    edit(tiny_project, old, new)
    result = cli("build", "--project", tiny_project.root)
    assert result.code == 2, result
    assert result.err.startswith("error: "), result.err
    assert "Traceback" not in result.err + result.out
    import re

    assert re.search(expected, result.err), result.err
    assert snapshot(tiny_project) == before
    leftovers = [
        p.name for p in tiny_project.export.parent.iterdir() if p.name.startswith(".alliance")
    ]
    assert leftovers == []


def test_ambiguous_alias_is_an_error(tiny_project: Project, cli):
    edit(
        tiny_project,
        "aliases: [Prime Minister Ana Silva]",
        "aliases: [Prime Minister Ana Silva, DOE]",
    )
    result = cli("build", "--project", tiny_project.root)
    assert result.code == 2
    assert "'DOE' is ambiguous" in result.err


def test_missing_annotation_file_is_reported(tiny_project: Project, cli):
    result = cli("validate", "--project", tiny_project.root, tiny_project.sources / "nope.yaml")
    assert result.code == 2
    assert "nope.yaml: file not found" in result.err


def test_cli_build_prints_counts_and_shacl(tiny_project: Project, cli):
    result = cli("build", "--project", tiny_project.root)
    assert result.code == 0, result.err
    assert "SHACL: conforms" in result.out
    assert "documents: 1 (tiny)" in result.out
    again = cli("build", "--project", tiny_project.root, "--format", "json")
    assert '"up_to_date": true' in again.out


def test_usage_errors_exit_2_without_traceback(cli):
    result = cli("build", "--format", "xml")
    assert result.code == 2
    assert "Traceback" not in result.err + result.out


def test_text_that_is_not_an_annotation_is_reported(tmp_path: Path, tiny_project: Project, cli):
    path = tmp_path / "notes.yaml"
    path.write_text("just a sentence\n")
    result = cli("validate", "--project", tiny_project.root, path)
    assert result.code == 2
    assert result.err == f"error: {path}: expected a mapping with keys document, entities, …\n"


SECRET = "The launch codes are 0000 and Ana Silva met DOE in Lisbon."


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
def test_document_outside_the_sources_folder_is_refused_unread(
    kind: str, tiny_project: Project, cli
):
    outside = tiny_project.root / "outside.txt"  # next to graph/, outside graph/sources
    outside.write_text(SECRET + "\n")
    if kind == "absolute":
        given = str(outside)
    elif kind == "dotdot":
        given = "../../outside.txt"
    else:
        (tiny_project.sources / "link.txt").symlink_to(outside)
        given = "link.txt"
    path = edit(tiny_project, "path: tiny.txt", f"path: {given}")
    result = cli("build", "--project", tiny_project.root)
    assert result.code == 2, result
    assert result.err.startswith(f"error: {path}:4: document.path: "), result.err
    assert f"expected a path inside {tiny_project.sources.resolve()}" in result.err
    assert "relative to the annotation file" in result.err
    assert "launch codes" not in result.err + result.out
    assert not project_built(tiny_project)


def test_symlink_inside_the_sources_folder_is_fine(tiny_project: Project, cli):
    docs = tiny_project.sources / "docs"
    docs.mkdir()
    (tiny_project.sources / "tiny.txt").rename(docs / "tiny.txt")
    (tiny_project.sources / "tiny-link.txt").symlink_to(docs / "tiny.txt")
    edit(tiny_project, "path: tiny.txt", "path: tiny-link.txt")
    result = cli("build", "--project", tiny_project.root, "--no-reason")
    assert result.code == 0, result.err


def project_built(project: Project) -> bool:
    return project.store.exists() or project.export.exists()
