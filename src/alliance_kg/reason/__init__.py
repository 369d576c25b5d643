"""Reasoning: consistency with HermiT, and the inferred graph kept apart from asserted facts.

`check_store` runs HermiT (owlready2) over a store's ontology and data graphs and explains any
contradiction; `materialise` fills the inferred graph with SPARQL UPDATE rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import InconsistentError, ReasonerError
from ..store import open_store
from .clashes import Finding, find_clashes
from .consistency import HERMIT_LIMIT, ConsistencyReport, check_store, load_files
from .rules import RULES, Materialised, Rule, materialise


def check_files(
    ontology: Path, data: Iterable[Path], *, hermit: bool = True, limit: int | None = HERMIT_LIMIT
) -> ConsistencyReport:
    """Check RDF files (e.g. Turtle that never went through the loader) against `ontology`.

    Files are read by the safe reader; its warnings (``owl:imports`` not fetched, …) come first
    in the report's notes."""
    warnings: list[str] = []
    report = check_store(load_files(ontology, data, warnings), hermit=hermit, limit=limit)
    report.notes[:0] = warnings
    return report


def check_live_store(
    path: Path, *, hermit: bool = True, limit: int | None = HERMIT_LIMIT
) -> ConsistencyReport:
    """Check a built store (its ontology graph and document graphs), read-only."""
    with open_store(path) as store:
        return check_store(store, hermit=hermit, limit=limit)


__all__ = [
    "HERMIT_LIMIT",
    "RULES",
    "ConsistencyReport",
    "Finding",
    "InconsistentError",
    "Materialised",
    "ReasonerError",
    "Rule",
    "check_files",
    "check_live_store",
    "check_store",
    "find_clashes",
    "load_files",
    "materialise",
]
