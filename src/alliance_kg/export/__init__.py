"""Exporters: one module per format, each writing atomically (see `base.atomic_write`).

Importing the package is cheap: `FORMATS` is a plain dict, and `export_store` / `atomic_write`
(which need pyoxigraph) are loaded from `base` when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..defaults import EXPORT_FORMATS as FORMATS

if TYPE_CHECKING:
    from .base import atomic_write, export_store

__all__ = ["FORMATS", "atomic_write", "export_store"]


def __getattr__(name: str) -> Any:
    if name in ("atomic_write", "export_store"):
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
