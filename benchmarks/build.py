"""How `alliance-kg build` grows with the data: the example annotation copied ×1, ×10, ×30.

Each copy renames every entity (label + " k"), so the graph grows with distinct entities, and
keeps the same evidence quotes against its own copy of the document. Prints the time of each
build phase and the ratio of the total to the ×1 baseline measured in the same run.

    .venv/bin/python benchmarks/build.py [--sizes 1 10 30]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from alliance_kg.build import build
from alliance_kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "graph" / "sources" / "us-japan-alliance-summit.yaml"
NAME_KEYS = {"subject", "object", "investor", "target", "concerns", "sector", "buildsOn",
             "announcedAt", "partOf", "committedBy"}  # fmt: skip


def renamed(data: dict, k: int) -> dict:
    """A copy of the annotation whose every name carries the suffix ` k`."""

    def name(value: object) -> object:
        if isinstance(value, list):
            return [f"{v} {k}" for v in value]
        return f"{value} {k}" if isinstance(value, str) else value

    out = json.loads(json.dumps(data, default=str))
    out["document"]["id"] = f"copy-{k}"
    out["document"]["path"] = f"copy-{k}.txt"
    for section in ("entities", "investments", "commitments"):
        for item in out.get(section, []):
            item["label"] = f"{item['label']} {k}"
            if "evidence" not in item or not item["evidence"]:
                # keep the mention findable: the first-mention lookup uses the names
                item["evidence"] = None
            item["aliases"] = []
            item.pop("id", None)
            for key in NAME_KEYS & item.keys():
                item[key] = name(item[key])
    for rel in out.get("relations", []):
        rel["subject"], rel["object"] = name(rel["subject"]), name(rel["object"])
    return out


def make_project(folder: Path, copies: int) -> Project:
    (folder / "ontology").mkdir(parents=True)
    for f in ("alliance.ttl", "shapes.ttl"):
        shutil.copy(ROOT / "ontology" / f, folder / "ontology" / f)
    sources = folder / "graph" / "sources"
    sources.mkdir(parents=True)
    data = yaml.safe_load(EXAMPLE.read_text())
    text = (EXAMPLE.parent / data["document"]["path"]).read_text()
    first_mentions = _first_mentions(data, text)
    for k in range(copies):
        copy = renamed(data, k)
        for section in ("entities", "investments", "commitments"):
            for item in copy.get(section, []):
                if item.get("evidence") is None:
                    item["evidence"] = first_mentions[item["label"].rsplit(" ", 1)[0]]
        (sources / f"copy-{k}.txt").write_text(text)
        (sources / f"copy-{k}.yaml").write_text(yaml.safe_dump(copy, sort_keys=False))
    return Project(folder)


def _first_mentions(data: dict, text: str) -> dict[str, list[str]]:
    import re

    found = {}
    for item in data.get("entities", []):
        for name in (item["label"], *item.get("aliases", [])):
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found[item["label"]] = [name]
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 30])
    args = parser.parse_args()
    print(f"{'copies':>6} {'triples':>8} {'read+load':>9} {'shacl':>7} {'store+export':>12} "
          f"{'total':>7} {'ratio':>6}")  # fmt: skip
    baseline = None
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp), n)
            marks: list[tuple[str, float]] = []
            start = time.perf_counter()
            report = build(
                project, progress=lambda m, marks=marks: marks.append((m, time.perf_counter()))
            )
            total = time.perf_counter() - start
            t = {m.split()[0]: ts for m, ts in reversed(marks)}
            load = t["validating"] - start
            shacl = t["writing"] - t["validating"]
            rest = start + total - t["writing"]
            baseline = baseline or total
            print(f"{n:>6} {report.triples:>8} {load:>9.2f} {shacl:>7.2f} {rest:>12.2f} "
                  f"{total:>7.2f} {total / baseline:>6.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
