"""Which pages call an action or a function rather than address a resource.

What an action or function returns or creates says nothing of whether that type is an
entity; what a request addresses by key, creates in a collection or lists does.
"""

from __future__ import annotations

import re

from ..parse.http import RequestLine
from .context import ResolveContext

def addressing_pages(ctx: ResolveContext, calls: set[str]) -> dict[str, bool]:
    """The pages whose requests treat their type as an entity: address it by key, create it, or
    list it; each -> whether it addresses by key. An action or function (``calls``: their pages)
    that returns or creates a type says nothing of its kind, nor does reading a property
    (``GET /me/analytics/settings``)."""
    found: dict[str, bool] = {}
    for page in ctx.pages:
        operation = page.operation
        if operation is None or page.path in calls:
            continue
        paths = [request.path for request in operation.requests if request.path]
        keyed = any(path.endswith(("}", "')", '")')) for path in paths)
        created = operation.response_status == 201
        listed = operation.response_collection and any("(" not in path.rpartition("/")[2] for path in paths)
        if keyed or created or listed:
            found[page.path] = keyed
    return found


def property_reads(ctx: ResolveContext, addressing: set[str]) -> set[str]:
    """Pages that only read or write a property the docs list as a plain property, not a
    relationship (``GET /me/analytics/settings``): they say nothing of its type's kind."""
    plain: set[str] = set()
    related: set[str] = set()
    for typedef in ctx.types.values():
        for prop in typedef.properties:
            (related if prop.navigation else plain).add(prop.name.lower())
    found: set[str] = set()
    for page in ctx.pages:
        operation = page.operation
        if operation is None or page.path in addressing:
            continue
        lasts = {_last_segment(request.path).lower() for request in operation.requests if request.path}
        if lasts and all(last in plain and last not in related for last in lasts):
            found.add(page.path)
    return found


def operation_targets(ctx: ResolveContext, addressing: dict[str, bool]) -> set[str]:
    """Types that operations treat as entities: those the ``addressing`` pages answer (or, by key, take)."""
    targets: set[str] = set()
    for page in ctx.pages:
        operation = page.operation
        if operation is None or page.path not in addressing:
            continue
        links = [operation.response_type, operation.body_type] if addressing[page.path] else [operation.response_type]
        for link in links:
            found = ctx.index.find(link.name, link.target, link.anchor, page.namespace) if link else None
            if found:
                targets.add(found)
    return targets


def action_pages(ctx: ResolveContext) -> set[str]:
    """Pages whose requests call an action or a function rather than address a resource."""
    properties = {prop.name.lower() for typedef in ctx.types.values() for prop in typedef.properties}
    calls = set()
    for page in ctx.pages:
        operation = page.operation
        if operation is None:
            continue
        requests = [request for request in operation.requests if request.path]
        paths = [request.path for request in requests]
        # "201 Created" is a new member of a collection, not an action's result.
        created = operation.response_status == 201
        if _calls_action(operation.title, paths) or (
            requests and not created and all(_calls(r, properties) for r in requests)
        ):
            calls.add(page.path)
    return calls


def _calls_action(title: str, paths: list[str]) -> bool:
    """Does the page document an OData action or function ("x: name" titles, ``/x/name`` paths)?"""
    subject, colon, name = title.partition(":")
    words = name.split()
    if colon and words and " " not in subject.strip():
        called = words[0].lower()
        return any(_last_segment(path).startswith(called) for path in paths)
    return any(_last_segment(path).startswith("microsoft.graph.") for path in paths)


_KEY_SEGMENT = re.compile(r"^(?:\{[^{}]*\}|<[^<>]*>|\(.*\))$")


def _calls(request: RequestLine, properties: set[str]) -> bool:
    """Does a request end in a call: a segment below the root that names no documented property,
    posted to or given arguments?

    ``/users`` (an entity set) and ``GET /companies/{id}/journals`` (a relationship that its
    page does not list) address resources; ``POST /users/{id}/getMemberGroups`` and
    ``/reports/getX(period='D7')`` call something.
    """
    raw = [segment for segment in request.path.strip("/").split("/") if segment]
    if not raw or _KEY_SEGMENT.match(raw[-1]) or raw[-1].endswith(("')", '")')):
        return False  # addressed by key: a resource
    segments = [segment for segment in raw if not _KEY_SEGMENT.match(segment)]
    if len(segments) < 2:
        return False
    name, arguments, _ = segments[-1].partition("(")
    if name.lower() in properties or name.startswith("$"):
        return False
    return request.method.upper() != "GET" or bool(arguments)


def _last_segment(path: str) -> str:
    return path.rstrip("/").rpartition("/")[2].lower()
