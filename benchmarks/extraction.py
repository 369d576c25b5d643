"""How good the drafts are: draft every document of the development set and score it.

tests/fixtures/extraction/ holds documents about other alliances with reviewed gold, split into
`tune/` (rules may be tuned on it) and `test/` (held out: only scored). Each document is drafted
with the gazetteer of this repository's project (which knows the example's entities, not the
development set's) and scored (`alliance_kg.extract.corpus.score_corpus`); totals are
micro-averaged (counts summed over the documents), as the issue's targets are.

    .venv/bin/python benchmarks/extraction.py [--half tune|test|all] [--misses] [-f json]
        [--declare-known]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from alliance_kg.extract.corpus import score_corpus
from alliance_kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "fixtures" / "extraction"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tune", "test", "all"], default="tune")
    parser.add_argument("--misses", action="store_true", help="list misses and false hits")
    parser.add_argument("-f", "--format", choices=["table", "json"], default="table")
    known = "draft as `extract --declare-known` does (the project's entities declared)"
    parser.add_argument("--declare-known", action="store_true", help=known)
    args = parser.parse_args()
    halves = ["tune", "test"] if args.half == "all" else [args.half]
    results = {
        h: score_corpus(DEVSET / h, Project(ROOT), declare_known=args.declare_known) for h in halves
    }
    if args.format == "json":
        print(json.dumps({h: r.as_dict() for h, r in results.items()}, indent=2))
        return
    for half, res in results.items():
        print(f"\n{half}:")
        for name, s, seconds in res.documents:
            e, r = s.entities, s.relations
            print(f"  {name:42} {seconds:5.2f} s  entities P {e.precision:.2f} R {e.recall:.2f} "
                  f"F1 {e.f1:.2f}  relations P {r.precision:.2f} R {r.recall:.2f} F1 {r.f1:.2f}"
                  f"  money {s.money.right}/{s.money.total}")  # fmt: skip
            if args.misses:
                for what, score in (("entity", e), ("relation", r)):
                    for f in score.misses:
                        print(f"      missed {what}: {f.item}  ({f.why})")
                    for f in score.false_hits:
                        print(f"      false {what}: {f.item}  ({f.why})")
                for f in (*s.money.misses, *s.money.unmatched):
                    print(f"      money: {getattr(f, 'item', f)}  ({getattr(f, 'why', '')})")
        money = f"{res.money_right}/{res.money_total}"
        print(f"  total (micro-averaged): entities {res.entities.as_dict()}, "
              f"relations {res.relations.as_dict()}, money {money} right")  # fmt: skip


if __name__ == "__main__":
    main()
