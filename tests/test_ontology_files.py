"""Checks of ontology/alliance.ttl and ontology/shapes.ttl as files.

They need no alliance_kg import: the ontology is parsed with rdflib, reasoned over with owlready2 +
HermiT (tests marked ``reasoner``, ~1 s each), and the shapes run with pyshacl over a tiny
inline data graph united with the ontology, as alliance_kg.validate does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "alliance.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/alliance-kg/ontology")
AK = Namespace("https://w3id.org/alliance-kg/ontology#")
AKSHAPE = Namespace("https://w3id.org/alliance-kg/shapes#")
AKID = Namespace("https://w3id.org/alliance-kg/id/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SH = Namespace("http://www.w3.org/ns/shacl#")

# shared/ONTOLOGY-CONTRACT.md: the names outside tools rely on.
CONTRACT_CLASSES = [
    "Nation", "Agency", "Company", "ResearchInstitute", "Program", "System",
    "Agreement", "Investment", "Commitment", "Person", "Location", "Topic",
]  # fmt: skip
CONTRACT_OBJECT_PROPERTIES = [
    "partOf", "country", "leaderOf", "signedBy", "collaboratesWith", "participatesIn",
    "investor", "target", "investsIn", "produces", "deploys", "locatedIn", "concerns",
    "committedBy",
]  # fmt: skip
CONTRACT_DATATYPE_PROPERTIES = ["amountUSD", "amountQualifier", "date", "year"]

# Provenance properties that are exempt from "every triple has a reified statement".
PROVENANCE_PROPERTIES = {AK.evidence, AK.inDocument, AK.mentionedIn, AK.identityDecision}

needs_java = pytest.mark.reasoner  # Java is part of the set-up: without it these fail


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def ak_terms(graph: Graph) -> set[URIRef]:
    """Every ak: IRI the ontology says something about."""
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(AK))}


def typed(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def class_names(graph: Graph, node: URIRef | BNode | None) -> set[str]:
    """Local names of a named class or of the members of an owl:unionOf."""
    if node is None:
        return set()
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return {str(m).removeprefix(str(AK)) for m in members}


# --------------------------------------------------------------------------- ontology as RDF


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    assert not list(ontology.objects(None, OWL.imports)), "owlready2 would fetch owl:imports"


@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, OWL.Class) for n in CONTRACT_CLASSES]
    + [(n, OWL.ObjectProperty) for n in CONTRACT_OBJECT_PROPERTIES]
    + [(n, OWL.DatatypeProperty) for n in CONTRACT_DATATYPE_PROPERTIES],
)
def test_contract_term_is_defined(ontology: Graph, name: str, kind: URIRef) -> None:
    term = AK[name]
    assert (term, RDF.type, kind) in ontology
    assert len(list(ontology.objects(term, RDFS.label))) == 1
    assert list(ontology.objects(term, RDFS.comment))


def test_every_ak_term_is_annotated(ontology: Graph) -> None:
    problems = []
    for term in sorted(ak_terms(ontology)):
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        if len(labels) != 1 or labels[0].language != "en":
            problems.append(f"{term}: needs exactly one rdfs:label @en, has {labels}")
        if not comments or any(c.language != "en" for c in comments):
            problems.append(f"{term}: needs an rdfs:comment @en")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology:
            problems.append(f"{term}: needs rdfs:isDefinedBy the ontology")
        if not set(ontology.objects(term, RDF.type)) & {
            OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
        }:  # fmt: skip
            problems.append(f"{term}: is not declared as a class or property")
    assert not problems, "\n".join(problems)


def test_every_ak_term_used_is_defined(ontology: Graph, shapes: Graph) -> None:
    """A misspelt ak: term in the ontology or the shapes would silently match nothing."""
    defined = ak_terms(ontology)
    used = {
        node
        for graph in (ontology, shapes)
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(AK))
    }
    assert used - defined == set()


@pytest.mark.parametrize(
    ("sub", "supers"),
    [
        ("Nation", {AK.Actor, AK.Place}),
        ("Person", {AK.Actor, FOAF.Person}),
        ("Organisation", {AK.Actor, URIRef("http://www.w3.org/ns/org#Organization")}),
        ("Location", {AK.Place}),
        ("Agency", {AK.Organisation}),
        ("Company", {AK.Organisation}),
        ("ResearchInstitute", {AK.Organisation}),
        ("NationalLaboratory", {AK.ResearchInstitute}),
        ("Ministry", {AK.Agency}),
        ("JointVenture", {AK.Company}),
        ("MissileSystem", {AK.WeaponSystem}),
        ("WeaponSystem", {AK.System}),
        ("SpaceTelescope", {AK.Spacecraft}),
        ("Spacecraft", {AK.Platform}),
        ("Rover", {AK.Vehicle}),
        ("ReactorDesign", {AK.System}),
        ("Summit", {AK.Program}),
        ("SpaceMission", {AK.Program}),
        ("MemorandumOfCooperation", {AK.Agreement}),
        ("JointStatement", {AK.Agreement}),
        ("WaterBody", {AK.Location}),
        ("Subdivision", {AK.Location}),
        ("Sector", {AK.Topic}),
        ("Document", {PROV.Entity, FOAF.Document}),
        ("Evidence", {PROV.Entity}),
        ("IdentityDecision", {PROV.Entity}),
        ("SameEntityDecision", {AK.IdentityDecision}),
        ("DistinctEntitiesDecision", {AK.IdentityDecision}),
    ],
)
def test_class_hierarchy(ontology: Graph, sub: str, supers: set[URIRef]) -> None:
    assert supers <= set(ontology.objects(AK[sub], RDFS.subClassOf))


def test_property_characteristics(ontology: Graph) -> None:
    assert (AK.collaboratesWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (AK.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology
    assert (AK.amountUSD, RDF.type, OWL.FunctionalProperty) in ontology
    assert (AK.country, RDF.type, OWL.FunctionalProperty) not in ontology
    assert (AK.sector, RDFS.subPropertyOf, AK.concerns) in ontology
    assert ontology.value(AK.partOf, OWL.inverseOf) == AK.hasPart


def test_invests_in_is_the_investor_target_chain(ontology: Graph) -> None:
    chain = list(Collection(ontology, ontology.value(AK.investsIn, OWL.propertyChainAxiom)))
    assert len(chain) == 2
    assert ontology.value(chain[0], OWL.inverseOf) == AK.investor
    assert chain[1] == AK.target
    # A property with a chain is not simple: OWL 2 DL forbids these on it.
    assert not set(ontology.objects(AK.investsIn, RDF.type)) & {
        OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
        OWL.IrreflexiveProperty, OWL.AsymmetricProperty,
    }  # fmt: skip


def test_domains_and_ranges(ontology: Graph) -> None:
    def domain(p: str) -> set[str]:
        return class_names(ontology, ontology.value(AK[p], RDFS.domain))

    def range_(p: str) -> set[str]:
        return class_names(ontology, ontology.value(AK[p], RDFS.range))

    assert range_("country") == {"Nation"}
    assert domain("country") == {"Organisation", "Location", "System", "Program"}
    assert range_("participatesIn") == {"Program", "Agreement"}
    assert range_("target") == range_("investsIn") == {"Place", "Company", "System", "Program"}
    assert range_("locatedIn") == {"Place"}
    assert range_("concerns") == set()
    # statement qualifiers sit on rdf:Statement nodes: no domain that could clash
    for qualifier in ("year", "date", "note", "role", "hedged"):
        assert domain(qualifier) == set(), qualifier


def test_disjointness(ontology: Graph) -> None:
    groups = [
        {str(m).removeprefix(str(AK)) for m in Collection(ontology, members)}
        for members in ontology.objects(None, OWL.members)
    ]
    assert {
        "Nation", "Organisation", "Person", "Program", "System", "Agreement", "Investment",
        "Commitment", "Location", "Topic", "Document", "Evidence",
    } in groups  # fmt: skip
    assert (AK.Company, OWL.disjointWith, AK.Agency) in ontology
    for cls in (AK.Agency, AK.Company):
        assert (AK.ResearchInstitute, OWL.disjointWith, cls) not in ontology
        assert (cls, OWL.disjointWith, AK.ResearchInstitute) not in ontology


def test_blank_nodes_only_where_owl_syntax_needs_them(ontology: Graph) -> None:
    allowed = {RDF.type, OWL.unionOf, OWL.members, OWL.inverseOf, RDF.first, RDF.rest}
    for node in {s for s in ontology.subjects() if isinstance(s, BNode)}:
        assert set(ontology.predicates(node)) <= allowed, node


# --------------------------------------------------------------------------- OWL reasoning


def owl_world(ontology: Graph, tmp_path: Path, extra: str = "") -> World:
    """A fresh owlready2 World holding the ontology (plus Turtle `extra`), via N-Triples."""
    graph = Graph()
    graph += ontology
    if extra:
        graph.parse(data=PREFIXES + extra, format="turtle")
    path = tmp_path / "ontology.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = World()
    world.get_ontology(path.as_uri()).load()
    return world


@pytest.mark.reasoner
@needs_java
def test_hermit_finds_the_ontology_consistent(ontology: Graph, tmp_path: Path) -> None:
    world = owl_world(ontology, tmp_path)
    sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


RELATIONS = """
akid:japan a ak:Nation . akid:united-states a ak:Nation .
akid:tennessee a ak:Subdivision ; ak:locatedIn akid:united-states ;
    ak:country akid:united-states .
