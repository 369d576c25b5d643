"""N-Quads: one sorted line per quad; every document keeps its named graph."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from .base import ExportOptions, register
from .rdf import nquads_lines


@register("nquads", "rdf", "N-Quads: one line per quad, named graphs kept", named_graphs=True)
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the selected graphs as N-Quads, graph by graph, each sorted."""
    fh.writelines(line + b"\n" for line in nquads_lines(store, options))
