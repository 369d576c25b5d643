"""`alliance-kg evaluate`: a draft scored against reviewed gold, rule by rule, exactly counted.

The example's reviewed annotation (graph/sources) is scored against the gold of the eval set
(tests/fixtures/eval holds a copy), then planted errors each move exactly the counts they
should; small made-up files pin the rules that the example does not exercise.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from alliance_kg.errors import AnnotationError
from alliance_kg.extract.evaluate import Scores, evaluate, find_vocabulary, normalise
from alliance_kg.ontology import Vocabulary

from .conftest import FIXTURES, ROOT

GOLD = FIXTURES / "eval" / "00-us-japan-alliance-summit.gold.yaml"  # copy of the eval set's gold
DRAFT = FIXTURES / "eval" / "draft.yaml"
ANNOTATION = ROOT / "graph" / "sources" / "us-japan-alliance-summit.yaml"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_file(ROOT / "ontology" / "alliance.ttl")


@pytest.fixture(scope="module")
def example(vocab: Vocabulary) -> Scores:
    """The example's reviewed annotation against the gold."""
    return evaluate(ANNOTATION, GOLD, vocab)


def counts(s: Scores) -> dict[str, Any]:
    """What planted errors move: found, right and false of each measure, money right."""
    e, r = s.entities, s.relations
    return {
        "entities": (e.found, e.correct, len(e.false_hits)),
        "relations": (r.found, r.correct, len(r.false_hits)),
        "money": s.money.right,
    }


