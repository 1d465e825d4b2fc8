"""Which documented exchanges the replay can send, and why not the others.

A request example and the response example after it on a method page make a ``Pair``.
Each check of ``NOT_REPLAYABLE_CHECKS`` looks at one pair and says why it cannot be replayed
(no request line, a body that is not JSON, no function for it, a redirect to content the docs
do not show) or returns None; ``CONTRADICTIONS`` are docs that disagree with themselves,
where neither side is the right one. The first check that speaks is the reason reported.
``EXPLAINING`` are contradictions the SDK may get over: they are the reason only for a
replay that failed.
"""

from __future__ import annotations

from typing import Callable

import attrs

from ..model import Example, Operation, bodies
from ..sdk.render.nodes import STREAMS
from .server import REDIRECTS


@attrs.frozen
class Pair:
    """A request example and the response example after it, on one method page."""

    operation: Operation
    request: Example
    response: Example


def not_replayable(pair: Pair) -> str | None:
    """Why an example cannot be replayed, by the first of ``NOT_REPLAYABLE_CHECKS`` that says."""
    return next((reason for check in NOT_REPLAYABLE_CHECKS if (reason := check(pair)) is not None), None)


def _no_request_line(pair: Pair) -> str | None:
    http = pair.request.http
    if http is None or http.method is None:
        return "request example has no request line"
    if http.url_problem or not http.path:
        return f"request URL is not usable ({http.url_problem or 'no path'})"
    return None


def _request_not_json(pair: Pair) -> str | None:
    request = pair.request
    if request.parsed is False:
        return f"request body is not JSON ({request.error})"
    return "request body is not JSON" if request.parsed is None and request.json_text else None


def _response_unsendable(pair: Pair) -> str | None:
    response = pair.response
    if binary(response):
        return "binary or non-JSON content"
    if response.parsed is False:
        return f"response body is not JSON ({response.error})"
    if response.http is not None and response.http.status is None and response.http.method:
        return "response example holds a request"
    status = _status(pair)
    if status is not None and status < 200:
        return f"a {status} answer is informational (1xx): the answer that follows it is not shown"
    if response.http is not None and not all(_sendable(name) and _sendable(value) for name, value in response.http.headers):
        return "a response header is not sendable in HTTP (not Latin-1, or a control character)"
    return None


def _no_function(pair: Pair) -> str | None:
    http = pair.request.http
    if not pair.operation.paths and not (http and http.query):
        return "operation has no documented path, so no function"
    return None


def _redirects_to_undocumented_content(pair: Pair) -> str | None:
    """A GET the docs answer with a redirect and no body: the SDK follows it, and for a typed
    method the JSON waiting there is not documented (a stream's content may be anything)."""
    response, operation = pair.response, pair.operation
    http = response.http
    if http is None or http.status not in REDIRECTS or response.json_text or (operation.method or "GET") != "GET":
        return None
    if operation.response_type is None or operation.response_type in STREAMS or operation.response_status in REDIRECTS:
        return None  # (a method whose page documents the redirect answers the content's bytes)
    if not any(name.lower() == "location" for name, _ in http.headers):
        return None
    return f"the response example is a redirect; the docs do not show the {operation.response_type} it leads to"


def _answers_a_reference_request_with_a_body(pair: Pair) -> str | None:
    """OData answers a ``$ref`` request with no content, and the SDK's method returns None."""
    operation, response = pair.operation, pair.response
    if _on_references(operation) and response.parsed and response.json_text and (_status(pair) or 200) < 300:
        shown = operation.response_type or "JSON"
        return f"a $ref request is answered with no content (OData), so its method returns None; the example shows a {shown} body"
    return None


def _on_references(operation: Operation) -> bool:
    return bool(operation.paths) and all(path.rstrip("/").endswith("/$ref") for path in operation.paths)


def _answers_a_body_it_does_not_document(pair: Pair) -> str | None:
    """A Response section that names a status and no body type; a page without one says
    nothing of the answer (its method answers whatever JSON comes)."""
    response, operation = pair.response, pair.operation
    documented = operation.response_status
    if documented is None or operation.response_type is not None or (_status(pair) or 200) >= 400:
        return None
    if response.parsed and response.json_text:
        return f"the Response section documents {documented} and no body, the example shows one"
    return None


def _sends_no_documented_body(pair: Pair) -> str | None:
    operation = pair.operation
    if operation.request_type is not None and (operation.method or "") in ("POST", "PATCH", "PUT") and not pair.request.json_text:
        return f"the example sends no body, the page documents a {operation.request_type} body"
    return None


def _no_content_with_a_body(pair: Pair) -> str | None:
    shown = pair.response.json_text or pair.response.content  # (JSON, or text as written)
    return "a 204 No Content response example with a body" if _status(pair) == 204 and shown else None


