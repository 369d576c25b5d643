"""SHACL validation as the build runs it, including the once-per-graph SPARQL constraints."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from alliance_kg.annotation import read_annotation
from alliance_kg.load import load_annotation
from alliance_kg.ontology import load_vocabulary
from alliance_kg.validate import load_shapes, validate_graph

from .conftest import FIXTURES, ROOT

AK = "https://w3id.org/alliance-kg/ontology#"
AKID = "https://w3id.org/alliance-kg/id/"


@pytest.fixture(scope="module")
def parts():
    vocab = load_vocabulary(ROOT / "ontology" / "alliance.ttl")
    shapes = load_shapes(ROOT / "ontology" / "shapes.ttl")
    load = load_annotation(read_annotation(FIXTURES / "tiny" / "tiny.yaml"), vocab)
    return vocab, shapes, load


def data_of(load) -> Graph:
    g = Graph()
    for s, p, o, _ in load.quads:
        g.add((s, p, o))
    return g


def test_tiny_conforms(parts):
    vocab, shapes, load = parts
    result = validate_graph(data_of(load), vocab.graph, shapes, load.origins)
    assert result.conforms, result.violations


def test_a_triple_without_its_reified_statement_is_reported_with_its_line(parts):
    vocab, shapes, load = parts
    data = data_of(load)
    s, p, o = URIRef(AKID + "ministry-of-science"), URIRef(AK + "collaboratesWith"), None
    statements = [st for st in data.subjects(RDF.subject, s) if (st, RDF.predicate, p) in data]
    assert statements
    for st in statements:
        data.remove((st, None, None))
    result = validate_graph(data, vocab.graph, shapes, load.origins)
    assert not result.conforms
    assert any("statement without evidence" in v and "tiny.yaml:" in v for v in result.violations)
    assert o is None


def test_two_labels_are_reported(parts):
    vocab, shapes, load = parts
    data = data_of(load)
    data.add((URIRef(AKID + "portugal"), RDFS.label, Literal("Portuguese Republic")))
    result = validate_graph(data, vocab.graph, shapes, load.origins)
    assert any("akid:portugal" in v and "label" in v for v in result.violations)
