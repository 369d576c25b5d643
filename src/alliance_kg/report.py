"""A brief of what a document (or the whole graph) establishes: the facts `report` prints.

A stage after the analyses: it projects the store once, keeps what the document states (its
entities, and the relations its evidence supports), and gathers, from the analyses themselves,
the parties by nation (a leader counts for the nation it leads), the agreements, the money (the
one money model), the key chains between parties of different nations with their sentences
(`analyse.paths`), the brokers (`analyse.brokers`), the dated items (`timeline`) and what only
this document states. `alliance_kg.visualise.report` draws it as one printable page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from .analyse import project
from .analyse.base import node_label, undirected
from .analyse.brokers import Broker, brokers
from .analyse.money import money
from .analyse.paths import Path, find_paths
from .money import Counted
from .timeline import Document, Timeline, timeline

NO_NATION = "(nation not stated)"
#: up to this many nodes, key chains are ranked on the whole graph, exactly as `analyse path`
EXACT_CHAINS_MAX_NODES = 2000


@dataclass(frozen=True)
class Party:
    """A party as the brief lists it under a nation: its label, class and how it counts."""

    iri: str
    label: str
    cls: str
    leader: bool = False


@dataclass(frozen=True)
class NationParties:
    """A nation and the parties the document names for it (its leaders among them)."""

    nation: str
    parties: tuple[Party, ...]
    named: bool  # the nation itself is an entity of the document


@dataclass(frozen=True)
class AgreementLine:
    """An agreement: its kind, parties (signatories, participants), subjects, dates, sentence."""

    iri: str
    label: str
    kind: str
    parties: tuple[str, ...]
    concerns: tuple[str, ...]
    when: tuple[str, ...]
    sentence: str | None


@dataclass(frozen=True)
class Fact:
    """A relation as the brief prints it: ``A –property→ B`` with a sentence."""

    source: str
    property: str
    target: str
    sentence: str | None
    document: str | None


@dataclass(frozen=True)
class DocumentCounts:
    """How much a document states, and how much of it no other document does."""

    document: Document
    entities: int
    facts: int
    own_entities: int
    own_facts: int


@dataclass(frozen=True)
class Novelty:
    """What only the document states (with ``--document``), or each document's share."""

    only_document: bool  # the graph has no other document: everything is this one's
    entities: tuple[str, ...] = ()
    entity_count: int = 0
    facts: tuple[Fact, ...] = ()
    fact_count: int = 0
    per_document: tuple[DocumentCounts, ...] = ()


@dataclass(frozen=True)
class Brief:
    """Everything the one-page brief shows, computed from the store."""

    title: str
    documents: tuple[Document, ...]
    document: str | None
    graph: nx.MultiDiGraph = field(repr=False)
    counts: dict[str, int]
    nations: tuple[NationParties, ...]
    agreements: tuple[AgreementLine, ...]
    commitments: dict[str, int]  # party label → how many commitments it makes
    money: Counted = field(repr=False)
    chains: tuple[Path, ...]
    brokers: tuple[Broker, ...]
    timeline: Timeline
    novelty: Novelty


def _evidence_docs(data: dict[str, Any]) -> set[str]:
    return {ev.get("document") for ev in data.get("evidence") or [] if ev.get("document")}


def document_graph(graph: nx.MultiDiGraph, document: str) -> nx.MultiDiGraph:
    """What `document` states: the entities it mentions and the relations its evidence supports."""
    out = nx.MultiDiGraph(**graph.graph)
    mentioned = [(n, d) for n, d in graph.nodes(data=True) if document in d.get("documents", ())]
    out.add_nodes_from(mentioned)
    for s, o, k, d in graph.edges(keys=True, data=True):
        if s in out and o in out and document in _evidence_docs(d):
            out.add_edge(s, o, key=k, **d)
    return out


def _ends(graph: nx.MultiDiGraph, node: Hashable, prop: str, *, incoming: bool = False) -> list:
    edges = graph.in_edges(node, data=True) if incoming else graph.out_edges(node, data=True)
    return sorted({(s if incoming else o) for s, o, d in edges if d.get("property") == prop},
                  key=lambda n: node_label(graph, n))  # fmt: skip


