"""`alliance_kg.iris` (plain strings) and `alliance_kg.namespaces` (rdflib terms) name the same
IRIs, and the query path does not import rdflib (about 0.4 s of every CLI query's start-up)."""

from __future__ import annotations

import subprocess
import sys

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from alliance_kg import iris, namespaces


def test_w3c_prefixes_are_rdflibs() -> None:
    for ours, theirs in [
        (iris.RDF, RDF), (iris.RDFS, RDFS), (iris.OWL, OWL), (iris.XSD, XSD),
        (iris.SKOS, SKOS), (iris.PROV, PROV), (iris.DCTERMS, DCTERMS),
    ]:  # fmt: skip
        assert ours == str(theirs)


def test_namespaces_are_the_iris_as_rdflib_terms() -> None:
    for name in ("AK", "AKID", "AKDOC", "AKEV", "AKST", "AKDEC", "AKGRAPH", "AKDERIVED"):
        assert str(getattr(namespaces, name)) == getattr(iris, name)
        assert getattr(namespaces, name)["x"] == URIRef(getattr(iris, name) + "x")
    for name in ("ONTOLOGY_GRAPH", "INFERRED_GRAPH", "IDENTITIES_GRAPH", "NATIONS_GRAPH",
                 "HIERARCHY_GRAPH"):  # fmt: skip
        term = getattr(namespaces, name)
        assert isinstance(term, URIRef) and str(term) == getattr(iris, name)
    assert namespaces.document_graph("d") == str(namespaces.AKGRAPH["doc/d"])
    assert namespaces.import_graph("f") == str(namespaces.AKGRAPH["import/f"])
    assert namespaces.PREFIXES is iris.PREFIXES


def test_the_query_path_imports_no_rdflib() -> None:
    code = (
        "import sys\n"
        "import alliance_kg.query, alliance_kg.resolve, alliance_kg.derived, alliance_kg.cli\n"
        "print(sorted(m for m in ('rdflib', 'pyparsing') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
