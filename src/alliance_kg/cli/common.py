"""Helpers the verbs share: where the project and store are, ``--param`` values, stderr.

Nothing here imports more than the standard library, typer and the light `alliance_kg.project`:
``alliance-kg --help`` must stay fast, so each verb imports the API inside its function.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..project import Project, read_marker

if TYPE_CHECKING:
    from rich.console import Console

    from ..analyse.projection import ProjectionOptions


def project_of(path: Path | None) -> Project:
    """The project at `path` (its marker's format checked), or the one around the working folder."""
    from ..limits import use_project

    if path is None:
        proj = Project.find()
    else:
        proj = Project(path.resolve())
        read_marker(proj.marker)
    use_project(proj.root)  # its [limits], if it sets any
    return proj


def store_path(store: Path | None, project: Path | None) -> Path:
    """The store a verb reads: ``--store``, else the project's ``graph/store``."""
    return store or project_of(project).store


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``--param NAME=VALUE`` options as a dict; a malformed one is an input error."""
    from ..errors import InputError

    values: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {item!r}: expected NAME=VALUE")
        values[key.strip()] = value
    return values


@cache
def err_console() -> Console:
    """The console for notes, warnings and progress on stderr (made on first use)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def say(message: str) -> None:
    """Print one message for people on stderr (never read as rich markup; control characters
    escaped, as text from a document may be part of it)."""
    from .output import terminal_safe

    err_console().print(terminal_safe(message), markup=False)


def note(message: str) -> None:
    """Print ``note: MESSAGE`` on stderr."""
    say(f"note: {message}")


def check_inferred(store: Any, projection: ProjectionOptions) -> None:
    """A note when ``--inferred`` is asked of an open store that has no inferred graph."""
    from ..store import has_inferred_graph

    if projection.inferred and not has_inferred_graph(store):
        note("the store has no inferred graph; --inferred adds nothing")