akid:plant a ak:Facility ; ak:locatedIn akid:tennessee .
akid:riken a ak:ResearchInstitute ; ak:country akid:japan ; ak:collaboratesWith akid:fujitsu .
akid:fujitsu a ak:Company .
akid:tranche a ak:Investment ; ak:investor akid:japan ; ak:target akid:tennessee ;
    ak:amountUSD 40000000000.0 ; ak:componentOf akid:second-tranche ; ak:sector akid:energy .
akid:second-tranche a ak:Investment ; ak:aggregate true .
akid:energy a ak:Sector .
akid:budget a ak:Commitment ; ak:committedBy akid:japan ; ak:factor 4.0 .
"""


def individuals_of_every_class(ontology: Graph) -> Iterator[str]:
    for cls in sorted(typed(ontology, OWL.Class)):
        if cls.startswith(str(AK)):
            name = cls.removeprefix(str(AK))
            yield f"akid:an-{name} a ak:{name} ."


@pytest.mark.reasoner
@needs_java
def test_hermit_accepts_individuals_of_every_class(ontology: Graph, tmp_path: Path) -> None:
    abox = "\n".join(individuals_of_every_class(ontology)) + RELATIONS
    world = owl_world(ontology, tmp_path, abox)
    sync_reasoner(world, infer_property_values=True, debug=0)
    japan, tennessee = world[str(AKID.japan)], world[str(AKID.tennessee)]
    assert tennessee in japan.investsIn  # property chain: inverse(investor) o target
    assert world[str(AKID.riken)] in world[str(AKID.fujitsu)].collaboratesWith  # symmetric
    assert world[str(AKID["united-states"])] in world[str(AKID.plant)].locatedIn  # transitive


@pytest.mark.reasoner
@needs_java
def test_hermit_rejects_a_nation_that_is_a_company(ontology: Graph, tmp_path: Path) -> None:
    world = owl_world(ontology, tmp_path, "akid:japan a ak:Nation , ak:Company .")
    with pytest.raises(OwlReadyInconsistentOntologyError):
        sync_reasoner(world, infer_property_values=False, debug=0)


@pytest.mark.reasoner
@needs_java
def test_hermit_reads_year_and_date_literals_when_told_to(ontology: Graph, tmp_path: Path) -> None:
    """xsd:gYear and xsd:date are outside the OWL 2 datatype map: HermiT needs the switch."""
    world = owl_world(
        ontology,
        tmp_path,
        'akid:deployment a ak:Commitment ; ak:year "2025"^^xsd:gYear ;'
        ' ak:date "2025-10-28"^^xsd:date .',
    )
    sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)


# --------------------------------------------------------------------------- SHACL shapes


def test_every_object_property_has_domain_and_range_shapes(ontology: Graph, shapes: Graph) -> None:
    for prop in typed(ontology, OWL.ObjectProperty):
        if not prop.startswith(str(AK)):
            continue
        name = prop.removeprefix(str(AK))
        for axiom, suffix in ((RDFS.domain, "subject"), (RDFS.range, "object")):
            if ontology.value(prop, axiom) is not None:
                shape = AKSHAPE[f"{name}-{suffix}"]
                assert (shape, SH.targetSubjectsOf, prop) in shapes, shape


def test_evidence_shape_covers_every_entity_property(ontology: Graph, shapes: Graph) -> None:
    expected = {p for p in typed(ontology, OWL.ObjectProperty) if p.startswith(str(AK))}
    expected -= PROVENANCE_PROPERTIES
    targets = set(shapes.objects(AKSHAPE.StatementEvidenceShape, SH.targetSubjectsOf))
    assert targets == expected


def test_provenance_properties_are_those_with_a_prov_entity_range(ontology: Graph) -> None:
    """The evidence SPARQL query recognises ak:evidence, ak:inDocument, ak:mentionedIn and
    ak:identityDecision as the object properties whose range is a subclass of prov:Entity;
    keep that true."""
    found = {
        prop
        for prop in typed(ontology, OWL.ObjectProperty)
        if prop.startswith(str(AK))
        and any(
            (rng, RDFS.subClassOf, PROV.Entity) in ontology
            for rng in ontology.objects(prop, RDFS.range)
        )
    }
    assert found == PROVENANCE_PROPERTIES


def test_every_shape_has_a_message(shapes: Graph) -> None:
    node_constraints = {SH["class"], SH["or"], SH.datatype, SH.nodeKind}
    for shape in typed(shapes, SH.NodeShape):
        if set(shapes.predicates(shape)) & node_constraints:
            assert shapes.value(shape, SH.message) is not None, shape
    for owner in (SH.property, SH.sparql):
        for constraint in shapes.objects(None, owner):
            assert shapes.value(constraint, SH.message) is not None, (owner, constraint)


PREFIXES = """
@prefix ak: <https://w3id.org/alliance-kg/ontology#> .
@prefix akdoc: <https://w3id.org/alliance-kg/doc/> .
@prefix akid: <https://w3id.org/alliance-kg/id/> .
@prefix ev: <https://w3id.org/alliance-kg/evidence/example/> .
@prefix st: <https://w3id.org/alliance-kg/statement/example/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

