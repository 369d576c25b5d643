"""What every exporter shares: atomic file writes and the format registry."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..defaults import EXPORT_FORMATS
from ..errors import InputError


@contextmanager
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


def _registry() -> dict[str, Callable[..., None]]:
    from . import ntriples, trig, turtle

    return {"turtle": turtle.dump, "trig": trig.dump, "ntriples": ntriples.dump}


#: format name → file suffix
FORMATS = EXPORT_FORMATS


def export_store(
    store: ox.Store, out: Path, fmt: str | None = None, *, inferred: bool = False
) -> str:
    """Write the store's document graphs (with `inferred`, also the inferred graph) to `out`."""
    if fmt is None:
        by_suffix = {suffix: name for name, suffix in FORMATS.items()}
        fmt = by_suffix.get(Path(out).suffix.lower())
        if fmt is None:
            raise InputError(
                f"{out}: cannot tell the format from the suffix; use one of "
                f"{', '.join(sorted(FORMATS.values()))} or --format"
            )
    dump = _registry().get(fmt)
    if dump is None:
        raise InputError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with atomic_write(Path(out)) as fh:
        dump(store, fh, inferred=inferred)
    return fmt
