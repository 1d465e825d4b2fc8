"""Request replay: each documented request sent by the generated stub to a live server.

For every method page with a request example and a response example, a real HTTP server
on 127.0.0.1 (the standard library's, in server.py) is told to expect exactly the documented
method, path, query string and JSON body (an upload's: its bytes as the page writes
them), and to answer with the documented status,
headers and body. The client navigates to the documented path with the values the
example's URL implies (``client.fleet.vehicles["v1"]``) and calls the path node's method
for the operation with the example's body (read into its model) or parameters; the server
must see the documented request and the method must return what the response documents.
Examples that cannot be replayed are counted with the reason, never skipped silently.

Every request goes to the replay server and nowhere else: the server turns a documented
redirect back to itself, and the client's transport refuses any other host (and ignores
proxy settings), which makes the replay not replayable rather than a visit to the internet.
"""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import Any, Iterator
from urllib.parse import parse_qsl, unquote

import attrs
import httpx

from ..model.kinds import ExampleKind, TypeKind
from ..parallel import Progress
from ..model.paths import normal_path
from ..model import ApiModel, Example, Operation, bodies, json_values
from ..sdk.render.layout import Layout
from ..sdk.render.tree import Endpoint
from . import stubs
from .calls import OPTIONAL_PREFIX, below
from .replayable import Pair, binary, explained_failure, not_replayable
from .server import MAX_REQUEST_BYTES, Expected, ReplayServer

MATCHED, MISMATCH, NOT_REPLAYABLE = "matched", "mismatch", "not-replayable"


@attrs.frozen
class ReplayRow:
    file: str
    line: int
    operation: str
    outcome: str
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "operation": self.operation, "outcome": self.outcome, "reason": self.reason}


def pairs(model: ApiModel) -> Iterator[list[Pair]]:
    """Per method page: its request examples, each with the response example after it."""
    by_operation: dict[str, list[Example]] = {}
    for example in model.examples:
        if example.operation and example.kind in (ExampleKind.REQUEST, ExampleKind.RESPONSE):
            by_operation.setdefault(example.operation, []).append(example)
    for operation in model.operations:
        examples = sorted(by_operation.get(operation.name, []), key=lambda e: e.line)
        found: list[Pair] = []
        pending: Example | None = None
        for example in examples:
            if example.kind is ExampleKind.REQUEST:
                pending = example
            elif pending is not None:
                found.append(Pair(operation, pending, example))
                pending = None
        if found:
            yield found


class LoopbackOnly(httpx.HTTPTransport):
    """The replay client's transport: it connects to the replay server only, and names the
    hosts it refused. (A transport of one's own also keeps httpx from using a proxy.)"""

    def __init__(self, server_url: str) -> None:
        super().__init__()
        self._server = httpx.URL(server_url)
        self.refused: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url, server = request.url, self._server
        if (url.scheme, url.host, url.port) != (server.scheme, server.host, server.port):
            self.refused.append(url.host or str(url)[:100])
            raise httpx.ConnectError("gen test sends requests to its replay server only", request=request)
        return super().handle_request(request)


def replay_all(
    model: ApiModel,
    layout: Layout,
    package: ModuleType,
    progress: Progress | None = None,
    max_request_bytes: int = MAX_REQUEST_BYTES,
) -> list[ReplayRow]:
    """Replay every request/response pair of every method page; one row per pair."""
    paths = _Paths.of(layout)
    rows: list[ReplayRow] = []
    pages = list(pairs(model))
    with ReplayServer(max_request_bytes) as server:
        transport = LoopbackOnly(server.url)
        # No retries: a documented 429 or 503 is the answer under test, not a reason to wait.
        client = _import(package, "client").Client(
            server.url, token=server.token, timeout=10.0, retry=None, transport=transport
        )
        try:
            for done, page in enumerate(pages, 1):
                for pair in page:
                    body_class = _body_class(model, layout, package, pair.operation)
                    rows.append(_guarded(transport, _replay(pair, paths, package, server, client, body_class)))
                if progress is not None:
                    progress(done, len(pages))
        finally:
            client.close()
    return rows


def _guarded(transport: LoopbackOnly, row: ReplayRow) -> ReplayRow:
    """The row, unless the replay tried to leave the replay server: then it could not be replayed."""
    if not transport.refused:
        return row
    hosts = ", ".join(sorted(set(transport.refused)))
    transport.refused.clear()
    reason = f"the SDK was led to another host ({hosts}); gen test sends requests to its replay server only"
    return attrs.evolve(row, outcome=NOT_REPLAYABLE, reason=reason)


def _import(package: ModuleType, name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"{package.__name__}.{name}")


