"""Base types in prose: every phrasing the dialect uses to say what a type derives from.

Two directions. A derived page says it of itself ("Inherits from [x]", "A subclass of
[x]", "a subtype of [x]", "is derived from the [x] abstract type", "the derivative of the [x] resource"); a
base page names its subtypes ("the derived types are [a], [b]", "base type for [a] and
[b]", "[a] and [b] both inherit from this base type"). A cue counts only next to a link,
so a sentence that merely mentions inheritance names no base.
"""

from __future__ import annotations

import re

from .inline import InlineLink, placed_links
from .typecell import is_type_name

_ANY_CUE = re.compile(r"inherit|deriv|subclass|extends|base\s+(?:type|class)|subtype", re.IGNORECASE)
_CUE_WINDOW = 120  # characters before a link in which its cue must stand
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# What stands right before a link that names this page's base.
_FORWARD = re.compile(
    r"(?:\binherits\s+(?:all\s+)?(?:(?:the|its|metadata)\s+)*(?:properties\s+)?(?:from|of)"
    r"|\b(?:is\s+|are\s+)?(?:derived|inherited)\s+from"
    r"|\bderives\s+from|\bextends|\bsub(?:class|type)\s+(?:of|from)|\bderivative\s+of|\bderived\s+type\s+of)"
    r"\s+(?:the\s+)?(?:abstract\s+)?(?:base\s+)?(?:(?:type|class|resource)\s+)?[*_`\s]*$",
    re.IGNORECASE,
)
_FORWARD_NAME = re.compile(
    _FORWARD.pattern.removesuffix("[*_`\\s]*$") + r"(?P<mark>\*\*|`)?(?P<name>[A-Za-z_][\w.]*)",
    re.IGNORECASE,
)
# Cues after which the links of the sentence are subtypes of this page's type.
_SUBTYPES_FOLLOW = re.compile(
    r"\b(?:derived\s+types?\s*(?:are|is|include|:)|subtypes?\s*(?:are|:)|"
    r"base\s+(?:type|class)\s+(?:for|of)|inherited\s+by|derived\s+resource\s+types?\s*:)",
    re.IGNORECASE,
)
# "base class for apply actions in the [x]": a link after a preposition is a container, not a subtype.
_CONTAINER = re.compile(r"\b(?:in|of|on|by|to|with|within|from)\s+(?:(?:the|a|an)\s+)?[*_`\s]*$", re.IGNORECASE)
# Cues before which the links of the sentence are subtypes of this page's type.
_SUBTYPES_PRECEDE = re.compile(
    r"\b(?:(?:both\s+|all\s+)?inherits?\s+from\s+this|(?:are|is)\s+(?:a\s+)?sub(?:class(?:es)?|types?)\s+of\s+this|"
    r"(?:are|is)\s+derived\s+from\s+this)",
    re.IGNORECASE,
)


def read_bases(text: str, references: dict[str, dict[str, str]]) -> tuple[list[InlineLink], list[InlineLink]]:
    """(links to this type's base, links to its subtypes) that one paragraph states."""
    bases: list[InlineLink] = []
    subtypes: list[InlineLink] = []
    if not _ANY_CUE.search(text):
        return bases, subtypes  # most paragraphs say nothing of inheritance: skip the inline parse
    for sentence in _SENTENCE_END.split(text):
        plain, placed = placed_links(sentence, references)
        named = [(start, end, link) for start, end, link in placed if _names_type(link)]
        # A cue stands right before its link: a bounded window keeps a line of 10,000 links linear.
        bases += [link for start, _, link in named if _FORWARD.search(plain[max(0, start - _CUE_WINDOW) : start])][
            :1
        ] or _named_base(sentence)
        subtypes += _subtype_links(plain, named)
    return bases[:1], subtypes


def _named_base(text: str) -> list[InlineLink]:
    """A base named without a link: bold or code ("Inherits from **x**"), or namespace-qualified."""
    for match in _FORWARD_NAME.finditer(text):
        name = match.group("name").rstrip(".")
        if match.group("mark") or name.count(".") >= 2:
            return [InlineLink(name, "")]
    return []


def _subtype_links(text: str, placed: list[tuple[int, int, InlineLink]]) -> list[InlineLink]:
    follow = _SUBTYPES_FOLLOW.search(text)
    if follow:
        return [
            link
            for start, _, link in placed
            if start >= follow.end() and not _CONTAINER.search(text[max(follow.end(), start - _CUE_WINDOW) : start])
        ]
    precede = _SUBTYPES_PRECEDE.search(text)
    if precede:
        return [link for _, end, link in placed if end <= precede.start()]
    return []


def _names_type(link: InlineLink) -> bool:
    """A link to a type's page: a name, or a relative page whose title will name it."""
    if link.href.startswith(("http:", "https:", "/", "#")):
        return False
    return is_type_name(link.text.strip("`* ")) or link.href.partition("#")[0].endswith(".md")
