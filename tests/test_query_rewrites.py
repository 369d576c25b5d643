"""Saved queries rewritten for speed at a million triples give the rows their former text gave.

The former text of each (``tests/fixtures/query_reference/NAME.rq``, as it was before the
rewrite) is the reference: both run on the example store with the example values and with every
value of each parameter the store offers (`VALUES`), bound the way the CLI binds them, and must
return the same rows in the same order. The rewrites themselves, and why, are in the queries'
comments and docs/benchmarks.md ("The other saved queries at 1M").
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.iris import PREFIXES
from alliance_kg.query import load_saved, run_saved

from .conftest import FIXTURES, ROOT

REFERENCE = FIXTURES / "query_reference"

#: query → a SELECT over the example store whose variables are the query's parameters
VALUES: dict[str, str] = {
    "systems-produced-by": "SELECT DISTINCT ?party WHERE { ?party ak:produces ?s }",
    "lookup": "SELECT DISTINCT ?name WHERE { ?e rdfs:label|skos:altLabel ?name }",
}


#: values tried per query (evenly spaced over the sorted candidates; each run is ~0.1 s)
PER_QUERY = 12


def _params(store: ox.Store, name: str) -> list[dict[str, object]]:
    if name not in VALUES:
        return [{}]
    found = store.query(VALUES[name], prefixes=PREFIXES)
    solutions = sorted(found, key=lambda s: [str(t) for t in s])
    step = max(1, len(solutions) // PER_QUERY)
    out: list[dict[str, object]] = [{}]
    for solution in solutions[::step][:PER_QUERY]:
        params: dict[str, object] = {}
        for var in found.variables:
            term = solution[var]
            # strings as the CLI gives them (text); lookup also in another case
            params[var.value] = term.value.upper() if isinstance(term, ox.Literal) else term
        out.append(params)
    return out


@pytest.mark.parametrize("name", sorted(p.stem for p in REFERENCE.glob("*.rq")))
def test_a_rewritten_query_gives_the_former_rows(example_store: ox.Store, name: str) -> None:
    new = load_saved(ROOT / "queries" / f"{name}.rq")
    old = load_saved(REFERENCE / f"{name}.rq")
    assert new.parameters == old.parameters
    runs = _params(example_store, name)
    assert len(runs) > 1 or name not in VALUES
    answered = 0
    for params in runs:
        rows = run_saved(example_store, new, params).rows
        assert rows == run_saved(example_store, old, params).rows, (name, params)
        answered += bool(rows)
    assert answered, f"{name}: no value gave a row; the comparison proves nothing"


def test_every_reference_is_a_saved_query() -> None:
    names = {p.stem for p in Path(ROOT / "queries").glob("*.rq")}
    assert {p.stem for p in REFERENCE.glob("*.rq")} <= names
