"""RDF/XML: the union of the graphs for XML tools; with ``--profile owl``, for OWL tools.

RDF/XML has no named graphs: the selected graphs are written as one graph (a triple two graphs
hold, once). ``--profile owl`` (`owl.profile`) makes what Protégé and owlready2 read cleanly.
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .base import ExportOptions, register
from .rdf import triples


@register(
    "rdfxml", "rdf", "RDF/XML: the union of the graphs; --profile owl for OWL tools",
    profiles=("owl",),
)  # fmt: skip
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the selected graphs (or their OWL profile) as RDF/XML, sorted by subject."""
    if options.profile == "owl":
        from .owl import profile

        data = profile(store, options)
    else:
        data = triples(store, options)
    ox.serialize(data, fh, ox.RdfFormat.RDF_XML, prefixes=PREFIXES)
