"""Type cells: every spelling the docs use for a type, read into a TypeSpelling.

Resolution to a concrete type happens later (``resolve.py``), once every page is known;
here a cell only says what it names: a primitive (as its OData name), a type by name
and/or link target, a bare "Enumeration", or free text that is not a type at all.
"""

from __future__ import annotations

import functools
import re

import attrs
from markdown_it.common.utils import normalizeReference

from ...model import edm
from .inline import parse_inline, strip_html
from ...model.pickling import interned

# Every spelling seen in the dialect, lower-cased, without an "Edm." prefix.
PRIMITIVES: dict[str, str] = edm.spellings()
ENUM_WORDS = frozenset({"enumeration", "enum"})
NONE_WORDS = frozenset({"none", "n/a", "na", "-", "void", "no content"})

_NAME = re.compile(r"^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$")
_TYPE_LIKE = re.compile(r"^[A-Za-z_][\w.]*$")


def is_type_name(text: str) -> bool:
    """Could this text (link text, a bold word) be a type's name, qualified or not?"""
    return bool(_TYPE_LIKE.match(text))
_COLLECTION_OF = re.compile(r"^collection\s*\(\s*(.+?)\s*\)$", re.IGNORECASE)
_TRAILING_COLLECTION = re.compile(r"^(.+?)\s+(?:collection|array|list)\.?$", re.IGNORECASE)
_LEADING_COLLECTION = re.compile(r"^(?:collection|array|list)\s+of\s+(.+?)s?$", re.IGNORECASE)
_BRACKETS = re.compile(r"^(.+?)\s*\[\s*\]$")
_FIRST_WORD = re.compile(r"^([A-Za-z][\w.]*)\b")
_REFERENCE_LINK = re.compile(r"^\[([^\]]+)\]\[([^\]]*)\](.*)$")
_BRACKETED = re.compile(r"^\[([^\]\[]+)\](?!\()(.*)$")
# A link with a bracket or parenthesis missing: "[x](x.md", "[x(x.md)", "x](x.md)", "[x](x.md collection".
_UNCLOSED_LINK = re.compile(
    r"^(?P<open>\[)?\s*(?P<name>[A-Za-z_][\w.]*)\s*(?P<close>\])?\(\s*(?P<target>[^\s()\[\]]+?)\s*(?P<end>\))?(?P<rest>(?:\s.*)?)$"
)


@interned
@attrs.frozen
class TypeSpelling:
    """What a type cell says, before resolution."""

    raw: str
    collection: bool = False
    primitive: str | None = None  # OData name, e.g. "Edm.String"
    name: str | None = None  # a type name as written (may be namespace-qualified)
    target: str | None = None  # link target as written (href)
    enum_word: bool = False  # "Enumeration" with no name: an anonymous enum
    unknown: bool = False  # free text that names no type
    unclosed_link: bool = False  # "[x](x.md" or "[x(x.md)": read as the link it starts (resolve warns)

    @property
    def empty(self) -> bool:
        return not self.raw


def read_type_cell(cell: str, references: dict[str, dict[str, str]] | None = None) -> TypeSpelling:
    """Read one type cell; ``references`` are the page's link definitions, if any."""
    text = _unwrapped(cell.strip())
    wrapped = _COLLECTION_OF.match(text)
    if wrapped and "[" in wrapped.group(1):
        # ``Collection([x][])``, ``Collection([x](x.md))``: every link form inside the wrapper too.
        return attrs.evolve(read_type_cell(wrapped.group(1), references), raw=cell.strip(), collection=True)
    reference = _REFERENCE_LINK.match(text)
    if reference:
        # ``[x][]`` / ``[x][ref]``: the name is the link text, the target its definition.
        name = reference.group(1).strip("`* ")
        target = reference_href(references, reference.group(2) or reference.group(1))
        collection = "collection" in reference.group(3).lower()
        return _named(cell.strip(), name, target, collection)
    bracketed = _BRACKETED.match(text)
    if bracketed:
        # ``[x] collection``: a shortcut reference link; with no definition it still names x.
        name = bracketed.group(1).strip("`* ")
        target = reference_href(references, bracketed.group(1))
        return _named(cell.strip(), name, target, "collection" in bracketed.group(2).lower())
    return _read_type_cell(cell)


