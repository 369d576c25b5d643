"""Running a checked query: in-process on an open store, or in a child process with a time limit.

pyoxigraph's ``SERVICE`` really makes the HTTP request and no Python API can stop a running
query, so a query given a store *path* runs in a fresh ``python`` child process that runs
``child.py`` as a script (pyoxigraph only: no import of this package, so it starts in about a
tenth of a second), opens the store with ``Store.read_only`` and is killed after ``timeout``
seconds. The request and the answer cross
the process boundary pickled: bound terms as plain tuples, results as W3C SPARQL results JSON
(SELECT) or N-Triples (CONSTRUCT/DESCRIBE). An open ``Store`` is queried in-process (same
checks, no time limit). Which graphs a query sees is decided in `child.graph_options`, for both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..defaults import DEFAULT_TIMEOUT
from ..errors import QueryError, QueryRuntimeError, QuerySyntaxError, QueryTimeoutError
from .child import evaluate
from .results import QueryResult
from .safety import Kind, chooses_graphs, inspect_query
from .saved import SavedQuery
from .terms import bind_parameters

#: what the child process runs: `python -I child.py` (no import of this package: see child.py)
_CHILD = str(Path(__file__).with_name("child.py"))


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
    max_rows: int | None = None,
) -> QueryResult:
    """Check and run a read-only query over the union of all graphs (or the asserted ones only).

    With a store path the query runs in a child process that opens the store read-only and is
    killed after `timeout` seconds (`QueryTimeoutError`); an open `Store` is queried in-process,
    without a time limit. `substitutions` maps variables (names or ``Variable``) to terms;
    `prefixes` are predeclared (e.g. `alliance_kg.iris.PREFIXES` for ad-hoc queries).
    More than `max_rows` rows or triples (default: the ``max_rows`` limit) is a
    `QueryRuntimeError`; in the child the query may also use at most ``query_memory_mb``.
    """
    from ..limits import active

    max_rows = active().max_rows if max_rows is None else max_rows
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
        outcome = _evaluate(store, text, kind, subs, asserted_only, dict(prefixes or {}), max_rows)
    else:
        outcome = _run_in_child(
            Path(store), text, kind, subs, asserted_only, timeout, dict(prefixes or {}), max_rows
        )
    tag, a, b, c = outcome
    if tag == "error":
        if a == "syntax":
            raise QuerySyntaxError(f"{source or 'query'}: SPARQL syntax error: {b}")
        if a == "store":
            raise QueryRuntimeError(f"{store}: cannot open the store read-only: {b}")
        if a == "derived":
            raise QueryRuntimeError(stale_store_message(source))
        if a == "rows":
            raise QueryRuntimeError(
                f"{source or 'query'}: the query returned more than {b:,} rows and was stopped; "
                "narrow it (LIMIT, filters) or raise --max-rows ([limits] max_rows in "
                "alliance-kg.toml)"
            )
        raise QueryRuntimeError(f"{source or 'query'}: the query failed: {b}")
    return QueryResult(kind=tag, variables=a, data=b, boolean=c)


def stale_store_message(source: str | None) -> str:
    """What to do when a query reads derived tables (``derived:``) the store was built without."""
    return (
        f"{source or 'query'}: the query reads the build's derived tables (derived: terms), "
        "which this store was built without (an older version built it); rebuild it with "
        "`alliance-kg build --force`"
    )


def run_saved(
    store: Path | ox.Store,
    query: SavedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    asserted_only: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a saved query with its example values, or with `params` bound as RDF terms.

    Entity parameters accept a label, alias, slug or IRI; with a store path the names are
    resolved in a short read-only session before the query runs.
    """
    params = dict(params or {})
    for name in params:
        query.parameter(name)
    subs = _bind(store, query, params)
    subs.update({ox.Variable(n): t for n, t in _example_terms(query, params).items()})
    # Each term both on its VALUES line (pyoxigraph's N-Triples form; the text is checked again
    # before it runs) and by substitution: the same solutions, but pyoxigraph plans from each
    # differently and each keeps some query fast at 1M triples: `statements-about` took 117 s
    # with the substitution alone, 1.0 s with the line alone and 0.5 s with both;
    # `collaboration-chain` over 90 s with the lines alone (its two one-row VALUES joined after
    # the paths), 2.2-2.5 s with the substitution or both (docs/benchmarks.md, qpaths).
    text = query.text_with({var.value: term for var, term in subs.items()})
    return run_query(
        store,
        text,
        substitutions=subs,
        asserted_only=asserted_only,
        timeout=timeout,
        allow_service=allow_service,
        source=str(query.path),
        max_rows=max_rows,
    )


