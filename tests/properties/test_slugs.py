"""Slugs and IRIs: two labels share a slug only when they have the same letters and digits.

The IRI of an entity is ``akid:`` + the slug of its label (docs/design.md, "Identity"). Case,
accents, punctuation and spacing may differ between labels with one slug (``U.S.`` is ``US``);
a letter or digit never vanishes, whatever its script (``Ωmega`` and ``mega`` used to share
``akid:mega``, and every all-Chinese label had no slug at all). Where two labels do share a
slug, the project says so: in one file it is an annotation error naming both; across files the
two declarations are one entity and both labels stay its names.
"""

from __future__ import annotations

import functools
import tempfile
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st

from alliance_kg.annotation import read_annotation
from alliance_kg.errors import AnnotationError
from alliance_kg.identity import entity_iri, slugify
from alliance_kg.load import load_annotation
from alliance_kg.names import NameIndex
from alliance_kg.ontology import Vocabulary, load_vocabulary

from ..conftest import ROOT
from .strategies import ANY_TEXT, LABEL

#: few characters, so that generated pairs often share a slug
NEAR = st.text(alphabet="aAbΩωøØ東京é\u0301 .-'’_ß", min_size=1, max_size=6)


def letters(text: str) -> str:
    """The letters and digits of `text`, case and every mark ignored (coarser than a slug)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isalnum())


@functools.cache
def vocab() -> Vocabulary:
    return load_vocabulary(ROOT / "ontology" / "alliance.ttl")


@given(ANY_TEXT)
@example("東京")  # had no slug: every letter was dropped
@example("हिन्दी")
@example("Ǆ ǅ ǆ")
@example("𝐀")  # was "A": case-folded before the compatibility decomposition
def test_a_slug_is_a_fixed_point_and_makes_an_iri(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug == "" or letters(text)
    if slug:
        assert ox.NamedNode(entity_iri(slug)).value == entity_iri(slug)


@given(st.one_of(st.tuples(NEAR, NEAR), st.tuples(ANY_TEXT, ANY_TEXT)))
@example(("Ωmega", "mega"))  # both were akid:mega
@example(("東京", "京都"))  # both were "": no slug
@example(("Bjørn", "Bjrn"))  # both were akid:bjrn
@example(("U.S.", "US"))
def test_labels_share_a_slug_only_with_the_same_letters(pair: tuple[str, str]) -> None:
    a, b = pair
    if slugify(a) == slugify(b):
        assert letters(a) == letters(b), (a, b, slugify(a))


def _annotation(folder: Path, name: str, labels: list[str]) -> Path:
    text = "".join(f"{label} is here.\n" for label in labels)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    data = {
        "document": {"path": f"{name}.txt"},
        "entities": [{"label": label, "class": "Company"} for label in labels],
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


#: ways to write the same name differently: what a slug deliberately ignores
VARIANTS = [
    str.upper,
    str.lower,
    lambda s: s.replace(" ", "  "),
    lambda s: s.replace(" ", "."),
    lambda s: s + ".",
    lambda s: s.replace("e", "é"),
]


@given(LABEL, st.sampled_from(range(len(VARIANTS))))
@example("Ωmega Corp", 0)
def test_two_labels_with_one_slug_in_one_file_are_an_error_naming_both(
    label: str, variant: int
) -> None:
    other = VARIANTS[variant](label)
    assume(other != label and slugify(other) == slugify(label))
    with tempfile.TemporaryDirectory() as tmp:
        ann = read_annotation(_annotation(Path(tmp), "doc", [label, other]))
        with pytest.raises(AnnotationError) as err:
            load_annotation(ann, vocab())
    assert repr(other) in str(err.value) and repr(label) in str(err.value)
    assert "same IRI" in str(err.value)


@given(LABEL, st.sampled_from(range(len(VARIANTS))))
def test_two_labels_with_one_slug_in_two_files_are_one_entity_with_both_names(
    label: str, variant: int
) -> None:
    other = VARIANTS[variant](label)
    assume(other != label and slugify(other) == slugify(label))
    with tempfile.TemporaryDirectory() as tmp:
        anns = [
            read_annotation(_annotation(Path(tmp), "a", [label])),
            read_annotation(_annotation(Path(tmp), "b", [other])),
        ]
        index = NameIndex.build(anns, vocab())
    assert len(index.entities) == 1
    assert index.entities[0].names() == [label, other]
    assert str(index.entities[0].iri) == entity_iri(slugify(label))
