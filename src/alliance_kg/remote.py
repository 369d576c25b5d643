"""Remote SPARQL stores: push the graphs over the Graph Store Protocol, query over the Protocol.

Any SPARQL 1.1 store will do (Oxigraph, Fuseki, GraphDB, Virtuoso, a cluster's front end):

- `push` replaces each named graph of the local store (the documents', the identity decisions',
  the inferred graph, the derived tables (nations, hierarchy) and the ontology) with an HTTP
  ``PUT ?graph=IRI`` of its N-Triples, then a small *catalogue* graph (`CATALOGUE_GRAPH`)
  listing what was pushed, of which kind, how many triples; then counts each graph back through
  the query endpoint.
- `run_remote` / `run_saved_remote` send a checked query (the same `inspect_query` as local
  runs: no update, no SERVICE unless allowed) by POST, with the catalogue's graphs as the dataset
  (``default-graph-uri`` and ``named-graph-uri``: the union, as local queries see it, and none
  of the store's other graphs); an endpoint without a catalogue (``alliance-kg serve``) answers
  over its own default graph. A saved query's parameters are bound by writing the value's
  N-Triples form, made by pyoxigraph's term serialiser, into the query's own ``VALUES`` line;
  the result is parsed and checked again before it is sent.

Credentials come from the environment (`Credentials.from_env`), never from the command line:
``ALLIANCE_KG_ENDPOINT_USER`` and ``ALLIANCE_KG_ENDPOINT_PASSWORD`` (HTTP Basic or Digest, as the
server asks) or ``ALLIANCE_KG_ENDPOINT_TOKEN`` (a Bearer token). Only http(s) URLs are accepted.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import InputError, QueryRuntimeError, QueryTimeoutError, RemoteError
from .namespaces import (
    AK,
    AKDERIVED,
    AKGRAPH,
    HIERARCHY_GRAPH,
    IDENTITIES_GRAPH,
    INFERRED_GRAPH,
    NATIONS_GRAPH,
    ONTOLOGY_GRAPH,
    PARTNERS_GRAPH,
)

ENV_USER = "ALLIANCE_KG_ENDPOINT_USER"
ENV_PASSWORD = "ALLIANCE_KG_ENDPOINT_PASSWORD"
ENV_TOKEN = "ALLIANCE_KG_ENDPOINT_TOKEN"

#: the graph `push` writes last: which graphs it pushed, their kind and size
CATALOGUE_GRAPH = str(AKGRAPH["catalogue"])
_SD = "http://www.w3.org/ns/sparql-service-description#"
_DCT = "http://purl.org/dc/terms/"
_VOID = "http://rdfs.org/ns/void#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: graph kinds whose graphs `--asserted-only` sees (not "inferred")
ASSERTED_KINDS = ("document", "identities", "ontology")
#: graph kinds of the derived tables the saved queries read (`alliance_kg.derived`)
DERIVED_KINDS = ("nations", "hierarchy", "partners")

_HINT = (
    "the query endpoint is e.g. Oxigraph …/query, Fuseki …/DATASET/sparql, "
    "Virtuoso …/sparql, GraphDB …/repositories/REPO"
)


_GSP_HINT = (
    "the Graph Store URL (--graph-store) is e.g. Oxigraph …/store, Fuseki …/DATASET/data, "
    "Virtuoso …/sparql-graph-crud-auth, GraphDB …/repositories/REPO/rdf-graphs/service"
)


@dataclass(frozen=True)
class Credentials:
    """Who we are to the endpoint: user and password, or a bearer token, or nobody."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Credentials:
        """Read `ENV_USER`, `ENV_PASSWORD` and `ENV_TOKEN` from `environ` (e.g. ``os.environ``)."""
        get = lambda k: environ.get(k) or None  # noqa: E731
        return cls(get(ENV_USER), get(ENV_PASSWORD), get(ENV_TOKEN))

    def __bool__(self) -> bool:
        return bool(self.user or self.token)

    def __repr__(self) -> str:  # never print a secret
        return f"Credentials(user={self.user!r}, password={'***' if self.password else None})"


