"""Nothing a server does holds a call past its deadline or fills the memory.

The runtime (``generator/sdk/runtime``) is driven directly against servers that misbehave:
a body that drips one byte at a time, headers that never end, a Retry-After longer than
the deadline, a gzip bomb (200 MB of zeros in 200 KB), a Content-Length over the limit.
Every call ends within about its deadline, and holds about ``max_response_bytes``.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import threading
import time
import tracemalloc
import zlib
from typing import Any, Callable

import pytest

from generator.sdk.runtime._codecs import Reader as _reader
from pytest_httpserver import HTTPServer

from generator.sdk.runtime import _http, errors
from clientkit import Handler, RawServer, drip, raw_server  # noqa: F401 - a fixture

MiB = 1024 * 1024
Start = Callable[[Handler], RawServer]


@pytest.fixture
def server() -> Any:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def get_bytes(client: Any, **options: Any) -> Any:
    """A GET of ``/blob`` read as bytes (``get_value``'s reader), sent by the runtime's client."""
    return client._send("GET", "/blob", _reader("B"), options)


def timed(call: Callable[[], Any]) -> tuple[BaseException | None, float]:
    start = time.monotonic()
    try:
        call()
    except BaseException as error:  # noqa: BLE001 - the test looks at it
        return error, time.monotonic() - start
    return None, time.monotonic() - start


def dripping_body(connection: socket.socket, stop: threading.Event) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n")
    drip(connection, stop, b"x" * 1000, 0.1)


def dripping_headers(connection: socket.socket, stop: threading.Event) -> None:
    drip(connection, stop, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: y\r\n" * 1000, 0.1)


# -- the deadline --------------------------------------------------------------------------------
@pytest.mark.parametrize("handler", [dripping_body, dripping_headers], ids=["body", "headers"])
def test_a_dripping_server_is_cut_off_at_the_deadline(raw_server: Start, handler: Handler) -> None:
    slow = raw_server(handler)
    client = _http.SyncClient(slow.url, timeout=5.0, deadline=1.0, retry=None)
    error, elapsed = timed(lambda: get_bytes(client))
    assert isinstance(error, errors.DeadlineExceededError), error
    assert isinstance(error, errors.TransportError) and isinstance(error, TimeoutError)
    assert 0.9 <= elapsed < 2.0, elapsed  # each read took 0.1 s: only the deadline ends it
    client.close()


def test_a_call_may_set_its_own_deadline(raw_server: Start) -> None:
    slow = raw_server(dripping_body)
    client = _http.SyncClient(slow.url, timeout=5.0, deadline=None, retry=None)  # None: no deadline of the client's
    error, elapsed = timed(lambda: get_bytes(client, deadline=0.5))
    assert isinstance(error, errors.DeadlineExceededError) and elapsed < 1.5, (error, elapsed)
    assert client.deadline is None and _http.SyncClient(slow.url).deadline == _http.DEADLINE == 300.0
    client.close()


@pytest.mark.parametrize("handler", [dripping_body, dripping_headers], ids=["body", "headers"])
def test_the_async_client_is_cut_off_at_the_deadline(raw_server: Start, handler: Handler) -> None:
    slow = raw_server(handler)

    async def run() -> None:
        client = _http.AsyncClient(slow.url, timeout=5.0, deadline=1.0, retry=None)
        try:
            await client._send("GET", "/blob", _reader("B"), {})
        finally:
            await client.aclose()

    error, elapsed = timed(lambda: asyncio.run(run()))
    assert isinstance(error, errors.DeadlineExceededError), error
    assert 0.9 <= elapsed < 2.0, elapsed


def test_no_retry_waits_past_the_deadline(server: HTTPServer) -> None:
    server.expect_request("/blob").respond_with_data("busy", status=503, headers={"Retry-After": "30"})
    client = _http.SyncClient(server.url_for("").rstrip("/"), deadline=2.0, retry=_http.Retry(attempts=3, max_delay=60.0))
    error, elapsed = timed(lambda: get_bytes(client))
    assert isinstance(error, errors.ServerError) and error.status_code == 503, error  # the answer stands
    assert elapsed < 1.0 and len(server.log) == 1, (elapsed, len(server.log))
    server.clear()
    server.expect_request("/blob").respond_with_data("busy", status=503, headers={"Retry-After": "0"})
    with pytest.raises(errors.ServerError):
        get_bytes(client)  # waits that fit in the deadline are still waited: 1 + 3 attempts
    assert len(server.log) == 4
    client.close()


def test_deadline_and_limit_are_checked() -> None:
    for wrong in ({"deadline": 0}, {"deadline": -1.0}, {"max_response_bytes": 0}):
        with pytest.raises(ValueError):
            _http.SyncClient("http://127.0.0.1:9", **wrong)


# -- the size of an answer --------------------------------------------------------------------
@functools.cache
def gzip_bomb() -> bytes:
    """200 MiB of zeros, gzipped: about 200 KB."""
    stream = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MiB)
    return b"".join([stream.compress(zeros) for _ in range(200)] + [stream.flush()])


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_gzip_bomb_stops_at_max_response_bytes(raw_server: Start, asynchronous: bool) -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 300_000

    def bomber(connection: socket.socket, stop: threading.Event) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        connection.sendall(head + b"Content-Length: %d\r\n\r\n" % len(bomb) + bomb)

    url = raw_server(bomber).url

    def call() -> Any:
        if not asynchronous:
            client = _http.SyncClient(url, max_response_bytes=MiB, retry=None)
            try:
                return get_bytes(client)
            finally:
                client.close()

        async def run() -> Any:
            client = _http.AsyncClient(url, max_response_bytes=MiB, retry=None)
            try:
                return await client._send("GET", "/blob", _reader("B"), {})
            finally:
                await client.aclose()

        return asyncio.run(run())

    tracemalloc.start()
    try:
        error, elapsed = timed(call)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(error, errors.ResponseTooLargeError), error
    assert isinstance(error, errors.ResponseError) and error.limit == MiB and error.status_code == 200
    assert peak < 6 * MiB, f"{peak / MiB:.1f} MiB held for a limit of 1 MiB"  # (the server's 200 KB included)
    assert elapsed < 5.0, elapsed


def test_a_content_length_over_the_limit_fails_before_the_body(raw_server: Start) -> None:
    def liar(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n")
        stop.wait(10)  # and never sends it

    big = raw_server(liar)
    client = _http.SyncClient(big.url, max_response_bytes=MiB, timeout=5.0, retry=None)
    error, elapsed = timed(lambda: get_bytes(client))
    assert isinstance(error, errors.ResponseTooLargeError) and elapsed < 1.0, (error, elapsed)
    client.close()


def test_a_plain_body_over_the_limit_is_not_read_whole(raw_server: Start) -> None:
    def endless(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
        while not stop.is_set():
            connection.sendall(chunk)

    big = raw_server(endless)
    client = _http.SyncClient(big.url, max_response_bytes=MiB, timeout=5.0, retry=None)
    error, elapsed = timed(lambda: get_bytes(client))
    assert isinstance(error, errors.ResponseTooLargeError) and elapsed < 2.0, (error, elapsed)
    assert _http.SyncClient(big.url).max_response_bytes == 100 * MiB  # the default: generous, bounded
    client.close()


def test_gzip_and_deflate_within_the_limit_are_decoded(server: HTTPServer) -> None:
    text = b'{"id": "v1"}' * 10_000
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    for encoding, body in (
        ("gzip", zlib.compress(text, wbits=zlib.MAX_WBITS | 16)),
        ("deflate", zlib.compress(text)),  # zlib-wrapped, as the RFC says
        ("deflate", raw.compress(text) + raw.flush()),  # raw, as some servers send it
    ):
        server.clear()
        server.expect_request("/blob").respond_with_data(body, headers={"Content-Encoding": encoding})
        client = _http.SyncClient(server.url_for("").rstrip("/"), retry=None)
        assert get_bytes(client) == text, encoding
        client.close()
        assert server.log[0][0].headers["Accept-Encoding"] == "gzip, deflate"
    server.clear()
    server.expect_request("/blob").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    client = _http.SyncClient(server.url_for("").rstrip("/"), retry=None)
    with pytest.raises(errors.ResponseError, match="Content-Encoding"):
        get_bytes(client)  # not a bare zlib or httpx error
    client.close()
