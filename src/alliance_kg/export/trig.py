"""TriG: like Turtle, but each document (and the inferred graph) keeps its own named graph."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .base import ExportOptions, register
from .rdf import dataset


@register("trig", "rdf", "TriG: Turtle with named graphs (one per document)", named_graphs=True)
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the selected graphs as TriG, graph by graph, each sorted, with the prefixes."""
    ox.serialize(dataset(store, options), fh, ox.RdfFormat.TRIG, prefixes=PREFIXES)


def dump(store: ox.Store, fh: BinaryIO, *, inferred: bool = False) -> None:
    """The asserted graphs (and with `inferred`, the inferred graph) as TriG."""
    write(store, fh, ExportOptions(graph="all" if inferred else "asserted"))
