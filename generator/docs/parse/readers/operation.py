"""An API page's operation: request lines, parameter and body tables, permissions, the response."""

from __future__ import annotations

import re

import attrs

from ....model.diagnostics import Diagnostic, diag
from ....model.kinds import Location
from .. import tables
from ..context import PageContext, Read, in_example, is_request_block
from ..facts import OperationFacts, PageKind, Parameter, Permission, PropertyRow, TypeLink
from ..http import RequestLine, looks_like_http, placeholder_code, read_http
from ..inline import parse_inline, parse_inline_with_refs
from ..markdown import Fence, Heading, Paragraph, Table
from ..tables import TableKind
from ..typecell import is_type_name, primitive_name

_STATUS = re.compile(r"`?\b([1-5]\d\d)\b,?\s*([A-Za-z][A-Za-z \-]*)?`?")
_EMPHASIS = re.compile(r"\*\*([A-Za-z_][\w.]*)\*\*|`([A-Za-z_][\w.]*)`")
_RETURNS_PRIMITIVE = re.compile(
    r"\b(?:a|an|the)\s+(?:\*\*|`)?([A-Za-z][\w.]*)(?:\*\*|`)?(\s+collection)?\s+(?:in\s+the\s+response|object|value)",
    re.IGNORECASE,
)


@attrs.define
class _Response:
    """What the Response section's first sentence says."""

    status: int | None = None
    type: TypeLink | None = None
    collection: bool = False
    line: int = 0
    names: tuple[str, ...] = ()
    primitive: str | None = None


@attrs.define
class _Tables:
    body_properties: list[PropertyRow] = attrs.Factory(list)
    body_parameters: list[Parameter] = attrs.Factory(list)
    parameters: list[Parameter] = attrs.Factory(list)
    permissions: list[Permission] = attrs.Factory(list)


def read(ctx: PageContext) -> Read:
    if ctx.kind is not PageKind.API:
        return Read()
    problems: list[Diagnostic] = []
    requests: list[RequestLine] = []
    found = _Tables()
    body_type: TypeLink | None = None
    response: _Response | None = None
    for block in ctx.blocks:
        if isinstance(block, Heading):
            continue
        section = tables.section_title(getattr(block, "section", ()))
        if isinstance(block, Fence) and is_request_block(block):
            requests += _request_lines(ctx, block, problems)
        elif isinstance(block, Table):
            _table(ctx, block, section, found, problems)
        elif isinstance(block, Paragraph) and not in_example(block.section):
            if "request body" in section and body_type is None:
                body_type = _type_link(ctx, block.text, ("representation", "supply", "object", "body"))
            elif section == "response" and (response is None or response.status is None):
                # Sentences are read until one gives the status; the last one read wins.
                response = _response(ctx, block) or response
    _check_requests(ctx, requests, problems)
    return Read(operation=_facts(ctx, requests, body_type, found, response or _Response()), diagnostics=tuple(problems))


def _facts(
    ctx: PageContext, requests: list[RequestLine], body_type: TypeLink | None, found: _Tables, response: _Response
) -> OperationFacts:
    return OperationFacts(
        title=ctx.title,
        line=ctx.title_line,
        requests=tuple(requests),
        body_type=body_type,
        body_properties=tuple(found.body_properties),
        body_parameters=tuple(found.body_parameters),
        parameters=tuple(found.parameters),
        response_status=response.status,
        response_type=response.type,
        response_collection=response.collection,
        permissions=tuple(found.permissions),
        response_line=response.line,
        response_names=response.names,
        response_primitive=response.primitive,
    )


