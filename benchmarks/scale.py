"""The build at about a million triples against the baselines, in one run (issue 16, section 1).

Makes N renamed copies of the example (benchmarks/build.py's generator; 375 copies are about
1M triples), then times, each in a child process of its own so that its peak RSS is its own:

* ``build``: `alliance_kg.build.build(force=True)` with and without reasoning, by phase (the
  build's progress messages, timed);
* ``rdflib``: the baseline a user would write, rdflib ``Graph().parse`` of the build's export;
* ``oxload``: the limit, a raw pyoxigraph ``Store(dir).bulk_load`` of the same export;
* ``add``: adding one more example-sized document to the built project (an incremental build).

Prints one table with seconds, peak RSS and the ratios the issue's targets are stated in.

    .venv/bin/python benchmarks/scale.py [--copies 375] [--no-reason-only]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _phases(marks: list[tuple[str, float]], end: float) -> dict[str, float]:
    """Seconds per phase, from (progress message, time) marks; per-file messages summed."""
    out: dict[str, float] = {}
    for (msg, t), (_m, t2) in zip(marks, [*marks[1:], ("end", end)], strict=True):
        phase = msg.split(" ")[0] if msg.startswith(("reading ", "loading ")) else msg
        phase = "reading/loading documents" if phase in {"reading", "loading"} else phase
        phase = phase.split(" /")[0].split(" (")[0]
        out[phase] = round(out.get(phase, 0.0) + (t2 - t), 2)
    return out


def stage(name: str, folder: Path, reason: bool) -> dict:
    """Run one stage in this process; its seconds, phases and peak RSS (MB)."""
    result: dict = {}
    export = folder / "graph" / "alliance.ttl"
    start = time.perf_counter()
    if name in {"build", "add"}:
        from alliance_kg.build import build
        from alliance_kg.project import Project

        marks: list[tuple[str, float]] = []
        report = build(
            Project(folder),
            force=name == "build",
            reason=reason,
            progress=lambda m: marks.append((m, time.perf_counter())),
        )
        end = time.perf_counter()
        result["phases"] = _phases(marks, end)
        result["triples"] = report.triples
        result["loaded"], result["reused"] = report.loaded, report.reused
    elif name == "rdflib":
        from rdflib import Graph

        result["triples"] = len(Graph().parse(export, format="turtle"))
    elif name == "oxload":
        import pyoxigraph as ox

        with tempfile.TemporaryDirectory() as tmp:
            store = ox.Store(tmp)
            store.bulk_load(path=str(export), format=ox.RdfFormat.TURTLE)
            store.flush()
            result["triples"] = len(store)
            del store
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def child(name: str, folder: Path, reason: bool = True) -> dict:
    """`stage` in a fresh interpreter (the same PYTHONPATH), so peak RSS is the stage's alone."""
    args = [sys.executable, __file__, "--stage", name, "--folder", str(folder)]
    out = subprocess.run(
        [*args, *([] if reason else ["--no-reason"])], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=375)
    parser.add_argument("--no-reason-only", action="store_true", help="skip the reasoning build")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-reason", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage, args.folder, not args.no_reason)))
        return

    from build import make_project

    n = args.copies
    rows: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "proj"
        project = make_project(folder, n + 1)  # the last copy is held back, to be added
        spare = Path(tmp) / "spare"
        spare.mkdir()
        for ext in ("yaml", "txt"):
            shutil.move(project.sources / f"copy-{n}.{ext}", spare / f"copy-{n}.{ext}")
        print(f"{n} documents generated", flush=True)
        plan = [("build --no-reason", "build", False)]
        if not args.no_reason_only:
            plan.append(("build (reasoning)", "build", True))
        for label, name, reason in plan:
            rows.append((label, child(name, folder, reason)))
            print(label, rows[-1][1], flush=True)
        for label, name in (("rdflib Graph.parse", "rdflib"), ("pyoxigraph bulk_load", "oxload")):
            rows.append((label, child(name, folder)))
            print(label, rows[-1][1], flush=True)
        for ext in ("yaml", "txt"):
            shutil.copy(spare / f"copy-{n}.{ext}", project.sources / f"copy-{n}.{ext}")
        reason = not args.no_reason_only
        rows.append(("add one document", child("add", folder, reason)))
        print("add one document", rows[-1][1], flush=True)

    res = dict(rows)
    rdf, ox_ = res["rdflib Graph.parse"], res["pyoxigraph bulk_load"]
    print(f"\n{n} copies, {rows[0][1]['triples']:,} triples in the build\n")
    print("| stage | seconds | peak RSS MB | rdflib parse / stage | stage / bulk_load | "
          "RSS / rdflib's |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r['seconds']:.1f} | {r['peak_mb']:,} | "
              f"{rdf['seconds'] / r['seconds']:.2f} | {r['seconds'] / ox_['seconds']:.2f} | "
              f"{r['peak_mb'] / rdf['peak_mb']:.2f} |")  # fmt: skip
    for label, r in rows:
        if "phases" in r:
            top = sorted(r["phases"].items(), key=lambda kv: -kv[1])[:8]
            print(f"{label}: " + ", ".join(f"{p} {s:.1f} s" for p, s in top))


if __name__ == "__main__":
    main()
