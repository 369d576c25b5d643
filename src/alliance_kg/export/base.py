"""What every exporter shares: the format registry (files are written with `files.atomic_write`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..defaults import EXPORT_FORMATS
from ..errors import InputError
from ..files import atomic_write


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
