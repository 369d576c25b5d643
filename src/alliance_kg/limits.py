"""The size limits that keep hostile or runaway input from exhausting the machine.

Each has a default (`alliance_kg.defaults`) and can be changed for a project in the
``[limits]`` table of its ``alliance-kg.toml``::

    [limits]
    max_rows = 1000000              # rows (or triples) a query may return
    max_annotation_bytes = 5000000  # size of one annotation file
    max_document_bytes = 20000000   # size of one document (text, HTML, PDF)
    query_memory_mb = 4096          # memory a query's child process may allocate

The CLI applies a project's table when it opens the project (`use_project`); an API caller
does the same, or passes the limits to the functions that take them. SECURITY.md lists them.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .defaults import MAX_ANNOTATION_BYTES, MAX_DOCUMENT_BYTES, MAX_ROWS, QUERY_MEMORY_MB
from .errors import ProjectError


@dataclass(frozen=True)
class Limits:
    """The limits in force (see the module doc for what each bounds)."""

    max_rows: int = MAX_ROWS
    max_annotation_bytes: int = MAX_ANNOTATION_BYTES
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    query_memory_mb: int = QUERY_MEMORY_MB


_active = Limits()


def active() -> Limits:
    """The limits in force in this process."""
    return _active


def use(limits: Limits) -> None:
    """Put `limits` in force for this process."""
    global _active
    _active = limits


def read_limits(marker: Path) -> Limits:
    """The ``[limits]`` table of a project's ``alliance-kg.toml`` over the defaults."""
    if not marker.is_file():
        return Limits()
    try:
        table = tomllib.loads(marker.read_text(encoding="utf-8")).get("limits", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{marker}: not a valid alliance-kg.toml: {exc}") from None
    if not isinstance(table, dict):
        raise ProjectError(f"{marker}: [limits] must be a table")
    names = {f.name for f in dataclasses.fields(Limits)}
    for key, value in table.items():
        if key not in names:
            raise ProjectError(
                f"{marker}: [limits] {key}: unknown limit; one of: {', '.join(sorted(names))}"
            )
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ProjectError(
                f"{marker}: [limits] {key} must be a positive whole number, not {value!r}"
            )
    return Limits(**table)


def use_project(root: Path) -> Limits:
    """Put the limits of the project at `root` in force; return them."""
    from .project import MARKER

    limits = read_limits(Path(root) / MARKER)
    use(limits)
    return limits
