"""The ontology, shapes and saved queries that ship with alliance-kg.

A wheel holds them under ``alliance_kg/data/`` (pyproject.toml's ``force-include`` maps the
repository's ``ontology/`` and ``queries/`` there; the repository stays their single source).
In a checkout or an editable install there is no ``data/`` folder, so they are read from the
repository's own folders.
"""

from __future__ import annotations

from contextlib import ExitStack
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ProjectError

_stack = ExitStack()  # keeps any extracted copy (a zipped install) alive for the process


@cache
def _data() -> Path:
    """The folder holding ``ontology/`` and ``queries/``: packaged, else the checkout's."""
    packaged = resources.files("alliance_kg") / "data"
    if packaged.is_dir():
        if isinstance(packaged, Path):
            return packaged
        return Path(_stack.enter_context(resources.as_file(packaged)))
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology" / "alliance.ttl").is_file():
        return checkout
    raise ProjectError(
        "this alliance-kg install has no packaged ontology (alliance_kg/data/) "
        "and is not a checkout of the repository; reinstall it"
    )


def packaged_ontology() -> Path:
    """The OWL ontology alliance-kg ships."""
    return _data() / "ontology" / "alliance.ttl"


def packaged_shapes() -> Path:
    """The SHACL shapes alliance-kg ships."""
    return _data() / "ontology" / "shapes.ttl"


def packaged_queries() -> Path:
    """The folder of saved SPARQL queries alliance-kg ships."""
    return _data() / "queries"
