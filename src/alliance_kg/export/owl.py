"""The OWL profile (``--profile owl``): the export as OWL 2 tools (Protégé, owlready2, HermiT)
read it, without options telling them to look away.

What changes against the plain export, and why:

* **An ontology header.** ``<https://w3id.org/alliance-kg/data> a owl:Ontology``, which
  ``owl:imports`` the alliance ontology IRI. The import is only stated, never fetched by us;
  a tool that cannot resolve it needs the ontology beside it, so ``--include-ontology`` writes
  one self-contained file instead: the ontology's axioms in the same document, no import.
* **Individuals declared.** Every IRI the data uses as a thing (subjects, and objects of
  everything but ``rdf:type`` and ``rdf:predicate``) that the ontology does not define is
  typed ``owl:NamedIndividual``, so owlready2's ``individuals()`` and Protégé's individuals tab
  list them.
* **Datatypes inside the OWL 2 datatype map.** HermiT refuses literals of datatypes outside it
  (``xsd:date``, ``xsd:gYear``, …) unless told to ignore them. ``xsd:date`` becomes
  ``xsd:dateTime`` at midnight (``2025-10-28`` → ``2025-10-28T00:00:00``, a time zone kept);
  ``xsd:gYear`` becomes the year as an ``xsd:integer`` (``2025``); any other datatype outside
  the map becomes an ``xsd:string`` of the same text. The header's ``rdfs:comment`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from .base import ExportOptions
from .rdf import graph_quads, selected_graphs, unique_sorted

#: the IRI of the exported data as an OWL ontology (it imports the alliance ontology)
DATA_ONTOLOGY_IRI = BASE + "data"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"

#: the OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString
OWL2_DATATYPES = frozenset(
    {_OWL + "real", _OWL + "rational", _RDF + "PlainLiteral", _RDF + "XMLLiteral",
     _RDF + "langString", _RDFS + "Literal"}
    | {_XSD + name for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
        "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
        "base64Binary", "anyURI", "dateTime", "dateTimeStamp")}
)  # fmt: skip

MAPPING_NOTE = (
    "OWL profile of the alliance-kg export: literals whose datatype is outside the OWL 2 "
    "datatype map are rewritten so that OWL reasoners accept them: xsd:date becomes "
    "xsd:dateTime at 00:00:00 (time zone kept), xsd:gYear becomes the year as xsd:integer, "
    "any other such datatype becomes xsd:string with the same text. Every individual is "
    "declared owl:NamedIndividual."
)

_DATE = re.compile(r"(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
_YEAR = re.compile(r"(-?\d{4,})(Z|[+-]\d{2}:\d{2})?")


def owl_literal(literal: ox.Literal) -> ox.Literal:
    """`literal` with a datatype of the OWL 2 map (see the module doc for the mapping)."""
    dt = literal.datatype.value
    if dt in OWL2_DATATYPES or literal.language:
        return literal
    if dt == _XSD + "date" and (m := _DATE.fullmatch(literal.value)):
        return ox.Literal(
            f"{m.group(1)}T00:00:00{m.group(2) or ''}", datatype=ox.NamedNode(_XSD + "dateTime")
        )
    if dt == _XSD + "gYear" and (m := _YEAR.fullmatch(literal.value)):
        return ox.Literal(str(int(m.group(1))), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(literal.value)


def _header(include_ontology: bool, ontology: list[ox.Quad]) -> list[ox.Triple]:
    data = ox.NamedNode(DATA_ONTOLOGY_IRI)
    rdf_type = ox.NamedNode(_RDF + "type")
    out = [
        ox.Triple(data, rdf_type, ox.NamedNode(_OWL + "Ontology")),
        ox.Triple(data, ox.NamedNode(_RDFS + "label"), ox.Literal("alliance-kg data (OWL)")),
        ox.Triple(data, ox.NamedNode(_RDFS + "comment"), ox.Literal(MAPPING_NOTE)),
    ]
    if not include_ontology:
        out.append(ox.Triple(data, ox.NamedNode(_OWL + "imports"), ox.NamedNode(ONTOLOGY_IRI)))
        return out
    # the ontology's own header annotations describe the one ontology the file now is
    iri = ox.NamedNode(ONTOLOGY_IRI)
    for q in ontology:
        if q.subject == iri and q.predicate != rdf_type:
            out.append(ox.Triple(data, q.predicate, q.object))
    return out


def _individuals(data: Iterable[ox.Triple], terms: set[str]) -> list[ox.Triple]:
    """An ``owl:NamedIndividual`` declaration for every IRI used as a thing, not a term."""
    skip = {_RDF + "type", _RDF + "predicate"}
    found: set[str] = set()
    for t in data:
        if isinstance(t.subject, ox.NamedNode):
            found.add(t.subject.value)
        if isinstance(t.object, ox.NamedNode) and t.predicate.value not in skip:
            found.add(t.object.value)
    rdf_type = ox.NamedNode(_RDF + "type")
    named = ox.NamedNode(_OWL + "NamedIndividual")
    return [ox.Triple(ox.NamedNode(i), rdf_type, named) for i in found - terms]


def profile(store: ox.Store, options: ExportOptions) -> list[ox.Triple]:
    """The selected graphs as OWL 2 DL triples: header, (ontology,) data, declarations; sorted."""
    ontology = graph_quads(store, ox.NamedNode(str(ONTOLOGY_GRAPH)))
    terms = {q.subject.value for q in ontology if isinstance(q.subject, ox.NamedNode)}
    data_graphs = selected_graphs(store, ExportOptions(graph=options.graph, include_ontology=False))
    data = [
        ox.Triple(
            q.subject,
            q.predicate,
            owl_literal(q.object) if isinstance(q.object, ox.Literal) else q.object,
        )
        for g in data_graphs
        for q in graph_quads(store, g)
    ]
    out = _header(options.include_ontology, ontology) + data + _individuals(data, terms)
    if options.include_ontology:
        iri = ox.NamedNode(ONTOLOGY_IRI)
        out += [
            ox.Triple(
                q.subject,
                q.predicate,
                owl_literal(q.object) if isinstance(q.object, ox.Literal) else q.object,
            )
            for q in ontology
            if q.subject != iri and q.predicate.value != _OWL + "imports"
        ]
    return unique_sorted(out)
