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
import sys
from typing import Any

import pyoxigraph as ox


def _asserted(store: ox.Store, graphs: dict[str, str]) -> list[ox.NamedNode]:
    """The asserted graphs (documents, imports, identity decisions), as
    `alliance_kg.store.asserted_graphs` lists them, plus the ontology and the nations table."""
    named = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value
    )
    out = [g for g in named if g.value.startswith(graphs["doc"])]
    out += [g for g in named if g.value.startswith(graphs["import"])]
    for key in ("identities", "ontology", "nations"):
        if store.contains_named_graph(node := ox.NamedNode(graphs[key])):
            out.append(node)
    return out


def graph_options(
    store: ox.Store, asserted_only: bool | None, graphs: dict[str, str]
) -> dict[str, Any]:
    """Which graphs a query sees: all (the distinct union a build writes into the default
    graph, else pyoxigraph's union of the named graphs), the asserted graphs plus the ontology
    and the nations table, or (None) those its own FROM / FROM NAMED clauses name."""
    if asserted_only is None:
        return {}
    if not asserted_only:
        union = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        return {} if union is not None else {"use_default_graph_as_union": True}
    chosen = _asserted(store, graphs)
    return {"default_graph": chosen, "named_graphs": chosen}


def evaluate(
    store: ox.Store,
    text: str,
    kind: str,
    subs: dict,
    asserted_only: bool | None,
    graphs: dict[str, str],
    prefixes: dict[str, str] | None = None,
) -> tuple:
    """Run on an open store; return a picklable ``(kind, variables, data, boolean)``."""
    try:
        result = store.query(
            text,
            substitutions=subs or None,
            prefixes=prefixes or None,
            **graph_options(store, asserted_only, graphs),
        )
        if kind == "select":
            variables = tuple(v.value for v in result.variables)
            data = result.serialize(format=ox.QueryResultsFormat.JSON)
            return ("select", variables, data, None)
        if kind == "ask":
            return ("ask", (), b"", bool(result))
        buf = io.BytesIO()
        ox.serialize(result, buf, format=ox.RdfFormat.N_TRIPLES)
        return ("graph", (), buf.getvalue(), None)
    except SyntaxError as exc:
        return ("error", "syntax", str(exc), None)
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return ("error", "runtime", str(exc), None)


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
    store_path, text, kind, wire, asserted, graphs, prefixes = request
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        outcome: tuple = ("error", "store", str(exc), None)
    else:
        subs = {ox.Variable(k): term_from_wire(v) for k, v in wire.items()}
        outcome = evaluate(store, text, kind, subs, asserted, graphs, prefixes)
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
