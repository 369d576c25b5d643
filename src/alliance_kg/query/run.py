"""Running a checked query: in-process on an open store, or in a child process with a time limit.

pyoxigraph's ``SERVICE`` really makes the HTTP request and no Python API can stop a running
query, so a query given a store *path* runs in a fresh ``python`` child process (`subprocess`,
not `multiprocessing`: no re-import of the caller's ``__main__``) that opens the store with
``Store.read_only`` and is killed after ``timeout`` seconds. The request and the answer cross
the process boundary pickled: bound terms as plain tuples, results as W3C SPARQL results JSON
(SELECT) or N-Triples (CONSTRUCT/DESCRIBE). An open ``Store`` is queried in-process (same
checks, no time limit). Which graphs a query sees is decided here too (`_graph_options`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..defaults import DEFAULT_TIMEOUT
from ..errors import QueryError, QueryRuntimeError, QuerySyntaxError, QueryTimeoutError
from .results import QueryResult
from .safety import Kind, chooses_graphs, inspect_query
from .saved import SavedQuery
from .terms import bind_parameters

#: what the child process runs: `python -c _WORKER`
_WORKER = "from alliance_kg.query.run import _worker_main; _worker_main()"


def run_query(
    store: Path | ox.Store,
    text: str,
    *,
    substitutions: Mapping[Any, Any] | None = None,
    asserted_only: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    source: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> QueryResult:
    """Check and run a read-only query over the union of all graphs (or the asserted ones only).

    With a store path the query runs in a child process that opens the store read-only and is
    killed after `timeout` seconds (`QueryTimeoutError`); an open `Store` is queried in-process,
    without a time limit. `substitutions` maps variables (names or ``Variable``) to terms;
    `prefixes` are predeclared (e.g. `alliance_kg.namespaces.PREFIXES` for ad-hoc queries).
    """
    kind, tree = inspect_query(text, source=source, allow_service=allow_service)
    if chooses_graphs(tree):
        # FROM / FROM NAMED pick graphs of the store by name (nothing is fetched)
        if asserted_only:
            raise QueryError(
                f"{source or 'query'}: the query chooses its own graphs (FROM); "
                "drop FROM or --asserted-only"
            )
        asserted_only = None  # type: ignore[assignment]
    subs = {
        (k if isinstance(k, ox.Variable) else ox.Variable(str(k).lstrip("?$"))): v
        for k, v in (substitutions or {}).items()
    }
    if isinstance(store, ox.Store):
        outcome = _evaluate(store, text, kind, subs, asserted_only, dict(prefixes or {}))
    else:
        outcome = _run_in_child(
            Path(store), text, kind, subs, asserted_only, timeout, dict(prefixes or {})
        )
    tag, a, b, c = outcome
    if tag == "error":
        if a == "syntax":
            raise QuerySyntaxError(f"{source or 'query'}: SPARQL syntax error: {b}")
        if a == "store":
            raise QueryRuntimeError(f"{store}: cannot open the store read-only: {b}")
        raise QueryRuntimeError(f"{source or 'query'}: the query failed: {b}")
    return QueryResult(kind=tag, variables=a, data=b, boolean=c)


def run_saved(
    store: Path | ox.Store,
    query: SavedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    asserted_only: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> QueryResult:
    """Run a saved query with its example values, or with `params` bound (never pasted).

    Entity parameters accept a label, alias, slug or IRI; with a store path the names are
    resolved in a short read-only session before the query runs.
    """
    params = dict(params or {})
    for name in params:
        query.parameter(name)
    subs = _bind(store, query, params)
    text = query.text_without(params)
    return run_query(
        store,
        text,
        substitutions=subs,
        asserted_only=asserted_only,
        timeout=timeout,
        allow_service=allow_service,
        source=str(query.path),
    )


def _bind(store: Path | ox.Store, query: SavedQuery, params: dict[str, Any]) -> dict[Any, Any]:
    """`bind_parameters`, opening a store path read-only only if an entity name needs resolving."""
    if isinstance(store, ox.Store):
        return bind_parameters(query, params, store)
    needs_store = any(
        query.parameter(n).type == "entity" and not isinstance(v, ox.NamedNode)
        for n, v in params.items()
    )
    if not needs_store:
        return bind_parameters(query, params)
    from ..store import open_store

    with open_store(Path(store)) as opened:
        return bind_parameters(query, params, opened)


# -- graphs and evaluation (in this process or the child) --------------------------------------


def _graph_options(store: ox.Store, asserted_only: bool | None) -> dict[str, Any]:
    """Which graphs a query sees: all (the union the build writes into the default graph, else
    pyoxigraph's union of the named graphs), the asserted graphs (documents, identity
    decisions) plus the ontology and the nations table, or (None) those its own FROM / FROM
    NAMED clauses name."""
    from ..derived import has_union
    from ..namespaces import NATIONS_GRAPH, ONTOLOGY_GRAPH
    from ..store import asserted_graphs

    if asserted_only is None:
        return {}
    if not asserted_only:
        return {} if has_union(store) else {"use_default_graph_as_union": True}
    graphs = [*asserted_graphs(store), ox.NamedNode(str(ONTOLOGY_GRAPH))]
    if store.contains_named_graph(nations := ox.NamedNode(str(NATIONS_GRAPH))):
        graphs.append(nations)
    return {"default_graph": graphs, "named_graphs": graphs}


def _evaluate(
    store: ox.Store,
    text: str,
    kind: Kind,
    subs: dict,
    asserted_only: bool | None,
    prefixes: dict[str, str] | None = None,
) -> tuple:
    """Run on an open store; return a picklable ``(kind, variables, data, boolean)``."""
    try:
        result = store.query(
            text,
            substitutions=subs or None,
            prefixes=prefixes or None,
            **_graph_options(store, asserted_only),
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


# -- the child process -------------------------------------------------------------------------


def _term_to_wire(term: Any) -> tuple[str, ...]:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return ("lit", term.value, term.datatype.value, term.language or "")
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals")


def _term_from_wire(wire: tuple[str, ...]) -> Any:
    if wire[0] == "iri":
        return ox.NamedNode(wire[1])
    _, value, datatype, language = wire
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def _run_in_child(
    store: Path,
    text: str,
    kind: Kind,
    subs: dict,
    asserted_only: bool | None,
    timeout: float | None,
    prefixes: dict[str, str],
) -> tuple:
    """Evaluate in a fresh Python process (killed after `timeout`); return `_evaluate`'s tuple."""
    import pickle
    import subprocess
    import sys

    from ..errors import StoreError

    if not store.exists():
        raise StoreError(f"{store}: no store here; run `alliance-kg build` first")
    wire = {k.value: _term_to_wire(v) for k, v in subs.items()}
    request = pickle.dumps((str(store.resolve()), text, kind, wire, asserted_only, prefixes))
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = proc.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g} s and was stopped; narrow it "
            "(LIMIT, fewer unbound patterns) or raise --timeout"
        ) from None
    if proc.returncode != 0 or not out:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise QueryRuntimeError(
            f"the query process failed (exit code {proc.returncode}): {last[0]}"
        )
    return pickle.loads(out)  # our own child's answer


def _worker_main() -> None:
    """Child-process entry: read the request from stdin, open the store read-only, answer."""
    import pickle
    import sys

    store_path, text, kind, wire, asserted, prefixes = pickle.loads(sys.stdin.buffer.read())
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        outcome: tuple = ("error", "store", str(exc), None)
    else:
        subs = {ox.Variable(k): _term_from_wire(v) for k, v in wire.items()}
        outcome = _evaluate(store, text, kind, subs, asserted, prefixes)
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()
