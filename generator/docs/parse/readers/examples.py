"""Code blocks: each fence with its annotation (or an inferred block type) and its JSON body."""

from __future__ import annotations

from ....model.diagnostics import Diagnostic, capped, diag
from .. import tables
from ..annotations import Annotation
from ..context import PageContext, Read, is_request_block
from ..facts import Example, PageKind
from ..http import HttpMessage, looks_like_http, placeholder_code, read_http
from ..markdown import Fence
from ..tolerant_json import LineFinder, loads_tolerant, offset_to_line

_CODE_LANGUAGES = {"http", "json", "msgraph-interactive", "", "javascript-json", "jsonc", "json5", "text"}


def read(ctx: PageContext) -> Read:
    problems: list[Diagnostic] = []
    examples = []
    for index, block in enumerate(ctx.blocks):
        if isinstance(block, Fence):
            example = _example(ctx, block, ctx.annotations.get(index), problems)
            if example is not None:
                examples.append(example)
    if ctx.kind is PageKind.API:
        _check_request_urls(ctx, examples, problems)
    return Read(examples=tuple(examples), diagnostics=tuple(problems))


def _example(ctx: PageContext, fence: Fence, annotation: Annotation | None, problems: list[Diagnostic]) -> Example | None:
    language = fence.info.split()[0].lower() if fence.info.split() else ""
    values = annotation.values if annotation else None
    block_type = str(values.get("blockType", "")).strip().lower() if values else ""
    section = tables.section_title(fence.section)
    if block_type == "ignored" or is_request_block(fence):
        return None
    if language not in _CODE_LANGUAGES and not block_type:
        return None
    content = fence.content
    is_http = looks_like_http(content)
    if not block_type:
        inferred = _infer_block_type(content, is_http, section, language)
        if inferred is None:
            return None
        block_type = inferred
        problems.append(diag("GEN304", ctx.path, fence.line, f"{block_type} example has no annotation comment"))
    http = read_http(content, fence.line + 1) if is_http else None
    body = http.body if http else content.strip()
    body_line = http.body_line if http else fence.line + 1 + _leading_blank_lines(content)
    json_ok, text, error = _body_json(ctx, body, body_line, problems, _json_content_type(http))
    return Example(
        file=ctx.path,
        line=fence.line,
        language=language,
        block_type=block_type,
        annotation=values,
        annotation_line=annotation.line if annotation else 0,
        http=http,
        body=body,
        body_line=body_line,
        json_ok=json_ok,
        json_text=text,
        json_error=error,
        section=section,
    )


def _infer_block_type(content: str, is_http: bool, section: str, language: str) -> str | None:
    if is_http:
        first = content.lstrip().split(None, 1)[0].upper() if content.strip() else ""
        return "response" if first.startswith("HTTP") else "request"
    if language in ("json", "jsonc", "json5", "javascript-json") or content.lstrip().startswith(("{", "[")):
        if "json representation" in section or "representation" in section:
            return "resource"
        if "response" in section:
            return "response"
        if "request" in section:
            return "request"
        return "example"
    return None


def _json_content_type(http: HttpMessage | None) -> str | None:
    """The block's Content-Type when it names JSON (``application/json``, ``...+json``), else None."""
    declared = http.header("content-type") if http else None
    return declared if declared and "json" in declared.lower() else None


def _body_json(
    ctx: PageContext, body: str, line: int, problems: list[Diagnostic], json_type: str | None = None
) -> tuple[bool | None, str, str | None]:
    """The body as JSON (ok, text, error); ``json_type`` is the block's Content-Type when it names JSON."""
    if not body:
        return None, "", None
    # (a character is at most 4 bytes: most bodies need no encoding to be measured)
    if len(body) * 4 > ctx.max_example_bytes and len(body.encode("utf-8", "surrogatepass")) > ctx.max_example_bytes:
        message = (
            f"example body is over the {ctx.max_example_bytes:,}-byte limit; not read "
            "(raise it with gen --max-example-bytes SIZE)"
        )
        problems.append(diag("GEN301", ctx.path, line, message, severity="warning"))
        return False, "", message
    if body[0] not in "{[\"\u201c":
        # (a count under a JSON Content-Type is a JSON number: still the text as written)
        if json_type is not None and not loads_tolerant(body).ok:
            message = f"body is not JSON, though the block's Content-Type is {json_type}"
            problems.append(diag("GEN301", ctx.path, line, message))
            return False, "", capped(message)
        problems.append(diag("GEN312", ctx.path, line, "body is not JSON (another content type); not checked"))
        return None, "", None
    result = loads_tolerant(body)
    if not result.ok:
        where = line + offset_to_line(body, result.error_offset) - 1
        problems.append(diag("GEN301", ctx.path, where, f"body is not JSON: {result.error}"))
        return False, "", capped(result.error or "body is not JSON")
    line_of = LineFinder(body)
    for repair in result.repairs:
        problems.append(diag("GEN302", ctx.path, line + line_of(repair.offset) - 1, f"not strict JSON: {repair.message}"))
    for offset, key in result.duplicate_keys:
        where = line + line_of(offset) - 1
        problems.append(diag("GEN302", ctx.path, where, f"duplicate key {key!r}: the last value wins"))
    return True, result.text, None


def _check_request_urls(ctx: PageContext, examples: list[Example], problems: list[Diagnostic]) -> None:
    """A request example whose URL is a placeholder ("** Entity URI ... not found")."""
    seen: set[int] = set()
    for example in examples:
        for request in example.http.requests if example.http else ():
            if request.placeholder and request.line not in seen:
                seen.add(request.line)
                code = placeholder_code(request.placeholder)
                problems.append(diag(code, ctx.path, request.line, f"example {request.placeholder}: {request.url!r}"))


def _leading_blank_lines(content: str) -> int:
    count = 0
    for line in content.split("\n"):
        if line.strip():
            break
        count += 1
    return count
