"""The replay server: the standard library's threading HTTP server on 127.0.0.1.

It is told which requests to expect (method, path matcher, query, JSON body), answers
each expected request once with the documented response, answers anything else with a
500, and keeps a log of what it saw. Built on ``http.server`` so that ``gen test`` needs
no test-only library: every command works with gen's declared dependencies alone.

Any local process can reach a loopback port, so a request must carry the server's
random ``token`` (``Authorization: Bearer``) or it is answered 401 and uses up nothing.
A body is read only when its ``Content-Length`` is a number (else 400) within
``max_request_bytes`` (else 413). A documented redirect's ``Location`` is rewritten
to a URL of this server that answers with the documented content: ``gen test`` never
reaches a host the docs name.
"""

from __future__ import annotations

import hmac
import itertools
import logging
import re
import secrets
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

import attrs

from ..model import json_values

SERVER_LOG = logging.getLogger("gen.replay")  # handler crashes go here (tests watch it)
NO_BODY = object()  # an expectation that does not look at the body
# The bound on a request body, read into memory: a request is a documented example, at most
# one page (20 MB by default) whose JSON the SDK may \u-escape (6 bytes a character at most).
MAX_REQUEST_BYTES = 128 * 1024 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # the answers the SDK follows to their Location
REDIRECTED = "/_gen-test/redirected/"  # where this server answers for a documented redirect's target
_LENGTH = re.compile(r"[0-9]+")  # ASCII digits only: int() also takes "+1", "1_0" and other scripts' digits


def request_bound(max_page_bytes: int) -> int:
    """The body bound for docs read within ``max_page_bytes``: a page's example, escaped, fits."""
    return max(MAX_REQUEST_BYTES, 6 * max_page_bytes)


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
class ExactPath:
    """A path matcher for a URL this server made up (a redirect's target)."""

    path: str

    def match(self, uri: str) -> bool:
        return uri == self.path


@attrs.frozen
class Seen:
    method: str
    full_path: str
    body: str
    status: int


class ReplayServer:
    """Start with ``with ReplayServer() as server``; ``expect`` before each request."""

    def __init__(self, max_request_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.log: list[Seen] = []
        self.token = secrets.token_urlsafe(32)  # the client's bearer token; no other process knows it
        self.max_request_bytes = max_request_bytes
        self._expected: list[Expected] = []
        self._redirects = itertools.count(1)
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

    def authorized(self, value: str | None) -> bool:
        """Whether an ``Authorization`` header carries this server's token."""
        expected = f"Bearer {self.token}".encode()
        return value is not None and hmac.compare_digest(value.encode("utf-8", "replace"), expected)

    def answer(self, method: str, target: str, data: bytes) -> Expected | None:
        """The first expectation the request meets (used up), else None; the request is logged."""
        parts = urlsplit(target)
        with self._lock:
            found = next((e for e in self._expected if e.matches(method, parts.path, parts.query, data)), None)
            if found is not None:
                self._expected.remove(found)
                found = self._redirected(found)
            status = found.status if found else 500
            self.log.append(Seen(method, target, data.decode("utf-8", "replace"), status))
        return found

    def _redirected(self, found: Expected) -> Expected:
        """A redirect that leads back here, where the documented content waits for the GET that
        follows it: the SDK follows a Location, and the one the docs name is on the internet."""
        if found.status not in REDIRECTS or not any(name.lower() == "location" for name in found.headers):
            return found
        path = f"{REDIRECTED}{next(self._redirects)}"
        self._expected.append(Expected(ExactPath(path), "GET", response=found.response, content_type=found.content_type))
        target = self.url + path  # every Location the docs wrote (in any case) leads here
        return attrs.evolve(found, headers={k: target if k.lower() == "location" else v for k, v in found.headers.items()})

    def _handle_error(self, request: object, address: object) -> None:
        SERVER_LOG.exception("the replay server failed on a request from %s", address)


class Refused(Exception):
    """A request answered with an error before its body is read; the connection is closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def body_length(headers: Message, bound: int) -> int:
    """The request body's length, or ``Refused``: a body the server cannot frame or will not read."""
    if headers.get("Transfer-Encoding") is not None:
        raise Refused(411, "send the body with a Content-Length")
    values = {value.strip() for value in headers.get_all("Content-Length") or []}
    if len(values) > 1:
        raise Refused(400, "Content-Length headers that differ")
    value = values.pop() if values else "0"
    if not _LENGTH.fullmatch(value):
        raise Refused(400, "Content-Length is not a number of bytes")
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(bound)) or int(digits) > bound:  # (int() refuses 4300 digits and more)
        raise Refused(413, f"a request body over {bound} bytes")
    return int(digits)


def _handler_for(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's client expects

        def handle_one_request(self) -> None:
            try:
                self._exchange()
            except OSError:  # the peer went away mid-request: nothing to answer, nothing broke
                self.close_connection = True

        def _exchange(self) -> None:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline or len(self.raw_requestline) > 65536:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            try:  # framing first, then the token, and only then is a body read
                length = body_length(self.headers, server.max_request_bytes)
                if not server.authorized(self.headers.get("Authorization")):
                    raise Refused(401, "the replay server answers gen test's client only")
            except Refused as refused:
                self.close_connection = True  # its body, if any, is left unread
                self._send(refused.status, {}, str(refused), "text/plain")
                self.wfile.flush()
                return
            data = self.rfile.read(length) if length else b""
            if len(data) < length:  # the peer closed before sending it all
                self.close_connection = True
                return
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
            # A 1xx, 204 or 304 answer has no content (RFC 9110 6.4.1), whatever its example shows:
            # bytes written after it would be read as the next answer on the connection.
            bodiless = status < 200 or status in (204, 304)
            if not bodiless:
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD" and not bodiless:
                self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            return  # quiet: the replay rows say what happened

    return Handler
