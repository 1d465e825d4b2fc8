"""Path templates made valid for OpenAPI, and JSON pointers into the document."""

from __future__ import annotations

import re
from collections import Counter

import attrs

from ..model.api import Operation
from ..model.paths import PLACEHOLDER, placeholder_shape
from ..model.counting import most_common

# One placeholder, however many braces wrap it: "{{id}}" (a template engine's spelling) is "{id}".
# A match starts only at the first brace of a run: a retry inside a long run is quadratic.
_WRAPPED = re.compile(r"(?<!\{)\{+([^{}]*)\}+")


@attrs.define
class Placed:
    """One documented path of an operation, made a valid template."""

    operation: Operation
    index: int  # which of the operation's paths in the document
    path: str  # as documented
    template: str  # valid OpenAPI template
    names: list[str]  # its placeholder names, in order
    canonical: str = ""


def valid_template(path: str) -> tuple[str, list[str]]:
    """A documented path as an OpenAPI template, and its placeholder names in order.

    ``{id|userPrincipalName}`` and ``{{id}}`` are ``{id}``; a name repeated in one path gets
    the segment before it as a prefix (``/users/{id}/mailFolders/{id}`` -> ``{mailFolders-id}``).
    A brace that wraps no placeholder (``/a/{b``) is left: ``stray_brace`` tells.
    """
    names: list[str] = []

    def rename(match: re.Match[str]) -> str:
        name = re.sub(r"[^\w.\-]+", "-", match.group(1).split("|")[0].strip()).strip("-") or "param"
        if name in names:
            segment = path[: match.start()].rstrip("/").rpartition("/")[2]
            prefix = re.sub(r"[^\w.\-]+", "-", segment).strip("-") or "param"
            name = f"{prefix}-{name}"
            while name in names:
                name += "_"
        names.append(name)
        return "{" + name + "}"

    template = _WRAPPED.sub(rename, path if path.startswith("/") else "/" + path)
    return template, names


def stray_brace(template: str) -> bool:
    """Whether a brace is left outside the placeholders: OpenAPI has no template for it."""
    literal = PLACEHOLDER.sub("", template)
    return "{" in literal or "}" in literal


def placeable(path: str) -> bool:
    """Whether a documented path is in the document (its template has no stray brace)."""
    return not stray_brace(valid_template(path)[0])


def shape(template: str) -> str:
    """The template without its names: templates of one shape may not coexist in OpenAPI."""
    return placeholder_shape(template)


def placeholders(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)


def canonical_templates(placed: list[Placed]) -> dict[str, str]:
    """shape -> the spelling most operations use (ties: the first in sort order)."""
    counts: dict[str, Counter[str]] = {}
    for item in placed:
        counts.setdefault(shape(item.template), Counter())[item.template] += 1
    return {key: most_common(c) for key, c in counts.items()}


def pointer_token(token: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")
