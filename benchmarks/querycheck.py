"""Old and new text of saved queries on one built store: the same rows, and how long each takes.

    .venv/bin/python -m benchmarks.querycheck STORE [--old REF] [--queries NAME ...]
        [--values N] [--seed 7] [--repeat 2] [--only-new]

For each query (default: every ``queries/*.rq``) the text at git revision REF (default
``main``) and the working text run in-process (`alliance_kg.query.run_saved`) on the store
opened read-only, with the example values and then with N more values per parameterised
query, sampled from the store (seeded) by `SAMPLERS`. Each run prints the seconds of both
(best of ``--repeat``), the row counts, and whether the rows are the same in the same order
(``same``), the same multiset in another order (``same set``) or different (``DIFFERENT``,
with the first rows that differ). The exit status is 1 when any query differs. Run it under the
timing lock when the seconds matter. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_P = """PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
PREFIX derived: <https://w3id.org/alliance-kg/derived#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: query name → a SELECT whose variables are the query's parameters, over which values to try
SAMPLERS: dict[str, str] = {
    "investment-locations": "SELECT DISTINCT ?investment ?nation WHERE { "
    "?part derived:within ?investment ; ak:target ?l . ?l derived:nation ?nation }",
    "systems-produced-by": "SELECT DISTINCT ?party WHERE { ?party ak:produces ?s }",
    "lookup": "SELECT DISTINCT ?name WHERE { ?e rdfs:label|skos:altLabel ?name }",
    "agreements-concerning": "SELECT DISTINCT ?subject WHERE { ?a ak:concerns|ak:sector ?subject }",
    "parties-by-topic-and-nation": "SELECT DISTINCT ?topic ?nation WHERE { "
    "?c ak:concerns|ak:sector ?topic . { ?c ak:signedBy ?o } UNION { ?o ak:participatesIn ?c } "
    "?o derived:nation ?nation }",
    "statements-about": "SELECT DISTINCT ?entity WHERE { ?st rdf:subject ?entity }",
    "linking-organisations": "SELECT DISTINCT ?from ?to WHERE { "
    "?from ak:collaboratesWith ?x . ?to ak:collaboratesWith ?y }",
    "collaboration-chain": "SELECT DISTINCT ?from ?to WHERE { "
    "?from ak:collaboratesWith ?x . ?to ak:collaboratesWith ?y }",
}


def _old_text(ref: str, name: str) -> str | None:
    done = subprocess.run(
        ["git", "show", f"{ref}:queries/{name}.rq"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout if done.returncode == 0 else None


def _rows(result: Any) -> list[tuple[tuple[str, str], ...]]:
    return [tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.solutions()]


def _timed(store: Any, saved: Any, params: dict[str, Any], repeat: int) -> tuple[float, list]:
    from alliance_kg.query import run_saved

    best, rows = float("inf"), []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run_saved(store, saved, params)
        best = min(best, time.perf_counter() - t0)
        rows = _rows(result)
    return best, rows


def _samples(store: Any, name: str, count: int, seed: int) -> list[dict[str, Any]]:
    if name not in SAMPLERS or count == 0:
        return []
    from alliance_kg.derived import union_options

    found = list(store.query(_P + SAMPLERS[name], **union_options(store)))
    found.sort(key=lambda s: tuple(str(t) for t in s))
    rng = random.Random(f"{seed}:{name}")
    picked = rng.sample(found, min(count, len(found)))
    out = []
    for solution in picked:
        values = {}
        for var in _variables(SAMPLERS[name]):
            values[var] = solution[var]
        if name == "lookup":  # any case: the query ignores it
            values["name"] = solution["name"].value.upper()
        out.append(values)
    return out


def _variables(select: str) -> list[str]:
    head = select.split("WHERE", 1)[0]
    return [w[1:] for w in head.split() if w.startswith("?")]


def main(argv: list[str] | None = None) -> int:
    """Compare the old and new text of the saved queries on one store."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--old", default="main", help="git revision of the old texts")
    ap.add_argument("--queries", nargs="*", default=None)
    ap.add_argument("--values", type=int, default=0, help="sampled values per query")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--only-new", action="store_true", help="time the new text only")
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    from alliance_kg.query import load_saved

    store = ox.Store.read_only(str(args.store))
    names = args.queries or sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    differs = False
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            new = load_saved(ROOT / "queries" / f"{name}.rq")
            old = None
            if not args.only_new and (text := _old_text(args.old, name)) is not None:
                path = Path(tmp) / f"{name}.rq"
                path.write_text(text, encoding="utf-8")
                old = load_saved(path)
            runs = [{}, *_samples(store, name, args.values, args.seed)]
            for params in runs:
                label = ", ".join(f"{k}={v}" for k, v in params.items()) or "example"
                t_new, rows_new = _timed(store, new, params, args.repeat)
                if old is None:
                    print(f"{name} [{label}]: new {t_new:.3f} s, {len(rows_new)} rows", flush=True)
                    continue
                t_old, rows_old = _timed(store, old, params, args.repeat)
                if rows_old == rows_new:
                    verdict = "same"
                elif Counter(rows_old) == Counter(rows_new):
                    verdict = "same set"
                else:
                    verdict, differs = "DIFFERENT", True
                print(
                    f"{name} [{label}]: old {t_old:.3f} s, new {t_new:.3f} s, "
                    f"{len(rows_old)} / {len(rows_new)} rows, {verdict}",
                    flush=True,
                )
                if verdict == "DIFFERENT":
                    gone = Counter(rows_old) - Counter(rows_new)
                    extra = Counter(rows_new) - Counter(rows_old)
                    print(f"  only old: {list(gone)[:3]}\n  only new: {list(extra)[:3]}")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
