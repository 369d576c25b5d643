"""`alliance-kg query …` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from alliance_kg.project import Project
from alliance_kg.query import saved_queries


def test_query_list_shows_every_saved_query(example: Project, cli: Callable) -> None:
    r = cli("query", "list", "--project", example.root, "--format", "json")
    assert r.code == 0, r.err
    listed = {q["name"]: q for q in json.loads(r.out)}
    assert set(listed) == {q.name for q in saved_queries(example.queries)}
    assert [p["name"] for p in listed["collaboration-chain"]["parameters"]] == ["from", "to"]
    r = cli("query", "list", "--project", example.root)
    assert r.code == 0 and "collaboration-chain" in r.out


def test_query_run_with_params_prints_w3c_json(example: Project, cli: Callable) -> None:
    r = cli(
        "query", "run", "linking-organisations", "--param", "from=DOE", "-p", "to=nvidia",
        "--format", "json", "--project", example.root,
    )  # fmt: skip
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert "organisation" in doc["head"]["vars"]
    labels = {b["label"]["value"] for b in doc["results"]["bindings"]}
    assert labels == {
        "Ministry of Education, Culture, Sports, Science and Technology",
        "Argonne National Laboratory",
        "RIKEN",
        "Fujitsu",
    }


def test_query_run_table_csv_and_tsv(example: Project, cli: Callable) -> None:
    r = cli("query", "run", "investment-breakdown", "--project", example.root)
    assert r.code == 0 and "73000000000" in r.out and "1 row" in r.out
    r = cli("query", "run", "investment-breakdown", "--format", "csv", "--project", example.root)
    (row,) = list(csv.DictReader(io.StringIO(r.out)))
    assert row["sumOfParts"] == row["amount"] == "73000000000" and row["currency"] == "USD"
    r = cli(
        "query", "run", "lookup", "-p", "name=doe", "--format", "tsv", "--project", example.root
    )
    assert r.out.splitlines()[0].startswith("?name\t?entity")
    assert "<https://w3id.org/alliance-kg/id/us-department-of-energy>" in r.out


def test_ad_hoc_query_text_file_and_explicit_subcommand(
    example: Project,
    cli: Callable,
    tmp_path,
) -> None:
    q = "SELECT ?code WHERE { ?n a ak:Nation ; ak:iso3166Alpha2 ?code } ORDER BY ?code"
    r = cli("query", q, "--format", "csv", "--project", example.root)
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["code", "JP", "KP", "US"]
    f = tmp_path / "nations.rq"
    f.write_text(q)
    assert cli("query", "--file", f, "--format", "csv", "--project", example.root).out == r.out
    assert cli("query", "sparql", q, "--format", "csv", "--project", example.root).out == r.out


def test_construct_prints_turtle(example: Project, cli: Callable) -> None:
    r = cli(
        "query", "CONSTRUCT { ?s ak:country akid:japan } WHERE { ?s ak:country akid:japan }",
        "--project", example.root,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "@prefix akid:" in r.out and "akid:riken ak:country akid:japan" in r.out


def test_refusals_and_errors_are_one_line_with_exit_2(example: Project, cli: Callable) -> None:
    cases = [
        ("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
        ("query", "DROP ALL"),
        ("query", "SELECT * WHERE { ?s ?p }"),
        ("query", "run", "collaboration-chain", "-p", "from=Departmnt of Enrgy"),
        ("query", "run", "no-such-query"),
        ("query", "run", "lookup", "-p", "name"),
    ]
    for args in cases:
        r = cli(*args, "--project", example.root)
        assert r.code == 2, (args, r.out, r.err)
        assert r.err.startswith("error: ") and len(r.err.strip().splitlines()) == 1, r.err


def test_timeout_flag_stops_the_query(example: Project, cli: Callable) -> None:
    r = cli(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "--timeout", "1", "--project", example.root,
    )  # fmt: skip
    assert r.code == 1 and "stopped" in r.err and "Traceback" not in r.err
