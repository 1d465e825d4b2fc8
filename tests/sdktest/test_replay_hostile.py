"""``gen test`` against hostile docs and hostile neighbours (issue 26).

Every request of a replay goes to the loopback replay server: a documented redirect to
an internet host is answered there, and the client refuses any other host. The server
answers its own client only (a random bearer token), and a request it cannot frame, or
will not read, is an error answer: never a traceback, never a body read into memory.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from typing import Any, Iterator

import pytest

from conftest import DocsTree
from generator.sdktest import run_tests
from generator.sdktest import server as server_module
from generator.sdktest.server import MAX_REQUEST_BYTES, ExactPath, Expected, ReplayServer, request_bound
from test_gen_test import WIDGET, api_page


def download_page(location: str) -> str:
    """A download method answered, as the docs show it, by a redirect to a file host."""
    return api_page(
        "Download widget content",
        "GET /widgets/{widget-id}/content",
        "Do not supply a request body for this method.",
        "If successful, this method returns a `302 Found` response that redirects to a preauthenticated download URL.",
        "GET https://graph.microsoft.com/v1.0/widgets/w-1/content",
        "",
        f"HTTP/1.1 302 Found\nLocation: {location}",
    )


FILE_HOST = "https://cdn-7f3a.files.example-storage.net/blob/4d2e9b"
LOCATIONS = [FILE_HOST, "http://203.0.113.7:8080/file", "//files.example.net/file"]


def _loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Deny every name lookup and connection that is not loopback; the attempts, in order."""
    attempts: list[str] = []
    lookup, connect, connect_ex = socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if not _loopback(name):
            attempts.append(f"getaddrinfo {name}")
            raise socket.gaierror(socket.EAI_NONAME, f"network denied: {name}")
        return lookup(host, *args, **kwargs)

    def guarded(original: Any) -> Any:
        def call(self: socket.socket, address: Any) -> Any:
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
                attempts.append(f"connect {address[0]}")
                raise OSError(f"network denied: {address[0]}")
            return original(self, address)

        return call

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(connect_ex))
    return attempts


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """What the replay server answered: (method, target, status) per request."""
    seen: list[tuple[str, str, int]] = []
    original = ReplayServer.answer

    def answer(self: ReplayServer, method: str, target: str, data: bytes) -> Expected | None:
        found = original(self, method, target, data)
        seen.append((method, target, found.status if found else 500))
        return found

    monkeypatch.setattr(ReplayServer, "answer", answer)
    return seen


# -- 1. no request leaves loopback ---------------------------------------------------------------
@pytest.mark.parametrize("location", LOCATIONS, ids=["file-host", "ip-and-port", "scheme-relative"])
@pytest.mark.parametrize("proxy", [False, True], ids=["direct", "proxy-in-environment"])
def test_a_documented_redirect_is_answered_on_loopback(
    docs_tree: DocsTree, no_network: list[str], answered: list[tuple[str, str, int]],
    monkeypatch: pytest.MonkeyPatch, location: str, proxy: bool,
) -> None:
    if proxy:  # httpx would send every request, the replay server's too, to the proxy
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, "http://proxy.invalid:3128")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-content.md": download_page(location)})
    (replay,) = run_tests(root).replays
    assert no_network == []
    assert (replay.operation, replay.outcome, replay.reason) == ("download_widget_content", "matched", "")
    # The SDK followed the redirect, to the replay server.
    assert [(method, status) for method, _, status in answered] == [("GET", 302), ("GET", 200)]
    assert answered[0][1] == "/widgets/w-1/content"
    assert answered[1][1].startswith(server_module.REDIRECTED)


