"""Every command that reads a file a user names answers a hostile or broken file the same way:
exit status 2, one ``error:`` line naming the file, no traceback, nothing written.

Each file below is given to each command in the position where it reads a file. The files are the
usual suspects of files from the open internet: empty, binary, not UTF-8, NUL bytes, a folder, a
path that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_kg.project import Project

from ..conftest import FIXTURES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

#: name -> how to make the hostile file in a folder (returns its path)
FILES: dict[str, Callable[[Path], Path]] = {
    "empty": lambda d: _write(d / "empty.yaml", b""),
    "binary": lambda d: _write(d / "image.yaml", PNG * 40),
    "latin-1": lambda d: _write(d / "latin.yaml", "document: {id: caf\xe9}\n".encode("latin-1")),
    "nul bytes": lambda d: _write(d / "nul.yaml", b"document:\x00 {id: x}\n"),
    "a folder": lambda d: _folder(d / "folder.yaml"),
    "missing": lambda d: d / "missing.yaml",
}

#: command -> its arguments around the hostile file (HOSTILE), and whether the project is passed
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "HOSTILE"),
    "import": ("import", "HOSTILE"),
    "extract": ("extract", "HOSTILE", "-o", "OUT/draft.yaml"),
    "add": ("add", "HOSTILE", "--yes"),
    "evaluate draft": ("evaluate", "HOSTILE", str(FIXTURES / "tiny" / "tiny.yaml")),
    "evaluate gold": ("evaluate", str(FIXTURES / "tiny" / "tiny.yaml"), "HOSTILE"),
    "diff": ("diff", str(FIXTURES / "tiny" / "tiny.yaml"), "HOSTILE"),
    "check --data": ("check", "--data", "HOSTILE"),
    "query --file": ("query", "sparql", "--file", "HOSTILE"),
    "viz --query-file": ("viz", "-o", "OUT/page.html", "--query-file", "HOSTILE"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.fixture
def project(built_tiny_project: Project) -> Project:
    """A built copy of the tiny project (commands that read the store have one)."""
    return built_tiny_project


@pytest.mark.parametrize("kind", sorted(FILES))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_hostile_file_gets_one_error_line(cli, project, tmp_path, kind, command):
    hostile = FILES[kind](tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("HOSTILE", str(hostile)).replace("OUT", str(out)) for a in COMMANDS[command]]
    before = sorted(p.name for p in project.root.rglob("*") if ".stores" not in p.parts)
    result = cli(*args, "--project", str(project.root))
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err + result.out
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors, result.err
    assert hostile.name in errors[0] or str(hostile) in errors[0], errors[0]
    assert list(out.iterdir()) == []  # nothing written
    after = sorted(p.name for p in project.root.rglob("*") if ".stores" not in p.parts)
    assert after == before  # nothing added to the project
