"""The extraction development set is well formed: every gold file matches its text and the format.

The set is `tests/fixtures/extraction/{tune,test}/NN-name.txt` with `NN-name.gold.yaml` beside it,
in the reviewed-gold format of the shared evaluation folder. These checks read only the fixtures.
"""

from __future__ import annotations

import re
from numbers import Real
from pathlib import Path
from typing import Any

import pytest

from alliance_kg.yamlio import read_yaml

DEVSET = Path(__file__).parent / "fixtures" / "extraction"
SPLITS = ("tune", "test")
GOLD = sorted(p for split in SPLITS for p in (DEVSET / split).glob("*.gold.yaml"))

CORE_CLASSES = {
    "Nation", "Agency", "Company", "ResearchInstitute", "Program", "System", "Agreement",
    "Person", "Location", "Topic",
}  # fmt: skip
CORE_PROPERTIES = {
    "partOf", "country", "leaderOf", "signedBy", "collaboratesWith", "participatesIn",
    "investor", "target", "investsIn", "produces", "deploys", "locatedIn", "concerns",
    "committedBy",
}  # fmt: skip
TOP_KEYS = {"doc", "entities", "optional_entities", "relations", "optional_relations",
            "investments"}  # fmt: skip
# domains and ranges of the core properties over the core classes (the shared ONTOLOGY-CONTRACT.md
# and ontology/alliance.ttl): an actor is a nation, person or organisation; a place a nation or
# a location
ORGANISATION = {"Agency", "Company", "ResearchInstitute"}
ACTOR = ORGANISATION | {"Nation", "Person"}
PLACE = {"Nation", "Location"}
ANY = CORE_CLASSES
INVESTMENT_TARGET = PLACE | {"Company", "System", "Program"}
SIGNATURE = {
    "partOf": (ORGANISATION, ACTOR),
    "country": (ORGANISATION | {"Location", "System", "Program"}, {"Nation"}),
    "leaderOf": ({"Person"}, ACTOR),
    "signedBy": ({"Agreement"}, ACTOR),
    "collaboratesWith": (ACTOR, ACTOR),
    "participatesIn": (ACTOR, {"Program", "Agreement"}),
    "investsIn": (ACTOR, INVESTMENT_TARGET),
    "produces": (ACTOR, {"System"}),
    "deploys": (ACTOR, {"System"}),
    "locatedIn": (ANY, PLACE),
    "concerns": ({"Agreement", "Program"}, ANY),
}
SUFFIX_ONLY = {"Ltd.", "Ltd", "Inc.", "Inc", "plc", "LLC", "S.p.A.", "GmbH", "Co.", "Pty Ltd"}
INVESTMENT_KEYS = {"investor", "target", "amount_usd", "amount", "currency", "qualifier",
                   "aggregate", "note", "locations"}  # fmt: skip


