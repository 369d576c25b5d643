"""`alliance-kg evaluate DRAFT GOLD`: precision, recall and F1 of a draft against reviewed gold."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .options import FormatOption, OutputFormat, ProjectOption
from .output import echo, print_json, print_rows

if TYPE_CHECKING:
    from ..extract.evaluate import Finding, Score, Scores


def evaluate(
    draft: Annotated[
        Path,
        typer.Argument(
            metavar="DRAFT", help="The drafted annotation file (or a gold file) to score."
        ),
    ],
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD", help="The reviewed gold file (or a reviewed annotation file)."
        ),
    ],
    project: ProjectOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Score DRAFT against GOLD: entities and relations (precision, recall, F1) and amounts.

    Lists the misses (gold not found) and the false hits (drafted, matching nothing). Classes
    and properties are compared with the project's ontology (the packaged one outside a
    project). Exit 0 whatever the scores; 2 if a file is missing or not in either format.
    """
    from ..extract.evaluate import evaluate as score
    from ..extract.evaluate import find_vocabulary, project_names

    scores = score(draft, gold, find_vocabulary(project), project_names(project))
    if fmt is OutputFormat.json:
        print_json(scores.as_dict())
    elif fmt is OutputFormat.csv:
        print_rows(_csv_rows(scores), fmt.value, columns=["measure", "result", "value", "detail"])
    else:
        _print_table(scores)


def _summary(name: str, s: Score) -> dict[str, Any]:
    return {
        "measure": name,
        "found": s.found,
        "of gold": s.required,
        "false hits": len(s.false_hits),
        "precision": f"{s.precision:.3f}",
        "recall": f"{s.recall:.3f}",
        "F1": f"{s.f1:.3f}",
    }


def _listing(title: str, findings: tuple[Finding, ...], path: Path) -> None:
    """A heading with a count, then one line per finding with its file:line."""
    echo(f"\n{title}: {len(findings) or 'none'}")
    for f in findings:
        where = f"{path.name}:{f.line}: " if f.line else ""
        echo(f"  {where}{f.item} — {f.why}")


def _print_table(scores: Scores) -> None:
    """The scores as a table, then the misses and false hits for people to read."""
    e, r, money = scores.entities, scores.relations, scores.money
    print_rows(
        [_summary("entities", e), _summary("relations", r)],
        "table",
        title=f"{scores.draft.name} against {scores.gold.name}",
    )
    echo(money.text())
    echo(
        f"not counted: entities {e.optional} optional found, {e.not_judged} not scored (topics, "
        f"investments, commitments); relations {r.optional} optional found, {r.not_judged} not "
        "judged (to a topic the gold does not list, or an investment or commitment)"
    )
    _listing("entity misses (gold not found)", e.misses, scores.gold)
    _listing("entity false hits (drafted, matching nothing)", e.false_hits, scores.draft)
    _listing("relation misses (gold not found)", r.misses, scores.gold)
    _listing("relation false hits (drafted, matching nothing)", r.false_hits, scores.draft)
    _listing("amounts not right (gold investments)", money.misses, scores.gold)
    if money.unmatched:
        _listing("drafted investments that get no gold one right", money.unmatched, scores.draft)
    for warning in scores.warnings:
        echo(f"warning: {warning}", err=True)


def _csv_rows(scores: Scores) -> list[dict[str, Any]]:
    """One row per score, miss and false hit: measure, result, value, detail."""
    rows: list[dict[str, Any]] = []
    for name, s in (("entities", scores.entities), ("relations", scores.relations)):
        rows += [
            {"measure": name, "result": k, "value": v, "detail": ""}
            for k, v in (("precision", round(s.precision, 4)), ("recall", round(s.recall, 4)),
                         ("f1", round(s.f1, 4)), ("found", s.found), ("of gold", s.required),
                         ("false hits", len(s.false_hits)))
        ]  # fmt: skip
        rows += [_finding(name, "miss", f, scores.gold) for f in s.misses]
        rows += [_finding(name, "false hit", f, scores.draft) for f in s.false_hits]
    m = scores.money
    rows.append({"measure": "money", "result": "exactly right", "value": m.right,
                 "detail": f"of {m.total}"})  # fmt: skip
    rows += [_finding("money", "miss", f, scores.gold) for f in m.misses]
    rows += [_finding("money", "unmatched", f, scores.draft) for f in m.unmatched]
    return rows


def _finding(measure: str, result: str, f: Finding, path: Path) -> dict[str, Any]:
    where = f"{path.name}:{f.line}: " if f.line else ""
    return {"measure": measure, "result": result, "value": f.item, "detail": where + f.why}
