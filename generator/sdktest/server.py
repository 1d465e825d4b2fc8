"""The replay server: the standard library's threading HTTP server on 127.0.0.1.

It is told which requests to expect (method, path matcher, query, JSON body), answers
each expected request once with the documented response, answers anything else with a
500, and keeps a log of what it saw. Built on ``http.server`` so that ``gen test`` needs
no test-only library: every command works with gen's declared dependencies alone.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

import attrs

from ..model import json_values

SERVER_LOG = logging.getLogger("gen.replay")  # handler crashes go here (tests watch it)
NO_BODY = object()  # an expectation that does not look at the body


class PathMatcher(Protocol):
    def match(self, uri: str) -> bool: ...


@attrs.frozen
class Expected:
    path: PathMatcher
    method: str
    query: dict[str, str] | None = None
    body: Any = NO_BODY  # parsed JSON the request must carry
    status: int = 200
    headers: dict[str, str] = attrs.Factory(dict)
    response: str = ""
    content_type: str = "application/json"
    content: bytes | None = None  # the exact bytes the request must carry (an upload)

    def matches(self, method: str, path: str, query: str, data: bytes) -> bool:
        if method != self.method.upper() or not self.path.match(path):
            return False
        if self.query is not None and dict(parse_qsl(query, keep_blank_values=True)) != self.query:
            return False
        if self.content is not None:
            return data == self.content
        if self.body is NO_BODY:
            return True
        try:
            return bool(json_values.loads(data.decode("utf-8", "replace")) == self.body)
        except ValueError:
            return False


@attrs.frozen
class Seen:
    method: str
    full_path: str
    body: str
    status: int


class ReplayServer:
    """Start with ``with ReplayServer() as server``; ``expect`` before each request."""

    def __init__(self) -> None:
        self.log: list[Seen] = []
        self._expected: list[Expected] = []
        self._lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._http.daemon_threads = True
        self._http.handle_error = self._handle_error  # type: ignore[method-assign,assignment]
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=2)

    def expect(self, expected: Expected) -> None:
        with self._lock:
            self._expected.append(expected)

    def clear(self) -> None:
        with self._lock:
            self._expected.clear()
            self.log.clear()

    def answer(self, method: str, target: str, data: bytes) -> Expected | None:
        """The first expectation the request meets (used up), else None; the request is logged."""
        parts = urlsplit(target)
        with self._lock:
            found = next((e for e in self._expected if e.matches(method, parts.path, parts.query, data)), None)
            if found is not None:
                self._expected.remove(found)
            status = found.status if found else 500
            self.log.append(Seen(method, target, data.decode("utf-8", "replace"), status))
        return found

    def _handle_error(self, request: object, address: object) -> None:
        SERVER_LOG.exception("the replay server failed on a request from %s", address)


def _handler_for(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's client expects

        def handle_one_request(self) -> None:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length) if length else b""
            found = server.answer(self.command, self.path, data)
            if found is None:
                self._send(500, {}, "No handler found for this request", "text/plain")
            else:
                self._send(found.status, found.headers, found.response, found.content_type)
            self.wfile.flush()

        def _send(self, status: int, headers: dict[str, str], body: str, content_type: str) -> None:
            payload = body.encode("utf-8")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            return  # quiet: the replay rows say what happened

    return Handler
