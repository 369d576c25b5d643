"""Small hand-made graphs shaped like projections, where the right answer is known."""

from __future__ import annotations

import networkx as nx

from alliance_kg.ontology import load_vocabulary

from ..conftest import ROOT

#: the project's ontology says which core classes are parties (ak:partyClass)
VOCAB = load_vocabulary(ROOT / "ontology" / "alliance.ttl")


def add(g: nx.MultiDiGraph, node: str, core: str, nation: str | None = None, **extra) -> None:
    """A node with the attributes the projection gives (label = id, cls = core)."""
    party = VOCAB.is_party(core)
    g.add_node(node, label=node, cls=core, core=core, party=party, nation=nation, **extra)


def relate(g: nx.MultiDiGraph, s: str, p: str, o: str, sentence: str | None = None) -> None:
    """An edge with the attributes the projection gives, evidence optional."""
    evidence = [{"document": "hand", "sentence": sentence}] if sentence else []
    g.add_edge(s, o, key=p, property=p, label=p, evidence=evidence, hedged=False, inferred=False)


def two_camps() -> nx.MultiDiGraph:
    """Two national camps (four US bodies, four Japanese) joined only through one bridge, B.

    US1–US4 all collaborate with each other, so do JP1–JP4; B collaborates with US1 and JP1.
    """
    g = nx.MultiDiGraph()
    for side in ("US", "JP"):
        names = [f"{side}{i}" for i in range(1, 5)]
        for n in names:
            add(g, n, "Agency", {"US": "United States", "JP": "Japan"}[side])
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                relate(g, a, "collaboratesWith", b, f"{a} works with {b}.")
    add(g, "B", "Program")
    relate(g, "US1", "participatesIn", "B", "US1 joins B.")
    relate(g, "JP1", "participatesIn", "B", "JP1 joins B.")
    return g