def nations_of(graph: nx.MultiDiGraph) -> tuple[NationParties, ...]:
    """The parties by nation; a person without a nation counts for the nation it leads."""
    by_nation: dict[str, list[Party]] = defaultdict(list)
    named = {d["label"] for _, d in graph.nodes(data=True) if d.get("core") == "Nation"}
    for n, d in graph.nodes(data=True):
        if not d.get("party") or d.get("core") == "Nation":
            continue
        led = [graph.nodes[t] for t in _ends(graph, n, "leaderOf")]
        nations = [t["label"] if t.get("core") == "Nation" else t.get("nation") for t in led]
        nations = [x for x in nations if x]
        leader = bool(nations)
        if not nations:
            nations = [d.get("nation") or NO_NATION]
        for nation in dict.fromkeys(nations):
            by_nation[nation].append(Party(str(n), d["label"], d.get("cls") or "", leader))
    for nation in named:
        by_nation.setdefault(nation, [])
    out = [
        NationParties(nation, tuple(sorted(ps, key=lambda p: (not p.leader, p.label))),
                      nation in named)
        for nation, ps in by_nation.items()
    ]  # fmt: skip
    return tuple(sorted(out, key=lambda x: (x.nation == NO_NATION, -len(x.parties), x.nation)))


def _first_sentence(graph: nx.MultiDiGraph, node: Hashable, props: tuple[str, ...]) -> str | None:
    edges = [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]
    edges.sort(key=lambda e: props.index(e[2]["property"]) if e[2].get("property") in props else 99)
    for *_, d in edges:
        for ev in d.get("evidence") or []:
            if ev.get("sentence"):
                return str(ev["sentence"])
    return None


def agreements_of(graph: nx.MultiDiGraph, tl: Timeline) -> tuple[AgreementLine, ...]:
    """The agreements of the graph with their parties, subjects and the dates the text gives."""
    when: dict[str, list[str]] = defaultdict(list)
    for e in tl.events:
        when[e.item].append(e.when)
    out = []
    for n, d in graph.nodes(data=True):
        if d.get("core") != "Agreement":
            continue
        parties = [*_ends(graph, n, "signedBy"), *_ends(graph, n, "participatesIn", incoming=True)]
        concerns = [*_ends(graph, n, "concerns"), *_ends(graph, n, "sector")]
        out.append(AgreementLine(
            str(n), d["label"], d.get("cls") or "Agreement",
            tuple(dict.fromkeys(node_label(graph, p) for p in parties)),
            tuple(dict.fromkeys(node_label(graph, c) for c in concerns)),
            tuple(sorted(set(when.get(str(n), [])))),
            _first_sentence(graph, n, ("signedBy", "participatesIn", "concerns")),
        ))  # fmt: skip
    return tuple(sorted(out, key=lambda a: (-len(a.parties), a.label)))


def key_chains(graph: nx.MultiDiGraph, *, n: int = 3, candidates: int = 10,
               max_length: int = 3) -> tuple[Path, ...]:  # fmt: skip
    """The best-ranked paths between the best-connected parties of different nations that are
    not linked directly, at most `n`, no endpoint twice (ranked as ``analyse path`` ranks).

    Distances come from one breadth-first search per candidate; paths (`find_paths`) are made
    only for the 2·`n` closest pairs, so the cost does not grow with the pairs.
    """
    u = undirected(graph)
    parties = [
        v for v, d in graph.nodes(data=True)
        if d.get("party") and d.get("core") != "Nation" and d.get("nation")
    ]  # fmt: skip
    parties.sort(key=lambda v: (-u.degree(v), node_label(graph, v)))
    top = parties[:candidates]
    pairs = []
    dist = {a: nx.single_source_shortest_path_length(u, a, cutoff=max_length) for a in top}
    for i, a in enumerate(top):
        for j in range(i + 1, len(top)):
            b = top[j]
            if b in dist[a] and graph.nodes[a]["nation"] != graph.nodes[b]["nation"] \
                    and dist[a][b] > 1:  # fmt: skip
                pairs.append((dist[a][b], i + j, a, b))
    pairs.sort(key=lambda p: p[:2])
    found = []
    for _, _, a, b in pairs[: 2 * n]:
        within = graph
        if graph.number_of_nodes() > EXACT_CHAINS_MAX_NODES:
            # every path of at most max_length steps runs through these nodes; `find_paths` on
            # them is spared the whole graph (its undirected view costs O(E) a call), and ranks
            # hubs by their degree among them
            near = [
                v for v, d in dist[a].items() if d + dist[b].get(v, max_length + 1) <= max_length
            ]
            within = graph.subgraph(near)
        result = find_paths(within, a, b, max_length=max_length, limit=1)
        if result.paths:
            found.append(result.paths[0])
    found.sort(key=lambda p: (p.length, round(p.hub_cost, 9), p.labels))
    chosen: list[Path] = []
    used: set[str] = set()
    for p in found:
        if p.nodes[0] in used or p.nodes[-1] in used:
            continue
        chosen.append(p)
        used |= {p.nodes[0], p.nodes[-1]}
        if len(chosen) == n:
            break
    return tuple(chosen)


