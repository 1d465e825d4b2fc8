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

from .markdown import markdown_parser

_MARKUP = re.compile(r"[\[\]`*_<&\\]")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


@attrs.frozen
class InlineLink:
    text: str
    href: str


@attrs.frozen
class Inline:
    """What later stages need of a piece of inline Markdown."""

    text: str  # plain text: markup removed, entities decoded, spaces collapsed
    links: tuple[InlineLink, ...]
    code: tuple[str, ...]  # contents of code spans, in order


def _inline_parser() -> MarkdownIt:
    return markdown_parser()


def normalise_space(text: str) -> str:
    """Collapse every kind of Unicode space (NBSP, zero-width, tabs) to one space."""
    if "\u200b" in text or "\ufeff" in text:  # (the two ``_SPACES`` that are not whitespace to str.split)
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())


# The common subset that needs no parser: simple links, single-backtick code, bold.
_NEEDS_PARSER = re.compile(r"[\\<>&_!]|\]\[|``|(?<!\*)\*(?!\*)|\*\*\*")
_SIMPLE_LINK = re.compile(r"\[([^\[\]`]*)\]\(([^()\s]*)\)")
_SIMPLE_CODE = re.compile(r"`([^`]+)`")
_LOOSE_STARS = re.compile(r"(?:^|\s)\*\*(?:\s|$)|\*\*\*\*")


@functools.lru_cache(maxsize=65536)
def parse_inline(source: str) -> Inline:
    if not _MARKUP.search(source):
        return Inline(normalise_space(source), (), ())
    simple = _parse_simple(source)
    if simple is not None:
        return simple
    tokens = _inline_parser().parseInline(source)
    children = tokens[0].children if tokens and tokens[0].children else []
    return _collect(children)


def _parse_simple(source: str) -> Inline | None:
    """The same result markdown-it gives, for text that uses only the common subset."""
    if _NEEDS_PARSER.search(source) or source.count("**") % 2 or _LOOSE_STARS.search(source):
        return None
    # (a template inserts the group as it is: "\\1", no Python call per match)
    linked = "](" in source  # (what every link holds)
    text = _SIMPLE_LINK.sub(r"\1", source) if linked else source
    if "[" in text or "]" in text or text.count("`") % 2:
        return None
    spans = _SIMPLE_CODE.findall(text) if "`" in text else []
    if any(span != span.strip() and span.strip() for span in spans):
        return None  # code spans with padding: let the parser decide what to strip
    links = tuple(InlineLink(normalise_space(label.replace("**", "")), href)
                  for label, href in _SIMPLE_LINK.findall(source)) if linked else ()
    if spans:
        text = _SIMPLE_CODE.sub(r"\1", text)
    return Inline(normalise_space(text.replace("**", "")), links, tuple(span.strip() or span for span in spans))


def parse_inline_with_refs(source: str, references: dict[str, dict[str, str]]) -> Inline:
    """Reference-style links (``[x][]``) need the page's link definitions."""
    if not references or "][" not in source and not re.search(r"\[[^\]]+\](?!\()", source):
        return parse_inline(source)
    tokens = _inline_parser().parseInline(source, {"references": references})
    children = tokens[0].children if tokens and tokens[0].children else []
    return _collect(children)


def placed_links(source: str, references: dict[str, dict[str, str]]) -> tuple[str, list[tuple[int, int, InlineLink]]]:
    """Plain text and each link with where its text stands in it (for reading phrases around links)."""
    tokens = _inline_parser().parseInline(source, {"references": references} if references else None)
    children = tokens[0].children if tokens and tokens[0].children else []
    text = ""
    placed: list[tuple[int, int, InlineLink]] = []
    start, href = 0, None
    for token in children:
        if token.type == "link_open":
            start, href = len(text), str(token.attrs.get("href", ""))
        elif token.type == "link_close" and href is not None:
            placed.append((start, len(text), InlineLink(normalise_space(text[start:]), href)))
            href = None
        elif token.type in ("text", "code_inline", "image"):
            text += html.unescape(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            text += " "
    return text, placed


def _collect(children: list[Token]) -> Inline:
    text: list[str] = []
    links: list[InlineLink] = []
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
            links.append(InlineLink(normalise_space("".join(link_text)), link_href))
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
