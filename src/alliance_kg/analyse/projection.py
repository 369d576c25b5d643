"""Store → NetworkX: entities as nodes, relations as typed edges that carry their evidence.

The projection is a pure function of the store's content. Node ids are entity IRIs.

Graph attribute: ``styles`` (core class → (colour, vis shape), from the ontology's
``ak:displayColour`` / ``ak:displayShape``, in the contract's order), which the views draw with.

Node attributes: ``label``, ``cls`` (most specific ak: class, local name), ``core`` (its core
contract class), ``nation`` / ``nation_iri`` (via ``ak:country``, else a nation it is
``ak:locatedIn``, transitively; a nation is its own nation),
``party`` (True when its core class is a party class of the ontology: ``ak:partyClass``),
``aliases`` (sorted), ``documents`` (doc ids that mention it), and for investments ``amount``
(a Decimal in its own ``currency``, from ``ak:amount`` / ``ak:currency``), ``amount_usd`` (float,
only when the text gives US dollars), ``qualifier`` and ``aggregate`` (True for a total that
overlaps its parts); None when the text gives no amount.

Edge attributes (a `MultiDiGraph`, key = property local name): ``property``, ``label`` (the
property's label), ``evidence`` (list of dicts: document, sentence, quote, start, end),
``hedged`` (bool), ``inferred`` (True when only the inferred graph has it), ``imported`` (True
when an imported RDF file states it: such a fact has no sentence evidence), and on collapsed
edges ``via`` (the n-ary node's IRI), ``via_label``, ``amount``, ``currency``, ``amount_usd``,
``qualifier``.

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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import networkx as nx
import pyoxigraph as ox

from ..errors import ProjectionOptionError, UnknownTermError
from ..namespaces import INFERRED_GRAPH, PREFIXES, import_graph
from ..ontology import Vocabulary

#: the edges `nary="edges"` creates, which the ontology does not define
COLLAPSED_PROPERTIES = frozenset({"investsIn", "commitsTo", "cosigned"})

# prefixes (ak:, akid:, …) come from `namespaces.PREFIXES` through the engine, never pasted
_NODES = """
SELECT ?e ?label ?type ?alias ?doc ?amount ?currency ?usd ?qualifier ?aggregate WHERE {
  GRAPH ?g { ?e rdfs:label ?label ; a ?type . }
  FILTER(STRSTARTS(STR(?e), STR(akid:)))
  OPTIONAL { GRAPH ?g2 { ?e skos:altLabel ?alias } }
  OPTIONAL { GRAPH ?g3 { ?e ak:mentionedIn ?doc } }
  OPTIONAL { GRAPH ?g4 { ?e ak:amountUSD ?usd } }
  OPTIONAL { GRAPH ?g7 { ?e ak:amount ?amount ; ak:currency ?currency } }
  OPTIONAL { GRAPH ?g5 { ?e ak:amountQualifier ?qualifier } }
  OPTIONAL { GRAPH ?g6 { ?e ak:aggregate ?aggregate } }
}"""

_EDGES = """
SELECT ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?s), STR(akid:)))
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), STR(akid:)))
}"""

_EVIDENCE = """
SELECT ?s ?p ?o ?doc ?sentence ?quote ?start ?end ?hedged WHERE {
  GRAPH ?g {
    ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        prov:wasDerivedFrom ?docIri ; ak:evidence ?ev .
    ?ev ak:sentence ?sentence ; ak:quote ?quote ; ak:startOffset ?start ; ak:endOffset ?end .
    OPTIONAL { ?st ak:hedged ?hedged }
    OPTIONAL { ?docIri dcterms:identifier ?doc }
  }
}"""

Triple = tuple[str, str, str]


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

    def check(self, vocab: Vocabulary) -> None:
        """Raise `ProjectionOptionError` for a class or property the ontology does not define."""
        try:
            vocab.check(
                (self.include_classes or set()) | self.exclude_classes, vocab.classes, "class"
            )
            vocab.check(
                (self.include_properties or set()) | self.exclude_properties,
                vocab.object_properties | COLLAPSED_PROPERTIES,
                "property",
            )
        except UnknownTermError as exc:
            raise ProjectionOptionError(str(exc)) from None


@dataclass
class _Facts:
    """What the projection reads from the store, before any graph is made."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    asserted: set[Triple] = field(default_factory=set)
    inferred: set[Triple] = field(default_factory=set)
    evidence: dict[Triple, list[dict]] = field(default_factory=lambda: defaultdict(list))
    hedged: set[Triple] = field(default_factory=set)
    imported: set[Triple] = field(default_factory=set)  # stated by an imported RDF file


def _query(store: ox.Store, text: str) -> Any:
    return store.query(text, prefixes=PREFIXES)


