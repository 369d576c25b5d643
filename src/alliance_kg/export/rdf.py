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


def _nt(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""


def graph_lines(store: ox.Store, graph: ox.NamedNode) -> list[bytes]:
    """One named graph as sorted canonical N-Triples lines (no line ends), blank nodes canonical.

    pyoxigraph dumps the graph and the lines are sorted as bytes: no Python object per triple,
    which matters at a million triples. A graph with blank nodes (the ontology's) is relabelled
    first (`canonical`); ``_:`` in the dump is how one is spotted (a literal holding ``_:``
    only sends its graph down the same, slower, path).
    """
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
    if b"_:" in text:
        quads = canonical(list(store.quads_for_pattern(None, None, None, graph)))
        text = _nt(q.triple for q in quads)
    return sorted(set(text.splitlines()) - {b""})


def quad_lines(store: ox.Store, graph: ox.NamedNode, lines: list[bytes]) -> list[bytes]:
    """N-Triples lines of `graph` as N-Quads lines (the graph name before the final dot)."""
    name = f" <{graph.value}> .".encode()
    return [line[:-2] + name for line in lines]


def unique_sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """`triples` without duplicates, in N-Triples order."""
    lines = sorted(set(_nt(triples).splitlines()) - {b""})
    return list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)) if lines else []


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
    lines = quad_lines(store, graph, graph_lines(store, graph))
    return list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS)) if lines else []


def nquads_lines(store: ox.Store, options: ExportOptions) -> list[bytes]:
    """The selected graphs as N-Quads lines, graph by graph, each sorted."""
    return [
        line
        for g in selected_graphs(store, options)
        for line in quad_lines(store, g, graph_lines(store, g))
    ]


def ntriples_lines(store: ox.Store, options: ExportOptions) -> list[bytes]:
    """The union of the selected graphs as sorted N-Triples lines, without duplicates."""
    return sorted({line for g in selected_graphs(store, options) for line in graph_lines(store, g)})


def dataset(store: ox.Store, options: ExportOptions) -> list[ox.Quad]:
    """Every quad of the selected graphs, graph by graph (in `selected_graphs` order), sorted."""
    lines = nquads_lines(store, options)
    return list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS)) if lines else []


def triples(store: ox.Store, options: ExportOptions) -> list[ox.Triple]:
    """The union of the selected graphs as triples, without duplicates, sorted."""
    lines = ntriples_lines(store, options)
    return list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)) if lines else []