@attrs.frozen
class _Paths:
    """The documented paths the SDK sends, by operation and by HTTP method, and those it left out."""

    own: dict[str, list[Endpoint]]
    by_method: dict[str, list[Endpoint]]
    skipped: dict[str, list[tuple[str, str]]]  # operation -> (path, why navigation left it out)

    @classmethod
    def of(cls, layout: Layout) -> _Paths:
        own: dict[str, list[Endpoint]] = {}
        by_method: dict[str, list[Endpoint]] = {}
        skipped: dict[str, list[tuple[str, str]]] = {}
        navigation = layout.navigation
        for endpoint in navigation.endpoints if navigation else []:
            own.setdefault(endpoint.operation.name, []).append(endpoint)
            by_method.setdefault((endpoint.operation.method or "GET").upper(), []).append(endpoint)
        for operation, path, reason in navigation.skipped if navigation else []:
            skipped.setdefault(operation.name, []).append((path, reason))
        return cls(own, by_method, skipped)

    def candidates(self, pair: Pair) -> list[Endpoint]:
        """The operation's own paths first; then the other operations' of the example's method: the
        request is a documented one whichever page documents it (a query string never makes an
        operation: ``GET /me?$expand=manager`` is a call of ``GET /me``)."""
        own = self.own.get(pair.operation.name, [])
        http = pair.request.http
        if http is None or not http.method:
            return own
        method = http.method.upper()
        if method != (pair.operation.method or "GET").upper():
            return self.by_method.get(method, [])
        return own + [e for e in self.by_method.get(method, []) if e.operation.name != pair.operation.name]

    def other_method(self, pair: Pair) -> str:
        """Why an example sent with another method than its page documents is no call of the page's."""
        http, documented = pair.request.http, (pair.operation.method or "GET").upper()
        if http is None or not http.method or http.method.upper() == documented:
            return ""
        return f"the docs contradict themselves: the example sends {http.method.upper()} {http.path}, the page documents {documented}"

    def elsewhere(self, pair: Pair, sender: Endpoint, failure: str) -> str:
        """Why a request another page documents, sent by that page's function, is no replay of this page's."""
        http, operation = pair.request.http, pair.operation
        assert http is not None
        listed = ", ".join(endpoint.path for endpoint in self.own.get(operation.name, [])) or "none"
        return (f"the docs contradict themselves: the example requests {http.method} {http.path}, which is not the "
                f"page's request ({operation.method} {listed}); the function of the page that documents it "
                f"({sender.operation.name}) fails on the example's answer: {failure}")

    def unmatched(self, pair: Pair) -> str:
        """Why no documented path the SDK sends fits the example's URL."""
        http, operation = pair.request.http, pair.operation
        assert http is not None and http.path is not None and http.method is not None
        other = self.other_method(pair)
        if other:
            return other + " (and no page documents that method for the path)"
        own = self.own.get(operation.name, [])
        left_out = self.skipped.get(operation.name, [])
        if not own and left_out:
            path, reason = left_out[0]
            return f"the SDK has no function for the documented path {path}: {reason}"
        cast = stubs.cast_of(self.candidates(pair), http.path)
        if cast:
            return (f"the example casts a documented path to {cast} ({http.path}), which no page documents: the SDK "
                    f"has functions for documented paths only")
        prefixed = next(((e.path, head) for e in own if (head := below(e.path, http.path)) is not None), None)
        if prefixed is not None:
            return (f"the docs contradict themselves: the page documents {prefixed[0]}, the example requests it "
                    f"below {prefixed[1]} ({http.path})")
        listed = ", ".join(endpoint.path for endpoint in own) or "none"
        return (f"the docs contradict themselves: the example requests {http.path}, which none of the page's "
                f"documented paths is (documented: {listed})")


def _body_class(model: ApiModel, layout: Layout, package: ModuleType, operation: Operation) -> Any:
    typedef = model.types.get(operation.request_type or "")
    ref = layout.class_of(operation.request_type) if operation.request_type else None
    if typedef is None or ref is None or typedef.kind is TypeKind.ENUM:
        return None
    return _import(package, "_runtime").load_class(ref.reference)


