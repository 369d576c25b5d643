"""The benchmark corpus generator (benchmarks/corpus.py): seeded, shares entities under aliases
across documents, and what it writes validates and builds."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from alliance_kg.build import build
from alliance_kg.namespaces import AK, AKID
from alliance_kg.project import Project
from alliance_kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_corpus, write_documents  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    write_documents(tmp_path / "a", 3, seed=11)
    write_documents(tmp_path / "b", 3, seed=11)
    write_documents(tmp_path / "c", 3, seed=12)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert len(a) == 8  # the example + 3 generated, each YAML + text
    assert a == b
    assert a != c


def _declarations(folder: Path) -> list[tuple[str, str, frozenset[str]]]:
    """(file, label, every name folded) of each generated entity declaration."""
    out = []
    for path in sorted(folder.glob("fact-sheet-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for e in data["entities"]:
            names = frozenset(n.casefold() for n in [e["label"], *e.get("aliases", [])])
            out.append((path.name, e["label"], names))
    return out


def test_documents_share_entities_under_other_names(tmp_path: Path) -> None:
    write_documents(tmp_path, 12, seed=5)
    decls = _declarations(tmp_path)
    shared = [
        (a, b)
        for i, a in enumerate(decls)
        for b in decls[i + 1 :]
        if a[0] != b[0] and a[2] & b[2] and a[1].casefold() != b[1].casefold()
    ]
    # one thing declared in two documents under two different labels, joined by a common name
    assert shared, "no entity is declared under different labels in different documents"
    labels = {label for _f, label, _n in decls}
    assert {"DOE", "Department of Energy", "U.S. Department of Energy"} & labels
    # popularity: some entity recurs in at least a third of the documents
    counts: dict[frozenset[str], int] = {}
    for _f, _l, names in decls:
        key = next((k for k in counts if k & names), names)
        counts[key] = counts.get(key, 0) + 1
    assert max(counts.values()) >= 4


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = make_corpus(tmp_path_factory.mktemp("corpus") / "proj", 2, seed=3)
    return Project(folder)


def test_tiny_corpus_validates(tiny_corpus: Project, cli) -> None:
    files = sorted(str(p) for p in tiny_corpus.sources.glob("*.yaml"))
    result = cli("validate", "--project", str(tiny_corpus.root), *files)
    assert result.code == 0, result.err
    assert result.out.count("ok:") == 3


def test_tiny_corpus_builds_and_joins_across_documents(tiny_corpus: Project) -> None:
    report = build(tiny_corpus, reason=False)
    assert report.loaded == 3
    assert report.triples > 3000
    with open_store(tiny_corpus.store) as store:
        mentioned = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(str(AK.mentionedIn)), None):
            mentioned.setdefault(q.subject.value, set()).add(q.object.value)
        # the nations of the example are one entity each, named by every document
        assert (
            len(mentioned[str(AKID) + "united-states"]) + len(mentioned[str(AKID) + "japan"]) >= 4
        )
        assert sum(1 for docs in mentioned.values() if len(docs) >= 2) >= 5
