"""Store → NetworkX: entities as nodes, relations as typed edges that carry their evidence.

The projection is a pure function of the store's content. Node ids are entity IRIs.

Graph attribute: ``styles`` (core class → (colour, vis shape), from the ontology's
``ak:displayColour`` / ``ak:displayShape``, in the contract's order), which the views draw with.

Node attributes: ``label``, ``cls`` (most specific ak: class, local name), ``core`` (its core
contract class), ``nations`` / ``nation_iris`` (every nation of the thing, by the one definition
in `nations_of`: itself, else what it belongs to through ``country`` / ``partOf`` / ``leaderOf``,
else where it lies through ``locatedIn`` too) and ``nation`` / ``nation_iri`` (the first of them;
a ``--nation`` filter matches any of them),
``party`` (True when its core class is a party class of the ontology: ``ak:partyClass``),
``aliases`` (sorted), ``documents`` (doc ids that mention it), and for investments ``amount``
(a Decimal in its own ``currency``, from ``ak:amount`` / ``ak:currency``), ``amount_usd`` (float,
only when the text gives US dollars), ``qualifier`` and ``aggregate`` (True for a total that
overlaps its parts); None when the text gives no amount.

Edge attributes (a `MultiDiGraph`, key = property local name): ``property``, ``label`` (the
property's label), ``evidence`` (list of dicts: document, sentence, quote, start, end, note),
``hedged`` (bool), ``inferred`` (True when only the inferred graph has it), ``imported`` (True
when an imported RDF file states it: such a fact has no sentence evidence), ``about`` (True for
``concerns``, its sub-properties and ``commitsTo``: a link to a subject matter, not a tie between
parties; see `SUBJECT_MATTER`), and on collapsed
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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

import networkx as nx
import pyoxigraph as ox

from ..errors import ProjectionOptionError, UnknownTermError
from ..evidence_table import evidence_rows, read_table
from ..namespaces import INFERRED_GRAPH, PREFIXES, import_graph
from ..nations import nation_table
from ..ontology import Vocabulary
from ..store import store_location

#: the edges `nary="edges"` creates, which the ontology does not define
COLLAPSED_PROPERTIES = frozenset({"investsIn", "commitsTo", "cosigned"})
#: the property whose object is what its subject is *about* (a topic, a place, or a party the
#: text speaks of, such as North Korea for a denuclearisation commitment), never a party to it;
#: it and its sub-properties (``sector``), and ``commitsTo`` collapsed from it, make ``about``
#: edges, which analyses of ties between parties (brokerage) do not follow
SUBJECT_MATTER = "concerns"

# prefixes (ak:, akid:, …) come from `namespaces.PREFIXES` through the engine, never pasted
#: the node queries: one DISTINCT query per attribute, never one query joining them all (the
#: OPTIONALs of one query multiply: labels × types × aliases × documents × graphs rows per entity)
_NODES = """
SELECT DISTINCT ?e ?label ?type WHERE {
  GRAPH ?g { ?e rdfs:label ?label ; a ?type . }
  FILTER(STRSTARTS(STR(?e), STR(akid:)))
}"""
_NODE_VALUES = {
    "alias": "SELECT DISTINCT ?e ?alias WHERE { GRAPH ?g { ?e skos:altLabel ?alias } }",
    "doc": "SELECT DISTINCT ?e ?doc WHERE { GRAPH ?g { ?e ak:mentionedIn ?doc } }",
    "usd": "SELECT DISTINCT ?e ?usd WHERE { GRAPH ?g { ?e ak:amountUSD ?usd } }",
    "amount": "SELECT DISTINCT ?e ?amount ?currency WHERE { GRAPH ?g { ?e ak:amount ?amount ; "
    "ak:currency ?currency } }",
    "qualifier": "SELECT DISTINCT ?e ?qualifier WHERE { GRAPH ?g { ?e ak:amountQualifier "
    "?qualifier } }",
    "aggregate": "SELECT DISTINCT ?e ?aggregate WHERE { GRAPH ?g { ?e ak:aggregate ?aggregate } }",
}

#: the relations of one object property (bound to ?p), one query per property: pyoxigraph then
#: reads the property's quads from its index instead of scanning every quad of the store, and
#: decodes only ?s ?o ?g (reading a term's text from an on-disk store is the cost: the one
#: query over ``?s ?p ?o`` with string filters took 12 s at 1M triples)
_EDGES = """
SELECT ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), STR(akid:)) && STRSTARTS(STR(?s), STR(akid:)))
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
    #: read each relation's evidence (sentence, quote, document, note) and hedge; the analyses
    #: that print none (centrality, communities, brokers, ego, money's table) skip it, the
    #: largest read of the store (22 s of the 42 s projection at 1M triples): every edge's
    #: ``evidence`` is then empty and ``hedged`` False
    evidence: bool = True

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


