"""Front matter: the ``---`` block of ``key: value`` lines at the top of a page.

Pages only use flat string keys; a YAML library would add a dependency and accept far
more than the dialect has. Values may be quoted; anything else is kept as written.
"""

from __future__ import annotations

import re

_MAX_LINES = 200  # a block that has not closed by then is no front matter
# A line of "---" or "...", whatever whitespace is around it (as ``str.strip`` takes it).
_CLOSING = re.compile(r"^[^\S\n]*(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*?)\s*$")


def split_front_matter(text: str) -> tuple[dict[str, str], str, bool]:
    """(fields, text with the block blanked, whether a block was found).

    The block is replaced by empty lines rather than cut, so line numbers stay true,
    and so that markdown-it does not read ``---`` as a rule and a setext heading.
    """
    if not text.startswith("---"):
        return {}, text, False
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).strip() != "---":
        return {}, text, False
    # (the closing line found by one search, not by splitting the page's first lines)
    closing = _CLOSING.search(text, first_end + 1) if first_end >= 0 else None
    end = text.count("\n", 0, closing.start()) if closing is not None else _MAX_LINES
    if closing is None or end >= _MAX_LINES:
        return {}, text, False
    block = text[first_end + 1 : closing.start()]
    rest = closing.end() + 1  # where the line after the block starts
    body = "\n" * (end + 1) + text[rest:] if rest <= len(text) else "\n" * end
    return _fields(block[:-1].split("\n") if block else []), body, True


def _fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        match = _KEY_VALUE.match(line)
        if match:
            fields[match.group(1).lower()] = _unquote(match.group(2))
    return fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
