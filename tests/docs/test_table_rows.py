"""gen's cell-less table rule against markdown-it's own: the same tables, rows and lines.

The rule replaces markdown-it's ``table`` in the block parse (``table_rows.py``); a page's
blocks must not change by it. Each case parses a text with both and compares the token
streams, rows and cells aside (gen reads rows from their lines): every token's type, lines,
level and content, and the blocks read from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.docs.parse.markdown import block_parser, blocks_of
from generator.docs.parse.table_rows import MAX_AUTOCOMPLETED_CELLS
from conftest import DOCS_INPUT
from helpers import page_texts

_ROW_TOKENS = frozenset({
    "thead_open", "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close", "inline",
})


def _stock_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    return md.disable(["inline", "text_join"], ignoreInvalid=True)


def _outline(tokens: list[Token]) -> list[tuple[str, tuple[int, ...] | None, int, str]]:
    """The tokens that are not a row's or a cell's: (type, lines, level, content)."""
    outline = []
    depth = 0
    for token in tokens:
        depth += {"table_open": 1, "table_close": -1}.get(token.type, 0)
        if depth and token.type in _ROW_TOKENS:
            continue
        outline.append((token.type, tuple(token.map) if token.map else None, token.level, token.content))
    return outline


def _assert_same_tables(text: str) -> None:
    stock = _stock_parser().parse(text, {})
    lean = block_parser().parse(text, {})
    assert _outline(lean) == _outline(stock)
    lines = text.split("\n")
    assert blocks_of(lean, lines) == blocks_of(stock, lines)


# Lines that start, continue, end or break tables: pipes escaped and not, delimiter rows
# of every shape, quotes, lists, fences, indented code, headings, HTML and blank lines.
_LINES = st.sampled_from([
    "| a | b |", "a | b", "|a|b|c|", "| a \\| b | c |", "| `x|y` | z |", "\\|", "|", "||", "| a |", "a\\\\|b",
    "|---|---|", "---|---", "| :-- | --: |", "|:-:|", "| --- |", "-|-", "- | -", "|-|-|-|", ":--|", "|--- |",
    "> | a | b |", "> |---|---|", "> | 1 | 2 |", "- | a | b |", "  |---|---|", "    | a | b |", "1. x",
    "```", "~~~json", "# Title", "## Properties", "<!-- { \"blockType\": \"ignored\" } -->", "<div>", "***",
    "", "", "text", "| 1 | 2 | 3 | 4 |", "\u2003| a | b |\u2003", "| a | b |\u0085", "\u0085",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, min_size=2, max_size=14))
def test_tables_start_and_end_where_markdown_its_rule_has_them(lines: list[str]) -> None:
    _assert_same_tables("\n".join(lines))


@pytest.mark.parametrize("text", [
    "| a | b |\n|---|---|\n| 1 | 2 |\n\ntext",
    "para\n| a | b |\n|---|---|\n| 1 |",  # a table interrupts a paragraph
    "> | a | b |\n> |---|---|\n> | 1 | 2 |\nlazy",
    "- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n- next",
    "| a | b |\n|---|---|\n| 1 | 2 |\n# heading ends the table",
    "| a | b |\n|---|---|\n| 1 | 2 |\n```\nfence ends the table\n```",
    "| a | b | c |\n|---|---|\n| 1 | 2 |",  # header and delimiter disagree: no table
    "| a |\n| - |\n| 1 |",  # a delimiter row of one dash
])
def test_each_way_a_table_starts_or_ends(text: str) -> None:
    _assert_same_tables(text)


def test_a_table_ends_where_markdown_it_stops_padding_its_short_rows() -> None:
    """Rows of one cell under a wide header: markdown-it ends the table once it would pad more
    than its limit of empty cells, and so does gen's rule."""
    width = 300
    rows = MAX_AUTOCOMPLETED_CELLS // (width - 1) + 5
    text = "|" + "|".join("h" * width) + "|\n|" + "|".join(["-"] * width) + "|\n" + "| x |\n" * rows
    _assert_same_tables(text)
    table = [token for token in block_parser().parse(text, {}) if token.type == "table_open"][0]
    assert table.map is not None and table.map[1] < rows + 2


def test_the_sample_docs_parse_to_the_same_blocks() -> None:
    for text in page_texts(DOCS_INPUT):
        _assert_same_tables(text)


def test_the_corpus_pages_parse_to_the_same_blocks(corpus_2021: Path) -> None:
    for text in page_texts(corpus_2021):
        _assert_same_tables(text)
