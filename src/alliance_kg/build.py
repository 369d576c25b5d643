"""`build`: the project's annotations → validated store + Turtle export, all or nothing.

The steps (docs/design.md, "Store layout and the atomic build" and "Incremental builds"): read
what changed, load it against the name index of every document, validate with SHACL, write a
brand-new store folder (a fresh one, or a cheap copy of the live store with the changed
documents' graphs replaced) and a temporary export, then swap both in. Any failure before the
swap leaves the live store and export exactly as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF

from .derived import (
    Snapshot,
    derive_changed,
    derive_tables,
    drop_tables,
    with_union,
)
from .errors import InconsistentError, InputError, ProjectError, StoreError, ValidationError
from .evidence_table import derive_table, update_table
from .export.turtle import dump as dump_turtle
from .files import atomic_write, file_sha256
from .history import append_history, history_entry
from .identities import project_decisions, quads_of
from .imports import ImportPlan, is_import, plan_imports, stored_imports
from .incremental import (
    Plan,
    Source,
    inputs_digest,
    load_documents,
    previous_records,
    schema_digest,
    survey,
)
from .load import DocumentLoad, load_annotation, merge
from .namespaces import AKID, IDENTITIES_GRAPH, ONTOLOGY_GRAPH
from .ontology import Vocabulary, load_vocabulary
from .project import HISTORY, Project
from .reason.consistency import HERMIT_LIMIT, check_store
from .reason.rules import Materialised, materialise, materialise_added, retract
from .store import (
    copy_store,
    describe_triples,
    from_ox,
    open_store,
    quads_to_ox,
    read_manifest,
    remove_orphan_stores,
    remove_store,
    retire_store,
    swap_in,
    to_ox,
    write_manifest,
    write_store,
)
from .validate import ShaclResult, load_shapes, validate_store

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
    loaded: int = 0  # documents loaded by this build
    reused: int = 0  # documents whose graph was kept from the previous store
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


#: the graph folders whose build lock this process holds (the lock is re-entrant: `add` and
#: `remove` hold it while they change the sources and build)
_HELD: set[Path] = set()


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Hold the build lock of the graph `folder`: one writer (build, add, remove) at a time; a
    second fails at once with `StoreError` rather than wait."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = folder.resolve()
    if key in _HELD:
        yield
        return
    with (folder / ".build.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"another build, add or remove is running in {folder}; try again when it ends"
            ) from None
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)


def _remove_leftovers(project: Project, store_link: Path, export_path: Path) -> None:
    """What a writer killed with -9 left behind: orphan store folders, the staged export,
    temporary files and HermiT workspaces. Call with the build lock held."""
    from .files import remove_stale_temps
    from .reason.consistency import remove_stale_workspaces

    remove_orphan_stores(store_link)
    export_path.with_name(f".{export_path.name}.new").unlink(missing_ok=True)
    cache = store_link.parent / ".cache"
    for folder in {store_link.parent, export_path.parent, cache / "turtle", cache / "records",
                   project.sources}:  # fmt: skip
        remove_stale_temps(folder)
    removed = project.removed
    for stamp in removed.iterdir() if removed.is_dir() else []:
        with contextlib.suppress(OSError):  # an empty one: a `remove` killed before moving
            stamp.rmdir()
    remove_stale_workspaces()


def build(
    project: Project,
    *,
    store: Path | None = None,
    export: Path | None = None,
    force: bool = False,
    reason: bool = True,
    reason_limit: int | None = HERMIT_LIMIT,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the store and export of the whole project (every annotation in its sources).

    Incremental: a document whose inputs and names are unchanged keeps its named graph from the
    previous store (`alliance_kg.incremental`); with `force`, or when the ontology, shapes or
    code changed, every document is loaded again. After SHACL, HermiT checks the data against
    the ontology (unless `reason` is false or there are more than `reason_limit` triples: then
    only the direct disjointness check runs) and the inference rules fill the inferred graph of
    the new store. Raises `AnnotationError`, `IdentityError`, `ValidationError` or
    `InconsistentError` for bad input, with the live store and export left untouched.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    paths = project.source_files()
    imported = stored_imports(project)  # graph/imports: RDF brought in by `alliance-kg import`
    if not paths and not imported:
        raise InputError(f"no annotation files (*.yaml) in {project.sources}")
    store_link = Path(store or project.store)
    export_path = Path(export or project.export)

    with writing(store_link.parent), _heap_frozen_until_done() as freeze:
        _remove_leftovers(project, store_link, export_path)
        mode = "off" if not reason else f"hermit<={reason_limit}"
        schema = schema_digest(project, mode)
        manifest = read_manifest(store_link) if store_link.exists() else None
        records = store_link.parent / ".cache" / "records"
        previous = {} if force else previous_records(manifest, schema, records)
        sources = survey(paths, previous, say)
        decisions = project_decisions(project)  # graph/identities.yaml, if any
        digest = inputs_digest(schema, sources, extra=[project.identities, *imported])
        if not force and (done := _up_to_date(manifest, store_link, export_path, digest)):
            done.seconds = round(time.perf_counter() - started, 3)
            return done
        report = BuildReport(store=str(store_link), export=str(export_path), digest=digest)
        say("loading the ontology and shapes")
        vocab, shapes = project_schema(project)
        staging = None if previous and store_link.exists() else ox.Store()  # nothing to reuse
        plan = load_documents(sources, vocab, schema, say, decisions, sink=_streamer(staging))
        freeze()  # the records of every document, held to the end: no garbage collection scans them
        _add_imports(plan, plan_imports(imported, previous, vocab, schema, say))
        merge(plan.loads, vocab)
        _summarise(plan, vocab, report)
        decided = quads_of(plan.index, vocab)  # the identity decisions' provenance graph
        folder = _new_store_folder(store_link, digest)
        if plan.reused and store_link.exists():
            _update_store(
                store_link, folder, plan, decided, manifest or {}, vocab, shapes, report, say,
                reason=reason, reason_limit=reason_limit,
            )  # fmt: skip
        else:
            staging = ox.Store() if staging is None else staging
            report.reasoning = _build_store(
                folder, staging, plan, sources, decided, vocab, shapes, report, say,
                reason=reason, reason_limit=reason_limit,
            )  # fmt: skip
        report.reused = len(plan.reused)
        report.loaded = len(plan.fresh)
        # a full build exports from its in-memory copy (the same quads as the new store folder,
        # read several times faster than from disk); an incremental one from the new folder
        _export_and_swap(
            folder, store_link, export_path, report, schema, plan, started, say, source=staging
        )
        del staging
        _record_history(store_link.parent / HISTORY, report, plan, export_path)
        return report


@contextlib.contextmanager
def _heap_frozen_until_done() -> Iterator[Callable[[], None]]:
    """A `freeze` that moves the objects alive now out of the garbage collector's sight
    (`gc.freeze`) until the block ends. `open_store` collects garbage to release a store's
    lock; with the records of 770 documents in memory each collection took a second at 1M."""
    frozen = gc.get_freeze_count() == 0  # not if the caller froze the heap itself
    try:
        yield gc.freeze if frozen else (lambda: None)
    finally:
        if frozen:
            gc.unfreeze()


def _streamer(staging: ox.Store | None) -> Callable[[DocumentLoad], None] | None:
    """For a full build: put each document's quads into the staging store as it is loaded."""
    if staging is None:
        return None
    return lambda load: staging.bulk_extend(quads_to_ox(load.quads))


