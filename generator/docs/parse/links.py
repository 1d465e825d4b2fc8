"""Relative links of a page, and the anchors it defines: what ``gen lint`` checks for GEN207.

Pure functions of a page's text. Links are read from markdown-it tokens, so that links
in code blocks are not links and reference-style links (``[x][]``) count: one block-level
pass (the shared parser), then an inline parse of only the pieces that can hold a link,
cached by text because table cells repeat across pages ("Inherited from [x](x.md)").

External links (``https:``, ``mailto:``, ...) and absolute links (``/graph/...``) are left
out: they point outside the docs tree. Images count as links, and so do anchor-only links
(``#x-values``), which point into the page itself.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ...model.pickling import constructed
from .inline import parse_inline
from .markdown import markdown_parser

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# ``[^<>]``, not ``[^>]``: an unclosed ``<a `` must not make every later ``<a `` scan to the
# end of the text (quadratic on a page of ``<a <a <a ...``).
_HTML_ANCHOR = re.compile(r"""<a\s[^<>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SLUG_DROP = re.compile(r"[^\w\- ]")
_HTML_TOKENS = frozenset({"html_block", "html_inline"})


@constructed  # (a tree's scans hold tens of thousands: unpickled by a call, see model.pickling)
@attrs.frozen
class RelativeLink:
    """A relative link as written on a page."""

    href: str  # as written (after markdown-it's normalisation, percent-decoded)
    path: str  # the part before '#' ('' for an anchor-only link)
    anchor: str | None
    line: int
    image: bool = False


@constructed
@attrs.frozen
class PageLinks:
    links: tuple[RelativeLink, ...]
    anchors: frozenset[str]  # heading slugs and explicit <a name>/id anchors, lower case


def page_links(text: str) -> PageLinks:
    """The relative links of a page (with source lines) and the anchors it defines."""
    env: dict[str, dict[str, dict[str, str]]] = {}
    tokens = _block_parser().parse(text, env)
    return links_of_tokens(tokens, text.split("\n"), env.get("references", {}))


def links_of_tokens(tokens: list[Token], lines: list[str], references: dict[str, dict[str, str]]) -> PageLinks:
    """``page_links`` from a page's block tokens (the parse's own, tables included).

    A table's links come from its source lines, so that a row with more cells than the
    header keeps the links of its extra cells.
    """
    links: list[RelativeLink] = []
    anchors: set[str] = set()
    slugs: dict[str, int] = {}
    in_table = 0
    previous = ""  # the kind of the token before (a heading's text follows its opening token)
    for token in tokens:
        kind = token.type  # (read once: half a million tokens on a large tree)
        if kind == "inline":
            content = token.content
            if token.map and not in_table:
                if "[" in content:
                    links.extend(_inline_links(content, token.map[0] + 1, references))
                if previous == "heading_open":
                    anchors.update(_heading_anchors(content, slugs))
            if "<" in content:
                anchors.update(match.group(1).lower() for match in _HTML_ANCHOR.finditer(content))
        elif kind == "table_open" and token.map:
            in_table += 1
            source = "\n".join(lines[token.map[0] : token.map[1]])
            if "[" in source:
                links.extend(_inline_links(source, token.map[0] + 1, references))
        elif kind == "table_close":
            in_table -= 1
        elif kind in _HTML_TOKENS and "<" in token.content:
            anchors.update(match.group(1).lower() for match in _HTML_ANCHOR.finditer(token.content))
            if kind == "html_block":
                anchors.update(match.group(1).lower() for match in _HTML_ID.finditer(token.content))
        previous = kind
    return PageLinks(tuple(links), frozenset(anchors))


@functools.lru_cache(maxsize=16384)  # (pages repeat their headings: "Properties", "Example 1")
def heading_slug(text: str) -> str:
    """The anchor DocFX and GitHub give a heading: lower case, punctuation dropped, spaces to '-'."""
    plain = html.unescape(parse_inline(text).text).lower()
    return _SLUG_DROP.sub("", plain).strip().replace(" ", "-")


def _heading_anchors(text: str, seen: dict[str, int]) -> set[str]:
    slug = heading_slug(text)
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    # A repeated heading gets "-1", "-2", ...; both spellings are accepted, as renderers differ.
    return {slug, f"{slug}-{count}"} if count else {slug}


def is_relative(href: str) -> bool:
    href = href.strip()
    return bool(href) and not href.startswith(("/", "\\")) and not _SCHEME.match(href)


def _inline_links(content: str, first_line: int, references: dict[str, dict[str, str]]) -> list[RelativeLink]:
    if references and "]" in content:
        simple = _simple_links(content, defined=True)
        found = simple if simple is not None else _links_in(content, references)
    elif "\n" in content and _TABLE_LIKE.match(content):
        # A table, read as a paragraph: links cannot span rows, and rows repeat across pages.
        found = tuple(
            (href, number + offset, image)
            for number, row in enumerate(content.split("\n"))
            if "[" in row
            for href, offset, image in _cached_links(row)
        )
    else:
        found = _cached_links(content)
    links = []
    for href, offset, image in found:
        parts = _relative_parts(href)
        if parts is not None:
            links.append(RelativeLink(parts[0], parts[1], parts[2], first_line + offset, image))
    return links


@functools.lru_cache(maxsize=32768)  # (85,000 links on a large tree, a tenth as many hrefs)
def _relative_parts(href: str) -> tuple[str, str, str | None] | None:
    """A relative link's href percent-decoded, its path (the part before '#' and '?') and its
    anchor; None for a link that is not relative."""
    if not is_relative(href):
        return None
    decoded = urllib.parse.unquote(href.strip())
    path, _, anchor = decoded.partition("#")
    return decoded, path.partition("?")[0], anchor or None


@functools.lru_cache(maxsize=32768)
def _cached_links(content: str) -> tuple[tuple[str, int, bool], ...]:
    if "](" not in content:
        # Without link definitions (the caller's case), an inline link or image needs "](":
        # text of brackets alone (10 MB of "[" costs the parser minutes and a gigabyte) has none.
        return ()
    simple = _simple_links(content)
    return simple if simple is not None else _links_in(content, {})


# Text whose only link syntax is plain [text](href) links needs no inline parser: the same
# fast path as ``inline.py``, for the common case of table cells. Escapes, HTML, entities
# and reference syntax need the parser; code spans do only when one holds a bracket or a
# link holds a backtick (``tests/docs/test_links.py`` holds the path to the parser's answers).
_NEEDS_PARSER = re.compile(r"[\\<&]|\]\[|\]:")
_SIMPLE_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*)\)")
_BACKTICKS = re.compile(r"`+")


