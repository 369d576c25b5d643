"""GraphML: the projection for yEd, Cytoscape, Gephi and NetworkX, attributes flattened."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from .base import ExportOptions, register
from .flat import flat_graph, projection


@register("graphml", "graph", "GraphML: the projection (entities, relations), flat attributes")
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the projection as GraphML (node ids are entity IRIs, edge ids the properties)."""
    nx.write_graphml_xml(flat_graph(projection(store, options)), fh, encoding="utf-8")