def _query(store: ox.Store, text: str, **bound: ox.NamedNode) -> Any:
    substitutions = {ox.Variable(k): v for k, v in bound.items()}
    return store.query(text, prefixes=PREFIXES, substitutions=substitutions or None)


def _read_nodes(store: ox.Store, vocab: Vocabulary, facts: _Facts) -> None:
    for row in _query(store, _NODES):
        e = row["e"].value
        facts.nodes.setdefault(
            e,
            {"label": row["label"].value, "aliases": set(), "documents": set(),
             "amount": None, "currency": None, "amount_usd": None, "qualifier": None,
             "aggregate": False},
        )  # fmt: skip
        if (t := vocab.name_of(row["type"].value)) is not None:
            facts.types[e].add(t)
    nodes = facts.nodes
    for kind, text in _NODE_VALUES.items():
        for row in _query(store, text):
            node = nodes.get(row["e"].value)
            if node is None:
                continue
            if kind == "alias":
                node["aliases"].add(row["alias"].value)
            elif kind == "doc":
                node["documents"].add(row["doc"].value.rsplit("/", 1)[-1])
            elif kind == "usd":
                node["amount_usd"] = float(row["usd"].value)
            elif kind == "amount":
                node["amount"] = Decimal(row["amount"].value)
                node["currency"] = row["currency"].value
            elif kind == "qualifier":
                node["qualifier"] = row["qualifier"].value
            elif row["aggregate"].value in ("true", "1"):
                node["aggregate"] = True


def _read_edges(store: ox.Store, vocab: Vocabulary, facts: _Facts, evidence: bool = True) -> None:
    """Entity–entity relations, asserted and inferred apart, each with its evidence."""
    inferred_graph = str(INFERRED_GRAPH)
    import_prefix = import_graph("")
    for p in sorted(vocab.object_properties - vocab.provenance_properties):
        for row in _query(store, _EDGES, p=ox.NamedNode(str(vocab.iri(p)))):
            g = row["g"].value
            triple = (row["s"].value, p, row["o"].value)
            (facts.inferred if g == inferred_graph else facts.asserted).add(triple)
            if g.startswith(import_prefix):
                facts.imported.add(triple)
    if evidence:
        _read_evidence(store, vocab, facts)


def _read_evidence(store: ox.Store, vocab: Vocabulary, facts: _Facts) -> None:
    """Each relation's evidence, sorted, and its hedge: from the build's evidence table when the
    store has one (`alliance_kg.evidence_table`), else from the store (one SPARQL join, so the
    engine joins on term ids and decodes only the columns it returns)."""
    where = store_location(store)
    rows = read_table(where) if where is not None else None
    if rows is None:
        rows = [row for rs in evidence_rows(store).values() for row in rs]
    name_of = vocab.name_of
    names: dict[str, str | None] = {}
    for s, p_iri, o, doc, sentence, quote, start, end, hedged, note in rows:
        p = names[p_iri] if p_iri in names else names.setdefault(p_iri, name_of(p_iri))
        if p is None:
            continue
        key = (s, p, o)
        facts.evidence[key].append(
            {"document": doc, "sentence": sentence, "quote": quote, "start": start, "end": end,
             "note": note}
        )  # fmt: skip
        if hedged:
            facts.hedged.add(key)
    for found in facts.evidence.values():
        if len(found) > 1:
            found.sort(key=_evidence_order)


def _evidence_order(ev: dict) -> tuple:
    """An edge's evidence in one order whatever the store's: by document, offsets, text."""
    return (ev["document"] or "", ev["start"], ev["end"], ev["sentence"], ev["quote"],
            ev["note"] or "")  # fmt: skip


def _styles(vocab: Vocabulary) -> dict[str, tuple[str, str]]:
    """Core class → (colour, shape) from the ontology, in the contract's order, for the views."""
    return {c: style for c in vocab.core_classes if (style := vocab.style(c)) is not None}


def nations_of(triples: Iterable[Triple], nation_iris: set[str]) -> dict[str, set[str]]:
    """Each thing's nations, by the one definition of "the nation of X" (docs/design.md),
    `alliance_kg.nations.nation_table`, which the build also writes into the nations table
    that the saved queries read.

    >>> n = nations_of([("trump", "leaderOf", "us"), ("tn", "locatedIn", "us"),
    ...                 ("typhon", "country", "us"), ("typhon", "locatedIn", "jp")], {"us", "jp"})
    >>> sorted((k, sorted(v)) for k, v in n.items())
    [('jp', ['jp']), ('tn', ['us']), ('trump', ['us']), ('typhon', ['us']), ('us', ['us'])]
    """
    return {e: set(found) for e, (_how, found) in nation_table(triples, nation_iris).items()}


