"""What the graph formats share: the projection, with its attributes flattened for other tools.

The projection (`analyse.projection.project`) keeps lists (aliases, evidence), None for what a
node lacks, Decimals for amounts: NetworkX's GraphML and GEXF writers refuse those, and
spreadsheets and Neo4j want cells. `flat_graph` makes a `MultiDiGraph` whose attributes are
only str, float and bool: text attributes are always there ("" when empty), numbers only when
known; lists are joined (`JOIN`), evidence becomes text, one line per span. Nodes and edges are
inserted sorted, so the files come out the same each time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx
import pyoxigraph as ox

from ..analyse.projection import ProjectionOptions, project
from .base import ExportOptions

#: how lists (aliases, documents) are joined into one text attribute
JOIN = "; "

NODE_TEXT = ("label", "cls", "core", "nation", "nation_iri", "aliases", "documents", "currency",
             "qualifier", "colour")  # fmt: skip
NODE_NUMBERS = ("amount", "amount_usd")
NODE_FLAGS = ("party", "aggregate")
EDGE_TEXT = ("property", "label", "evidence", "documents", "via", "via_label", "currency",
             "qualifier")  # fmt: skip
EDGE_NUMBERS = ("amount", "amount_usd")
EDGE_FLAGS = ("hedged", "inferred")


def projection(store: ox.Store, options: ExportOptions) -> nx.MultiDiGraph:
    """The store's projection with the export's filters; ``--graph`` decides the edges:
    asserted ones, inferred ones only, or both."""
    opts = options.projection or ProjectionOptions()
    opts = replace(opts, inferred=options.graph in ("inferred", "all"))
    graph = project(store, opts)
    if options.graph == "inferred":
        graph.remove_edges_from(
            [(s, o, k) for s, o, k, d in graph.edges(keys=True, data=True) if not d["inferred"]]
        )
    return graph


def evidence_text(evidence: list[dict[str, Any]]) -> str:
    """Evidence spans as text, one line each: ``document [start-end]: quote``."""
    return "\n".join(
        f"{ev['document'] or ''} [{ev['start']}-{ev['end']}]: {ev['quote']}"
        for ev in sorted(evidence, key=lambda e: (e["document"] or "", e["start"], e["end"]))
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return JOIN.join(str(v) for v in value)
    return str(value)


def flat_node(data: dict[str, Any], styles: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """A projection node's attributes as str / float / bool only."""
    colour = styles.get(data.get("core") or "", ("", ""))[0]
    out: dict[str, Any] = {k: _text(colour if k == "colour" else data.get(k)) for k in NODE_TEXT}
    out.update({k: float(data[k]) for k in NODE_NUMBERS if data.get(k) is not None})
    out.update({k: bool(data.get(k)) for k in NODE_FLAGS})
    return out


def flat_edge(data: dict[str, Any]) -> dict[str, Any]:
    """A projection edge's attributes as str / float / bool only (evidence as text)."""
    evidence = data.get("evidence") or []
    docs = sorted({ev["document"] for ev in evidence if ev["document"]})
    values = {**data, "evidence": evidence_text(evidence), "documents": docs}
    out: dict[str, Any] = {k: _text(values.get(k)) for k in EDGE_TEXT}
    out["evidence_count"] = len(evidence)
    out.update({k: float(values[k]) for k in EDGE_NUMBERS if values.get(k) is not None})
    out.update({k: bool(values.get(k)) for k in EDGE_FLAGS})
    return out


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projection with flattened attributes, nodes and edges in sorted order."""
    styles = graph.graph.get("styles", {})
    out = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        out.add_node(node, **flat_node(graph.nodes[node], styles))
    for s, o, k in sorted(graph.edges(keys=True)):
        out.add_edge(s, o, key=k, **flat_edge(graph.edges[s, o, k]))
    return out
