"""JSON as the docs write it: strict where possible, tolerant where the meaning is clear.

96.9% of example bodies are strict JSON and take the fast path (the standard parser).
The rest go through a small recursive-descent reader that accepts what writers mean
(trailing commas, comments, NBSP and other Unicode spaces, smart quotes, unquoted
keys, missing commas between lines, raw control characters in strings, ``...``
elisions, data after the value) and records each repair with its line. What it cannot
read without guessing (placeholders like ``{Raw bytes}`` outside strings, XML, CSV)
is a failure with a line and a reason, never an exception.

The result carries the repaired text as strict JSON, numbers spelled exactly as
written, so that later stages can re-read it with their own number handling.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import threading
from typing import Any

import attrs

from ...model import json_values

MAX_DEPTH = 200  # deeper documents are refused, not a RecursionError


@attrs.frozen
class Repair:
    offset: int
    message: str


@attrs.frozen
class JsonResult:
    ok: bool
    value: Any = None
    text: str = ""  # strict JSON equivalent of the input (when ok)
    repairs: tuple[Repair, ...] = ()
    error: str | None = None
    error_offset: int = 0
    duplicate_keys: tuple[tuple[int, str], ...] = ()


class _Duplicates:
    """object_pairs_hook that notes duplicate keys (json.loads silently keeps the last)."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.keys.append(key)
                seen.add(key)
        return result


# Python's reader takes NaN, Infinity and 1e999 (as non-finite floats); JSON has no such numbers.
def _finite_float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise ValueError(f"{literal!r} is beyond a double's range")
    return number


def _no_constant(literal: str) -> float:
    raise ValueError(f"{literal} is not a JSON number")


# Reader hooks that refuse a number JSON cannot spell: a call per float (bodies hold few; a
# search of the text for one that might not be finite cost three times the parse).
_FINITE_ONLY: dict[str, Any] = {"parse_float": _finite_float, "parse_constant": _no_constant}


class _StrictReader(threading.local):
    """The standard parser with gen's hooks, its decoders made once in each thread (a decoder
    made for every body cost a tenth of reading them), and the duplicate keys of its last read."""

    def __init__(self) -> None:
        self.duplicates = _Duplicates()
        self.plain = json.JSONDecoder(object_pairs_hook=self.duplicates, **_FINITE_ONLY)
        self.long_integers = json.JSONDecoder(
            object_pairs_hook=self.duplicates, parse_int=json_values.read_int, **_FINITE_ONLY
        )

    def read(self, text: str) -> tuple[Any, list[str]]:
        """``json_values.loads(text, ...)`` with the hooks: the value and its duplicate keys."""
        self.duplicates.keys = []
        try:
            value = self.plain.decode(text)
        except ValueError:  # (as json_values.loads: a long integer, or the same error again)
            self.duplicates.keys = []
            value = self.long_integers.decode(text)
        return value, self.duplicates.keys


_strict = _StrictReader()


