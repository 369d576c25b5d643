"""Shared fixtures: a throw-away project around the real ontology, and the CLI in-process."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from alliance_kg.project import Project

if TYPE_CHECKING:
    import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = ROOT / "graph" / "sources"
DOC_TEXT = SOURCES / "us-japan-alliance-summit.txt"


def make_project(tmp: Path, *sources: Path) -> Project:
    """A project folder in `tmp`: the real ontology and saved queries, and the given sources."""
    (tmp / "ontology").mkdir(parents=True)
    for name in ("alliance.ttl", "shapes.ttl"):
        shutil.copy(ROOT / "ontology" / name, tmp / "ontology" / name)
    shutil.copytree(ROOT / "queries", tmp / "queries")
    (tmp / "graph" / "sources").mkdir(parents=True)
    for src in sources:
        shutil.copy(src, tmp / "graph" / "sources" / src.name)
    return Project(tmp)


@pytest.fixture
def tiny_project(tmp_path: Path) -> Project:
    """A project whose only source is tests/fixtures/tiny (document + annotation)."""
    return make_project(
        tmp_path / "proj", FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"
    )


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example document built once per session into a throw-away project (with queries/)."""
    from alliance_kg.build import build

    project = make_project(
        tmp_path_factory.mktemp("example") / "proj",
        SOURCES / "us-japan-alliance-summit.yaml",
        DOC_TEXT,
    )
    build(project)
    return project


@pytest.fixture(scope="module")
def example_store(example: Project) -> Iterator[ox.Store]:
    """The example's store, opened read-only once per test module. `run_query`/`run_saved` on
    it run in this process: no child process (about 1 s each), so no time limit either."""
    from alliance_kg.store import open_store

    with open_store(example.store) as store:
        yield store


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """Run `alliance-kg ARGS…` in-process through the real entry point; return code and output."""
    from alliance_kg.cli import main

    def run(*args: str) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["alliance-kg", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