def _build_store(
    folder: Path,
    staging: ox.Store,
    plan: Plan,
    sources: Sequence[Source],
    decided: Sequence[Any],
    vocab: Vocabulary,
    shapes: Graph,
    report: BuildReport,
    say: Progress,
    *,
    reason: bool,
    reason_limit: int | None,
) -> ReasoningSummary:
    """A full build: every graph in the in-memory `staging` store (the documents' are streamed
    in as they load), SHACL and reasoning there, then a new store folder written from it."""
    staging.bulk_extend(quads_to_ox([*_quads(plan.fresh), *_ontology_quads(vocab)]))
    graphs = [load.graph for load in plan.fresh]
    _validate_all(staging, graphs, lambda: _all_origins(plan, sources, vocab), shapes, report, say)
    staging.bulk_extend(quads_to_ox(decided))  # not SHACL's business: added after it
    # the tables now, the union as the store is written (not a second copy in memory)
    reasoning = _reason(staging, reason, reason_limit, say, lambda st, _done: derive_tables(st))
    say(f"writing the store {folder}")
    write_store(folder, with_union(staging))
    derive_table(folder, staging, report.digest)  # the projection's evidence, read from memory
    return reasoning


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


def _up_to_date(
    manifest: dict[str, Any] | None, store_link: Path, export_path: Path, digest: str
) -> BuildReport | None:
    """The saved report if the live store (its `manifest`) was built from these inputs and the
    export is intact."""
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


