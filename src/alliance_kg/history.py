"""The build history: ``graph/history.jsonl``, one line per build that changed the graph.

Each successful build appends, after its swap, the time, its digest, its documents (id →
annotation and text digests) and the export's SHA-256, so a person can say what the graph knew
on a given day (`alliance-kg log --at DATE`). An up-to-date build writes nothing. The file is
rewritten whole through a temporary file and a rename, so a kill leaves the old file or the new.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .files import atomic_write


@dataclass
class LogEntry:
    """One build of the history, with what changed since the entry before it."""

    time: str
    digest: str
    export_sha256: str
    documents: dict[str, dict[str, str]]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return dict(vars(self))


def history_entry(
    digest: str, export_sha256: str | None, records: Sequence[Any], now: dt.datetime | None = None
) -> dict[str, Any]:
    """The history line of one build: its records' documents by digest (`DocumentRecord`s)."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    docs = {
        r.doc_id: {"annotation_sha256": r.annotation_sha256, "text_sha256": r.text_sha256}
        for r in records
    }
    return {
        "time": stamp,
        "digest": digest,
        "documents": dict(sorted(docs.items())),
        "export_sha256": export_sha256 or "",
    }


def read_history(path: Path) -> list[dict[str, Any]]:
    """The history's entries, oldest first; an unreadable line is skipped with a warning."""
    if not path.is_file():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict) or not isinstance(entry.get("documents"), dict):
                raise ValueError("not a build entry")
            str(entry["time"])
        except (ValueError, KeyError) as exc:
            warnings.warn(f"{path}:{n}: skipped an unreadable history line ({exc})", stacklevel=2)
            continue
        out.append(entry)
    return out


def append_history(path: Path, entry: dict[str, Any]) -> None:
    """Append `entry` as one line: the old bytes and the new line to a temporary file, renamed."""
    old = path.read_bytes() if path.is_file() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    line = json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n"
    with atomic_write(path) as fh:
        fh.write(old + line.encode())


def log(path: Path) -> list[LogEntry]:
    """Every build of the history, newest first, with documents added, changed and removed."""
    out: list[LogEntry] = []
    before: dict[str, dict[str, str]] = {}
    for e in read_history(path):
        docs = e["documents"]
        out.append(
            LogEntry(
                time=str(e["time"]),
                digest=str(e.get("digest", "")),
                export_sha256=str(e.get("export_sha256", "")),
                documents=docs,
                added=sorted(set(docs) - set(before)),
                changed=sorted(d for d in docs if d in before and docs[d] != before[d]),
                removed=sorted(set(before) - set(docs)),
            )
        )
        before = docs
    return out[::-1]


def at(path: Path, day: str) -> LogEntry | None:
    """The last build on or before the end of `day` (YYYY-MM-DD, UTC), or None if none was."""
    try:
        end = dt.date.fromisoformat(day).isoformat() + "T23:59:59Z"
    except ValueError:
        raise InputError(f"--at {day!r}: expected a date as YYYY-MM-DD") from None
    for entry in log(path):  # newest first; the times are ISO, so they sort as text
        if entry.time <= end:
            return entry
    return None
