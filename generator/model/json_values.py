"""JSON values as gen reads example bodies: every valid number, however long; and the one
writer of gen's JSON documents.

Python refuses to turn more than ``sys.get_int_max_str_digits()`` digits (4,300) into an
int, because the conversion is quadratic; such an integer is valid JSON, so it is kept as
its text (``LongInteger``) rather than failing the whole body.
"""

from __future__ import annotations

import json
import sys
from typing import Any


class LongInteger:
    """A JSON integer too long for Python's int: its digits, compared as text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LongInteger) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"LongInteger({self.text[:12]}...{len(self.text):,} characters)"


def read_int(text: str) -> int | LongInteger:
    """``parse_int`` for ``json.loads``."""
    limit = sys.get_int_max_str_digits()
    if limit and len(text.lstrip("-")) > limit:
        return LongInteger(text)
    return int(text)


def loads(text: str, **options: Any) -> Any:
    """``json.loads`` that keeps integers of any length.

    The standard reader runs first: a ``parse_int`` hook is a Python call per integer and
    a new decoder per call, which cost every example; only a body it refuses is read again
    with the hook (a long integer, or a syntax error that fails the same way twice).
    """
    try:
        return json.loads(text, **options)
    except ValueError:
        return json.loads(text, parse_int=read_int, **options)


def holds_long_integer(value: Any) -> bool:
    """Whether a long integer is anywhere in ``value`` (iteratively: values may nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, LongInteger):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def document_text(document: Any) -> str:
    """A JSON document as gen writes every one (gen-schema/1, OpenAPI, gen-lint/1, ...): two-space
    indent, UTF-8 kept as it is, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
