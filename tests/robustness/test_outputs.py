"""Every output a user names goes through one check (`alliance_kg.files.check_output`): a URL is
refused, a folder outside the working folder must exist, a file output is not a folder; nothing
is created when the output is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_kg.project import Project

#: a command writing one file, with its output option (the path is appended)
WRITERS = [
    ("viz", "-o"),
    ("report", "-o"),
    ("analyse", "money", "--chart"),
    ("analyse", "timeline", "--chart"),
    ("export",),
]


def _run(cli, example: Project, args: tuple[str, ...], out: str):
    if args == ("export",):  # the suffix picks the format
        out = out.replace(".html", ".ttl")
    return cli(*args, out, "--project", str(example.root))


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a))
def test_a_url_is_refused_and_nothing_is_made(cli, example, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = _run(cli, example, args, "http://example.org/out.html")
    assert result.code == 2
    assert "not a URL" in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a))
def test_a_missing_folder_elsewhere_is_refused(cli, example, tmp_path, monkeypatch, args):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    target = tmp_path / "elsewhere" / "deeper" / "out.ttl"
    result = _run(cli, example, args, str(target))
    assert result.code == 2
    assert "does not exist" in result.err
    assert not (tmp_path / "elsewhere").exists()


def test_a_folder_is_not_a_file_output(cli, example, tmp_path):
    result = _run(cli, example, ("viz", "-o"), str(tmp_path))
    assert result.code == 2 and "is a folder" in result.err


def test_a_missing_folder_inside_the_working_folder_is_made(cli, example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(cli, example, ("export",), "build/out/alliance.nt")
    assert result.code == 0, result.err
    assert (tmp_path / "build" / "out" / "alliance.nt").stat().st_size > 0


def test_a_folder_format_refuses_a_file(cli, example, tmp_path):
    file = tmp_path / "neo4j"
    file.write_text("x")
    result = cli("export", str(file), "--format", "neo4j", "--project", str(example.root))
    assert result.code == 2 and "is a file" in result.err
    assert file.read_text() == "x"


def test_extract_refuses_a_url_output(cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "doc.txt"
    doc.write_text("Japan and Canada signed an agreement.")
    result = cli("extract", str(doc), "-o", "https://example.org/draft.yaml")
    assert result.code == 2 and "not a URL" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]
