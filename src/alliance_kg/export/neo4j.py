"""Neo4j: the node and relationship CSV files that ``neo4j-admin database import`` reads.

``nodes.csv`` has one row per entity: ``id:ID`` (the entity IRI), ``:LABEL`` (its class and
every ak: class above it, so ``MATCH (o:Organisation)`` finds agencies), then typed properties
(``amount:double``, ``aliases:string[]``, ``party:boolean``, …). ``relationships.csv`` has one
row per relation: ``:START_ID``, ``:END_ID``, ``:TYPE`` (the ontology property: ``partOf``) and
the evidence as properties: parallel arrays ``evidence_documents``, ``evidence_quotes``,
``evidence_sentences``, ``evidence_starts``, ``evidence_ends`` (one item per span). Arrays (and
the labels) are split on `ARRAY_DELIMITER`, which an item never contains (a ``|`` in a text is
written ``¦``); texts may span lines. The folder's README.txt has the import command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from ..ontology import Vocabulary
from .base import ExportOptions, Rows, as_text, register, write_csv
from .flat import projection

ARRAY_DELIMITER = "|"
#: what an array item's own ``|`` becomes, so that splitting on the delimiter is exact
DELIMITER_STANDIN = "¦"
FILES = ("nodes.csv", "relationships.csv", "README.txt")

NODE_HEADER = ["id:ID", ":LABEL", "label", "class", "core", "nation", "nation_id",
               "aliases:string[]", "documents:string[]", "party:boolean", "amount:double",
               "currency", "amount_usd:double", "qualifier", "aggregate:boolean"]  # fmt: skip
RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE", "label", "hedged:boolean",
                       "inferred:boolean", "evidence_documents:string[]",
                       "evidence_quotes:string[]", "evidence_sentences:string[]",
                       "evidence_starts:long[]", "evidence_ends:long[]", "via", "via_label",
                       "amount:double", "currency", "amount_usd:double",
                       "qualifier"]  # fmt: skip

README = """Neo4j bulk-import files written by `alliance-kg export --format neo4j`.

  nodes.csv          one row per entity (id:ID = the entity IRI; :LABEL = its classes)
  relationships.csv  one row per relation (:TYPE = the ontology property), evidence as arrays

Import into a new, stopped database (Neo4j 5):

  neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \\
      --array-delimiter="|" --multiline-fields=true neo4j

Arrays and labels are separated by "|"; an item's own "|" is written as "¦".
"""


def _array(values: list[Any]) -> str:
    return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, DELIMITER_STANDIN) for v in values)


def labels(vocab: Vocabulary, cls: str) -> list[str]:
    """The class and every ak: class above it, by name, most specific first then sorted."""
    above = {vocab.name_of(iri) for iri in vocab.superclasses(cls)} - {None, cls}
    return [cls, *sorted(n for n in above if n is not None and n in vocab.classes)]


def node_rows(graph: nx.MultiDiGraph, vocab: Vocabulary) -> Rows:
    """nodes.csv: one row per entity, cells in `NODE_HEADER` order."""
    table = Rows(list(NODE_HEADER))
    for node in sorted(graph.nodes):
        d = graph.nodes[node]
        amount = None if d["amount"] is None else float(d["amount"])
        table.rows.append([
            node, _array(labels(vocab, d["cls"])), d["label"], d["cls"], d["core"] or "",
            d["nation"] or "", d["nation_iri"] or "", _array(d["aliases"]),
            _array(d["documents"]), as_text(d["party"]), as_text(amount), d["currency"] or "",
            as_text(d["amount_usd"]), d["qualifier"] or "", as_text(d["aggregate"]),
        ])  # fmt: skip
    return table


def relationship_rows(graph: nx.MultiDiGraph) -> Rows:
    """relationships.csv: one row per relation, its evidence as parallel arrays."""
    table = Rows(list(RELATIONSHIP_HEADER))
    for s, o, k in sorted(graph.edges(keys=True)):
        d = graph.edges[s, o, k]
        ev = sorted(d["evidence"], key=lambda e: (e["document"] or "", e["start"], e["end"]))
        amount = d.get("amount")
        table.rows.append([
            s, o, d["property"], d["label"], as_text(d["hedged"]), as_text(d["inferred"]),
            _array([e["document"] or "" for e in ev]), _array([e["quote"] for e in ev]),
            _array([e["sentence"] for e in ev]), _array([e["start"] for e in ev]),
            _array([e["end"] for e in ev]), d.get("via") or "", d.get("via_label") or "",
            as_text(None if amount is None else float(amount)), d.get("currency") or "",
            as_text(d.get("amount_usd")), d.get("qualifier") or "",
        ])  # fmt: skip
    return table


@register(
    "neo4j", "graph", "Neo4j: nodes.csv + relationships.csv for neo4j-admin import", files=FILES
)
def write(store: ox.Store, folder: Path, options: ExportOptions) -> None:
    """Write nodes.csv, relationships.csv and README.txt (the import command) into `folder`."""
    graph = projection(store, options)
    vocab = Vocabulary.from_store(store)
    write_csv(folder / "nodes.csv", node_rows(graph, vocab))
    write_csv(folder / "relationships.csv", relationship_rows(graph))
    (folder / "README.txt").write_text(README, encoding="utf-8")
