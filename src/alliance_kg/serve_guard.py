"""The front door of `alliance-kg serve`: every query is checked before the Oxigraph server sees it.

The Oxigraph server executes ``SERVICE`` for real (a query sent to it makes it fetch any URL
the query names: a server-side request forgery from anyone, or any web page, that can reach the
port) and has no switch to turn that off. So `serve` runs the server on a private loopback port
and listens on the public one itself: a query (``GET ?query=``, a form or a
``application/sparql-query`` POST) is parsed with `alliance_kg.query.safety.inspect_query` and a
``SERVICE`` or an update is answered 403 with the reason; bad syntax 400; a body over
`MAX_BODY` bytes 413. Everything else (the query page, its assets, the answers) is relayed as is.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: the largest request body relayed (bytes); SPARQL queries are far smaller
MAX_BODY = 1_000_000
#: request headers not passed on (hop by hop, or recomputed)
_HOP = {
    *("connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade"),
    *("trailer", "proxy-authorization", "proxy-authenticate", "content-length", "host"),
}


class Guard(ThreadingHTTPServer):
    """Listens on the public address; relays checked requests to the server at `target`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], timeout: float, ipv6: bool = False) -> None:
        import socket

        if ipv6:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.target: tuple[str, int] | None = None
        self.query_timeout = timeout
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve in a daemon thread until `stop`."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and close the socket."""
        self.shutdown()
        self.server_close()


def refusal(
    method: str, query_string: str, content_type: str, body: bytes
) -> tuple[int, str] | None:
    """Why the request may not reach the server (status, message), or None if it may."""
    from .errors import QueryRefusedError, QuerySyntaxError
    from .query.safety import inspect_query

    params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    kind = content_type.split(";")[0].strip().lower()
    if method == "POST" and kind == "application/x-www-form-urlencoded":
        try:
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return 400, "the form is not UTF-8"
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
    queries = list(params.get("query", []))
    if method == "POST" and kind == "application/sparql-query":
        try:
            queries.append(body.decode("utf-8"))
        except UnicodeDecodeError:
            return 400, "the query is not UTF-8"
    if params.get("update") or (method == "POST" and kind == "application/sparql-update"):
        return 403, "updates are refused: this endpoint is read-only"
    for text in queries:
        try:
            inspect_query(text)
        except QueryRefusedError as exc:
            return 403, str(exc)
        except QuerySyntaxError as exc:
            return 400, str(exc)
    return None


class _Handler(BaseHTTPRequestHandler):
    server: Guard
    protocol_version = "HTTP/1.0"  # one request per connection: nothing to keep in step

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _relay(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._answer(413, f"request body over {MAX_BODY:,} bytes")
            return
        body = self.rfile.read(length) if length else b""
        query_string = self.path.partition("?")[2]
        why = refusal(self.command, query_string, self.headers.get("Content-Type", ""), body)
        if why is not None:
            self._answer(*why)
            return
        if self.server.target is None:
            self._answer(503, "the server is restarting on a new store; try again")
            return
        host, port = self.server.target
        conn = http.client.HTTPConnection(host, port, timeout=self.server.query_timeout + 10)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            conn.request(self.command, self.path, body=body or None, headers=headers)
            answer = conn.getresponse()
            self.sent = True
            self.send_response(answer.status, answer.reason)
            for key, value in answer.getheaders():
                if key.lower() not in _HOP:
                    self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            while chunk := answer.read(65536):
                self.wfile.write(chunk)
        except OSError as exc:
            if getattr(self, "sent", False):
                return  # the answer had begun: the client sees it cut short
            self._answer(502, f"the Oxigraph server did not answer: {exc}")
        finally:
            conn.close()

    def _answer(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _relay