VALID = """
akid:us-department-of-energy a ak:Agency ;
    rdfs:label "U.S. Department of Energy" ; skos:altLabel "DOE" ;
    ak:country akid:united-states .
akid:united-states a ak:Nation ;
    rdfs:label "United States" ; ak:iso3166Alpha2 "US" ; ak:iso3166Alpha3 "USA" .
st:0123456789abcdef a rdf:Statement ;
    rdf:subject akid:us-department-of-energy ; rdf:predicate ak:country ;
    rdf:object akid:united-states ;
    prov:wasDerivedFrom akdoc:example ; ak:evidence ev:4-29 .
ev:4-29 a ak:Evidence ;
    ak:inDocument akdoc:example ; ak:quote "U.S. Department of Energy" ;
    ak:sentence "The U.S. Department of Energy signed it." ;
    ak:startOffset 4 ; ak:endOffset 29 .
akdoc:example a ak:Document ;
    ak:sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    ak:sourcePath "graph/sources/example.txt" .
"""

INVESTMENT = """
akid:second-tranche a ak:Investment ;
    rdfs:label "Second tranche of Japanese investments" ;
    ak:investor akid:united-states ; ak:amountUSD {amount} ; ak:amountQualifier "up to" .
st:fedcba9876543210 a rdf:Statement ;
    rdf:subject akid:second-tranche ; rdf:predicate ak:investor ; rdf:object akid:united-states ;
    prov:wasDerivedFrom akdoc:example ; ak:evidence ev:4-29 .
"""

