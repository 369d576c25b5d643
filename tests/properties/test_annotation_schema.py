"""The annotation schema, by generated files: valid ones load, invalid ones name their field.

Valid annotations are read (`read_annotation`) and loaded (`load_annotation`) against the real
ontology; invalid ones (one generated fault in an otherwise valid file, or any YAML value put in
place of a section) raise an `AllianceKGError` whose message names the field, never anything else.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from alliance_kg.annotation import read_annotation
from alliance_kg.errors import AllianceKGError, AnnotationError
from alliance_kg.identity import slugify
from alliance_kg.load import load_annotation
from alliance_kg.ontology import Vocabulary, load_vocabulary

from ..conftest import ROOT
from .strategies import HEDGES, LABEL, PREFIX_CURRENCIES

CLASSES = ["Company", "Agency", "ResearchInstitute", "Topic", "Program"]
ORGANISATIONS = {"Company", "Agency", "ResearchInstitute"}


@functools.cache
def vocab() -> Vocabulary:
    return load_vocabulary(ROOT / "ontology" / "alliance.ttl")


@st.composite
def annotations(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A valid annotation (as plain data) and the text of its document."""
    labels = draw(st.lists(LABEL, min_size=1, max_size=5, unique_by=slugify))
    entities = []
    for label in labels:
        entity: dict[str, Any] = {"label": label, "class": draw(st.sampled_from(CLASSES))}
        if draw(st.booleans()):
            entity["aliases"] = [f"{label} alias"]
        entities.append(entity)
    sentences = [f"{label} is named here." for label in labels]
    orgs = [e["label"] for e in entities if e["class"] in ORGANISATIONS]
    relations = []
    if len(orgs) >= 2:
        a, b = draw(st.permutations(orgs))[:2]
        sentence = f"{a} works with {b}."
        sentences.append(sentence)
        relation: dict[str, Any] = {
            "subject": a,
            "property": "collaboratesWith",
            "object": b,
            "evidence": sentence,
        }
        if draw(st.booleans()):
            relation["year"] = draw(st.integers(1900, 2100))
        if draw(st.booleans()):
            relation["hedged"] = True
        relations.append(relation)
    investments = []
    if orgs and draw(st.booleans()):
        hedge = draw(st.sampled_from(["", *HEDGES]))
        symbol = draw(st.sampled_from(sorted(PREFIX_CURRENCIES)))
        amount = f"{hedge} {symbol}{draw(st.integers(1, 999))} billion".strip()
        sentence = f"{orgs[0]} will invest {amount}."
        sentences.append(sentence)
        label = "investment " + orgs[0]
        if slugify(label) not in {slugify(x) for x in labels}:
            investments.append(
                {"label": label, "investor": orgs[0], "amount": amount, "evidence": sentence}
            )
    data = {
        "document": {"id": "doc", "path": "doc.txt", "title": draw(LABEL)},
        "entities": entities,
        "relations": relations,
        "investments": investments,
    }
    if draw(st.booleans()):
        data["document"]["date"] = draw(st.dates()).isoformat()
    return data, "\n".join(sentences) + "\n"


def _write(folder: Path, data: Any, text: str) -> Path:
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    path = folder / "doc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@given(annotations())
def test_generated_valid_annotations_read_and_load(case: tuple[dict[str, Any], str]) -> None:
    data, text = case
    with tempfile.TemporaryDirectory() as tmp:
        ann = read_annotation(_write(Path(tmp), data, text))
        assert [e.label for e in ann.model.entities] == [e["label"] for e in data["entities"]]
        loaded = load_annotation(ann, vocab())
    labels = {rec.label for rec in loaded.entities.values()}
    assert {e["label"] for e in data["entities"]} <= labels


#: one fault each: (how to break a valid annotation, the field the message must name)
FAULTS = {
    "unknown key": (lambda d: d["entities"][0].update(colour="red"), "entities[0].colour"),
    "no label": (lambda d: d["entities"][0].pop("label"), "entities[0].label"),
    "empty label": (lambda d: d["entities"][0].update(label="  "), "entities[0].label"),
    "label a list": (lambda d: d["entities"][0].update(label=["a", "b"]), "entities[0].label"),
    "class a mapping": (
        lambda d: d["entities"][0].update({"class": {"a": 1}}),
        "entities[0].class",
    ),
    "no path": (lambda d: d["document"].pop("path"), "document.path"),
    "bad date": (lambda d: d["document"].update(date="2024-13-45"), "document.date"),
    "date a number": (lambda d: d["document"].update(date=12), "document.date"),
    "unknown section": (lambda d: d.update(people=[]), "people"),
    "entities a mapping": (lambda d: d.update(entities={"a": 1}), "entities"),
    "confidence > 1": (lambda d: d["entities"][0].update(confidence=1.5), "entities[0].confidence"),
    "relation without evidence": (
        lambda d: d.update(relations=[{"subject": "a", "property": "p", "object": "b"}]),
        "relations[0].evidence",
    ),
    "empty evidence": (
        lambda d: d.update(
            relations=[{"subject": "a", "property": "p", "object": "b", "evidence": []}]
        ),
        "relations[0].evidence",
    ),
    "year not a number": (
        lambda d: d.update(
            relations=[
                {"subject": "a", "property": "p", "object": "b", "evidence": "x", "year": "soon"}
            ]
        ),
        "relations[0].year",
    ),
    "hedged not a boolean": (
        lambda d: d.update(
            relations=[
                {
                    "subject": "a",
                    "property": "p",
                    "object": "b",
                    "evidence": "x",
                    "hedged": "perhaps",
                }
            ]
        ),
        "relations[0].hedged",
    ),
    "absolute path": (lambda d: d["document"].update(path="/etc/passwd"), "document.path"),
    "path leaves the folder": (lambda d: d["document"].update(path="../x.txt"), "document.path"),
}


@given(annotations(), st.sampled_from(sorted(FAULTS)))
def test_one_fault_is_an_annotation_error_naming_the_field(
    case: tuple[dict[str, Any], str], fault: str
) -> None:
    data, text = case
    breaks, field = FAULTS[fault]
    breaks(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), data, text)
        try:
            read_annotation(path)
        except AnnotationError as exc:
            assert field in str(exc), (fault, str(exc))
            assert str(path) in str(exc)
        else:
            raise AssertionError(f"{fault}: no error")


#: any YAML value: scalars of every kind, lists and mappings of them
YAML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    annotations(),
    st.sampled_from(
        [
            "document",
            "entities",
            "relations",
            "investments",
            "commitments",
            "document.path",
            "document.id",
            "entities.0",
            "entities.0.aliases",
        ]
    ),
    YAML_VALUES,
)
@example(
    ({"document": {"path": "doc.txt"}, "entities": [{"label": "A", "class": "Company"}]}, "A\n"),
    "entities.0.aliases",
    {"": None},
)
def test_any_value_anywhere_is_loaded_or_refused_clearly(
    case: tuple[dict[str, Any], str], where: str, value: Any
) -> None:
    data, text = case
    parts = where.split(".")
    target: Any = data
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    if parts[-1].isdigit():
        target[int(parts[-1])] = value
    else:
        target[parts[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), data, text)
        try:
            ann = read_annotation(path)
            load_annotation(ann, vocab())
        except AllianceKGError as exc:
            assert str(path) in str(exc) or parts[0] in str(exc), str(exc)
