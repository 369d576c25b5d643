"""The project's IRIs as plain strings: namespaces, named graphs, prefixes, `short`.

`alliance_kg.namespaces` builds rdflib ``Namespace`` objects over these for the modules that
work with rdflib graphs. The query path (`alliance_kg.query`, `resolve`, the derived tables)
imports only this module: importing rdflib costs about 0.4 s of CPU, which every CLI query paid
before it ran (issue 16).
"""

from __future__ import annotations

import re

BASE = "https://w3id.org/alliance-kg/"
ONTOLOGY_IRI = BASE + "ontology"

#: namespace IRIs (``AK + "Nation"`` is the IRI of ``ak:Nation``)
AK = ONTOLOGY_IRI + "#"
AKID = BASE + "id/"
AKDOC = BASE + "doc/"
AKEV = BASE + "evidence/"
AKST = BASE + "statement/"
AKDEC = BASE + "decision/"
AKGRAPH = BASE + "graph/"
AKDERIVED = BASE + "derived#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

ONTOLOGY_GRAPH = AKGRAPH + "ontology"
INFERRED_GRAPH = AKGRAPH + "inferred"
#: the reviewed identity decisions of graph/identities.yaml, as provenance
IDENTITIES_GRAPH = AKGRAPH + "identities"
#: derived tables the build computes for the queries (an index of the data, not data):
#: "the nation of X" (`alliance_kg.nations`), with its terms in the `AKDERIVED` namespace
NATIONS_GRAPH = AKGRAPH + "nations"
#: rdfs:subClassOf and ak:componentOf at any depth (`alliance_kg.hierarchy`)
HIERARCHY_GRAPH = AKGRAPH + "hierarchy"
#: ak:collaboratesWith in both directions, each pair once (`alliance_kg.partners`)
PARTNERS_GRAPH = AKGRAPH + "partners"


def document_graph(doc_id: str) -> str:
    """IRI of the named graph that holds one document's facts and provenance."""
    return f"{AKGRAPH}doc/{doc_id}"


def import_graph(name: str) -> str:
    """IRI of the named graph that holds one imported RDF file's triples (``graph/imports``)."""
    return f"{AKGRAPH}import/{name}"


#: prefixes written into every Turtle export, in this order
PREFIXES: dict[str, str] = {
    "ak": AK,
    "akid": AKID,
    "akdoc": AKDOC,
    "akev": AKEV,
    "akst": AKST,
    "akdec": AKDEC,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
}


_LOCAL_NAME = re.compile(r"[\w-]+")


def short(iri: str, *, bare_ak: bool = False) -> str:
    """An IRI with the project's prefixes (``akid:japan``, ``ak:Nation``), else ``<iri>``.

    The one IRI-shortening helper: messages, tables and reports all print IRIs through it.
    A local part that would not be a valid prefixed name keeps the full ``<iri>`` form. With
    `bare_ak`, ontology terms lose their ``ak:`` (``Nation``), as sentences name them.

    Examples
    --------
    >>> short("https://w3id.org/alliance-kg/ontology#Nation")
    'ak:Nation'
    >>> short("https://w3id.org/alliance-kg/ontology#Nation", bare_ak=True)
    'Nation'
    >>> short("https://example.org/x")
    '<https://example.org/x>'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri[len(ns) :]):
            return iri[len(ns) :] if bare_ak and prefix == "ak" else f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"
