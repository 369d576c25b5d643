"""`add`: extract a draft of a document, show it for review, and build it in on an explicit accept.

The draft is staged in ``graph/drafts/<doc-id>/`` (annotation and text); a draft already there is
the reviewer's edited one and is reused (``fresh`` extracts again). `review_rows` lists every
proposed entity and fact with its sentence, the name the project already knows it by, or that it
is new or a likely duplicate. `accept` drops what is under a confidence, removes the confidence
keys, writes the annotation and its text into ``graph/sources/`` and builds; if the build fails
both files are deleted again, so the project is as it was: all or nothing (as `remove`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .build import BuildReport, Progress, build, writing
from .errors import InputError
from .files import atomic_write
from .project import Project

#: a project name at least this similar (rapidfuzz WRatio, 0-100) to a new one is flagged
DUPLICATE_SCORE = 90


@dataclass(frozen=True)
class Staged:
    """A draft waiting for review: its annotation, its text, and whether this run made it."""

    doc_id: str
    draft: Path
    text: Path
    created: bool


@dataclass
class AddReport:
    """What `accept` wrote into the project and what the build made of it."""

    doc_id: str
    annotation: str
    text: str
    dropped: list[str] = field(default_factory=list)
    kept: dict[str, int] = field(default_factory=dict)
    build: BuildReport | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (the build's report under ``build``)."""
        out = {k: v for k, v in vars(self).items() if k != "build"}
        out["build"] = self.build.as_dict() if self.build else {}
        return out


def drafts_folder(project: Project) -> Path:
    """Where drafts wait for review: ``graph/drafts/``."""
    return project.root / "graph" / "drafts"


def stage(project: Project, doc: Path, *, fresh: bool = False) -> Staged:
    """The staged draft of `doc`: reused if one is waiting (unless `fresh`), else extracted."""
    from .build import project_schema
    from .extract.draft import draft
    from .extract.gazetteer import Gazetteer
    from .extract.ingest import read_document, save_text
    from .identity import slugify

    doc_id = slugify(Path(doc).stem) or "document"
    folder = drafts_folder(project) / doc_id
    path = folder / f"{doc_id}.yaml"
    text = path.with_suffix(".txt")
    if path.is_file() and text.is_file() and not fresh:
        return Staged(doc_id, path, text, created=False)
    ingested = read_document(Path(doc))
    vocab, _shapes = project_schema(project)
    result = draft(
        ingested.text,
        vocab=vocab,
        gazetteer=Gazetteer.from_project(project, vocab),
        doc_id=doc_id,
        doc_path=text.name,
        title=ingested.title,
    )
    folder.mkdir(parents=True, exist_ok=True)
    save_text(ingested, path)
    with atomic_write(path) as fh:
        fh.write(result.to_yaml().encode("utf-8"))
    return Staged(doc_id, path, text, created=True)


def discard(staged: Staged) -> None:
    """Delete a staged draft's folder (and graph/drafts if that leaves it empty)."""
    shutil.rmtree(staged.draft.parent, ignore_errors=True)
    with contextlib.suppress(OSError):  # other drafts may wait there
        staged.draft.parent.parent.rmdir()


def editor_command() -> str:
    """The reviewer's editor: ``$EDITOR``, else ``$VISUAL``, else ``vi``."""
    return os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"


def edit(path: Path) -> None:
    """Open `path` in the editor (no shell); `InputError` if the editor fails."""
    import shlex

    command = [*shlex.split(editor_command()), str(path)]
    try:
        code = subprocess.run(command, check=False).returncode
    except OSError as exc:
        raise InputError(f"cannot run the editor {command[0]!r}: {exc}") from exc
    if code != 0:
        raise InputError(
            f"the editor {command[0]!r} exited with status {code}; nothing was added "
            f"(the draft is kept in {path})"
        )


def check(project: Project, path: Path) -> list[str]:
    """The errors `build` would refuse the draft for (empty if it would load)."""
    from .source_check import validate_files

    return [e for c in validate_files(project, [path]) for e in c.errors]


def _read(path: Path) -> dict[str, Any]:
    """The draft as plain data (already validated)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def _project_names(project: Project) -> tuple[Any, list[tuple[str, str]]]:
    """The project's name index, and every (normalised name, canonical label) it knows."""
    from .duplicates import normalise
    from .identities import read_decisions
    from .incremental import project_index
    from .ontology import load_vocabulary

    vocab = load_vocabulary(project.ontology)
    index = project_index(project, vocab, read_decisions(project.identities))
    names = [(normalise(n), e.label) for e in index.entities for n in e.names()]
    return index, names


def _near(a: str, b: str) -> float:
    """How alike two normalised names are (rapidfuzz's WRatio, 0-100); a name of three letters
    or fewer counts only whole, since WRatio's partial match finds "us" inside "australia"."""
    from rapidfuzz import fuzz

    if min(len(a), len(b)) <= 3:
        return fuzz.ratio(a, b)
    return fuzz.WRatio(a, b)