def _add_imports(plan: Plan, imports: ImportPlan) -> None:
    """Put the imports into the build's plan: loaded ones as fresh loads, kept ones as reused
    records, each with its record for the manifest (so removing one drops its graph)."""
    plan.fresh += imports.fresh
    plan.reused += imports.reused
    plan.records += imports.records
    plan.loads += imports.fresh + [r.as_load() for r in imports.reused]


def _quads(loads: Sequence[DocumentLoad]) -> list:
    return [q for load in loads for q in load.quads]


def _ontology_quads(vocab: Vocabulary) -> list:
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in vocab.graph]


def _summarise(plan: Plan, vocab: Vocabulary, report: BuildReport) -> None:
    """Fill the report's counts from every document's load (fresh or reused)."""
    classes: dict[str, str] = {}
    core: dict[str, str] = {}  # class -> its core class: a handful, each looked up once
    for load in plan.loads:
        for iri, rec in load.entities.items():
            if rec.cls not in core:
                core[rec.cls] = vocab.core_class(rec.cls) or rec.cls
            classes.setdefault(str(iri), core[rec.cls])
    report.documents = [load.doc_id for load in plan.loads]
    report.entities = dict(sorted(Counter(classes.values()).items()))
    report.statements = sum(load.statements for load in plan.loads)
    report.warnings = [w for load in plan.loads for w in load.warnings]
    report.triples = sum(r.triples for r in plan.records)


def _validate_all(
    staging: ox.Store,
    graphs: Sequence[URIRef],
    origins: Callable[[], dict[object, tuple[str, int | None]]],
    shapes: Graph,
    report: BuildReport,
    say: Progress,
) -> None:
    """SHACL over the staging store, which holds every document's graph and the ontology graph
    (a full build): queried as their union, 3-5x faster than naming the graphs.

    The evidence check reads the union too unless there are imports (they carry no evidence:
    then the documents' graphs are named). Violations are traced to their annotation lines by
    `origins`, which is only called when there are any (it loads the documents again).
    """
    say("validating with SHACL")
    evidenced = None
    if any(is_import(str(g)) for g in graphs):
        names = {*graphs, ONTOLOGY_GRAPH}
        evidenced = [to_ox(g) for g in sorted(names) if not is_import(str(g))]
    result = validate_store(staging, shapes, {}, union=True, evidence_graphs=evidenced)
    if not result.conforms:  # again, with every triple's annotation line to say where
        result = validate_store(staging, shapes, origins(), union=True, evidence_graphs=evidenced)
    _check(result, report)


def _all_origins(
    plan: Plan, sources: Sequence[Source], vocab: Vocabulary
) -> dict[object, tuple[str, int | None]]:
    """Where each node and triple of the fresh loads was stated; the documents streamed into
    the staging store (their origins dropped) are loaded again for this."""
    by_path = {str(src.path): src for src in sources}
    origins: dict[object, tuple[str, int | None]] = {}
    for load in plan.fresh:
        src = by_path.get(load.path)
        if not load.origins and src is not None:
            load = load_annotation(src.annotation(), vocab, known=plan.index)
        for key, origin in load.origins.items():
            origins.setdefault(key, origin)
    return origins


