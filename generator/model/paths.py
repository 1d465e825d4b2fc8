"""Request paths as Graph compares them: documented templates against example URLs.

``/widgets('k')`` and ``/widgets/k`` address the same entity; a function's arguments may
come in any order; pages often document a function's path without its arguments and show
them in the example (``.../getScopesForUser(userid='x')``). Used by ``gen test`` (which
function an example calls, and what the test server expects) and ``gen lint`` (GEN115).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# A key in parentheses: quoted (any text, '' for a quote; base64 keys end in "=") or bare.
# A function call has a name and "=" before its first value, so it never matches.
_KEY_SEGMENT = re.compile(r"([^/(]+)\((?:'((?:[^']|'')*)'|([^)'=,]*))\)(?=/|$)")
_CALL = re.compile(r"\(([^()]*=[^()]*)\)")
_CALL_ITEM = re.compile(r"[\w.]+\s*=\s*(?:'(?:[^']|'')*'|\[[^\]]*\]|[^,]+)")
_TRAILING_CALL = re.compile(r"(.*/[^/()]+)\((.*)\)")


def normal_path(path: str) -> str:
    """A path as Graph compares them: ``x('k')`` is ``x/k``, function arguments in any order."""
    path = _KEY_SEGMENT.sub(_key_as_segment, path)
    path = _CALL.sub(lambda m: "(" + ",".join(sorted(_CALL_ITEM.findall(m.group(1)))) + ")", path)
    return path.rstrip("/") or "/"


def _key_as_segment(match: re.Match[str]) -> str:
    quoted, bare = match.group(2), match.group(3)
    key = quoted.replace("''", "'") if quoted is not None else bare
    return f"{match.group(1)}/{key}"


def path_pattern(template: str) -> re.Pattern[str]:
    """A documented path as a regex: each ``{placeholder}`` captures one segment."""
    parts = _PLACEHOLDER.split(normal_path(template))
    return re.compile("([^/]+?)".join(re.escape(part) for part in parts), re.IGNORECASE)


def match_path(template: str, path: str) -> list[str] | None:
    """The placeholder values, when ``path`` instantiates ``template``."""
    found = path_pattern(template).fullmatch(normal_path(path))
    return [unquote(value) for value in found.groups()] if found else None


def readings(path: str) -> list[tuple[str, str | None]]:
    """The ways to read an example path, each with the call arguments it leaves out.

    The path as written; then, when it ends in a call with arguments, the path without them
    (pages often document a function's path bare and show its arguments in the example).
    """
    found = _TRAILING_CALL.fullmatch(path)
    return [(path, None), (found.group(1), found.group(2))] if found else [(path, None)]
