"""Enum members from prose: "Possible values are: `a`, `b`, or `c`." and its variants.

A sentence only counts when every item it lists is an identifier, so Intune's "Valid
values 0 to 65535" ranges and "any value up to 20" phrases are not enums.
"""

from __future__ import annotations

import functools
import re

from .inline import normalise_space

_TRIGGER = re.compile(
    r"(?:the\s+)?(?:possible|supported|valid|allowed|accepted|available)\s+values"
    r"(?:\s+(?:for|of)\s+(?:this|the)\s+(?:property|field|parameter|setting))?"
    r"(?:\s+(?:are|include|is|can\s+be))?\s*:?"
    r"|\bvalues?\s+can\s+be(?:\s+one\s+of)?\s*:?"
    r"|\bcan\s+be\s+one\s+of(?:\s+the\s+following(?:\s+values)?)?\s*:?"
    r"|\bone\s+of\s+the\s+following\s+values\s*:?",
    re.IGNORECASE,
)
_MEMBER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_JOINERS = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,|\s+and\s+|\s+or\s+|;)\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # pages repeat descriptions (a parameter's, an inherited row's)
def possible_values(description: str) -> tuple[str, ...] | None:
    """Members listed by a "Possible values" sentence, or None when there is none."""
    if "alue" not in description:
        return None
    for trigger in _TRIGGER.finditer(description):
        members = _members(_list_region(description, trigger.end()))
        if members:
            return members
    return None


def _list_region(text: str, start: int) -> str:
    """The text of the list: up to the end of the sentence, ignoring dots in code."""
    in_code = False
    index = start
    while index < len(text):
        char = text[index]
        if char == "`":
            in_code = not in_code
        elif not in_code:
            if char == "." and (index + 1 == len(text) or text[index + 1].isspace()):
                break
            if char in "(\n" or text.startswith("<br", index):
                break
        index += 1
    return text[start:index]


def _members(region: str) -> tuple[str, ...] | None:
    region = normalise_space(region).strip(" :")
    if not region:
        return None
    items = [item.strip() for item in _JOINERS.split(region)]
    members: list[str] = []
    for item in items:
        if not item:
            continue
        name = item.strip("`*\"'\u201c\u201d\u2018\u2019 ")
        if not _MEMBER.match(name):
            return None
        members.append(name)
    # A single bare word is too weak to be a list ("value can be empty").
    if len(members) < 2 and "`" not in region:
        return None
    return tuple(dict.fromkeys(members)) if members else None
