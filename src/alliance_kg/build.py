"""`build`: annotations → validated store + Turtle export, all or nothing.

The steps (docs/design.md, "Store layout and the atomic build"): read and check every input in
memory, validate with SHACL, write a brand-new store folder and a temporary export, then swap
both in. Any failure before the swap leaves the live store and export exactly as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from . import __version__
from .annotation import read_annotation
from .errors import InconsistentError, InputError, ProjectError, StoreError, ValidationError
from .export.turtle import dump as dump_turtle
from .files import atomic_write, file_sha256
from .identities import Decisions, decision_quads, project_decisions
from .load import DocumentLoad, load_annotation, merge
from .names import NameIndex
from .namespaces import ONTOLOGY_GRAPH
from .ontology import Vocabulary, load_vocabulary
from .project import Project
from .reason.consistency import HERMIT_LIMIT, check_store
from .reason.rules import materialise
from .store import (
    open_store,
    quads_to_ox,
    read_manifest,
    remove_store,
    swap_in,
    write_manifest,
    write_store,
)
from .validate import load_shapes, validate_graph

#: bump when the loader's output changes for the same input, so unchanged inputs rebuild
LOADER_REVISION = 2  # 2: the store holds the inferred graph

Progress = Callable[[str], None]


@dataclass
class ReasoningSummary:
    """What the reasoning step of a build found and inferred."""

    consistent: bool = True
    method: str = ""
    unsatisfiable: list[str] = field(default_factory=list)
    inferred: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    check_seconds: float = 0.0
    rules_seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for the build report."""
        return (
            f"reasoning: consistent ({self.method}, {self.check_seconds:.2f} s); "
            f"inferred: {self.inferred} triples ({self.rules_seconds:.2f} s)"
        )


@dataclass
class BuildReport:
    """What a build did, for the CLI's table and JSON output."""

    documents: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    triples: int = 0
    shacl: str = ""
    warnings: list[str] = field(default_factory=list)
    store: str = ""
    export: str = ""
    digest: str = ""
    reasoning: ReasoningSummary | None = None
    up_to_date: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view (``reasoning`` is ``{}`` when it did not run)."""
        out = asdict(self)
        out["reasoning"] = out["reasoning"] or {}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BuildReport:
        """The report a manifest saved (`as_dict` without the per-run fields)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["reasoning"] = (
            ReasoningSummary(**values["reasoning"]) if values.get("reasoning") else None
        )
        return cls(**values)


def input_digest(project: Project, sources: Sequence[Path], reason: str = "hermit") -> str:
    """A digest of everything a build reads: vocabulary, shapes, annotations, documents."""
    h = hashlib.sha256(
        f"alliance-kg {__version__} loader {LOADER_REVISION} reason {reason}\n".encode()
    )
    for path in (project.ontology, project.shapes, *sources):
        h.update(f"{path.name}\n".encode())
        with contextlib.suppress(OSError):
            h.update(path.read_bytes())
    return h.hexdigest()


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".build.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another build is running in {folder}") from None
        yield


