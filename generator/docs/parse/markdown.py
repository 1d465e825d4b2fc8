"""One block-level markdown-it pass per page, flattened into a document outline.

Inline parsing is the expensive half of markdown-it (and most of a page never needs it),
so the pass runs the block rules only; ``inline.py`` parses a cell or a line on demand.
``markdown_parser`` is markdown-it's one configuration, which ``inline.py`` and ``links.py``
take theirs from. The outline keeps what later readers need: each block with its source
line and the headings it sits under; ``_BLOCK_READERS`` names the token that opens each
kind of block and what reads it.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .dispatch import dispatch_block_rules
from .lines import lined
from .table_rows import table_rows


@functools.cache
def markdown_parser(*, tables: bool = False, inline: bool = True) -> MarkdownIt:
    """The dialect as markdown-it reads it (CommonMark with HTML blocks): its one configuration.

    ``tables`` adds GFM tables; without ``inline`` only the block rules run (a cell or a
    line is parsed inline on demand), and a table is its rows without their cells
    (``table_rows``: nothing would read the cells' tokens). Each variant is built once and
    shared: callers must not change it. Its block pass measures lines by whole-string operations
    (``lines.py``) and tries block rules by a line's first character (``dispatch.py``): the same
    tokens, sooner.
    """
    return dispatch_block_rules(lined(plain_parser(tables=tables, inline=inline)))


def plain_parser(*, tables: bool = False, inline: bool = True) -> MarkdownIt:
    """``markdown_parser``'s configuration on markdown-it's own block pass."""
    md = MarkdownIt("commonmark", {"html": True})
    if tables:
        md.enable("table")
    if not inline:
        md.disable(["inline", "text_join"], ignoreInvalid=True)
        # (the chains a table may interrupt, as markdown-it registers its own rule)
        md.block.ruler.at("table", table_rows, {"alt": ["paragraph", "reference"]})
    return md


def block_parser() -> MarkdownIt:
    """The page's one tokenisation: block rules with tables."""
    return markdown_parser(tables=True, inline=False)


@attrs.frozen(cache_hash=True)  # (a block's headings are a key of the section caches: hashed for every block)
class Heading:
    level: int
    text: str
    line: int


@attrs.frozen
class Paragraph:
    text: str
    line: int
    section: tuple[Heading, ...]
    quoted: bool = False  # inside a block quote (notes, alerts)
    listed: bool = False  # a list item's paragraph


@attrs.frozen
class TableRow:
    cells: tuple[str, ...]
    line: int
    continuation: bool = False  # a line without a leading pipe inside a piped table

@attrs.frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    line: int
    section: tuple[Heading, ...]


@attrs.frozen
class Fence:
    info: str
    content: str
    line: int  # line of the opening fence
    section: tuple[Heading, ...]


@attrs.frozen
class Comment:
    """An HTML block (annotations live in these)."""

    content: str
    line: int
    end_line: int


Block = Heading | Paragraph | Table | Fence | Comment

_TAB_HEADING = re.compile(r"^\[[^\]]*\]\(#tab/[^)]*\)\s*$")


def is_tab_heading(text: str) -> bool:
    """DocFX tab headings (``# [HTTP](#tab/http)``) look like H1s but are not titles."""
    return "#tab/" in text and bool(_TAB_HEADING.match(text.strip()))  # (asked of every heading, often)


def outline(text: str) -> tuple[list[Block], dict[str, dict[str, str]]]:
    """Blocks of a page in source order, each with its section; and link definitions."""
    tokens, references = tokenize(text)
    return blocks_of(tokens, text.split("\n")), references


def tokenize(text: str) -> tuple[list[Token], dict[str, dict[str, str]]]:
    """The page's block tokens and link definitions: the one tokenisation of a page."""
    env: dict[str, dict[str, dict[str, str]]] = {}
    tokens = block_parser().parse(text, env)
    return tokens, dict(env.get("references", {}))


def blocks_of(tokens: list[Token], lines: list[str]) -> list[Block]:
    """Blocks of a page in source order, each with its section."""
    outline = _Outline(lines)
    for index, token in enumerate(tokens):
        kind = token.type  # read once: half a million tokens on a large tree
        read = _BLOCK_READERS.get(kind)
        if read is not None:
            outline.blocks.append(read(tokens, index, outline))
        elif kind in _NESTING:
            outline.quote_depth, outline.list_depth = _nest(kind, outline.quote_depth, outline.list_depth)
    return outline.blocks


@attrs.define
class _Outline:
    """The blocks read so far, and where the next one sits: its headings, quote and list depth."""

    lines: list[str]
    blocks: list[Block] = attrs.Factory(list)
    section: tuple[Heading, ...] = ()
    quote_depth: int = 0
    list_depth: int = 0


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _heading(tokens: list[Token], index: int, outline: _Outline) -> Block:
    token = tokens[index]
    heading = Heading(int(token.tag[1]), tokens[index + 1].content.strip(), _line(token))
    if not is_tab_heading(heading.text):
        outline.section = tuple(h for h in outline.section if h.level < heading.level) + (heading,)
    return heading


def _paragraph(tokens: list[Token], index: int, outline: _Outline) -> Block:
    line = _line(tokens[index])
    return Paragraph(tokens[index + 1].content, line, outline.section, outline.quote_depth > 0, outline.list_depth > 0)


def _table_block(tokens: list[Token], index: int, outline: _Outline) -> Block:
    return _table(tokens, index, outline.lines, outline.section)


def _fence(tokens: list[Token], index: int, outline: _Outline) -> Block:
    token = tokens[index]
    return Fence(token.info.strip(), token.content, _line(token), outline.section)


def _html(tokens: list[Token], index: int, outline: _Outline) -> Block:
    token = tokens[index]
    line = _line(token)
    return Comment(token.content, line, token.map[1] if token.map else line)


# The tokens that open a block, and what reads it. Blocks nested in lists and quotes
# count too: pages put tables and fences there.
_BLOCK_READERS: dict[str, Callable[[list[Token], int, _Outline], Block]] = {
    "heading_open": _heading,
    "paragraph_open": _paragraph,
    "table_open": _table_block,
    "fence": _fence,
    "code_block": _fence,
    "html_block": _html,
}


_NESTING = frozenset({"blockquote_open", "blockquote_close", "list_item_open", "list_item_close"})


def _nest(kind: str, quote_depth: int, list_depth: int) -> tuple[int, int]:
    """The depths of block quotes and list items after an opening or closing token."""
    step = 1 if kind.endswith("_open") else -1
    if kind.startswith("blockquote"):
        return quote_depth + step, list_depth
    return quote_depth, list_depth + step


def _table(tokens: list[Token], start: int, lines: list[str], section: tuple[Heading, ...]) -> Table:
    """Every line of a table is a row: the header, the delimiter, then one row a line (its rows
    have no tokens: ``table_rows``). Rows are split from their source lines, so that extra cells
    are seen, not dropped."""
    opening = tokens[start].map
    if not opening:
        return Table((), (), 0, section)
    first, end = opening
    header = split_row(lines[first])
    piped = _piped(lines[first])
    rows: list[TableRow] = []
    for row_line in range(first + 2, end):
        cells = split_row(lines[row_line])
        # A bare line with all its cells is a row whose writer forgot the pipe, not a wrapped cell.
        continuation = piped and not _piped(lines[row_line]) and len(cells) < len(header)
        rows.append(TableRow(cells, row_line + 1, continuation))
    return Table(header, tuple(rows), first + 1, section)


def _piped(line: str) -> bool:
    """A row that starts with a pipe (after the marks of the quotes it sits in)."""
    return line.lstrip().lstrip(">").lstrip().startswith("|")


_CONTAINER_PREFIX = re.compile(r"^(?:\s{0,3}>\s?)*\s*")
# What splits a row or changes how it splits: an escaped pipe, a run of backticks, a pipe.
_ROW_MARKS = re.compile(r"\\\||`+|\|")


def split_row(source: str) -> tuple[str, ...]:
    """GFM cell split that also honours pipes inside code spans and escaped pipes.

    GFM splits on a pipe inside a code span; writers never mean that, and it is the
    main cause of rows with more cells than the header, so a pipe inside backticks
    stays in its cell here.
    """
    text = source.strip()
    if text.startswith(">"):
        text = _CONTAINER_PREFIX.sub("", text, count=1)
    if "`" not in text and "\\" not in text:
        return _split_plain(text)  # most rows have neither code spans nor escapes
    cells = _split_marked(text)
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|") and cells and cells[-1] == "":
        cells = cells[:-1]
    return tuple(cell.strip() for cell in cells)


def _split_plain(text: str) -> tuple[str, ...]:
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return tuple(cell.strip() for cell in text.split("|"))


def _split_marked(text: str) -> list[str]:
    """Cells of a row with code spans or escapes, outer pipes included (empty first and last cells).
    Only the marks are visited (``_ROW_MARKS``): the text between them goes as it is."""
    cells: list[str] = []
    current: list[str] = []
    tick_run = 0  # length of the backtick run that opened the current code span
    last = 0
    for match in _ROW_MARKS.finditer(text):
        start, end = match.span()
        current.append(text[last:start])
        mark = match.group()
        if mark == "\\|":
            current.append("|")
        elif mark[0] == "`":
            tick_run = _tick_run(text, start, end, tick_run)
            current.append(mark)
        elif tick_run == 0:
            cells.append("".join(current))
            current = []
        else:
            current.append(mark)  # a pipe inside a code span
        last = end
    current.append(text[last:])
    cells.append("".join(current))
    return cells


def _tick_run(text: str, start: int, end: int, open_run: int) -> int:
    """The open code span's backtick run after the run ``text[start:end]``: it opens a span
    (when a run as long closes it later), closes the open one (as long), or changes nothing."""
    run = end - start
    if open_run == 0 and text.find("`" * run, end) != -1:
        return run
    return 0 if open_run == run else open_run