def test_a_replay_led_off_the_server_is_not_replayable(
    docs_tree: DocsTree, no_network: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the server send the docs' Location as it is, the client refuses the host."""
    monkeypatch.setattr(ReplayServer, "_redirected", lambda self, found: found)
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-content.md": download_page(FILE_HOST)})
    first, second = run_tests(root).replays, run_tests(root).replays
    assert no_network == []
    (replay,) = first
    assert replay.outcome == "not-replayable"
    assert "cdn-7f3a.files.example-storage.net" in replay.reason and "replay server only" in replay.reason
    assert first == second  # the reason reads the same every run


def test_a_redirect_for_a_typed_method_is_not_replayable(docs_tree: DocsTree, no_network: list[str]) -> None:
    """The method returns a widget; the docs answer with a redirect and never show the widget there."""
    page = api_page(
        "Get widget",
        "GET /widgets/{widget-id}",
        "Do not supply a request body for this method.",
        "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
        "GET https://graph.microsoft.com/v1.0/widgets/w-1",
        "",
        f"HTTP/1.1 302 Found\nLocation: {FILE_HOST}",
    )
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-get.md": page})
    (replay,) = run_tests(root).replays
    assert no_network == []
    assert replay.outcome == "not-replayable"
    assert replay.reason == "the response example is a redirect; the docs do not show the microsoft.graph.widget it leads to"


# -- 2. the server answers its own client only -----------------------------------------------------
def raw_exchange(server: ReplayServer, request: bytes, timeout: float = 5.0) -> tuple[int, bytes]:
    """Send bytes as they are; the status and everything the server sent before it closed."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    status_line = received.split(b"\r\n", 1)[0].split()
    return (int(status_line[1]) if len(status_line) > 1 else 0), received


def request(method: str, headers: dict[str, str], body: bytes = b"", path: str = "/a") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as running:
        running.expect(Expected(ExactPath("/a"), "POST", response='{"ok": true}'))
        yield running


def bearer(server: ReplayServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}


def test_the_replay_server_answers_its_client_only(server: ReplayServer) -> None:
    body = b'{"x": 1}'
    length = {"Content-Length": str(len(body))}
    for headers in ({}, {"Authorization": "Bearer replay-token"}, {"Authorization": f"Bearer {server.token}x"},
                    {"Authorization": server.token}, {"Authorization": f"Bearer {server.token[:-1]}\xe9"}):
        status, _ = raw_exchange(server, request("POST", {**headers, **length}, body))
        assert status == 401, headers
    assert server.log == []  # refused requests use nothing up
    status, received = raw_exchange(server, request("POST", {**bearer(server), **length}, body))
    assert status == 200 and received.endswith(b'{"ok": true}')
    with ReplayServer() as other:
        assert other.token != server.token and len(server.token) >= 32


@pytest.mark.parametrize("status", [204, 304])
def test_an_answer_without_content_sends_none_whatever_the_example_shows(status: int) -> None:
    """A 204 or 304 has no content (RFC 9110): bytes written after its headers would be read as
    the next answer on the connection, and the next replay would fail for them."""
    import httpx

    with ReplayServer() as running:
        running.expect(Expected(ExactPath("/a"), "DELETE", status=status, response="`\u00e9\u00e9 a body the docs show"))
        running.expect(Expected(ExactPath("/b"), "GET", response='{"ok": true}'))
        with httpx.Client(base_url=running.url, headers=bearer(running)) as client:  # (one connection, kept alive)
            first = client.delete("/a")
            second = client.get("/b")
    assert (first.status_code, first.content, "content-length" in first.headers) == (status, b"", False)
    assert (second.status_code, second.json()) == (200, {"ok": True})


# -- 3. bodies the server cannot frame or will not read -------------------------------------------
@pytest.fixture
def quiet(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    """The server logs no failure and prints no traceback."""
    with caplog.at_level(logging.DEBUG, logger="gen.replay"):
        yield
    assert [r for r in caplog.records if r.name == "gen.replay"] == []
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("value", ["abc", "-1", "+5", "1_0", " ", "5, 5", "\xb2", "0x10"])
def test_a_content_length_that_is_not_a_number_is_a_400(server: ReplayServer, quiet: None, value: str) -> None:
    status, received = raw_exchange(server, request("POST", {**bearer(server), "Content-Length": value}, b"{}"))
    assert status == 400, received
    assert server.log == []  # the expected answer is still there
    status, _ = raw_exchange(server, request("POST", {**bearer(server), "Content-Length": "2"}, b"{}"))
    assert status == 200


def test_content_lengths_that_differ_are_a_400(server: ReplayServer, quiet: None) -> None:
    sent = request("POST", bearer(server)).replace(b"\r\n\r\n", b"\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
    assert raw_exchange(server, sent)[0] == 400


@pytest.mark.parametrize("value", [str(10**12), str(MAX_REQUEST_BYTES + 1), "9" * 5000], ids=["tera", "bound+1", "5000-digits"])
@pytest.mark.parametrize("token", [True, False], ids=["client", "stranger"])
def test_a_huge_content_length_is_a_413_before_any_read(
    server: ReplayServer, quiet: None, value: str, token: bool
) -> None:
    """The server answers at once, with the body unsent: it does not wait for it, nor allocate it."""
    started = time.monotonic()
    status, received = raw_exchange(server, request("POST", {**(bearer(server) if token else {}), "Content-Length": value}))
    assert status == 413, received
    assert time.monotonic() - started < 3
    assert str(MAX_REQUEST_BYTES).encode() in received  # the answer names the bound
    assert server.log == []


def test_a_chunked_body_is_a_411(server: ReplayServer, quiet: None) -> None:
    status, _ = raw_exchange(server, request("POST", {**bearer(server), "Transfer-Encoding": "chunked"}, b"2\r\n{}\r\n0\r\n\r\n"))
    assert status == 411 and server.log == []


def test_a_peer_that_leaves_mid_body_breaks_nothing(server: ReplayServer, quiet: None) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request("POST", {**bearer(server), "Content-Length": "100"}, b"{}"))
    time.sleep(0.2)  # the handler sees the short body and closes
    assert server.log == []
    assert raw_exchange(server, request("POST", {**bearer(server), "Content-Length": "2"}, b"{}"))[0] == 200


def test_the_body_bound_grows_with_the_page_bound() -> None:
    """A request is a documented example: a page allowed by --max-page-bytes can be sent whole."""
    assert request_bound(20 * 1024 * 1024) == MAX_REQUEST_BYTES
    assert request_bound(100 * 1024 * 1024) == 600 * 1024 * 1024


def test_a_replay_still_matches_with_the_token_required(docs_tree: DocsTree) -> None:
    """The replay client sends the server's token: a regular replay is answered, not refused."""
    from test_gen_test import PAINT

    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": PAINT})
    (replay,) = run_tests(root).replays
    assert replay.outcome == "matched", replay.reason


# Processes, sockets and a disk filled by hand: run by CI with the slow tests, not by the README command.
pytestmark = pytest.mark.slow
