"""Text from a document never drives the terminal: control characters are escaped in what
people read (tables, `why`, paths, notes, errors), while JSON and CSV keep the exact text.

The document of the tiny fixture is given an OSC title sequence, a BEL, a clear-screen CSI and a
right-to-left override inside the sentence that is evidence for Lisbon Quantum Labs.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from alliance_kg.build import build
from alliance_kg.cli.output import terminal_safe
from alliance_kg.project import Project

from ..conftest import FIXTURES, make_project

HOSTILE = "\x1b]0;pwned\x07\x1b[2J will occur\u202e"
RAW = ("\x1b", "\x07", "\u202e")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    tmp = tmp_path_factory.mktemp("hostile")
    project = make_project(tmp, FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt")
    text = project.sources / "tiny.txt"
    text.write_text(text.read_text().replace(" will occur", HOSTILE, 1))
    yaml_path = project.sources / "tiny.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace(
            "evidence: Further work will occur through Lisbon Quantum Labs.",
            "evidence: Lisbon Quantum Labs",
        )
    )
    build(project, reason=False)
    return project


def test_terminal_safe_escapes_controls_and_keeps_tab_and_newline():
    assert terminal_safe("a\x1b[31mb\x9bc\u202ed\te\nf\rg\x00") == (
        "a\\x1b[31mb\\x9bc\\u202ed\te\nf\\x0dg\\x00"
    )
    assert terminal_safe("Ministère — 日本") == "Ministère — 日本"


def _no_raw(text: str) -> None:
    assert not any(ch in text for ch in RAW), repr(text)


@pytest.mark.parametrize(
    "args",
    [
        ("why", "Lisbon Quantum Labs"),
        ("why", "Lisbon Quantum Labs", "-f", "table"),
        ("analyse", "path", "Ministry of Science", "Lisbon Quantum Labs"),
        ("analyse", "path", "Ministry of Science", "Lisbon Quantum Labs", "-f", "table"),
        ("query", "run", "statements-about", "-p", "entity=Lisbon Quantum Labs"),
    ],
)
def test_what_people_read_is_escaped(cli, hostile: Project, args: tuple[str, ...]):
    result = cli(*args, "--project", str(hostile.root))
    assert result.code == 0, result.err
    _no_raw(result.out + result.err)
    assert "pwned" in result.out
    if args[0] != "query":  # a wide table may fold the sentence across lines
        assert "\\x1b]0;pwned\\x07\\x1b[2J" in "".join(result.out.split())


def test_json_keeps_the_exact_text_and_csv_too(cli, hostile: Project):
    root = ("--project", str(hostile.root))
    out = cli("why", "Lisbon Quantum Labs", "-f", "json", *root).out
    _no_raw(out)  # JSON writes them as \u escapes
    sentences = [row["sentence"] for row in json.loads(out)]
    assert any(HOSTILE in s for s in sentences)
    out = cli("why", "Lisbon Quantum Labs", "-f", "csv", *root).out
    assert any(HOSTILE in row["sentence"] for row in csv.DictReader(io.StringIO(out)))


def test_an_error_naming_hostile_text_is_escaped(cli, hostile: Project, tmp_path: Path):
    result = cli("why", "Nobody\x1b[2J", "--project", str(hostile.root))
    assert result.code != 0
    _no_raw(result.err)
    assert "\\x1b[2J" in result.err
