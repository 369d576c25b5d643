from alliance_kg.identity import entity_iri, evidence_iri, slugify, statement_iri


def test_slugs_are_readable_and_stable():
    assert slugify("U.S. Department of Energy") == "us-department-of-energy"
    assert slugify("AIM-120 AMRAAM") == "aim-120-amraam"
    assert slugify("Standard Missile 3 Block IIA") == "standard-missile-3-block-iia"
    assert slugify("Japan’s RIKEN") == slugify("Japan's RIKEN") == "japans-riken"
    assert slugify("Société Générale") == "societe-generale"


def test_same_label_gives_same_iri_in_any_document():
    assert entity_iri(slugify("NVIDIA")) == "https://w3id.org/alliance-kg/id/nvidia"


def test_statement_and_evidence_iris_are_deterministic():
    a = statement_iri("doc", "s", "p", "o")
    assert a == statement_iri("doc", "s", "p", "o")
    assert a != statement_iri("doc", "s", "p", "o2")
    assert a != statement_iri("other", "s", "p", "o")
    assert evidence_iri("doc", 3, 10).endswith("/evidence/doc_3-10")