def _simple_links(content: str, defined: bool = False) -> tuple[tuple[str, int, bool], ...] | None:
    """The links of ``content`` as the parser finds them, or None when only the parser can tell.

    Brackets left over once the links are taken out are text (``[!INCLUDE [x](x.md)]``) unless
    one is followed by "(": then a link may span them; or, on a page that ``defined`` link
    references, unless any is left: ``[x]`` may name one. Code spans and links that share no
    character cannot change each other.
    """
    if _NEEDS_PARSER.search(content):
        return None
    ticks = "`" in content
    if ticks and any(_holds_syntax(span) for span in _code_spans(content)):
        return None
    # One pass: the text between the links, then each link's "!", text and href, and so on.
    pieces = _SIMPLE_LINK.split(content)
    rest = "".join(pieces[::4])
    if "](" in rest or (defined and ("[" in rest or "]" in rest)):
        return None  # a link around the others, a destination the pattern does not take, a reference
    texts, hrefs = pieces[2::4], pieces[3::4]
    if ticks and any("`" in text or "`" in href for text, href in zip(texts, hrefs)):
        return None  # a link holding a backtick
    if "\n" not in content:
        return tuple((href, 0, bang == "!") for bang, href in zip(pieces[1::4], hrefs))
    found = []
    line = 0  # (a link's text may hold line breaks; its href never does)
    for index in range(0, len(pieces) - 1, 4):
        line += pieces[index].count("\n")
        found.append((pieces[index + 3], line, pieces[index + 1] == "!"))
        line += pieces[index + 2].count("\n")
    return tuple(found)


def _holds_syntax(span: str) -> bool:
    """Whether a code span holds a bracket (a link may not be one), or a line break: the parser
    counts a link's line by the breaks before it, and a span's do not count."""
    return "[" in span or "]" in span or "\n" in span


def _code_spans(content: str) -> list[str]:
    """CommonMark's code spans, as written: a run of backticks opens one that the next run of
    the same length closes; a run that nothing closes is text."""
    runs = list(_BACKTICKS.finditer(content))
    following: list[int | None] = [None] * len(runs)  # each run's next run of the same length
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        width = runs[index].end() - runs[index].start()
        following[index] = last.get(width)
        last[width] = index
    spans: list[str] = []
    index = 0
    while index < len(runs):
        closer = following[index]
        if closer is None:
            index += 1
            continue
        spans.append(content[runs[index].start() : runs[closer].end()])
        index = closer + 1
    return spans


def _links_in(content: str, references: dict[str, dict[str, str]]) -> tuple[tuple[str, int, bool], ...]:
    """(href, line offset, is image) of each link and image in a piece of inline Markdown."""
    env = {"references": references} if references else {}
    tokens = _inline_parser().parseInline(content, env)
    found: list[tuple[str, int, bool]] = []
    offset = 0
    for token in _children(tokens):
        if token.type in ("softbreak", "hardbreak"):
            offset += 1
        elif token.type == "link_open":
            found.append((str(token.attrs.get("href", "")), offset, False))
        elif token.type == "image":
            found.append((str(token.attrs.get("src", "")), offset, True))
    return tuple(found)


def _children(tokens: list[Token]) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        result.extend(token.children or [])  # (an image's own children are its alt text: not links)
    return result


def _block_parser() -> MarkdownIt:
    """Block rules without tables: a table reads as a paragraph, which is all a link check
    needs, at a third of the cost (the table rule is the dearest block rule)."""
    return markdown_parser(inline=False)


_TABLE_LIKE = re.compile(r"^\s*\|?[^\n]*\|[^\n]*\n\s*\|?\s*:?-{1,}")


def _inline_parser() -> MarkdownIt:
    return markdown_parser()
