"""The stub a documented request is sent with, reached as a user would, and its arguments.

``find`` picks the documented path an example URL fills (``calls.match``); ``navigate`` walks
the client to its path node with the example's keys and call arguments (each given so that
the SDK writes the example's literal back); ``leaf_arguments`` and ``body_arguments`` are the
method's own keywords: the function's URL arguments, an action's body parameters, the body.
Whatever cannot be sent as the example shows raises ``Unreplayable`` with the reason.
"""

from __future__ import annotations

import inspect
import re
from types import ModuleType
from typing import Any

import attrs

from ..model import Example
from ..model.kinds import Location
from ..sdk.render.methods import StepKind
from ..sdk.render.tree import CallParam, Endpoint, Keyword, PathNode
from .calls import Matched, NotWritable, match, sdk_value


COUNT = "$count"
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


class Unreplayable(Exception):
    """The example cannot be sent by the stub; the message says why."""


def find(functions: list[Endpoint], path: str) -> tuple[Endpoint, Matched] | None:
    """The documented path an example URL fills, and how; a path that documents the last
    segment's arguments goes before one that leaves them to a parameter table. A ``$count``
    of a documented collection is its list's ``count()`` (OData counts every collection)."""
    for extra in (False, True):
        for function in functions:
            found = match(function.path, path, extra)
            if found is not None:
                return function, found
    collection, _, last = path.rstrip("/").rpartition("/")
    listed = find([f for f in functions if f.method == "list"], collection) if last == COUNT and collection else None
    if listed is None or listed[0].node is None or "count" not in listed[0].node.methods:
        return None
    endpoint, matched = listed
    return attrs.evolve(endpoint, path=f"{endpoint.path}/{COUNT}", method="count"), matched


def cast_of(functions: list[Endpoint], path: str) -> str | None:
    """The type an example casts a documented path to (``.../members/microsoft.graph.user``,
    and its ``$count``), when no documented path has the cast."""
    head, _, last = path.rstrip("/").rpartition("/")
    if last == COUNT:
        head, _, last = head.rpartition("/")
    if not _DOTTED.fullmatch(last) or not head:
        return None
    return last if find(functions, head) is not None else None


def navigate(client: Any, endpoint: Endpoint, matched: Matched, values: ModuleType) -> Any:
    """The path node's method for a documented path: attributes, keys, calls."""
    node: Any = client
    place: PathNode | None = None
    calls = iter(matched.calls)
    for step in endpoint.steps:
        if step.kind is StepKind.ATTR:
            node, place = getattr(node, step.name), step.node
        elif step.kind is StepKind.KEY:
            node, place = node[_key(matched, step.placeholder, endpoint)], place.key if place else None
        else:
            params = {param.python: param for param in (place.call_params if place else [])}
            given = next(calls, {})
            node = node(**{name: _value(params[name], given, values) for name, _ in step.arguments
                           if name in params and params[name].json.lower() in given})
    return getattr(node, endpoint.method)


def _key(matched: Matched, placeholder: int, endpoint: Endpoint) -> str:
    key = matched.keys[placeholder] if 0 <= placeholder < len(matched.keys) else None
    if key is None:  # (a reading of the path that disagrees with the navigation's: never a traceback)
        raise Unreplayable(f"the example's URL gives no key for placeholder {placeholder + 1} of {endpoint.path}")
    return key


def _value(param: CallParam | Keyword, given: dict[str, tuple[str, str]], values: ModuleType) -> Any:
    name, literal = given[param.json.lower()]
    try:
        return sdk_value(param.template, literal, values)
    except NotWritable as error:
        raise Unreplayable(f"the example's argument {name}={literal} cannot be sent as written: {error}") from None


def leaf_arguments(stub: Any, endpoint: Endpoint, matched: Matched, values: ModuleType) -> dict[str, Any]:
    """A function's arguments in the example URL, by the method's keywords (the docs differ in case)."""
    assert endpoint.node is not None
    keywords = {k.json.lower(): k for k in endpoint.node.methods[endpoint.method].keywords if k.in_url}
    steps = sum(1 for step in endpoint.steps if step.kind is StepKind.CALL)
    given = dict(matched.calls[steps]) if len(matched.calls) > steps else {}
    given.update({name.lower(): (name, literal) for name, literal in matched.extra})
    parameters = inspect.signature(stub).parameters
    arguments: dict[str, Any] = {}
    for lower, (name, _) in given.items():
        keyword = keywords.get(lower)
        if keyword is None or keyword.python not in parameters:
            raise Unreplayable(_undocumented_argument(name, endpoint))
        arguments[keyword.python] = _value(keyword, given, values)
    return arguments


