"""Measure every stage of alliance-kg against the baseline a user would otherwise write.

    python -m benchmarks                      # the 10k and 100k corpora
    python -m benchmarks --sizes 10k 100k 1m  # add the 1M corpus (an hour or more)
    python -m benchmarks --quick              # 10k only, short budgets, fewer CLI runs
    python -m benchmarks --sizes 1m --stages build rdflib-parse oxigraph-load incremental
                                              # only these stages (a NAME also selects NAME:*)

For each size it generates a seeded corpus (`benchmarks/corpus.py`) into a temporary
`alliance-kg init` project, then runs each stage in a child process of its own
(`benchmarks/stages.py`), timed, with its peak memory, and with a time budget: the full build,
adding one document, reasoning, every saved query (API and CLI), the projection and each
analysis (API and CLI), the page, each export format; and, in the same run, the baselines
(rdflib parse + the same SPARQL in memory, raw pyoxigraph bulk load, owlrl, pyvis `from_nx`,
plain networkx, rdflib's serializers). It writes the stage results, the ratios against the
baselines, the issue's targets with pass/fail, the machine and the commit to
``benchmarks/results/<date>-<commit>.json`` and a plot beside it (``.svg``). See
docs/benchmarks.md for what each ratio means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

ANALYSES = [
    "undirected view",
    "path (best 10)",
    "centrality (auto betweenness)",
    "pagerank",
    "brokers",
    "articulation points",
    "communities (auto)",
    "ego depth 2",
    "money",
]
#: the analyses that have a plain networkx counterpart (stages.stage_networkx)
#: (networkx's own pagerank needs scipy, which the project does not install: no baseline)
NX_BASELINES = [
    "centrality (auto betweenness)",
    "communities (auto)",
    "articulation points",
    "path (best 10)",
    "ego depth 2",
]
ANALYSE_VERBS = ["path", "centrality", "brokers", "communities", "ego", "money"]
RDF_BASELINES = ["turtle", "ntriples", "rdfxml", "jsonld"]


def machine() -> dict[str, Any]:
    """Cores, memory, CPU model, OS, Python and the versions of the libraries compared."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    versions = {}
    for pkg in ("alliance-kg", "pyoxigraph", "rdflib", "networkx", "owlrl", "pyvis", "pyshacl"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 2**20, 1),
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
        "versions": versions,
    }


def commit() -> dict[str, Any]:
    """The commit measured, and whether the work tree had changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "sha": git("rev-parse", "HEAD"),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "src", "queries", "ontology")),
    }


def run_stage(stage: str, ctx: dict, timeout: float) -> dict[str, Any]:
    """Run one stage in a child process; its result, or ``timeout`` / ``error``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    cmd = [sys.executable, "-m", "benchmarks.stages", stage, json.dumps(ctx)]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout)[-800:]}
    out = json.loads(lines[-1][len("RESULT ") :])
    out["wall_s"] = round(time.perf_counter() - start, 3)
    return out


def plan(quick: bool) -> list[str]:
    """The stages of one size, in the order they run: the build and its baselines first (the
    incremental add changes the store every later stage reads), then the cheap stages, the
    saved queries and the CLI runs last, so a run stopped early still has the most."""
    from alliance_kg.defaults import EXPORT_FORMATS
    from alliance_kg.query import saved_queries
    from alliance_kg.resources import packaged_queries

    names = [q.name for q in saved_queries(packaged_queries())]
    stages = ["build", "rdflib-parse", "oxigraph-load", "incremental"]
    stages += [f"export:{f}" for f in EXPORT_FORMATS]
    stages += ["export-cli:turtle"]
    stages += [f"rdflib-serialize:{f}" for f in (["turtle"] if quick else RDF_BASELINES)]
    stages += ["projection"]
    stages += [f"analysis:{a}" for a in ANALYSES] + [f"networkx:{a}" for a in NX_BASELINES]
    stages += ["viz-api", "pyvis", "viz-cli", "reasoning", "owlrl"]
    stages += [f"query-api:{n}" for n in names] + ["rdflib-queries"]
    stages += [f"query-cli:{n}" for n in (names[:2] if quick else names)]
    stages += [] if quick else [f"analyse-cli:{v}" for v in ANALYSE_VERBS]
    return stages


