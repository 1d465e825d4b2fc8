"""The block outline's helpers: markdown-it's one configuration, and the row split."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.docs.parse.markdown import block_parser, markdown_parser, split_row

PACKAGE = Path(__file__).resolve().parents[2] / "generator"


def test_markdown_it_is_configured_in_one_place() -> None:
    places = [path for path in PACKAGE.rglob("*.py") if "MarkdownIt(" in path.read_text(encoding="utf-8")]
    assert [path.relative_to(PACKAGE).as_posix() for path in places] == ["docs/parse/markdown.py"]


def test_each_variant_is_built_once() -> None:
    assert markdown_parser() is markdown_parser()
    assert block_parser() is markdown_parser(tables=True, inline=False)
    assert markdown_parser(inline=False) is not block_parser()
    tokens = block_parser().parse("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert [t.type for t in tokens][:1] == ["table_open"] and not any(t.children for t in tokens)
    inline = markdown_parser().parseInline("[x](y.md)")
    assert [t.type for t in inline[0].children or []][:1] == ["link_open"]


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", ("a", "b")),
        ("a | b", ("a", "b")),
        ("> | a | b |", ("a", "b")),  # a table in a block quote
        ("| `x|y` | b |", ("`x|y`", "b")),  # a pipe in a code span stays
        ("| ``a`|b`` | c |", ("``a`|b``", "c")),  # a longer run closes only its own span
        ("| `open | b |", ("`open", "b")),  # an unclosed backtick opens no span
        (r"| a \| b | c |", ("a | b", "c")),  # an escaped pipe
        (r"| a | b \|", ("a", r"b |")),  # the last pipe escaped: no closing pipe
        ("| a | |", ("a", "")),
    ],
)
def test_split_row(row: str, cells: tuple[str, ...]) -> None:
    assert split_row(row) == cells