def gold_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def load(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def text_of(path: Path, data: dict[str, Any]) -> str:
    return (path.parent / data["doc"]).read_text(encoding="utf-8")


def all_entities(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data.get("entities") or []) + list(data.get("optional_entities") or [])


def labels(data: dict[str, Any]) -> set[str]:
    return {e["label"] for e in all_entities(data)}


def classes(data: dict[str, Any]) -> dict[str, str]:
    return {e["label"]: e["class"] for e in all_entities(data)}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_the_set_has_two_halves_of_six_or_more_with_a_gold_file_per_text() -> None:
    for split in SPLITS:
        texts = sorted(p.name.removesuffix(".txt") for p in (DEVSET / split).glob("*.txt"))
        golds = sorted(
            p.name.removesuffix(".gold.yaml") for p in (DEVSET / split).glob("*.gold.yaml")
        )
        assert texts == golds, split
        assert len(texts) >= 6, split
        assert all(re.fullmatch(r"\d\d-[a-z0-9-]+", name) for name in texts), texts
    tune = {p.name[:2] for p in (DEVSET / "tune").glob("*.txt")}
    test = {p.name[:2] for p in (DEVSET / "test").glob("*.txt")}
    assert not tune & test, "document numbers are unique across the halves"


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_doc_exists_and_is_a_titled_text_of_250_to_700_words(path: Path) -> None:
    data = load(path)
    assert set(data) <= TOP_KEYS, set(data) - TOP_KEYS
    assert data["doc"] == path.name.replace(".gold.yaml", ".txt")
    doc = path.parent / data["doc"]
    assert doc.is_file()
    text = text_of(path, data)
    lines = text.split("\n")
    assert lines[0].strip() and lines[1] == "" and lines[2].strip(), "title line, blank line, body"
    assert 250 <= len(text.split()) <= 700


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_every_mention_occurs_verbatim(path: Path) -> None:
    data = load(path)
    text = text_of(path, data)
    missing = [
        (e["label"], m) for e in all_entities(data) for m in e["mentions"] if str(m) not in text
    ]
    assert not missing


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_entities_have_a_unique_label_a_core_class_and_mentions(path: Path) -> None:
    data = load(path)
    seen: set[str] = set()
    for entity in all_entities(data):
        assert set(entity) == {"label", "class", "mentions"}, entity
        assert entity["class"] in CORE_CLASSES, entity
        assert entity["mentions"] and all(isinstance(m, str) and m for m in entity["mentions"])
        assert len(set(entity["mentions"])) == len(entity["mentions"]), entity["label"]
        # an unquoted comma in a flow list splits a name: "Co., Ltd." would become two mentions
        assert not SUFFIX_ONLY.intersection(entity["mentions"]), entity["label"]
        assert entity["label"] not in seen, f"duplicate label {entity['label']!r}"
        seen.add(entity["label"])
    for entity in data["entities"]:
        assert entity["class"] != "Topic", f"topics are optional in this set: {entity['label']}"


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_relations_join_known_labels_with_core_properties(path: Path) -> None:
    data = load(path)
    known = labels(data)
    required = [tuple(r) for r in data["relations"]]
    optional = [tuple(r) for r in data.get("optional_relations") or []]
    for relation in required + optional:
        assert len(relation) == 3, relation
        subject, prop, obj = relation
        assert prop in CORE_PROPERTIES, relation
        assert subject in known, f"unknown subject in {relation}"
        assert obj in known, f"unknown object in {relation}"
        assert subject != obj, relation
    assert len(set(required)) == len(required), "a relation is listed twice"
    assert len(set(optional)) == len(optional), "an optional relation is listed twice"
    assert not set(required) & set(optional), "a relation is both required and optional"


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_investments_have_amounts_or_a_currency(path: Path) -> None:
    data = load(path)
    known = labels(data)
    for inv in data.get("investments") or []:
        assert set(inv) <= INVESTMENT_KEYS, set(inv) - INVESTMENT_KEYS
        assert {"investor", "target", "amount_usd", "qualifier"} <= set(inv), inv
        for investor in as_list(inv["investor"]):
            assert investor is None or investor in known, f"unknown investor {investor!r}"
        assert all(isinstance(t, str) and t for t in as_list(inv["target"])), inv
        usd = inv["amount_usd"]
        if usd is None:
            assert isinstance(inv.get("amount"), Real) and inv["amount"] > 0, inv
            assert re.fullmatch(r"[A-Z]{3}", str(inv.get("currency"))), inv
            assert inv["currency"] != "USD", "a USD figure belongs in amount_usd"
        else:
            assert isinstance(usd, Real) and not isinstance(usd, bool) and usd > 0, inv
            assert "currency" not in inv or inv["currency"] == "USD", inv
        assert inv["qualifier"] is None or isinstance(inv["qualifier"], str), inv
        assert isinstance(inv.get("aggregate", False), bool), inv
        for place in inv.get("locations") or []:
            assert place in known, f"unknown location {place!r}"


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_an_investment_between_entities_is_also_an_invests_in_relation(path: Path) -> None:
    data = load(path)
    known = labels(data)
    listed = {tuple(r) for r in data["relations"] + (data.get("optional_relations") or [])}
    for inv in data.get("investments") or []:
        for investor in as_list(inv["investor"]):
            for target in as_list(inv["target"]):
                if investor in known and target in known:
                    assert (investor, "investsIn", target) in listed, (investor, target)


@pytest.mark.parametrize("path", GOLD, ids=gold_id)
def test_relations_respect_the_domains_and_ranges_of_the_contract(path: Path) -> None:
    data = load(path)
    cls = classes(data)
    relations = data["relations"] + (data.get("optional_relations") or [])
    wrong = []
    for subject, prop, obj in relations:
        # investor/target/committedBy start at investment or commitment nodes, which gold
        # relations never name (investments have their own rows)
        assert prop in SIGNATURE, f"{prop} cannot join two entities: {subject!r}, {obj!r}"
        domain, range_ = SIGNATURE[prop]
        if cls[subject] not in domain or cls[obj] not in range_:
            wrong.append((subject, prop, obj, cls[subject], cls[obj]))
    assert not wrong
    for inv in data.get("investments") or []:
        for investor in as_list(inv["investor"]):
            assert investor is None or cls[investor] in ACTOR, f"investor {investor!r} is no actor"
        for target in as_list(inv["target"]):
            assert target not in cls or cls[target] in INVESTMENT_TARGET, f"target {target!r}"
        for place in inv.get("locations") or []:
            assert cls[place] in PLACE, f"{place!r} is no place"
