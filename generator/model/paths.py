"""Request paths as Graph compares them: documented templates against example URLs.

``/widgets('k')`` and ``/widgets/k`` address the same entity; a function's arguments may
come in any order; pages often document a function's path without its arguments and show
them in the example (``.../getScopesForUser(userid='x')``). Used by ``gen test`` (which
function an example calls, and what the test server expects) and ``gen lint`` (GEN115).

Paths come from untrusted pages, so every step here is linear in the path's length: each
pattern can start only where a segment or an argument starts, and templates are matched
segment by segment with ``str.find`` rather than by a regex of lazy groups (which
backtracks polynomially when a segment holds several placeholders).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

# A placeholder of a documented path: ``{id}``, ``{user-id | userPrincipalName}``, ``{}``.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# A key in parentheses: quoted (any text, '' for a quote; base64 keys end in "=") or bare.
# A function call has a name and "=" before its first value, so it never matches.
_KEY_SEGMENT = re.compile(r"(?:^|(?<=/))([^/(]+)\((?:'((?:[^']|'')*)'|([^)'=,]*))\)(?=/|$)")
_CALL = re.compile(r"\(([^()=]*=[^()]*)\)")
# An argument starts where a name starts, never inside one (a retry at every letter of a
# long name that has no "=" is quadratic).
CALL_ITEM = re.compile(r"(?<![\w.])([\w.]+)\s*=\s*('(?:[^']|'')*'|\[[^\]]*\]|[^,]+)")


# A segment a documented path writes where a key belongs, a sample value (``acdefc6b-2dc6-...``,
# ``11003``, ``19:abc@thread.v2``): no name, placeholder, call, OData segment or ``root:``.
_SAMPLE_KEY = re.compile(r"[^\s/{}()'\"$:][^\s/{}()'\"]*(?<!:)")
_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def is_sample_key(segment: str) -> bool:
    """A key's sample value written in a documented path, where a ``{placeholder}`` belongs."""
    if _SAMPLE_KEY.fullmatch(segment) is None or _DOTTED_NAME.fullmatch(segment) is not None:
        return False
    return any(char.isalnum() for char in segment)


def placeholder_shape(path: str) -> str:
    """The path with its placeholders unnamed: ``/users/{id}`` -> ``/users/{}``."""
    return PLACEHOLDER.sub("{}", path)


def placeholder_name(placeholder: str) -> str:
    """The name a placeholder gives first: ``{user-id | userPrincipalName}`` -> ``user-id``."""
    return placeholder.strip().removeprefix("{").removesuffix("}").split("|")[0].strip()


def normal_path(path: str) -> str:
    """A path as Graph compares them: ``x('k')`` is ``x/k``, function arguments in any order."""
    if "(" not in path:  # (neither rewrite applies: most paths, compared by the thousand)
        return path.rstrip("/") or "/"
    path = _KEY_SEGMENT.sub(_key_as_segment, path)
    path = _CALL.sub(_sorted_arguments, path)
    return path.rstrip("/") or "/"


def _key_as_segment(match: re.Match[str]) -> str:
    quoted, bare = match.group(2), match.group(3)
    key = quoted.replace("''", "'") if quoted is not None else bare
    return f"{match.group(1)}/{key}"


def _sorted_arguments(match: re.Match[str]) -> str:
    items = [found.group(0) for found in CALL_ITEM.finditer(match.group(1))]
    return "(" + ",".join(sorted(items)) + ")"


def match_path(template: str, path: str) -> list[str] | None:
    """The placeholder values, when ``path`` instantiates ``template`` (case-insensitively).

    Each placeholder takes one segment's text, non-empty and without ``/``, up to the first
    occurrence of the literal text after it.
    """
    patterns = _segment_patterns(template)
    path_segments = normal_path(path).split("/")
    if len(patterns) != len(path_segments):
        return None
    values: list[str] = []
    for literals, segment in zip(patterns, path_segments):
        found = _match_segment(literals, segment)
        if found is None:
            return None
        values.extend(found)
    return [unquote(value) for value in values]


@functools.lru_cache(maxsize=4096)  # (a template is matched against path after path: a lint's, a test server's)
def _segment_patterns(template: str) -> tuple[tuple[str, ...], ...]:
    """Each segment of a template as the text around its placeholders, in lower case (``_lower``)."""
    return tuple(tuple(_lower(part) for part in pattern.split("{}")) for pattern in placeholder_shape(normal_path(template)).split("/"))


def _match_segment(parts: tuple[str, ...], segment: str) -> list[str] | None:
    """``parts`` are the text around the placeholders, in lower case: one more than there are placeholders."""
    text = _lower(segment)
    first, last = parts[0], parts[-1]
    if len(parts) == 1:
        return [] if text == first else None
    if not text.startswith(first) or len(text) < len(first) + len(last) or not text.endswith(last):
        return None
    end = len(text) - len(last)
    values, position = [], len(first)
    for literal in parts[1:-1]:
        found = text.find(literal, position + 1, end)  # a value has at least one character
        if found < 0:
            return None
        values.append(segment[position:found])
        position = found + len(literal)
    if end - position < 1:
        return None
    values.append(segment[position:end])
    return values


def _lower(text: str) -> str:
    """Lower case that keeps every character's position (``"İ".lower()`` is two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def readings(path: str) -> list[tuple[str, str | None]]:
    """The ways to read an example path, each with the call arguments it leaves out.

    The path as written; then, when it ends in a call with arguments, the path without them
    (pages often document a function's path bare and show its arguments in the example).
    """
    trailing = _trailing_call(path)
    return [(path, None), trailing] if trailing else [(path, None)]


def _trailing_call(path: str) -> tuple[str, str] | None:
    """``(".../name", "arguments")`` for ``.../name(arguments)``: the last segment that opens a call."""
    if not path.endswith(")"):
        return None
    slash = path.rfind("/")
    while slash >= 0:
        name_end = slash + 1
        while name_end < len(path) and path[name_end] not in "/()":
            name_end += 1
        if name_end > slash + 1 and name_end < len(path) and path[name_end] == "(":
            return path[:name_end], path[name_end + 1 : -1]
        slash = path.rfind("/", 0, slash)
    return None


# The first path segment of an API's base URL when it names a version (``v1.0``, ``beta``, ``V2``).
VERSION_SEGMENT = re.compile(r"v\d+(?:\.\d+)*|beta", re.IGNORECASE)
_VERSION_PLACEHOLDER = re.compile(r"\{\s*(?:api[-_ ]?)?ver(?:sion)?\s*\}", re.IGNORECASE)


def below_version(path: str) -> str:
    """An absolute path without its leading version segment (``/beta/users`` -> ``/users``), or
    the placeholder a page writes for it (``/{version}/users``, ``/{ver}/users``)."""
    version, slash, below = path[1:].partition("/")
    return slash + below if VERSION_SEGMENT.fullmatch(version) or _VERSION_PLACEHOLDER.fullmatch(version) else path


def under_base(url: str) -> str | None:
    """The path of an absolute URL below its host and version (``/directoryObjects/x``), or None."""
    scheme, separator, rest = url.partition("://")
    if not separator or not scheme.isalpha():
        return None
    return below_version("/" + rest.partition("/")[2].partition("?")[0]) or "/"
