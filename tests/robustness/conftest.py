"""The network is blocked in every robustness test, in this process and in its children.

`netguard/sitecustomize.py` is put first on ``PYTHONPATH`` (so every child Python, the query
worker among them, loads it) and installed here: a connection to anything but loopback raises
and is written to a log. A loopback *canary* listener stands in for "a remote server" in hostile
inputs (a JSON-LD context, an ``owl:imports``, a ``SERVICE``): any fetch, from Python, Rust or
Java, reaches it and is recorded. After each test both must be empty, or the test fails.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

NETGUARD = Path(__file__).parent / "netguard"
sys.path.insert(0, str(NETGUARD))
import sitecustomize as netguard  # noqa: E402  (our guard, from netguard/)

sys.path.remove(str(NETGUARD))


class Canary:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.hits: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        """A URL hostile inputs point at (``http://127.0.0.1:PORT/``)."""
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(200) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")


@pytest.fixture(scope="session")
def netlog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The file every blocked attempt is written to (this process and its children)."""
    log = tmp_path_factory.mktemp("netguard") / "attempts.log"
    log.touch()
    saved = {k: os.environ.get(k) for k in (netguard.LOG_ENV, "PYTHONPATH")}
    os.environ[netguard.LOG_ENV] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(NETGUARD), saved["PYTHONPATH"]) if p)
    netguard.install()
    yield log
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def canary() -> Canary:
    """The loopback listener standing in for a remote server."""
    return Canary()


@pytest.fixture(autouse=True)
def no_network(netlog: Path, canary: Canary) -> Iterator[None]:
    """Fail the test if it (or a child process) tried the network or reached the canary."""
    netlog.write_text("")
    canary.hits.clear()
    yield
    attempts = netlog.read_text()
    netlog.write_text("")
    hits, canary.hits[:] = list(canary.hits), []
    assert not attempts, f"network attempts: {attempts}"
    assert not hits, f"a hostile input made a request to the canary: {hits}"
