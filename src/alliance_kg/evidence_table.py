"""The evidence table: every relation's evidence, read once by the build, for the projection.

The projection gives each edge its evidence (sentence, quote, offsets, document, note) and hedge,
read from the reified statements of every named graph. From the on-disk store that read decodes
~700k quads at a million triples (about 20 s: ~20 µs a term); the same rows from the build's
in-memory store take a fraction of that. So the build writes them into a side file of the
store folder it makes, ``evidence.json`` (rows grouped by named graph), and the projection reads
that file instead of the store when it is there and belongs to the store (the build's digest,
as the folder's manifest records it).

Like the derived tables (`alliance_kg.derived`) it is an index, not data: SHACL, the reasoner,
exports and pushes never see it (it is not in the store). Unlike them it is kept per graph: an
incremental build copies the entries of the graphs it keeps and reads only the graphs it wrote.
Only the build writes store folders; a store opened for writing (`open_store(...,
read_only=False)`) loses its table, and is read from then on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .files import atomic_write
from .namespaces import PREFIXES
from .store import EVIDENCE_TABLE, MANIFEST

#: the side file in a store folder
TABLE = EVIDENCE_TABLE
_VERSION = 1

#: one row per piece of evidence of a reified statement, all of it in the statement's graph
#: (`alliance_kg.analyse.projection` read this from the store before there was a table)
EVIDENCE_QUERY = """
SELECT ?g ?s ?p ?o ?doc ?sentence ?quote ?start ?end ?hedged ?note WHERE {
  GRAPH ?g {
    ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        prov:wasDerivedFrom ?docIri ; ak:evidence ?ev .
    ?ev ak:sentence ?sentence ; ak:quote ?quote ; ak:startOffset ?start ; ak:endOffset ?end .
    OPTIONAL { ?st ak:hedged ?hedged }
    OPTIONAL { ?st ak:note ?note }
    OPTIONAL { ?docIri dcterms:identifier ?doc }
  }
}"""

#: a row: subject, predicate IRI, object, document id, sentence, quote, start, end, hedged, note
Row = tuple[str, str, str, str | None, str, str, int, int, bool, str | None]


def _value(term: Any) -> str | None:
    return None if term is None else term.value


def evidence_rows(store: ox.Store, graph: ox.NamedNode | None = None) -> dict[str, list[Row]]:
    """The evidence rows of `store` by named graph (only `graph`'s when given), each sorted."""
    bound = {ox.Variable("g"): graph} if graph is not None else None
    out: dict[str, list[Row]] = {}
    for r in store.query(EVIDENCE_QUERY, prefixes=PREFIXES, substitutions=bound):
        out.setdefault(r["g"].value, []).append(
            (
                r["s"].value,
                r["p"].value,
                r["o"].value,
                _value(r["doc"]),
                r["sentence"].value,
                r["quote"].value,
                int(r["start"].value),
                int(r["end"].value),
                r["hedged"] is not None and r["hedged"].value == "true",
                _value(r["note"]),
            )
        )
    for rows in out.values():
        rows.sort(key=lambda row: tuple("" if v is None else str(v) for v in row))
    return out


def _digest(folder: Path) -> str | None:
    try:
        return json.loads((folder / MANIFEST).read_text()).get("digest")
    except (OSError, ValueError, AttributeError):
        return None


def write_table(folder: Path, graphs: dict[str, list[Row]], digest: str) -> None:
    """Write the table of the store in `folder`, built from inputs with `digest`, atomically."""
    body = {"version": _VERSION, "digest": digest, "graphs": dict(sorted(graphs.items()))}
    with atomic_write(folder / TABLE) as fh:
        fh.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def derive_table(folder: Path, store: ox.Store, digest: str) -> None:
    """A full build: the table of every graph of `store` (the quads of the store in `folder`)."""
    write_table(folder, evidence_rows(store), digest)


def update_table(
    folder: Path,
    previous: Path,
    store: ox.Store,
    dropped: Iterable[str],
    written: Iterable[ox.NamedNode],
    digest: str,
) -> None:
    """An incremental build: the table of the store `previous` was copied from, less the graphs
    it `dropped`, with those it `written` read from `store` (the new one, in `folder`). Without
    a table there to start from (a store from before tables), every graph is read."""
    old = _read_graphs(previous, _digest(previous))
    if old is None:
        derive_table(folder, store, digest)
        return
    graphs = {g: rows for g, rows in old.items() if g not in set(dropped)}
    for g in written:
        graphs.pop(g.value, None)
        graphs.update(evidence_rows(store, g))
    write_table(folder, graphs, digest)


def _read_graphs(folder: Path, digest: str | None) -> dict[str, list[list[Any]]] | None:
    if digest is None:
        return None
    try:
        body = json.loads((folder / TABLE).read_bytes())
    except (OSError, ValueError):
        return None
    if (
        not isinstance(body, dict)
        or body.get("version") != _VERSION
        or body.get("digest") != digest
        or not isinstance(body.get("graphs"), dict)
    ):
        return None
    return body["graphs"]


def read_table(folder: Path) -> list[list[Any]] | None:
    """Every row of the table of the store in `folder` (None when it has none, or one that is
    not this build's: then read the store)."""
    folder = Path(folder).resolve()
    graphs = _read_graphs(folder, _digest(folder))
    if graphs is None:
        return None
    return [row for rows in graphs.values() for row in rows]
