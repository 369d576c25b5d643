"""The compiled SHACL validator (`alliance_kg.shacl`) finds exactly what pyshacl finds.

Each case breaks the example's data in one way that one kind of constraint catches (count,
datatype, ill-typed literal, class, node kind, pattern, sh:or at node and value level,
sh:lessThan, sh:equals over a sequence path, sh:minInclusive), and both engines must report the
same lines. Small hand-written shapes cover the parts the project's shapes do not use.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from alliance_kg.annotation import read_annotation
from alliance_kg.load import load_annotation
from alliance_kg.ontology import load_vocabulary
from alliance_kg.shacl import compile_shapes
from alliance_kg.validate import load_shapes, validate_graph

from .conftest import ROOT

AK = "https://w3id.org/alliance-kg/ontology#"
AKID = "https://w3id.org/alliance-kg/id/"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def parts() -> tuple:
    vocab = load_vocabulary(ROOT / "ontology" / "alliance.ttl")
    shapes = load_shapes(ROOT / "ontology" / "shapes.ttl")
    load = load_annotation(
        read_annotation(ROOT / "graph" / "sources" / "us-japan-alliance-summit.yaml"), vocab
    )
    return vocab, shapes, load


def data_of(load) -> Graph:
    g = Graph()
    for s, p, o, _ in load.quads:
        g.add((s, p, o))
    return g


def first(data: Graph, p: str, cls: str | None = None) -> tuple:
    """The first (sorted) triple with predicate `p` (its subject of class `cls`, if given)."""
    for s, o in sorted(data.subject_objects(URIRef(p))):
        if cls is None or (s, RDF.type, URIRef(cls)) in data:
            return s, URIRef(p), o
    raise AssertionError(f"no {p} in the example")


def _second_label(d: Graph) -> None:
    d.add((URIRef(AKID + "japan"), RDFS.label, Literal("Nippon")))


def _no_label(d: Graph) -> None:
    d.remove((URIRef(AKID + "japan"), RDFS.label, None))


def _iri_label(d: Graph) -> None:
    d.add((URIRef(AKID + "japan"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
           URIRef(AKID + "nippon")))  # fmt: skip


def _string_amount(d: Graph) -> None:
    s, p, o = first(d, AK + "amountUSD")
    d.remove((s, p, o))
    d.add((s, p, Literal(str(o))))


def _ill_typed_amount(d: Graph) -> None:
    s, p, o = first(d, AK + "amountUSD")
    d.remove((s, p, o))
    d.add((s, p, Literal("forty billion", datatype=XSD.decimal)))


def _bad_currency(d: Graph) -> None:
    s, _p, _o = first(d, AK + "amountUSD")
    d.add((s, URIRef(AK + "currency"), Literal("yen")))


def _investment_without_parties(d: Graph) -> None:
    s, _p, _o = first(d, AK + "amountUSD")
    d.remove((s, URIRef(AK + "investor"), None))
    d.remove((s, URIRef(AK + "target"), None))


def _wrong_range(d: Graph) -> None:
    s, p, o = first(d, AK + "investor")
    d.remove((s, p, o))
    d.add((s, p, URIRef(AKID + "not-an-entity")))


def _reversed_span(d: Graph) -> None:
    s, p, o = first(d, AK + "startOffset")
    end = d.value(s, URIRef(AK + "endOffset"))
    d.remove((s, p, o))
    d.add((s, p, Literal(int(end) + 5)))


def _negative_offset(d: Graph) -> None:
    s, p, o = first(d, AK + "startOffset")
    d.remove((s, p, o))
    d.add((s, p, Literal(-1)))


def _evidence_from_elsewhere(d: Graph) -> None:
    s, p, o = first(d, PROV + "wasDerivedFrom")
    d.remove((s, p, o))
    d.add((s, p, URIRef(AKID + "document/other")))


def _blank_statement_subject(d: Graph) -> None:
    s, p, o = first(d, str(RDF.subject))
    d.remove((s, p, o))
    d.add((s, p, BNode("b0")))


def _bad_sha(d: Graph) -> None:
    s, p, o = first(d, AK + "sha256")
    d.remove((s, p, o))
    d.add((s, p, Literal("XYZ")))


def _no_evidence_document(d: Graph) -> None:
    s, p, o = first(d, AK + "inDocument")
    d.remove((s, p, o))


def _country_of_a_program(d: Graph) -> None:
    d.add((URIRef(AK + "x-program"), RDF.type, URIRef(AK + "Program")))
    d.add((URIRef(AK + "x-program"), RDFS.label, Literal("X")))
    d.add((URIRef(AK + "x-program"), URIRef(AK + "country"), URIRef(AKID + "japan")))


BREAKS: dict[str, Callable[[Graph], None]] = {
    f.__name__.lstrip("_"): f
    for f in (
        _second_label, _no_label, _iri_label, _string_amount, _ill_typed_amount, _bad_currency,
        _investment_without_parties, _wrong_range, _reversed_span, _negative_offset,
        _evidence_from_elsewhere, _blank_statement_subject, _bad_sha, _no_evidence_document,
        _country_of_a_program,
    )
}  # fmt: skip


def test_the_projects_shapes_all_compile(parts):
    _vocab, shapes, _load = parts
    compiled = compile_shapes(shapes)
    sparql = {s for s, _ in shapes.subject_objects(URIRef("http://www.w3.org/ns/shacl#sparql"))}
    assert set(compiled.leftover) <= sparql  # only the SHACL-SPARQL shape is left to pyshacl
    assert len(compiled.checks) > 100


def test_the_example_conforms_with_both_engines(parts):
    vocab, shapes, load = parts
    for engine in ("compiled", "pyshacl"):
        result = validate_graph(data_of(load), vocab.graph, shapes, load.origins, engine=engine)
        assert result.conforms, (engine, result.violations[:5])


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_breakage_is_found_alike_by_both_engines(parts, name: str):
    vocab, shapes, load = parts
    data = data_of(load)
    BREAKS[name](data)
    compiled = validate_graph(data, vocab.graph, shapes, load.origins, engine="compiled")
    reference = validate_graph(data, vocab.graph, shapes, load.origins, engine="pyshacl")
    assert not reference.conforms, "the breakage must break something"
    assert compiled.violations == reference.violations


SMALL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetNode ex:a, ex:b ; sh:targetObjectsOf ex:knows ;
  sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:maxCount 1 ;
                sh:message "known by more than one"@en ] ,
              [ sh:path ex:tag ; sh:in ( "red" "blue" ) ; sh:message "bad tag"@en ] ,
              [ sh:path ex:name ; sh:minLength 2 ; sh:maxLength 5 ; sh:message "name length"@en ] ,
              [ sh:path ex:score ; sh:maxExclusive 10 ; sh:message "score"@en ] ,
              [ sh:path ex:friend ; sh:node ex:Named ; sh:message "friend unnamed"@en ] ,
              [ sh:path ex:rival ; sh:not ex:Named ; sh:message "rival named"@en ] .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Quiet a sh:NodeShape ; sh:targetNode ex:a ;
  sh:property [ sh:path ex:tag ; sh:maxCount 0 ; sh:severity sh:Warning ;
                sh:message "warning only"@en ] ,
              [ sh:path ex:tag ; sh:maxCount 0 ; sh:deactivated true ; sh:message "off"@en ] .
"""