def select(stages: list[str], wanted: list[str] | None, built: bool = False) -> list[str]:
    """The stages of `stages` that `wanted` names (all when None), in the plan's order: a name
    selects itself and its variants (``query-api`` selects every ``query-api:NAME``), a shell
    pattern (``export:*``) what it matches; with a corpus built already (``--project``) never the
    build or the incremental add, which would change it."""
    import fnmatch

    def picks(stage: str, w: str) -> bool:
        return stage == w or stage.startswith(f"{w}:") or fnmatch.fnmatchcase(stage, w)

    if wanted:
        unknown = [w for w in wanted if not any(picks(s, w) for s in stages)]
        if unknown:
            raise SystemExit(f"unknown stage(s) {unknown}; the stages are {stages}")
        stages = [s for s in stages if any(picks(s, w) for w in wanted)]
    if built:
        stages = [s for s in stages if s not in ("build", "incremental")]
    return stages


def _s(r: dict | None) -> float | None:
    return None if not r or "seconds" not in r else r["seconds"]


def _ratio(slow: dict | None, fast: dict | None) -> tuple[float | None, bool]:
    """slow / fast seconds, and whether it is a lower bound (the slow side ran out of time)."""
    f = _s(fast)
    if not f:
        return None, False
    if slow and "timeout" in slow:
        return round(slow["timeout"] / f, 2), True
    s = _s(slow)
    return (round(s / f, 2), False) if s is not None else (None, False)


def _target(name: str, goal: str, value: float | None, ok: bool | None, **more: Any) -> dict:
    return {"target": name, "goal": goal, "value": value, "pass": ok, **more}


