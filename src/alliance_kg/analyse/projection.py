"""Store → NetworkX: entities as nodes, relations as typed edges that carry their evidence.

The projection is a pure function of the store's content. Node ids are entity IRIs.

Node attributes: ``label``, ``cls`` (most specific ak: class, local name), ``core`` (its core
contract class), ``nation`` / ``nation_iri`` (via ``ak:country``, else a nation it is
``ak:locatedIn``, transitively; a nation is its own nation),
``aliases`` (sorted), ``documents`` (doc ids that mention it), and for investments ``amount_usd``
(float or None), ``qualifier`` and ``aggregate`` (True for a total that overlaps its parts).

Edge attributes (a `MultiDiGraph`, key = property local name): ``property``, ``label`` (the
property's label), ``evidence`` (list of dicts: document, sentence, quote, start, end),
``hedged`` (bool), ``inferred`` (True when only the inferred graph has it), and on collapsed
edges ``via`` (the n-ary node's IRI), ``via_label``, ``amount_usd``, ``qualifier``.

With ``nary="nodes"`` (the default) investments, commitments and agreements stay nodes, which
is faithful to the data (an investment has one amount, several investors and targets). With
``nary="edges"`` they are collapsed: each investor → target pair becomes an ``investsIn`` edge
with the investment's amount; each commitment becomes ``commitsTo`` edges from its parties to
what it concerns; each agreement becomes ``cosigned`` edges between its signatories.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import InputError
from ..namespaces import AK, INFERRED_GRAPH, ONTOLOGY_GRAPH
from ..ontology import Vocabulary, vocabulary_from_graph
from ..store import from_ox

_AK = str(AK)
_SKIP_PROPERTIES = {"evidence", "inDocument", "mentionedIn"}

_NODES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
SELECT ?e ?label ?type ?alias ?doc ?usd ?qualifier ?aggregate WHERE {
  GRAPH ?g { ?e rdfs:label ?label ; a ?type . }
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/alliance-kg/id/"))
  OPTIONAL { GRAPH ?g2 { ?e skos:altLabel ?alias } }
  OPTIONAL { GRAPH ?g3 { ?e ak:mentionedIn ?doc } }
  OPTIONAL { GRAPH ?g4 { ?e ak:amountUSD ?usd } }
  OPTIONAL { GRAPH ?g5 { ?e ak:amountQualifier ?qualifier } }
  OPTIONAL { GRAPH ?g6 { ?e ak:aggregate ?aggregate } }
}"""

_EDGES = """
SELECT ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/alliance-kg/id/"))
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/alliance-kg/id/"))
}"""

