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

import json
import uuid
from types import ModuleType
from typing import Any, Iterator
from urllib.parse import parse_qsl, unquote

import attrs
import httpx

from ..model.kinds import ExampleKind, TypeKind
from ..parallel import Progress
from ..model.paths import CALL_ITEM, match_path, normal_path, readings
from ..model import ApiModel, Example, Operation, bodies, json_values
from ..sdk.render.layout import Layout
from ..sdk.render.methods import StepKind
from ..sdk.render.tree import Endpoint
from .replayable import Pair, binary, not_replayable
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
    functions = _functions(layout)
    by_method = _by_method(layout)
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
                    candidates = _candidates(pair, functions, by_method)
                    rows.append(_guarded(transport, _replay(pair, candidates, package, server, client, body_class)))
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


def _functions(layout: Layout) -> dict[str, list[Endpoint]]:
    """Each operation's documented paths, as the path node methods that send them."""
    found: dict[str, list[Endpoint]] = {}
    for endpoint in layout.navigation.endpoints if layout.navigation else []:
        found.setdefault(endpoint.operation.name, []).append(endpoint)
    return found


def _by_method(layout: Layout) -> dict[str, list[Endpoint]]:
    """Every documented path by its HTTP method."""
    found: dict[str, list[Endpoint]] = {}
    for endpoint in layout.navigation.endpoints if layout.navigation else []:
        found.setdefault((endpoint.operation.method or "GET").upper(), []).append(endpoint)
    return found


def _candidates(pair: Pair, functions: dict[str, list[Endpoint]], by_method: dict[str, list[Endpoint]]) -> list[Endpoint]:
    """The operation's own paths first; then the other operations' of the example's method: a
    query string never makes an operation (``GET /me?$expand=manager`` is a call of ``GET /me``)."""
    own = functions.get(pair.operation.name, [])
    http = pair.request.http
    if http is None or not http.query or not http.method:
        return own
    return own + [e for e in by_method.get(http.method.upper(), []) if e.operation.name != pair.operation.name]


def _navigate(client: Any, endpoint: Endpoint, arguments: list[str]) -> Any:
    """The path node of a documented path, reached as a user would: attributes, keys, calls."""
    node = client
    for step in endpoint.steps:
        if step.kind is StepKind.ATTR:
            node = getattr(node, step.name)
        elif step.kind is StepKind.KEY:
            node = node[arguments[step.placeholder]]
        else:
            node = node(**_step_arguments(step.arguments, arguments))
    return getattr(node, endpoint.method)


def _step_arguments(pairs: tuple[tuple[str, int | str], ...], arguments: list[str]) -> dict[str, Any]:
    return {name: arguments[value] if isinstance(value, int) else _literal_value(value) for name, value in pairs}


def _keywords(endpoint: Endpoint) -> dict[str, str]:
    """The method's keyword arguments: Python name -> documented (JSON) name."""
    assert endpoint.node is not None
    return {keyword.python: keyword.json for keyword in endpoint.node.methods[endpoint.method].keywords}


def _body_class(model: ApiModel, layout: Layout, package: ModuleType, operation: Operation) -> Any:
    typedef = model.types.get(operation.request_type or "")
    ref = layout.class_of(operation.request_type) if operation.request_type else None
    if typedef is None or ref is None or typedef.kind is TypeKind.ENUM:
        return None
    return _import(package, "_runtime").load_class(ref.reference)


def _replay(
    pair: Pair, functions: list[Endpoint], package: ModuleType, server: Any, client: Any, body_class: Any
) -> ReplayRow:
    request = pair.request

    def row(outcome: str, reason: str = "") -> ReplayRow:
        return ReplayRow(request.file, request.line, pair.operation.name, outcome, reason)

    problem = not_replayable(pair)
    if problem:
        return row(NOT_REPLAYABLE, problem)
    # The call's client-request-id is the example's own, so that a report names the same id every run.
    request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"gen-test:{request.file}:{request.line}"))
    prepared = _prepare(pair, functions, package, client.with_options(headers={"client-request-id": request_id}), body_class)
    if isinstance(prepared, str):
        return row(NOT_REPLAYABLE, prepared)
    outcome, reason = _send_and_compare(pair, prepared, package, server)
    return row(outcome, reason)


@attrs.frozen
class _Call:
    """A replay ready to send: the stub, its keyword arguments, the query, whether it uploads."""

    stub: Any
    kwargs: dict[str, Any]
    query: dict[str, str] | None
    upload: bool


def _prepare(pair: Pair, functions: list[Endpoint], package: ModuleType, client: Any, body_class: Any) -> _Call | str:
    """The stub of the documented path and its arguments, or why there is none."""
    request = pair.request
    assert request.http is not None and request.http.path is not None
    match = _match_function(functions, request.http.path)
    if match is None:
        documented = ", ".join(f.path for f in functions) or "none"
        return f"example URL path matches no documented path: {request.http.path} (documented: {documented})"
    function, arguments, function_arguments = match
    stub = _navigate(client, function, arguments)
    upload = _uploads(stub)
    if binary(request) and not upload:
        return "binary or non-JSON content"
    keywords = _keywords(function)
    try:
        kwargs = _body_arguments(stub, keywords, request, _import(package, "_runtime"), body_class)
        kwargs.update(_step_arguments(function.arguments, arguments))
        kwargs.update(_named_arguments(stub, keywords, function_arguments))
    except _Unreplayable as error:
        return str(error)
    query = dict(parse_qsl(request.http.query, keep_blank_values=True)) or None
    return _Call(stub, kwargs, query, upload)


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


class _Unreplayable(Exception):
    """The example cannot be sent by the stub; the message says why."""


