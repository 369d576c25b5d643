"""The extractor drafts annotation files that `validate` accepts, from plain text.

The spaCy model is loaded once per module (`nlp`); each gazetteer gets its own copy of the
pipeline with its EntityRuler, so the tests that need the project's names share one too.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from alliance_kg.amounts import parse_amount
from alliance_kg.build import project_schema
from alliance_kg.project import Project

from .conftest import DOC_TEXT, ROOT, make_project

spacy = pytest.importorskip("spacy")

DOE_TEXT = (
    "The U.S. Department of Energy (DOE) and Japan’s Ministry of Economy, Trade and Industry "
    "signed a Memorandum of Cooperation on critical minerals. DOE will fund the work, and the "
    "Department of Energy will report on it.\n"
)
MONEY_TEXT = (
    "Japan will invest up to $40 billion in Texas. "
    "Toyota Motor Corporation will invest more than ¥5 trillion in Ohio. "
    "The United States will provide USD 2 billion to the Philippines. "
    "Australia will contribute A$3 billion to the Rolls-Royce Submarines Ltd reactor plant in "
    "Derby. "
    "France will invest €1.2bn in Texas. "
    "The United Kingdom will invest £500 million in Ohio.\n"
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    from alliance_kg.extract.nlp import load_model

    return load_model()


@pytest.fixture(scope="module")
def vocab() -> Any:
    return project_schema(Project(ROOT))[0]


@pytest.fixture(scope="module")
def bare(nlp: Any, vocab: Any) -> Any:
    """A gazetteer of nations and subdivisions only (no project names)."""
    from alliance_kg.extract.gazetteer import Gazetteer

    return Gazetteer.build(None, vocab), copy.deepcopy(nlp)


@pytest.fixture(scope="module")
def known(nlp: Any, vocab: Any) -> Any:
    """The gazetteer of the repository's project (the example's annotation declares DOE, …)."""
    from alliance_kg.extract.gazetteer import Gazetteer

    return Gazetteer.from_project(Project(ROOT), vocab), copy.deepcopy(nlp)


def _draft(text: str, gaz_nlp: Any, vocab: Any, **kw: Any) -> Any:
    from alliance_kg.extract.draft import draft

    gaz, nlp = gaz_nlp
    return draft(text, vocab=vocab, gazetteer=gaz, nlp=nlp, doc_id="doc", doc_path="doc.txt", **kw)


@pytest.fixture(scope="module")
def example_draft(bare: Any, vocab: Any) -> Any:
    return _draft(DOC_TEXT.read_text(encoding="utf-8"), bare, vocab)


def test_the_example_draft_passes_validate(example_draft: Any, tmp_path: Path) -> None:
    from alliance_kg.source_check import validate_files

    project = make_project(tmp_path / "proj")
    sources = project.sources
    (sources / "doc.txt").write_text(example_draft.text, encoding="utf-8")
    (sources / "doc.yaml").write_text(example_draft.to_yaml(), encoding="utf-8")
    [check] = validate_files(project, [sources / "doc.yaml"])
    assert check.errors == []
    assert check.entities >= 30


def test_the_example_draft_finds_its_main_facts(example_draft: Any) -> None:
    classes = {e.label: e.cls for e in example_draft.entities}
    assert classes["United States"] == "Nation"
    assert classes["Donald J. Trump"] == "Person"
    assert classes["Argonne National Laboratory"] == "NationalLaboratory"
    assert classes["Typhon missile system"] == "MissileSystem"
    facts = {(r.subject, r.property, r.object) for r in example_draft.relations}
    assert ("United States", "deploys", "Typhon missile system") in facts
    assert ("RIKEN", "country", "Japan") in facts
    amounts = {i.amount for i in example_draft.investments}
    assert {"up to $73 billion", "$40 billion", "$33 billion"} <= amounts
    assert not any("80" in a for a in amounts)  # the headline's figure is not a body fact


def test_every_evidence_quote_is_a_slice_of_the_text(example_draft: Any) -> None:
    text = example_draft.text
    quotes = [e.evidence for e in example_draft.entities]
    quotes += [r.evidence for r in example_draft.relations]
    quotes += [q for i in example_draft.investments for q in i.evidence]
    assert quotes and all(q in text for q in quotes)


def test_an_acronym_and_a_short_name_are_one_entity(bare: Any, vocab: Any) -> None:
    d = _draft(DOE_TEXT, bare, vocab)
    doe = [e for e in d.entities if "DOE" in (e.label, *e.aliases)]
    assert len(doe) == 1
    assert {"DOE", "Department of Energy"} <= {doe[0].label, *doe[0].aliases}
    assert doe[0].cls == "ExecutiveDepartment"
    names = [n for e in d.entities for n in (e.label, *e.aliases)]
    assert len(names) == len(set(names))


def test_known_entities_are_named_by_their_label_not_declared(known: Any, vocab: Any) -> None:
    text = "DOE and Japan’s RIKEN will collaborate with NVIDIA on AI.\n"
    d = _draft(text, known, vocab)
    assert not any(e.label in ("U.S. Department of Energy", "RIKEN", "Japan") for e in d.declared)
    assert {"U.S. Department of Energy", "RIKEN", "NVIDIA"} <= {e.label for e in d.known}
    facts = {(r.subject, r.property, r.object) for r in d.relations}
    assert ("RIKEN", "country", "Japan") in facts
    assert all("DOE" not in (r.subject, r.object) for r in d.relations)  # canonical labels


def test_money_is_parsed_exactly_in_every_currency(bare: Any, vocab: Any) -> None:
    d = _draft(MONEY_TEXT, bare, vocab)
    got = {i.amount: parse_amount(i.amount) for i in d.investments}
    assert {(a.value, a.currency, a.qualifier) for a in got.values()} == {
        (Decimal(40_000_000_000), "USD", "up to"),
        (Decimal(5_000_000_000_000), "JPY", "over"),
        (Decimal(2_000_000_000), "USD", None),
        (Decimal(3_000_000_000), "AUD", None),
        (Decimal(1_200_000_000), "EUR", None),
        (Decimal(500_000_000), "GBP", None),
    }
    japan = next(i for i in d.investments if i.amount == "up to $40 billion")
    assert (japan.investor, japan.target) == (["Japan"], ["Texas"])


def test_the_draft_is_deterministic(bare: Any, vocab: Any, example_draft: Any) -> None:
    again = _draft(DOC_TEXT.read_text(encoding="utf-8"), bare, vocab)
    assert again.to_yaml().encode() == example_draft.to_yaml().encode()


def test_to_turtle_is_rdf_in_the_ontologys_terms(example_draft: Any, vocab: Any) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    graph = Graph().parse(data=example_draft.to_turtle(vocab), format="turtle")
    typhon = URIRef("https://w3id.org/alliance-kg/id/typhon-missile-system")
    assert (typhon, RDF.type, vocab.iri("MissileSystem")) in graph
    assert (None, vocab.iri("deploys"), typhon) in graph


def test_explain_names_a_rule_for_every_fact(example_draft: Any) -> None:
    rows = example_draft.explain()
    assert len(rows) == len(example_draft.entities) + len(example_draft.relations) + len(
        example_draft.investments
    )
    assert all(rule and 0 < conf <= 1 for _fact, rule, conf in rows)
    assert any(rule.startswith("deploys:") for _f, rule, _c in rows)


def test_the_cli_writes_the_draft_and_the_text(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # drafts/ is made: it is inside the working folder
    project = make_project(tmp_path / "proj")
    doc = tmp_path / "in.txt"
    doc.write_text(DOE_TEXT, encoding="utf-8")
    out = tmp_path / "drafts" / "doe.yaml"
    result = cli("extract", doc, "-o", out, "--explain", "--project", project.root)
    assert result.code == 0, result.err
    assert out.with_suffix(".txt").read_text(encoding="utf-8") == DOE_TEXT
    assert "path: doe.txt" in out.read_text(encoding="utf-8")
    assert "rule" in result.out and "leading-word" in result.out  # --explain: the rules
    check = cli("validate", out, "--project", project.root)
    assert check.code == 0, check.err
