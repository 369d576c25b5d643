"""Time `push` and the saved queries: local store vs an Oxigraph server (and Virtuoso, if given).

    .venv/bin/python benchmarks/serving.py                      # the project around the folder
    .venv/bin/python benchmarks/serving.py --virtuoso http://127.0.0.1:8890/sparql \\
        --virtuoso-store http://127.0.0.1:8890/sparql-graph-crud-auth   # user/password: env

Starts ``oxigraph serve`` in a temporary folder on a free loopback port, pushes the project's
built store to it (and to Virtuoso when its URLs are given, credentials from
``ALLIANCE_KG_ENDPOINT_USER`` / ``ALLIANCE_KG_ENDPOINT_PASSWORD``), then runs every saved query
with its example values: locally (in-process on the open store) and over HTTP, best of three.
Prints seconds per query and whether the answers agree (rows compared as sets of term texts).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from alliance_kg.project import Project
from alliance_kg.query import run_saved, saved_queries
from alliance_kg.remote import Credentials, Endpoint, push, run_saved_remote
from alliance_kg.serve import free_port
from alliance_kg.store import open_store


def best(fn: Any, n: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def rows(result: Any) -> set[tuple[str, ...]]:
    return {tuple(sorted(f"{k}={v}" for k, v in r.items())) for r in result.solutions()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--virtuoso", help="Virtuoso's SPARQL URL")
    parser.add_argument("--virtuoso-store", help="Virtuoso's Graph Store URL")
    args = parser.parse_args()
    project = Project.find()
    binary = Path(sys.executable).parent / "oxigraph"
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = subprocess.Popen(
            [str(binary), "serve", "--location", tmp, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/query"
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            endpoints = {"oxigraph": Endpoint(url)}
            if args.virtuoso:
                creds = Credentials.from_env(os.environ)
                endpoints["virtuoso"] = Endpoint(args.virtuoso, args.virtuoso_store, creds)
            for name, endpoint in endpoints.items():
                report = push(project.store, endpoint)
                triples = sum(g.triples for g in report.graphs)
                print(f"push to {name}: {triples} triples in {report.seconds:.2f} s")
            print(f"{'query':30} {'local':>8} " + " ".join(f"{n:>14}" for n in endpoints))
            with open_store(project.store) as store:
                for saved in saved_queries(project.queries):
                    local_t, local = best(lambda s=saved: run_saved(store, s))
                    cells = []
                    for endpoint in endpoints.values():
                        try:
                            t, remote = best(lambda s=saved, e=endpoint: run_saved_remote(e, s))
                            same = "=" if rows(remote) == rows(local) else "≠"
                            cells.append(f"{t:>12.3f} {same}")
                        except Exception as exc:  # a store that cannot run the query
                            cells.append(f"{'error':>12} ({type(exc).__name__})")
                    print(f"{saved.name:30} {local_t:>8.3f} " + " ".join(cells))
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
