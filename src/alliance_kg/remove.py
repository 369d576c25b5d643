"""`remove`: take one document out of the graph exactly, by moving its files aside and building.

The annotation (and its text, unless another annotation uses that text) moves from
``graph/sources`` to ``graph/removed/<UTC stamp>/``, so nothing is lost and moving the files back
restores the document; then the incremental build retracts its graph, its provenance and what
they implied (docs/design.md, "Incremental builds"). If the build fails the files move back, so
the project is as it was: all or nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import BuildReport, Progress, build, writing
from .errors import AllianceKGError, InputError
from .incremental import DocumentRecord
from .project import Project
from .store import read_manifest


@dataclass
class RemoveReport:
    """What `remove_document` took out: the files moved, and what left the graph."""

    doc_id: str
    moved: dict[str, str] = field(default_factory=dict)  # from → to
    entities: list[dict[str, str]] = field(default_factory=list)  # no longer in the graph
    statements: int = 0  # the document's own statements
    statements_before: int = 0
    statements_after: int = 0
    triples_before: int = 0
    triples_after: int = 0
    build: BuildReport | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (the build's report under ``build``)."""
        out = {k: v for k, v in vars(self).items() if k != "build"}
        out["build"] = self.build.as_dict() if self.build else {}
        return out


@dataclass(frozen=True)
class _Doc:
    """One annotation of the project: its id, file and text."""

    doc_id: str
    path: Path
    text: Path | None


def _documents(project: Project) -> list[_Doc]:
    """Every annotation of the project with its id and text (from the manifest when it knows)."""
    from .annotation import read_annotation
    from .identity import slugify

    manifest = read_manifest(project.store) if project.store.exists() else None
    known = {e.get("path"): e for e in (manifest or {}).get("documents", []) if isinstance(e, dict)}
    out = []
    for path in project.source_files():
        entry = known.get(str(path))
        if entry is not None:
            out.append(_Doc(str(entry["doc_id"]), path, Path(entry["text_path"])))
            continue
        try:
            ann = read_annotation(path)
            out.append(_Doc(ann.doc_id, path, ann.doc_path))
        except AllianceKGError:  # unreadable: still removable by its file name
            out.append(_Doc(slugify(path.stem), path, None))
    from .imports import import_id, stored_imports

    out += [_Doc(import_id(path.stem), path, None) for path in stored_imports(project)]
    return out


def find_document(project: Project, doc: str) -> tuple[_Doc, list[_Doc]]:
    """The document `doc` names (its id, annotation file or text file) and all the others;
    an import (``import:NAME`` or its file in ``graph/imports``) counts as a document."""
    docs = _documents(project)
    try:
        wanted = {Path(doc).resolve(), (project.sources / doc).resolve()}
        wanted |= {(project.imports / doc).resolve()}
    except (ValueError, OSError):  # a NUL byte, a name too long: not a file, maybe an id
        wanted = set()
    for d in docs:
        files = {d.path.resolve(), *([d.text.resolve()] if d.text else [])}
        if doc == d.doc_id or wanted & files:
            return d, [o for o in docs if o is not d]
    ids = ", ".join(sorted(d.doc_id for d in docs)) or "(none)"
    raise InputError(
        f"no document {doc!r} in {project.sources} or {project.imports}; the documents are: {ids}"
    )


def _entities(project: Project) -> tuple[dict[str, dict[str, str]], dict[str, Any]]:
    """The entities the live store's documents state (IRI → label, class), and its report."""
    manifest = (read_manifest(project.store) if project.store.exists() else None) or {}
    folder = project.store.parent / ".cache" / "records"
    found: dict[str, dict[str, str]] = {}
    for entry in manifest.get("documents", []):
        record = DocumentRecord.load(entry, folder) if isinstance(entry, dict) else None
        for iri, label, cls, *_ in record.entities if record else []:
            found.setdefault(iri, {"iri": iri, "label": label, "class": cls})
    return found, manifest.get("report", {})


def _stamp() -> str:
    """A UTC time stamp for a folder name, unique to the microsecond."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def remove_document(
    project: Project, doc: str, *, reason: bool = True, progress: Progress | None = None
) -> RemoveReport:
    """Move `doc`'s files to ``graph/removed/<stamp>/`` and build; move them back on failure.

    The build lock is held throughout, so no other writer sees the files half-moved.
    """
    with writing(project.store.parent):
        return _remove(project, doc, reason, progress)


def _remove(project: Project, doc: str, reason: bool, progress: Progress | None) -> RemoveReport:
    target, others = find_document(project, doc)
    shared = target.text is not None and any(
        o.text is not None and o.text.resolve() == target.text.resolve() for o in others
    )
    files = [target.path]
    if target.text is not None and not shared and target.text.is_file():
        files.append(target.text)
    before, old_report = _entities(project)
    manifest = (read_manifest(project.store) if project.store.exists() else None) or {}
    own = [e for e in manifest.get("documents", []) if e.get("path") == str(target.path)]
    statements = int(own[0].get("statements", 0)) if own else 0
    folder = project.removed / _stamp()
    folder.mkdir(parents=True)
    moved: list[tuple[Path, Path]] = []
    try:
        for path in files:
            dest = folder / path.name
            os.replace(path, dest)
            moved.append((path, dest))
        report = build(project, reason=reason, progress=progress)
    except BaseException:
        for path, dest in reversed(moved):
            os.replace(dest, path)
        folder.rmdir()
        with contextlib.suppress(OSError):  # graph/removed too, if this made it
            project.removed.rmdir()
        raise
    after, _ = _entities(project)
    return RemoveReport(
        doc_id=target.doc_id,
        moved={str(p): str(d) for p, d in moved},
        entities=[before[i] for i in sorted(set(before) - set(after))],
        statements=statements,
        statements_before=int(old_report.get("statements", 0)),
        statements_after=report.statements,
        triples_before=int(old_report.get("triples", 0)),
        triples_after=report.triples,
        build=report,
    )
