"""Annotations: the ``<!-- { "blockType": ... } -->`` comments that describe code blocks.

They are JSON by intent, not always by fact (trailing commas, unquoted keys, raw line
breaks), so they go through the tolerant reader; booleans written as strings are
normalised for the keys whose meaning is boolean.
"""

from __future__ import annotations

import functools
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
    read = _read_comment(comment) if len(comment) <= _CACHED_CHARACTERS else _read_comment.__wrapped__(comment)
    if read is None:
        return None
    values, problem, problem_below, is_page = read
    return Annotation(values, line, problem=problem, problem_line=line + problem_below, is_page_annotation=is_page)


_CACHED_CHARACTERS = 4096  # (annotations are a line or two: a page's odd giant comment is not kept)
# (values, problem, the problem's line below the comment's first, whether it is the page's annotation)
_Read = tuple[dict[str, Any] | None, str | None, int, bool]


@functools.lru_cache(maxsize=8192)  # (the same annotation recurs across pages: half of a tree's are repeats)
def _read_comment(comment: str) -> _Read | None:
    """What an annotation comment says, wherever it stands; None when the comment is not one.
    Its values are shared by the annotations read from the same text, and no reader changes them."""
    match = _COMMENT.match(comment)
    if not match:
        return None
    body = match.group(1)
    stripped = body.strip()
    if not stripped.startswith("{"):
        return None
    body_below = body[: body.index("{")].count("\n")
    result = loads_tolerant(stripped)
    if not result.ok or not isinstance(result.value, dict):
        return None, result.error or "not a JSON object", body_below + offset_to_line(stripped, result.error_offset) - 1, False
    values = {key: _normalise(key, value) for key, value in result.value.items()}
    problem = None
    if result.repairs:
        problem = "; ".join(repair.message for repair in result.repairs)
    is_page = str(values.get("type", "")).lstrip("#") == "page.annotation"
    return values, problem, body_below, is_page


def _normalise(key: str, value: Any) -> Any:
    if key in BOOLEAN_KEYS and isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    return value