def loads_tolerant(text: str) -> JsonResult:
    try:
        value, duplicate_keys = _strict.read(text)
    except (ValueError, RecursionError):
        pass
    else:
        if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
            # The strict parser reads ~1,000 levels; every later stage (checks, round trips,
            # the SDK's own dumps) recurses, so the limit is the tolerant reader's, for both.
            return JsonResult(ok=False, error=f"nested deeper than {MAX_DEPTH} levels", error_offset=_depth_offset(text))
        dup = tuple((0, key) for key in duplicate_keys)
        return JsonResult(ok=True, value=without_surrogates(text, value), text=text, duplicate_keys=dup)
    reader = _Reader(text)
    try:
        repaired = reader.document()
    except _Fail as fail:
        return JsonResult(ok=False, error=fail.message, error_offset=fail.offset)
    duplicates = _Duplicates()
    try:
        value = json_values.loads(repaired, object_pairs_hook=duplicates)
    except (ValueError, RecursionError) as error:  # a bug in the reader, reported as data
        return JsonResult(ok=False, error=f"repair produced invalid JSON: {error}")
    return JsonResult(
        ok=True,
        value=without_surrogates(repaired, value),
        text=repaired,
        repairs=tuple(reader.repairs),
        duplicate_keys=tuple((offset, key) for offset, key in reader.duplicates),
    )


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels (iteratively: no recursion)."""
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _depth_offset(text: str) -> int:
    """Where the nesting first goes past MAX_DEPTH (for the diagnostic's line)."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return offset
        elif char in "]}":
            depth -= 1
    return 0


# A ``\\uD800``-``\\uDFFF`` escape: JSON can spell a lone surrogate, UTF-8 cannot hold one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str, value: Any) -> Any:
    """The value with lone surrogates (``"\\ud800"``) as U+FFFD, so that every later string
    (names, messages, reports, generated code) can be written as UTF-8. The JSON text keeps
    its escapes: it is still the exact example."""
    if not _SURROGATE_ESCAPE.search(text):
        return value
    return _scrub(value)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {_scrub(key): _scrub(item) for key, item in value.items()}
    return value


def _json_string(value: str) -> str:
    """A JSON string literal that is valid UTF-8 text: lone surrogates stay escapes."""
    literal = json.dumps(value, ensure_ascii=False)
    if _SURROGATE.search(literal):
        literal = _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", literal)
    return literal


def offset_to_line(text: str, offset: int) -> int:
    """1-based line of a character offset."""
    return text.count("\n", 0, max(0, offset)) + 1


class LineFinder:
    """``offset_to_line`` for many offsets into one text: one pass, then O(log n) each.

    (A body with 100,000 duplicate keys would otherwise cost 100,000 scans of the body.)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks: list[int] | None = None

    def __call__(self, offset: int) -> int:
        if self.breaks is None:
            self.breaks = [match.start() for match in re.finditer("\n", self.text)]
        return bisect.bisect_left(self.breaks, max(0, offset)) + 1


class _Fail(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_OPEN_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d", "\u2018": "\u2019", "'": "'"}
_CLOSE_FOR_SMART = {"\u201c": "\u201d\u201c", "\u201d": "\u201d\u201c", "\u2018": "\u2019\u2018"}
_EXTRA_SPACE = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_NUMBER_CHARS = set("+-0123456789.eE")
_IDENT_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$@")
_IDENT_CHARS = _IDENT_START | set("0123456789.-")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.repairs: list[Repair] = []
        self.duplicates: list[tuple[int, str]] = []
        self._noted: set[str] = set()

    # -- helpers -------------------------------------------------------------------
    def note(self, message: str, offset: int | None = None) -> None:
        # One note per kind of repair is enough to tell the writer what to fix.
        if message not in self._noted:
            self._noted.add(message)
            self.repairs.append(Repair(self.pos if offset is None else offset, message))

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_space(self) -> None:
        text, length = self.text, len(self.text)
        while self.pos < length:
            char = text[self.pos]
            if char in " \t\n\r":
                self.pos += 1
            elif char in _EXTRA_SPACE:
                self.note("non-ASCII space used as whitespace")
                self.pos += 1
            elif text.startswith("//", self.pos):
                self.note("comment")
                end = text.find("\n", self.pos)
                self.pos = length if end == -1 else end
            elif text.startswith("/*", self.pos):
                self.note("comment")
                end = text.find("*/", self.pos + 2)
                if end == -1:
                    raise _Fail("unclosed /* comment", self.pos)
                self.pos = end + 2
            else:
                return

    def skip_elision(self) -> bool:
        """``...`` or ``…`` standing for omitted members or elements."""
        for mark in ("...", "\u2026"):
            if self.text.startswith(mark, self.pos):
                self.note("'...' elision dropped")
                self.pos += len(mark)
                while self.peek() == ".":
                    self.pos += 1
                self.skip_space()
                if self.peek() == ",":
                    self.pos += 1
                return True
        return False

    # -- grammar -------------------------------------------------------------------
    def document(self) -> str:
        self.skip_space()
        if self.pos >= len(self.text):
            raise _Fail("no JSON value (empty body)", 0)
        value = self.value(0)
        self.skip_space()
        if self.pos < len(self.text):
            self.note("data after the JSON value ignored")
        return value

    def value(self, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise _Fail(f"nested deeper than {MAX_DEPTH} levels", self.pos)
        self.skip_space()
        char = self.peek()
        if char == "{":
            return self.obj(depth)
        if char == "[":
            return self.array(depth)
        if char in _OPEN_QUOTES:
            return self.string()
        if char and (char in "-0123456789"):
            return self.number()
        for literal in ("true", "false", "null"):
            if self.text.startswith(literal, self.pos):
                self.pos += len(literal)
                return literal
        if not char:
            raise _Fail("unexpected end of body", self.pos)
        raise _Fail(f"unexpected {char!r}: not a JSON value", self.pos)

    def obj(self, depth: int) -> str:
        start = self.pos
        self.pos += 1
        members: list[str] = []
        keys: set[str] = set()
        while True:
            self.skip_space()
            if self.skip_elision():
                continue
            char = self.peek()
            if char == "}":
                self.pos += 1
                return "{" + ",".join(members) + "}"
            if not char:
                raise _Fail("unclosed object", start)
            if members:
                if char == ",":
                    comma = self.pos
                    self.pos += 1
                    self.skip_space()
                    if self.peek() == "}":
                        self.note("trailing comma", comma)  # the comma's line, not the bracket's
                        continue
                    if self.skip_elision():
                        continue
                elif self._previous_line_break():
                    self.note("missing comma between members")
                else:
                    raise _Fail(f"expected ',' or '}}' but found {char!r}", self.pos)
            key_offset = self.pos
            key = self.key()
            if key in keys:
                self.duplicates.append((key_offset, key))
            keys.add(key)
            self.skip_space()
            if self.peek() != ":":
                raise _Fail(f"expected ':' after key {key!r}", self.pos)
            self.pos += 1
            members.append(_json_string(key) + ":" + self.value(depth + 1))

    def array(self, depth: int) -> str:
        start = self.pos
        self.pos += 1
        items: list[str] = []
        while True:
            self.skip_space()
            if self.skip_elision():
                continue
            char = self.peek()
            if char == "]":
                self.pos += 1
                return "[" + ",".join(items) + "]"
            if not char:
                raise _Fail("unclosed array", start)
            if items:
                if char == ",":
                    comma = self.pos
                    self.pos += 1
                    self.skip_space()
                    if self.peek() == "]":
                        self.note("trailing comma", comma)  # the comma's line, not the bracket's
                        continue
                    if self.skip_elision():
                        continue
                elif self._previous_line_break():
                    self.note("missing comma between elements")
                else:
                    raise _Fail(f"expected ',' or ']' but found {char!r}", self.pos)
            items.append(self.value(depth + 1))

    def _previous_line_break(self) -> bool:
        # A missing comma is only read as one when the next value starts a new line.
        back = self.pos - 1
        while back >= 0 and self.text[back] in " \t\r" + _EXTRA_SPACE:
            back -= 1
        return back >= 0 and self.text[back] == "\n"

    def key(self) -> str:
        char = self.peek()
        if char in _OPEN_QUOTES:
            return str(json.loads(self.string()))
        if char in _IDENT_START:
            end = self.pos
            while end < len(self.text) and self.text[end] in _IDENT_CHARS:
                end += 1
            key = self.text[self.pos : end]
            self.note("unquoted key")
            self.pos = end
            return key
        raise _Fail(f"expected a key but found {char!r}", self.pos)

    def string(self) -> str:
        opening = self.peek()
        start = self.pos
        closers = _CLOSE_FOR_SMART.get(opening, _OPEN_QUOTES[opening])
        if opening != '"':
            self.note("smart or single quotes used as string quotes")
        self.pos += 1
        out: list[str] = []
        text, length = self.text, len(self.text)
        while self.pos < length:
            char = text[self.pos]
            if char in closers:
                self.pos += 1
                return _json_string("".join(out))
            if char == "\\":
                escape = text[self.pos : self.pos + 2]
                if escape in ('\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"):
                    out.append(json.loads('"' + escape + '"'))
                    self.pos += 2
                elif escape == "\\u" and _is_hex(text[self.pos + 2 : self.pos + 6]):
                    out.append(json.loads('"' + text[self.pos : self.pos + 6] + '"', strict=False))
                    self.pos += 6
                elif escape == "\\'":
                    out.append("'")
                    self.pos += 2
                else:
                    self.note("invalid escape kept as a backslash")
                    out.append("\\")
                    self.pos += 1
                continue
            if char == "\n" and opening == '"':
                self.note("raw line break in a string")
            elif ord(char) < 0x20:
                self.note("control character in a string")
            out.append(char)
            self.pos += 1
        raise _Fail("unclosed string", start)

    def number(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _NUMBER_CHARS:
            self.pos += 1
        literal = self.text[start : self.pos]
        try:
            json_values.loads(literal, **_FINITE_ONLY)
        except ValueError:
            raise _Fail(f"{literal!r} is not a JSON number (or beyond a double's range)", start) from None
        return literal


def _is_hex(text: str) -> bool:
    return len(text) == 4 and all(c in "0123456789abcdefABCDEF" for c in text)
