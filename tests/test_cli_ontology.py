"""`alliance-kg ontology [NAME]` on the example: the listing, one term, typos, JSON, no store."""

from __future__ import annotations

import json
from collections.abc import Callable

from alliance_kg.describe import first_sentence
from alliance_kg.ontology import Vocabulary
from alliance_kg.project import Project

from .conftest import DOC_TEXT

DOC = " ".join(DOC_TEXT.read_text(encoding="utf-8").split())


def test_listing_has_every_core_class_and_the_properties(example: Project, cli: Callable) -> None:
    r = cli("ontology", "--project", example.root)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    vocab = Vocabulary.from_file(example.ontology)
    for core in vocab.core_classes:  # each core class heads its group, in the contract's order
        assert any(line.startswith(f"  {core} — ") for line in lines), core
    heads = [line.split(" — ")[0].strip() for line in lines if line.startswith("  ") and
             not line.startswith("    ")]  # fmt: skip
    assert [h for h in heads if h in vocab.core_classes] == list(vocab.core_classes)
    assert "    ExecutiveDepartment — Executive department: " in r.out  # under Agency
    assert "collaboratesWith (Actor → Actor) — collaborates with: Two parties" in r.out
    assert "amountUSD (Investment → xsd:decimal) — amount in US dollars:" in r.out


def test_one_property_with_its_flags_and_an_example(example: Project, cli: Callable) -> None:
    r = cli("ontology", "collaboratesWith", "--project", example.root)
    assert r.code == 0, r.err
    assert r.out.startswith("collaboratesWith — object property (ak:collaboratesWith)")
    fields = {}
    for line in r.out.splitlines():
        key, sep, value = line.strip().partition(":")
        if sep and line.startswith("  ") and not line.startswith("   "):
            fields[key] = value.strip()
    assert fields["label"] == "collaborates with"
    assert fields["flags"] == "symmetric"
    assert fields["domain"] == fields["range"] == "Actor"
    sentence = r.out.split("“", 1)[1].split("”", 1)[0]
    assert " ".join(sentence.split()) in DOC  # the evidence sentence, from the document


def test_json_gives_the_same_and_names_are_case_insensitive(
    example: Project, cli: Callable
) -> None:
    r = cli("ontology", "COLLABORATESWITH", "-f", "json", "--project", example.root)
    assert r.code == 0, r.err
    term = json.loads(r.out)
    assert term["name"] == "collaboratesWith" and term["symmetric"] is True
    assert term["domain"] == ["Actor"] and term["range"] == ["Actor"]
    (example_,) = term["examples"]
    assert example_["document"] == "us-japan-alliance-summit"
    assert " ".join(example_["sentence"].split()) in DOC
    listing = json.loads(cli("ontology", "-f", "json", "--project", example.root).out)
    assert [g["core"] for g in listing["classes"]][:3] == ["Nation", "Agency", "Company"]
    props = {p["name"]: p for p in listing["object_properties"]}
    assert props["collaboratesWith"]["label"] == "collaborates with"


def test_a_class_has_its_hierarchy_and_entities(example: Project, cli: Callable) -> None:
    term = json.loads(cli("ontology", "ak:Agency", "-f", "json", "--project", example.root).out)
    assert term["kind"] == "class" and term["core"] == "Agency"
    assert term["superclasses"][0] == "Organisation" and "Ministry" in term["subclasses"]
    assert "signedBy" in term["object_of"]
    labels = [e["text"] for e in term["examples"]]
    assert len(labels) == 2 and "NASA" in labels  # by label, subclasses (Ministry…) too


def test_a_typo_exits_2_with_a_hint(example: Project, cli: Callable) -> None:
    r = cli("ontology", "collaboratesWth", "--project", example.root)
    assert r.code == 2
    assert r.err.startswith("error: ") and "did you mean collaboratesWith" in r.err
    assert "Traceback" not in r.err


def test_without_a_store_there_are_no_examples(tiny_project: Project, cli: Callable) -> None:
    r = cli("ontology", "collaboratesWith", "--project", tiny_project.root)
    assert r.code == 0, r.err
    assert "example" not in r.out and "no examples" in r.err
    assert (
        json.loads(
            cli("ontology", "collaboratesWith", "-f", "json", "--project", tiny_project.root).out
        )["examples"]
        is None
    )


def test_first_sentence_keeps_abbreviations() -> None:
    text = "A body (e.g. NASA) of the U.S. Government. More here."
    assert first_sentence(text) == "A body (e.g. NASA) of the U.S. Government."