def _fact(graph: nx.MultiDiGraph, s: Hashable, o: Hashable, d: dict[str, Any]) -> Fact:
    ev = (d.get("evidence") or [{}])[0]
    return Fact(node_label(graph, s), str(d.get("label") or d.get("property")),
                node_label(graph, o), ev.get("sentence"), ev.get("document"))  # fmt: skip


def novelty(full: nx.MultiDiGraph, tl_docs: tuple[Document, ...], document: str | None,
            all_docs: tuple[Document, ...], *, limit: int = 8) -> Novelty:  # fmt: skip
    """What only `document` states; without one, each document's share of the graph."""

    def own_entities(doc: str) -> list[Hashable]:
        return [n for n, d in full.nodes(data=True) if list(d.get("documents") or []) == [doc]]

    def own_facts(doc: str) -> list[tuple[Hashable, Hashable, dict]]:
        return [(s, o, d) for s, o, d in full.edges(data=True) if _evidence_docs(d) == {doc}]

    if document is None:
        rows = []
        for doc in all_docs:
            sub = document_graph(full, doc.id)
            own = (len(own_entities(doc.id)), len(own_facts(doc.id)))
            rows.append(DocumentCounts(doc, sub.number_of_nodes(), sub.number_of_edges(), *own))
        return Novelty(len(all_docs) <= 1, per_document=tuple(rows))
    if len(all_docs) <= 1:
        return Novelty(True)
    u = undirected(full)
    ents = sorted(own_entities(document),
                  key=lambda n: (not full.nodes[n].get("party"), -u.degree(n),
                                 node_label(full, n)))  # fmt: skip
    facts = own_facts(document)
    important = {"Agreement", "Investment", "Commitment", "Nation"}

    def weight(f: tuple[Hashable, Hashable, dict]) -> tuple:
        s, o, d = f
        ends = [full.nodes[s], full.nodes[o]]
        score = sum(bool(e.get("party")) or e.get("core") in important for e in ends)
        return (-score, node_label(full, s), str(d.get("property")), node_label(full, o))

    facts.sort(key=weight)
    return Novelty(
        False,
        tuple(node_label(full, n) for n in ents[: limit * 2]),
        len(ents),
        tuple(_fact(full, s, o, d) for s, o, d in facts[:limit]),
        len(facts),
    )


def brief(store: ox.Store, *, document: str | None = None) -> Brief:
    """The brief of `document` (a document id), or of the whole graph without one."""
    tl = timeline(store, document=document)
    all_docs = timeline(store).documents if document is not None else tl.documents
    full = project(store)
    graph = document_graph(full, document) if document is not None else full
    cores = Counter(d.get("core") for _, d in graph.nodes(data=True))
    counts = {"entities": graph.number_of_nodes(), "facts": graph.number_of_edges(),
              "agreements": cores["Agreement"], "commitments": cores["Commitment"],
              "investments": cores["Investment"]}  # fmt: skip
    commitments: Counter[str] = Counter()
    for n, d in graph.nodes(data=True):
        if d.get("core") == "Commitment":
            for p in _ends(graph, n, "committedBy"):
                commitments[node_label(graph, p)] += 1
    if document is not None:
        doc = next(d for d in tl.documents if d.id == document)
        title = doc.name
    else:
        title = (tl.documents[0].name if len(tl.documents) == 1
                 else f"{len(tl.documents)} documents")  # fmt: skip
    return Brief(
        title=title,
        documents=tl.documents,
        document=document,
        graph=graph,
        counts=counts,
        nations=nations_of(graph),
        agreements=agreements_of(graph, tl),
        commitments=dict(commitments.most_common()),
        money=money(graph),
        chains=key_chains(graph),
        brokers=tuple(brokers(graph, top=5)),
        timeline=tl,
        novelty=novelty(full, tl.documents, document, all_docs),
    )
