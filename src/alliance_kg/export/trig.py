"""TriG: like Turtle, but each document keeps its own named graph."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from ..store import export_graphs


def dump(store: ox.Store, fh: BinaryIO, *, inferred: bool = False) -> None:
    """Write the asserted graphs (documents, identity decisions) and, with `inferred`, the
    inferred graph of `store` as TriG, each graph sorted."""
    for graph in export_graphs(store, inferred):
        quads = sorted(store.quads_for_pattern(None, None, None, graph), key=str)
        ox.serialize(quads, fh, ox.RdfFormat.TRIG)
