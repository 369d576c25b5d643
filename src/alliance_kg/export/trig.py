"""TriG: like Turtle, but each document keeps its own named graph."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from ..store import document_graphs


def dump(store: ox.Store, fh: BinaryIO) -> None:
    """Write the document graphs of `store` to `fh` as TriG, graphs and quads sorted."""
    for graph in document_graphs(store):
        quads = sorted(store.quads_for_pattern(None, None, None, graph), key=str)
        ox.serialize(quads, fh, ox.RdfFormat.TRIG)
