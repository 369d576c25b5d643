"""The network guard can fail a test: an attempt in this process, in a child process, and a
fetch that reaches the canary are each caught."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request

import pytest


def test_an_attempt_in_this_process_is_refused_and_logged(netlog):
    with pytest.raises(PermissionError, match="network blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert "192.0.2.1" in netlog.read_text()
    netlog.write_text("")  # caught on purpose: do not fail this test


def test_a_name_lookup_is_an_attempt(netlog):
    with pytest.raises(PermissionError):
        socket.getaddrinfo("example.org", 443)
    assert "example.org" in netlog.read_text()
    netlog.write_text("")


def test_an_attempt_in_a_child_process_is_logged(netlog):
    code = "import urllib.request\ntry:\n urllib.request.urlopen('http://example.org/', timeout=2)\nexcept Exception as e:\n print(type(e).__name__)\n"  # noqa: E501
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "example.org" in netlog.read_text(), out
    netlog.write_text("")


def test_loopback_is_allowed_and_the_canary_records_it(canary):
    with pytest.raises(OSError):  # the canary closes at once: no HTTP answer
        urllib.request.urlopen(canary.url + "context.jsonld", timeout=5).read()
    import time

    for _ in range(50):
        if canary.hits:
            break
        time.sleep(0.05)
    assert canary.hits and b"context.jsonld" in canary.hits[0]
    canary.hits.clear()
