"""IRIs of the project: the ontology namespace, minted-resource bases and named graphs.

See docs/design.md, "Vocabulary and namespaces". Only IRI strings live here; terms themselves
are defined in ``ontology/alliance.ttl``.
"""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/alliance-kg/"
ONTOLOGY_IRI = BASE + "ontology"

AK = Namespace(ONTOLOGY_IRI + "#")
AKID = Namespace(BASE + "id/")
AKDOC = Namespace(BASE + "doc/")
AKEV = Namespace(BASE + "evidence/")
AKST = Namespace(BASE + "statement/")
AKDEC = Namespace(BASE + "decision/")
AKGRAPH = Namespace(BASE + "graph/")

ONTOLOGY_GRAPH = AKGRAPH["ontology"]
INFERRED_GRAPH = AKGRAPH["inferred"]
#: the reviewed identity decisions of graph/identities.yaml, as provenance
IDENTITIES_GRAPH = AKGRAPH["identities"]
#: derived tables the build computes for the queries (an index of the data, not data):
#: "the nation of X" (`alliance_kg.nations`), with its terms in the `AKDERIVED` namespace
NATIONS_GRAPH = AKGRAPH["nations"]
#: rdfs:subClassOf and ak:componentOf at any depth (`alliance_kg.hierarchy`)
HIERARCHY_GRAPH = AKGRAPH["hierarchy"]
#: ak:collaboratesWith in both directions, each pair once (`alliance_kg.partners`)
PARTNERS_GRAPH = AKGRAPH["partners"]
AKDERIVED = Namespace(BASE + "derived#")


def document_graph(doc_id: str) -> str:
    """IRI of the named graph that holds one document's facts and provenance."""
    return str(AKGRAPH[f"doc/{doc_id}"])


def import_graph(name: str) -> str:
    """IRI of the named graph that holds one imported RDF file's triples (``graph/imports``)."""
    return str(AKGRAPH[f"import/{name}"])


#: prefixes written into every Turtle export, in this order
PREFIXES: dict[str, str] = {
    "ak": str(AK),
    "akid": str(AKID),
    "akdoc": str(AKDOC),
    "akev": str(AKEV),
    "akst": str(AKST),
    "akdec": str(AKDEC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
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