def _one_documented_an_array_shown(pair: Pair) -> str | None:
    operation, response = pair.operation, pair.response
    single = operation.response_type and not operation.response_type.startswith("Edm.") and not operation.response_collection
    if single and response.parsed and isinstance(response.value, list) and (_status(pair) or 200) < 400:
        return f"the page documents one {operation.response_type}, the example shows an array"
    return None


def _one_documented_a_collection_shown(pair: Pair) -> str | None:
    operation, response = pair.operation, pair.response
    if not operation.response_collection or not operation.response_type or (_status(pair) or 200) >= 400:
        return None
    if response.parsed and isinstance(response.value, dict) and not bodies.holds_value_list(response.value):
        return f"the page documents a collection of {operation.response_type}, the example shows one object"
    return None


def _documents_a_body_shows_none(pair: Pair) -> str | None:
    """A body the SDK's method must read (a ``$count``'s number, a GET's or POST's answer of a
    documented type), and an example that answers without one: 202 Accepted and 204 No Content
    may be empty, and a PATCH or PUT may answer nothing (its method answers None)."""
    operation, response = pair.operation, pair.response
    status = _status(pair) or 200
    counts = _request_path(pair).endswith("/$count")
    if response.json_text or response.content or status >= 300 or not (counts or _reads_a_body(operation)):
        return None
    if status in (202, 204) and operation.response_status in (202, 204) and not counts:
        return None
    shown = {202: "answers 202 Accepted with none", 204: "answers 204 No Content"}.get(status, f"shows none ({status})")
    if counts:
        return f"a $count request is answered with a number, the example {shown}"
    return f"the page documents a {operation.response_type} body in the answer, the example {shown}"


def _documents_json_shows_text(pair: Pair) -> str | None:
    """A method that reads a documented type's JSON, and an example that answers text that is not
    JSON (a header line broken into the body, a sentence before it). A count and a ``$value``
    answer text by design."""
    operation, response = pair.operation, pair.response
    if response.parsed is not None or not response.content or (_status(pair) or 200) >= 300:  # (parsed None: no JSON)
        return None
    if _request_path(pair).endswith(("/$count", "/$value")) or not _reads_a_body(operation):
        return None
    return f"the page documents a {operation.response_type} body in the answer, the example's is not JSON"


def _reads_a_body(operation: Operation) -> bool:
    if (operation.method or "GET").upper() in ("PATCH", "PUT", "DELETE") or _on_references(operation):
        return False  # (an update may answer nothing; a $ref request answers nothing)
    return operation.response_type is not None and operation.response_type not in STREAMS


def _get_with_a_body(pair: Pair) -> str | None:
    return "a GET request example with a body" if (pair.operation.method or "GET") == "GET" and pair.request.json_text else None


def _request_path(pair: Pair) -> str:
    """The path the request example sends, without a trailing slash ("" when it has none)."""
    return (pair.request.http.path or "").rstrip("/") if pair.request.http else ""


def _status(pair: Pair) -> int | None:
    return pair.response.http.status if pair.response.http else None


# Docs that contradict themselves cannot be replayed: neither side is the right one.
CONTRADICTIONS: tuple[Callable[[Pair], str | None], ...] = (
    _answers_a_body_it_does_not_document, _sends_no_documented_body, _no_content_with_a_body,
    _one_documented_an_array_shown, _get_with_a_body,
)
# Docs that contradict themselves in a way the SDK may get over (a method that reads several
# pages' answers may take an empty one): they explain a replay that failed, and only then.
EXPLAINING: tuple[Callable[[Pair], str | None], ...] = (
    _one_documented_a_collection_shown, _documents_a_body_shows_none, _documents_json_shows_text,
)


def explained_failure(pair: Pair) -> str | None:
    """Why a replay that failed could not succeed: the docs contradict themselves, or None."""
    reason = next((found for check in EXPLAINING if (found := check(pair)) is not None), None)
    return f"the docs contradict themselves: {reason}" if reason else None


def _contradiction(pair: Pair) -> str | None:
    reason = next((found for check in CONTRADICTIONS if (found := check(pair)) is not None), None)
    return f"the docs contradict themselves: {reason}" if reason else None


NOT_REPLAYABLE_CHECKS: tuple[Callable[[Pair], str | None], ...] = (
    _no_request_line, _request_not_json, _response_unsendable, _no_function, _redirects_to_undocumented_content,
    _answers_a_reference_request_with_a_body, _contradiction,
)


def _sendable(text: str) -> bool:
    """An HTTP/1.1 header name or value the test server can send (it encodes them as Latin-1)."""
    return all(char == "\t" or " " <= char <= "~" or "\xa0" <= char <= "\xff" for char in text)


def binary(example: Example) -> bool:
    if example.http is None:
        return False
    content_type = next((v for k, v in example.http.headers if k.lower() == "content-type"), "")
    if content_type and "json" not in content_type.lower() and "text/plain" not in content_type.lower():
        return True
    return example.parsed is None and bool(example.http and example.http.status and raw_body(example))


def raw_body(example: Example) -> bool:
    return bool(example.json_text or example.error)