def _validate_changed(
    store: ox.Store,
    fresh: Sequence[DocumentLoad],
    touched: set[Node],
    vocab: Vocabulary,
    shapes: Graph,
    report: BuildReport,
    say: Progress,
) -> None:
    """SHACL for what the changed documents touch, each node with its whole description.

    The focus nodes are the subjects of the changed documents' quads and of the graphs they
    replace; the data is those quads, every triple of the new store about a focus node, and
    the types of the nodes those triples point at (for ``sh:class``). All of it is gathered as
    pyoxigraph terms into a small in-memory store: the work follows the change, not the project.
    """
    say("validating the changed documents with SHACL")
    default = ox.DefaultGraph()
    ontology = [ox.Quad(*(to_ox(t) for t in triple), default) for triple in vocab.graph]
    changed = {ox.Triple(*(to_ox(t) for t in q[:3])) for load in fresh for q in load.quads}
    focus = {from_ox(t.subject) for t in changed if isinstance(t.subject, ox.NamedNode)}
    focus |= touched
    data = changed | set(describe_triples(store, focus))
    values = {from_ox(t.object) for t in data if isinstance(t.object, ox.NamedNode)} - focus
    data |= set(describe_triples(store, values, predicate=RDF.type))
    small = ox.Store()
    small.bulk_extend([*ontology, *(ox.Quad(*t, default) for t in data)])
    evidenced = _evidenced_triples(changed, fresh)
    statements = ox.Store()
    statements.bulk_extend([*ontology, *(ox.Quad(*t, default) for t in evidenced)])
    _check(
        validate_store(small, shapes, _origins(fresh), focus=focus, statements=statements), report
    )


def _evidenced_triples(changed: set[ox.Triple], loads: Sequence[DocumentLoad]) -> set[ox.Triple]:
    """`changed` without the triples only imports state: those need no evidenced statement."""
    if not any(is_import(load.graph) for load in loads):
        return changed
    return {
        ox.Triple(*(to_ox(t) for t in q[:3]))
        for load in loads
        if not is_import(load.graph)
        for q in load.quads
    }


def _origins(loads: Sequence[DocumentLoad]) -> dict[object, tuple[str, int | None]]:
    origins: dict[object, tuple[str, int | None]] = {}
    for load in loads:
        for key, origin in load.origins.items():
            origins.setdefault(key, origin)
    return origins


def _check(result: ShaclResult, report: BuildReport) -> None:
    """Raise `ValidationError` for violations; else note the result in the report."""
    if not result.conforms:
        shown = result.violations[:20]
        more = len(result.violations) - len(shown)
        raise ValidationError(
            f"SHACL validation failed with {len(result.violations)} violation(s):\n  "
            + "\n  ".join(shown)
            + (f"\n  … and {more} more" if more else ""),
            result.violations,
        )
    report.shacl = result.summary()