@dataclass(frozen=True)
class Endpoint:
    """A remote store: its SPARQL query URL, Graph Store Protocol URL, credentials."""

    query_url: str
    graph_store: str | None = None
    credentials: Credentials = field(default_factory=Credentials)
    _auth: list[_Auth] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        check_url(self.query_url, "--endpoint")
        if self.graph_store is not None:
            check_url(self.graph_store, "--graph-store")

    def auth(self) -> _Auth:
        """This endpoint's authentication state (made on first use)."""
        if not self._auth:
            self._auth.append(_Auth(self))
        return self._auth[0]

    def store_url(self) -> str:
        """The Graph Store URL: given, or Oxigraph's ``…/store`` beside a ``…/query`` endpoint."""
        if self.graph_store:
            return self.graph_store
        parts = urllib.parse.urlsplit(self.query_url)
        if parts.path.endswith("/query"):
            path = parts.path[: -len("query")] + "store"
            return urllib.parse.urlunsplit(parts._replace(path=path, query=""))
        raise InputError(
            f"give --graph-store: the Graph Store Protocol URL of {self.query_url} cannot be "
            f"guessed; {_GSP_HINT}"
        )


def check_url(url: str, option: str) -> None:
    """An `InputError` unless `url` is an absolute http(s) URL (no ``file:``, no bare paths)."""
    try:
        parts = urllib.parse.urlsplit(url)
        hostname = parts.hostname
        credentials = parts.username or parts.password
        _ = parts.port  # raises on a port that is not a number
    except ValueError:  # e.g. a port that is not a number, a bad IPv6 literal
        raise InputError(
            f"{option}: not a valid URL; expected an http:// or https:// URL"
        ) from None
    if credentials or "@" in parts.netloc:  # checked first: the message must not echo them
        raise InputError(
            f"{option}: put no credentials in the URL; set {ENV_USER} and {ENV_PASSWORD} "
            f"(or {ENV_TOKEN}) in the environment"
        )
    if parts.scheme not in ("http", "https") or not hostname:
        raise InputError(f"{option} {url!r}: expected an http:// or https:// URL")


# -- HTTP ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, content type (without parameters) and body."""

    status: int
    content_type: str
    body: bytes


class _Auth:
    """Authentication of one endpoint: urllib's Basic and Digest handlers, and the challenge
    each URL answered a probe with, so that a request with a body is authenticated on its first
    try (a server that answers 401 before reading a large body closes the connection on it)."""

    def __init__(self, endpoint: Endpoint) -> None:
        creds = endpoint.credentials
        self.manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        urls = [endpoint.query_url]
        with contextlib.suppress(InputError):
            urls.append(endpoint.store_url())
        for url in urls:
            self.manager.add_password(None, url, creds.user or "", creds.password or "")  # type: ignore[arg-type]
        self.basic = urllib.request.HTTPBasicAuthHandler(self.manager)
        self.digest = urllib.request.HTTPDigestAuthHandler(self.manager)
        self.opener = urllib.request.build_opener(self.basic, self.digest)
        self.challenges: dict[str, str | None] = {}

    def preempt(self, req: urllib.request.Request, timeout: float | None) -> None:
        """Add the Authorization header the URL's challenge asks for (probed once, body-less)."""
        key = req.full_url.split("?")[0]
        if key not in self.challenges:
            probe = urllib.request.Request(req.full_url, method="GET")
            probe.add_header("User-Agent", "alliance-kg")
            try:
                with urllib.request.build_opener().open(probe, timeout=timeout) as resp:
                    resp.read()
                self.challenges[key] = None
            except urllib.error.HTTPError as exc:
                wanted = exc.headers.get("WWW-Authenticate") if exc.code == 401 else None
                self.challenges[key] = wanted
            except OSError:
                self.challenges[key] = None  # the real request will say what is wrong
        challenge = self.challenges[key]
        if not challenge:
            return
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "digest":
            chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            auth = self.digest.get_authorization(req, chal)
            if auth:
                req.add_unredirected_header("Authorization", f"Digest {auth}")
        elif scheme.lower() == "basic":
            user, password = self.manager.find_user_password(None, req.full_url)
            if user is not None:
                token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
                req.add_unredirected_header("Authorization", f"Basic {token}")


