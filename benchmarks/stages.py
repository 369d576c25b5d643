"""One measured stage of `python -m benchmarks`, run in a child process of its own.

    python -m benchmarks.stages STAGE CONTEXT_JSON

Prints one line ``RESULT {json}`` with the stage's timed seconds (setup, such as opening the
store or parsing the baseline's input, is not timed unless it is the stage), what it produced,
and ``peak_mb``: the peak resident memory of this process (and of any child it waited for:
the CLI under test, a forked baseline), from ``resource.getrusage``. Each stage is a function
``stage_<name>(ctx, arg)``; the runner (`benchmarks/__main__.py`) gives every stage a time
budget and kills it past that.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import pickle
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return round(time.perf_counter() - start, 4), out


def cli(*args: str, timeout: float) -> tuple[float, subprocess.CompletedProcess]:
    """Run `alliance-kg ARGS` as a user would (a new Python process), timed from the outside."""
    cmd = [sys.executable, "-m", "alliance_kg", *args]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    seconds = round(time.perf_counter() - start, 4)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr[-500:]}")
    return seconds, done


def forked(fn: Callable[[], Any], budget: float) -> dict[str, Any]:
    """Run `fn` in a forked child (it sees what this process has loaded) for at most `budget`
    seconds: its seconds and result, or ``timeout`` when it ran out of time."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        start = time.perf_counter()
        try:
            out = fn()
            send.send({"seconds": round(time.perf_counter() - start, 4), "result": out})
        except Exception as exc:  # reported, not raised: the parent decides
            send.send({"error": f"{type(exc).__name__}: {exc}"[:300]})

    proc = ctx.Process(target=child)
    proc.start()
    if recv.poll(budget):
        msg = recv.recv()
        proc.join()
        return msg
    proc.kill()
    proc.join()
    return {"timeout": budget}


# --- the stages -----------------------------------------------------------------------------


def _project(ctx: dict) -> Any:
    from alliance_kg.project import Project

    return Project(Path(ctx["project"]))


def stage_build(ctx: dict, _arg: str) -> dict:
    """`build(force=True)` of the whole corpus through the API, with the build's own phases."""
    from alliance_kg.build import build

    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    report = build(
        _project(ctx), force=True, progress=lambda m: marks.append((m, time.perf_counter()))
    )
    end = time.perf_counter()
    phases: dict[str, float] = {}
    for (msg, t), (_n, t2) in zip(marks, [*marks[1:], ("end", end)], strict=True):
        key = " ".join(msg.split()[:2]).split("/")[0].strip()
        phases[key] = round(phases.get(key, 0.0) + t2 - t, 3)
    top = dict(sorted(phases.items(), key=lambda kv: -kv[1])[:6])
    return {
        "seconds": round(end - start, 4),
        "triples": report.triples,
        "phases": top,
        "reasoning": report.reasoning.line() if report.reasoning else None,
    }


def stage_incremental(ctx: dict, _arg: str) -> dict:
    """Add one held-back document to the built project and build again (incremental)."""
    from alliance_kg.build import build

    spare = Path(ctx["spare"])
    sources = Path(ctx["project"]) / "graph" / "sources"
    for p in (spare, spare.with_suffix(".txt")):
        shutil.copy(p, sources / p.name)
    seconds, report = _timed(lambda: build(_project(ctx)))
    return {
        "seconds": seconds,
        "loaded": report.loaded,
        "reused": report.reused,
        "triples": report.triples,
    }


def stage_rdflib_parse(ctx: dict, _arg: str) -> dict:
    """Baseline: rdflib `Graph.parse` of the build's Turtle export."""
    from rdflib import Graph

    g = Graph()
    seconds, _ = _timed(lambda: g.parse(ctx["export"], format="turtle"))
    return {"seconds": seconds, "triples": len(g)}


