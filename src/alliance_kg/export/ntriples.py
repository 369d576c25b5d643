"""N-Triples: one sorted line per triple, the easiest format to diff and to stream.

The union of the selected graphs (a triple two graphs hold is written once). With
``--profile owl`` the triples are those of `owl.profile` (what owlready2 reads besides RDF/XML).
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from .base import ExportOptions, register
from .rdf import ntriples_lines


@register(
    "ntriples", "rdf", "N-Triples: the union of the graphs, one sorted line per triple",
    profiles=("owl",),
)  # fmt: skip
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the selected graphs' triples as canonical N-Triples, sorted, no duplicates."""
    if options.profile == "owl":
        from .owl import profile

        ox.serialize(profile(store, options), fh, ox.RdfFormat.N_TRIPLES)
    else:
        fh.writelines(line + b"\n" for line in ntriples_lines(store, options))


def dump(store: ox.Store, fh: BinaryIO, *, inferred: bool = False) -> None:
    """The asserted graphs (and with `inferred`, the inferred graph) as N-Triples."""
    write(store, fh, ExportOptions(graph="all" if inferred else "asserted"))
