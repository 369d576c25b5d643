"""GEXF: the projection for Gephi, attributes flattened, nodes coloured by core class."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from .base import ExportOptions, register
from .flat import flat_graph, projection


def _rgb(colour: str) -> dict[str, int] | None:
    """``#rrggbb`` → GEXF's ``viz:color`` (None for anything else)."""
    if len(colour) == 7 and colour.startswith("#"):
        try:
            return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}
        except ValueError:
            return None
    return None


def gexf_graph(store: ox.Store, options: ExportOptions) -> nx.MultiDiGraph:
    """The flattened projection, with each node's core-class colour as ``viz`` and each edge's
    id ``property|source|target`` (stable, unlike NetworkX's running number)."""
    graph = flat_graph(projection(store, options))
    for _node, data in graph.nodes(data=True):
        if (rgb := _rgb(data["colour"])) is not None:
            data["viz"] = {"color": {**rgb, "a": 1.0}}
    for s, o, k, data in graph.edges(keys=True, data=True):
        data["id"] = f"{k}|{s}|{o}"
    return graph


@register("gexf", "graph", "GEXF: the projection for Gephi, coloured by core class")
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the projection as GEXF 1.2 (node ids are entity IRIs, labels their names).

    NetworkX's writer stamps today's date into ``<meta>``; it is left out, so the same store
    gives the same bytes on any day.
    """
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(gexf_graph(store, options))
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
    writer.write(fh)