def _read_nodes(store: ox.Store, vocab: Vocabulary, facts: _Facts) -> None:
    for row in _query(store, _NODES):
        e = row["e"].value
        node = facts.nodes.setdefault(
            e,
            {"label": row["label"].value, "aliases": set(), "documents": set(),
             "amount": None, "currency": None, "amount_usd": None, "qualifier": None,
             "aggregate": False},
        )  # fmt: skip
        if (t := vocab.name_of(row["type"].value)) is not None:
            facts.types[e].add(t)
        if row["alias"] is not None:
            node["aliases"].add(row["alias"].value)
        if row["doc"] is not None:
            node["documents"].add(row["doc"].value.rsplit("/", 1)[-1])
        if row["usd"] is not None:
            node["amount_usd"] = float(row["usd"].value)
        if row["amount"] is not None:
            node["amount"] = Decimal(row["amount"].value)
            node["currency"] = row["currency"].value
        if row["qualifier"] is not None:
            node["qualifier"] = row["qualifier"].value
        if row["aggregate"] is not None and row["aggregate"].value in ("true", "1"):
            node["aggregate"] = True


def _read_edges(store: ox.Store, vocab: Vocabulary, facts: _Facts) -> None:
    """Entity–entity relations, asserted and inferred apart, each with its evidence."""
    inferred_graph = str(INFERRED_GRAPH)
    import_prefix = import_graph("")
    for row in _query(store, _EDGES):
        p = vocab.name_of(row["p"].value)
        if p is None or p not in vocab.object_properties or p in vocab.provenance_properties:
            continue
        triple = (row["s"].value, p, row["o"].value)
        (facts.inferred if row["g"].value == inferred_graph else facts.asserted).add(triple)
        if row["g"].value.startswith(import_prefix):
            facts.imported.add(triple)
    for row in _query(store, _EVIDENCE):
        p = vocab.name_of(row["p"].value)
        if p is None:
            continue
        key = (row["s"].value, p, row["o"].value)
        facts.evidence[key].append(
            {
                "document": row["doc"].value if row["doc"] else None,
                "sentence": row["sentence"].value,
                "quote": row["quote"].value,
                "start": int(row["start"].value),
                "end": int(row["end"].value),
            }
        )
        if row["hedged"] is not None and row["hedged"].value == "true":
            facts.hedged.add(key)


def _styles(vocab: Vocabulary) -> dict[str, tuple[str, str]]:
    """Core class → (colour, shape) from the ontology, in the contract's order, for the views."""
    return {c: style for c in vocab.core_classes if (style := vocab.style(c)) is not None}


def _nations(facts: _Facts, vocab: Vocabulary) -> dict[str, set[str]]:
    """A thing's nations: its ak:country, else the nations it is (transitively) located in."""
    nation_iris = {e for e, ts in facts.types.items() if any(vocab.is_a(t, "Nation") for t in ts)}
    nations: dict[str, set[str]] = defaultdict(set)
    located = nx.DiGraph()
    for s, p, o in facts.asserted | facts.inferred:
        if p == "country":
            nations[s].add(o)
        elif p == "locatedIn":
            located.add_edge(s, o)
    for e in located:
        if e in nations or e in nation_iris:
            continue
        if found := nx.descendants(located, e) & nation_iris:
            nations[e] = found
    return nations


def _add_nodes(graph: nx.MultiDiGraph, facts: _Facts, vocab: Vocabulary) -> None:
    nations = _nations(facts, vocab)
    for e, node in facts.nodes.items():
        cls = vocab.most_specific(facts.types[e])
        if cls is None:
            continue
        nation_iris = {e} if vocab.is_a(cls, "Nation") else nations.get(e, set())
        nation_iri = sorted(nation_iris)[0] if nation_iris else None
        graph.add_node(
            e,
            label=node["label"],
            cls=cls,
            core=vocab.core_class(cls),
            party=vocab.is_party(cls),
            nation_iri=nation_iri,
            nation=facts.nodes[nation_iri]["label"] if nation_iri in facts.nodes else None,
            aliases=sorted(node["aliases"]),
            documents=sorted(node["documents"]),
            amount=node["amount"],
            currency=node["currency"],
            amount_usd=node["amount_usd"],
            qualifier=node["qualifier"],
            aggregate=node["aggregate"],
        )