STATEMENT = URIRef("https://w3id.org/alliance-kg/statement/example/0123456789abcdef")
EVIDENCE = URIRef("https://w3id.org/alliance-kg/evidence/example/4-29")
DOE = AKID["us-department-of-energy"]


def shacl_messages(ontology: Graph, shapes: Graph, data: Graph) -> list[str]:
    """Validate data + ontology like alliance_kg.validate; return the result messages."""
    data_graph = Graph()
    data_graph += data
    data_graph += ontology
    conforms, report, _ = validate(data_graph, shacl_graph=shapes, inference="none")
    messages = sorted(str(m) for m in report.objects(None, SH.resultMessage))
    assert conforms == (not messages)
    return messages


def data(*extra: str) -> Graph:
    return Graph().parse(data=PREFIXES + VALID + "".join(extra), format="turtle")


def test_shapes_parse(shapes: Graph) -> None:
    assert len(shapes) > 100
    assert typed(shapes, SH.NodeShape)


def test_valid_data_conforms(ontology: Graph, shapes: Graph) -> None:
    assert shacl_messages(ontology, shapes, data()) == []


def test_investment_with_decimal_amount_conforms(ontology: Graph, shapes: Graph) -> None:
    investment = INVESTMENT.replace("{amount}", '"73000000000"^^xsd:decimal')
    assert shacl_messages(ontology, shapes, data(investment)) == []