def _uploads(stub: Any) -> bool:
    """The method sends content as it is (bytes), not JSON."""
    import inspect

    return "content" in inspect.signature(stub).parameters


def _upload_arguments(request: Example) -> dict[str, Any]:
    """An upload's bytes as the page writes them, and the media type its example names."""
    text = request.content or request.json_text
    if not text:
        raise _Unreplayable("the operation uploads content; the request example shows none")
    headers = request.http.headers if request.http else ()
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    return {"content": text.encode("utf-8"), **({"content_type": content_type} if content_type else {})}


def _match_function(functions: list[Endpoint], path: str) -> tuple[Endpoint, list[str], dict[str, Any]] | None:
    """The documented path an example URL instantiates: (function, path arguments, function arguments)."""
    for candidate, arguments in readings(path):
        for function in functions:
            values = match_path(function.path, candidate)
            if values is not None:
                return function, values, _call_arguments(arguments)
    return None


def _call_arguments(call: str | None) -> dict[str, Any]:
    """``a='x',n=5`` -> {"a": "x", "n": 5}; literals as OData writes them."""
    arguments: dict[str, Any] = {}
    for name, literal in CALL_ITEM.findall(call or ""):
        arguments[str(name)] = _literal_value(str(literal).strip())
    return arguments


def _literal_value(literal: str) -> Any:
    if literal.startswith("'") and literal.endswith("'"):
        return unquote(literal[1:-1].replace("''", "'"))
    if literal in ("true", "false"):
        return literal == "true"
    if literal == "null":
        return None
    try:
        return json.loads(literal)
    except ValueError:
        return literal


class _GraphPathPattern:
    """The server's path matcher: the documented path, compared as Graph compares paths."""

    def __init__(self, path: str) -> None:
        self.path = normal_path(unquote(path)).lower()

    def match(self, uri: str) -> bool:
        return normal_path(unquote(uri)).lower() == self.path

    def __repr__(self) -> str:
        return self.path


def _named_arguments(stub: Any, keywords: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    """Function arguments by the method's parameter names (the docs differ in case)."""
    import inspect

    parameters = inspect.signature(stub).parameters
    by_json = {json_name.lower(): python for python, json_name in keywords.items()}
    by_json.update({name.lower(): name for name in keywords})
    arguments: dict[str, Any] = {}
    for name, value in values.items():
        python = by_json.get(name.lower())
        if python is None or python not in parameters:
            raise _Unreplayable(f"function parameter in the example URL is not documented: {name!r}")
        arguments[python] = value
    return arguments


def _body_arguments(
    stub: Any, keywords: dict[str, str], request: Example, runtime: ModuleType, body_class: Any
) -> dict[str, Any]:
    import inspect

    parameters = inspect.signature(stub).parameters
    if "content" in parameters:
        return _upload_arguments(request)
    required = "body" if "body" in parameters else "ref" if "ref" in parameters else None
    if not request.json_text:
        if required:  # a required argument: the call would fail, a doc defect, not a mismatch
            raise _Unreplayable(f"the operation takes a request {required}; the request example shows none")
        return {}
    data = runtime.loads(request.json_text)
    if required == "ref":
        if not isinstance(data, dict) or not isinstance(data.get("@odata.id"), str) or len(data) != 1:
            raise _Unreplayable("a $ref request body is not {\"@odata.id\": ...}")
        return {"ref": data["@odata.id"]}
    if required == "body":
        if body_class is not None and isinstance(data, dict):
            body = body_class.from_dict(data)
            runtime.forget_loaded(body)  # send the documented body whole, as a model built by hand
            return {"body": body}
        return {"body": data}
    if not isinstance(data, dict):
        raise _Unreplayable("request body is not an object and the operation documents no body type")
    names: dict[str, str] = {json_name: python for python, json_name in keywords.items()}
    arguments: dict[str, Any] = {}
    for key, value in data.items():
        python = names.get(str(key), str(key))
        keyword_only = python in keywords and parameters[python].kind is inspect.Parameter.KEYWORD_ONLY
        if not keyword_only:
            raise _Unreplayable(f"request body key is not a documented parameter of the operation: {key!r}")
        arguments[python] = value
    return arguments


def _expect(server: Any, pair: Pair, path: str, query: dict[str, str] | None, upload: bool = False) -> None:
    request, response = pair.request, pair.response
    expected_json = json_values.loads(request.json_text) if request.json_text else None
    status = response.http.status if response.http and response.http.status else 200
    headers = {k: v for k, v in (response.http.headers if response.http else ()) if k.lower() not in ("content-length", "content-type", "transfer-encoding")}
    content_type = next((v for k, v in (response.http.headers if response.http else ()) if k.lower() == "content-type"), "application/json")
    body = response.json_text if response.parsed else ""
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
        if runtime.wrapped(expected) and "value" not in result._json_fields:
            return {**expected, "value": result.to_dict()}  # the reader unwrapped {"value": {...}}
        return result.to_dict()
    encoded = runtime.encode(result)
    if bodies.is_wrapper(expected):
        return {**expected, "value": encoded}  # the reader unwrapped {"value": ...}
    return encoded


def summary(model: ApiModel, rows: list[ReplayRow]) -> dict[str, int]:
    pages: dict[str, list[ReplayRow]] = {}
    for row in rows:
        pages.setdefault(row.operation, []).append(row)
    replayed = [page for page in pages.values() if any(r.outcome != NOT_REPLAYABLE for r in page)]
    matched = [page for page in replayed if all(r.outcome in (MATCHED, NOT_REPLAYABLE) for r in page)]
    return {"replay_candidates": len(pages), "replayed": len(replayed), "replay_matched": len(matched)}