def _update_store(
    store_link: Path,
    folder: Path,
    plan: Plan,
    decided: Sequence[Any],
    manifest: dict[str, Any],
    vocab: Vocabulary,
    shapes: Graph,
    report: BuildReport,
    say: Progress,
    *,
    reason: bool,
    reason_limit: int | None,
) -> None:
    """The new store as a copy of the live one with the changed documents' graphs replaced.

    What the triples the changed graphs lose implied is retracted (DRed), the triples they
    gain are written, SHACL checks what changed, and reasoning extends the inferred graph by
    what the new triples imply
    (HermiT, under its limit, still checks the whole union). On any failure the new folder is
    removed.
    """
    kept = {r.graph for r in plan.reused}
    old = {r["graph"] for r in manifest.get("documents", [])}
    replaced = sorted(old - kept)
    say(f"copying the store ({len(kept)} documents kept, {len(replaced)} replaced)")
    copy_store(store_link, folder)
    try:
        with open_store(folder, read_only=False) as st:
            # the tables are stale until `_reason` derives them again, and no data for SHACL
            # or the reasoner; the union (the default graph, which they never read) is kept and
            # changed by what this build changes (`derive_changed`)
            before = Snapshot.of(st)
            drop_tables(st)
            # each changed graph is edited, not dropped and written again: a reloaded document
            # mostly states what it stated before, and only what it no longer states is
            # retracted (DRed), only what it newly states is a seed of the semi-naive rules
            # (adding one document at 1M reloads the documents whose names it changes)
            edit = _GraphEdit.of(st, replaced, plan.fresh)
            touched = {from_ox(t.subject) for t in edit.removed}
            removed = list(edit.removed)
            added_triples = list(edit.added)
            identities = ox.NamedNode(str(IDENTITIES_GRAPH))
            new_decisions = set(quads_to_ox(decided))
            old_decisions = set(st.quads_for_pattern(None, None, None, identities))
            # the graphs whose evidence the table reads again: each reloaded document's, and
            # the decisions' when they changed
            written = [ox.NamedNode(str(load.graph)) for load in plan.fresh]
            if new_decisions != old_decisions:  # small: rewritten whole when it changed
                written.append(identities)
                removed += [q.triple for q in old_decisions]
                added_triples += [q.triple for q in new_decisions]
                if old_decisions:
                    st.remove_graph(identities)
            else:
                new_decisions = set()
            edit.take_out(st)
            put_back: list[ox.Triple] = []
            if removed:  # before the new facts come in: what the removed ones supported goes
                say("retracting what the replaced documents implied")
                undone = retract(st, removed)
                removed += undone.retracted  # the union may lose those too
                put_back = undone.added  # and keeps those (inferred: no seeds for the rules)
            say("writing the changed documents")
            fresh = _quads(plan.fresh)
            st.bulk_extend([*edit.into, *new_decisions])
            _validate_changed(st, plan.fresh, touched, vocab, shapes, report, say)
            # the inferred graph grows by what follows from the new triples (semi-naive)
            named = {str(t) for q in fresh for t in (q[0], q[2])
                     if isinstance(t, URIRef) and t.startswith(AKID)}  # fmt: skip

            def tables(store: ox.Store, done: Materialised) -> None:
                derive_changed(store, before, removed, [*added_triples, *put_back, *done.added])

            report.reasoning = _reason(
                st, reason, reason_limit, say, added=added_triples, focus=named,
                count=report.triples, tables=tables,
            )  # fmt: skip
            update_table(folder, store_link, st, replaced, written, report.digest)
            st.flush()
    except BaseException:
        remove_store(folder)
        raise


@dataclass
class _GraphEdit:
    """How an incremental build changes the named graphs it replaces: per graph, the quads the
    new loads no longer state (`removed`) and those they newly state (`added`)."""

    out: list[ox.Quad]
    into: list[ox.Quad]
    emptied: list[ox.NamedNode]

    @classmethod
    def of(
        cls, store: ox.Store, replaced: Sequence[str], fresh: Sequence[DocumentLoad]
    ) -> _GraphEdit:
        """Compare the store's `replaced` graphs with the `fresh` loads' quads, graph by graph."""
        new: dict[str, set[ox.Quad]] = {}
        for load in fresh:
            new.setdefault(str(load.graph), set()).update(quads_to_ox(load.quads))
        out: list[ox.Quad] = []
        into: list[ox.Quad] = []
        emptied: list[ox.NamedNode] = []
        for g in sorted(set(replaced) | set(new)):
            node = ox.NamedNode(g)
            old = set(store.quads_for_pattern(None, None, None, node))
            quads = new.get(g, set())
            out += old - quads
            into += quads - old
            if old and not quads:
                emptied.append(node)
        return cls(out, into, emptied)

    @property
    def removed(self) -> list[ox.Triple]:
        """The triples of the quads taken out."""
        return [q.triple for q in self.out]

    @property
    def added(self) -> list[ox.Triple]:
        """The triples of the quads written."""
        return [q.triple for q in self.into]

    def take_out(self, store: ox.Store) -> None:
        """Remove the quads no load states any more (a dropped document's graph whole)."""
        gone = set(self.emptied)
        for node in self.emptied:
            store.remove_graph(node)
        for q in self.out:
            if q.graph_name not in gone:
                store.remove(q)


