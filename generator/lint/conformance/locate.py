"""JSON pointers into an example body, and the source line of each.

A finding names the place in the example by a JSON pointer (RFC 6901); the line is
found by one pass of a small tokenizer over the example's (strict) JSON text.
"""

from __future__ import annotations

import json
import re
from typing import Any, Sequence

Parts = tuple[str, ...]


def pointer(parts: Sequence[str]) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def pointer_parts(path: str) -> Parts:
    if not path:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:])


# A string, a bracket or a scalar: commas and colons say nothing the walk needs (a key is the
# string that an object expects next), so the pattern steps over them, as over white space.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]|[^\s{}\[\]:,"]+')


def locate(json_text: str, wanted: set[Parts]) -> dict[Parts, int]:
    """1-based line in ``json_text`` of each wanted path: its key, or its array element.

    One pass of a small tokenizer over the (strict) JSON text, stopping once all are found.
    """
    found: dict[Parts, int] = {(): 1} if () in wanted else {}
    if not wanted - found.keys():
        return found
    walk = _Walk(wanted, found, json_text)
    for match in _TOKEN.finditer(json_text):
        if walk.step(match.group(), match.start()):
            break
    return found


class _Frame:
    """An open object or array: its path, and where in it the walk is."""

    __slots__ = ("is_object", "path", "at", "expecting_key")

    def __init__(self, is_object: bool, path: Parts) -> None:
        self.is_object = is_object
        self.path = path
        self.at: Any = None if is_object else 0  # the current key, or the next index
        self.expecting_key = is_object

    def child(self) -> Parts:
        """The path of the value that comes next in this frame."""
        return self.path + (str(self.at),)


class _Walk:
    """The open frames of a walk over JSON tokens, and the lines of the wanted paths found."""

    def __init__(self, wanted: set[Parts], found: dict[Parts, int], text: str) -> None:
        self.wanted = wanted
        self.found = found
        self.stack: list[_Frame] = []
        self.text = text
        self.counted = (0, 1)  # (an offset, its line): lines are counted only to a found token, onwards

    def line(self, offset: int) -> int:
        """The line of ``offset`` (offsets asked grow: each count goes on from the last)."""
        start, line = self.counted
        line += self.text.count("\n", start, offset)
        self.counted = (offset, line)
        return line

    def step(self, token: str, offset: int) -> bool:
        """Take one token at ``offset`` in the text; True once every wanted path is found."""
        if token in "}]":
            if self.stack:
                self.stack.pop()
            return False
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_object and top.expecting_key:
            return self._key(top, _unquote(token), offset)
        return self._value(top, token, offset)

    def _key(self, top: _Frame, key: str, offset: int) -> bool:
        top.at, top.expecting_key = key, False
        return self._found(top.path + (key,), offset)

    def _value(self, top: _Frame | None, token: str, offset: int) -> bool:
        path = top.child() if top is not None else ()
        if token in ("{", "["):
            self.stack.append(_Frame(token == "{", path))
        if top is None:
            return False
        if top.is_object:
            top.expecting_key = True  # an object's value is found by its key's line
            return False
        top.at += 1
        return self._found(path, offset)

    def _found(self, path: Parts, offset: int) -> bool:
        if path in self.wanted and path not in self.found:
            self.found[path] = self.line(offset)
            return len(self.found) == len(self.wanted)
        return False


def _unquote(token: str) -> str:
    if token.startswith('"') and token.endswith('"'):
        inner = token[1:-1]
        if "\\" not in inner:
            return inner
        try:
            return str(json.loads(token))
        except ValueError:
            return inner
    return token
