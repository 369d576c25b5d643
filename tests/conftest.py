"""Shared fixtures: a throw-away project around the real ontology, and the CLI in-process."""

from __future__ import annotations

import os
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

    from alliance_kg.build import BuildReport

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = ROOT / "graph" / "sources"
DOC_TEXT = SOURCES / "us-japan-alliance-summit.txt"

#: JVM flags for the many short HermiT runs of the test suite (each a fresh `java`, ~1 s of work):
#: the quick JIT tier and the serial collector start faster and use less CPU for them. They change
#: how fast HermiT answers, never what it answers; the product itself runs `java` as owlready2 does.
#: Set in the environment, so CLI subprocesses and the notebook's kernel inherit them too.
TEST_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def pytest_configure(config: pytest.Config) -> None:
    existing = os.environ.get("JAVA_TOOL_OPTIONS", "")
    if TEST_JVM_FLAGS not in existing:
        os.environ["JAVA_TOOL_OPTIONS"] = f"{existing} {TEST_JVM_FLAGS}".strip()


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


@dataclass(frozen=True)
class Built:
    """A project after `build(project)`, with the report that build returned."""

    project: Project
    report: BuildReport


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The tiny project built once per session (a default build, HermiT included).

    Shared: tests only read it. A test that edits a built project takes `built_tiny_project`.
    """
    from alliance_kg.build import build

    proj = make_project(
        tmp_path_factory.mktemp("tiny-built") / "proj",
        FIXTURES / "tiny" / "tiny.yaml",
        FIXTURES / "tiny" / "tiny.txt",
    )
    return Built(proj, build(proj))


@pytest.fixture
def built_tiny_project(tiny_built: Built, tmp_path: Path) -> Project:
    """A private copy of `tiny_built`: what `tiny_project` is after `build(tiny_project)`.

    The copy keeps the store folder, the relative ``graph/store`` link, the manifest and the
    export, so a later build sees a built project, as it would after a build in the test.
    """
    shutil.copytree(tiny_built.project.root, tmp_path / "proj", symlinks=True)
    return Project(tmp_path / "proj")


@pytest.fixture(scope="session")
def example_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The example document built once per session into a throw-away project (with queries/)."""
    from alliance_kg.build import build

    project = make_project(
        tmp_path_factory.mktemp("example") / "proj",
        SOURCES / "us-japan-alliance-summit.yaml",
        DOC_TEXT,
    )
    return Built(project, build(project))


@pytest.fixture(scope="session")
def example(example_built: Built) -> Project:
    """The session's built example project; tests only read it."""
    return example_built.project


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


@dataclass(frozen=True)
class Home:
    """Built projects saved once per session, restored for a test at the path they were built at.

    A build records its inputs by absolute path (the up-to-date check, the per-document records),
    so a copy elsewhere would rebuild in full; restored at the same path, the copy is exactly the
    project its build left (up to date, its next build incremental). One test at a time uses the
    home (each xdist worker has its own), and each restore wipes what the test before left.
    """

    root: Path  # the project folder while a test uses it
    saved: Path  # the saved states, by name

    def save(self, name: str) -> None:
        """Keep the project as it is now under `name`."""
        shutil.copytree(self.root, self.saved / name, symlinks=True)

    def has(self, name: str) -> bool:
        return (self.saved / name).is_dir()

    def restore(self, name: str) -> Project:
        """The project as it was saved under `name`, at `root` (whatever was there is removed)."""
        shutil.rmtree(self.root.parent, ignore_errors=True)
        self.root.parent.mkdir(parents=True)
        shutil.copytree(self.saved / name, self.root, symlinks=True)
        return Project(self.root)


def _home(tmp_path_factory: pytest.TempPathFactory, name: str, sources: list[Path]) -> Home:
    """A `Home` whose project, made of `sources`, is built (reasoning off) and saved as `name`."""
    from alliance_kg.build import build

    home = Home(
        tmp_path_factory.mktemp(f"{name}-home") / "work" / "proj",
        tmp_path_factory.mktemp(f"{name}-saved"),
    )
    build(make_project(home.root, *sources), reason=False)
    home.save(name)
    return home


@pytest.fixture(scope="session")
def multi_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """tests/fixtures/multi (three documents sharing entities) built once per session with
    reasoning off, saved as ``"multi"``; a test restores it (`Home.restore`) and may change it."""
    return _home(tmp_path_factory, "multi", sorted((FIXTURES / "multi").iterdir()))


@pytest.fixture(scope="session")
def tiny_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """tests/fixtures/tiny built once per session with reasoning off, saved as ``"tiny"``."""
    return _home(
        tmp_path_factory, "tiny", [FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"]
    )


@pytest.fixture(scope="session")
def multi_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """tests/fixtures/multi built once per session, reasoning off. Shared: tests only read it
    (a test that changes multi restores its own from `multi_home`)."""
    from alliance_kg.build import build

    proj = make_project(
        tmp_path_factory.mktemp("multi-built") / "proj", *sorted((FIXTURES / "multi").iterdir())
    )
    return Built(proj, build(proj, reason=False))