_EVIDENCE = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ak: <https://w3id.org/alliance-kg/ontology#>
SELECT ?s ?p ?o ?doc ?sentence ?quote ?start ?end ?hedged WHERE {
  GRAPH ?g {
    ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        prov:wasDerivedFrom ?docIri ; ak:evidence ?ev .
    ?ev ak:sentence ?sentence ; ak:quote ?quote ; ak:startOffset ?start ; ak:endOffset ?end .
    OPTIONAL { ?st ak:hedged ?hedged }
    OPTIONAL { ?docIri dcterms:identifier ?doc }
  }
}"""


@dataclass(frozen=True)
class ProjectionOptions:
    """What to project. Class and property names are ak: local names; nations are labels or IRIs.

    A class filter matches subclasses too (``include_classes={"Organisation"}`` keeps agencies,
    companies and institutes).
    """

    nary: Literal["nodes", "edges"] = "nodes"
    include_classes: frozenset[str] | None = None
    exclude_classes: frozenset[str] = frozenset()
    nations: frozenset[str] | None = None
    include_properties: frozenset[str] | None = None
    exclude_properties: frozenset[str] = frozenset()
    inferred: bool = False


class ProjectionOptionError(InputError):
    """A class or property filter names no term of the ontology."""


def _check_names(names: Iterable[str], known: frozenset[str], what: str) -> None:
    for name in sorted(names):
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ProjectionOptionError(f"unknown {what} {name!r}{hint}")


def _local(iri: str) -> str | None:
    return iri[len(_AK) :] if iri.startswith(_AK) else None


def _ontology(store: ox.Store) -> Graph:
    graph = Graph()
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return graph


def _most_specific(types: Iterable[str], vocab: Vocabulary) -> str | None:
    classes = [t for t in types if t in vocab.classes]
    for cls in sorted(classes):
        if not any(other != cls and vocab.is_a(other, cls) for other in classes):
            return cls
    return None


def project(store: ox.Store, options: ProjectionOptions | None = None) -> nx.MultiDiGraph:
    """Project the store's entities and relations to a `MultiDiGraph` (see module doc)."""
    opts = options or ProjectionOptions()
    onto = _ontology(store)
    vocab = vocabulary_from_graph(onto)
    _check_names((opts.include_classes or set()) | opts.exclude_classes, vocab.classes, "class")
    _check_names(
        (opts.include_properties or set()) | opts.exclude_properties,
        vocab.object_properties | {"investsIn", "commitsTo", "cosigned"},
        "property",
    )
    inverse: dict[str, str] = {}
    symmetric: set[str] = set()
    prop_labels: dict[str, str] = {}
    for name in vocab.object_properties:
        iri = AK[name]
        label = onto.value(iri, RDFS.label)
        prop_labels[name] = str(label) if label else name
        for other in onto.objects(iri, OWL.inverseOf):
            if (o := _local(str(other))) is not None:
                inverse[name], inverse[o] = o, name
        if (iri, RDF.type, OWL.SymmetricProperty) in onto:
            symmetric.add(name)

    # --- nodes -----------------------------------------------------------------------------
    types: dict[str, set[str]] = defaultdict(set)
    attrs: dict[str, dict] = {}
    for row in store.query(_NODES):
        e = row["e"].value
        node = attrs.setdefault(
            e,
            {"label": row["label"].value, "aliases": set(), "documents": set(),
             "amount_usd": None, "qualifier": None, "aggregate": False},
        )  # fmt: skip
        if (t := _local(row["type"].value)) is not None:
            types[e].add(t)
        if row["alias"] is not None:
            node["aliases"].add(row["alias"].value)
        if row["doc"] is not None:
            node["documents"].add(row["doc"].value.rsplit("/", 1)[-1])
        if row["usd"] is not None:
            node["amount_usd"] = float(row["usd"].value)
        if row["qualifier"] is not None:
            node["qualifier"] = row["qualifier"].value
        if row["aggregate"] is not None and row["aggregate"].value in ("true", "1"):
            node["aggregate"] = True

    # --- edges: asserted first, then inferred ones that add something ------------------------
    asserted: set[tuple[str, str, str]] = set()
    inferred: set[tuple[str, str, str]] = set()
    inferred_graph = str(INFERRED_GRAPH)
    for row in store.query(_EDGES):
        p = _local(row["p"].value)
        if p is None or p not in vocab.object_properties or p in _SKIP_PROPERTIES:
            continue
        triple = (row["s"].value, p, row["o"].value)
        (inferred if row["g"].value == inferred_graph else asserted).add(triple)
    evidence: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    hedged: set[tuple[str, str, str]] = set()
    for row in store.query(_EVIDENCE):
        p = _local(row["p"].value)
        if p is None:
            continue
        key = (row["s"].value, p, row["o"].value)
        evidence[key].append(
            {
                "document": row["doc"].value if row["doc"] else None,
                "sentence": row["sentence"].value,
                "quote": row["quote"].value,
                "start": int(row["start"].value),
                "end": int(row["end"].value),
            }
        )
        if row["hedged"] is not None and row["hedged"].value == "true":
            hedged.add(key)

    # a thing's nation: its ak:country, else a nation it is (transitively) located in
    nation_iris = {e for e, ts in types.items() if any(vocab.is_a(t, "Nation") for t in ts)}
    nations: dict[str, set[str]] = defaultdict(set)
    located: dict[str, set[str]] = defaultdict(set)
    for s, p, o in asserted | inferred:
        if p == "country":
            nations[s].add(o)
        elif p == "locatedIn":
            located[s].add(o)
    for e in list(located):
        if e in nations or e in nation_iris:
            continue
        seen, todo = set(), [e]
        while todo:
            for place in located.get(todo.pop(), ()):
                if place not in seen:
                    seen.add(place)
                    todo.append(place)
        if found := {p for p in seen if p in nation_iris}:
            nations[e] = found

    graph = nx.MultiDiGraph()
    for e, node in attrs.items():
        cls = _most_specific(types[e], vocab)
        if cls is None:
            continue
        core = vocab.core_class(cls)
        nation_iris = {e} if vocab.is_a(cls, "Nation") else nations.get(e, set())
        nation_iri = sorted(nation_iris)[0] if nation_iris else None
        graph.add_node(
            e,
            label=node["label"],
            cls=cls,
            core=core,
            nation_iri=nation_iri,
            nation=None,  # filled below, once every label is known
            aliases=sorted(node["aliases"]),
            documents=sorted(node["documents"]),
            amount_usd=node["amount_usd"],
            qualifier=node["qualifier"],
            aggregate=node["aggregate"],
        )
    for _n, data in graph.nodes(data=True):
        if data["nation_iri"] in attrs:
            data["nation"] = attrs[data["nation_iri"]]["label"]

    def add_edge(s: str, p: str, o: str, *, is_inferred: bool, **extra: object) -> None:
        if s not in graph or o not in graph:
            return
        graph.add_edge(
            s,
            o,
            key=p,
            property=p,
            label=prop_labels.get(p, p),
            evidence=evidence.get((s, p, o), []),
            hedged=(s, p, o) in hedged,
            inferred=is_inferred,
            **extra,
        )

    for s, p, o in sorted(asserted):
        add_edge(s, p, o, is_inferred=False)
    if opts.inferred:
        for s, p, o in sorted(inferred - asserted):
            if (o, inverse.get(p, ""), s) in asserted or (p in symmetric and (o, p, s) in asserted):
                continue  # the same fact, read backwards
            add_edge(s, p, o, is_inferred=True)

    if opts.nary == "edges":
        _collapse(graph, vocab)
    return _filter(graph, opts, vocab, attrs)


