"""File helpers every stage shares: write atomically, never leave a half-written output.

Outputs (exports, pages, the build's Turtle) are written to a temporary file beside the target
and renamed over it only when complete, so a failure or a kill leaves the old file or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Write to a temporary file beside `path`, then rename it over `path` on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


#: a URL-like output name ("http://…", "s3:bucket"); one letter is a drive, not a scheme
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def check_output(path: Path, *, folder: bool = False) -> Path:
    """Refuse, before any work, an output path the user named that cannot be one.

    A URL is refused (outputs are local files). Missing folders are made only below the
    working folder (``-o build/page.html``); elsewhere the folder must exist, so a mistyped
    absolute path does not grow a tree of folders. A file output may not be a folder, and a
    folder output (`folder`) may not be a file.
    """
    from .errors import InputError

    text = str(path)
    if _SCHEME.match(text):
        raise InputError(f"{text}: an output must be a local path, not a URL")
    target = Path(path)
    if folder:
        if target.exists() and not target.is_dir():
            raise InputError(f"{text}: is a file; expected a folder to write into")
    elif target.is_dir():
        raise InputError(f"{text}: is a folder; expected a file name")
    parent = target.absolute().parent
    if parent.exists():
        if not parent.is_dir():
            raise InputError(f"{text}: {parent} is not a folder")
        return target
    if not parent.is_relative_to(Path.cwd().absolute()):
        raise InputError(
            f"{text}: folder {parent} does not exist; create it first (missing folders are "
            "made only inside the working folder)"
        )
    return target


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None if it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


#: the temporary file `atomic_write` makes: ``.<name>.<pid>.tmp``
_TEMP = re.compile(r"^\..+\.(\d+)\.tmp$")


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temporary files `atomic_write` left in `folder` when its process was killed
    (``kill -9`` skips the clean-up): those whose process is gone. Returns what was deleted."""
    removed = []
    for path in Path(folder).glob(".*.tmp") if Path(folder).is_dir() else []:
        m = _TEMP.match(path.name)
        if m and not process_alive(int(m.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (leftovers of a dead one may be removed)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