def request(
    endpoint: Endpoint,
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = 30.0,
    what: str = "request",
) -> Answer:
    """One HTTP request; a one-line `RemoteError` naming the URL and what to do if it fails."""
    hdrs = {"User-Agent": "alliance-kg", **(headers or {})}
    if endpoint.credentials.token:
        hdrs["Authorization"] = f"Bearer {endpoint.credentials.token}"
    req = urllib.request.Request(url, data=body, headers=hdrs, method=method)
    shown = url.split("?")[0]
    started = time.monotonic()
    opener = urllib.request.build_opener()
    if endpoint.credentials.user and not endpoint.credentials.token:
        auth = endpoint.auth()
        opener = auth.opener
        if body:
            auth.preempt(req, timeout)
    try:
        with opener.open(req, timeout=timeout) as resp:
            data = resp.read()
            ctype = resp.headers.get_content_type()
            return Answer(resp.status, ctype, data)
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read() if exc.fp else b"")
        raise _http_error(endpoint, shown, exc.code, exc.reason, detail, what) from None
    except TimeoutError:
        raise QueryTimeoutError(
            f"{shown}: no answer within {time.monotonic() - started:.0f} s; the {what} was "
            "abandoned (raise --timeout, or narrow the query)"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if body and isinstance(reason, ConnectionResetError | BrokenPipeError):
            # refused before the body was read: ask again without one, to learn why
            raise _diagnose(endpoint, opener, url, timeout, what) from None
        if isinstance(reason, ConnectionRefusedError):
            raise RemoteError(
                f"{shown}: connection refused: nothing listens there; start the server "
                "(e.g. `alliance-kg serve`) or check the host and port"
            ) from None
        if isinstance(reason, TimeoutError):
            raise QueryTimeoutError(
                f"{shown}: no answer within the time limit; the {what} was abandoned"
            ) from None
        raise RemoteError(f"{shown}: cannot connect: {reason}; check the URL") from None
    except OSError as exc:
        if body and isinstance(exc, ConnectionResetError | BrokenPipeError):
            raise _diagnose(endpoint, opener, url, timeout, what) from None
        raise RemoteError(f"{shown}: the connection failed: {exc}; try again") from None
    except http.client.HTTPException as exc:  # e.g. more headers than the limit
        raise RemoteError(f"{shown}: the answer is not valid HTTP: {exc}") from None


def _allow_headers(count: int) -> None:
    """Let a response carry `count` headers more than http.client's default limit (100).

    Virtuoso echoes every graph of a query's dataset as a response header
    (``X-SPARQL-default-graph``, ``X-SPARQL-named-graph``): with 50 documents pushed, every query
    answer had more than 100 and failed to parse. The limit only ever rises, by what the request
    itself asked for."""
    http.client._MAXHEADERS = max(http.client._MAXHEADERS, 100 + count)  # type: ignore[attr-defined]


def _diagnose(
    endpoint: Endpoint,
    opener: urllib.request.OpenerDirector,
    url: str,
    timeout: float | None,
    what: str,
) -> Exception:
    """Why the server dropped a request with a body: the error a body-less GET of `url` gets."""
    shown = url.split("?")[0]
    try:
        with opener.open(urllib.request.Request(url, method="GET"), timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read() if exc.fp else b"")
        return _http_error(endpoint, shown, exc.code, exc.reason, detail, what)
    except OSError:
        pass
    return RemoteError(f"{shown}: the server closed the connection during the {what}; try again")


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    if text.lstrip().startswith("<"):  # an HTML error page says nothing useful on one line
        return ""
    return text.splitlines()[0][:200] if text else ""


def _http_error(
    endpoint: Endpoint, url: str, code: int, reason: str, detail: str, what: str
) -> Exception:
    said = f": {detail}" if detail else ""
    if code == 401:
        if endpoint.credentials:
            return RemoteError(
                f"{url}: 401 Unauthorized: the server refused the credentials from "
                f"{ENV_USER}/{ENV_PASSWORD} ({ENV_TOKEN}); check them"
            )
        return RemoteError(
            f"{url}: 401 Unauthorized: the server wants credentials; set {ENV_USER} and "
            f"{ENV_PASSWORD} (or {ENV_TOKEN}) in the environment"
        )
    if code == 403:
        return RemoteError(
            f"{url}: 403 Forbidden: the server refused the {what} (a read-only endpoint, or a "
            f"user without write permission){said}"
        )
    if code == 404:
        hint = _GSP_HINT if what == "write" else _HINT
        return RemoteError(f"{url}: 404 Not Found: no SPARQL service at this URL; {hint}")
    if code == 400 and what == "query":
        return QueryRuntimeError(f"{url}: the endpoint rejected the query (400){said}")
    if code in (405, 415):
        return RemoteError(
            f"{url}: {code} {reason}: this URL does not take a SPARQL {what}; {_HINT}{said}"
        )
    return RemoteError(f"{url}: HTTP {code} {reason} for the {what}{said}")


# -- queries -------------------------------------------------------------------------------------

_ACCEPT = {
    "select": "application/sparql-results+json",
    "ask": "application/sparql-results+json",
    "graph": "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8",
}
_RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
}