def _replay(pair: Pair, paths: _Paths, package: ModuleType, server: Any, client: Any, body_class: Any) -> ReplayRow:
    request = pair.request

    def row(outcome: str, reason: str = "") -> ReplayRow:
        return ReplayRow(request.file, request.line, pair.operation.name, outcome, reason)

    problem = not_replayable(pair)
    if problem:
        return row(NOT_REPLAYABLE, problem)
    # The call's client-request-id is the example's own, so that a report names the same id every run.
    request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"gen-test:{request.file}:{request.line}"))
    prepared = _prepare(pair, paths, package, client.with_options(headers={"client-request-id": request_id}), body_class)
    if isinstance(prepared, _Refused):
        return row(MISMATCH, prepared.reason)
    if isinstance(prepared, str):
        return row(NOT_REPLAYABLE, prepared)
    outcome, reason = _send_and_compare(pair, prepared, package, server)
    if outcome != MISMATCH:
        return row(outcome, reason)
    if prepared.function.operation.name != pair.operation.name:  # another page's function took the request
        return row(NOT_REPLAYABLE, paths.elsewhere(pair, prepared.function, reason))
    explained = explained_failure(pair)
    return row(NOT_REPLAYABLE, explained) if explained else row(outcome, reason)


@attrs.frozen
class _Call:
    """A replay ready to send: the stub, its keyword arguments, the query, whether it uploads."""

    function: Endpoint

    stub: Any
    kwargs: dict[str, Any]
    query: dict[str, str] | None
    upload: bool


@attrs.frozen
class _Refused:
    """The SDK would not send what the docs show: a failure of the SDK, not of the docs."""

    reason: str


def _prepare(pair: Pair, paths: _Paths, package: ModuleType, client: Any, body_class: Any) -> _Call | _Refused | str:
    """The stub of the documented path and its arguments, or why there is none."""
    request = pair.request
    assert request.http is not None and request.http.path is not None
    found = stubs.find(paths.candidates(pair), request.http.path)
    if found is None:
        return paths.unmatched(pair)
    function, matched = found
    assert function.node is not None
    values = _import(package, "_values")
    try:
        stub = stubs.navigate(client, function, matched, values)
        upload = _uploads(stub)
        if binary(request) and not upload:
            return "binary or non-JSON content"
        kwargs = stubs.body_arguments(stub, function, request, _import(package, "_runtime"), body_class)
        kwargs.update(stubs.leaf_arguments(stub, function, matched, values))
    except stubs.Unreplayable as error:
        return paths.other_method(pair) or str(error)  # (another page's method of the path took it)
    except (ValueError, TypeError, LookupError, AttributeError) as error:  # the SDK refuses what the docs show
        return _Refused(f"the SDK refused the example's path: {type(error).__name__}: {str(error)[:200]}")
    query = dict(parse_qsl(request.http.query, keep_blank_values=True)) or None
    return _Call(function, stub, kwargs, query, upload)


def _send_and_compare(pair: Pair, call: _Call, package: ModuleType, server: Any) -> tuple[str, str]:
    """The outcome of sending the call to the server that expects the documented request."""
    request, response = pair.request, pair.response
    assert request.http is not None and request.http.path is not None
    runtime = _import(package, "_runtime")
    _expect(server, pair, request.http.path, call.query, upload=call.upload)
    try:
        result = call.stub(query=call.query, **call.kwargs)
    except _import(package, "errors").ApiError as error:
        status = response.http.status if response.http else None
        if status is not None and status >= 400 and error.status_code == status:
            server.clear()  # an error the docs show: the typed error is the documented answer
            return (MATCHED, "") if _error_matches(runtime, error, response) else (MISMATCH, "error body differs")
        return MISMATCH, _failure("ApiError", error, server, pair, call.query)
    except Exception as error:  # noqa: BLE001 - any failure of the stub is a mismatch to report
        return MISMATCH, _failure(type(error).__name__, error, server, pair, call.query)
    unmatched = [seen for seen in server.log if seen.status == 500]
    detail = _server_saw(server)
    server.clear()
    if unmatched:
        return MISMATCH, "the server did not receive the documented request" + detail
    difference = _response_difference(runtime, result, response)
    return (MISMATCH, difference) if difference else (MATCHED, "")


def _failure(kind: str, error: Exception, server: Any, pair: Pair, query: dict[str, str] | None) -> str:
    assert pair.request.http is not None and pair.request.http.path is not None
    detail = _server_saw(server)
    server.clear()
    message = str(error).split("Ordered matchers")[0].strip()[:200]
    return f"{kind}: {message}{detail}; expected {_expected(pair, pair.request.http.path, query)}"


def _uploads(stub: Any) -> bool:
    """The method sends content as it is (bytes), not JSON."""
    import inspect

    return "content" in inspect.signature(stub).parameters


class _GraphPathPattern:
    """The server's path matcher: the documented path, compared as Graph compares paths."""

    def __init__(self, path: str) -> None:
        self.path = _comparable(path)

    def match(self, uri: str) -> bool:
        return _comparable(uri) == self.path

    def __repr__(self) -> str:
        return self.path