def planted(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """The example annotation with one edit applied, written to a temporary file."""
    data = yaml.safe_load(ANNOTATION.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "planted.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def relation(data: dict[str, Any], subject: str, prop: str, obj: str) -> dict[str, Any]:
    return next(
        r
        for r in data["relations"]
        if (r["subject"], r["property"], r["object"]) == (subject, prop, obj)
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the example


def test_the_example_annotation_scores_high_against_the_gold(example: Scores) -> None:
    e, r = example.entities, example.relations
    assert (e.found, e.required, len(e.false_hits)) == (34, 34, 1)  # P 0.971 R 1.0 F1 0.986
    assert e.f1 >= 0.9
    assert (r.found, r.required, len(r.false_hits)) == (36, 36, 10)  # P 0.783 R 1.0 F1 0.878
    assert r.f1 >= 0.85
    assert (example.money.right, example.money.total) == (5, 5)
    assert example.warnings == ()
    # the one false entity: the gold classes the summit an Agreement, the annotation a Summit
    assert e.false_hits[0].item == "Trump-Takaichi summit at the White House (Summit)"
    assert "not Agreement" in e.false_hits[0].why
    assert e.optional == 2  # the crewed lunar rover and the cloud platform: neither way
    assert e.not_judged == 25  # the topics


def test_gold_against_itself_is_perfect(vocab: Vocabulary) -> None:
    s = evaluate(GOLD, GOLD, vocab)
    for score in (s.entities, s.relations):
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
        assert score.misses == score.false_hits == ()
    assert (s.money.right, s.money.total) == (5, 5)


def test_a_reviewed_annotation_serves_as_gold(vocab: Vocabulary) -> None:
    s = evaluate(ANNOTATION, ANNOTATION, vocab)
    assert s.gold_format == "annotation"
    assert (s.entities.f1, s.relations.f1) == (1.0, 1.0)
    assert s.relations.required == 84  # its relations, and investsIn from its investments
    assert (s.money.right, s.money.total) == (5, 5)


# --------------------------------------------------------------------------- planted errors


def test_a_duplicate_under_an_alias_costs_one_false_hit(tmp_path, example, vocab) -> None:
    path = planted(
        tmp_path, lambda d: d["entities"].append({"label": "President Trump", "class": "Person"})
    )
    s = evaluate(path, GOLD, vocab)
    assert counts(s) == {**counts(example), "entities": (34, 34, 2)}
    assert s.entities.false_hits[-1].item == "President Trump (Person)"
    assert s.entities.false_hits[-1].why.startswith("a second copy of 'Donald J. Trump'")


def test_a_wrong_class_costs_a_miss_and_a_false_hit(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        next(e for e in d["entities"] if e["label"] == "North Korea")["class"] = "Person"

    s = evaluate(planted(tmp_path, edit), GOLD, vocab)
    assert counts(s) == {**counts(example), "entities": (33, 33, 2)}
    assert [m.item for m in s.entities.misses] == ["North Korea (Nation)"]
    assert "class Person" in s.entities.misses[0].why


def test_a_subclass_is_the_class(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        next(e for e in d["entities"] if e["label"] == "NASA")["class"] = "Agency"

    assert counts(evaluate(planted(tmp_path, edit), GOLD, vocab)) == counts(example)


def test_a_reversed_relation_is_a_miss_and_a_false_hit(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        r = relation(d, "Donald J. Trump", "leaderOf", "United States")
        r["subject"], r["object"] = r["object"], r["subject"]

    s = evaluate(planted(tmp_path, edit), GOLD, vocab)
    assert counts(s) == {**counts(example), "relations": (35, 35, 11)}
    assert [m.item for m in s.relations.misses] == ["Donald J. Trump leaderOf United States"]
    hit = next(f for f in s.relations.false_hits if f.item.startswith("United States leaderOf"))
    assert hit.why == "the gold has it the other way round (Donald J. Trump leaderOf United States)"


def test_a_missing_relation_is_a_miss(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["relations"].remove(relation(d, "RIKEN", "country", "Japan"))

    s = evaluate(planted(tmp_path, edit), GOLD, vocab)
    assert counts(s) == {**counts(example), "relations": (35, 35, 10)}
    assert [m.item for m in s.relations.misses] == ["RIKEN country Japan"]
    assert s.relations.misses[0].why == "both ends found; no drafted relation says so"


def test_a_wrong_amount_is_not_right(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        next(i for i in d["investments"] if i["amount"] == "$33 billion")["amount"] = "$34 billion"

    s = evaluate(planted(tmp_path, edit), GOLD, vocab)
    assert counts(s) == {**counts(example), "money": 4}
    assert s.money.text() == "amounts exactly right: 4 of 5"
    assert s.money.misses[0].why.startswith("drafted as $34,000,000,000")


def test_a_wrong_qualifier_is_not_right(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        next(i for i in d["investments"] if i["amount"] == "up to $73 billion")["amount"] = (
            "$73 billion"
        )

    assert evaluate(planted(tmp_path, edit), GOLD, vocab).money.right == 4


def test_a_symmetric_relation_counts_either_way_round(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        r = relation(d, "Argonne National Laboratory", "collaboratesWith", "RIKEN")
        r["subject"], r["object"] = r["object"], r["subject"]

    assert counts(evaluate(planted(tmp_path, edit), GOLD, vocab)) == counts(example)


def test_an_inverse_property_says_the_same(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        r = relation(d, "U.S.-Japan Strategic Trade and Investment Agreement", "signedBy", "Japan")
        r["subject"], r["property"], r["object"] = r["object"], "signed", r["subject"]

    assert counts(evaluate(planted(tmp_path, edit), GOLD, vocab)) == counts(example)


def test_investsin_follows_from_investor_and_target(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        tranches = {i["label"] for i in d.pop("investments")}
        d["relations"] = [r for r in d["relations"] if r["subject"] not in tranches]

    s = evaluate(planted(tmp_path, edit), GOLD, vocab)
    # the five investsIn of the gold came from the investments, and the money with them
    assert counts(s) == {**counts(example), "relations": (31, 31, 10), "money": 0}
    assert {m.item for m in s.relations.misses} == {
        "Japan investsIn United States",
        "GE Vernova Hitachi investsIn Tennessee",
        "GE Vernova Hitachi investsIn Alabama",
        "Japan investsIn Pennsylvania",
        "Japan investsIn Texas",
    }


def test_an_investsin_stated_twice_counts_once(tmp_path, example, vocab) -> None:
    def edit(d: dict[str, Any]) -> None:
        stated = {"subject": "Japan", "property": "investsIn", "object": "United States"}
        d["relations"].append({**stated, "evidence": "Japan is investing"})

    assert counts(evaluate(planted(tmp_path, edit), GOLD, vocab)) == counts(example)


# --------------------------------------------------------------------------- the small draft


def test_the_small_draft(vocab: Vocabulary) -> None:
    s = evaluate(DRAFT, GOLD, vocab)
    assert (s.entities.found, s.entities.correct, len(s.entities.false_hits)) == (8, 8, 2)
    assert [f.item for f in s.entities.false_hits] == ["RIKEN (Company)", "Nvidia Corp (Company)"]
    assert s.entities.not_judged == 2  # two topics
    assert (s.relations.found, s.relations.correct, len(s.relations.false_hits)) == (4, 4, 2)
    assert s.relations.not_judged == 1  # NVIDIA concerns accelerated computing
    assert [f.item for f in s.relations.false_hits] == [
        "Japan leaderOf Sanae Takaichi",
        "RIKEN collaboratesWith NVIDIA",
    ]
    assert (s.money.right, s.money.total) == (1, 5)
    assert round(s.entities.precision, 3) == 0.8 and round(s.entities.recall, 3) == 0.235


MINI_GOLD = """\
doc: mini.txt
entities:
  - {label: United States, class: Nation, mentions: [United States, U.S.]}
  - {label: Japan, class: Nation, mentions: [Japan]}
  - {label: U.S. Department of Energy, class: Agency, mentions: [U.S. Department of Energy]}
  - {label: quantum technologies, class: Topic, mentions: [quantum technologies]}
optional_entities:
  - {label: National Parks, class: Topic, mentions: [National Parks]}
  - {label: Lunar rover, class: System, mentions: [crewed lunar rover]}
relations:
  - [U.S. Department of Energy, country, United States]
  - [U.S. Department of Energy, concerns, quantum technologies]
optional_relations:
  - [Japan, produces, Lunar rover]
investments:
  - {investor: Japan, target: United States, amount_usd: 36000000000, qualifier: null}
  - {investor: null, target: projects of a forum, amount_usd: 50000000000, qualifier: over}
"""


def mini_draft(entities: str, relations: str = "", investments: str = "") -> str:
    """A small annotation file with these sections (each YAML lines, or empty)."""
    none = "  []\n"
    return (
        "document: {path: mini.txt}\n"
        f"entities:\n{entities}"
        f"relations:\n{relations or none}"
        f"investments:\n{investments or none}"
    )


NATIONS = "  - {label: United States, class: Nation}\n  - {label: Japan, class: Nation}\n"


def test_names_are_compared_without_case_punctuation_the_or_us(tmp_path, vocab) -> None:
    assert normalise("The U.S. Department of Energy") == normalise("department of energy")
    assert normalise("U.S.-Japan Alliance") == normalise("US–Japan alliance")
    assert normalise("high-performance computing") == normalise("High Performance Computing")
    assert normalise("Japan’s RIKEN") == normalise("Japan's RIKEN")
    assert normalise("U.S.") == "us"  # nothing but the prefix: kept
    draft = mini_draft(NATIONS + "  - {label: the department of energy, class: Agency}\n")
    s = evaluate(write(tmp_path, "d.yaml", draft), write(tmp_path, "g.yaml", MINI_GOLD), vocab)
    assert (s.entities.found, s.entities.required, s.entities.false_hits) == (3, 3, ())


def test_optional_entities_and_relations_count_neither_way(tmp_path, vocab) -> None:
    gold = write(tmp_path, "g.yaml", MINI_GOLD)
    without = evaluate(write(tmp_path, "a.yaml", mini_draft(NATIONS)), gold, vocab)
    rover = "  - {label: crewed lunar rover, class: Rover}\n"
    produces = "  - {subject: Japan, property: produces, object: crewed lunar rover, evidence: x}\n"
    with_ = evaluate(write(tmp_path, "b.yaml", mini_draft(NATIONS + rover, produces)), gold, vocab)
    for s in (without, with_):
        assert (s.entities.found, s.entities.required, s.entities.false_hits) == (2, 3, ())
        assert s.relations.false_hits == ()
    assert (without.entities.optional, with_.entities.optional) == (0, 1)
    assert (without.relations.optional, with_.relations.optional) == (0, 1)
    assert [m.item for m in without.entities.misses] == ["U.S. Department of Energy (Agency)"]


def test_topics_not_in_the_gold_are_not_judged(tmp_path, vocab) -> None:
    entities = NATIONS + (
        "  - {label: DOE, class: ExecutiveDepartment, aliases: [U.S. Department of Energy]}\n"
        "  - {label: quantum technology, class: Topic, aliases: [quantum technologies]}\n"
        "  - {label: supercomputing, class: Topic}\n"
    )
    relations = (
        "  - {subject: DOE, property: concerns, object: quantum technology, evidence: x}\n"
        "  - {subject: DOE, property: concerns, object: supercomputing, evidence: x}\n"
        "  - {subject: Japan, property: concerns, object: quantum technology, evidence: x}\n"
    )
    s = evaluate(
        write(tmp_path, "d.yaml", mini_draft(entities, relations)),
        write(tmp_path, "g.yaml", MINI_GOLD),
        vocab,
    )
    assert (s.entities.found, s.entities.false_hits, s.entities.not_judged) == (3, (), 2)
    assert (s.relations.found, s.relations.required, s.relations.not_judged) == (1, 2, 1)
    # a topic the gold lists is judged: Japan concerns quantum technologies is not in the gold
    assert [f.item for f in s.relations.false_hits] == ["Japan concerns quantum technology"]


def test_a_subproperty_finds_the_gold_property(tmp_path, vocab) -> None:
    entities = NATIONS + (
        "  - {label: U.S. Department of Energy, class: Agency}\n"
        "  - {label: quantum technologies, class: Topic}\n"
    )
    relations = "  - {subject: DOE, property: sector, object: quantum technologies, evidence: x}\n"
    draft = mini_draft(entities, relations.replace("DOE", "U.S. Department of Energy"))
    s = evaluate(write(tmp_path, "d.yaml", draft), write(tmp_path, "g.yaml", MINI_GOLD), vocab)
    assert (s.relations.found, s.relations.false_hits) == (1, ())


def test_money_compares_parties_amount_and_qualifier(tmp_path, vocab) -> None:
    investments = (
        "  - {label: a, investor: Japan, target: United States, amount: $36 billion,"
        " evidence: x}\n"
        "  - {label: b, amount: more than $50 billion, evidence: x}\n"  # "more than" is "over"
    )
    draft = mini_draft(NATIONS, investments=investments)
    gold = write(tmp_path, "g.yaml", MINI_GOLD)
    s = evaluate(write(tmp_path, "d.yaml", draft), gold, vocab)
    assert s.money.text() == "amounts exactly right: 2 of 2"
    swapped = draft.replace("investor: Japan, target: United States",
                            "investor: United States, target: Japan")  # fmt: skip
    s = evaluate(write(tmp_path, "e.yaml", swapped), gold, vocab)
    assert s.money.right == 1
    assert s.money.misses[0].why == "no drafted investment has this investor and target"


def test_a_draft_may_say_how_sure_it_is(vocab: Vocabulary) -> None:
    """`confidence`, `rule` and `explain` are read and ignored (the small draft has them)."""
    assert "confidence" in DRAFT.read_text()
    assert evaluate(DRAFT, GOLD, vocab).entities.found == 8


def test_an_unknown_class_in_a_draft_is_a_wrong_class(tmp_path, vocab) -> None:
    draft = mini_draft("  - {label: United States, class: Natoin}\n")
    s = evaluate(write(tmp_path, "d.yaml", draft), write(tmp_path, "g.yaml", MINI_GOLD), vocab)
    assert [f.item for f in s.entities.false_hits] == ["United States (Natoin)"]
    assert "does not define" in s.entities.false_hits[0].why
    assert "did you mean Nation?" in s.warnings[0]


def test_the_packaged_ontology_outside_a_project(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert "Nation" in find_vocabulary().classes


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1,\n", "bad.yaml:2: malformed YAML"),
        ("- 1\n- 2\n", "bad.yaml:1: expected an annotation file (document:"),
        ("", "bad.yaml: expected an annotation file"),
        ("title: x\n", "top-level keys: title:"),
        ("doc: x\ndocument: {path: x}\n", "has both doc: (a gold file) and document:"),
        ("document: {path: x}\nentities:\n  - {label: A, class: Nation, certainty: 1}\n",
         "bad.yaml:3: entities[0].certainty: unknown field"),
        ("doc: x\nentities:\n  - {label: A, class: Nation}\n",
         "bad.yaml:3: entities[0]: mentions: required"),
        ("doc: x\nentities:\n  - {label: A, class: Natoin, mentions: [A]}\n",
         "bad.yaml:3: entities[0].class: the ontology defines no term 'Natoin'"),
        ("doc: x\nrelations:\n  - [A, leaderOf]\n",
         "bad.yaml:3: relations[0]: expected [subject, property, object]"),
        ("doc: x\nentities:\n  - {label: A, class: Nation, mentions: [A]}\n"
         "relations:\n  - [A, leaderOf, B]\n",
         "bad.yaml:5: relations[0]: 'B' is not the label or a mention"),
        ("doc: x\ninvestments:\n  - {investor: A, amount_usd: lots}\n",
         "bad.yaml:3: investments[0].amount_usd: expected a number"),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_error(tmp_path, vocab, cli, text: str, message: str) -> None:
    bad = write(tmp_path, "bad.yaml", text)
    with pytest.raises(AnnotationError) as caught:
        evaluate(bad, GOLD, vocab)
    assert message in str(caught.value)
    r = cli("evaluate", bad, GOLD)
    assert r.code == 2 and r.err.startswith("error: ") and message in r.err
    assert "Traceback" not in r.err


def test_a_missing_file_is_a_clear_error(tmp_path, cli) -> None:
    r = cli("evaluate", DRAFT, tmp_path / "nope.yaml")
    assert r.code == 2 and r.err.strip() == f"error: {tmp_path / 'nope.yaml'}: file not found"


# --------------------------------------------------------------------------- the command


def test_cli_table(cli) -> None:
    r = cli("evaluate", DRAFT, GOLD, "--project", ROOT)
    assert r.code == 0, r.err
    assert "│ entities  │ 8     │ 34      │ 2          │ 0.800     │ 0.235  │ 0.364 │" in r.out
    assert "amounts exactly right: 1 of 5" in r.out
    assert "entity misses (gold not found): 26" in r.out
    assert "draft.yaml:17: RIKEN (Company) — class Company is not ResearchInstitute" in r.out
    assert "relation false hits (drafted, matching nothing): 2" in r.out


def test_cli_json(cli) -> None:
    r = cli("evaluate", DRAFT, GOLD, "-f", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["entities"]["precision"] == 0.8 and data["entities"]["found"] == 8
    assert data["relations"]["false_hits"][0] == {
        "item": "Japan leaderOf Sanae Takaichi",
        "why": "the gold has it the other way round (Sanae Takaichi leaderOf Japan)",
        "line": 33,
    }
    assert data["money"] == {
        "right": 1,
        "of": 5,
        "misses": data["money"]["misses"],
        "unmatched": data["money"]["unmatched"],
    }
    assert len(data["money"]["misses"]) == 4 and data["draft_format"] == "annotation"


def test_cli_csv(cli) -> None:
    r = cli("evaluate", DRAFT, GOLD, "-f", "csv")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "measure,result,value,detail"
    assert "entities,precision,0.8," in lines
    assert "money,exactly right,1,of 5" in lines
