"""CSV: nodes.csv and edges.csv of the projection, for spreadsheets.

One row per entity and one per relation, flattened as for GraphML (lists joined with ``; ``,
evidence one line per span in one cell), with the labels of both ends beside their IRIs so a
sheet reads without lookups.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .base import ExportOptions, Rows, as_text, register, write_csv
from .flat import (
    EDGE_FLAGS,
    EDGE_NUMBERS,
    EDGE_TEXT,
    NODE_FLAGS,
    NODE_NUMBERS,
    NODE_TEXT,
    flat_graph,
    projection,
)

FILES = ("nodes.csv", "edges.csv")
NODE_COLUMNS = ("iri", *NODE_TEXT, *NODE_NUMBERS, *NODE_FLAGS)
EDGE_COLUMNS = ("source", "source_label", "target", "target_label", *EDGE_TEXT, "evidence_count",
                *EDGE_NUMBERS, *EDGE_FLAGS)  # fmt: skip


@register("csv", "graph", "CSV: nodes.csv + edges.csv of the projection", files=FILES)
def write(store: ox.Store, folder: Path, options: ExportOptions) -> None:
    """Write nodes.csv and edges.csv into `folder`."""
    graph = flat_graph(projection(store, options))
    nodes = Rows(list(NODE_COLUMNS))
    for node, d in graph.nodes(data=True):
        nodes.rows.append([node, *(as_text(d.get(c)) for c in NODE_COLUMNS[1:])])
    edges = Rows(list(EDGE_COLUMNS))
    for s, o, d in graph.edges(data=True):
        ends = {"source": s, "source_label": graph.nodes[s]["label"], "target": o,
                "target_label": graph.nodes[o]["label"]}  # fmt: skip
        edges.rows.append([as_text(ends[c] if c in ends else d.get(c)) for c in EDGE_COLUMNS])
    write_csv(folder / "nodes.csv", nodes)
    write_csv(folder / "edges.csv", edges)