def assert_messages(messages: list[str], *expected: str) -> None:
    """Each message contains one of `expected`, in order, and nothing else is reported."""
    assert len(messages) == len(expected), messages
    for message, fragment in zip(messages, sorted(expected), strict=True):
        assert fragment in message, (fragment, messages)


def test_two_labels_do_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data()
    graph.add((DOE, RDFS.label, Literal("Department of Energy")))
    assert_messages(shacl_messages(ontology, shapes, graph), "more than one rdfs:label")


def test_country_pointing_at_a_company_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data("akid:fujitsu a ak:Company ; rdfs:label 'Fujitsu' .")
    graph.remove((DOE, AK.country, None))
    graph.add((DOE, AK.country, AKID.fujitsu))
    graph.set((STATEMENT, RDF.object, AKID.fujitsu))
    assert_messages(
        shacl_messages(ontology, shapes, graph),
        "ak:country points to a value that is not typed ak:Nation",
    )


def test_statement_without_evidence_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data()
    graph.remove((STATEMENT, AK.evidence, None))
    assert_messages(
        shacl_messages(ontology, shapes, graph),
        "rdf:Statement has no ak:evidence",
        "statement without evidence",
    )


def test_triple_without_statement_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data()
    graph.remove((STATEMENT, None, None))
    (message,) = shacl_messages(ontology, shapes, graph)
    assert message.startswith("statement without evidence:")
    assert str(DOE) in message and str(AK.country) in message


def test_amount_usd_as_string_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data(INVESTMENT.replace("{amount}", '"73000000000"'))
    assert_messages(shacl_messages(ontology, shapes, graph), "ak:amountUSD must be an xsd:decimal")


def test_year_as_plain_string_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data()
    graph.add((STATEMENT, AK.year, Literal("2025")))
    assert_messages(shacl_messages(ontology, shapes, graph), "ak:year must be an xsd:gYear")
    graph.set((STATEMENT, AK.year, Literal("2025", datatype=XSD.gYear)))
    assert shacl_messages(ontology, shapes, graph) == []


def test_empty_evidence_span_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data()
    graph.set((EVIDENCE, AK.endOffset, Literal(4)))
    assert_messages(
        shacl_messages(ontology, shapes, graph), "ak:startOffset must be less than ak:endOffset"
    )


def test_evidence_from_another_document_does_not_conform(ontology: Graph, shapes: Graph) -> None:
    graph = data("akdoc:other a ak:Document .")
    graph.set((EVIDENCE, AK.inDocument, URIRef("https://w3id.org/alliance-kg/doc/other")))
    assert_messages(
        shacl_messages(ontology, shapes, graph),
        # sh:equals reports both sides: the evidence's document and the derived-from document
        "differ from its prov:wasDerivedFrom documents",
        "differ from its prov:wasDerivedFrom documents",
    )
