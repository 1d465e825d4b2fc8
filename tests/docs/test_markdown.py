"""The block outline's helpers: markdown-it's one configuration, the row split, spaces and the front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator.docs.parse.frontmatter import split_front_matter
from generator.docs.parse.inline import _SPACES, normalise_space
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


_SPACE_TEXT = st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\r", "\x0b", "\x1c", "\x85", "\u00a0", "\u2000", "\u2009",
                                                "\u200a", "\u200b", "\u200c", "\u202f", "\u205f", "\u2028", "\u3000", "\ufeff", "é"]), max_size=16)


@settings(max_examples=1000, deadline=None)
@given(_SPACE_TEXT)
def test_spaces_collapse_as_their_pattern_says(text: str) -> None:
    """The fast path (``str.split``) and the pattern agree: every run of spaces, zero-width ones too, is one space."""
    assert normalise_space(text) == _SPACES.sub(" ", text).strip()


_FRONT_LINES = st.sampled_from(["---", "...", "a: b", "title: 'x'", "", " ", "text", "--- ", "----", "# h"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_FRONT_LINES, min_size=1, max_size=8), st.integers(0, 230), st.sampled_from(["", "\n", "\n\n"]))
def test_the_front_matter_is_blanked_and_every_line_keeps_its_number(lines: list[str], padding: int, end: str) -> None:
    text = "\n".join(["---", *lines, *["text"] * padding]) + end
    fields, body, found = split_front_matter(text)
    source, blanked = text.split("\n"), body.split("\n")
    assert len(blanked) == len(source)
    closing = next((n for n, line in enumerate(source[1:200], 1) if line.strip() in ("---", "...")), None)
    assert found == (closing is not None)
    if closing is not None:
        assert blanked[: closing + 1] == [""] * (closing + 1) and blanked[closing + 1 :] == source[closing + 1 :]
        assert all(fields.get(key) == "b" for key in fields if key == "a")
    else:
        assert body == text and not fields
