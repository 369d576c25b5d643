"""Pins on store folders: a server reading a folder keeps a build from deleting it.

A build swaps a new store folder in and deletes the old one (and any orphan under
``graph/.stores/``) while it holds the build lock. `alliance-kg serve` reads one folder for as
long as it runs, so it *pins* it: under the build lock it resolves ``graph/store``, then writes a
lease file ``graph/.leases/<pid>-<n>.lease`` naming the folder and holds a shared ``flock`` on it.
The lock belongs to the open file, which the server child inherits, so the pin lasts while either
process lives and ends with them however they end (even ``kill -9``): no pid is trusted, none
can be reused by mistake. `pinned_folders` (called by the build under its lock) counts a lease
whose lock it can take exclusively as stale and deletes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LEASES = ".leases"
BUILD_LOCK = ".build.lock"
_counter = itertools.count()


@dataclass(frozen=True)
class Lease:
    """A pin held by this process: the folder pinned, the lease file, and its open descriptor
    (pass it to a child process, ``pass_fds=(lease.fd,)``, to make the pin outlive this one)."""

    folder: Path
    path: Path
    fd: int


@contextlib.contextmanager
def build_lock(graph: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the build lock of the ``graph/`` folder (the one `alliance_kg.build` takes)."""
    graph.mkdir(parents=True, exist_ok=True)
    with (graph / BUILD_LOCK).open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


@contextlib.contextmanager
def pin_live_store(link: Path) -> Iterator[Lease]:
    """Pin the folder the store link ``graph/store`` points at, until the context exits.

    The link is resolved under the build lock (waiting for a running build to finish), so the
    folder cannot be swapped out and deleted between resolving it and pinning it.
    """
    from .errors import StoreError

    graph = link.parent
    leases = graph / LEASES
    with build_lock(graph):
        if not link.exists():
            raise StoreError(f"{link}: no store here; run `alliance-kg build` first")
        folder = link.resolve()
        leases.mkdir(exist_ok=True)
        name = f"{os.getpid()}-{next(_counter)}"
        tmp = leases / f".{name}.tmp"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_SH)  # before the lease has its name: never seen unlocked
        os.write(fd, json.dumps({"folder": str(folder), "pid": os.getpid()}).encode() + b"\n")
        path = leases / f"{name}.lease"
        os.replace(tmp, path)
    try:
        yield Lease(folder, path, fd)
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def pinned_folders(link: Path) -> set[Path]:
    """The store folders beside `link` that a live lease pins; stale leases are deleted.

    Call with the build lock held (as `alliance_kg.store.remove_orphan_stores` is).
    """
    leases = link.parent / LEASES
    pinned: set[Path] = set()
    for path in sorted(leases.glob("*.lease")) if leases.is_dir() else []:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # a live server holds it
                with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                    record = json.loads(Path(path).read_text())
                    pinned.add(Path(record["folder"]).resolve())
                continue
            path.unlink(missing_ok=True)  # stale: its holders are gone
        finally:
            os.close(fd)
    return pinned
