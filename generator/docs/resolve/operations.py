"""Operations and examples of the resolved model, from api pages and code blocks.

An operation is named after its page title ("Update macOSVpnConfiguration" becomes
``update_macosvpnconfiguration``): titles are what writers keep stable, unlike example
names with their ``_2`` suffixes. Two pages with one title are told apart by file name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs

from ...model.kinds import ExampleKind, Location
from ...model import edm
from ...model.diagnostics import diag
from ...model.paths import PLACEHOLDER, placeholder_name
from ...model import Example, HttpExchange, Operation, Parameter, TypeRef
from ..parse.facts import Example as ExampleFacts
from ..parse.facts import PageFacts
from ..parse.enums import possible_values
from ..parse.facts import Parameter as ParameterFacts
from ..parse.http import RequestLine

if TYPE_CHECKING:
    from .context import ResolveContext

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_BODY_METHODS = ("POST", "PATCH", "PUT")


def operation_name(title: str) -> str:
    return _NOT_WORD.sub("_", title.lower()).strip("_") or "operation"


def body_subject(page: PageFacts, resolver: ResolveContext, report: bool = True) -> str | None:
    """The type a request body carries: the page's link, else its example's @odata.type."""
    operation = page.operation
    if operation is None:
        return None
    method = _method(page)
    if method is not None and method not in _BODY_METHODS:
        return None
    if operation.body_type is not None:
        return resolver.resolve_link(operation.body_type, page, operation.line, report)
    for example in page.examples:
        if example.kind is ExampleKind.REQUEST:
            named = _named_type(example, resolver, page)
            if named:
                return named
    if operation.body_properties and operation.response_type is not None and method in ("PATCH", "PUT"):
        return resolver.resolve_link(operation.response_type, page, operation.response_line, report)
    return None


@attrs.frozen
class DocumentedPath:
    """Where a page documents one of its operation's paths, and whether only with a query."""

    line: int
    query_only: bool  # every request line of this path carries a query string


def documented_paths(page: PageFacts) -> dict[str, DocumentedPath]:
    """The operation's paths in the order written, each at its first request line."""
    found: dict[str, DocumentedPath] = {}
    for request in _request_lines(page):
        if request.placeholder is not None or not request.path:
            continue
        known = found.get(request.path)
        if known is None:
            found[request.path] = DocumentedPath(request.line, bool(request.query))
        elif known.query_only and not request.query:
            found[request.path] = DocumentedPath(known.line, False)
    return found


def resolve_operations(pages: list[PageFacts], resolver: ResolveContext) -> tuple[list[Operation], list[Example]]:
    """The operations of the api pages (sorted by name) and every example of every page."""
    found: list[Operation] = []
    names: dict[str, list[PageFacts]] = {}
    for page in pages:
        if page.operation is not None:
            names.setdefault(operation_name(page.operation.title or _stem(page.path)), []).append(page)
    for name, group in sorted(names.items()):
        for page in group:
            unique = name if len(group) == 1 else f"{name}__{operation_name(_stem(page.path))}"
            if len(group) > 1:
                resolver.diagnostics.append(
                    diag(
                        "GEN209",
                        page.path,
                        page.operation.line if page.operation else 1,
                        f"title {page.title!r} is shared by {len(group)} pages; this operation is named {unique}",
                        severity="info",
                    )
                )
            found.append(_operation(unique, page, resolver))
    found.sort(key=lambda operation: operation.name)
    by_page = {operation.source: operation for operation in found}
    examples: list[Example] = []
    for page in pages:
        operation = by_page.get(page.path)
        for facts in page.examples:
            examples.append(_example(facts, page, operation, resolver))
    return found, examples


def _stem(path: str) -> str:
    return path.rpartition("/")[2].rpartition(".")[0] or path


def _method(page: PageFacts) -> str | None:
    assert page.operation is not None
    for request in page.operation.requests:
        return request.method
    for example in page.examples:
        if example.http and example.http.requests:
            return example.http.requests[0].method
    return None