def _example_terms(query: SavedQuery, given: Mapping[str, Any]) -> dict[str, ox.NamedNode]:
    """The IRI examples (``entity``/``iri`` parameters not in `given`) whose term is certain: a
    full ``<IRI>``, or a prefixed name whose prefix the file declares as the project does."""
    from ..iris import PREFIXES

    out = {}
    for p in query.parameters:
        if p.name in given or p.type not in ("entity", "iri"):
            continue
        example = p.example.strip()
        if example.startswith("<") and example.endswith(">"):
            iri: str | None = example[1:-1]
        else:
            prefix, _, local = example.partition(":")
            declared = re.search(
                rf"^\s*PREFIX\s+{re.escape(prefix)}:\s*<([^>]*)>", query.text, re.I | re.M
            )
            iri = None
            if (
                declared
                and declared.group(1) == PREFIXES.get(prefix)
                and re.fullmatch(r"[\w.-]+", local)
            ):
                iri = declared.group(1) + local
        if iri:
            out[p.name] = ox.NamedNode(iri)
    return out


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


# -- graphs and evaluation (in this process or the child: `child.py`) ---------------------------


def _graphs() -> dict[str, str]:
    """The graph IRIs `child.graph_options` needs (the child imports no project module)."""
    from ..namespaces import (
        AK,
        AKDERIVED,
        AKGRAPH,
        HIERARCHY_GRAPH,
        IDENTITIES_GRAPH,
        NATIONS_GRAPH,
        ONTOLOGY_GRAPH,
        PARTNERS_GRAPH,
    )

    return {"doc": str(AKGRAPH["doc/"]), "import": str(AKGRAPH["import/"]),
            "identities": str(IDENTITIES_GRAPH), "ontology": str(ONTOLOGY_GRAPH),
            "nations": str(NATIONS_GRAPH), "hierarchy": str(HIERARCHY_GRAPH),
            "partners": str(PARTNERS_GRAPH), "partner-of": str(AK["collaboratesWith"]),
            "derived": str(AKDERIVED)}  # fmt: skip


def _evaluate(
    store: ox.Store,
    text: str,
    kind: Kind,
    subs: dict,
    asserted_only: bool | None,
    prefixes: dict[str, str] | None = None,
    max_rows: int | None = None,
) -> tuple:
    """Run on an open store; return a picklable ``(kind, variables, data, boolean)``, or
    ``("error", "rows", max_rows, None)`` past `max_rows` rows or triples."""
    return evaluate(store, text, kind, subs, asserted_only, _graphs(), prefixes, max_rows)


# -- the child process -------------------------------------------------------------------------


def _term_to_wire(term: Any) -> tuple[str, ...]:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return ("lit", term.value, term.datatype.value, term.language or "")
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals")


def _run_in_child(
    store: Path,
    text: str,
    kind: Kind,
    subs: dict,
    asserted_only: bool | None,
    timeout: float | None,
    prefixes: dict[str, str],
    max_rows: int | None = None,
) -> tuple:
    """Evaluate in a fresh Python process (killed after `timeout`); return `_evaluate`'s tuple."""
    import pickle
    import subprocess
    import sys

    from ..errors import StoreError

    if not store.exists():
        raise StoreError(f"{store}: no store here; run `alliance-kg build` first")
    wire = {k.value: _term_to_wire(v) for k, v in subs.items()}
    # the link, not its target: the child resolves it (and again if a build swaps it meanwhile)
    request = pickle.dumps(
        (str(store.absolute()), text, kind, wire, asserted_only, _graphs(), prefixes, max_rows)
    )
    memory_mb = _memory_mb()
    proc = subprocess.Popen(
        [sys.executable, "-I", _CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_memory_cap(memory_mb),
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
        said = err.decode("utf-8", "replace")
        if "memory allocation" in said or "MemoryError" in said or "bad_alloc" in said:
            raise QueryRuntimeError(
                f"the query needed more than {memory_mb:,} MiB of memory and was stopped; "
                "narrow it (LIMIT, fewer unbound patterns) or raise [limits] query_memory_mb "
                "in alliance-kg.toml"
            )
        if "Resource temporarily unavailable" in said:  # threads cannot start under the cap
            raise QueryRuntimeError(
                f"the query process cannot start within {memory_mb:,} MiB of memory; raise "
                "[limits] query_memory_mb in alliance-kg.toml"
            )
        last = said.strip().splitlines()[-1:] or ["no message"]
        raise QueryRuntimeError(
            f"the query process failed (exit code {proc.returncode}): {last[0]}"
        )
    return pickle.loads(out)  # our own child's answer


def _memory_mb() -> int:
    """The ``query_memory_mb`` limit in force."""
    from ..limits import active

    return active().query_memory_mb


def _memory_cap(megabytes: int) -> Any:
    """A function for the child to run before exec: cap the memory it may allocate
    (``RLIMIT_DATA``: heap and anonymous mappings, not the store's mapped files); None where
    there is no `resource` module."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    limit = megabytes * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

    return cap
