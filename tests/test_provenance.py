"""`why`: each stored statement traced to its document, quote, sentence and offsets."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from alliance_kg.errors import InputError
from alliance_kg.project import Project
from alliance_kg.provenance import why
from alliance_kg.store import open_store

from .conftest import DOC_TEXT

TEXT = DOC_TEXT.read_text(encoding="utf-8")
SECOND_TRANCHE = (
    "Second tranche of Japanese investment in the United States under the U.S.-Japan "
    "Strategic Trade and Investment Agreement"
)


def test_why_doe_collaborates_with_mext(example: Project) -> None:
    with open_store(example.store) as store:
        (p,) = why(store, "DOE", "collaboratesWith", "MEXT")
    assert p.subject_label == "U.S. Department of Energy"
    assert p.object_label == "Ministry of Education, Culture, Sports, Science and Technology"
    assert p.property_label == "collaborates with" and p.document == "us-japan-alliance-summit"
    assert TEXT[p.start : p.end] == p.quote
    assert p.quote.startswith("The U.S. Department of Energy and Japan")
    assert p.quote in p.sentence and p.via is None and p.hedged is False


def test_symmetric_property_finds_the_statement_asserted_the_other_way(example: Project) -> None:
    with open_store(example.store) as store:
        (p,) = why(store, "NVIDIA", "collaborates with", "Fujitsu")
    assert (p.subject_label, p.object_label) == ("Fujitsu", "NVIDIA")  # as stored
    assert p.via == "collaborates with is symmetric"
    assert "NVIDIA" in TEXT[p.start : p.end]


def test_inverse_property_is_explained_by_its_inverse(example: Project) -> None:
    with open_store(example.store) as store:
        found = why(store, "Japan", "signed")
    assert "Critical Minerals Action Plan" in {p.subject_label for p in found}
    assert all(p.property_label == "signed by" and p.via == "inverse of signed" for p in found)
    hedged = {p.subject_label: p.hedged for p in found}
    assert hedged["U.S.-Japan Strategic Trade and Investment Agreement"] is False
    assert hedged["U.S.-Japan Alliance"] is True


def test_type_and_attributes_have_evidence_too(example: Project) -> None:
    with open_store(example.store) as store:
        (t,) = why(store, "riken", "type", "ResearchInstitute")
        amounts = why(store, SECOND_TRANCHE, "amountUSD")
    assert TEXT[t.start : t.end] == "RIKEN"
    assert {a.object for a in amounts} == {"73000000000"}
    assert len(amounts) == 2 and all("$73 billion" in a.quote for a in amounts)


def test_subject_only_lists_its_statements(example: Project) -> None:
    with open_store(example.store) as store:
        found = why(store, "Department of Energy")
    assert {(p.property_label, p.object_label) for p in found} >= {
        ("country", "United States"),
        ("collaborates with", "Argonne National Laboratory"),
    }
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_unknown_names_are_input_errors_with_suggestions(example: Project) -> None:
    with open_store(example.store) as store:
        with pytest.raises(InputError, match="did you mean collaboratesWith"):
            why(store, "DOE", "colaboratesWith")
        with pytest.raises(InputError, match="no entity is named 'Departmnt of Energy'"):
            why(store, "Departmnt of Energy")


def test_cli_why_prints_document_sentence_and_offsets(example: Project, cli: Callable) -> None:
    with open_store(example.store) as store:
        (p,) = why(store, "DOE", "collaboratesWith", "MEXT")
    r = cli("why", "DOE", "collaboratesWith", "MEXT", "--project", example.root)
    assert r.code == 0, r.err
    assert f"characters {p.start}–{p.end}" in r.out and "us-japan-alliance-summit" in r.out
    assert p.quote in r.out
    r = cli("why", "DOE", "collaboratesWith", "MEXT", "--project", example.root, "--format", "json")
    assert json.loads(r.out)[0]["start"] == p.start
    r = cli("why", "NVIDIA", "produces", "--project", example.root)
    assert r.code == 2 and r.err.startswith("error: no stored statement matches")
