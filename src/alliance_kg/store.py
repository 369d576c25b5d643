"""The on-disk RDF store (pyoxigraph): open it, fill a new one, swap it in atomically.

This module is the only one that knows the store is pyoxigraph. The live store is a symlink
(``graph/store``) to one folder under ``graph/.stores/``; a build fills a fresh folder and
replaces the symlink with ``os.replace``, so readers see either the old store or the new one.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import XSD

from .errors import StoreError
from .namespaces import AKGRAPH, IDENTITIES_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH

MANIFEST = "alliance-kg-manifest.json"
#: the build's evidence table beside a store (`alliance_kg.evidence_table`)
EVIDENCE_TABLE = "evidence.json"
_XSD_STRING = str(XSD.string)
_DATATYPES: dict[Node, Any] = {}  # datatype IRI -> its pyoxigraph NamedNode


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        dt = term.datatype
        if dt and dt != _XSD_STRING:
            node = _DATATYPES.get(dt)
            if node is None:  # a handful of datatypes: parse each IRI once
                node = _DATATYPES.setdefault(dt, ox.NamedNode(str(dt)))
            return ox.Literal(str(term), datatype=node)
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (xsd:string literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return (
            Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
        )
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


def quads_to_ox(quads: Iterable[tuple[Node, Node, Node, Node]]) -> Iterator[Any]:
    """rdflib quads (s, p, o, graph) as pyoxigraph `Quad` objects."""
    for s, p, o, g in quads:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))


@contextlib.contextmanager
def open_store(path: Path, *, read_only: bool = True) -> Iterator[ox.Store]:
    """Open the store at `path` (following the ``graph/store`` symlink); close it on exit."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no store here; run `alliance-kg build` first")
    store = _open(path, read_only)
    if not read_only:  # what is written now is not in the build's evidence table: it goes
        (path / EVIDENCE_TABLE).unlink(missing_ok=True)
    _LOCATIONS[id(store)] = path
    try:
        yield store
    finally:
        _LOCATIONS.pop(id(store), None)
        del store
        gc.collect()  # pyoxigraph releases its lock when the object is freed


def _open(path: Path, read_only: bool) -> ox.Store:
    """Open the folder `path` leads to; if a build swapped the link and deleted that folder
    meanwhile (a reader racing a build), open the folder the link leads to now."""
    target = path.resolve()
    try:
        return ox.Store.read_only(str(target)) if read_only else ox.Store(str(target))
    except OSError as exc:
        error = StoreError(f"{path}: cannot open the store: {exc}")
        now = path.resolve()
        if now == target or not now.exists():
            raise error from None
    try:
        return ox.Store.read_only(str(now)) if read_only else ox.Store(str(now))
    except OSError:
        raise error from None


#: id of each store `open_store` has open -> its folder (pyoxigraph's Store cannot say)
_LOCATIONS: dict[int, Path] = {}


def store_location(store: ox.Store) -> Path | None:
    """The folder of a store opened by `open_store` (None for an in-memory store): a query
    that must be stoppable runs in a child process on that folder."""
    return _LOCATIONS.get(id(store))


def document_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The named graphs that hold documents' facts, sorted by IRI."""
    prefix = str(AKGRAPH["doc/"])
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    return sorted((g for g in graphs if g.value.startswith(prefix)), key=lambda g: g.value)


def import_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The named graphs of imported RDF files (`alliance-kg import`), sorted by IRI."""
    prefix = str(AKGRAPH["import/"])
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    return sorted((g for g in graphs if g.value.startswith(prefix)), key=lambda g: g.value)


def asserted_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The graphs of asserted data: the documents' graphs, the imports', then the identity
    decisions' (if the project has any): what the export holds and ``--asserted-only``
    queries see."""
    graphs = document_graphs(store) + import_graphs(store)
    if store.contains_named_graph(ox.NamedNode(str(IDENTITIES_GRAPH))):
        graphs.append(ox.NamedNode(str(IDENTITIES_GRAPH)))
    return graphs


def has_inferred_graph(store: ox.Store) -> bool:
    """Whether the store has the inferred graph (a build with reasoning writes one)."""
    return store.contains_named_graph(ox.NamedNode(str(INFERRED_GRAPH)))


def export_graphs(store: ox.Store, inferred: bool = False) -> list[ox.NamedNode]:
    """The asserted graphs, then the inferred graph if `inferred` and the store has one."""
    graphs = asserted_graphs(store)
    if inferred and has_inferred_graph(store):
        graphs.append(ox.NamedNode(str(INFERRED_GRAPH)))
    return graphs


