"""Incremental builds against a full rebuild, in one run, on a project of many documents.

The project is N renamed copies of the example (benchmarks/build.py's generator: distinct
entities per copy; 300 copies are about 1M triples). The baseline is the full build of those
N documents, measured in the same run; then one example-sized document is added, one document's
text is changed, one is removed, and (with --force-rebuild) everything is rebuilt with --force.
Each step prints its time, its ratio to the baseline, and where its time went (the build's
progress messages, timed).

    .venv/bin/python benchmarks/incremental.py [--documents 300] [--force-rebuild] [--no-reason]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import make_project

from alliance_kg.build import BuildReport, build
from alliance_kg.project import Project


def timed(project: Project, reason: bool, force: bool = False) -> tuple[BuildReport, float, list]:
    """Build once; the report, the seconds, and (phase, seconds) in the order they ran."""
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    report = build(
        project,
        reason=reason,
        force=force,
        progress=lambda m: marks.append((m, time.perf_counter())),
    )
    end = time.perf_counter()
    phases: dict[str, float] = {}
    for (msg, t), (_next, t2) in zip(marks, [*marks[1:], ("end", end)][: len(marks)], strict=True):
        phase = msg.split(" ")[0] if msg.startswith(("reading", "loading ")) else msg
        phase = "reading/loading documents" if phase in {"reading", "loading"} else phase
        phase = phase.split(" /")[0].split(" (")[0]  # drop paths and counts
        phases[phase] = phases.get(phase, 0.0) + (t2 - t)
    return report, end - start, sorted(phases.items(), key=lambda kv: -kv[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--force-rebuild", action="store_true")
    parser.add_argument("--no-reason", action="store_true")
    parser.add_argument(
        "--keep", type=Path, help="copy the project, as built by the baseline, to this folder"
    )
    args = parser.parse_args()
    reason = not args.no_reason
    n = args.documents
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        # n + 1 copies: the last one is held back, to be added as the new document
        project = make_project(Path(tmp) / "proj", n + 1)
        spare = Path(tmp) / "spare"
        spare.mkdir()
        for ext in ("yaml", "txt"):
            shutil.move(project.sources / f"copy-{n}.{ext}", spare / f"copy-{n}.{ext}")
        print(f"generated {n} documents in {time.perf_counter() - started:.1f} s", flush=True)

        rows = []
        report, base, phases = timed(project, reason)
        rows.append(("full build (baseline)", report, base, phases))
        _print(*rows[-1], base)
        if args.keep:
            shutil.copytree(Path(tmp), args.keep, symlinks=True)

        for ext in ("yaml", "txt"):
            shutil.copy(spare / f"copy-{n}.{ext}", project.sources / f"copy-{n}.{ext}")
        rows.append(("add one document", *timed(project, reason)))
        _print(*rows[-1], base)

        text = project.sources / "copy-7.txt"
        text.write_text(text.read_text() + "\nA line added in a revision.\n")
        rows.append(("change one document's text", *timed(project, reason)))
        _print(*rows[-1], base)

        (project.sources / "copy-3.yaml").unlink()
        rows.append(("remove one document", *timed(project, reason)))
        _print(*rows[-1], base)

        rows.append(("nothing changed", *timed(project, reason)))
        _print(*rows[-1], base)

        if args.force_rebuild:
            rows.append(("full rebuild (--force)", *timed(project, reason, force=True)))
            _print(*rows[-1], base)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak RSS of this process: {peak:,.0f} MB")
        print("\n| step | documents loaded / kept | triples | seconds | × baseline |")
        print("|---|---|---|---|---|")
        for name, rep, secs, _phases in rows:
            print(f"| {name} | {rep.loaded} / {rep.reused} | {rep.triples:,} | {secs:.1f} | "
                  f"{secs / base:.3f} |")  # fmt: skip


def _print(name: str, report: BuildReport, seconds: float, phases: list, base: float) -> None:
    top = ", ".join(f"{p} {s:.1f} s" for p, s in phases[:6])
    print(
        f"{name}: {seconds:.1f} s ({seconds / base:.3f} × baseline); "
        f"{report.loaded} loaded, {report.reused} kept, {report.triples:,} triples\n  {top}",
        flush=True,
    )


if __name__ == "__main__":
    main()
