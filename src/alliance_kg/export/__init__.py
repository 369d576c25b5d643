"""Exporters: one module per format, each writing atomically (see `base.atomic_write`)."""

from .base import FORMATS, atomic_write, export_store

__all__ = ["FORMATS", "atomic_write", "export_store"]