def _lacks_derived(
    endpoint: Endpoint, text: str, graphs: dict[str, str], timeout: float | None
) -> bool:
    """`query.child.missing_table` for a pushed store: the tables are the catalogue's kinds, and
    the data is asked over the pushed documents."""
    from .query.child import missing_table

    kinds = set(graphs.values())
    data = sorted(g for g, k in graphs.items() if k in ASSERTED_KINDS)
    ask = f"ASK {{ ?a <{AK}collaboratesWith> ?b }}"
    return missing_table(
        text,
        str(AKDERIVED),
        kinds.__contains__,
        lambda: bool(remote_query(endpoint, ask, "ask", dataset=data, timeout=timeout).boolean),
    )


def remote_query(
    endpoint: Endpoint,
    text: str,
    kind: str,
    *,
    dataset: Iterable[str] | None = None,
    timeout: float | None = 30.0,
) -> Any:
    """POST an already-checked query; return a `alliance_kg.query.QueryResult`.

    `dataset` names the graphs to query (their union is the default graph, each is also a
    named graph); None leaves the dataset to the endpoint.
    """
    from .query.results import QueryResult

    form: list[tuple[str, str]] = [("query", text)]
    for g in dataset or ():
        form += [("default-graph-uri", g), ("named-graph-uri", g)]
    _allow_headers(len(form))
    answer = request(
        endpoint,
        "POST",
        endpoint.query_url,
        body=urllib.parse.urlencode(form).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": _ACCEPT[kind],
        },
        timeout=timeout,
        what="query",
    )
    url = endpoint.query_url
    if kind == "graph":
        fmt = _RDF_TYPES.get(answer.content_type)
        if fmt is None:
            raise _not_sparql(url, answer)
        try:
            triples = list(ox.parse(answer.body, fmt))
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"{url}: the answer is not valid RDF: {exc}") from None
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return QueryResult(kind="graph", data=data)
    if "json" not in answer.content_type:
        raise _not_sparql(url, answer)
    try:
        parsed = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"{url}: the answer is not SPARQL results JSON: {exc}") from None
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(parsed))
    if kind == "ask":  # Virtuoso answers ASK as one row of one variable, 1 or 0
        values = [term.value for row in parsed for term in row]
        return QueryResult(kind="ask", boolean=values[:1] in (["1"], ["true"]))
    variables = tuple(v.value for v in parsed.variables)
    return QueryResult(
        kind="select", variables=variables, data=parsed.serialize(format=ox.QueryResultsFormat.JSON)
    )


def _not_sparql(url: str, answer: Answer) -> RemoteError:
    return RemoteError(
        f"{url} answered {answer.content_type or 'with no content type'}, not SPARQL results: "
        f"it is not a SPARQL query endpoint; {_HINT}"
    )


def catalogue(endpoint: Endpoint, timeout: float | None = 30.0) -> dict[str, str]:
    """Graph IRI → kind, from the catalogue a `push` wrote ({} if the endpoint has none)."""
    text = (
        f"SELECT ?g ?kind WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ "
        f"?g <{_RDF_TYPE}> <{_SD}NamedGraph> ; <{_DCT}type> ?kind }} }}"
    )
    result = remote_query(endpoint, text, "select", timeout=timeout)
    return {
        row["g"].value: row["kind"].value
        for row in result.solutions()
        if isinstance(row.get("g"), ox.NamedNode) and "kind" in row
    }


