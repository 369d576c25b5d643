"""Block and record every network attempt of a Python process, for the hostile-input tests.

Put on ``PYTHONPATH`` of the CLI's child processes (tests/robustness/conftest.py does) and
installed in the test process too: an audit hook refuses ``socket.connect``, ``sendto`` and
``getaddrinfo`` to anything but loopback (the serve and push tests talk to local servers), and
appends the attempt to the file named by ``ALLIANCE_KG_NETLOG`` so that the test fails even when
the code under test swallows the error. Requests made outside Python (Rust, Java) are caught by
the tests' loopback canary instead.
"""

from __future__ import annotations

import ipaddress
import os
import sys

LOG_ENV = "ALLIANCE_KG_NETLOG"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_loopback(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").split("%")[0]
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args[0], args[1]
        if not isinstance(address, tuple):  # a Unix socket path: not the network
            return
        if getattr(sock, "family", None) not in (2, 10):  # AF_INET, AF_INET6
            return
        host = address[0]
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if _is_loopback(host):
        return
    record = f"{os.getpid()} {event} {host!r}\n"
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(record)
    raise PermissionError(f"network blocked by the hostile-input tests: {event} {host!r}")


def install() -> None:
    """Add the hook to this process (once; an audit hook cannot be removed)."""
    if not getattr(sys, "_alliance_kg_netguard", False):
        sys.addaudithook(_hook)
        sys._alliance_kg_netguard = True  # type: ignore[attr-defined]


if os.environ.get(LOG_ENV):
    install()
