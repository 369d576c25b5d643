"""The Vocabulary: the one reader of the ontology, and a closed namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from alliance_kg.errors import UnknownTermError
from alliance_kg.namespaces import AK
from alliance_kg.ontology import Vocabulary, load_vocabulary

from .conftest import ROOT

SRC = ROOT / "src" / "alliance_kg"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(ROOT / "ontology" / "alliance.ttl")


def test_terms_by_local_name_prefixed_name_or_iri(vocab: Vocabulary) -> None:
    term = vocab.term("collaboratesWith")
    assert vocab.term("ak:collaboratesWith") is term
    assert vocab.term(str(AK.collaboratesWith)) is term
    assert (term.kind, term.label, term.symmetric) == ("object property", "collaborates with", True)
    assert term.definition


def test_an_unknown_name_raises_with_a_hint(vocab: Vocabulary) -> None:
    with pytest.raises(UnknownTermError, match="did you mean collaboratesWith"):
        vocab.term("colaboratesWith")
    with pytest.raises(UnknownTermError):
        vocab.iri("Nations")


def test_the_namespace_is_closed(vocab: Vocabulary) -> None:
    assert str(vocab.ak.quote) == str(AK.quote)
    with pytest.raises(AttributeError):
        _ = vocab.ak.qoute
    with pytest.raises(KeyError):
        _ = vocab.ak["Nations"]


def test_core_and_party_classes_come_from_the_ontology(vocab: Vocabulary) -> None:
    assert vocab.core_classes == (
        "Nation", "Agency", "Company", "ResearchInstitute", "Program", "System",
        "Agreement", "Investment", "Commitment", "Person", "Location", "Topic",
    )  # fmt: skip
    assert vocab.party_classes == {"Nation", "Agency", "Company", "ResearchInstitute", "Person"}
    assert all(vocab.style(c) is not None for c in vocab.core_classes)
    assert vocab.style("Nation") == ("#d62728", "star")


def test_an_ontology_of_ones_own_marks_its_own_core_classes() -> None:
    graph = Graph().parse(
        data="""
        @prefix ak: <https://w3id.org/alliance-kg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ak:Vessel a owl:Class ; ak:coreClass 2 ; ak:partyClass false .
        ak:Fleet a owl:Class ; ak:coreClass 1 ; ak:partyClass true ;
            ak:displayColour "#000000" ; ak:displayShape "dot" .
        ak:Frigate a owl:Class ; rdfs:subClassOf ak:Vessel .
        """,
        format="turtle",
    )
    vocab = Vocabulary(graph)
    assert vocab.core_classes == ("Fleet", "Vessel")
    assert vocab.party_classes == {"Fleet"}
    assert vocab.core_class("Frigate") == "Vessel" and not vocab.is_party("Frigate")
    assert vocab.style("Vessel") is None and vocab.style("Fleet") == ("#000000", "dot")


def test_closures(vocab: Vocabulary) -> None:
    assert vocab.is_a("NationalLaboratory", "ResearchInstitute")
    assert vocab.is_a("NationalLaboratory", "Actor")
    assert not vocab.is_a("Company", "Agency")
    assert vocab.core_class("NationalLaboratory") == "ResearchInstitute"
    assert vocab.most_specific(["Actor", "Organisation", "Agency"]) == "Agency"
    assert str(AK.Place) in vocab.superclasses("Nation")


def test_property_facts(vocab: Vocabulary) -> None:
    assert str(AK.signed) in vocab.term("signedBy").inverses
    assert str(AK.signedBy) in vocab.term("signed").inverses  # declared once, read both ways
    assert vocab.term("locatedIn").transitive
    assert frozenset({str(AK.Company), str(AK.Agency)}) in vocab.disjoint
    assert vocab.provenance_properties == {
        "evidence", "inDocument", "mentionedIn",  # to a document or an evidence span
        "identityDecision",  # to a reviewer's identity decision (graph/identities.yaml)
        "quote", "sentence", "startOffset", "endOffset", "sha256", "sourcePath",  # of one
    }  # fmt: skip
    ranges = vocab.term("participatesIn").ranges
    assert ranges == (frozenset({str(AK.Program), str(AK.Agreement)}),)  # a union


_AK_IN_CODE = (
    re.compile(r"\bAK\.(\w+)"),
    re.compile(r"\bAK\[\"(\w+)\"\]"),
    re.compile(r"\bak:([A-Za-z]\w*)"),
    re.compile(r"\bak\.(\w+)"),
    re.compile(r"""(?:term|iri|is_a|core_class|style)\(\s*["'](\w+)["']"""),
    re.compile(r"""is_a\(\s*\w+,\s*["'](\w+)["']"""),
)


def test_every_ak_term_the_package_names_is_defined(vocab: Vocabulary) -> None:
    """A misspelt term in code or in a SPARQL string would silently match nothing."""
    known = {t.name for t in vocab.terms()}
    missing = set()
    for path in sorted(SRC.rglob("*.py")):
        text = _code(path.read_text())
        for pattern in _AK_IN_CODE:
            for name in pattern.findall(text):
                if name not in known and name not in {"id", "ak"}:
                    missing.add(f"{path.relative_to(ROOT)}: {name}")
    assert not missing, sorted(missing)


def test_only_the_vocabulary_reads_ontology_axioms() -> None:
    """Inverses, sub-classes, domains and ranges are read in ontology.py; the inference rules
    (reason/rules.py) are SPARQL over the ontology graph by design and are the one exception."""
    axioms = re.compile(
        r"OWL\.(inverseOf|SymmetricProperty|TransitiveProperty|disjointWith|unionOf)"
        r"|RDFS\.(subClassOf|subPropertyOf|domain|range)"
        r"|\?\w+\s+(owl:inverseOf|owl:disjointWith|rdfs:subClassOf|rdfs:subPropertyOf"
        r"|rdfs:domain|rdfs:range)"  # a SPARQL pattern reading the axiom
        r"|\ba\s+owl:(SymmetricProperty|TransitiveProperty|AllDisjointClasses)"
    )
    allowed = {Path("ontology.py"), Path("reason/rules.py")}
    readers = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.relative_to(SRC) not in allowed and axioms.search(_code(p.read_text()))
    )
    assert readers == []


def _code(text: str) -> str:
    """The text without docstrings and comments (prose may name the axioms)."""
    text = re.sub(r'"""(?:.|\n)*?"""', "", text)
    return re.sub(r"#[^\n]*", "", text)
