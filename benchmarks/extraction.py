"""How good the drafts are: draft every document of the development set and score it.

tests/fixtures/extraction/ holds documents about other alliances with reviewed gold, split into
`tune/` (rules may be tuned on it) and `test/` (held out: only scored). Each document is drafted
with the gazetteer of this repository's project (which knows the example's entities, not the
development set's) and scored with `alliance_kg.extract.evaluate`; totals are micro-averaged
(sums of counts over the documents), as the issue's targets are.

    .venv/bin/python benchmarks/extraction.py [--half tune|test|all] [--misses] [-f json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from alliance_kg.build import project_schema
from alliance_kg.extract.draft import draft
from alliance_kg.extract.evaluate import evaluate, project_names
from alliance_kg.extract.gazetteer import Gazetteer
from alliance_kg.extract.ingest import read_document
from alliance_kg.extract.nlp import load_model
from alliance_kg.identity import slugify
from alliance_kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "fixtures" / "extraction"


def score_half(half: str, *, show_misses: bool = False) -> dict[str, object]:
    """Draft and score every document of one half; per-document rows and the totals."""
    project = Project(ROOT)
    vocab, _shapes = project_schema(project)
    gazetteer = Gazetteer.from_project(project, vocab)
    known = project_names(ROOT)
    nlp = load_model()
    rows: list[dict[str, object]] = []
    # per kind: found, required, correct, false hits (summed: micro-averages)
    sums = {"entities": [0, 0, 0, 0], "relations": [0, 0, 0, 0], "money": [0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        for text_path in sorted((DEVSET / half).glob("*.txt")):
            started = time.perf_counter()
            doc = read_document(text_path)
            result = draft(
                doc.text,
                vocab=vocab,
                gazetteer=gazetteer,
                doc_id=slugify(text_path.stem),
                doc_path=text_path.name,
                title=doc.title,
                nlp=nlp,
            )
            out = Path(tmp) / f"{text_path.stem}.yaml"
            out.write_text(result.to_yaml())
            scores = evaluate(out, text_path.with_suffix(".gold.yaml"), vocab, known)
            seconds = time.perf_counter() - started
            e, r, m = scores.entities, scores.relations, scores.money
            for key, s in (("entities", e), ("relations", r)):
                for i, n in enumerate((s.found, s.required, s.correct, len(s.false_hits))):
                    sums[key][i] += n
            sums["money"][0] += m.right
            sums["money"][1] += m.total
            rows.append({
                "document": text_path.stem, "seconds": round(seconds, 2),
                "entity P": e.precision, "entity R": e.recall, "entity F1": e.f1,
                "relation P": r.precision, "relation R": r.recall, "relation F1": r.f1,
                "money": f"{m.right}/{m.total}",
            })  # fmt: skip
            if show_misses:
                print(f"\n== {text_path.stem}")
                for what, s in (("entity", e), ("relation", r)):
                    for f in s.misses:
                        print(f"  missed {what}: {f.item}  ({f.why})")
                    for f in s.false_hits:
                        print(f"  false {what}: {f.item}  ({f.why})")
                for f in m.misses:
                    print(f"  missed money: {f.item}  ({f.why})")
                for f in m.unmatched:
                    print(f"  false money: {f.item}  ({f.why})")
    totals: dict[str, object] = {}
    for key in ("entities", "relations"):
        found, required, correct, false = sums[key]
        p = correct / (correct + false) if correct + false else 1.0
        r = found / required if required else 1.0
        totals[key] = {"P": round(p, 3), "R": round(r, 3),
                       "F1": round(2 * p * r / (p + r), 3) if p + r else 0.0}  # fmt: skip
    totals["money"] = f"{sums['money'][0]}/{sums['money'][1]} amounts exactly right"
    return {"half": half, "documents": rows, "totals": totals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tune", "test", "all"], default="tune")
    parser.add_argument("--misses", action="store_true", help="list misses and false hits")
    parser.add_argument("-f", "--format", choices=["table", "json"], default="table")
    args = parser.parse_args()
    halves = ["tune", "test"] if args.half == "all" else [args.half]
    results = [score_half(h, show_misses=args.misses) for h in halves]
    if args.format == "json":
        print(json.dumps(results, indent=2))
        return
    for res in results:
        print(f"\n{res['half']}:")
        for row in res["documents"]:
            print("  " + "  ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                                   for k, v in row.items()))  # fmt: skip
        print(f"  total (micro-averaged): {res['totals']}")


if __name__ == "__main__":
    main()
