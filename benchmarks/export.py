"""How long each export format takes, against rdflib's serializers on the same triples.

Run on demand (not a test):

    .venv/bin/python benchmarks/export.py                 # ×1 and ×36 (~100k triples)
    .venv/bin/python benchmarks/export.py --factors 1 10

The store is the example's graphs copied ×N with renamed IRIs (`benchmarks/reasoning.py`'s
`scaled`), in memory, with the ontology. Each format is written by `export_store` to a
temporary folder (asserted graphs; the projection for the network formats); the baselines are
rdflib's Turtle, N-Triples, RDF/XML and JSON-LD serializers over an rdflib Graph of the same
triples (the time to copy the store into that Graph not counted). One run, wall-clock seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from reasoning import example_quads, scaled  # noqa: E402

from alliance_kg.defaults import EXPORT_FORMATS  # noqa: E402
from alliance_kg.export.base import ExportOptions, export_store  # noqa: E402
from alliance_kg.store import asserted_graphs, graph_to_rdflib  # noqa: E402

BASELINES = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}


def measure(factor: int, quads: list) -> None:
    store = scaled(quads, factor)
    triples = sum(
        1 for g in asserted_graphs(store) for _q in store.quads_for_pattern(None, None, None, g)
    )
    print(f"×{factor}: {triples:,} asserted triples")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, suffix in EXPORT_FORMATS.items():
            started = time.perf_counter()
            export_store(store, Path(tmp) / f"out-{fmt}{suffix}", fmt, ExportOptions())
            print(f"  {fmt:9} {time.perf_counter() - started:7.2f} s")
        graph = graph_to_rdflib(store, asserted_graphs(store))
        for name in BASELINES.values():
            started = time.perf_counter()
            graph.serialize(Path(tmp) / f"rdflib.{name}", format=name)
            print(f"  rdflib {name:8} {time.perf_counter() - started:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 36])
    args = parser.parse_args()
    quads = example_quads()
    for factor in args.factors:
        measure(factor, quads)


if __name__ == "__main__":
    main()