def graph_to_rdflib(store: ox.Store, graphs: Iterable[ox.NamedNode]) -> Graph:
    """The union of `graphs` of the store as one rdflib `Graph`."""
    out = Graph()
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, g):
            out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return out


def ontology_graph(store: ox.Store) -> Graph:
    """The store's ontology graph (the ontology it was built with) as an rdflib `Graph`."""
    return graph_to_rdflib(store, [ox.NamedNode(str(ONTOLOGY_GRAPH))])


def write_store(folder: Path, quads: Iterable[Any]) -> None:
    """Create a new store in the empty `folder` and bulk-load `quads` into it."""
    folder.mkdir(parents=True, exist_ok=False)
    store = ox.Store(str(folder))
    try:
        store.bulk_extend(quads)
        store.flush()
    finally:
        del store
        gc.collect()


def copy_store(source: Path, folder: Path) -> None:
    """A new store in `folder` holding what the store at `source` holds, made cheaply.

    RocksDB checkpoints hard-link the immutable table files, so the copy costs little whatever
    the store's size; the copy is independent of the source (an incremental build edits it).
    """
    try:
        with open_store(source) as store:
            store.backup(str(folder))
    except OSError as exc:
        raise StoreError(f"{source}: cannot copy the store to {folder}: {exc}") from None


def describe_triples(
    store: ox.Store, nodes: Iterable[Node], predicate: URIRef | None = None
) -> Iterator[ox.Triple]:
    """Every triple of the document and import graphs whose subject is one of `nodes` (rdflib
    terms), only those with `predicate` if one is given (pyoxigraph triples), each once.

    One query per node (bound, not pasted in): the graphs are told apart inside the store, by
    the other graphs' names, and only distinct triples are read out; reading every quad of a
    nation that 700 documents describe, with its graph, was most of an add's validation at a
    million triples."""
    prefix = (str(AKGRAPH["doc/"]), str(AKGRAPH["import/"]))
    others = sorted(  # the store's own graphs: ontology, inferred, tables, identities
        str(g)
        for g in store.named_graphs()
        if not (isinstance(g, ox.NamedNode) and g.value.startswith(prefix))
    )
    where = f"FILTER(?g NOT IN ({', '.join(others)}))" if others else ""
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {where} }}"
    bound = {} if predicate is None else {ox.Variable("p"): to_ox(predicate)}
    for node in dict.fromkeys(nodes):
        if not isinstance(node, URIRef):
            continue
        subject = to_ox(node)
        for _s, p, o in store.query(query, substitutions={ox.Variable("s"): subject, **bound}):
            yield ox.Triple(subject, p, o)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Record what a store was built from (read back by `read_manifest`)."""
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def read_manifest(store_path: Path) -> dict[str, Any] | None:
    """The manifest of the live store at `store_path`, or None if there is none."""
    try:
        return json.loads((Path(store_path) / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def swap_in(link: Path, folder: Path) -> Path | None:
    """Point the symlink `link` at `folder` atomically; return the folder it pointed at before."""
    if link.exists() and not link.is_symlink():
        raise StoreError(
            f"{link} is a folder, not the symlink a build manages; move it away and build again"
        )
    old = link.resolve() if link.is_symlink() else None
    tmp = link.with_name(f".{link.name}.swap")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(os.path.relpath(folder, link.parent), tmp)
    os.replace(tmp, link)
    return old if old != folder.resolve() else None


def remove_orphan_stores(link: Path) -> list[Path]:
    """Delete store folders beside `link`'s target that no link points at (a killed build's).

    Call with the build lock held: only a build makes folders under ``.stores``. A folder that
    `alliance-kg serve` pins (`alliance_kg.lease`) is kept until the server stops.
    """
    from .lease import pinned_folders

    stores = link.parent / ".stores"
    live = link.resolve() if link.is_symlink() else None
    pinned = pinned_folders(link)
    removed = []
    for folder in sorted(stores.iterdir()) if stores.is_dir() else []:
        if folder.is_dir() and folder.resolve() != live and folder.resolve() not in pinned:
            remove_store(folder)
            removed.append(folder)
    return removed


def retire_store(link: Path, old: Path) -> bool:
    """Delete the store folder `old` that a build just swapped out, unless a server pins it
    (then the first build after the server stops deletes it); return whether it was deleted."""
    from .lease import pinned_folders

    if old.resolve() in pinned_folders(link):
        return False
    remove_store(old)
    return True


def remove_store(folder: Path) -> None:
    """Delete a store folder that is no longer live."""
    shutil.rmtree(folder, ignore_errors=True)
