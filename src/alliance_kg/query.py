"""Saved and ad-hoc SPARQL over the store: read ``queries/*.rq``, bind parameters, run safely.

A saved query is a plain SPARQL 1.1 file that runs as-is in any SPARQL tool. Its comment header
gives a title, a description and its parameters::

    # title: Collaboration chain between two organisations
    # description: Paths of collaboration (up to 4 hops) with their length.
    # param: from entity akid:us-department-of-energy — where the chain starts
    PREFIX akid: <https://w3id.org/alliance-kg/id/>
    SELECT ?from ... WHERE {
      VALUES ?from { akid:us-department-of-energy }
      ...
    }

Each parameter has a ``VALUES ?name { EXAMPLE }`` line of its own at the top level of the
outermost ``WHERE`` (so the file runs with the example), and the variable is projected by the
``SELECT``. When a caller gives a value, the runner blanks that one line of the trusted file
(keeping line numbers) and binds the variable through pyoxigraph ``substitutions=`` (SEP-0007):
the value is an RDF term, never text pasted into the query, so ``x" } ; DROP ALL ; #`` is just a
string literal that matches nothing.

Every query is parsed before it runs (rdflib's SPARQL 1.1 parser): updates are refused, and so
is ``SERVICE`` unless ``allow_service`` is set, because pyoxigraph really makes the request.
A query given a store *path* runs in a child process that opens the store read-only and is
killed after ``timeout`` seconds; pyoxigraph cannot stop a running query from Python.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from .defaults import DEFAULT_TIMEOUT
from .errors import AllianceKGError, InputError
from .namespaces import PREFIXES, short

PARAM_TYPES = ("entity", "iri", "string", "integer", "decimal")
_XSD = "http://www.w3.org/2001/XMLSchema#"

Kind = Literal["select", "ask", "graph"]


class QueryError(InputError):
    """A query, saved query or parameter is not usable as given."""


class QuerySyntaxError(QueryError):
    """A query does not parse; the message names the file (if any), line and column."""


class QueryRefusedError(QueryError):
    """An update, SERVICE call or other outbound or writing operation was refused."""


class QueryTimeoutError(AllianceKGError):
    """A query ran past its time limit and was stopped."""


class QueryRuntimeError(AllianceKGError):
    """The query engine failed while evaluating a query."""


# -- saved queries ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A parameter of a saved query: variable name, type, example (SPARQL term text), meaning."""

    name: str
    type: str
    example: str
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A ``queries/*.rq`` file: its name (file stem), header and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    kind: Kind = "select"
    _values_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name`, or a `QueryError` listing the known ones."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def text_without(self, names: Iterable[str]) -> str:
        """The query text with the example ``VALUES`` line of each of `names` blanked."""
        lines = self.text.split("\n")
        for name in names:
            lines[self._values_lines[name]] = ""
        return "\n".join(lines)


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)\s+(?P<rest>.+)$")
_STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_EXAMPLE = re.compile(rf"^(?P<term>{_STRING}|<[^>\s]*>|\S+)\s*(?:[—–-]+\s*(?P<desc>.*))?$")


def _values_line(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"^[ \t]*VALUES[ \t]+\?{re.escape(name)}[ \t]*\{{[ \t]*"
        rf"(?P<term>(?:{_STRING}|[^}}\s\"'])+)[ \t]*\}}[ \t]*(?:#.*)?$",
        re.IGNORECASE,
    )


def load_saved(path: Path) -> SavedQuery:
    """Read one saved query file and check its header, parameters and syntax."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query file: {exc.strerror}") from None
    header: dict[str, str] = {}
    params: list[Parameter] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key != "param":
            header[key] = value
            continue
        pm = _PARAM.match(value)
        em = _EXAMPLE.match(pm.group("rest")) if pm else None
        if not pm or not em:
            raise QueryError(
                f"{path}:{lineno}: a parameter line reads "
                "'# param: NAME TYPE EXAMPLE — description'"
            )
        if pm.group("type") not in PARAM_TYPES:
            raise QueryError(
                f"{path}:{lineno}: parameter type {pm.group('type')!r} is not one of "
                f"{', '.join(PARAM_TYPES)}"
            )
        params.append(
            Parameter(pm.group("name"), pm.group("type"), em.group("term"), em.group("desc") or "")
        )
    if "title" not in header:
        raise QueryError(f"{path}: the header has no '# title:' line")
    lines = text.split("\n")
    values_lines: dict[str, int] = {}
    for p in params:
        pattern = _values_line(p.name)
        found = [i for i, line in enumerate(lines) if pattern.match(line)]
        if len(found) != 1:
            raise QueryError(
                f"{path}: parameter {p.name!r} needs exactly one line "
                f"'VALUES ?{p.name} {{ {p.example} }}' (found {len(found)})"
            )
        term = pattern.match(lines[found[0]]).group("term")  # type: ignore[union-attr]
        if term != p.example:
            raise QueryError(
                f"{path}:{found[0] + 1}: the VALUES line of {p.name!r} has {term!r}, "
                f"but the header's example is {p.example!r}"
            )
        values_lines[p.name] = found[0]
    kind, tree = inspect_query(text, source=str(path))
    saved = SavedQuery(
        name=path.stem,
        path=path,
        title=header["title"],
        description=header.get("description", ""),
        parameters=tuple(params),
        text=text,
        kind=kind,
        _values_lines=values_lines,
    )
    if params:
        _check_parameter_placement(saved, tree)
    return saved


def saved_queries(folder: Path) -> list[SavedQuery]:
    """Every saved query in `folder` (``*.rq``), sorted by name."""
    return [load_saved(p) for p in sorted(Path(folder).glob("*.rq"))]


def find_saved(folder: Path, name: str) -> SavedQuery:
    """The saved query called `name` (file stem, or a path to a .rq file)."""
    candidate = Path(name)
    if candidate.suffix == ".rq" and candidate.is_file():
        return load_saved(candidate)
    path = Path(folder) / f"{name}.rq"
    if path.is_file():
        return load_saved(path)
    names = sorted(p.stem for p in Path(folder).glob("*.rq"))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(
        f"no saved query {name!r} in {folder}{hint} (`alliance-kg query list` shows them)"
    )


def _check_parameter_placement(saved: SavedQuery, tree: Any) -> None:
    """Each parameter's VALUES is top-level in WHERE and its variable is projected."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    query = tree[1]
    projected = None
    if query.name == "SelectQuery" and query.get("projection"):
        projected = {
            str(v.get("var") or v.get("evar"))
            for v in query["projection"]
            if isinstance(v, CompValue)
        }
    top = {
        str(part["var"][0])
        for part in query["where"].get("part", [])
        if isinstance(part, CompValue) and part.name == "InlineData" and len(part["var"]) == 1
    }
    for p in saved.parameters:
        if p.name not in top:
            raise QueryError(
                f"{saved.path}: the VALUES line of parameter {p.name!r} must be at the top level "
                "of the outermost WHERE, so that binding it means the same as the example"
            )
        if projected is not None and str(Variable(p.name)) not in projected:
            raise QueryError(
                f"{saved.path}: parameter {p.name!r} must be projected by the SELECT "
                "(pyoxigraph binds only projected variables)"
            )


# -- checking a query before it runs ----------------------------------------------------------


def _where(source: str | None, lineno: int, col: int) -> str:
    return f"{source}:{lineno}:{col}" if source else f"line {lineno}, column {col}"


def inspect_query(
    text: str, *, source: str | None = None, allow_service: bool = False
) -> tuple[Kind, Any]:
    """Parse `text`; return ``(kind, parse tree)`` or raise why it may not run.

    Updates (INSERT, DELETE, LOAD, DROP, …) are always refused; SERVICE unless `allow_service`.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseException as exc:
        try:
            update = parseUpdate(text)
        except ParseException:
            update = None
        if update is not None and update.get("request"):
            ops = sorted({op.name.upper() for op in update["request"]})
            raise QueryRefusedError(
                f"{source or 'query'}: update operations ({', '.join(ops)}) are refused; "
                "the store changes only through `alliance-kg build`"
            ) from None
        raise QuerySyntaxError(
            f"{_where(source, exc.lineno, exc.col)}: SPARQL syntax error: {exc.msg}"
            f" (near {exc.line.strip()[:60]!r})"
        ) from None
    except Exception as exc:  # rdflib raises plain exceptions for some malformed input
        raise QuerySyntaxError(f"{source or 'query'}: SPARQL syntax error: {exc}") from None
    services = list(_find(tree, "ServiceGraphPattern"))
    if services and not allow_service:
        targets = ", ".join(sorted({str(s.get("term")) for s in services}))
        raise QueryRefusedError(
            f"{source or 'query'}: federated SERVICE ({targets}) is refused: it would make a "
            "network request; pass --allow-service (allow_service=True) to permit it"
        )
    if _lexical_service(text) and not services and not allow_service:
        raise QueryRefusedError(f"{source or 'query'}: the word SERVICE is refused outside strings")
    name = tree[1].name
    kind: Kind = {"SelectQuery": "select", "AskQuery": "ask"}.get(name, "graph")  # type: ignore[assignment]
    return kind, tree


def _find(node: Any, name: str) -> Iterable[Any]:
    """Every parse-tree node called `name` under `node` (rdflib CompValue / ParseResults)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == name:
            yield node
        for value in node.values():
            yield from _find(value, name)
    elif isinstance(node, ParseResults | list | tuple):
        for value in node:
            yield from _find(value, name)


_TOKENS = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[?$]?[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*",
    re.DOTALL,
)


def _lexical_service(text: str) -> bool:
    """Whether the keyword SERVICE occurs outside comments, strings and IRIs (a second check)."""
    return any(m.group(0).upper() == "SERVICE" for m in _TOKENS.finditer(text))


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: solutions (W3C JSON), a boolean, or triples (N-Triples)."""

    kind: Kind
    variables: tuple[str, ...] = ()
    data: bytes = b""
    boolean: bool | None = None

    def solutions(self) -> list[dict[str, Any]]:
        """SELECT rows as pyoxigraph terms (unbound variables absent)."""
        if self.kind != "select":
            raise QueryError("only SELECT queries have rows")
        parsed = ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON)
        return [{v: s[v] for v in self.variables if s[v] is not None} for s in parsed]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """SELECT rows as plain Python values: IRIs as str, numbers as int/Decimal, …"""
        return [{k: plain(v) for k, v in row.items()} for row in self.solutions()]

    def triples(self) -> list[Any]:
        """CONSTRUCT/DESCRIBE results as pyoxigraph triples."""
        if self.kind != "graph":
            raise QueryError("only CONSTRUCT and DESCRIBE queries return triples")
        return list(ox.parse(self.data, ox.RdfFormat.N_TRIPLES))

    def serialize(self, fmt: str) -> str:
        """The result as W3C SPARQL results ``json``/``csv``/``tsv``, or ``turtle`` for graphs."""
        if self.kind == "graph":
            if fmt not in ("turtle", "ttl"):
                raise QueryError(
                    f"a CONSTRUCT/DESCRIBE result is a graph: printed as Turtle, not {fmt}"
                )
            out = ox.serialize(self.triples(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            return out.decode("utf-8") if out else ""
        formats = {
            "json": ox.QueryResultsFormat.JSON,
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
        }
        if fmt not in formats:
            raise QueryError(f"unknown result format {fmt!r}; expected json, csv or tsv")
        if self.kind == "ask":
            if fmt == "json":
                return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=2) + "\n"
            return ("true" if self.boolean else "false") + "\n"
        if fmt == "json":
            return json.dumps(json.loads(self.data), indent=2, ensure_ascii=False) + "\n"
        parsed = ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=formats[fmt]).decode("utf-8")


_NUMERIC = {
    _XSD + "integer": int,
    _XSD + "int": int,
    _XSD + "long": int,
    _XSD + "decimal": Decimal,
}


def plain(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (IRIs and blank nodes as strings)."""
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _NUMERIC:
            with contextlib.suppress(ValueError, InvalidOperation):
                return _NUMERIC[dt](term.value)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        if dt in (_XSD + "double", _XSD + "float"):
            with contextlib.suppress(ValueError):
                return float(term.value)
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def compact(term: Any) -> str:
    """A term for a table: IRIs shortened with the project's prefixes, literals as their text."""
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    return str(plain(term))


# -- parameters -------------------------------------------------------------------------------


def parse_term(text: str, type_: str, *, resolve: Any = None) -> Any:
    """A parameter value given as text (CLI ``--param``) as an RDF term of the declared type."""
    if type_ == "string":
        return ox.Literal(text)
    if type_ == "integer":
        try:
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
        except ValueError:
            raise QueryError(f"{text!r} is not an integer") from None
    if type_ == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise QueryError(f"{text!r} is not a decimal number") from None
        if not value.is_finite():
            raise QueryError(f"{text!r} is not a finite number")
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    iri = _as_iri(text)
    if type_ == "iri":
        if iri is None:
            raise QueryError(f"{text!r} is not an IRI (give <https://…>, https://… or akid:name)")
        return ox.NamedNode(iri)
    if resolve is None:
        raise QueryError(f"entity parameter {text!r} needs a store to resolve names")
    return ox.NamedNode(resolve(iri or text).iri)


def _as_iri(text: str) -> str | None:
    """`text` as an absolute IRI if it is one (``<…>``, ``scheme:…``, or a project prefix)."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local):
        return PREFIXES[prefix] + local
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|^`\\]+", text):
        return text
    return None


def bind_parameters(
    saved: SavedQuery, values: Mapping[str, Any], store: ox.Store | None = None
) -> dict[Any, Any]:
    """`substitutions` for `saved` from name → value (text, or an already-built pyoxigraph term).

    Entity values go through `alliance_kg.resolve.resolve_entity` (label, alias, IRI or slug).
    """
    from .resolve import resolve_entity

    subs: dict[Any, Any] = {}
    for name, value in values.items():
        p = saved.parameter(name)
        if isinstance(value, ox.NamedNode | ox.Literal):
            term = value
        else:
            resolve = (lambda n: resolve_entity(store, n)) if store is not None else None
            try:
                term = parse_term(str(value), p.type, resolve=resolve)
            except QueryError as exc:
                raise QueryError(f"query {saved.name!r}, parameter {name!r}: {exc}") from None
        subs[ox.Variable(name)] = term
    return subs


# -- running ----------------------------------------------------------------------------------


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


def _graph_options(store: ox.Store, asserted_only: bool | None) -> dict[str, Any]:
    """Which graphs a query sees: all (union), the document graphs plus the ontology, or (None)
    those its own FROM / FROM NAMED clauses name."""
    from .namespaces import ONTOLOGY_GRAPH
    from .store import document_graphs

    if asserted_only is None:
        return {}
    if not asserted_only:
        return {"use_default_graph_as_union": True}
    graphs = [*document_graphs(store), ox.NamedNode(str(ONTOLOGY_GRAPH))]
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
    if any(True for _ in _find(tree, "DatasetClause")):
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

    from .errors import StoreError

    if not store.exists():
        raise StoreError(f"{store}: no store here; run `alliance-kg build` first")
    wire = {k.value: _term_to_wire(v) for k, v in subs.items()}
    request = pickle.dumps((str(store.resolve()), text, kind, wire, asserted_only, prefixes))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from alliance_kg.query import _worker_main; _worker_main()"],
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
    if params and not isinstance(store, ox.Store):
        from .store import open_store

        needs_store = any(
            query.parameter(n).type == "entity" and not isinstance(v, ox.NamedNode)
            for n, v in params.items()
        )
        if needs_store:
            with open_store(Path(store)) as opened:
                subs = bind_parameters(query, params, opened)
        else:
            subs = bind_parameters(query, params)
    else:
        subs = bind_parameters(query, params, store if isinstance(store, ox.Store) else None)
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
