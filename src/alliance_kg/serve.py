"""A read-only SPARQL 1.1 endpoint over the built store: the Oxigraph server, run as a child.

`serve` pins the live store folder (`alliance_kg.lease`, so a build cannot delete it), starts
``oxigraph serve-read-only`` on it (same storage format as pyoxigraph of the same version;
updates and Graph Store writes answered 403; the query page at ``/`` works offline), with the
default graph as the distinct union of all graphs (as `alliance-kg query` sees them) and a query
time limit. The server listens on a private loopback port; the address the user asked for is
held by `alliance_kg.serve_guard`, which refuses ``SERVICE`` and updates before the server sees
them (the server would fetch a ``SERVICE`` URL for anyone who can reach the port). SIGINT and
SIGTERM are forwarded to the child, which is reaped before `serve` returns. With ``follow``, a
build that swaps in a new store restarts the child on it (queries get 503 for a moment) and the
old folder's pin is released.
"""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, StoreError
from .lease import Lease, pin_live_store

#: the port `alliance-kg serve` listens on unless told otherwise (Oxigraph's own default)
DEFAULT_PORT = 7878
#: seconds to wait for the server to answer after it starts
START_TIMEOUT = 20.0


@dataclass(frozen=True)
class Serving:
    """Where a started server answers: its base URL, query and Graph Store URLs, and folder."""

    url: str
    query_url: str
    store_url: str
    folder: Path
    pid: int


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server program: beside this Python (the venv's ``bin/``), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = beside if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError(
            "the Oxigraph server is not installed; install it with "
            f"`pip install 'oxigraph=={_pyoxigraph_version()}'` (the same version as pyoxigraph)"
        )
    return Path(found)


def _pyoxigraph_version() -> str:
    import pyoxigraph

    return str(pyoxigraph.__version__)


def check_version(binary: Path) -> str:
    """The server's version; a `StoreError` if it is not pyoxigraph's (the storage may differ)."""
    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise StoreError(f"{binary}: cannot run the Oxigraph server: {exc}") from None
    version = out.split()[-1] if out.split() else "?"
    expected = _pyoxigraph_version()
    if version != expected:
        raise StoreError(
            f"{binary} is Oxigraph {version}, but the store was written by pyoxigraph {expected}; "
            f"install the same version: pip install 'oxigraph=={expected}'"
        )
    return version


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback name or address (only this machine can connect)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on at `host` now (the OS picks it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def serve(
    link: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    timeout: float = 30.0,
    allow_remote: bool = False,
    follow: bool = True,
    on_ready: Callable[[Serving], None] | None = None,
    say: Callable[[str], None] | None = None,
) -> int:
    """Serve the store at `link` read-only until SIGINT/SIGTERM; return 130 (SIGINT) or 0.

    A non-loopback `host` needs `allow_remote` (there is no authentication). `port` 0 picks a
    free port. Raises `StoreError` if the server cannot start or stops by itself.
    """
    link = Path(link)
    if not is_loopback(host) and not allow_remote:
        raise InputError(
            f"--bind {host} is not a loopback address: anyone who can reach it could read the "
            "whole graph (there is no authentication); add --allow-remote to mean it"
        )
    if not link.exists():
        raise StoreError(f"{link}: no store here; run `alliance-kg build` first")
    binary = oxigraph_binary()
    check_version(binary)
    tell = say or (lambda _m: None)
    stop: list[int] = []
    child: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, _frame: Any) -> None:
        stop.append(signum)
        for proc in child:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)

    guard = _open_guard(host, port, timeout)
    handlers = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        first = True
        while not stop:
            inner = free_port("127.0.0.1")  # the Oxigraph server's private port (see serve_guard)
            with (
                pin_live_store(link) as lease,
                _server(binary, lease, "127.0.0.1", inner, timeout) as proc,
            ):
                child[:] = [proc]
                _wait_ready(proc, lease, "127.0.0.1", inner, stop)
                guard.target = ("127.0.0.1", inner)
                serving = _public(guard, lease, host, proc)
                if stop:
                    break
                if first and on_ready is not None:
                    on_ready(serving)
                elif not first:
                    tell(f"a build swapped in a new store: now serving {lease.folder.name}")
                first = False
                _watch(proc, link, lease, follow, stop)
                guard.target = None
            # here the server is stopped and reaped and the pin released; unless a signal
            # came, a build swapped a new store in: serve that one
    finally:
        guard.stop()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    return 130 if stop and stop[0] == signal.SIGINT else 0