def _operation(name: str, page: PageFacts, resolver: ResolveContext) -> Operation:
    facts = page.operation
    assert facts is not None
    documented = documented_paths(page)
    paths = list(documented)
    response_type = resolver.resolve_link(facts.response_type, page, facts.response_line)
    collection = facts.response_collection
    if response_type is None:
        response_type = _named_in_sentence(facts.response_names, page, resolver)
    if response_type is None and facts.response_primitive:
        response_type = facts.response_primitive
    if response_type is None and facts.response_status != 204:
        # "204 No Content" means no body, whatever an example shows.
        response_type, collection = _response_from_example(page, resolver)
    response_type, collection = _answer_type(response_type, collection, resolver)
    return Operation(
        name=name,
        title=facts.title,
        source=page.path,
        line=facts.line,
        method=_method(page),
        paths=paths,
        request_type=body_subject(page, resolver),
        response_type=response_type,
        response_collection=collection if response_type else False,
        response_status=facts.response_status,
        parameters=_merge_parameters(_path_parameters(paths), [_parameter(p, page, resolver) for p in facts.parameters]),
        body_parameters=[_parameter(p, page, resolver) for p in _body_parameters(page)],
        permissions=[(permission.kind, permission.value) for permission in facts.permissions],
        body_table=[_parameter(p, page, resolver) for p in _body_table(page)],
        path_lines={path: where.line for path, where in documented.items()},
    )


_COLLECTION_OF = re.compile(r"Collection\((.+)\)", re.IGNORECASE)


def _answer_type(name: str | None, collection: bool, resolver: ResolveContext) -> tuple[str | None, bool]:
    """A response type as the model names types: ``Collection(x)`` is a collection of x, and a
    primitive linked or annotated as a type of the namespace (``microsoft.graph.stream``,
    ``String``) is that primitive, when no page defines such a type."""
    if name is None:
        return None, collection
    wrapped = _COLLECTION_OF.fullmatch(name.strip())
    if wrapped:
        name, collection = wrapped.group(1).strip(), True
    if name.startswith("Edm.") or name in resolver.types:
        return name, collection
    return edm.primitive_name(name.rpartition(".")[2]) or name, collection


def _body_table(page: PageFacts) -> list[ParameterFacts]:
    """The rows of a request-body property table (checked against request examples by lint)."""
    facts = page.operation
    assert facts is not None
    return [ParameterFacts(row.name, row.type, row.description, row.line, row.required, Location.BODY) for row in facts.body_properties]


def _body_parameters(page: PageFacts) -> list[ParameterFacts]:
    """An action's body parameters; for a GET function, the table under "Request body"
    lists the function's URL parameters (Intune pages use a Property table for them)."""
    facts = page.operation
    assert facts is not None
    if facts.body_parameters or _method(page) != "GET":
        return list(facts.body_parameters)
    return [
        ParameterFacts(row.name, row.type, row.description, row.line, row.required, Location.FUNCTION)
        for row in facts.body_properties
    ]


def _request_lines(page: PageFacts) -> list[RequestLine]:
    """The HTTP request section's lines; without one, the request examples' lines."""
    assert page.operation is not None
    lines: list[RequestLine] = list(page.operation.requests)
    if not lines:
        lines = [r for e in page.examples if e.http and e.kind is ExampleKind.REQUEST for r in e.http.requests]
    return lines


def _path_parameters(paths: list[str]) -> list[Parameter]:
    names: list[str] = []
    for path in paths:
        for match in PLACEHOLDER.finditer(path):
            name = placeholder_name(match.group(0))
            if name and name not in names:
                names.append(name)
    return [Parameter(name, TypeRef("Edm.String"), Location.PATH, True) for name in names]


def _merge_parameters(from_paths: list[Parameter], documented: list[Parameter]) -> list[Parameter]:
    """Path placeholders, each replaced by its row in a "Path parameters" table if there is one."""
    rows = {p.name: p for p in documented if p.location is Location.PATH}
    merged = [attrs.evolve(rows[p.name], required=True) if p.name in rows else p for p in from_paths]
    named = {p.name for p in from_paths}
    return merged + [p for p in documented if not (p.location is Location.PATH and p.name in named)]


def _parameter(facts: ParameterFacts, page: PageFacts, resolver: ResolveContext) -> Parameter:
    spelling = facts.type
    if spelling.primitive:
        type_name = spelling.primitive
    elif spelling.unknown or spelling.enum_word or spelling.empty:
        type_name = "Edm.String" if spelling.enum_word else "Edm.Untyped"
    else:
        from ..parse.tables import resolve_href

        target, anchor = resolve_href(page.path, spelling.target) if spelling.target else (None, None)
        type_name = resolver.resolve_spelling(spelling, target, anchor, page, line=facts.line) or "Edm.Untyped"
    return Parameter(facts.name, TypeRef(type_name, spelling.collection), facts.location, facts.required, facts.description,
                     possible_values(facts.description))


