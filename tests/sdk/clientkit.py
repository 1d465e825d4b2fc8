"""What the client tests share: docs-input built once (``fleet``), and servers that misbehave.

``RawServer`` is a TCP server on 127.0.0.1 whose handler writes whatever bytes it likes,
when it likes: a drip of one byte at a time, headers that never end, a Content-Length
that lies (pytest-httpserver answers well-formed HTTP only). The fixtures are imported by
the test modules that use them (a conftest here would shadow tests/conftest.py's name).
"""

from __future__ import annotations

import importlib
import socket
import socketserver
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from generator.sdk.build import build

Handler = Callable[[socket.socket, threading.Event], None]


class RawServer:
    """Serves ``handle(connection, stop)`` to every connection, after reading the request head."""

    def __init__(self, handle: Handler) -> None:
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        outer = self

        class _Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection: socket.socket = self.request
                head = b""
                while b"\r\n\r\n" not in head:
                    data = connection.recv(65536)
                    if not data:
                        return
                    head += data
                outer.requests.append(head)
                try:
                    handle(connection, outer.stop)
                except OSError:
                    pass  # the client hung up: what it should do to a server like this

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()


def drip(connection: socket.socket, stop: threading.Event, data: bytes, every: float) -> None:
    """Send ``data`` one byte at a time, ``every`` seconds apart, until done or stopped."""
    for index in range(len(data)):
        if stop.wait(every):
            return
        connection.sendall(data[index : index + 1])


ROOT = Path(__file__).resolve().parents[2]
PKG = "hd_fleet_sdk"  # unique to these tests: other modules import other packages


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """docs-input as a package, with its client, errors and models imported."""
    out_dir = tmp_path_factory.mktemp("hardening") / "sdk"
    build(ROOT / "docs-input", out_dir, PKG, jobs=1)
    sys.path.insert(0, str(out_dir))
    try:
        for sub in ("client", "errors", "models", "types", "_codecs"):
            importlib.import_module(f"{PKG}.{sub}")
        yield importlib.import_module(PKG)
    finally:
        sys.path.remove(str(out_dir))
        for name in [n for n in sys.modules if n == PKG or n.startswith(PKG + ".")]:
            del sys.modules[name]


@pytest.fixture
def raw_server() -> Iterator[Callable[[Handler], RawServer]]:
    started: list[RawServer] = []

    def start(handle: Handler) -> RawServer:
        server = RawServer(handle)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
