"""Front matter: the ``---`` block of ``key: value`` lines at the top of a page.

Pages only use flat string keys; a YAML library would add a dependency and accept far
more than the dialect has. Values may be quoted; anything else is kept as written.
"""

from __future__ import annotations

import re

_MAX_LINES = 200  # a block that has not closed by then is no front matter
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*?)\s*$")


def split_front_matter(text: str) -> tuple[dict[str, str], str, bool]:
    """(fields, text with the block blanked, whether a block was found).

    The block is replaced by empty lines rather than cut, so line numbers stay true,
    and so that markdown-it does not read ``---`` as a rule and a setext heading.
    """
    if not text.startswith("---"):
        return {}, text, False
    lines = text.split("\n", _MAX_LINES)  # (the block's lines at most, then the page's rest unsplit)
    if lines[0].strip() != "---":
        return {}, text, False
    for end in range(1, min(len(lines), _MAX_LINES)):
        if lines[end].strip() in ("---", "..."):
            rest = sum(len(line) + 1 for line in lines[: end + 1])  # where the line after the block starts
            body = "\n" * (end + 1) + text[rest:] if rest <= len(text) else "\n" * end
            return _fields(lines[1:end]), body, True
    return {}, text, False


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