def _comparable(path: str) -> str:
    """A path as Graph compares them: decoded, in any case, a key in parentheses or as a segment,
    arguments in any order, and a literal without the prefix OData lets it leave out
    (``microsoft.graph.timeZoneStandard'Iana'`` is ``'Iana'``)."""
    return normal_path(OPTIONAL_PREFIX.sub("", unquote(path)).lower())


def _expect(server: Any, pair: Pair, path: str, query: dict[str, str] | None, upload: bool = False) -> None:
    request, response = pair.request, pair.response
    expected_json = json_values.loads(request.json_text) if request.json_text else None
    status = response.http.status if response.http and response.http.status else 200
    headers = {k: v for k, v in (response.http.headers if response.http else ()) if k.lower() not in ("content-length", "content-type", "transfer-encoding")}
    content_type = next((v for k, v in (response.http.headers if response.http else ()) if k.lower() == "content-type"), "application/json")
    body = response.json_text if response.parsed else response.content  # (a count, CSV: the text as written)
    kwargs: dict[str, Any] = {"query": query or None}
    if upload and request.content:
        kwargs["content"] = request.content.encode("utf-8")  # the bytes as written
    elif expected_json is not None:
        kwargs["body"] = expected_json
    method = request.http.method if request.http and request.http.method else "GET"
    server.expect(Expected(_GraphPathPattern(path), method, status=status, headers=headers, response=body,
                           content_type=content_type, **kwargs))


def _error_matches(runtime: ModuleType, error: Any, response: Example) -> bool:
    if not response.json_text:
        return True
    return bool(runtime.dumps(runtime.loads(error.content)) == runtime.dumps(runtime.loads(response.json_text)))


def _expected(pair: Pair, path: str, query: dict[str, str] | None) -> str:
    request = pair.request
    text = f"{request.http.method if request.http else '?'} {path}"
    if query:
        text += f" query {query}"
    if request.json_text or request.content:
        text += f" body {(request.json_text or request.content)[:150]!r}"
    return text


def _server_saw(server: Any) -> str:
    if not server.log:
        return "; the server received nothing"
    received = server.log[-1]
    body = received.body[:150]
    return f"; the server received {received.method} {received.full_path.rstrip('?')}" + (f" body {body!r}" if body else "")


def _response_difference(runtime: ModuleType, result: Any, response: Example) -> str | None:
    if not response.json_text and response.content:  # a count or a text as written
        got = result.decode("utf-8", "replace") if isinstance(result, bytes) else runtime.dumps(runtime.encode(result))
        return None if got.strip() == response.content.strip() else f"the function returned {got[:120]!r}, the docs show {response.content[:120]!r}"
    if not response.json_text:
        return None if result is None or result == b"" else f"expected no body, got {type(result).__name__}"
    expected = runtime.loads(response.json_text)
    got = _as_json(runtime, result, expected)
    before, after = runtime.dumps(expected), runtime.dumps(got)
    if before == after:
        return None
    index = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    return f"the function returned {after[max(0, index - 60):index + 60]!r}, the docs show {before[max(0, index - 60):index + 60]!r}"


def _as_json(runtime: ModuleType, result: Any, expected: Any) -> Any:
    if isinstance(result, bytes):  # a stream (or $value) method answers the body as it came
        try:
            return runtime.loads(result)
        except ValueError:
            return result.decode("utf-8", "replace")
    if isinstance(result, runtime.Page):
        items = [runtime.encode(item) for item in result.value]
        return {**result.raw, "value": items} if isinstance(expected, dict) else items
    if isinstance(result, runtime.Model):
        data = result.to_dict()
        if runtime.wrapped(expected) and runtime.dumps(data) != runtime.dumps(expected):
            return {**expected, "value": data}  # the reader unwrapped {"value": {...}}
        return data
    encoded = runtime.encode(result)
    if bodies.is_wrapper(expected) and runtime.dumps(encoded) != runtime.dumps(expected):
        return {**expected, "value": encoded}  # the reader unwrapped {"value": ...}
    return encoded


def summary(model: ApiModel, rows: list[ReplayRow]) -> dict[str, int]:
    pages: dict[str, list[ReplayRow]] = {}
    for row in rows:
        pages.setdefault(row.operation, []).append(row)
    replayed = [page for page in pages.values() if any(r.outcome != NOT_REPLAYABLE for r in page)]
    matched = [page for page in replayed if all(r.outcome in (MATCHED, NOT_REPLAYABLE) for r in page)]
    return {"replay_candidates": len(pages), "replayed": len(replayed), "replay_matched": len(matched)}