def _record_history(path: Path, report: BuildReport, plan: Plan, export_path: Path) -> None:
    """Append this build to the history (after the swap: the build stands even if this fails)."""
    entry = history_entry(report.digest, file_sha256(export_path), plan.records)
    try:
        append_history(path, entry)
    except OSError as exc:
        report.warnings.append(f"{path}: the build history was not written: {exc}")


def _new_store_folder(store_link: Path, digest: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return store_link.parent / ".stores" / f"{stamp}-{digest[:12]}"


def _export_and_swap(
    folder: Path,
    store_link: Path,
    export_path: Path,
    report: BuildReport,
    schema: str,
    plan: Plan,
    started: float,
    say: Progress,
    source: ox.Store | None = None,
) -> None:
    """Export the new store to a staged file, then swap store and export in; undo on failure.

    Each document's section of the export is cached by its key (``graph/.cache/turtle``), so
    an incremental build serialises only the documents it loaded. `source`: a store holding
    the same quads as the new folder's, to export from instead (a full build's in-memory one).
    """
    staged_export = export_path.with_name(f".{export_path.name}.new")
    sections = store_link.parent / ".cache" / "turtle"
    records = store_link.parent / ".cache" / "records"
    try:
        for record in plan.records:
            record.save(records)
        say(f"exporting {export_path}")
        with contextlib.ExitStack() as stack:
            new_store = source if source is not None else stack.enter_context(open_store(folder))
            fh = stack.enter_context(atomic_write(staged_export))
            dump_turtle(new_store, fh, sections=sections, keys=plan.keys, refresh=not plan.reused)
        report.seconds = round(time.perf_counter() - started, 3)
        saved = {k: v for k, v in report.as_dict().items() if k not in {"up_to_date", "seconds"}}
        write_manifest(
            folder,
            {
                "digest": report.digest,
                "export_sha256": file_sha256(staged_export),
                "report": saved,
                "schema": schema,
                "documents": [r.as_json() for r in plan.records],
            },
        )
        old = swap_in(store_link, folder)
    except BaseException:
        remove_store(folder)
        staged_export.unlink(missing_ok=True)
        raise
    os.replace(staged_export, export_path)
    if old is not None and old.parent == folder.parent:
        retire_store(store_link, old)  # kept while `alliance-kg serve` reads it
    for folder, suffix in ((sections, ".ttl"), (records, ".json")):
        keep = {f"{key}{suffix}" for key in plan.keys.values()}
        for cached in folder.glob(f"*{suffix}") if folder.is_dir() else []:
            if cached.name not in keep:
                cached.unlink(missing_ok=True)


def _reason(
    store: ox.Store,
    reason: bool,
    limit: int | None,
    say: Progress,
    tables: Callable[[ox.Store, Materialised], object],
    added: list[ox.Triple] | None = None,
    focus: set[str] | None = None,
    count: int | None = None,
) -> ReasoningSummary:
    """Check consistency (raising `InconsistentError`), then materialise the inferred graph:
    all of it, or (`added`: data triples added to a materialised store) what follows from them.
    `focus`: the entities an incremental build's new documents name (see `check_store`).
    `tables(store, materialised)` then derives the tables for the queries (and brings the union
    up to date, with the triples the rules added); the
    store comes without them (a new staging store, or an incremental build's after `drop_tables`),
    so the checks and the rules never read them."""
    say("checking consistency with HermiT" if reason else "checking disjointness")
    check = check_store(store, hermit=reason, limit=limit, focus=focus, count=count)
    if not check.consistent:
        raise InconsistentError(
            check.findings,
            f"the data contradicts the ontology ({len(check.findings)} problem(s), "
            f"found by {check.method})",
        )
    say("inferring")
    done = materialise(store) if added is None else materialise_added(store, triples=added)
    tables(store, done)  # the tables and the union, for the queries
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