def assess(st: dict[str, dict]) -> tuple[dict[str, Any], list[dict]]:
    """The ratios against the baselines, and the issue's targets with pass/fail."""
    ratios: dict[str, Any] = {}
    targets = []
    build = st.get("build")
    r, lb = _ratio(st.get("rdflib-parse"), build)
    ratios["build: rdflib parse / build"] = r
    targets.append(
        _target(
            "build ≥ 20× faster than rdflib parse",
            "≥ 20",
            r,
            None if r is None else r >= 20,
            lower_bound=lb,
        )
    )
    r, _ = _ratio(build, st.get("oxigraph-load"))
    ratios["build / raw pyoxigraph bulk load"] = r
    targets.append(
        _target(
            "build within 2× of raw pyoxigraph bulk load", "≤ 2", r, None if r is None else r <= 2
        )
    )
    if build and st.get("rdflib-parse", {}).get("peak_mb"):
        m = round(build["peak_mb"] / st["rdflib-parse"]["peak_mb"], 2)
        ratios["build peak memory / rdflib parse peak memory"] = m
        targets.append(_target("build peak memory ≤ 0.7× rdflib's", "≤ 0.7", m, m <= 0.7))
    inc = _s(st.get("incremental"))
    targets.append(
        _target("adding one document under 5 s", "< 5 s", inc, None if inc is None else inc < 5)
    )
    rdq = st.get("rdflib-queries", {}).get("queries", {})
    per_query = {}
    for key, res in st.items():
        if key.startswith("query-api:"):
            name = key.split(":", 1)[1]
            r, lb = _ratio(rdq.get(name), res)
            cli = st.get(f"query-cli:{name}")
            per_query[name] = {
                "api_s": _s(res),
                "cli_s": _s(cli),
                "rdflib_s": _s(rdq.get(name)),
                "rdflib_timeout": (rdq.get(name) or {}).get("timeout"),
                "rdflib / api": r,
                "lower_bound": lb,
                "api_timeout": res.get("timeout"),
                "rows": res.get("rows"),
                "rdflib_rows": (rdq.get(name) or {}).get("result"),
            }
    ratios["queries"] = per_query
    if per_query:
        worst = min(
            (q["rdflib / api"] for q in per_query.values() if q["rdflib / api"]), default=None
        )
        slowest = max(
            (q["api_s"] or q["api_timeout"] or 0 for q in per_query.values()), default=None
        )
        targets.append(
            _target(
                "every saved query ≥ 20× in-memory rdflib",
                "≥ 20 (worst query)",
                worst,
                None if worst is None else worst >= 20,
            )
        )
        targets.append(
            _target(
                "no saved query above 1 s in-process",
                "≤ 1 s (slowest)",
                slowest,
                None if slowest is None else slowest <= 1,
            )
        )
    exports = {}
    for fmt in RDF_BASELINES:
        r, lb = _ratio(st.get(f"rdflib-serialize:{fmt}"), st.get(f"export:{fmt}"))
        exports[fmt] = {
            "ours_s": _s(st.get(f"export:{fmt}")),
            "rdflib / ours": r,
            "lower_bound": lb,
        }
    ratios["exports"] = exports
    r = exports["turtle"]["rdflib / ours"]
    ratios["export-cli turtle: rdflib / alliance-kg export"] = _ratio(
        st.get("rdflib-serialize:turtle"), st.get("export-cli:turtle")
    )[0]
    targets.append(
        _target(
            "Turtle export ≥ 30× rdflib's serializer", "≥ 30", r, None if r is None else r >= 30
        )
    )
    r, lb = _ratio(st.get("owlrl"), st.get("reasoning"))
    ratios["inference: owlrl / rules"] = r
    targets.append(
        _target(
            "inference ≥ 100× owlrl",
            "≥ 100",
            r,
            None if r is None else (r >= 100 if not lb or r >= 100 else None),
            lower_bound=lb,
            inferred={
                "rules": st.get("reasoning", {}).get("inferred"),
                "owlrl": st.get("owlrl", {}).get("inferred"),
            },
        )
    )
    r, lb = _ratio(st.get("pyvis"), st.get("viz-api"))
    ratios["page: pyvis from_nx / ours"] = r
    nodes = st.get("viz-api", {}).get("nodes")
    targets.append(
        _target(
            f"page ≥ 100× pyvis from_nx ({nodes} nodes)",
            "≥ 100",
            r,
            None if r is None else (r >= 100 if not lb or r >= 100 else None),
            lower_bound=lb,
        )
    )
    analyses = {}
    for a in NX_BASELINES:
        r, lb = _ratio(st.get(f"networkx:{a}"), st.get(f"analysis:{a}"))
        analyses[a] = {
            "ours_s": _s(st.get(f"analysis:{a}")),
            "networkx_s": _s(st.get(f"networkx:{a}")),
            "networkx / ours": r,
            "lower_bound": lb,
        }
    ratios["analyses"] = analyses
    for a, label in (
        ("communities (auto)", "communities"),
        ("centrality (auto betweenness)", "centrality"),
    ):
        r = analyses[a]["networkx / ours"]
        targets.append(
            _target(
                f"{label} ≥ 10× plain networkx",
                "≥ 10",
                r,
                None if r is None else r >= 10,
                lower_bound=analyses[a]["lower_bound"],
            )
        )
    return ratios, targets


