"""The query runner: parameter binding, read-only safety, time limit, graphs, output formats.

A query given a store path starts a child process (about 1 s); tests about the answer run on
`example_store`, opened in this process. The time limit, the read-only child and the network
control keep the child process.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.derived import derive
from alliance_kg.namespaces import INFERRED_GRAPH, PREFIXES
from alliance_kg.project import Project
from alliance_kg.query import (
    QueryError,
    QueryRefusedError,
    QueryRuntimeError,
    QuerySyntaxError,
    QueryTimeoutError,
    find_saved,
    load_saved,
    parse_term,
    run_query,
    run_saved,
    saved_queries,
)
from alliance_kg.resolve import EntityNotFoundError
from alliance_kg.store import open_store

INJECTION = 'x" } ; DROP ALL ; #'
AK = PREFIXES["ak"]
AKID = PREFIXES["akid"]


def digest(store_path: Path) -> tuple[int, str]:
    """Number of quads and a hash of their sorted N-Quads: any change shows."""
    with open_store(store_path) as store:
        lines = sorted(str(q) for q in store)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


# -- parameters are bound, never pasted --------------------------------------------------------


def test_injection_value_is_a_literal_that_matches_nothing(
    example: Project, example_store: ox.Store
) -> None:
    before = digest(example.store)
    lookup = find_saved(example.queries, "lookup")
    assert run_saved(example_store, lookup, {"name": INJECTION}).rows == []
    assert run_saved(example_store, lookup, {"name": "doe"}).rows  # the same query does match
    assert digest(example.store) == before


def test_injection_value_as_entity_or_iri_is_refused(example: Project) -> None:
    chain = find_saved(example.queries, "collaboration-chain")
    with pytest.raises(EntityNotFoundError, match="no entity is named"):
        run_saved(example.store, chain, {"from": INJECTION})
    with pytest.raises(QueryError, match="not an IRI"):
        parse_term(INJECTION, "iri")


def test_unknown_parameter_and_bad_numbers_are_input_errors(example: Project) -> None:
    chain = find_saved(example.queries, "collaboration-chain")
    with pytest.raises(QueryError, match=r"has no parameter 'form'.*from, to"):
        run_saved(example.store, chain, {"form": "DOE"})
    with pytest.raises(QueryError, match="not an integer"):
        parse_term("12; DROP", "integer")
    assert parse_term("7", "integer").value == "7"
    assert parse_term("akid:japan", "iri") == ox.NamedNode(AKID + "japan")


def test_unknown_saved_query_suggests_close_names(example: Project) -> None:
    with pytest.raises(QueryError, match="did you mean collaboration-chain"):
        find_saved(example.queries, "collaboration-chian")


# -- read-only: updates and SERVICE refused ---------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "DELETE WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_and_change_nothing(example: Project, update: str) -> None:
    before = digest(example.store)
    with pytest.raises(QueryRefusedError, match="refused"):
        run_query(example.store, update)
    assert digest(example.store) == before


@pytest.fixture
def listener():
    """A listening TCP socket on 127.0.0.1 that records whether anything connected."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    yield sock
    sock.close()


def _connected(sock: socket.socket, wait: float) -> bool:
    sock.settimeout(wait)
    try:
        conn, _ = sock.accept()
    except TimeoutError:
        return False
    conn.close()
    return True


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <{url}> {{ ?s ?p ?o }}",
        "service silent <{url}> {{ ?s ?p ?o }}",
        "OPTIONAL {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ],
)
def test_service_is_refused_without_a_connection(example: Project, listener, pattern: str) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    query = "SELECT * WHERE { " + pattern.format(url=url) + " }"
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        run_query(example.store, query)
    assert not _connected(listener, 0.5)


