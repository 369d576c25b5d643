"""What the RDF formats share: which graphs an export holds, and their quads in a fixed order.

Determinism: quads are sorted by (graph, subject, predicate, object) in N-Triples form, and the
only blank nodes (the ontology's unions, lists and property chains) are relabelled canonically
(`rdflib.compare.to_canonical_graph`), so the same store, or two stores built from the same
inputs, export to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from ..store import asserted_graphs, from_ox, has_inferred_graph, to_ox
from .base import ExportOptions


def selected_graphs(store: ox.Store, options: ExportOptions) -> list[ox.NamedNode]:
    """The named graphs `options` asks for: the ontology (with ``include_ontology``), then the
    asserted graphs (``asserted``/``all``), then the inferred graph (``inferred``/``all``)."""
    graphs: list[ox.NamedNode] = []
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    if options.include_ontology and store.contains_named_graph(ontology):
        graphs.append(ontology)
    if options.graph in ("asserted", "all"):
        graphs += asserted_graphs(store)
    if options.graph in ("inferred", "all") and has_inferred_graph(store):
        graphs.append(ox.NamedNode(str(INFERRED_GRAPH)))
    return graphs


def describe_graphs(store: ox.Store, options: ExportOptions) -> str:
    """In words, which graphs the export holds ("asserted + inferred + ontology")."""
    parts = {"asserted": ["asserted"], "inferred": ["inferred"], "all": ["asserted", "inferred"]}
    words = list(parts[options.graph])
    if options.include_ontology:
        words.append("ontology")
    return " + ".join(words)


def triple_key(t: ox.Triple | ox.Quad) -> tuple[str, str, str]:
    """Sort key of a triple: its terms in N-Triples form."""
    return str(t.subject), str(t.predicate), str(t.object)


def canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    """`quads` (of one graph) with blank nodes relabelled canonically; unchanged if none."""
    if not any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
    ):
        return quads
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    for q in quads:
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    name = quads[0].graph_name
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in to_canonical_graph(graph)]


def graph_quads(store: ox.Store, graph: ox.NamedNode) -> list[ox.Quad]:
    """One named graph's quads, blank nodes canonical, sorted."""
    quads = canonical(list(store.quads_for_pattern(None, None, None, graph)))
    return sorted(quads, key=triple_key)


def dataset(store: ox.Store, options: ExportOptions) -> list[ox.Quad]:
    """Every quad of the selected graphs, graph by graph (in `selected_graphs` order), sorted."""
    return [q for g in selected_graphs(store, options) for q in graph_quads(store, g)]


def triples(store: ox.Store, options: ExportOptions) -> list[ox.Triple]:
    """The union of the selected graphs as triples, without duplicates, sorted."""
    graphs = selected_graphs(store, options)
    return unique_sorted(q.triple for g in graphs for q in graph_quads(store, g))


def unique_sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """`triples` without duplicates, in N-Triples order."""
    return sorted(set(triples), key=triple_key)
