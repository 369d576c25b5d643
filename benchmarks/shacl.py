"""SHACL at scale: the compiled validator (`alliance_kg.shacl`) against pyshacl, same data.

The data is the example annotation copied and renamed (`benchmarks/build.py`), loaded as a build
loads it; both engines validate the same graph with the project's shapes and must report the same
violations (none). Prints seconds per engine and pyshacl's time as a multiple of the compiled one.

    .venv/bin/python benchmarks/shacl.py [--sizes 1 10 30] [--no-pyshacl-above 30]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alliance_kg.annotation import read_annotation
from alliance_kg.load import load_annotation
from alliance_kg.ontology import load_vocabulary
from alliance_kg.validate import load_shapes, validate_graph
from benchmarks.build import make_project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--no-pyshacl-above", type=int, default=30,
                        help="skip pyshacl above this many copies (minutes)")  # fmt: skip
    args = parser.parse_args()
    print(f"{'copies':>6} {'triples':>8} {'compiled s':>10} {'pyshacl s':>10} {'ratio':>6}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp), n)
            vocab = load_vocabulary(project.ontology)
            shapes = load_shapes(project.shapes)
            data, origins = Graph(), {}
            for path in sorted(project.sources.glob("*.yaml")):
                load = load_annotation(read_annotation(path), vocab)
                for s, p, o, _g in load.quads:
                    data.add((s, p, o))
                origins.update(load.origins)
            times = {}
            results = {}
            for engine in ("compiled", "pyshacl"):
                if engine == "pyshacl" and n > args.no_pyshacl_above:
                    continue
                start = time.perf_counter()
                results[engine] = validate_graph(data, vocab.graph, shapes, origins, engine=engine)
                times[engine] = time.perf_counter() - start
            if len(results) == 2:
                assert results["compiled"].violations == results["pyshacl"].violations
            py = times.get("pyshacl")
            ratio = f"{py / times['compiled']:>6.1f}" if py else f"{'-':>6}"
            print(f"{n:>6} {len(data):>8} {times['compiled']:>10.2f} "
                  f"{(f'{py:.2f}' if py else '-'):>10} {ratio}")  # fmt: skip


if __name__ == "__main__":
    main()
