"""IRIs of the project as rdflib terms: the ontology namespace, minted-resource bases, named graphs.

See docs/design.md, "Vocabulary and namespaces". Only IRIs live here; terms themselves are
defined in ``ontology/alliance.ttl``. The IRIs are those of `alliance_kg.iris` (plain strings,
no rdflib: what the query path imports); here they are rdflib ``Namespace`` / ``URIRef``
objects for the modules that build rdflib graphs. `PREFIXES`, `short`, `document_graph` and
`import_graph` are the same objects as there.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from . import iris
from .iris import BASE, ONTOLOGY_IRI, PREFIXES, document_graph, import_graph, short

__all__ = [
    "AK", "AKDEC", "AKDERIVED", "AKDOC", "AKEV", "AKGRAPH", "AKID", "AKST", "BASE",
    "HIERARCHY_GRAPH", "IDENTITIES_GRAPH", "INFERRED_GRAPH", "NATIONS_GRAPH", "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI", "PARTNERS_GRAPH", "PREFIXES", "document_graph", "import_graph", "short",
]  # fmt: skip

AK = Namespace(iris.AK)
AKID = Namespace(iris.AKID)
AKDOC = Namespace(iris.AKDOC)
AKEV = Namespace(iris.AKEV)
AKST = Namespace(iris.AKST)
AKDEC = Namespace(iris.AKDEC)
AKGRAPH = Namespace(iris.AKGRAPH)

ONTOLOGY_GRAPH = URIRef(iris.ONTOLOGY_GRAPH)
INFERRED_GRAPH = URIRef(iris.INFERRED_GRAPH)
#: the reviewed identity decisions of graph/identities.yaml, as provenance
IDENTITIES_GRAPH = URIRef(iris.IDENTITIES_GRAPH)
#: derived tables the build computes for the queries (an index of the data, not data):
#: "the nation of X" (`alliance_kg.nations`), with its terms in the `AKDERIVED` namespace
NATIONS_GRAPH = URIRef(iris.NATIONS_GRAPH)
#: rdfs:subClassOf and ak:componentOf at any depth (`alliance_kg.hierarchy`)
HIERARCHY_GRAPH = URIRef(iris.HIERARCHY_GRAPH)
#: ak:collaboratesWith in both directions, each pair once (`alliance_kg.partners`)
PARTNERS_GRAPH = URIRef(iris.PARTNERS_GRAPH)
AKDERIVED = Namespace(iris.AKDERIVED)