def stage_oxigraph_load(ctx: dict, _arg: str) -> dict:
    """Limit: raw pyoxigraph bulk load of the same export into a new on-disk store."""
    import pyoxigraph as ox

    folder = Path(ctx["work"]) / "raw-oxigraph"
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))

    def load() -> None:
        store.bulk_load(path=ctx["export"], format=ox.RdfFormat.TURTLE)
        store.flush()

    seconds, _ = _timed(load)
    n = len(store)
    shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": seconds, "triples": n}


def _data_store(ctx: dict) -> Any:
    """An in-memory copy of the built store without its inferred graph."""
    import pyoxigraph as ox

    from alliance_kg.namespaces import INFERRED_GRAPH
    from alliance_kg.store import open_store

    mem = ox.Store()
    with open_store(Path(ctx["store"])) as store:
        mem.bulk_extend(
            q for q in store  # named graphs only: the default graph is the build's union copy
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != str(INFERRED_GRAPH)
        )  # fmt: skip
    return mem


def stage_reasoning(ctx: dict, _arg: str) -> dict:
    """The inference rules (`reason.rules.materialise`) and the direct disjointness check."""
    from alliance_kg.reason.clashes import find_clashes
    from alliance_kg.reason.rules import materialise

    store = _data_store(ctx)
    triples = len(store)
    clash_s, clashes = _timed(lambda: find_clashes(store))
    seconds, done = _timed(lambda: materialise(store))
    return {
        "seconds": seconds,
        "triples": triples,
        "inferred": done.inferred,
        "disjointness_check_s": clash_s,
        "clashes": len(clashes),
    }


def stage_owlrl(ctx: dict, _arg: str) -> dict:
    """Baseline: owlrl's OWL-RL closure of the same triples (ontology included)."""
    import owlrl
    from rdflib import Graph

    from alliance_kg.store import from_ox

    g = Graph()
    for q in _data_store(ctx):
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    before = len(g)

    def closure() -> int:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
        return len(g) - before

    out = forked(closure, float(ctx["budget"]))
    return {**out, "triples": before, "inferred": out.get("result")}


def _cap(ctx: dict) -> float:
    """The time limit of one of our saved queries (API or CLI): twice rdflib's per query."""
    return float(ctx.get("query_cap") or 2 * float(ctx["query_budget"]))


def _baseline_cap(ctx: dict) -> float:
    """The time limit of the networkx and pyvis baselines: the stage budget, at most three
    rdflib query budgets (they are lower bounds past it)."""
    return min(float(ctx["budget"]), 3 * float(ctx["query_budget"]))


def _saved(ctx: dict, name: str) -> Any:
    from alliance_kg.query import find_saved

    return find_saved(_project(ctx).queries, name)


def stage_query_api(ctx: dict, name: str) -> dict:
    """One saved query with its example values, in-process on the open on-disk store."""
    from alliance_kg.query import run_saved
    from alliance_kg.store import open_store

    saved = _saved(ctx, name)

    def run() -> dict:
        with open_store(Path(ctx["store"])) as store:  # opened in the fork, not timed
            seconds, result = _timed(lambda: run_saved(store, saved))
        rows = len(result.solutions()) if result.kind == "select" else None
        return {"seconds": seconds, "rows": rows, "bytes": len(result.data)}

    out = forked(run, _cap(ctx))
    return out.get("result", out)


def stage_query_cli(ctx: dict, name: str) -> dict:
    """One saved query through `alliance-kg query run NAME -f json` (a new process), with the
    CLI's own time limit set to the query cap."""
    cap = _cap(ctx)
    cmd = [sys.executable, "-m", "alliance_kg", "query", "run", name, "-f", "json"]
    cmd += ["--project", ctx["project"], "--timeout", str(cap)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=cap + 60, check=False)
    seconds = round(time.perf_counter() - start, 4)
    if done.returncode != 0:
        if "timeout" in done.stderr.lower() or "seconds" in done.stderr.lower():
            return {"timeout": cap, "message": done.stderr.strip()[-200:]}
        raise RuntimeError(f"query run {name}: exit {done.returncode}: {done.stderr[-500:]}")
    return {"seconds": seconds, "bytes": len(done.stdout)}


