"""One block-level markdown-it pass per page, flattened into a document outline.

Inline parsing is the expensive half of markdown-it (and most of a page never needs it),
so the pass runs the block rules only; ``inline.py`` parses a cell or a line on demand.
The outline keeps what later readers need: each block with its source line and the
headings it sits under.
"""

from __future__ import annotations

import functools
import re

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token


@functools.cache
def block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["inline", "text_join"], ignoreInvalid=True)
    return md


@attrs.frozen
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
    return bool(_TAB_HEADING.match(text.strip()))


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
    blocks: list[Block] = []
    section: list[Heading] = []
    quote_depth = 0
    list_depth = 0
    for index, token in enumerate(tokens):
        kind = token.type  # read once: half a million tokens on a large tree
        if kind not in _BLOCK_STARTS:
            if kind in _NESTING:
                quote_depth, list_depth = _nest(kind, quote_depth, list_depth)
            continue
        line = token.map[0] + 1 if token.map else 0
        if kind == "heading_open":
            heading = Heading(int(token.tag[1]), tokens[index + 1].content.strip(), line)
            blocks.append(heading)
            if not is_tab_heading(heading.text):
                section = [h for h in section if h.level < heading.level] + [heading]
        elif kind == "paragraph_open":
            blocks.append(Paragraph(tokens[index + 1].content, line, tuple(section), quote_depth > 0, list_depth > 0))
        elif kind == "table_open":
            blocks.append(_table(tokens, index, lines, tuple(section)))
        elif kind in ("fence", "code_block"):
            blocks.append(Fence(token.info.strip(), token.content, line, tuple(section)))
        elif kind == "html_block":
            end = token.map[1] if token.map else line
            blocks.append(Comment(token.content, line, end))
    return blocks


_NESTING = frozenset({"blockquote_open", "blockquote_close", "list_item_open", "list_item_close"})


def _nest(kind: str, quote_depth: int, list_depth: int) -> tuple[int, int]:
    """The depths of block quotes and list items after an opening or closing token."""
    step = 1 if kind.endswith("_open") else -1
    if kind.startswith("blockquote"):
        return quote_depth + step, list_depth
    return quote_depth, list_depth + step


# Blocks nested in lists and quotes count too: pages put tables and fences there.
_BLOCK_STARTS = frozenset({"heading_open", "paragraph_open", "table_open", "fence", "code_block", "html_block"})


def _table(tokens: list[Token], start: int, lines: list[str], section: tuple[Heading, ...]) -> Table:
    """Rows are split from their source lines, so that extra cells are seen, not dropped."""
    header: tuple[str, ...] = ()
    rows: list[TableRow] = []
    piped = True
    index = start
    in_head = False
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and token.map:
            row_line = token.map[0]
            cells = split_row(lines[row_line])
            if in_head:
                header = cells
                piped = lines[row_line].lstrip().lstrip(">").lstrip().startswith("|")
            else:
                bare = not lines[row_line].lstrip().lstrip(">").lstrip().startswith("|")
                # A bare line with all its cells is a row whose writer forgot the pipe, not a wrapped cell.
                rows.append(TableRow(cells, row_line + 1, continuation=piped and bare and len(cells) < len(header)))
        index += 1
    opening = tokens[start].map
    table_line = opening[0] + 1 if opening else 0
    return Table(header, tuple(rows), table_line, section)


_CONTAINER_PREFIX = re.compile(r"^(?:\s{0,3}>\s?)*\s*")


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
        # Fast path: most rows have neither code spans nor escapes.
        if text.startswith("|"):
            text = text[1:]
        if text.endswith("|"):
            text = text[:-1]
        return tuple(cell.strip() for cell in text.split("|"))
    cells: list[str] = []
    current: list[str] = []
    index = 0
    length = len(text)
    tick_run = 0  # length of the backtick run that opened the current code span
    while index < length:
        char = text[index]
        if char == "\\" and index + 1 < length and text[index + 1] == "|":
            current.append("|")
            index += 2
            continue
        if char == "`":
            run_end = index
            while run_end < length and text[run_end] == "`":
                run_end += 1
            run = run_end - index
            if tick_run == 0 and text.find("`" * run, run_end) != -1:
                tick_run = run
            elif tick_run == run:
                tick_run = 0
            current.append(text[index:run_end])
            index = run_end
            continue
        if char == "|" and tick_run == 0:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|") and cells and cells[-1] == "":
        cells = cells[:-1]
    return tuple(cell.strip() for cell in cells)