SMALL_DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:tag "red", "green" ; ex:name "a" ; ex:score 12 ; ex:friend ex:c ; ex:rival ex:b .
ex:b ex:name "bobby-long" ; ex:friend ex:a ; ex:score 3 .
ex:c ex:knows ex:d . ex:e ex:knows ex:d .
"""


def test_hand_written_shapes_beyond_the_projects_agree():
    shapes = Graph().parse(data=SMALL_SHAPES, format="turtle")
    data = Graph().parse(data=SMALL_DATA, format="turtle")
    assert not compile_shapes(shapes).leftover
    compiled = validate_graph(data, Graph(), shapes, engine="compiled")
    reference = validate_graph(data, Graph(), shapes, engine="pyshacl")
    assert compiled.violations == reference.violations
    assert len(compiled.violations) == 7, compiled.violations
    assert not any(v.endswith(("warning only", "off")) for v in compiled.violations)


def test_a_shape_the_compiler_lacks_goes_to_pyshacl():
    shapes = Graph().parse(
        data=SMALL_SHAPES
        + "ex:X a sh:NodeShape ; sh:targetNode ex:a ; sh:xone ( ex:Named ex:Named ) ;"
        ' sh:message "xone"@en .',
        format="turtle",
    )
    data = Graph().parse(data=SMALL_DATA, format="turtle")
    assert [str(s) for s in compile_shapes(shapes).leftover] == ["http://example.org/X"]
    compiled = validate_graph(data, Graph(), shapes, engine="compiled")
    assert any(v.endswith(": xone") for v in compiled.violations)
    assert compiled.violations == validate_graph(data, Graph(), shapes, engine="pyshacl").violations