@pytest.mark.parametrize("clause", ["FROM <{url}>", "FROM NAMED <{url}>"])
def test_from_names_a_stored_graph_and_fetches_nothing(
    example_store: ox.Store,
    listener,
    clause: str,
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/data.ttl"
    where = "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    assert run_query(example_store, f"SELECT * {clause.format(url=url)} WHERE {where}").rows == []
    assert not _connected(listener, 0.5)
    # FROM picks a stored graph by name
    doc = "<https://w3id.org/alliance-kg/graph/doc/us-japan-alliance-summit>"
    ask = f"ASK FROM {doc} WHERE {{ ?s a <https://w3id.org/alliance-kg/ontology#Evidence> }}"
    assert run_query(example_store, ask).boolean is True
    with pytest.raises(QueryError, match="FROM"):
        run_query(example_store, ask, asserted_only=True)


def test_service_to_the_discard_port_is_refused_before_running(example: Project) -> None:
    with pytest.raises(QueryRefusedError, match=r"http://127\.0\.0\.1:9/.*--allow-service"):
        run_query(example.store, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_allow_service_really_connects(example: Project, listener) -> None:
    """The control: with the flag the engine does go out, so the test above can fail."""
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    outcome: list[BaseException | None] = []

    def go() -> None:
        try:
            run_query(
                example.store,
                f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                allow_service=True,
                timeout=20,
            )
            outcome.append(None)
        except (QueryRuntimeError, QueryTimeoutError) as exc:
            outcome.append(exc)

    thread = threading.Thread(target=go)
    thread.start()
    assert _connected(listener, 15)  # closing it at once makes the child's request fail
    thread.join(30)
    assert outcome and isinstance(outcome[0], QueryRuntimeError)


def test_service_inside_a_string_or_iri_is_not_a_service(example_store: ox.Store) -> None:
    result = run_query(
        example_store,
        'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) '
        "FILTER(?x != <http://example.org/SERVICE>) }",
    )
    assert result.rows == [{"x": "SERVICE <http://127.0.0.1:9/>"}]


# -- time limit --------------------------------------------------------------------------------


def test_a_cartesian_product_is_stopped_by_the_time_limit(example: Project) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeoutError, match="longer than 1 s and was stopped"):
        run_query(example.store, query, timeout=1)
    # the store is not left locked or changed: the next query runs
    assert run_query(example.store, "ASK { ?s ?p ?o }").boolean is True


# -- syntax errors -----------------------------------------------------------------------------


def test_syntax_error_in_a_query_file_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "# title: Broken\n"
        "# description: a FILTER with nothing on the right\n"
        "PREFIX ak: <https://w3id.org/alliance-kg/ontology#>\n"
        "SELECT ?x WHERE {\n"
        "  ?x ak:country ?c .\n"
        "  FILTER(?c = )\n"
        "}\n"
    )
    with pytest.raises(QuerySyntaxError) as info:
        load_saved(bad)
    assert str(info.value).startswith(f"{bad}:6:3: SPARQL syntax error")
    assert "FILTER(?c = )" in str(info.value)


def test_header_example_must_match_the_values_line(tmp_path: Path) -> None:
    bad = tmp_path / "mismatch.rq"
    bad.write_text(
        "# title: Mismatch\n"
        "# param: who entity akid:japan — a party\n"
        "PREFIX akid: <https://w3id.org/alliance-kg/id/>\n"
        "SELECT ?who WHERE { VALUES ?who { akid:japan }\n"
        "  ?who ?p ?o }\n"
    )
    with pytest.raises(QueryError, match="needs exactly one line"):
        load_saved(bad)


def test_parameter_must_be_projected(tmp_path: Path) -> None:
    bad = tmp_path / "hidden.rq"
    bad.write_text(
        "# title: Hidden parameter\n"
        "# param: who entity akid:japan — a party\n"
        "PREFIX akid: <https://w3id.org/alliance-kg/id/>\n"
        "SELECT ?p WHERE {\n"
        "  VALUES ?who { akid:japan }\n"
        "  ?who ?p ?o }\n"
    )
    with pytest.raises(QueryError, match="must be projected"):
        load_saved(bad)


# -- graphs: union by default, asserted only on request ----------------------------------------