def build(
    project: Project,
    sources: Sequence[Path] | None = None,
    *,
    store: Path | None = None,
    export: Path | None = None,
    force: bool = False,
    reason: bool = True,
    reason_limit: int | None = HERMIT_LIMIT,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the store and export from `sources` (default: the project's annotation files).

    After SHACL, HermiT checks the data against the ontology (unless `reason` is false or there
    are more than `reason_limit` triples: then only the direct disjointness check runs) and the
    inference rules fill the inferred graph of the new store. Raises `AnnotationError`,
    `IdentityError`, `ValidationError` or `InconsistentError` for bad input, with the live store
    and export left untouched.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    sources = [Path(p) for p in (sources if sources else project.source_files())]
    if not sources:
        raise InputError(f"no annotation files (*.yaml) in {project.sources}")
    store_link = Path(store or project.store)
    export_path = Path(export or project.export)

    with _build_lock(store_link.parent):
        annotations = []
        for path in sources:
            say(f"reading {path}")
            annotations.append(read_annotation(path))
        decisions = project_decisions(project, sources)  # graph/identities.yaml, if any
        mode = "off" if not reason else f"hermit<={reason_limit}"
        # documents are read through their annotations; hash both, and the identity decisions
        digest = input_digest(
            project,
            [*(p for a in annotations for p in (a.path, a.doc_path)), project.identities],
            reason=mode,
        )
        if not force and (done := _up_to_date(store_link, export_path, digest)) is not None:
            done.seconds = round(time.perf_counter() - started, 3)
            return done
        report = BuildReport(store=str(store_link), export=str(export_path), digest=digest)
        say("loading the ontology and shapes")
        vocab, shapes = project_schema(project)
        loads = _load_and_validate(annotations, vocab, shapes, report, say, decisions)
        staging = ox.Store()  # in memory: reasoning runs here before anything touches the disk
        decided = decision_quads(annotations, vocab, decisions)  # their provenance graph
        staging.bulk_extend(quads_to_ox([*_quads(loads), *_ontology_quads(vocab), *decided]))
        report.reasoning = _reason(staging, reason, reason_limit, say)
        folder = _new_store_folder(store_link, digest)
        say(f"writing the store {folder}")
        write_store(folder, iter(staging))
        del staging  # free the in-memory copy before the export reads the new store
        _export_and_swap(folder, store_link, export_path, report, started, say)
        return report


def project_schema(project: Project) -> tuple[Vocabulary, Graph]:
    """The project's vocabulary and SHACL shapes, as a build (and `validate`) loads documents
    against them; an ontology without core-class marks cannot load any entity: say so."""
    vocab = load_vocabulary(project.ontology)
    if not vocab.core_classes:
        raise ProjectError(
            f"{project.ontology}: no class is marked ak:coreClass, so no entity could be "
            "loaded; an ontology from before the marks needs the ak:coreClass, "
            "ak:partyClass and display annotations of the project's own ontology"
        )
    return vocab, load_shapes(project.shapes)


def _up_to_date(store_link: Path, export_path: Path, digest: str) -> BuildReport | None:
    """The saved report if the live store was built from these inputs and the export is intact."""
    manifest = read_manifest(store_link) if store_link.exists() else None
    if (
        manifest is None
        or manifest.get("digest") != digest
        or manifest.get("export_sha256") != file_sha256(export_path)
    ):
        return None
    report = BuildReport.from_dict(manifest.get("report", {}))
    report.store, report.export = str(store_link), str(export_path)  # where it is now
    report.up_to_date = True
    return report


def _quads(loads: Sequence[DocumentLoad]) -> list:
    return [q for load in loads for q in load.quads]


def _ontology_quads(vocab: Vocabulary) -> list:
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in vocab.graph]


def _load_and_validate(
    annotations: Sequence[Any],
    vocab: Vocabulary,
    shapes: Graph,
    report: BuildReport,
    say: Progress,
    decisions: Decisions | None = None,
) -> list[DocumentLoad]:
    """Each annotation as quads, identity checked across documents, then SHACL on the whole."""
    loads: list[DocumentLoad] = []
    annotations = sorted(annotations, key=lambda a: str(a.path))  # file order must not matter
    say("indexing the names of every document")
    known = NameIndex.build(annotations, vocab, decisions=decisions)
    for ann in annotations:
        say(f"loading {ann.path.name}")
        loads.append(load_annotation(ann, vocab, known=known))
    merge(loads, vocab)
    say("validating with SHACL")
    data = Graph()
    origins: dict[object, tuple[str, int | None]] = {}
    for load in loads:
        for s, p, o, _g in load.quads:
            data.add((s, p, o))
        for key, origin in load.origins.items():
            origins.setdefault(key, origin)
    result = validate_graph(data, vocab.graph, shapes, origins)
    if not result.conforms:
        shown = result.violations[:20]
        more = len(result.violations) - len(shown)
        raise ValidationError(
            f"SHACL validation failed with {len(result.violations)} violation(s):\n  "
            + "\n  ".join(shown)
            + (f"\n  … and {more} more" if more else ""),
            result.violations,
        )
    classes: dict[str, str] = {}
    for load in loads:
        for iri, rec in load.entities.items():
            classes.setdefault(str(iri), vocab.core_class(rec.cls) or rec.cls)
    report.documents = [load.doc_id for load in loads]
    report.entities = dict(sorted(Counter(classes.values()).items()))
    report.statements = sum(load.statements for load in loads)
    report.warnings = [w for load in loads for w in load.warnings]
    report.shacl = result.summary()
    report.triples = len(_quads(loads))
    return loads


def _new_store_folder(store_link: Path, digest: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return store_link.parent / ".stores" / f"{stamp}-{digest[:12]}"


def _export_and_swap(
    folder: Path,
    store_link: Path,
    export_path: Path,
    report: BuildReport,
    started: float,
    say: Progress,
) -> None:
    """Export the new store to a staged file, then swap store and export in; undo on failure."""
    staged_export = export_path.with_name(f".{export_path.name}.new")
    try:
        say(f"exporting {export_path}")
        with open_store(folder) as new_store, atomic_write(staged_export) as fh:
            dump_turtle(new_store, fh)
        report.seconds = round(time.perf_counter() - started, 3)
        saved = {k: v for k, v in report.as_dict().items() if k not in {"up_to_date", "seconds"}}
        write_manifest(
            folder,
            {"digest": report.digest, "export_sha256": file_sha256(staged_export), "report": saved},
        )
        old = swap_in(store_link, folder)
    except BaseException:
        remove_store(folder)
        staged_export.unlink(missing_ok=True)
        raise
    os.replace(staged_export, export_path)
    if old is not None and old.parent == folder.parent:
        remove_store(old)


def _reason(store: ox.Store, reason: bool, limit: int | None, say: Progress) -> ReasoningSummary:
    """Check consistency (raising `InconsistentError`), then materialise the inferred graph."""
    say("checking consistency with HermiT" if reason else "checking disjointness")
    check = check_store(store, hermit=reason, limit=limit)
    if not check.consistent:
        raise InconsistentError(
            check.findings,
            f"the data contradicts the ontology ({len(check.findings)} problem(s), "
            f"found by {check.method})",
        )
    say("inferring")
    done = materialise(store)
    messages = list(check.notes)
    if not reason:
        messages.append("HermiT skipped (--no-reason); only the direct disjointness check ran")
    if check.unsatisfiable:
        messages.append(
            "unsatisfiable classes (no member may exist): " + ", ".join(check.unsatisfiable)
        )
    return ReasoningSummary(
        consistent=True,
        method=check.method,
        unsatisfiable=check.unsatisfiable,
        inferred=done.inferred,
        rules=done.per_rule,
        check_seconds=check.seconds,
        rules_seconds=done.seconds,
        messages=messages,
    )