def stage_rdflib_queries(ctx: dict, _arg: str) -> dict:
    """Baseline: every saved query in rdflib's SPARQL over an in-memory Dataset holding the same
    quads as the store (union default graph), each forked with the query budget."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from alliance_kg.query import saved_queries
    from alliance_kg.store import open_store

    nq = Path(ctx["work"]) / "store.nq"
    with open_store(Path(ctx["store"])) as store:  # the named graphs, not the union copy
        named = (q for q in store if isinstance(q.graph_name, ox.NamedNode))
        ox.serialize(named, str(nq), ox.RdfFormat.N_QUADS)
    ds = Dataset(default_union=True)
    parse_s, _ = _timed(lambda: ds.parse(str(nq), format="nquads"))
    out: dict[str, Any] = {"seconds": parse_s, "parse_s": parse_s, "queries": {}}
    for saved in saved_queries(_project(ctx).queries):
        text = saved.text_without([])
        out["queries"][saved.name] = forked(
            lambda t=text: len(list(ds.query(t))), float(ctx["query_budget"])
        )
    nq.unlink()
    return out


def _graph(ctx: dict) -> Any:
    with open(Path(ctx["work"]) / "projection.pickle", "rb") as fh:
        return pickle.load(fh)


def stage_projection(ctx: dict, _arg: str) -> dict:
    """The store projected into NetworkX (`analyse.projection.project`), as every analysis and
    page starts; the graph is kept (pickled) for the analysis and page stages."""
    from alliance_kg.analyse.projection import project
    from alliance_kg.store import open_store

    with open_store(Path(ctx["store"])) as store:
        seconds, g = _timed(lambda: project(store))
    with open(Path(ctx["work"]) / "projection.pickle", "wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": seconds, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


#: the two ends of paths (and the ego centre): entities of the example, in every corpus
ENDS = (
    "https://w3id.org/alliance-kg/id/us-department-of-energy",
    "https://w3id.org/alliance-kg/id/nvidia",
)


def stage_analysis(ctx: dict, name: str) -> dict:
    """One analysis of `benchmarks/analyses.py`'s list, on the projected graph."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from analyses import analysis_runs

    g = _graph(ctx)
    # setup, as for the baseline (networkx is imported by unpickling the graph): igraph's
    # import (0.3-1 s) is not the analysis
    import igraph  # noqa: F401

    seconds, _ = _timed(analysis_runs(g, *ENDS)[name])
    return {"seconds": seconds, "nodes": g.number_of_nodes()}


def stage_networkx(ctx: dict, name: str) -> dict:
    """Baseline: the plain networkx call a user would write for that analysis, forked with the
    budget, on the same projected graph (as an undirected simple graph)."""
    import networkx as nx

    g = _graph(ctx)
    u = nx.Graph(g.to_undirected(as_view=True))
    a, b = ENDS
    calls: dict[str, Callable[[], Any]] = {
        "centrality (auto betweenness)": lambda: len(nx.betweenness_centrality(u)),
        "communities (auto)": lambda: len(nx.community.louvain_communities(u, seed=1)),
        "articulation points": lambda: len(list(nx.articulation_points(u))),
        "path (best 10)": lambda: sum(
            1 for _p, _ in zip(nx.shortest_simple_paths(u, a, b), range(10), strict=False)
        ),
        "ego depth 2": lambda: nx.ego_graph(u, a, radius=2).number_of_nodes(),
    }
    return forked(calls[name], _baseline_cap(ctx))


def stage_analyse_cli(ctx: dict, verb: str) -> dict:
    """One `alliance-kg analyse VERB -f json` through the CLI (projection included)."""
    args = {"path": ["U.S. Department of Energy", "NVIDIA"], "ego": ["U.S. Department of Energy"]}
    seconds, done = cli(
        "analyse",
        verb,
        *args.get(verb, []),
        "-f",
        "json",
        "--project",
        ctx["project"],
        timeout=float(ctx["budget"]),
    )
    return {"seconds": seconds, "bytes": len(done.stdout)}


