"""N-Triples: one sorted line per triple, the easiest format to diff and to stream."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from ..store import export_graphs


def dump(store: ox.Store, fh: BinaryIO, *, inferred: bool = False) -> None:
    """Write the union of the document graphs (and the inferred graph), sorted, no duplicates."""
    lines: set[bytes] = set()
    for graph in export_graphs(store, inferred):
        for q in store.quads_for_pattern(None, None, None, graph):
            lines.add(ox.serialize([q.triple], format=ox.RdfFormat.N_TRIPLES))
    fh.writelines(sorted(lines))