def run_remote(
    endpoint: Endpoint,
    text: str,
    *,
    asserted_only: bool = False,
    timeout: float | None = 30.0,
    allow_service: bool = False,
    source: str | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Any:
    """Check a read-only query as `alliance_kg.query.run_query` does and run it at `endpoint`
    over the pushed graphs (all, or the asserted ones); return a `QueryResult`."""
    from .errors import QueryError
    from .query.safety import chooses_graphs, inspect_query

    if prefixes:  # the project's constant prefixes, declared before the text (no user input)
        text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()) + text
    kind, tree = inspect_query(text, source=source, allow_service=allow_service)
    graphs = catalogue(endpoint, timeout)
    dataset: list[str] | None = None
    if chooses_graphs(tree):
        if asserted_only:
            raise QueryError(
                f"{source or 'query'}: the query chooses its own graphs (FROM); "
                "drop FROM or --asserted-only"
            )
    elif graphs:
        if _lacks_derived(endpoint, text, graphs, timeout):
            raise QueryError(
                f"{source or 'query'}: the query reads the build's derived tables (derived: "
                f"terms), which the graphs pushed to {endpoint.query_url} lack (an older version "
                "pushed them); rebuild with `alliance-kg build --force`, then `alliance-kg push`"
            )
        # the derived tables in both, as local --asserted-only queries see them
        kinds = (*ASSERTED_KINDS, *DERIVED_KINDS, *(() if asserted_only else ("inferred",)))
        dataset = sorted(g for g, k in graphs.items() if k in kinds)
    elif asserted_only:
        raise QueryError(
            f"{endpoint.query_url} has no alliance-kg catalogue (graphs pushed by "
            "`alliance-kg push`), so --asserted-only cannot tell the graphs apart"
        )
    return remote_query(endpoint, text, kind, dataset=dataset, timeout=timeout)


def run_saved_remote(
    endpoint: Endpoint,
    query: Any,
    params: Mapping[str, Any] | None = None,
    *,
    store: Path | None = None,
    asserted_only: bool = False,
    timeout: float | None = 30.0,
    allow_service: bool = False,
) -> Any:
    """Run a `SavedQuery` at `endpoint`, its parameters bound in its own VALUES lines.

    Entity names other than IRIs are resolved with the local `store` when it exists.
    """
    from .query.terms import bind_parameters
    from .store import open_store

    params = dict(params or {})
    for name in params:
        query.parameter(name)
    needs_store = any(
        query.parameter(n).type == "entity" and not isinstance(v, ox.NamedNode)
        for n, v in params.items()
    )
    if needs_store and store is not None and Path(store).exists():
        with open_store(Path(store)) as opened:
            subs = bind_parameters(query, params, opened)
    else:
        subs = bind_parameters(query, _iris_only(query, params))
    text = query.text_with({k.value: v for k, v in subs.items()})
    return run_remote(
        endpoint,
        text,
        asserted_only=asserted_only,
        timeout=timeout,
        allow_service=allow_service,
        source=str(query.path),
    )


def _iris_only(query: Any, params: dict[str, Any]) -> dict[str, Any]:
    """`params` with entities given as IRIs made terms; a name is refused with a hint (there is
    no local store to resolve it)."""
    from .errors import QueryError
    from .query.terms import parse_term

    out = dict(params)
    for name, value in params.items():
        if query.parameter(name).type == "entity" and not isinstance(value, ox.NamedNode):
            try:
                out[name] = parse_term(str(value), "iri")
            except QueryError:
                raise QueryError(
                    f"query {query.name!r}, parameter {name!r}: {value!r} is a name and there "
                    "is no local store to resolve it; give the IRI (akid:… or <https://…>)"
                ) from None
    return out


# -- push ----------------------------------------------------------------------------------------


@dataclass
class PushedGraph:
    """One graph pushed: IRI, kind, triples sent and counted back, HTTP status, seconds."""

    graph: str
    kind: str
    triples: int
    status: int = 0
    remote_triples: int | None = None
    seconds: float = 0.0


@dataclass
class PushReport:
    """What `push` did: where to, each graph, graphs pruned, warnings, total seconds."""

    endpoint: str
    graph_store: str
    graphs: list[PushedGraph] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return asdict(self)


def graph_kind(iri: str) -> str:
    """The kind of a store graph: document, identities, inferred, nations, hierarchy or partners
    (derived tables the saved queries read), ontology or other."""
    if iri.startswith(str(AKGRAPH["doc/"])):
        return "document"
    return {
        str(IDENTITIES_GRAPH): "identities",
        str(INFERRED_GRAPH): "inferred",
        str(NATIONS_GRAPH): "nations",
        str(HIERARCHY_GRAPH): "hierarchy",
        str(PARTNERS_GRAPH): "partners",
        str(ONTOLOGY_GRAPH): "ontology",
    }.get(iri, "other")


