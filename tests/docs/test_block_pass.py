"""gen's block pass against markdown-it's own: lines measured by whole-string operations
(``lines.py``), block rules tried by a line's first character (``dispatch.py``).

Each case parses a text with each of gen's parser variants, and with the same variant on the
library's block pass, and compares every token: type, tag, lines, level, content, markup and
info. A character or an indent that a gate got wrong, or a line measured wrong, shows as a
different stream; the line tables are compared too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from markdown_it import rules_block
from markdown_it.token import Token

from generator.docs.parse.dispatch import OPENING_CHARACTERS, dispatch_block_rules, dispatching
from generator.docs.parse.lines import line_marks, lined
from generator.docs.parse.markdown import markdown_parser, plain_parser
from generator.docs.parse.top_level import TopLevel
from conftest import DOCS_INPUT
from helpers import page_texts

_VARIANTS = [{"tables": True, "inline": False}, {"tables": False, "inline": False}, {"tables": False, "inline": True}]


def _stream(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.nesting, tuple(t.map) if t.map else None, t.level, t.content, t.markup, t.info,
         _stream(t.children) if t.children else None, t.attrs, t.meta, t.block, t.hidden)
        for t in tokens
    ]


def _assert_same_tokens(text: str) -> None:
    for variant in _VARIANTS:
        assert _stream(markdown_parser(**variant).parse(text, {})) == _stream(plain_parser(**variant).parse(text, {}))


# Lines that open, continue or end every kind of block, flush and indented (by spaces and by
# tabs), in quotes and in lists; and lines that open none.
_LINES = st.sampled_from([
    "text", "a | b", "| a | b |", "|---|---|", "---", "***", "___", "- - -", "-", "- item", "* item", "+ item",
    "1. one", "1) one", "10. ten", "0.", "> quote", ">", "> - item", "> ```", "```", "```json", "~~~", "`code`",
    "# H1", "## H2", "#no", "####### seven", "[ref]: /url", "[ref]:", "[link](x)", "<!-- comment -->",
    "<div>", "</div>", "<pre>", "<br/>", "===", "==", "    indented", "\tindented", "  - nested", "   > q",
    "      deep", "  \t- mixed", "\u00a0nbsp", "", "", "", "  ", "\\# escaped", "_emphasis_", "*emphasis*",
    # ATX headings and paragraphs as the top-level loop reads them (``top_level.py``)
    "#", "# #", "## closed ##", "### x ###   ", "#\ttab", "# a #b", "# a \\#", "###### six", "   # three",
    "text ##", "text  ", "   text", "-:", ":-:|", "a|b", "x\u00a0", "# x\u00a0",
])


@settings(max_examples=800, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=16))
def test_every_line_gets_the_tokens_markdown_it_gives_it(lines: list[str]) -> None:
    _assert_same_tokens("\n".join(lines))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["text", "# H", "- item", "| a |", "```", "\r", "\r\n", "\n", "\0", "\r\r\n", "\n\r", " "]), max_size=20))
def test_line_endings_and_nul_are_normalized_as_markdown_it_normalizes_them(parts: list[str]) -> None:
    text = "".join(parts)
    _assert_same_tokens(text)
    assert _stream(markdown_parser().parseInline(text, {})) == _stream(plain_parser().parseInline(text, {}))


def _library_lines(text: str) -> tuple[list[int], ...]:
    state = rules_block.StateBlock(text, plain_parser(), {}, [])
    return state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=" \t\na>-#`|", max_size=40))
def test_lines_are_measured_as_markdown_it_measures_them(text: str) -> None:
    assert line_marks(text) == _library_lines(text)


@pytest.mark.parametrize("text", ["", " ", "\n", "a", "a\n", "a\n  ", "a\n\t", "\t\tx\n  \t y", " \t \tz", "a\n\n\n"])
def test_edge_lines(text: str) -> None:
    assert line_marks(text) == _library_lines(text)


@pytest.mark.parametrize("text", [
    "para\n    lazy continuation, not code\n- list ends it",
    "- a\n\n      code in an item\n- b\n  > quote in an item",
    "> para\n> ```\n> fence in a quote\n> ```\n>     code in a quote",
    "Title\n===\n\nSub\n---\n\n- - -",
    "1. a\n2. b\n   [ref]: /in-a-list\n\n[ref]\n\n[ref]: /url 'title'",
    "<!-- { \"blockType\": \"example\" } -->\n```json\n{}\n```\n\t# tab before a heading",
])
def test_nested_and_lazy_blocks(text: str) -> None:
    _assert_same_tokens(text)


def test_a_rule_without_a_known_opening_character_is_tried_at_every_line() -> None:
    """A plugin's rule (here a stand-in that matches lines starting with '%') is never skipped."""
    seen: list[int] = []

    def plugin_rule(state: object, line: int, end_line: int, silent: bool) -> bool:
        seen.append(line)
        return False

    dispatch = dispatching([plugin_rule, rules_block.heading, rules_block.paragraph])
    md = plain_parser()
    state = rules_block.StateBlock("# h\n% x\n- y", md, {}, [])
    for line in range(3):
        dispatch(state, line, 3, True)
    assert seen == [0, 1, 2]
    assert set(OPENING_CHARACTERS) <= {getattr(rules_block, name) for name in rules_block.__all__}


def test_gen_s_parsers_read_the_top_level_with_their_own_loop() -> None:
    """Else every comparison here would hold the library to itself."""
    for variant in _VARIANTS:
        assert TopLevel(markdown_parser(**variant)).known
    with_plugin = plain_parser()
    with_plugin.block.ruler.before("paragraph", "plugin", lambda state, line, end, silent: False)
    assert not TopLevel(with_plugin).known


def test_a_rule_switched_off_is_not_made_by_the_top_level_loop() -> None:
    """Without the heading rule, "# x" is a paragraph; without the paragraph rule, text is an error."""
    text = "# x\n\ntext\n"
    for off in ("heading", "paragraph"):
        ours, library = dispatch_block_rules(lined(plain_parser())), plain_parser()
        ours.disable(off)
        library.disable(off)
        assert TopLevel(ours).known
        try:
            expected: object = _stream(library.parse(text, {}))
        except RuntimeError as error:
            expected = str(error)
        try:
            got: object = _stream(ours.parse(text, {}))
        except RuntimeError as error:
            got = str(error)
        assert got == expected


def test_the_sample_docs_parse_to_the_same_tokens() -> None:
    for text in page_texts(DOCS_INPUT):
        _assert_same_tokens(text)


def test_the_corpus_pages_parse_to_the_same_tokens(corpus_2021: Path) -> None:
    for text in page_texts(corpus_2021):
        _assert_same_tokens(text)
