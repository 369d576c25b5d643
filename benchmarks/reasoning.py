"""How reasoning grows with the data: HermiT, the direct disjointness check and the rules.

Run on demand (not a test):

    .venv/bin/python benchmarks/reasoning.py            # ×1, ×10, ×100 of the example
    .venv/bin/python benchmarks/reasoning.py --factors 1,10 --owlrl

The example document is built once into a temporary project; ×N copies its document graph N
times with every minted IRI (akid:, akst:, akev:, akdoc:) renamed per copy, so the copies are
disjoint graphs of the same shape. Times are wall-clock seconds; ratios are against ×1 measured
in the same run. "java MB" is the peak resident memory of the reasoner's JVM (children of this
process so far), "python MB" that of this process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from alliance_kg.build import build  # noqa: E402
from alliance_kg.namespaces import AKDOC, AKEV, AKID, AKST, INFERRED_GRAPH  # noqa: E402
from alliance_kg.project import Project  # noqa: E402
from alliance_kg.reason.clashes import find_clashes  # noqa: E402
from alliance_kg.reason.consistency import (  # noqa: E402
    data_triples,
    ontology_triples,
    run_hermit,
)
from alliance_kg.reason.rules import materialise  # noqa: E402
from alliance_kg.store import open_store  # noqa: E402

MINTED = tuple(str(ns) for ns in (AKID, AKDOC, AKEV, AKST))


def example_quads() -> list[ox.Quad]:
    """The example built into a temporary project (no reasoning), as quads without inferences."""
    import shutil

    tmp = Path(tempfile.mkdtemp(prefix="alliance-kg-bench-"))
    (tmp / "ontology").mkdir()
    for name in ("alliance.ttl", "shapes.ttl"):
        shutil.copy(ROOT / "ontology" / name, tmp / "ontology" / name)
    (tmp / "graph" / "sources").mkdir(parents=True)
    for suffix in (".yaml", ".txt"):
        src = ROOT / "graph" / "sources" / f"us-japan-alliance-summit{suffix}"
        shutil.copy(src, tmp / "graph" / "sources" / src.name)
    project = Project(tmp)
    build(project, reason=False)
    with open_store(project.store) as store:
        return [q for q in store if q.graph_name.value != str(INFERRED_GRAPH)]


def _rename(term: object, k: int) -> object:
    if k and isinstance(term, ox.NamedNode) and term.value.startswith(MINTED):
        return ox.NamedNode(f"{term.value}-c{k}")
    return term


def scaled(quads: list[ox.Quad], factor: int) -> ox.Store:
    """An in-memory store with the ontology once and the document graphs `factor` times."""
    store = ox.Store()
    out = []
    for q in quads:
        if "/graph/doc/" not in q.graph_name.value:
            out.append(q)
            continue
        for k in range(factor):
            out.append(
                ox.Quad(_rename(q.subject, k), q.predicate, _rename(q.object, k), q.graph_name)
            )
    store.bulk_extend(out)
    return store


def _mb(who: int) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def measure(quads: list[ox.Quad], factor: int, hermit: bool, owlrl: bool) -> dict[str, float]:
    """Time one size: the direct check, HermiT, the rules (and owlrl's closure if asked)."""
    store = scaled(quads, factor)
    abox, tbox = data_triples(store), ontology_triples(store)
    row: dict[str, float] = {"factor": factor, "triples": len(abox)}
    t = time.perf_counter()
    clashes = find_clashes(store)
    row["direct s"] = time.perf_counter() - t
    assert not [c for c in clashes if c.kind == "disjoint"], clashes
    if hermit:
        t = time.perf_counter()
        result = run_hermit([*tbox, *abox])
        row["HermiT s"] = time.perf_counter() - t
        assert result.consistent
    t = time.perf_counter()
    done = materialise(store)
    row["rules s"] = time.perf_counter() - t
    row["inferred"] = done.inferred
    if owlrl:
        import owlrl as rl
        from rdflib import Graph

        from alliance_kg.store import from_ox

        g = Graph()
        for q in store:
            if q.graph_name.value != str(INFERRED_GRAPH):
                g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        t = time.perf_counter()
        rl.DeductiveClosure(rl.OWLRL_Semantics).expand(g)
        row["owlrl s"] = time.perf_counter() - t
    row["java MB"] = _mb(resource.RUSAGE_CHILDREN)
    row["python MB"] = _mb(resource.RUSAGE_SELF)
    return row


def main() -> None:
    """Measure each factor and print a table with ratios to ×1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--no-hermit", action="store_true", help="skip HermiT")
    parser.add_argument("--owlrl", action="store_true", help="also time owlrl's OWL RL closure")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    quads = example_quads()
    rows = []
    for factor in factors:
        row = measure(quads, factor, not args.no_hermit, args.owlrl)
        rows.append(row)
        print(f"×{factor}: " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
    base = rows[0]
    timed = [k for k in base if k.endswith(" s")]
    header = ["size", "data triples", *timed, *(f"{k} ratio" for k in timed), "inferred"]
    header += ["java MB", "python MB"]
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        cells = [f"×{row['factor']}", f"{row['triples']:.0f}"]
        cells += [f"{row[k]:.2f}" for k in timed]
        cells += [f"{row[k] / base[k]:.1f}" for k in timed]
        cells += [f"{row['inferred']:.0f}", f"{row['java MB']:.0f}", f"{row['python MB']:.0f}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
