"""`alliance-kg serve` never lets a query make the server fetch: a SERVICE (which the Oxigraph
server would execute for anyone who can reach the port) and an update are refused with 403
before the server sees them, however the query is sent; ordinary queries still answer."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from alliance_kg.serve_guard import refusal

from ..conftest import Built

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def endpoint(tiny_built: Built, netlog) -> Iterator[str]:
    """A running `alliance-kg serve` on a free loopback port (its query URL)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "alliance_kg",
            "serve",
            "--port",
            "0",
            "--no-follow",
            "--project",
            str(tiny_built.project.root),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith("SPARQL endpoint:"):
                url = line.split()[2]
                break
        assert url, proc.stderr.read()  # type: ignore[union-attr]
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(url: str, query: str) -> tuple[int, bytes]:
    return _send(urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query})))


def _send(req: urllib.request.Request) -> tuple[int, bytes]:
    try:
        with OPENER.open(req, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_an_ordinary_query_answers(endpoint):
    status, body = _get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_the_query_page_is_relayed(endpoint):
    status, body = _send(urllib.request.Request(endpoint.rsplit("/", 1)[0] + "/"))
    assert status == 200 and b"<html" in body.lower()


def test_service_is_refused_however_it_is_sent(endpoint, canary):
    query = f"SELECT * WHERE {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}"
    status, body = _get(endpoint, query)
    assert status == 403 and b"SERVICE" in body
    form = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(endpoint, data=form, method="POST")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    assert _send(req)[0] == 403
    req = urllib.request.Request(endpoint, data=query.encode(), method="POST")
    req.add_header("Content-Type", "application/sparql-query; charset=utf-8")
    assert _send(req)[0] == 403
    # the canary saw nothing: the autouse guard checks it after the test


def test_updates_and_bad_syntax_are_answered_before_the_server(endpoint, canary):
    req = urllib.request.Request(
        endpoint.rsplit("/", 1)[0] + "/update", data=f"LOAD <{canary.url}x>".encode(),
        method="POST", headers={"Content-Type": "application/sparql-update"},
    )  # fmt: skip
    assert _send(req)[0] == 403
    assert _get(endpoint, "SELEC nothing")[0] == 400


def test_the_check_itself():
    assert refusal("GET", "query=ASK%7B%7D", "", b"") is None
    assert refusal("GET", "update=DROP+ALL", "", b"")[0] == 403
    status, why = refusal("POST", "", "application/x-www-form-urlencoded",
                          b"query=SELECT+*+{SERVICE+<http://x/>+{?s+?p+?o}}")  # fmt: skip
    assert status == 403 and "SERVICE" in why