def _nations(facts: _Facts, vocab: Vocabulary) -> dict[str, set[str]]:
    """A thing's nations (`nations_of`), over asserted and inferred relations."""
    nation_class = {t: vocab.is_a(t, "Nation") for ts in facts.types.values() for t in ts}
    nation_iris = {e for e, ts in facts.types.items() if any(nation_class[t] for t in ts)}
    return nations_of(facts.asserted | facts.inferred, nation_iris)


def _add_nodes(graph: nx.MultiDiGraph, facts: _Facts, vocab: Vocabulary) -> None:
    nations = _nations(facts, vocab)
    # what the vocabulary says of a set of types, asked once per set (a few dozen at 11k nodes)
    classes: dict[frozenset[str], tuple[str, str | None, bool, bool] | None] = {}
    for e, node in facts.nodes.items():
        types = frozenset(facts.types[e])
        if types not in classes:
            found = vocab.most_specific(types)
            classes[types] = None if found is None else (
                found, vocab.core_class(found), vocab.is_party(found), vocab.is_a(found, "Nation")
            )  # fmt: skip
        if (known := classes[types]) is None:
            continue
        cls, core, party, is_nation = known
        nation_iris = sorted({e} if is_nation else nations.get(e, set()))
        nation_iri = nation_iris[0] if nation_iris else None
        graph.add_node(
            e,
            label=node["label"],
            cls=cls,
            core=core,
            party=party,
            nation_iri=nation_iri,
            nation=facts.nodes[nation_iri]["label"] if nation_iri in facts.nodes else None,
            nations=[facts.nodes[n]["label"] for n in nation_iris if n in facts.nodes],
            nation_iris=nation_iris,
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

    about = str(vocab.iri(SUBJECT_MATTER))
    props = {p for _, p, _ in facts.asserted | facts.inferred}
    labels = {p: vocab.term(p).label for p in props}
    abouts = {p: about in vocab.superproperties(p) for p in props}

    def add(s: str, p: str, o: str, is_inferred: bool) -> None:
        if s in graph and o in graph:
            graph.add_edge(
                s, o, key=p, property=p, label=labels[p],
                evidence=facts.evidence.get((s, p, o), []), hedged=(s, p, o) in facts.hedged,
                inferred=is_inferred, about=abouts[p], imported=(s, p, o) in facts.imported,
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


def _whole(store: ox.Store, opts: ProjectionOptions) -> tuple[nx.MultiDiGraph, Vocabulary]:
    """The projection before any filter, and the vocabulary it was made with."""
    vocab = Vocabulary.from_store(store)
    opts.check(vocab)
    facts = _Facts()
    _read_nodes(store, vocab, facts)
    _read_edges(store, vocab, facts, opts.evidence)
    graph = nx.MultiDiGraph(styles=_styles(vocab))
    _add_nodes(graph, facts, vocab)
    _add_edges(graph, facts, vocab, opts.inferred)
    if opts.nary == "edges":
        _collapse(graph)
    return graph, vocab


def project(store: ox.Store, options: ProjectionOptions | None = None) -> nx.MultiDiGraph:
    """Project the store's entities and relations to a `MultiDiGraph` (see module doc)."""
    opts = options or ProjectionOptions()
    graph, vocab = _whole(store, opts)
    return _filter(graph, opts, vocab)


@dataclass(frozen=True)
class Selection:
    """What the entity filters (classes, nations) choose in a projection made without them."""

    kept: frozenset[str]  # the nodes that pass every entity filter
    excluded: frozenset[str]  # the nodes of a class --exclude-class names


def project_selecting(
    store: ox.Store, options: ProjectionOptions | None = None
) -> tuple[nx.MultiDiGraph, Selection | None]:
    """The projection with its property filters but not its entity filters (classes, nations),
    and what those filters select (None when there are none): for an analysis that must see the
    whole of an n-ary fact (all the parties and parts of an investment) and answer for the
    selected entities only (``analyse money --nation Japan``)."""
    opts = options or ProjectionOptions()
    graph, vocab = _whole(store, opts)
    entities = replace(opts, include_classes=None, exclude_classes=frozenset(), nations=None)
    if entities == opts:
        return _filter(graph, opts, vocab), None
    kept = frozenset(_filter(graph, opts, vocab).nodes)
    out = _filter(graph, entities, vocab)
    excluded = frozenset(
        n
        for n, d in out.nodes(data=True)
        if any(vocab.is_a(d["cls"], c) for c in opts.exclude_classes)
    )
    return out, Selection(kept, excluded)


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
    """Replace investment, commitment and agreement nodes by labelled edges between parties.

    Every replacement is read from the graph as it is before any node goes: removing them one
    by one made a node's evidence depend on the order (a tranche's ``componentOf`` edge to its
    total was gone when the total went first), and that order is the store's index order.
    """
    nary = [(n, d) for n, d in graph.nodes(data=True)
            if d["core"] in ("Investment", "Commitment", "Agreement")]  # fmt: skip
    added = []
    for node, data in nary:
        extra = {"via": node, "via_label": data["label"]}
        evidence = [ev for _, _, d in graph.out_edges(node, data=True) for ev in d["evidence"]]
        for s, p, o, more in _collapsed_edges(graph, node, data):
            added.append((s, o, f"{p}:{node}", dict(
                property=p, label=f"{p} ({data['label']})", evidence=evidence, hedged=False,
                inferred=False, about=p == "commitsTo", **extra, **more,
            )))  # fmt: skip
    gone = {node for node, _ in nary}
    graph.remove_nodes_from(gone)
    for s, o, key, attrs in added:
        if s not in gone and o not in gone:  # an edge to another replaced node went with it
            graph.add_edge(s, o, key=key, **attrs)


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


def _nationless_fact(data: dict) -> bool:
    """Not a party and of no nation: what `of_nations` keeps for the parties it is tied to."""
    return not data.get("party") and not data.get("nation_iris")


def of_nations(graph: nx.MultiDiGraph, nations: Iterable[str] | None) -> set[str] | None:
    """The nodes a ``--nation`` filter keeps (None: no filter); the one rule every verb uses.

    1. a node of one of `nations` (any of its ``nations`` / ``nation_iris``, names folded);
    2. a node that is not a party and has no nation of its own (an agreement, investment,
       commitment, programme…) linked directly, by a tie (not an ``about`` edge to a subject
       matter), to a node of rule 1: an agreement signed by a kept party, an investment whose
       investor or target is kept, a commitment made by a kept nation. A party without a
       nation (a company the text gives none) is of no nation, and stays out.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n, name in (("jp", "Japan"), ("kr", "Korea")):
    ...     g.add_node(n, nation=name, nations=[name], nation_iri=n, nation_iris=[n], party=True)
    >>> for n in ("deal", "topic", "talks", "firm"):
    ...     g.add_node(n, nation=None, nations=[], nation_iri=None, nation_iris=[],
    ...                party=n == "firm")
    >>> _ = g.add_edge("deal", "jp", key="signedBy", about=False)
    >>> _ = g.add_edge("firm", "jp", key="collaboratesWith", about=False)
    >>> _ = g.add_edge("talks", "jp", key="concerns", about=True)
    >>> _ = g.add_edge("deal", "topic", key="concerns", about=True)
    >>> sorted(of_nations(g, ["japan"]))
    ['deal', 'jp']
    """
    if nations is None:
        return None
    nations = list(nations)
    _check_nations(graph, nations)
    wanted = {n.casefold() for n in nations}
    own = {
        n
        for n, d in graph.nodes(data=True)
        if {str(x).casefold() for x in (*d.get("nation_iris", ()), *d.get("nations", ()))} & wanted
    }
    touching = {
        other
        for s, o, d in graph.edges(data=True)
        if not d.get("about")
        for node, other in ((s, o), (o, s))
        if node in own and other not in own and _nationless_fact(graph.nodes[other])
    }
    return own | touching


def _filter(graph: nx.MultiDiGraph, opts: ProjectionOptions, vocab: Vocabulary) -> nx.MultiDiGraph:
    def class_ok(cls: str) -> bool:
        if opts.include_classes is not None and not any(
            vocab.is_a(cls, c) for c in opts.include_classes
        ):
            return False
        return not any(vocab.is_a(cls, c) for c in opts.exclude_classes)

    kept_nations = of_nations(graph, opts.nations)
    keep = [
        n
        for n, d in graph.nodes(data=True)
        if class_ok(d["cls"]) and (kept_nations is None or n in kept_nations)
    ]
    out = graph.subgraph(keep).copy()
    drop = [
        (s, o, k)
        for s, o, k, d in out.edges(keys=True, data=True)
        if (opts.include_properties is not None and d["property"] not in opts.include_properties)
        or d["property"] in opts.exclude_properties
    ]
    out.remove_edges_from(drop)
    return out