def _table(ctx: PageContext, table: Table, section: str, found: _Tables, problems: list[Diagnostic]) -> None:
    kind = tables.table_kind(table)
    if kind is TableKind.PERMISSIONS:
        found.permissions += _permissions(ctx, table, problems)
    elif in_example(table.section):
        return
    elif "request body" in section or section == "body":
        if kind in (TableKind.PROPERTIES, TableKind.RELATIONSHIPS):
            found.body_properties += tables.property_rows(table, ctx.path, False, ctx.references, problems)
        elif kind is TableKind.PARAMETERS:
            found.body_parameters += tables.parameter_rows(table, ctx.path, Location.BODY, ctx.references, problems)
    elif kind is TableKind.HEADERS or "header" in section:
        found.parameters += tables.header_rows(table, ctx.path, problems)
    elif kind is TableKind.PARAMETERS:
        found.parameters += tables.parameter_rows(table, ctx.path, Location.of_section(section), ctx.references, problems)


def _request_lines(ctx: PageContext, fence: Fence, problems: list[Diagnostic]) -> list[RequestLine]:
    if not looks_like_http(fence.content):
        if fence.content.strip():
            problems.append(diag("GEN310", ctx.path, fence.line, "HTTP request block holds no request line"))
        return []
    return list(read_http(fence.content, fence.line + 1).requests)


def _check_requests(ctx: PageContext, requests: list[RequestLine], problems: list[Diagnostic]) -> None:
    seen: set[int] = set()
    for request in requests:
        if request.placeholder and request.line not in seen:
            seen.add(request.line)
            code = placeholder_code(request.placeholder)
            message = f"{request.placeholder}: {request.url!r}; document the real path"
            problems.append(diag(code, ctx.path, request.line, message))


def _permissions(ctx: PageContext, table: Table, problems: list[Diagnostic]) -> list[Permission]:
    rows = tables.permission_rows(table, ctx.path, problems)
    for row in rows:
        if "todo" in row.value.lower():
            problems.append(diag("GEN309", ctx.path, row.line, f"permissions for {row.kind!r} are a TODO: {row.value!r}"))
    return rows


def _type_link(ctx: PageContext, text: str, cues: tuple[str, ...]) -> TypeLink | None:
    lowered = text.lower()
    if not any(cue in lowered for cue in cues):
        return None
    for link in parse_inline_with_refs(text, ctx.references).links:
        name = link.text.strip("`* ")
        target, anchor = tables.resolve_href(ctx.path, link.href)
        if is_type_name(name) and (target is None or target.endswith((".md", ".txt"))):
            if link.href.startswith("/") and "resources" not in link.href:
                continue
            return TypeLink(name, target, anchor)
    return None


def _response(ctx: PageContext, block: Paragraph) -> _Response | None:
    """The status and type the Response section's sentence names, if it names either."""
    plain = parse_inline_with_refs(block.text, ctx.references).text
    lowered = plain.lower()
    if "return" not in lowered and "respond" not in lowered:
        return None
    status_match = _STATUS.search(plain)
    status = int(status_match.group(1)) if status_match else None
    link = _type_link(ctx, block.text, ("return", "respond"))
    if status is None and link is None:
        return None
    names = _emphasised_names(block.text)
    if link is None:
        primitive, collection = _primitive_in_sentence(block.text)
        return _Response(status, None, collection, block.line, names, primitive)
    before, _, after = lowered.partition(link.name.lower())
    before, after = before[-30:], after[:25]
    collection = any(cue in before for cue in ("collection", "array of", "list of", "set of")) or bool(
        re.match(r"^\W*(?:collection|objects|resources|entities|items)\b", after)
    )
    return _Response(status, link, collection, block.line, names)


def _emphasised_names(text: str) -> tuple[str, ...]:
    """Bold or code words that could name a type ("returns a **x** object")."""
    return tuple(m.group(1) or m.group(2) for m in _EMPHASIS.finditer(text) if (m.group(1) or m.group(2)) not in ("OK",))


def _primitive_in_sentence(text: str) -> tuple[str | None, bool]:
    """"returns ... a String collection in the response body" -> ("Edm.String", True)."""
    plain = parse_inline(text).text
    for match in _RETURNS_PRIMITIVE.finditer(plain):
        primitive = primitive_name(match.group(1))
        if primitive:
            return primitive, bool(match.group(2))
    return None, False