def _watch(
    proc: subprocess.Popen[bytes], link: Path, lease: Lease, follow: bool, stop: list[int]
) -> None:
    """Return when a signal came, or (with `follow`) when the store link points elsewhere."""
    while not stop:
        try:
            code = proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            code = None
        if stop:
            return
        if code is not None:
            raise StoreError(
                f"the Oxigraph server stopped by itself (exit code {code}): {_last_line(proc)}"
            )
        if follow and _swapped(link, lease):
            return


def _swapped(link: Path, lease: Lease) -> bool:
    try:
        return link.resolve() != lease.folder
    except OSError:
        return False


def _open_guard(host: str, port: int, timeout: float) -> Any:
    """Listen on the public `host`:`port` with the query-checking front door (`serve_guard`)."""
    from .serve_guard import Guard

    try:
        guard = Guard((host, port), timeout, ipv6=":" in host)
    except OSError as exc:
        hint = "; the port is taken: choose another with --port (0: any free port)"
        taken = exc.errno == 98 or "in use" in str(exc)
        raise StoreError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint if taken else ''}"
        ) from None
    guard.start()
    return guard


def _public(guard: Any, lease: Lease, host: str, proc: subprocess.Popen[bytes]) -> Serving:
    """Where the front door answers (the port the user asked for, or the one 0 picked)."""
    port = guard.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    return Serving(f"{base}/", f"{base}/query", f"{base}/store", lease.folder, proc.pid)


def _union_flag(folder: Path) -> list[str]:
    """Oxigraph's union flag, unless the build wrote the distinct union into the default graph
    (`alliance_kg.derived`): with the flag the server would add the default graph to the union
    and answer every triple twice; without it, a store of an older build would look empty."""
    import pyoxigraph as ox

    from .derived import has_union

    store = ox.Store.read_only(str(folder))
    try:
        return [] if has_union(store) else ["--union-default-graph"]
    finally:
        del store


@contextlib.contextmanager
def _server(
    binary: Path, lease: Lease, host: str, port: int, timeout: float
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``oxigraph serve-read-only`` on the pinned folder; stop and reap it on exit."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    args = [str(binary), "serve-read-only", "--location", str(lease.folder), "--bind", bind,
            *_union_flag(lease.folder), "--timeout-s", str(max(1, round(timeout)))]  # fmt: skip
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            pass_fds=(lease.fd,),  # the pin lasts as long as the server, however it ends
            preexec_fn=_death_signal(),
        )
        proc.errors = errors  # type: ignore[attr-defined]
        try:
            yield proc
        finally:
            _stop(proc)


def _death_signal() -> Callable[[], None] | None:
    """A function for the child to run before exec: get SIGTERM if `serve` dies without
    stopping it (``prctl(PR_SET_PDEATHSIG)``; Linux only, made in the parent)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, int(signal.SIGTERM))


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the child, SIGKILL it if it lingers, and reap it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _last_line(proc: subprocess.Popen[bytes]) -> str:
    """The server's own error message (its ``Error: …`` line, without the backtrace)."""
    errors = getattr(proc, "errors", None)
    if errors is None:
        return "no message"
    errors.seek(0)
    lines = [ln.strip() for ln in errors.read().decode("utf-8", "replace").splitlines()]
    said = [ln for ln in lines if ln.startswith("Error:")] or [ln for ln in lines if ln]
    message = said[0] if said else "no message"
    if "Address already in use" in message:
        message += "; the port is taken: choose another with --port (0: any free port)"
    return message


def _wait_ready(
    proc: subprocess.Popen[bytes], lease: Lease, host: str, port: int, stop: list[int]
) -> Serving:
    """Wait until the server answers HTTP; a `StoreError` if it exits first or never answers."""
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    serving = Serving(f"{base}/", f"{base}/query", f"{base}/store", lease.folder, proc.pid)
    deadline = time.monotonic() + START_TIMEOUT
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while not stop:
        if proc.poll() is not None:
            raise StoreError(
                f"the Oxigraph server did not start on {host}:{port} (exit code "
                f"{proc.returncode}): {_last_line(proc)}"
            )
        try:
            with opener.open(f"{base}/query?query=ASK%7B%7D", timeout=2) as answer:
                answer.read()
            return serving
        except OSError:
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the Oxigraph server did not answer on {host}:{port} within "
                    f"{START_TIMEOUT:g} s"
                ) from None
            time.sleep(0.1)
    return serving