def stage_viz_api(ctx: dict, _arg: str) -> dict:
    """The page of the whole projected graph (`visualise.render_html`), in memory."""
    from alliance_kg.visualise import render_html

    g = _graph(ctx)
    seconds, html = _timed(lambda: render_html(g))
    return {"seconds": seconds, "nodes": g.number_of_nodes(), "bytes": len(html)}


def stage_viz_cli(ctx: dict, _arg: str) -> dict:
    """`alliance-kg viz -o page.html` of the whole graph (projection included)."""
    out = Path(ctx["work"]) / "page.html"
    seconds, _ = cli(
        "viz", "-o", str(out), "--max-nodes", "0", "--project", ctx["project"],
        timeout=float(ctx["budget"]),
    )  # fmt: skip
    return {"seconds": seconds, "bytes": out.stat().st_size}


def stage_pyvis(ctx: dict, _arg: str) -> dict:
    """Baseline: pyvis `from_nx` + `generate_html` of the same graph (`benchmarks/viz.py`)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from viz import pyvis_page

    g = _graph(ctx)
    for _n, attrs in g.nodes(data=True):  # pyvis dumps attributes with json: no Decimal
        attrs.update({k: float(v) for k, v in attrs.items() if isinstance(v, Decimal)})
    for *_e, attrs in g.edges(keys=True, data=True):
        attrs.pop("evidence", None)  # lists of dicts the page would not show
    return {
        **forked(lambda: len(pyvis_page(g)), _baseline_cap(ctx)),
        "nodes": g.number_of_nodes(),
    }


def stage_export(ctx: dict, fmt: str) -> dict:
    """One export format through `export.base.export_store` on the open on-disk store."""
    from alliance_kg.defaults import EXPORT_FORMATS
    from alliance_kg.export.base import ExportOptions, export_store
    from alliance_kg.store import open_store

    out = Path(ctx["work"]) / f"export-{fmt}{EXPORT_FORMATS[fmt]}"
    with open_store(Path(ctx["store"])) as store:
        seconds, _ = _timed(lambda: export_store(store, out, fmt, ExportOptions()))
    size = sum(p.stat().st_size for p in out.rglob("*")) if out.is_dir() else out.stat().st_size
    shutil.rmtree(out) if out.is_dir() else out.unlink()
    return {"seconds": seconds, "bytes": size}


def stage_rdflib_serialize(ctx: dict, fmt: str) -> dict:
    """Baseline: rdflib's serializer (`benchmarks/export.py`'s list) over an rdflib Graph of the
    same asserted triples (copying the store into the Graph is not timed)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from export import BASELINES

    from alliance_kg.store import asserted_graphs, graph_to_rdflib, open_store

    with open_store(Path(ctx["store"])) as store:
        g = graph_to_rdflib(store, asserted_graphs(store))
    out = Path(ctx["work"]) / f"rdflib-{fmt}"
    out_s = forked(lambda: g.serialize(out, format=BASELINES[fmt]) and None, float(ctx["budget"]))
    out.unlink(missing_ok=True)
    return {**out_s, "triples": len(g)}


def stage_export_cli(ctx: dict, fmt: str) -> dict:
    """`alliance-kg export FILE -f FMT` as a user runs it (start-up included); the default
    Turtle export copies the build's own file when it is intact."""
    from alliance_kg.defaults import EXPORT_FORMATS

    out = Path(ctx["work"]) / f"export-cli-{fmt}{EXPORT_FORMATS[fmt]}"
    seconds, _ = cli(
        "export", str(out), "-f", fmt, "--project", ctx["project"], timeout=float(ctx["budget"])
    )
    return {"seconds": seconds, "bytes": out.stat().st_size}


def main() -> None:
    stage, arg = sys.argv[1].partition(":")[::2]
    ctx = json.loads(sys.argv[2])
    os.chdir(ctx["project"])
    result = globals()[f"stage_{stage.replace('-', '_')}"](ctx, arg)
    result["peak_mb"] = _peak_mb()
    print("RESULT " + json.dumps(result, default=str), flush=True)


if __name__ == "__main__":
    main()
