"""`alliance-kg serve`: a real Oxigraph server over the built store, pinned against builds.

The server runs as `python -m alliance_kg serve` in a child process, as a user would start it;
the tests talk to it over HTTP on 127.0.0.1 and stop it with SIGINT / SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from alliance_kg.build import build
from alliance_kg.errors import InputError
from alliance_kg.lease import pin_live_store, pinned_folders
from alliance_kg.project import Project
from alliance_kg.serve import is_loopback, serve
from alliance_kg.store import remove_orphan_stores

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@dataclass
class Server:
    proc: subprocess.Popen[str]
    url: str  # the query endpoint
    lines: list[str]

    def read_until(self, needle: str) -> str:
        """Lines of the server's stdout up to the first containing `needle` (EOF fails)."""
        assert self.proc.stdout is not None
        watchdog = threading.Timer(120, self.proc.kill)  # a hung server fails, never hangs
        watchdog.start()
        try:
            for line in self.proc.stdout:
                self.lines.append(line)
                if needle in line:
                    return line
        finally:
            watchdog.cancel()
        raise AssertionError(f"serve exited without printing {needle!r}: {self.lines}")


def start(project: Project, *args: str) -> Server:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "alliance_kg", "serve", "--port", "0", *args,
         "--project", str(project.root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    server = Server(proc, "", [])
    line = server.read_until("SPARQL endpoint:")
    server.url = line.split()[2]
    return server


def stop(server: Server, signum: int = signal.SIGINT) -> tuple[int, str]:
    server.proc.send_signal(signum)
    _out, err = server.proc.communicate(timeout=30)
    return server.proc.returncode, err


@pytest.fixture
def serving(built_tiny_project: Project) -> Iterator[tuple[Project, Server]]:
    server = start(built_tiny_project, "--no-follow")
    yield built_tiny_project, server
    if server.proc.poll() is None:
        stop(server)


def http(method: str, url: str, body: bytes | None = None, ctype: str = "") -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method)
    if ctype:
        req.add_header("Content-Type", ctype)
    req.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux /proc)."""
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def count(url: str) -> int:
    status, body = http("GET", f"{url}?{urllib.parse.urlencode({'query': COUNT})}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_serve_answers_refuses_writes_and_stops_cleanly(serving: tuple[Project, Server]) -> None:
    project, server = serving
    folder = project.store.resolve()
    assert count(server.url) > 100  # the union of the store's graphs
    base = server.url.removesuffix("query")
    status, _ = http("POST", f"{base}update", b"update=CLEAR ALL",
                     "application/x-www-form-urlencoded")  # fmt: skip
    assert status == 403
    status, _ = http("PUT", f"{base}store?graph=urn:x", b"<urn:a> <urn:b> <urn:c> .\n",
                     "application/n-triples")  # fmt: skip
    assert status == 403
    status, page = http("GET", base)
    assert status == 200 and b"<html" in page.lower()  # the query page, served offline
    lease = next((project.store.parent / ".leases").glob("*.lease"))
    assert json.loads(lease.read_text())["folder"] == str(folder)
    code, err = stop(server, signal.SIGINT)
    assert code == 130 and "stopped" in err and "Traceback" not in err
    assert not lease.exists()


def test_a_build_while_serving_keeps_the_served_folder_until_the_server_stops(
    serving: tuple[Project, Server],
) -> None:
    project, server = serving
    served = project.store.resolve()
    before = count(server.url)
    build(project, force=True, reason=False)  # swaps a new store in: would delete `served`
    assert project.store.resolve() != served
    assert served.is_dir()  # pinned: kept under the server's feet
    assert count(server.url) == before  # still answering from it
    (child,) = children(server.proc.pid)
    code, _err = stop(server, signal.SIGTERM)
    assert code == 0
    with pytest.raises(ProcessLookupError):  # the oxigraph child stopped with it
        os.kill(child, 0)
    build(project, reason=False)  # up to date, but the orphan is cleaned first
    assert not served.exists()


def test_follow_serves_the_new_store_after_a_build(built_tiny_project: Project) -> None:
    server = start(built_tiny_project)
    try:
        first = built_tiny_project.store.resolve()
        build(built_tiny_project, force=True, reason=False)
        line = server.read_until("now serving")
        assert built_tiny_project.store.resolve().name in line
        count(server.url)  # answers on the same port
        assert first not in pinned_folders(built_tiny_project.store)
    finally:
        stop(server)


def test_serve_refuses_a_non_loopback_bind_without_allow_remote(
    built_tiny_project: Project,
) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    with pytest.raises(InputError, match="--allow-remote"):
        serve(built_tiny_project.store, host="0.0.0.0")


def test_cli_refuses_a_non_loopback_bind(built_tiny_project: Project, cli) -> None:
    result = cli("serve", "--bind", "0.0.0.0", "--project", built_tiny_project.root)
    assert result.code == 2
    assert result.err.startswith("error: --bind 0.0.0.0 is not a loopback address")


def test_a_pin_survives_cleanup_and_a_stale_one_is_dropped(built_tiny_project: Project) -> None:
    link = built_tiny_project.store
    with pin_live_store(link) as lease:
        assert lease.folder == link.resolve()
        build(built_tiny_project, force=True, reason=False)
        assert lease.folder.is_dir()
        assert remove_orphan_stores(link) == []  # still pinned
    assert pinned_folders(link) == set()
    assert [p.resolve() for p in remove_orphan_stores(link)] == [lease.folder]


def test_a_taken_port_is_one_clear_error(built_tiny_project: Project) -> None:
    import socket

    from alliance_kg.errors import StoreError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StoreError, match="the port is taken: choose another with --port"):
            serve(built_tiny_project.store, port=port)
    assert pinned_folders(built_tiny_project.store) == set()  # the pin went with it
