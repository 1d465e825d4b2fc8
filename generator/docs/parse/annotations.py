"""Annotations: the ``<!-- { "blockType": ... } -->`` comments that describe code blocks.

They are JSON by intent, not always by fact (trailing commas, unquoted keys, raw line
breaks), so they go through the tolerant reader; booleans written as strings are
normalised for the keys whose meaning is boolean.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from .tolerant_json import loads_tolerant, offset_to_line

BOOLEAN_KEYS = frozenset(
    {"truncated", "isCollection", "isEmpty", "expectError", "abstract", "openType", "isPageAnnotation"}
)
_COMMENT = re.compile(r"^\s*<!--(.*?)-->", re.DOTALL)


@attrs.frozen
class Annotation:
    values: dict[str, Any] | None  # None when the comment is not JSON at all
    line: int
    problem: str | None = None  # why it could not be read (or was read tolerantly)
    problem_line: int = 0
    is_page_annotation: bool = False


def read_annotation(comment: str, line: int) -> Annotation | None:
    """An annotation from an HTML comment, or None when the comment is not one."""
    match = _COMMENT.match(comment)
    if not match:
        return None
    body = match.group(1)
    stripped = body.strip()
    if not stripped.startswith("{"):
        return None
    lead = body[: body.index("{")]
    body_line = line + lead.count("\n")
    result = loads_tolerant(stripped)
    if not result.ok or not isinstance(result.value, dict):
        where = body_line + offset_to_line(stripped, result.error_offset) - 1
        return Annotation(None, line, problem=result.error or "not a JSON object", problem_line=where)
    values = {key: _normalise(key, value) for key, value in result.value.items()}
    problem = None
    if result.repairs:
        problem = "; ".join(repair.message for repair in result.repairs)
    is_page = str(values.get("type", "")).lstrip("#") == "page.annotation"
    return Annotation(values, line, problem=problem, problem_line=body_line, is_page_annotation=is_page)


def _normalise(key: str, value: Any) -> Any:
    if key in BOOLEAN_KEYS and isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    return value
