"""Draft every document of a folder and score each against its gold: how good drafts are.

A corpus folder holds ``NAME.txt`` (or .md, .html, .pdf) documents, each with its reviewed
``NAME.gold.yaml``. Every document is drafted with the project's gazetteer and scored with
`alliance_kg.extract.evaluate`; the totals are micro-averaged (counts summed over documents),
as the targets of the development set are (docs/extraction.md).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..project import Project
from .evaluate import Score, Scores, evaluate, project_names

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")


@dataclass
class Total:
    """Summed counts of one measure over a corpus, and the scores they give."""

    found: int = 0
    required: int = 0
    correct: int = 0
    false_hits: int = 0

    def add(self, score: Score) -> None:
        """Count one document's score in."""
        self.found += score.found
        self.required += score.required
        self.correct += score.correct
        self.false_hits += len(score.false_hits)

    @property
    def precision(self) -> float:
        """Drafted items right, of all drafted items judged."""
        judged = self.correct + self.false_hits
        return self.correct / judged if judged else 1.0

    @property
    def recall(self) -> float:
        """Required gold items found, of all required gold items."""
        return self.found / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """The three scores, rounded."""
        return {k: round(getattr(self, k), 3) for k in ("precision", "recall", "f1")}


@dataclass
class CorpusScores:
    """Each document's scores and seconds, and the micro-averaged totals."""

    documents: list[tuple[str, Scores, float]] = field(default_factory=list)
    entities: Total = field(default_factory=Total)
    relations: Total = field(default_factory=Total)
    money_right: int = 0
    money_total: int = 0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary: totals and per-document scores."""
        return {
            "entities": self.entities.as_dict(),
            "relations": self.relations.as_dict(),
            "money": {"right": self.money_right, "total": self.money_total},
            "documents": [
                {"document": name, "seconds": round(seconds, 2), **s.as_dict()}
                for name, s, seconds in self.documents
            ],
        }


def score_corpus(folder: Path, project: Project, *, declare_known: bool = False) -> CorpusScores:
    """Draft each document of `folder` with `project`'s names and score it against its gold
    (with `declare_known`, the drafts declare the project's entities they name, as
    `extract --declare-known` does, so the scorer sees those named in passing too)."""
    from ..build import project_schema
    from ..identity import slugify
    from .draft import draft
    from .gazetteer import Gazetteer
    from .ingest import read_document
    from .nlp import load_model

    vocab, _shapes = project_schema(project)
    gazetteer = Gazetteer.from_project(project, vocab)
    known = project_names(project.root)
    nlp = load_model()
    out = CorpusScores()
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(p for p in Path(folder).iterdir() if p.suffix in DOCUMENT_SUFFIXES):
            gold = path.with_suffix(".gold.yaml")
            if not gold.is_file():
                continue
            started = time.perf_counter()
            doc = read_document(path)
            result = draft(
                doc.text,
                vocab=vocab,
                gazetteer=gazetteer,
                doc_id=slugify(path.stem) or "document",
                doc_path=path.name,
                title=doc.title,
                nlp=nlp,
                declare_known=declare_known,
            )
            drafted = Path(tmp) / f"{path.stem}.yaml"
            drafted.write_text(result.to_yaml(), encoding="utf-8")
            scores = evaluate(drafted, gold, vocab, known)
            out.documents.append((path.stem, scores, time.perf_counter() - started))
            out.entities.add(scores.entities)
            out.relations.add(scores.relations)
            out.money_right += scores.money.right
            out.money_total += scores.money.total
    return out
