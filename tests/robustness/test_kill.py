"""Crash safety: writers killed with -9 lose nothing and leave nothing behind.

* A build killed while HermiT runs leaves no JVM and, after the next run, no temporary folder.
* `build`, `add` and `remove` killed at random points (seeded, spread evenly over a writer's
  run): after every kill the store and the export are each the previous or the new one and
  both read; the next build succeeds and leaves no orphan store folder, temporary file or
  workspace.
* Readers keep answering while a build runs; two writers at once: the second fails clearly.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.project import Project
from alliance_kg.reason.consistency import remove_stale_workspaces

from ..conftest import FIXTURES, ROOT, make_project

#: runs HermiT on the ontology and a large made-up ABox (a JVM busy for many seconds)
CHILD = """
import pyoxigraph as ox
from alliance_kg.reason.consistency import run_hermit
triples = [q.triple for q in ox.parse(path=ONTOLOGY, format=ox.RdfFormat.TURTLE)]
ak = "https://w3id.org/alliance-kg/ontology#"
rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
for i in range(30000):
    me = ox.NamedNode(f"https://example.org/firm/{i}")
    triples.append(ox.Triple(me, rdf_type, ox.NamedNode(ak + "Company")))
    other = ox.NamedNode(f"https://example.org/firm/{(i * 7919) % 30000}")
    triples.append(ox.Triple(me, ox.NamedNode(ak + "collaboratesWith"), other))
while True:
    run_hermit(triples)
