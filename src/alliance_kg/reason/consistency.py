"""Consistency with a real OWL 2 DL reasoner: HermiT through owlready2, culprits in plain words.

owlready2 reads N-Triples (not Turtle), so the ontology and data graphs of a store are written
to a temporary N-Triples file and loaded into a fresh owlready2 `World` per run; ``owl:imports``
are dropped first, since owlready2 would fetch them over the network. ``ak:date`` and ``ak:year``
hold xsd:date / xsd:gYear literals, outside the OWL 2 datatype map, so HermiT runs with
``ignore_unsupported_datatypes``.

HermiT answers "inconsistent" and nothing more. The culprits come from the direct disjointness
check (`alliance_kg.reason.clashes`), and when that finds nothing, from narrowing: HermiT is run
again on parts of the data, entity by entity, down to a small set that is still inconsistent.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..defaults import HERMIT_LIMIT
from ..errors import InputError, ReasonerError
from ..files import process_alive
from ..namespaces import AKGRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, short
from .clashes import Finding, find_clashes, read_schema, show_triple

_OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


@dataclass
class ConsistencyReport:
    """The outcome of a consistency check."""

    consistent: bool
    method: str  # "HermiT" or "direct disjointness check (HermiT skipped)"
    findings: list[Finding] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)
    triples: int = 0
    hermit_runs: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "consistent": self.consistent,
            "method": self.method,
            "findings": [f.as_row() for f in self.findings],
            "unsatisfiable": self.unsatisfiable,
            "triples": self.triples,
            "hermit_runs": self.hermit_runs,
            "seconds": self.seconds,
            "notes": self.notes,
        }

    def summary(self) -> str:
        """One line for reports."""
        verdict = (
            "consistent" if self.consistent else f"INCONSISTENT ({len(self.findings)} problem(s))"
        )
        unsat = f", {len(self.unsatisfiable)} unsatisfiable class(es)" if self.unsatisfiable else ""
        return f"{verdict} by {self.method}{unsat} ({self.triples} triples, {self.seconds:.2f} s)"


# --------------------------------------------------------------------------- store contents


def _is_data_graph(graph: object) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value not in {
        str(ONTOLOGY_GRAPH),
        str(INFERRED_GRAPH),
    }


def data_triples(store: ox.Store) -> list[ox.Triple]:
    """The distinct triples of every data graph (all named graphs but ontology and inferred)."""
    seen: dict[ox.Triple, None] = {}
    for graph in store.named_graphs():
        if _is_data_graph(graph):
            for q in store.quads_for_pattern(None, None, None, graph):
                seen.setdefault(q.triple, None)
    return list(seen)


def ontology_triples(store: ox.Store) -> list[ox.Triple]:
    """The triples of the ontology graph."""
    return [
        q.triple
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))
    ]


def load_files(ontology: Path, data: Iterable[Path], warnings: list[str] | None = None) -> ox.Store:
    """An in-memory store with `ontology` in the ontology graph and each data file in its own.

    Every file goes through the safe reader (`alliance_kg.rdfread`); what it warns about
    (``owl:imports`` not fetched, a suffix that lied) is added to `warnings`.
    """
    from ..rdfread import read_rdf

    store = ox.Store()
    files = [(Path(ontology), ox.NamedNode(str(ONTOLOGY_GRAPH)))]
    files += [(Path(p), ox.NamedNode(str(AKGRAPH[f"data/{i}"]))) for i, p in enumerate(data)]
    for path, graph in files:
        read = read_rdf(path)
        if warnings is not None:
            warnings.extend(read.warnings)
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in read.triples())
    return store


# --------------------------------------------------------------------------- HermiT


@dataclass
class HermitResult:
    """One HermiT run: consistent or not, and the unsatisfiable named classes if consistent."""

    consistent: bool
    unsatisfiable: list[str]
    seconds: float


#: characters XML 1.0 cannot hold (owlready2 hands HermiT RDF/XML): C0 controls but tab,
#: newline and carriage return, and the non-characters U+FFFE / U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(triple: ox.Triple) -> ox.Triple:
    """The triple with XML-illegal characters of a literal replaced by U+FFFD.

    A document's sentence may hold control characters; they cannot cross into HermiT, and the
    text of a string literal plays no part in consistency (its datatype does, and is kept).
    """
    obj = triple.object
    if not isinstance(obj, ox.Literal) or not _NOT_XML.search(obj.value):
        return triple
    text = _NOT_XML.sub("\ufffd", obj.value)
    if obj.language:
        lit = ox.Literal(text, language=obj.language)
    else:
        lit = ox.Literal(text, datatype=obj.datatype)
    return ox.Triple(triple.subject, triple.predicate, lit)


def _java_cause(output: str) -> str:
    """The line of a Java failure that says what went wrong (not the last frame of the trace)."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    for line in lines:
        if ("Exception" in line or "Error" in line) and not line.startswith("at "):
            return line
    return lines[-1] if lines else "no output"


