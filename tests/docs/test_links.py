"""The links of a piece of text without the inline parser: the parser's answer, or none.

``links._simple_links`` reads plain ``[text](href)`` links with a pattern, and gives up
(None) where only markdown-it can tell. Wherever it answers, the answer must be the
parser's: every case below compares the two.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator.docs.parse.context import page_context
from generator.docs.parse.links import _code_spans, _links_in, _simple_links, is_relative, links_of_tokens
from generator.docs.read import Page


def _assert_as_the_parser_reads(content: str) -> bool:
    """Whether the fast path answered (it must then agree with the parser on every relative link)."""
    simple = _simple_links(content)
    if simple is not None:
        assert _relative(simple) == _relative(_links_in(content, {})), content
    return simple is not None


def _relative(found: tuple[tuple[str, int, bool], ...]) -> list[tuple[str, int, bool]]:
    """The links as a page's links keep them: relative ones, percent-decoded (the parser
    percent-encodes a destination; the pattern keeps it as written)."""
    return [(urllib.parse.unquote(href.strip()), line, image) for href, line, image in found if is_relative(href)]


# Pieces of inline text where links, brackets and code spans meet.
_PIECES = st.sampled_from([
    "[a](b.md)", "![i](p.png)", "[](x.md)", "[a b](c.md#d)", "[!INCLUDE ", "]", "[", "(", ")", "](", "`", "``",
    "`[a](b.md)`", "[`code`](c.md)", "[a](b`c)", " ", "\n", "text", "[x]", "(y)", "[a](<b>)", "é", "%20", "[a]( b)",
    "[a](b(c))", "[a](https://x.y/z)", "[a](#anchor)", "!", "*", "_", "x`y", "[a](b \"t\")", "[a]\n(b)", "```",
    "|", "\"", "[1]", "[a](b.md)]", "![", "]]",
])


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
def test_where_the_pattern_answers_it_answers_as_the_parser(content: str) -> None:
    _assert_as_the_parser_reads(content)


# Labels as markdown-it keeps a page's link reference definitions (normalised to upper case).
_DEFINED = {"X": {"href": "defined.md", "title": ""}, "1": {"href": "one.md", "title": ""}}


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
def test_on_a_page_with_link_references_the_pattern_answers_as_the_parser(content: str) -> None:
    simple = _simple_links(content, defined=True)
    if simple is not None:
        assert _relative(simple) == _relative(_links_in(content, _DEFINED)), content


@pytest.mark.parametrize("content", [
    "[!INCLUDE [import](../../includes/x.md)]",  # DocFX's include: the outer brackets are text
    "Use `id` of [user](user.md) here.",  # a code span beside a link
    "``a ` b`` then [c](c.md)",  # a run that a longer run's span holds
    "a ` lone backtick [b](b.md)",  # a run that nothing closes is text
])
def test_the_common_cases_take_the_fast_path(content: str) -> None:
    assert _assert_as_the_parser_reads(content)


@pytest.mark.parametrize("content", [
    "`[a](b.md)`",  # a link inside a code span is code
    "[x `y]` [a](b.md)",  # a bracket inside a code span
    "[a [b](c.md)](d.md)",  # a link around a link
    "[a](b`c)`",  # a code span that starts in a destination
    "`a\nb` [c](c.md)",  # a line break in a code span: the parser does not count it
])
def test_what_only_the_parser_can_tell_goes_to_the_parser(content: str) -> None:
    assert not _assert_as_the_parser_reads(content)


def test_code_spans_pair_runs_of_equal_length_in_linear_time() -> None:
    assert _code_spans("`a` ``b`c`` ` d") == ["`a`", "``b`c``"]
    assert _code_spans("` `` ``` x") == []
    unclosed = "".join("`" * width + " " for width in range(1, 3000))  # no run closes: quadratic if searched
    assert _code_spans(unclosed) == []


def test_a_sample_docs_page_has_the_same_links_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs-input"
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8", errors="replace")
        context, _ = page_context(Page(page.name, text, ""))
        with monkeypatch.context() as patched:
            patched.setattr("generator.docs.parse.links._simple_links", lambda content, defined=False: None)
            slow = links_of_tokens(context.tokens, context.lines, context.references)
        assert links_of_tokens(context.tokens, context.lines, context.references) == slow, page.name
