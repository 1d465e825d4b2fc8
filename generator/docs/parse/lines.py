"""The block pass's table of lines, measured by whole-string operations.

Before its rules run, markdown-it measures every line of a page in a Python loop: where it
begins and ends, how far its text is indented (tabs expanded). ``LinedStateBlock`` builds the
same five lists from the page split at its newlines, with str methods and comprehensions:
an eighth of the block pass on a large tree, a third of it saved. Before that, its ``normalize``
rule turns every line ending into a newline by a regular expression that matches at every
newline; ``normalize`` here replaces only what is there to replace. Its tokens are made with their
fields set directly (``push``). ``tests/docs/test_block_pass.py`` holds the lists and the tokens to
the library's own.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .top_level import TopLevel, tokenize_page

_BLANKS = " \t"  # markdown-it's ``isStrSpace``: the characters of an indent
_TAB_STOP = 4


class LinedStateBlock(StateBlock):
    """markdown-it's block state, its lines measured by ``line_marks`` and its tokens made by ``push``."""

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)  # (everything but the lines, as the library sets it)
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount, self.bsCount = line_marks(src)
        self.lineMax = len(self.bMarks) - 1  # (the last entry stands past the end)

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """The library's ``push``: the same token, its fields set directly. A page's tokens are
        half a million on a large tree, and the dataclass's ``__init__`` (defaults made by
        factories, a ``__post_init__``) costs twice as much."""
        if not _DIRECT_TOKENS:
            return super().push(ttype, tag, nesting)
        if nesting < 0:
            self.level -= 1  # closing tag
        token = _new_token(Token)
        token.type, token.tag, token.nesting, token.attrs, token.map = ttype, tag, nesting, {}, None
        token.level, token.children, token.content, token.markup, token.info = self.level, None, "", "", ""
        token.meta, token.block, token.hidden = {}, True, False
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


# ``push`` sets every field of the library's Token, as they are named here; a markdown-it whose
# Token has other fields gets its own ``push``.
_TOKEN_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info", "meta",
                 "block", "hidden")
_DIRECT_TOKENS = tuple(field.name for field in dataclasses.fields(Token)) == _TOKEN_FIELDS
_new_token = object.__new__


class LinedParserBlock(ParserBlock):
    """markdown-it's block parser on a ``LinedStateBlock``, a page's top level read by ``top_level``
    when its rules are the ones that loop knows."""

    _top_level: tuple[object, TopLevel] | None = None  # (the compiled chains it was read from)

    def parse(self, src: str, md: MarkdownIt, env: EnvType, outTokens: list[Token]) -> list[Token] | None:
        if not src:
            return None
        state = LinedStateBlock(src, md, env, outTokens)
        known = self._known_rules(md)
        if known.known:
            tokenize_page(state, known)
        else:
            self.tokenize(state, state.line, state.lineMax)
        return state.tokens

    def _known_rules(self, md: MarkdownIt) -> TopLevel:
        """What the top-level loop knows of ``md``'s rules, read again whenever they change."""
        self.ruler.getRules("")  # (compiles the chains after a change: a new cache)
        compiled = self.ruler.__cache__
        if self._top_level is None or self._top_level[0] is not compiled:
            self._top_level = (compiled, TopLevel(md))
        return self._top_level[1]


def lined(md: MarkdownIt) -> MarkdownIt:
    """``md`` with its block parser on a ``LinedStateBlock`` (its rules as they are) and its line
    endings normalized by ``normalize``."""
    blocks = LinedParserBlock()
    blocks.ruler = md.block.ruler
    md.block = blocks
    md.core.ruler.at("normalize", normalize)
    return md


def normalize(state: StateCore) -> None:
    """markdown-it's ``normalize`` core rule: CR LF and CR as LF, NUL as U+FFFD (a page read by
    gen has no CR: the check is a scan, not a new string)."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def line_marks(src: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Each line's start and end offsets, its indent in characters and in columns (a tab to the next
    stop), and a zero (the blockquote rule's own offsets); then one entry past the end, as
    markdown-it lays them out. Like the library, a last line of blanks without a newline is no line."""
    lines = src.split("\n")
    if not lines[-1].strip(_BLANKS):
        lines.pop()  # (after a final newline: the empty rest)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    starts[-1] = len(src)
    ends = [start + len(line) for start, line in zip(starts, lines)]
    ends.append(len(src))
    shifts = [len(line) - len(line.lstrip(_BLANKS)) for line in lines]
    if "\t" in src:  # (one page in twelve: elsewhere an indent's columns are its characters)
        columns = [shift if "\t" not in line[:shift] else _columns(line[:shift]) for line, shift in zip(lines, shifts)]
    else:
        columns = shifts.copy()
    shifts.append(0)
    columns.append(0)
    return starts, ends, shifts, columns, [0] * len(starts)


def _columns(indent: str) -> int:
    """The columns an indent of spaces and tabs spans."""
    column = 0
    for char in indent:
        column += _TAB_STOP - column % _TAB_STOP if char == "\t" else 1
    return column