def review_rows(project: Project, path: Path) -> list[dict[str, Any]]:
    """One row per proposed entity, relation and investment: kind, item, status, sentence."""
    from .duplicates import normalise

    index, names = _project_names(project)
    data = _read(path)

    def status(name: str) -> str:
        found = index.lookup(str(name))
        if found:
            return "known as " + " / ".join(sorted({e.label for e in found}))
        key = normalise(str(name))
        close = sorted(((_near(key, n), label) for n, label in names if key and n), reverse=True)
        if close and close[0][0] >= DUPLICATE_SCORE:
            return f"new; possible duplicate of {close[0][1]} ({close[0][0]:.0f})"
        return "new"

    declared = {str(e.get("label")) for e in data.get("entities") or [] if isinstance(e, dict)}

    def party(name: str) -> str:
        return f"{name}: {'new (declared here)' if name in declared else status(name)}"

    rows: list[dict[str, Any]] = []
    for e in data.get("entities") or []:
        rows.append(
            {
                "kind": "entity",
                "item": f"{e.get('label')} ({e.get('class', '')})",
                "status": status(e.get("label", "")),
                "confidence": _conf(e),
                "sentence": e.get("evidence", ""),
            }
        )
    for r in data.get("relations") or []:
        parties = [str(r.get("subject", "")), str(r.get("object", ""))]
        rows.append(
            {
                "kind": "relation",
                "item": f"{parties[0]} {r.get('property')} {parties[1]}",
                "status": "; ".join(party(p) for p in parties),
                "confidence": _conf(r),
                "sentence": r.get("evidence", ""),
            }
        )
    for i in data.get("investments") or []:
        parties = [*map(str, i.get("investor") or []), *map(str, i.get("target") or [])]
        evidence = i.get("evidence") or []
        rows.append(
            {
                "kind": "investment",
                "item": f"{i.get('label')}: {i.get('amount')}",
                "status": "; ".join(party(p) for p in parties),
                "confidence": _conf(i),
                "sentence": " … ".join(evidence) if isinstance(evidence, list) else evidence,
            }
        )
    return rows


def _conf(item: dict[str, Any]) -> str:
    """An item's confidence as text ("" if it has none)."""
    value = item.get("confidence")
    return "" if value is None else f"{float(value):.2f}"


def _below(item: Any, minimum: float | None) -> bool:
    """Whether `item` has a confidence under `minimum`."""
    value = item.get("confidence") if isinstance(item, dict) else None
    return minimum is not None and value is not None and float(value) < minimum


def accepted(data: dict[str, Any], minimum: float | None) -> tuple[dict[str, Any], list[str]]:
    """The draft without items under `minimum` (nor relations naming dropped entities) and
    without confidence keys; and a line for each item dropped."""
    out = dict(data)
    dropped: list[str] = []
    gone: set[str] = set()
    entities = []
    for e in data.get("entities") or []:
        if _below(e, minimum):
            gone |= {str(n) for n in [e.get("label"), *(e.get("aliases") or [])] if n}
            dropped.append(f"entity {e.get('label')}")
        else:
            entities.append(e)
    relations = []
    for r in data.get("relations") or []:
        if _below(r, minimum) or {str(r.get("subject")), str(r.get("object"))} & gone:
            dropped.append(f"relation {r.get('subject')} {r.get('property')} {r.get('object')}")
        else:
            relations.append(r)
    investments = []
    for i in data.get("investments") or []:
        parties = {str(p) for p in [*(i.get("investor") or []), *(i.get("target") or [])]}
        if _below(i, minimum) or parties & gone:
            dropped.append(f"investment {i.get('label')}")
        else:
            investments.append(i)
    for key, items in (("entities", entities), ("relations", relations),
                       ("investments", investments)):  # fmt: skip
        if key in data or items:
            out[key] = [
                {k: v for k, v in it.items() if k != "confidence"} if isinstance(it, dict) else it
                for it in items
            ]
    return out, dropped


def accept(
    project: Project,
    staged: Staged,
    *,
    min_confidence: float | None = None,
    reason: bool = True,
    progress: Progress | None = None,
) -> AddReport:
    """Write the reviewed draft into ``graph/sources/`` and build; delete both files on failure.

    The build lock is held throughout, so no other writer sees the new files half-added.
    """
    with writing(project.store.parent):
        return _accept(project, staged, min_confidence, reason, progress)


def _accept(
    project: Project,
    staged: Staged,
    min_confidence: float | None,
    reason: bool,
    progress: Progress | None,
) -> AddReport:
    data, dropped = accepted(_read(staged.draft), min_confidence)
    annotation = project.sources / staged.draft.name
    text = project.sources / staged.text.name
    for target in (annotation, text):
        if target.exists():
            raise InputError(
                f"{target} exists already; remove that document first or rename the draft "
                f"(the draft is kept in {staged.draft})"
            )
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9)
    header = f"# Added by `alliance-kg add` from a reviewed draft of {staged.text.name}.\n"
    written: list[Path] = []
    try:
        with atomic_write(text) as fh:
            fh.write(staged.text.read_bytes())
        written.append(text)
        with atomic_write(annotation) as fh:
            fh.write((header + body).encode("utf-8"))
        written.append(annotation)
        report = build(project, reason=reason, progress=progress)
    except BaseException:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        raise
    discard(staged)
    return AddReport(
        doc_id=staged.doc_id,
        annotation=str(annotation),
        text=str(text),
        dropped=dropped,
        kept={k: len(data.get(k) or []) for k in ("entities", "relations", "investments")},
        build=report,
    )
