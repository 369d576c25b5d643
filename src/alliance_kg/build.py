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
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import __version__
from .annotation import read_annotation
from .errors import InconsistentError, InputError, StoreError, ValidationError
from .export.base import atomic_write
from .export.turtle import dump as dump_turtle
from .load import DocumentLoad, load_annotation, merge
from .namespaces import ONTOLOGY_GRAPH
from .ontology import load_vocabulary
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
from .validate import ShaclResult, load_shapes, validate_graph

#: bump when the loader's output changes for the same input, so unchanged inputs rebuild
LOADER_REVISION = 2  # 2: the store holds the inferred graph

Progress = Callable[[str], None]


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
    reasoning: dict[str, object] = field(default_factory=dict)
    up_to_date: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return dict(self.__dict__)


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


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


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
    report = BuildReport(store=str(store_link), export=str(export_path))

    with _build_lock(store_link.parent):
        # documents are read through their annotations; hash both
        annotations = []
        for path in sources:
            say(f"reading {path}")
            annotations.append(read_annotation(path))
        mode = "off" if not reason else f"hermit<={reason_limit}"
        digest = input_digest(
            project, [p for a in annotations for p in (a.path, a.doc_path)], reason=mode
        )
        report.digest = digest
        manifest = read_manifest(store_link) if store_link.exists() else None
        if (
            not force
            and manifest is not None
            and manifest.get("digest") == digest
            and manifest.get("export_sha256") == _file_sha(export_path)
        ):
            report.__dict__.update(manifest.get("report", {}))
            report.up_to_date = True
            report.seconds = round(time.perf_counter() - started, 3)
            return report

        say("loading the ontology and shapes")
        vocab = load_vocabulary(project.ontology)
        shapes = load_shapes(project.shapes)
        loads: list[DocumentLoad] = []
        for ann in annotations:
            say(f"loading {ann.path.name}")
            loads.append(load_annotation(ann, vocab))
        merge(loads, vocab)

        say("validating with SHACL")
        data = Graph()
        origins: dict[object, tuple[str, int | None]] = {}
        for load in loads:
            for s, p, o, _g in load.quads:
                data.add((s, p, o))
            for key, origin in load.origins.items():
                origins.setdefault(key, origin)
        result: ShaclResult = validate_graph(data, vocab.graph, shapes, origins)
        if not result.conforms:
            shown = result.violations[:20]
            more = len(result.violations) - len(shown)
            raise ValidationError(
                f"SHACL validation failed with {len(result.violations)} violation(s):\n  "
                + "\n  ".join(shown)
                + (f"\n  … and {more} more" if more else ""),
                result.violations,
            )

        report.documents = [load.doc_id for load in loads]
        classes: dict[str, str] = {}
        for load in loads:
            for iri, rec in load.entities.items():
                classes.setdefault(str(iri), vocab.core_class(rec.cls) or rec.cls)
        report.entities = dict(sorted(Counter(classes.values()).items()))
        report.statements = sum(load.statements for load in loads)
        report.warnings = [w for load in loads for w in load.warnings]
        report.shacl = result.summary()

        ontology_quads = [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in vocab.graph]
        all_quads = [q for load in loads for q in load.quads]
        report.triples = len(all_quads)
        staging = ox.Store()  # in memory: reasoning runs here before anything touches the disk
        staging.bulk_extend(quads_to_ox([*all_quads, *ontology_quads]))
        report.reasoning = _reason(staging, reason, reason_limit, say)

        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        folder = store_link.parent / ".stores" / f"{stamp}-{digest[:12]}"
        say(f"writing the store {folder}")
        staged_export = export_path.with_name(f".{export_path.name}.new")
        write_store(folder, iter(staging))
        del staging
        try:
            say(f"exporting {export_path}")
            with open_store(folder) as new_store, atomic_write(staged_export) as fh:
                dump_turtle(new_store, fh)
            report.seconds = round(time.perf_counter() - started, 3)
            saved = {
                k: v for k, v in report.as_dict().items() if k not in {"up_to_date", "seconds"}
            }
            write_manifest(
                folder,
                {"digest": digest, "export_sha256": _file_sha(staged_export), "report": saved},
            )
            old = swap_in(store_link, folder)
        except BaseException:
            remove_store(folder)
            staged_export.unlink(missing_ok=True)
            raise
        os.replace(staged_export, export_path)
        if old is not None and old.parent == folder.parent:
            remove_store(old)
        return report


def _reason(store: ox.Store, reason: bool, limit: int | None, say: Progress) -> dict[str, object]:
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
    return {
        "consistent": True,
        "method": check.method,
        "unsatisfiable": check.unsatisfiable,
        "inferred": done.inferred,
        "rules": done.per_rule,
        "check_seconds": check.seconds,
        "rules_seconds": done.seconds,
        "messages": messages,
    }
