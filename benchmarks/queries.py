"""Every saved query at growing sizes, against rdflib in memory, and the CLI's start-up cost.

    .venv/bin/python benchmarks/queries.py [--sizes 1 10 30] [--keep DIR] [--rdflib-limit 60]

For each size, a project of that many renamed copies of the example (`benchmarks/build.py`'s
generator) is built with ``reason=False`` (HermiT skipped; the inference rules and the nations
table run as in every build), its store opened, and each saved query run in-process
(`alliance_kg.query.run_saved`, best of 3, or 1 when a run takes over 2 s). In the same run the
store's quads are loaded into an rdflib ``Dataset`` (``default_union=True``, the union default
graph the API queries) and the same query text is run there once, stopped after
``--rdflib-limit`` seconds (SIGALRM: rdflib is pure Python). Then the fixed cost of one CLI
query (`alliance-kg query run agreements -f json` on the smallest project, best of 3) against a
bare ``python -c pass``. With ``--keep DIR`` the built projects stay in DIR and are reused.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.build import make_project  # noqa: E402


def _project(folder: Path, copies: int) -> Any:
    from alliance_kg.build import build
    from alliance_kg.project import Project

    if (folder / "graph" / "store").exists():
        return Project(folder)
    project = make_project(folder, copies)
    shutil.copytree(ROOT / "queries", folder / "queries")
    build(project, reason=False)
    return project


def _best(run: Any, tries: int = 3) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(tries):
        t0 = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t0)
        if best > 2:
            break
    return best, out


class _Late(Exception):
    pass


def _rdflib_time(dataset: Any, text: str, limit: int) -> float | None:
    def stop(*_: Any) -> None:
        raise _Late

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(limit)
    t0 = time.perf_counter()
    try:
        list(dataset.query(text))
    except _Late:
        return None
    finally:
        signal.alarm(0)
    return time.perf_counter() - t0


def _to_rdflib(store: Any) -> Any:
    from rdflib import Dataset

    from alliance_kg.store import from_ox

    ds = Dataset(default_union=True)
    for g in store.named_graphs():  # the named graphs: the default graph is their union
        for q in store.quads_for_pattern(None, None, None, g):
            ds.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(g)))
    return ds


def queries_at(folder: Path, copies: int, rdflib_limit: int) -> list[dict[str, Any]]:
    """Time every saved query on a project of `copies` copies; one dict per query."""
    from alliance_kg.query import run_saved, saved_queries
    from alliance_kg.store import open_store

    project = _project(folder, copies)
    rows = []
    with open_store(project.store) as store:
        triples = len(store)
        dataset = _to_rdflib(store) if rdflib_limit > 0 else None
        for q in saved_queries(project.queries):
            seconds, result = _best(lambda q=q: run_saved(store, q))
            rdf = _rdflib_time(dataset, q.text, rdflib_limit) if dataset is not None else None
            rows.append({"copies": copies, "quads": triples, "query": q.name,
                         "seconds": seconds, "rows": len(result.rows), "rdflib": rdf})  # fmt: skip
    return rows


def cli_startup(project: Path) -> tuple[float, float]:
    """Best of 3: one CLI saved query on `project`, and a bare interpreter, in seconds."""
    env_python = sys.executable
    cmd = [env_python, "-m", "alliance_kg", "query", "run", "agreements", "-f", "json",
           "--project", str(project)]  # fmt: skip
    cli, _ = _best(lambda: subprocess.run(cmd, check=True, capture_output=True))
    bare, _ = _best(lambda: subprocess.run([env_python, "-c", "pass"], check=True))
    return cli, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--keep", type=Path, help="build the projects here and reuse them")
    parser.add_argument("--rdflib-limit", type=int, default=60, help="seconds; 0: no rdflib")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="alliance-kg-queries-"))
    print(f"{'copies':>6} {'quads':>7} {'query':<28} {'rows':>5} {'seconds':>8} "
          f"{'rdflib':>8} {'rdflib/us':>9}")  # fmt: skip
    try:
        for n in args.sizes:
            for r in queries_at(base / f"p{n}", n, args.rdflib_limit):
                rdf = r["rdflib"]
                shown = "-" if rdf is None else f"{rdf:8.3f}"
                limit = args.rdflib_limit
                over = f">{limit / r['seconds']:8.0f}" if limit else "-"
                ratio = f"{rdf / r['seconds']:9.1f}" if rdf else over
                print(f"{n:>6} {r['quads']:>7} {r['query']:<28} {r['rows']:>5} "
                      f"{r['seconds']:8.3f} {shown:>8} {ratio:>9}", flush=True)  # fmt: skip
        cli, bare = cli_startup(base / f"p{args.sizes[0]}")
        print(f"CLI `query run agreements -f json` (x{args.sizes[0]}): {cli:.2f} s; "
              f"bare `python -c pass`: {bare:.2f} s")  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
