"""Exporters: one module per format, registered by name in `base` (see `base.register`).

Importing the package is cheap: `FORMATS` is a plain dict (name → suffix, from
`alliance_kg.defaults`), and `export_store`, `export_project`, `ExportOptions`, `registry` and
`atomic_write` (which need pyoxigraph) are loaded from `base` when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..defaults import EXPORT_FORMATS as FORMATS

if TYPE_CHECKING:
    from .base import ExportOptions, atomic_write, export_project, export_store, registry

__all__ = [
    "FORMATS",
    "ExportOptions",
    "atomic_write",
    "export_project",
    "export_store",
    "registry",
]


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "FORMATS":
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
