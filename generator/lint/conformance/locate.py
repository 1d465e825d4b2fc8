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


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def locate(json_text: str, wanted: set[Parts]) -> dict[Parts, int]:
    """1-based line in ``json_text`` of each wanted path: its key, or its array element.

    One pass of a small tokenizer over the (strict) JSON text, stopping once all are found.
    """
    found: dict[Parts, int] = {}
    if () in wanted:
        found[()] = 1
    if not wanted - found.keys():
        return found
    stack: list[list[Any]] = []  # [is_object, path, next index | current key, expecting key]
    line, last = 1, 0
    for match in _TOKEN.finditer(json_text):
        start = match.start()
        line += json_text.count("\n", last, start)
        last = start
        token = match.group()
        top = stack[-1] if stack else None
        if token in ",:":
            continue
        if token in "}]":
            if stack:
                stack.pop()
            continue
        if top is not None and top[0] and top[3]:
            key = _unquote(token)
            top[2], top[3] = key, False
            path = top[1] + (key,)
            if path in wanted and path not in found:
                found[path] = line
                if len(found) == len(wanted):
                    break
            continue
        path = _value_path(top)
        if token == "{":
            stack.append([True, path, None, True])
        elif token == "[":
            stack.append([False, path, 0, False])
        if top is not None:
            if top[0]:
                top[3] = True
            else:
                top[2] += 1
                if path in wanted and path not in found:
                    found[path] = line
                    if len(found) == len(wanted):
                        break
    return found


def _value_path(top: list[Any] | None) -> Parts:
    if top is None:
        return ()
    path: Parts = top[1]
    return path + (str(top[2]),)


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