def measure_size(
    size: str, args: argparse.Namespace, tmp: Path, save: Any = None
) -> dict[str, Any]:
    """Generate the corpus of `size` and run every stage on it; `save(partial)` after each."""
    from benchmarks.corpus import hold_back, make_corpus

    folder = tmp / f"corpus-{size}"
    work = tmp / f"work-{size}"
    work.mkdir(parents=True)
    started = time.perf_counter()
    if getattr(args, "project", None):  # a corpus built already (`--project`)
        folder, spare = args.project.resolve(), work / "spare"
    else:
        make_corpus(folder, size, args.seed)
        spare = hold_back(folder / "graph" / "sources", work / "spare")
    gen_s = round(time.perf_counter() - started, 2)
    ctx = {
        "project": str(folder),
        "store": str(folder / "graph" / "store"),
        "export": str(folder / "graph" / "alliance.ttl"),
        "work": str(work),
        "spare": str(spare),
        "budget": args.budget,
        "query_budget": args.query_budget,
    }
    stages = select(plan(args.quick), args.stages, built=bool(getattr(args, "project", None)))
    n_queries = sum(1 for s in stages if s.startswith("query-api:"))
    results: dict[str, dict] = {}
    for stage in stages:
        timeout = args.budget + 120
        if stage == "rdflib-queries":
            timeout += n_queries * (args.query_budget + 5)
        if stage == "build" or stage == "incremental":
            timeout = max(timeout, 4 * args.budget)
        res = run_stage(stage, ctx, timeout)
        results[stage] = res
        what = (
            f"{res['seconds']:.2f} s"
            if "seconds" in res
            else "timeout"
            if "timeout" in res
            else "ERROR"
        )
        mem = f"{res.get('peak_mb', 0):,.0f} MB" if "peak_mb" in res else ""
        print(f"{size:>5} {stage:45} {what:>12} {mem:>10}", file=sys.stderr, flush=True)
        if "error" in res:
            print(res["error"], file=sys.stderr)
        if save is not None:
            save(summary(size, args, gen_s, results))
    return summary(size, args, gen_s, results)


def summary(size: str, args: argparse.Namespace, gen_s: float, results: dict) -> dict[str, Any]:
    """One size's entry of the results file: the corpus, the stages, ratios and targets."""
    from benchmarks.corpus import documents_for

    ratios, targets = assess(results)
    return {
        "documents": documents_for(size) + 1,
        "seed": args.seed,
        "triples": results.get("build", {}).get("triples"),
        "triples_after_add": results.get("incremental", {}).get("triples"),
        "generate_s": gen_s,
        "stages": results,
        "ratios": ratios,
        "targets": targets,
    }


