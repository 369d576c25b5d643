"""Evaluating a checked query on an open store, and the child process that does it on a path.

This module imports nothing but pyoxigraph and the standard library, and the child runs it as
a script (``python …/child.py``), not as ``alliance_kg.query.child``: importing the package
would pull in rdflib and take most of a second, which every CLI query paid on top of its own
start-up. The parent (`run._run_in_child`) sends a pickled request on stdin and reads a pickled
``(kind, variables, data, boolean)`` from stdout; it kills the child after the time limit.

Which graphs a query sees (`graph_options`) is decided here too, for both paths.
"""

from __future__ import annotations

import io
import pickle
import re
import sys
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox


def _asserted(store: ox.Store, graphs: dict[str, str]) -> list[ox.NamedNode]:
    """The asserted graphs (documents, imports, identity decisions), as
    `alliance_kg.store.asserted_graphs` lists them, plus the ontology and the derived tables
    (nations, hierarchy, partners)."""
    named = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value
    )
    out = [g for g in named if g.value.startswith(graphs["doc"])]
    out += [g for g in named if g.value.startswith(graphs["import"])]
    for key in ("identities", "ontology", "nations", "hierarchy", "partners"):
        if store.contains_named_graph(node := ox.NamedNode(graphs[key])):
            out.append(node)
    return out


def graph_options(
    store: ox.Store, asserted_only: bool | None, graphs: dict[str, str]
) -> dict[str, Any]:
    """Which graphs a query sees: all (the distinct union a build writes into the default
    graph, else pyoxigraph's union of the named graphs), the asserted graphs plus the ontology
    and the derived tables, or (None) those its own FROM / FROM NAMED clauses name."""
    if asserted_only is None:
        return {}
    if not asserted_only:
        union = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        return {} if union is not None else {"use_default_graph_as_union": True}
    chosen = _asserted(store, graphs)
    return {"default_graph": chosen, "named_graphs": chosen}


def lacks_derived(store: ox.Store, text: str, graphs: dict[str, str]) -> bool:
    """Whether `text` reads the build's derived tables and the store lacks one of this
    version's (`missing_table`)."""
    relation = ox.NamedNode(graphs["partner-of"])
    return missing_table(
        text,
        graphs["derived"],
        lambda kind: store.contains_named_graph(ox.NamedNode(graphs[kind])),
        lambda: next(iter(store.quads_for_pattern(None, relation, None)), None) is not None,
    )


def missing_table(
    text: str, derived: str, has: Callable[[str], bool], collaborates: Callable[[], bool]
) -> bool:
    """Whether `text` reads the build's derived tables (names a term of `derived`) and the
    store, local or pushed, has none of this version's: no hierarchy table, which every build
    since it writes, or (for a text that names ``derived:partner``) no partners table while the
    data has an ``ak:collaboratesWith`` (an empty table is no graph). `has(kind)` says whether
    a table is there; `collaborates()` asks the data, only when needed."""
    if derived not in text:
        return False
    if not has("hierarchy"):
        return True
    if not re.search(r":partner\b", text) or has("partners"):
        return False
    return collaborates()


def evaluate(
    store: ox.Store,
    text: str,
    kind: str,
    subs: dict,
    asserted_only: bool | None,
    graphs: dict[str, str],
    prefixes: dict[str, str] | None = None,
    max_rows: int | None = None,
) -> tuple:
    """Run on an open store; return a picklable ``(kind, variables, data, boolean)``, or
    ``("error", "rows", max_rows, None)`` past `max_rows` rows or triples, or
    ``("error", "derived", …)`` when the query reads derived tables the store was built without."""
    if lacks_derived(store, text, graphs):
        return ("error", "derived", graphs["hierarchy"], None)
    try:
        result = store.query(
            text,
            substitutions=subs or None,
            prefixes=prefixes or None,
            **graph_options(store, asserted_only, graphs),
        )
        if kind == "select":
            variables = tuple(v.value for v in result.variables)
            data = _solutions_json(variables, result, max_rows)
            if data is None:
                return ("error", "rows", max_rows, None)
            return ("select", variables, data, None)
        if kind == "ask":
            return ("ask", (), b"", bool(result))
        triples = []
        for triple in result:
            if max_rows is not None and len(triples) >= max_rows:
                return ("error", "rows", max_rows, None)
            triples.append(triple)
        buf = io.BytesIO()
        ox.serialize(triples, buf, format=ox.RdfFormat.N_TRIPLES)
        return ("graph", (), buf.getvalue(), None)
    except SyntaxError as exc:
        return ("error", "syntax", str(exc), None)
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return ("error", "runtime", str(exc), None)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term_json(term: Any) -> dict[str, Any]:
    """One term as W3C SPARQL 1.1 (and SPARQL-star) results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _term_json(term.subject),
            "predicate": _term_json(term.predicate),
            "object": _term_json(term.object),
        },
    }


def _solutions_json(
    variables: tuple[str, ...], solutions: Any, max_rows: int | None
) -> bytes | None:
    """The solutions as results JSON, or None if there are more than `max_rows` of them
    (counted row by row, so a huge answer is never held whole)."""
    import json

    rows = []
    for solution in solutions:
        if max_rows is not None and len(rows) >= max_rows:
            return None
        row = {}
        for name in variables:
            term = solution[name]
            if term is not None:
                row[name] = _term_json(term)
        rows.append(row)
    head = {"head": {"vars": list(variables)}, "results": {"bindings": rows}}
    return json.dumps(head, ensure_ascii=False).encode("utf-8")


def answer(link: str, text: str, kind: str, subs: dict, asserted: bool | None,
           graphs: dict[str, str], prefixes: dict[str, str] | None,
           max_rows: int | None) -> tuple:  # fmt: skip
    """Open the store `link` leads to, read-only, and evaluate. If the folder vanished under
    the query (a build swapped the link and deleted it: RocksDB then misses a file), answer
    from the folder the link leads to now: a reader gets the old answer or the new one."""
    import os

    outcome: tuple = ("error", "store", "no attempt", None)
    for _attempt in range(3):
        target = os.path.realpath(link)
        try:
            store = ox.Store.read_only(target)
            outcome = evaluate(store, text, kind, subs, asserted, graphs, prefixes, max_rows)
            del store
        except (OSError, RuntimeError) as exc:  # the folder went while RocksDB opened it
            outcome = ("error", "store", str(exc), None)
        if outcome[0] != "error" or outcome[1] == "syntax" or os.path.realpath(link) == target:
            break
    return outcome


def term_from_wire(wire: tuple[str, ...]) -> Any:
    """A bound term from its pickled tuple form (see `run._term_to_wire`)."""
    if wire[0] == "iri":
        return ox.NamedNode(wire[1])
    _, value, datatype, language = wire
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def main() -> None:
    """Child-process entry: read the request from stdin, open the store read-only, answer."""
    request = pickle.loads(sys.stdin.buffer.read())  # from our own parent
    store_path, text, kind, wire, asserted, graphs, prefixes, max_rows = request
    subs = {ox.Variable(k): term_from_wire(v) for k, v in wire.items()}
    outcome = answer(store_path, text, kind, subs, asserted, graphs, prefixes, max_rows)
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