def _add_edges(
    graph: nx.MultiDiGraph, facts: _Facts, vocab: Vocabulary, with_inferred: bool
) -> None:
    """Asserted relations, then optionally inferred ones that are not an asserted fact reversed."""

    def add(s: str, p: str, o: str, is_inferred: bool) -> None:
        if s in graph and o in graph:
            graph.add_edge(
                s, o, key=p, property=p, label=vocab.term(p).label,
                evidence=facts.evidence.get((s, p, o), []), hedged=(s, p, o) in facts.hedged,
                inferred=is_inferred, imported=(s, p, o) in facts.imported,
            )  # fmt: skip

    for s, p, o in sorted(facts.asserted):
        add(s, p, o, False)
    if not with_inferred:
        return
    for s, p, o in sorted(facts.inferred - facts.asserted):
        term = vocab.term(p)
        inverses = {vocab.name_of(i) for i in term.inverses}
        if any((o, inv, s) in facts.asserted for inv in inverses) or (
            term.symmetric and (o, p, s) in facts.asserted
        ):
            continue  # the same fact, read backwards
        add(s, p, o, True)


def project(store: ox.Store, options: ProjectionOptions | None = None) -> nx.MultiDiGraph:
    """Project the store's entities and relations to a `MultiDiGraph` (see module doc)."""
    opts = options or ProjectionOptions()
    vocab = Vocabulary.from_store(store)
    opts.check(vocab)
    facts = _Facts()
    _read_nodes(store, vocab, facts)
    _read_edges(store, vocab, facts)
    graph = nx.MultiDiGraph(styles=_styles(vocab))
    _add_nodes(graph, facts, vocab)
    _add_edges(graph, facts, vocab, opts.inferred)
    if opts.nary == "edges":
        _collapse(graph)
    return _filter(graph, opts, vocab)


def _ends(graph: nx.MultiDiGraph, node: str, prop: str, outgoing: bool = True) -> list[str]:
    if outgoing:
        return sorted({o for _, o, k in graph.out_edges(node, keys=True) if k == prop})
    return sorted({s for s, _, k in graph.in_edges(node, keys=True) if k == prop})


def _collapsed_edges(
    graph: nx.MultiDiGraph, node: str, data: dict
) -> list[tuple[str, str, str, dict]]:
    """The party → party edges that stand for one investment, commitment or agreement node."""
    core = data["core"]
    if core == "Investment":
        money = {k: data[k] for k in ("amount", "currency", "amount_usd", "qualifier")}
        return [
            (i, "investsIn", t, money)
            for i in _ends(graph, node, "investor")
            for t in _ends(graph, node, "target")
        ]
    if core == "Commitment":
        return [
            (c, "commitsTo", t, {})
            for c in _ends(graph, node, "committedBy")
            for t in _ends(graph, node, "concerns")
        ]
    if core == "Agreement":
        parties = _ends(graph, node, "signedBy")
        return [(a, "cosigned", b, {}) for i, a in enumerate(parties) for b in parties[i + 1 :]]
    return []


def _collapse(graph: nx.MultiDiGraph) -> None:
    """Replace investment, commitment and agreement nodes by labelled edges between parties."""
    for node, data in list(graph.nodes(data=True)):
        if data["core"] not in ("Investment", "Commitment", "Agreement"):
            continue
        edges = _collapsed_edges(graph, node, data)
        extra = {"via": node, "via_label": data["label"]}
        evidence = [ev for _, _, d in graph.out_edges(node, data=True) for ev in d["evidence"]]
        for s, p, o, more in edges:
            graph.add_edge(
                s, o, key=f"{p}:{node}", property=p, label=f"{p} ({data['label']})",
                evidence=evidence, hedged=False, inferred=False, **extra, **more,
            )  # fmt: skip
        graph.remove_node(node)


def _check_nations(graph: nx.MultiDiGraph, nations: Iterable[str]) -> None:
    """A --nation that names no nation of the graph is a typo, not an empty answer."""
    known = {
        str(v)
        for _, d in graph.nodes(data=True)
        for v in (d["nation"], d["nation_iri"])
        if v is not None
    }
    folded = {k.casefold() for k in known}
    for name in sorted(nations):
        if name.casefold() not in folded:
            labels = sorted({d["nation"] for _, d in graph.nodes(data=True) if d["nation"]})
            close = difflib.get_close_matches(name, labels, n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ProjectionOptionError(
                f"no nation {name!r} in the graph{hint} (nations: {', '.join(labels) or 'none'})"
            )


def _filter(graph: nx.MultiDiGraph, opts: ProjectionOptions, vocab: Vocabulary) -> nx.MultiDiGraph:
    def class_ok(cls: str) -> bool:
        if opts.include_classes is not None and not any(
            vocab.is_a(cls, c) for c in opts.include_classes
        ):
            return False
        return not any(vocab.is_a(cls, c) for c in opts.exclude_classes)

    wanted = {n.casefold() for n in opts.nations or ()}
    _check_nations(graph, opts.nations or ())

    def nation_ok(data: dict) -> bool:
        if opts.nations is None:
            return True
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