def _named_in_sentence(names: tuple[str, ...], page: PageFacts, resolver: ResolveContext) -> str | None:
    for name in names:
        found = resolver.index.find(name, None, None, page.namespace)
        if found:
            return found
    return None


def _response_from_example(page: PageFacts, resolver: ResolveContext) -> tuple[str | None, bool]:
    for example in page.examples:
        if example.kind is ExampleKind.RESPONSE:
            named = _named_type(example, resolver, page)
            if named:
                return named, example.flag("isCollection") or _is_collection_body(example.value())
    return None, False


def _is_collection_body(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("value"), list)


def _named_type(example: ExampleFacts, resolver: ResolveContext, page: PageFacts) -> str | None:
    """The type an example's annotation or top-level @odata.type names."""
    name = example.odata_type or _body_odata_type(example.value())
    if not name:
        return None
    return resolver.index.find(name, None, None, page.namespace) or resolver.index.qualify(name, page.namespace, None)


def _body_odata_type(value: Any) -> str | None:
    """The @odata.type of a body, looking inside a ``{"value": ...}`` wrapper too."""
    if isinstance(value, dict):
        odata = value.get("@odata.type")
        if isinstance(odata, str) and odata.strip("#"):
            return odata.strip().lstrip("#")
        inner = value.get("value")
        if isinstance(inner, list) and inner:
            inner = inner[0]
        if isinstance(inner, dict) and set(value) <= {"value"} | {k for k in value if k.startswith("@")}:
            return _body_odata_type(inner)
    return None


def _example(facts: ExampleFacts, page: PageFacts, operation: Operation | None, resolver: ResolveContext) -> Example:
    kind = facts.kind
    value = facts.value()
    type_name, source = _example_type(facts, value, page, operation, kind, resolver)
    collection = facts.flag("isCollection")
    if not collection and kind is ExampleKind.RESPONSE and operation is not None and operation.response_collection:
        collection = isinstance(value, dict) and isinstance(value.get("value"), list) and type_name == operation.response_type
    return Example(
        file=facts.file,
        line=facts.line,
        kind=kind,
        type=type_name,
        collection=collection,
        truncated=facts.flag("truncated"),
        body_line=facts.body_line,
        parsed=facts.json_ok,
        value=value,
        json_text=facts.json_text,
        error=facts.json_error,
        http=_exchange(facts),
        operation=operation.name if operation else None,
        name=facts.name,
        annotation=facts.annotation,
        type_source=source,
        content=facts.body if facts.json_ok is None else "",
    )


def _example_type(
    facts: ExampleFacts, value: Any, page: PageFacts, operation: Operation | None, kind: ExampleKind, resolver: ResolveContext
) -> tuple[str | None, str]:
    if facts.odata_type:
        name = facts.odata_type
        found = resolver.index.find(name, None, None, page.namespace)
        return found or resolver.index.qualify(name, page.namespace, None), "annotation"
    body_type = _body_odata_type(value)
    if body_type:
        found = resolver.index.find(body_type, None, None, page.namespace)
        return found or resolver.index.qualify(body_type, page.namespace, None), "odata.type"
    if kind is ExampleKind.RESOURCE and page.types:
        first = page.types[0]
        return f"{first.namespace}.{first.name}", "page"
    if operation is not None:
        if kind is ExampleKind.REQUEST and operation.request_type:
            return operation.request_type, "operation"
        if kind is ExampleKind.RESPONSE and operation.response_type:
            return operation.response_type, "operation"
    return None, ""


def _exchange(facts: ExampleFacts) -> HttpExchange | None:
    http = facts.http
    if http is None:
        return None
    if http.requests:
        first = http.requests[0]
        return HttpExchange(
            method=first.method,
            url=first.url,
            path=first.path or None,
            query=first.query,
            url_problem=first.placeholder,
            headers=http.headers,
        )
    return HttpExchange(status=http.status, headers=http.headers)