INFERRED = ox.Quad(
    ox.NamedNode(AKID + "nvidia"),
    ox.NamedNode(AK + "collaboratesWith"),
    ox.NamedNode(AKID + "north-korea"),
    ox.NamedNode(str(INFERRED_GRAPH)),
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUPERTYPES = """SELECT DISTINCT ?e ?sup WHERE {
  ?e a ?c . ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?sup . FILTER(isIRI(?sup)) }"""
ASK_INFERRED = f"ASK {{ <{AKID}nvidia> <{AK}collaboratesWith> <{AKID}north-korea> }}"


@pytest.fixture(scope="module")
def with_inferred(example: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk copy of the example store plus, in the inferred graph, one new triple, every
    superclass type and the whole document graph again (as materialised entailments may be)."""
    folder = tmp_path_factory.mktemp("inferred") / "store"
    with open_store(example.store) as source:
        quads = list(source)
    store = ox.Store(str(folder))
    store.bulk_extend(quads)
    dup = [ox.Quad(q.subject, q.predicate, q.object, INFERRED.graph_name) for q in quads]
    supertypes = [
        ox.Quad(r["e"], ox.NamedNode(RDF_TYPE), r["sup"], INFERRED.graph_name)
        for r in store.query(SUPERTYPES, use_default_graph_as_union=True)
    ]
    assert supertypes
    store.bulk_extend([*dup, *supertypes, INFERRED])
    derive(store)  # the union and nations table a build derives after the inferred graph
    store.flush()
    del store
    return folder


def test_union_of_graphs_by_default_asserted_only_on_request(with_inferred: Path) -> None:
    assert run_query(with_inferred, ASK_INFERRED).boolean is True
    assert run_query(with_inferred, ASK_INFERRED, asserted_only=True).boolean is False
    with open_store(with_inferred) as store:  # in-process, the same
        assert run_query(store, ASK_INFERRED, asserted_only=True).boolean is False
        assert run_query(store, ASK_INFERRED).boolean is True


def test_saved_answers_survive_an_inferred_graph(
    example: Project, example_store: ox.Store, with_inferred: Path
) -> None:
    """Repeated triples do not double totals; superclass types do not add rows or kinds."""

    def norm(rows: list[dict]) -> list[str]:  # GROUP_CONCAT order is the engine's choice
        return sorted(
            repr(sorted((k, "; ".join(sorted(v.split("; "))) if isinstance(v, str) else v)
                        for k, v in row.items()))
            for row in rows
        )  # fmt: skip

    with open_store(with_inferred) as inferred:
        for q in saved_queries(example.queries):
            assert norm(run_saved(inferred, q).rows) == norm(run_saved(example_store, q).rows), (
                q.name
            )


# -- results and formats -----------------------------------------------------------------------


def test_select_json_is_the_w3c_results_format(example_store: ox.Store) -> None:
    result = run_query(
        example_store,
        "SELECT ?n ?code WHERE { ?n a ak:Nation ; ak:iso3166Alpha2 ?code } ORDER BY ?code",
        prefixes=PREFIXES,
    )
    doc = json.loads(result.serialize("json"))
    assert doc["head"]["vars"] == ["n", "code"]
    assert [b["code"]["value"] for b in doc["results"]["bindings"]] == ["JP", "KP", "US"]
    assert doc["results"]["bindings"][0]["n"] == {"type": "uri", "value": AKID + "japan"}
    parsed = ox.parse_query_results(result.serialize("json"), ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 3
    assert result.serialize("csv").splitlines()[:2] == ["n,code", f"{AKID}japan,JP"]
    assert result.serialize("tsv").splitlines()[1] == f'<{AKID}japan>\t"JP"'


def test_construct_prints_turtle_and_ask_a_boolean(example_store: ox.Store) -> None:
    result = run_query(
        example_store,
        "CONSTRUCT { ?s ak:country akid:japan } WHERE { ?s ak:country akid:japan }",
        prefixes=PREFIXES,
    )
    assert result.kind == "graph"
    turtle = result.serialize("turtle")
    assert "akid:riken ak:country akid:japan" in turtle
    with pytest.raises(QueryError, match="graph"):
        result.serialize("csv")
    ask = run_query(example_store, "ASK { ?s ak:country akid:japan }", prefixes=PREFIXES)
    assert ask.kind == "ask" and ask.boolean is True
    assert json.loads(ask.serialize("json"))["boolean"] is True


# -- the fast check (pyoxigraph + tokens) agrees with rdflib's parse tree ----------------------

TRICKY_PLACEMENT = [
    "SELECT ?a WHERE { VALUES ?a { 1 } { SELECT ?b WHERE { VALUES ?b { 2 } } } }",
    "SELECT * WHERE { ?s ?p ?o . VALUES ?o { 1 } }",
    "SELECT ?s (COUNT(?o) AS ?n) WHERE { VALUES ?s { <x:a> } ?s ?p ?o } GROUP BY ?s",
    "SELECT ?s WHERE { OPTIONAL { VALUES ?o { 1 } } ?s ?p ?o } VALUES ?s { <x:a> }",
    'SELECT ?s WHERE { # a comment { VALUES ?c { 1 } }\n ?s ?p "{ VALUES ?d { 1 } }" }',
    "SELECT (?x AS ?y) ?z WHERE { VALUES (?x) { (1) } VALUES (?z ?w) { (1 2) } }",
    "CONSTRUCT { ?s <x:p> ?o } WHERE { VALUES ?s { <x:a> } ?s ?q ?o }",
    "ASK { VALUES ?s { <x:a> } ?s ?p ?o }",
    "PREFIX where: <x:> SELECT DISTINCT ?where WHERE { VALUES ?where { where:a } }",
]


@pytest.mark.parametrize("text", TRICKY_PLACEMENT)
def test_token_placement_matches_the_parse_tree(text: str) -> None:
    from alliance_kg.query.safety import _inspect_parsed
    from alliance_kg.query.saved import placement, scan_placement

    top, projected = placement(_inspect_parsed(text)[1])
    fast_top, fast_projected = scan_placement(text)
    assert fast_top == top
    # rdflib's tree names an `(expression AS ?v)` "var": compare the plain variables
    assert (fast_projected is None) == (projected is None)
    if projected is not None and fast_projected is not None:
        assert projected - {"var"} <= fast_projected


def test_every_saved_query_gets_the_same_verdict_from_both_checks() -> None:
    from alliance_kg.query.safety import Checked, _inspect_parsed, inspect_query
    from alliance_kg.query.saved import placement, scan_placement

    from .conftest import ROOT

    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text()
        kind, checked = inspect_query(text)
        slow_kind, tree = _inspect_parsed(text)
        assert isinstance(checked, Checked) and kind == slow_kind, path.name
        assert scan_placement(text)[0] == placement(tree)[0], path.name


@pytest.mark.parametrize(
    ("text", "kind", "named"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select", False),
        ("ask { ?s ?p ?o }", "ask", False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "graph", False),
        ("DESCRIBE <x:a>", "graph", False),
        ("SELECT * FROM <x:g> WHERE { ?s ?p ?o }", "select", True),
        ("SELECT * from named <x:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "select", True),
        ('SELECT ?from WHERE { BIND("FROM" AS ?from) }', "select", False),
        ("SELECT * WHERE { ?s akid:from ?o }", "select", False),
    ],
)
def test_fast_check_kind_and_dataset_clause(text: str, kind: str, named: bool) -> None:
    from alliance_kg.query.safety import Checked, chooses_graphs, inspect_query

    got, checked = inspect_query(text)
    assert isinstance(checked, Checked)
    assert (got, chooses_graphs(checked)) == (kind, named)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <x:a> <x:b> <x:c> }",
        "LOAD <http://127.0.0.1:9/x>",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
        "SELECT * WHERE { ?s ?p ?o } LOAD <http://127.0.0.1:9/x>",
    ],
)
def test_fast_check_still_refuses_updates(text: str) -> None:
    from alliance_kg.errors import QueryRefusedError, QuerySyntaxError
    from alliance_kg.query.safety import inspect_query

    with pytest.raises((QueryRefusedError, QuerySyntaxError)):
        inspect_query(text)


def test_a_query_naming_service_anywhere_takes_the_full_check() -> None:
    from alliance_kg.query.safety import Checked, inspect_query

    kind, tree = inspect_query('SELECT ?x WHERE { BIND("service" AS ?x) }')
    assert kind == "select" and not isinstance(tree, Checked)


def test_deep_nesting_is_checked_by_rdflib_not_pyoxigraph() -> None:
    # pyoxigraph's parser overflows the stack on thousands of nested groups (a crash of the
    # whole process): such text must never reach it in the checking process
    from alliance_kg.errors import QuerySyntaxError
    from alliance_kg.query.safety import MAX_FAST_NESTING, _nesting, inspect_query

    deep = "SELECT * WHERE { " + "{" * 3000 + "?s ?p ?o" + "}" * 3000 + " }"
    assert _nesting(deep) > MAX_FAST_NESTING
    assert _nesting("}" * 3000 + "{" * 3000) == 3000
    with pytest.raises(QuerySyntaxError):
        inspect_query(deep)


@pytest.mark.parametrize(
    "value",
    [INJECTION, 'a"b', "back\\slash", "two\nlines", "} } ; #", "'single'", "Ünïcödé ✓", '"""'],
)
def test_a_bound_string_comes_back_byte_for_byte(tmp_path: Path, value: str) -> None:
    """The bound term is written by pyoxigraph on the parameter's own VALUES line: whatever the
    value holds, the query sees exactly that one literal and nothing else."""
    (tmp_path / "echo.rq").write_text(
        "# title: Echo\n# description: returns its parameter\n"
        '# param: v string "example" — any text\n'
        'SELECT ?v ?n WHERE {\n  VALUES ?v { "example" }\n  BIND(STRLEN(?v) AS ?n)\n}\n',
        encoding="utf-8",
    )
    echo = find_saved(tmp_path, "echo")
    store = ox.Store()
    rows = run_saved(store, echo, {"v": value}).rows
    assert len(rows) == 1
    assert str(rows[0]["v"]) == value and int(str(rows[0]["n"])) == len(value)