def _undocumented_argument(name: str, endpoint: Endpoint) -> str:
    operation = endpoint.operation
    listed = next((p for p in operation.parameters if p.name.lower() == name.lower()), None)
    if listed is not None:
        where = "a path" if listed.location is Location.PATH else "a function"
        return (f"the docs contradict themselves: the example passes {name!r} in the function call, the page "
                f"lists it as {where} parameter, and no documented path has it")
    return f"the docs contradict themselves: the example passes {name!r} in the function call, which the page does not document"


def body_arguments(stub: Any, endpoint: Endpoint, request: Example, runtime: ModuleType, body_class: Any) -> dict[str, Any]:
    """The body as the method takes it: content, a reference, a model, or one keyword per key."""
    assert endpoint.node is not None
    method = endpoint.node.methods[endpoint.method]
    parameters = inspect.signature(stub).parameters
    if "content" in parameters:
        return upload_arguments(request)
    required = "body" if "body" in parameters else "ref" if "ref" in parameters else None
    _check_body_is_sent(endpoint, request, required)
    if not request.json_text:
        return {}
    data = runtime.loads(request.json_text)
    if required == "ref":
        if not isinstance(data, dict) or not isinstance(data.get("@odata.id"), str) or len(data) != 1:
            raise Unreplayable("a $ref request body is not {\"@odata.id\": ...}")
        return {"ref": data["@odata.id"]}
    if required == "body":
        if body_class is not None and isinstance(data, dict):
            body = body_class.from_dict(data)
            runtime.forget_loaded(body)  # send the documented body whole, as a model built by hand
            return {"body": body}
        return {"body": data}
    if not isinstance(data, dict):
        raise Unreplayable("request body is not an object and the operation documents no body type")
    return _parameters_of(data, [k for k in method.keywords if not k.in_url], parameters)


def _check_body_is_sent(endpoint: Endpoint, request: Example, required: str | None) -> None:
    """A method that takes a body and an example without one (the call would fail: a doc
    defect, not a mismatch), or a body the method has no way to send."""
    assert endpoint.node is not None
    method, http = endpoint.node.methods[endpoint.method], endpoint.operation.method or ""
    if required and not request.json_text:
        why = " (it reads the POST as adding an item)" if method.kind.writes else ""
        raise Unreplayable(f"the SDK's {endpoint.method}() for {http} {endpoint.path} takes a request "
                           f"{required}{why}; the request example sends none")
    if request.json_text and not required and not method.keywords and http.upper() in ("GET", "DELETE"):
        raise Unreplayable(f"the example sends a body with {http}; the SDK's {endpoint.method}() sends none")


def _parameters_of(data: dict[str, Any], keywords: list[Keyword], parameters: Any) -> dict[str, Any]:
    """An action's body, one keyword per key: a key must be a documented parameter, spelled as documented."""
    by_lower = {keyword.json.lower(): keyword for keyword in keywords}
    arguments: dict[str, Any] = {}
    for key, value in data.items():
        keyword = by_lower.get(str(key).lower())
        usable = keyword is not None and keyword.python in parameters
        if keyword is None or not usable or parameters[keyword.python].kind is not inspect.Parameter.KEYWORD_ONLY:
            documented = ", ".join(k.json for k in keywords) or "none"
            raise Unreplayable(f"the docs contradict themselves: the example's body sends {key!r}, which the page "
                               f"does not document as a parameter (documented: {documented})")
        if keyword.json != key:  # JSON names are case-sensitive: the SDK sends the documented one
            raise Unreplayable(f"the docs contradict themselves: the parameter table names {keyword.json!r}, "
                               f"the example's body sends {key!r}")
        arguments[keyword.python] = value
    return arguments


def upload_arguments(request: Example) -> dict[str, Any]:
    """An upload's bytes as the page writes them, and the media type its example names."""
    text = request.content or request.json_text
    if not text:
        raise Unreplayable("the operation uploads content; the request example shows none")
    headers = request.http.headers if request.http else ()
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    return {"content": text.encode("utf-8"), **({"content_type": content_type} if content_type else {})}