def reassess(path: Path) -> None:
    """Recompute the ratios and targets of a results file (after `assess` changed), and its plot."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from benchmarks.plot import write_svg

    doc = json.loads(path.read_text())
    for res in doc["sizes"].values():
        res["ratios"], res["targets"] = assess(res["stages"])
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    write_svg(doc, path.with_suffix(".svg"))


def _cell(res: dict | None) -> str:
    if not res:
        return "—"
    if "timeout" in res:
        return f"> {res['timeout']:g} s"
    if "seconds" not in res:
        return "error"
    return f"{res['seconds']:.2f} s"


def table(paths: list[Path]) -> str:
    """A markdown table of results files: each stage's seconds (and peak MB) per size, with the
    baseline beside it and the ratio."""
    sizes: dict[str, dict] = {}
    for path in paths:
        sizes.update(json.loads(path.read_text())["sizes"])
    pairs = [("build", "rdflib-parse"), ("build", "oxigraph-load"), ("incremental", None),
             ("reasoning", "owlrl"), ("projection", None)]  # fmt: skip
    pairs += [(f"analysis:{a}", f"networkx:{a}" if a in NX_BASELINES else None) for a in ANALYSES]
    pairs += [("viz-api", "pyvis"), ("viz-cli", None)]
    formats = ("turtle", "ntriples", "rdfxml", "jsonld", "trig", "graphml", "csv")
    pairs += [(f"export:{f}", f"rdflib-serialize:{f}" if f in RDF_BASELINES else None)
              for f in formats]  # fmt: skip
    head = " | ".join(f"{s} ({r.get('triples') or 0:,} triples)" for s, r in sizes.items())
    lines = [f"| stage (baseline) | {head} |", "|---|" + "---|" * len(sizes)]
    for ours, base in pairs:
        cells = []
        for res in sizes.values():
            st = res["stages"]
            a, b = st.get(ours), st.get(base) if base else None
            mem = f", {a['peak_mb']:,.0f} MB" if a and "peak_mb" in a else ""
            cell = _cell(a) + mem
            if base:
                r, lb = _ratio(b, a)
                ratio = "" if r is None else f" → {'≥ ' if lb else ''}{r:g}×"
                cell += f" vs {_cell(b)}{ratio}"
            cells.append(cell)
        name = f"{ours} vs {base.split(':')[0]}" if base else ours
        lines.append(f"| {name} | {' | '.join(cells)} |")
    names = sorted({k.split(":", 1)[1] for r in sizes.values() for k in r["stages"]
                    if k.startswith("query-api:")})  # fmt: skip
    for n in names:
        cells = []
        for res in sizes.values():
            st = res["stages"]
            rdq = st.get("rdflib-queries", {}).get("queries", {}).get(n)
            a, c = st.get(f"query-api:{n}"), st.get(f"query-cli:{n}")
            r, lb = _ratio(rdq, a)
            ratio = "" if r is None else f" → {'≥ ' if lb else ''}{r:g}×"
            cells.append(f"{_cell(a)} (CLI {_cell(c)}) vs {_cell(rdq)}{ratio}")
        lines.append(f"| query {n} vs rdflib | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", nargs="+", help="10k, 100k, 1m (default: 10k 100k)")
    parser.add_argument(
        "--quick", action="store_true", help="10k only, short budgets, fewer CLI runs"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget", type=float, help="seconds per stage (default 600; quick 120)")
    parser.add_argument(
        "--query-budget", type=float, help="seconds per rdflib query (default 120; quick 30)"
    )
    parser.add_argument(
        "--stages",
        "--only",
        nargs="+",
        metavar="STAGE",
        help="run only these stages (build, incremental, rdflib-parse, oxigraph-load, query-api, "
        "…; a name without ':' selects all its variants, a shell pattern such as 'export:*' what "
        "it matches); the results file's name says which",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON and SVG")
    parser.add_argument(
        "--reassess",
        type=Path,
        metavar="JSON",
        help="recompute the ratios, targets and plot of a results file from its stage results",
    )
    parser.add_argument(
        "--table", type=Path, nargs="+", metavar="JSON", help="print results files as markdown"
    )
    parser.add_argument(
        "--project", type=Path, metavar="DIR",
        help="measure this corpus project, built already, instead of generating one "
        "(one size; never rebuilt or added to)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.table:
        print(table(args.table), end="")
        return
    if args.reassess:
        reassess(args.reassess)
        return
    args.sizes = args.sizes or (["10k"] if args.quick else ["10k", "100k"])
    args.budget = args.budget or (120.0 if args.quick else 600.0)
    args.query_budget = args.query_budget or (30.0 if args.quick else 120.0)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from benchmarks.plot import write_svg

    head = commit()
    stamp = dt.datetime.now(dt.UTC)
    name = f"{stamp:%Y-%m-%d}-{head['sha'][:8]}"
    if args.stages:  # a partial run: its own file, not the full run's of the same commit
        picked = (re.sub(r"[^A-Za-z0-9._-]+", "_", s) for s in args.stages)
        name += "-" + "-".join([*args.sizes, *picked])
    out = args.out / name
    doc: dict[str, Any] = {
        "date": stamp.isoformat(timespec="seconds"),
        "commit": head,
        "machine": machine(),
        "command": " ".join(["python -m benchmarks", *sys.argv[1:]]),
        "budget_s": args.budget,
        "query_budget_s": args.query_budget,
        "sizes": {},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="alliance-kg-bench-") as tmp:

        def save(partial: dict[str, Any], size: str) -> None:
            doc["sizes"][size] = partial
            text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
            out.with_suffix(".json").write_text(text)
            write_svg(doc, out.with_suffix(".svg"))

        for size in args.sizes:
            save(measure_size(size, args, Path(tmp), lambda p, s=size: save(p, s)), size)
    print(f"wrote {out.with_suffix('.json')} and {out.with_suffix('.svg')}")
    for size, res in doc["sizes"].items():
        for t in res["targets"]:
            mark = {True: "pass", False: "FAIL", None: "n/a"}[t["pass"]]
            print(f"{size:>5} {mark:4} {t['target']}: {t['value']} (goal {t['goal']})")


if __name__ == "__main__":
    main()