def _collapse(graph: nx.MultiDiGraph, vocab: Vocabulary) -> None:
    """Replace investment, commitment and agreement nodes by labelled edges between parties."""

    def ends(node: str, prop: str, outgoing: bool = True) -> list[str]:
        if outgoing:
            return sorted({o for _, o, k in graph.out_edges(node, keys=True) if k == prop})
        return sorted({s for s, _, k in graph.in_edges(node, keys=True) if k == prop})

    for node, data in list(graph.nodes(data=True)):
        core = data["core"]
        extra = {"via": node, "via_label": data["label"]}
        if core == "Investment":
            edges = [
                (
                    i,
                    "investsIn",
                    t,
                    {"amount_usd": data["amount_usd"], "qualifier": data["qualifier"]},
                )
                for i in ends(node, "investor")
                for t in ends(node, "target")
            ]
        elif core == "Commitment":
            edges = [
                (c, "commitsTo", t, {})
                for c in ends(node, "committedBy")
                for t in ends(node, "concerns")
            ]
        elif core == "Agreement":
            parties = ends(node, "signedBy")
            edges = [
                (a, "cosigned", b, {}) for i, a in enumerate(parties) for b in parties[i + 1 :]
            ]
        else:
            continue
        evidence = [ev for _, _, d in graph.out_edges(node, data=True) for ev in d["evidence"]]
        for s, p, o, more in edges:
            graph.add_edge(
                s, o, key=f"{p}:{node}", property=p, label=f"{p} ({data['label']})",
                evidence=evidence, hedged=False, inferred=False, **extra, **more,
            )  # fmt: skip
        graph.remove_node(node)


def _filter(
    graph: nx.MultiDiGraph, opts: ProjectionOptions, vocab: Vocabulary, attrs: dict
) -> nx.MultiDiGraph:
    def class_ok(cls: str) -> bool:
        if opts.include_classes is not None and not any(
            vocab.is_a(cls, c) for c in opts.include_classes
        ):
            return False
        return not any(vocab.is_a(cls, c) for c in opts.exclude_classes)

    def nation_ok(data: dict) -> bool:
        if opts.nations is None:
            return True
        wanted = {n.casefold() for n in opts.nations}
        return bool({str(data["nation_iri"]).casefold(), str(data["nation"]).casefold()} & wanted)

    keep = [n for n, d in graph.nodes(data=True) if class_ok(d["cls"]) and nation_ok(d)]
    out = graph.subgraph(keep).copy()
    drop = [
        (s, o, k)
        for s, o, k, d in out.edges(keys=True, data=True)
        if (opts.include_properties is not None and d["property"] not in opts.include_properties)
        or d["property"] in opts.exclude_properties
    ]
    out.remove_edges_from(drop)
    return out
