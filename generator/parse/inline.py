"""Inline Markdown, parsed only where a cell or a line needs it.

Type cells repeat across thousands of pages (a few thousand distinct ones in the whole
corpus), so parses are cached by text. A cell with no Markdown punctuation is plain
text and skips markdown-it altogether.
"""

from __future__ import annotations

import functools
import html
import re

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARKUP = re.compile(r"[\[\]`*_<&\\]")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


@attrs.frozen
class Link:
    text: str
    href: str


@attrs.frozen
class Inline:
    """What later stages need of a piece of inline Markdown."""

    text: str  # plain text: markup removed, entities decoded, spaces collapsed
    links: tuple[Link, ...]
    code: tuple[str, ...]  # contents of code spans, in order


@functools.cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def normalise_space(text: str) -> str:
    """Collapse every kind of Unicode space (NBSP, zero-width, tabs) to one space."""
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=65536)
def parse_inline(source: str) -> Inline:
    if not _MARKUP.search(source):
        return Inline(normalise_space(source), (), ())
    tokens = _inline_parser().parseInline(source)
    children = tokens[0].children if tokens and tokens[0].children else []
    return _collect(children)


def parse_inline_with_refs(source: str, references: dict[str, dict[str, str]]) -> Inline:
    """Reference-style links (``[x][]``) need the page's link definitions."""
    if not references or "][" not in source and not re.search(r"\[[^\]]+\](?!\()", source):
        return parse_inline(source)
    tokens = _inline_parser().parseInline(source, {"references": references})
    children = tokens[0].children if tokens and tokens[0].children else []
    return _collect(children)


def _collect(children: list[Token]) -> Inline:
    text: list[str] = []
    links: list[Link] = []
    code: list[str] = []
    link_href: str | None = None
    link_text: list[str] = []
    for token in children:
        piece = ""
        if token.type in ("text", "code_inline"):
            piece = token.content
            if token.type == "code_inline":
                code.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            piece = " "
        elif token.type == "html_inline":
            piece = " " if _HTML_BREAK.fullmatch(token.content.strip()) else ""
        elif token.type == "link_open":
            link_href = str(token.attrs.get("href", ""))
            link_text = []
        elif token.type == "link_close" and link_href is not None:
            links.append(Link(normalise_space("".join(link_text)), link_href))
            link_href = None
        elif token.type == "image":
            piece = token.content
        if link_href is not None:
            link_text.append(piece)
        text.append(piece)
    return Inline(normalise_space(html.unescape("".join(text))), tuple(links), tuple(code))


def plain(source: str) -> str:
    """Plain text of inline Markdown."""
    return parse_inline(source).text


def strip_html(text: str) -> str:
    """Plain text of a cell that may hold ``<br>`` and other tags."""
    return normalise_space(html.unescape(_HTML_TAG.sub(" ", text)))