"""


def _java_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), ""
        )
        if ppid == str(pid) and b"HermiT" in cmdline:
            found.append(int(entry.name))
    return found


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_kill_9_during_hermit_leaves_no_jvm_and_no_workspace():
    source = ROOT / "ontology" / "alliance.ttl"
    child = subprocess.Popen([sys.executable, "-c", CHILD.replace("ONTOLOGY", repr(str(source)))])
    try:
        assert _wait_for(lambda: _java_children(child.pid), 120), "HermiT never started"
        jvms = _java_children(child.pid)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        # with the death signal the kernel kills the JVM at once; without, it would run on
        assert _wait_for(lambda: not any(Path(f"/proc/{j}").exists() for j in jvms), 5), (
            "the JVM outlived the killed process"
        )
    finally:
        if child.poll() is None:
            child.kill()
    mine = list(Path(tempfile.gettempdir()).glob(f"alliance-kg-hermit-{child.pid}-*"))
    removed = remove_stale_workspaces()
    assert all(folder in removed for folder in mine)
    assert not list(Path(tempfile.gettempdir()).glob(f"alliance-kg-hermit-{child.pid}-*"))


# --------------------------------------------------------------------------------------------
# kill -9 at random points of `build`, `add` and `remove`; readers during a build; two writers

#: the project: the three linked documents of tests/fixtures/multi; `tiny` is added and removed
BASE = [FIXTURES / "multi" / f"{name}.{ext}" for name in ("a-minerals", "b-defence", "c-news")
        for ext in ("yaml", "txt")]  # fmt: skip
EXTRA = [FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"]
#: what each named graph holds: the store's answer, old or new, must be one of the known ones
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass
class State:
    """What a store and its export hold for one set of sources."""

    counts: frozenset[tuple[str, int]]
    export: frozenset[ox.Triple]


def _run(project: Project, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "alliance_kg", *args, "--project", str(project.root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _counts(project: Project) -> frozenset[tuple[str, int]]:
    from alliance_kg.query.run import run_query

    rows = run_query(project.store, COUNTS).solutions()
    return frozenset((r["g"].value, int(r["n"].value)) for r in rows)


def _state(project: Project) -> State:
    export = frozenset(ox.parse(path=str(project.export), format=ox.RdfFormat.TURTLE))
    return State(_counts(project), export)


def _has_extra(project: Project) -> bool:
    return (project.sources / "tiny.yaml").exists()


def _stage_draft(project: Project) -> Path:
    """A reviewed draft of `tiny` waiting in graph/drafts/, so `add` takes it without extracting."""
    folder = project.root / "graph" / "drafts" / "tiny"
    folder.mkdir(parents=True, exist_ok=True)
    for src in EXTRA:
        shutil.copy(src, folder / src.name)
    return folder / "tiny.txt"


def _op(project: Project, name: str) -> list[str]:
    if name == "add":
        return ["add", str(_stage_draft(project)), "--yes", "--no-reason"]
    if name == "remove":
        return ["remove", "tiny", "--no-reason"]
    return ["build", "--force", "--no-reason"]


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[bool, State]]:
    """A built project, and the state of its store and export without and with `tiny`."""
    from alliance_kg.build import build

    project = make_project(tmp_path_factory.mktemp("kill") / "proj", *BASE)
    build(project, reason=False)
    without = _state(project)
    for src in EXTRA:
        shutil.copy(src, project.sources / src.name)
    build(project, reason=False)
    with_extra = _state(project)
    for src in EXTRA:
        (project.sources / src.name).unlink()
    build(project, reason=False)
    assert _state(project) == without != with_extra
    return project, {False: without, True: with_extra}


def _leftovers(project: Project, killed: list[int]) -> list[str]:
    """What killed processes left behind that a build should have removed."""
    graph = project.root / "graph"
    found = [str(p) for p in graph.rglob(".*.tmp") if ".stores" not in p.parts]
    live = project.store.resolve()
    found += [str(p) for p in (graph / ".stores").iterdir() if p.resolve() != live]
    found += [str(p) for p in graph.glob(".*.new")]
    found += [str(p) for p in (graph / "removed").glob("*") if not any(p.iterdir())] if (
        graph / "removed").is_dir() else []  # fmt: skip
    for pid in killed:
        found += [str(p) for p in Path(tempfile.gettempdir()).glob(f"alliance-kg-*-{pid}-*")]
    return found


_SPAN: dict[Path, float] = {}


def _writer_span(project: Project) -> float:
    """How long an uninterrupted `build --force` runs here (measured once per project)."""
    if project.root not in _SPAN:
        started = time.monotonic()
        assert _run(project, *_op(project, "build")).wait(timeout=300) == 0
        _SPAN[project.root] = time.monotonic() - started
    return _SPAN[project.root]


def _kill_at_random_points(project: Project, states: dict[bool, State], kills: int, seed: int
                           ) -> None:  # fmt: skip
    from alliance_kg.build import build

    rng = random.Random(seed)
    killed: list[int] = []
    # how long an uninterrupted writer runs here: kills fall anywhere inside it
    span = _writer_span(project)
    for i in range(kills):
        name = rng.choice(["remove", "build"] if _has_extra(project) else ["add", "build"])
        # stratified: the i-th kill falls at a random point of the i-th of `kills` equal slices
        # of the span, so a dozen kills reach every phase (start-up, parse, load, export, swap)
        # where uniform draws would cluster and leave gaps
        delay = 0.3 + (span - 0.3) * (i + rng.random()) / kills
        child = _run(project, *_op(project, name))
        time.sleep(delay)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed.append(child.pid)
        code = child.wait(timeout=300)
        stderr = child.stderr.read().decode() if child.stderr else ""
        assert code in (0, -signal.SIGKILL), (i, name, code, stderr)
        # the store and the export are each the old or the new one, and both read
        assert _counts(project) in {s.counts for s in states.values()}, (i, name, delay)
        export = frozenset(ox.parse(path=str(project.export), format=ox.RdfFormat.TURTLE))
        assert export in {s.export for s in states.values()}, (i, name, delay)
    report = build(project, reason=False)  # the next build succeeds and leaves nothing behind
    assert report.triples > 0
    assert _state(project) == states[_has_extra(project)]
    assert not _leftovers(project, killed)


def test_kill_9_during_build_add_and_remove(states: tuple[Project, dict[bool, State]]) -> None:
    project, known = states
    _kill_at_random_points(project, known, kills=4, seed=20261130)


@pytest.mark.crash
def test_kill_9_many_times(states: tuple[Project, dict[bool, State]]) -> None:
    project, known = states
    _kill_at_random_points(project, known, kills=12, seed=17)


def _lock_held(path: Path) -> bool:
    """Whether some process holds a lock on `path` (read from /proc/locks: a probe with
    flock would itself make the writer fail)."""
    inode = os.stat(path).st_ino
    return any(line.split()[5].endswith(f":{inode}") for line in
               Path("/proc/locks").read_text().splitlines() if len(line.split()) > 5)  # fmt: skip


def _reset(project: Project, extra: bool) -> None:
    """Sources with or without `tiny`, built."""
    from alliance_kg.build import build

    for src in EXTRA:
        if extra:
            shutil.copy(src, project.sources / src.name)
        else:
            (project.sources / src.name).unlink(missing_ok=True)
    build(project, reason=False)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks")
def test_readers_answer_while_a_build_runs(states: tuple[Project, dict[bool, State]]) -> None:
    project, known = states
    _reset(project, extra=False)
    for src in EXTRA:  # the build adds `tiny`: readers see the old answer, then the new one
        shutil.copy(src, project.sources / src.name)
    lock = project.root / "graph" / ".build.lock"
    writer = _run(project, "build", "--force")  # with HermiT: a while to read during
    assert _wait_for(lambda: lock.exists() and _lock_held(lock), 120), "the build took no lock"
    answers = []
    while writer.poll() is None:
        answers.append(_counts(project))
    assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    answers.append(_counts(project))
    assert len(answers) >= 2
    assert set(answers) <= {known[False].counts, known[True].counts}
    assert answers[-1] == known[True].counts


@pytest.mark.parametrize("second", ["build", "add", "remove"])
def test_a_second_writer_fails_clearly(
    states: tuple[Project, dict[bool, State]], second: str
) -> None:
    """While one writer holds the build lock (here the test, through the lock every writer
    takes), a second `build`, `add` or `remove` fails at once with exit code 1 and says why,
    having changed nothing."""
    from alliance_kg.build import writing

    project, known = states
    _reset(project, extra=second == "remove")
    sources = sorted(p.name for p in project.sources.iterdir())
    args = _op(project, second)
    with writing(project.root / "graph"):
        other = _run(project, *args)
        code = other.wait(timeout=300)
    message = other.stderr.read().decode() if other.stderr else ""
    assert code == 1, message
    assert "another build, add or remove is running" in message
    assert sorted(p.name for p in project.sources.iterdir()) == sources
    assert _state(project) == known[_has_extra(project)]
