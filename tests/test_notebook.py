"""The tour notebook stays small when committed (nbmake runs it: see pyproject's addopts)."""

from __future__ import annotations

import json

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "alliance-tour.ipynb"


def test_committed_notebook_is_small_and_carries_no_large_output() -> None:
    """Under 200 KB, and no cell output above 20 KB (an inline page is ~1 MB: strip it)."""
    assert NOTEBOOK.stat().st_size < 200_000
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    for i, cell in enumerate(cells):
        size = len(json.dumps(cell.get("outputs", [])))
        assert size < 20_000, f"cell {i} keeps {size:,} characters of output; clear it"