def reference_href(references: dict[str, dict[str, str]] | None, label: str) -> str | None:
    """The target of a reference link's label, matched as CommonMark matches labels."""
    if not references:
        return None
    return references.get(normalizeReference(label.strip("`* ")), {}).get("href")


_BOLD_LINK = re.compile(r"^(\*\*|__)(\[[^\]]*\](?:\[[^\]]*\])?)\1(.*)$")


def _unwrapped(text: str) -> str:
    """A cell without bold markers around the whole of it or around its link (``**[x][]** collection``)."""
    while len(text) > 4 and text[:2] in ("**", "__") and text[-2:] == text[:2]:
        text = text[2:-2].strip()
    bold_link = _BOLD_LINK.match(text)
    return bold_link.group(2) + bold_link.group(3) if bold_link else text


@functools.lru_cache(maxsize=16384)
def _read_type_cell(cell: str) -> TypeSpelling:
    raw = strip_html(cell) if "<" in cell or "&" in cell else cell.strip()
    if not raw or raw.lower() in NONE_WORDS:
        return TypeSpelling(raw=raw, unknown=True)
    inline = parse_inline(raw)
    text = inline.text.strip().strip("*").strip()
    if inline.links:
        link = inline.links[0]
        name = link.text.strip("`* ").strip()
        collection = _says_collection(text, link.text)
        return _named(raw, name, link.href, collection)
    unclosed = _unclosed_link(text)
    if unclosed is not None:
        return unclosed
    collection = False
    for pattern in (_COLLECTION_OF, _TRAILING_COLLECTION, _LEADING_COLLECTION, _BRACKETS):
        match = pattern.match(text)
        if match:
            text, collection = match.group(1).strip().strip("`*"), True
            break
    text = text.strip("`*\"' ")
    return _named(raw, text, None, collection)


def _unclosed_link(text: str) -> TypeSpelling | None:
    """A link that lost a bracket or its closing parenthesis still names its type and page;
    a well-formed link never reaches here (markdown-it read it)."""
    found = _UNCLOSED_LINK.match(text)
    if found is None or (found.group("open") and found.group("close") and found.group("end")):
        return None
    if not (found.group("open") or found.group("close")):
        return None  # "name(x.md)": a function-like phrase, not a link
    rest = found.group("rest").lower()
    collection = "collection" in rest or "[]" in rest or "array" in rest
    spelling = _named(text, found.group("name"), found.group("target"), collection)
    return attrs.evolve(spelling, unclosed_link=True) if spelling.name or spelling.primitive else None


def _says_collection(text: str, link_text: str) -> bool:
    rest = text.replace(link_text, " ", 1).lower()
    return "collection" in rest or "[]" in rest or "array" in rest or "list of" in rest


def _named(raw: str, name: str, target: str | None, collection: bool) -> TypeSpelling:
    primitive = primitive_name(name)
    if primitive:
        return TypeSpelling(raw=raw, collection=collection, primitive=primitive)
    if name.lower() in ENUM_WORDS:
        return TypeSpelling(raw=raw, collection=collection, enum_word=True)
    if _NAME.match(name):
        return TypeSpelling(raw=raw, collection=collection, name=name, target=target)
    if target:
        # Link text that is not a name ("see here"): the target still names the type.
        return TypeSpelling(raw=raw, collection=collection, target=target)
    # Free text such as "string, maximum size 20": its first word may be a primitive.
    first = _FIRST_WORD.match(name)
    if first:
        primitive = primitive_name(first.group(1))
        if primitive:
            return TypeSpelling(raw=raw, collection=collection, primitive=primitive)
        if first.group(1).lower() in ENUM_WORDS:
            return TypeSpelling(raw=raw, collection=collection, enum_word=True)
    return TypeSpelling(raw=raw, collection=collection, unknown=True)


primitive_name = edm.primitive_name