#: the prefix of a HermiT run's temporary folder, followed by the pid of the process that made it
_WORKSPACE = "alliance-kg-hermit-"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def remove_stale_workspaces() -> list[Path]:
    """Delete the temporary folders of HermiT runs whose process is gone (killed with -9)."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{_WORKSPACE}*"):
        pid = folder.name[len(_WORKSPACE) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextlib.contextmanager
def _temp_files_in(folder: str) -> Iterator[None]:
    """Point `tempfile` at `folder` (owlready2 saves the world for Java with `tempfile`)."""
    saved = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = saved


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@contextlib.contextmanager
def _jvm_dies_with_us() -> Iterator[None]:
    """On Linux, ask the kernel to kill owlready2's java child when this process dies, so a
    killed build leaves no JVM behind (owlready2 passes `_subprocess_kargs` to subprocess)."""
    from owlready2 import reasoning

    if not sys.platform.startswith("linux"):
        yield
        return
    kwargs = reasoning._subprocess_kargs
    had = "preexec_fn" in kwargs
    kwargs["preexec_fn"] = _die_with_parent
    try:
        yield
    finally:
        if not had:
            kwargs.pop("preexec_fn", None)


def run_hermit(triples: Iterable[ox.Triple]) -> HermitResult:
    """Run HermiT over `triples` (ontology + data) in a fresh owlready2 World."""
    from owlready2 import (
        OwlReadyInconsistentOntologyError,
        OwlReadyJavaError,
        OwlReadyOntologyParsingError,
        World,
        sync_reasoner,
    )

    if shutil.which("java") is None:
        raise ReasonerError(
            "HermiT needs Java, which is not installed: run scripts/setup.sh "
            "(apt-get install openjdk-17-jre-headless), or skip it with --no-reason"
        )
    started = time.perf_counter()
    kept = [_xml_safe(t) for t in triples if t.predicate.value != _OWL_IMPORTS]
    remove_stale_workspaces()
    with tempfile.TemporaryDirectory(prefix=f"{_WORKSPACE}{os.getpid()}-") as tmp:
        path = Path(tmp) / "input.nt"
        with path.open("wb") as fh:
            ox.serialize(kept, fh, ox.RdfFormat.N_TRIPLES)
        world = World()
        try:
            # the format is given: owlready2 guesses it from the first bytes, and a long first
            # literal made it read this N-Triples file as RDF/XML (a traceback from expat)
            world.get_ontology(path.as_uri()).load(format="ntriples")
            # owlready2 prints the java command line and timings even with debug=0; its own
            # copy of the world goes into our workspace (swept if this process is killed), and
            # the JVM dies with this process
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
                _temp_files_in(tmp),
                _jvm_dies_with_us(),
            ):
                sync_reasoner(
                    world,
                    infer_property_values=False,
                    debug=0,
                    ignore_unsupported_datatypes=True,
                )
            unsat = sorted(
                c.iri
                for c in world.inconsistent_classes()
                if getattr(c, "iri", "") and not c.iri.endswith("#Nothing")
            )
        except OwlReadyInconsistentOntologyError:
            return HermitResult(False, [], round(time.perf_counter() - started, 3))
        except OwlReadyJavaError as exc:
            raise ReasonerError(f"HermiT failed: {_java_cause(str(exc))}") from None
        except OwlReadyOntologyParsingError as exc:
            raise ReasonerError(f"owlready2 could not read the graph for HermiT: {exc}") from None
        finally:
            with contextlib.suppress(Exception):
                world.close()
        return HermitResult(True, unsat, round(time.perf_counter() - started, 3))


# --------------------------------------------------------------------------- narrowing


def _by_entity(triples: Sequence[ox.Triple]) -> dict[str, list[ox.Triple]]:
    groups: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        groups[str(t.subject)].append(t)
    return dict(sorted(groups.items()))


def narrow(
    tbox: Sequence[ox.Triple],
    abox: Sequence[ox.Triple],
    *,
    max_runs: int = 24,
    inconsistent: Callable[[list[ox.Triple]], bool] | None = None,
) -> tuple[list[str], int]:
    """A small set of subjects whose triples are inconsistent with `tbox` (delta debugging).

    Returns the subjects and the number of HermiT runs used; stops early after `max_runs`.
    """
    groups = _by_entity(abox)
    runs = 0

    def bad(keys: Sequence[str]) -> bool:
        nonlocal runs
        runs += 1
        chosen = [t for k in keys for t in groups[k]]
        if inconsistent is not None:
            return inconsistent(chosen)
        return not run_hermit([*tbox, *chosen]).consistent

    items = list(groups)
    n = 2
    while len(items) >= 2 and runs < max_runs:
        size = -(-len(items) // n)
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        for chunk in chunks:
            if runs < max_runs and bad(chunk):
                items, n = chunk, 2
                break
        else:
            for chunk in chunks:
                rest = [k for k in items if k not in chunk]
                if len(chunks) > 2 and runs < max_runs and bad(rest):
                    items, n = rest, max(n - 1, 2)
                    break
            else:
                if n >= len(items):
                    break
                n = min(len(items), n * 2)
    return items, runs


# --------------------------------------------------------------------------- the check


def check_store(
    store: ox.Store,
    *,
    hermit: bool = True,
    limit: int | None = HERMIT_LIMIT,
    focus: Set[str] | None = None,
    count: int | None = None,
) -> ConsistencyReport:
    """Check the data graphs of `store` against its ontology graph; never raises on findings.

    With `hermit` false, or more than `limit` data triples, only the direct disjointness check
    runs (it is exact for the common case, but not a complete OWL reasoner). `focus` (entity
    IRIs) narrows that direct check to those entities: an incremental build passes the
    entities its new documents name, because only they can have gained a class to belong to.
    HermiT, when it runs, always sees everything. `count`: the data triples, when the caller
    knows them (a build does), to spare counting the store.
    """
    started = time.perf_counter()
    tbox = ontology_triples(store)
    if not tbox:
        raise InputError("no ontology in the store to check the data against")
    count = count_data(store) if count is None else count
    if not hermit or (limit is not None and count > limit):
        report = ConsistencyReport(consistent=True, method="HermiT", triples=count)
        _direct_only(report, find_clashes(store, read_schema(store), focus), hermit, limit)
    else:
        abox = data_triples(store)
        report = ConsistencyReport(consistent=True, method="HermiT", triples=len(abox))
        _with_hermit(report, find_clashes(store, read_schema(store)), tbox, abox)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def count_data(store: ox.Store) -> int:
    """The triples of the data graphs, counted per graph (a triple two documents state counts
    twice): cheap, and an upper bound of the distinct triples HermiT would get."""
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != <{ONTOLOGY_GRAPH}> && ?g != <{INFERRED_GRAPH}>) }}"
    )
    return int(next(iter(store.query(query)))[0].value)


def _direct_only(
    report: ConsistencyReport, direct: list[Finding], hermit: bool, limit: int | None
) -> None:
    """The verdict of the direct disjointness check alone (HermiT off or over the limit)."""
    report.method = "direct disjointness check (HermiT skipped)"
    if hermit:
        report.notes.append(
            f"HermiT skipped: {report.triples} data triples is above the limit of {limit}; "
            "only the direct disjointness check ran"
        )
    report.findings = direct
    report.unsatisfiable = [f.subject for f in direct if f.kind == "unsatisfiable-class"]
    report.consistent = not any(f.kind == "disjoint" for f in direct)


def _with_hermit(
    report: ConsistencyReport,
    direct: list[Finding],
    tbox: list[ox.Triple],
    abox: list[ox.Triple],
) -> None:
    """HermiT's verdict; the culprits from the direct check, else by narrowing."""
    result = run_hermit([*tbox, *abox])
    report.hermit_runs = 1
    if result.consistent:
        report.unsatisfiable = [short(c) for c in result.unsatisfiable]
        explained = {f.subject: f for f in direct if f.kind == "unsatisfiable-class"}
        report.findings = [
            explained.get(c)
            or Finding("unsatisfiable-class", c, f"class {c} cannot have members (HermiT)")
            for c in report.unsatisfiable
        ]
        return
    report.consistent = False
    findings = list(direct)
    if not any(f.kind == "disjoint" for f in direct):
        findings.append(_narrowed(report, tbox, abox))
    # the unsatisfiable classes: HermiT on the ontology alone
    tbox_only = run_hermit(tbox)
    report.hermit_runs += 1
    if tbox_only.consistent:
        report.unsatisfiable = [short(c) for c in tbox_only.unsatisfiable]
    else:
        findings.insert(
            0, Finding("unexplained", "ontology", "the ontology itself is inconsistent (HermiT)")
        )
    report.findings = findings


def _narrowed(report: ConsistencyReport, tbox: list[ox.Triple], abox: list[ox.Triple]) -> Finding:
    """No disjoint pair explains HermiT's verdict: narrow the data down to a culprit set."""
    keys, runs = narrow(tbox, abox)
    report.hermit_runs += runs
    groups = _by_entity(abox)
    shown = [show_triple(t) for k in keys for t in groups[k]][:12]
    subjects = ", ".join(short(k.strip("<>")) for k in keys)
    return Finding(
        "narrowed",
        subjects,
        f"HermiT finds the data inconsistent with the ontology, and no two disjoint "
        f"classes explain it; the statements about {subjects} are inconsistent on their "
        f"own (found by narrowing, {runs} HermiT runs): " + " . ".join(shown),
        triples=tuple(shown),
    )