def push(
    store: Path,
    endpoint: Endpoint,
    *,
    prune: bool = False,
    timeout: float | None = 120.0,
    say: Callable[[str], None] | None = None,
) -> PushReport:
    """Replace each named graph of the store at `endpoint` (HTTP PUT, N-Triples), then the
    catalogue; count them back; with `prune`, delete graphs an earlier push listed that the
    store no longer has."""
    from .store import open_store

    tell = say or (lambda _m: None)
    started = time.monotonic()
    gsp = endpoint.store_url()
    report = PushReport(endpoint.query_url, gsp)
    before = catalogue(endpoint, timeout)  # also checks the query endpoint before any write
    with open_store(Path(store)) as st:
        names = sorted(
            (g.value for g in st.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: ({"ontology": 2, "inferred": 1}.get(graph_kind(g), 0), g),
        )
        for n, iri in enumerate(names, 1):
            quads = st.quads_for_pattern(None, None, None, ox.NamedNode(iri))
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            pushed = PushedGraph(iri, graph_kind(iri), len(triples))
            t0 = time.monotonic()
            tell(f"[{n}/{len(names)}] {iri} ({len(triples)} triples)")
            pushed.status = _put(endpoint, gsp, iri, body, timeout)
            pushed.seconds = round(time.monotonic() - t0, 3)
            report.graphs.append(pushed)
    stale = sorted(set(before) - {g.graph for g in report.graphs})
    for iri in stale:
        if prune:
            tell(f"deleting {iri} (no longer in the store)")
            _delete(endpoint, gsp, iri, timeout)
            report.pruned.append(iri)
        else:
            report.warnings.append(
                f"{iri} was pushed before and is no longer in the store; --prune deletes it"
            )
    # stale graphs stay listed (kind "stale": queries leave them out) until a --prune
    kept = [PushedGraph(iri, "stale", 0) for iri in stale if iri not in report.pruned]
    _put(endpoint, gsp, CATALOGUE_GRAPH, _catalogue_body([*report.graphs, *kept]), timeout)
    _count_back(endpoint, report, timeout)
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _graph_url(gsp: str, iri: str) -> str:
    sep = "&" if urllib.parse.urlsplit(gsp).query else "?"
    return f"{gsp}{sep}{urllib.parse.urlencode({'graph': iri})}"


def _put(endpoint: Endpoint, gsp: str, iri: str, body: bytes, timeout: float | None) -> int:
    answer = request(
        endpoint,
        "PUT",
        _graph_url(gsp, iri),
        body=body,
        headers={"Content-Type": "application/n-triples"},
        timeout=timeout,
        what="write",
    )
    return answer.status


def _delete(endpoint: Endpoint, gsp: str, iri: str, timeout: float | None) -> None:
    try:
        request(endpoint, "DELETE", _graph_url(gsp, iri), timeout=timeout, what="write")
    except RemoteError as exc:
        if "404" not in str(exc):  # already gone
            raise


def _catalogue_body(graphs: list[PushedGraph]) -> bytes:
    """The catalogue graph's N-Triples: each pushed graph, its kind and its size."""
    triples = []
    for g in graphs:
        node = ox.NamedNode(g.graph)
        triples += [
            ox.Triple(node, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_SD + "NamedGraph")),
            ox.Triple(node, ox.NamedNode(_DCT + "type"), ox.Literal(g.kind)),
            ox.Triple(
                node,
                ox.NamedNode(_VOID + "triples"),
                ox.Literal(str(g.triples), datatype=ox.NamedNode(_XSD + "integer")),
            ),
        ]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _count_back(endpoint: Endpoint, report: PushReport, timeout: float | None) -> None:
    """Count each pushed graph's triples through the query endpoint; note any difference."""
    if not report.graphs:
        return
    values = " ".join(str(ox.NamedNode(g.graph)) for g in report.graphs)
    text = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
        "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    result = remote_query(endpoint, text, "select", timeout=timeout)
    counts = {row["g"].value: int(row["n"].value) for row in result.solutions() if "n" in row}
    for g in report.graphs:
        g.remote_triples = counts.get(g.graph, 0)
        if g.remote_triples != g.triples:
            report.warnings.append(
                f"{g.graph}: {g.triples} triples sent, {g.remote_triples} counted back"
            )
