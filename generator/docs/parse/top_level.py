"""A page's top level read by gen's own loop: its ATX headings and plain paragraphs made here.

markdown-it reads a page by trying its block rules at the start of every block, and, to end a
paragraph, at every line after the first. Two constructs are most of a reference page's blocks:
headings (a third) and paragraphs (another third). At the top level, where no list or quote
holds them, ``tokenize_page`` makes their tokens itself, by markdown-it's own tests of these
two rules, and hands every other block to the library's rules, as its loop does. It steps aside
for any line where another rule might match: a line that opens with a character another rule
opens with, a line above a table's delimiter row, a line under a paragraph that might be a
setext underline or end it. ``tests/docs/test_block_pass.py`` holds its tokens to the
library's own.
"""

from __future__ import annotations

from typing import Mapping

from markdown_it import MarkdownIt, rules_block
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.rules_block.state_block import StateBlock

from .dispatch import CODE_INDENT, NEXT_LINE_CHARACTERS, OPENING_CHARACTERS
from .table_rows import markdown_trim, table_rows

_MAX_HEADING_LEVEL = 6
_SPACES = " \t"  # markdown-it's ``isStrSpace``

# The rules this loop knows, by the name markdown-it registers each under: a chain with any
# other rule (a plugin's) is read by the library's loop alone.
_KNOWN_RULES: Mapping[str, RuleFuncBlockType] = {
    "table": table_rows,
    "code": rules_block.code,
    "fence": rules_block.fence,
    "blockquote": rules_block.blockquote,
    "hr": rules_block.hr,
    "list": rules_block.list_block,
    "reference": rules_block.reference,
    "html_block": rules_block.html_block,
    "heading": rules_block.heading,
    "lheading": rules_block.lheading,
    "paragraph": rules_block.paragraph,
}
_LIBRARY_TABLE: RuleFuncBlockType = rules_block.table


class TopLevel:
    """What ``tokenize_page`` needs to know of a parser's rules: which characters step aside."""

    def __init__(self, md: MarkdownIt) -> None:
        enabled = [rule for rule in md.block.ruler.__rules__ if rule.enabled]
        functions = [rule.fn for rule in enabled]
        self.known = all(_known(rule.name, rule.fn) for rule in enabled)
        # A line opening with one of these is another rule's (or may end a paragraph).
        self.stepping_aside = frozenset(char for fn in functions for char in OPENING_CHARACTERS.get(fn, ""))
        # A line above one opening with one of these may start a table.
        self.above_table = frozenset(char for fn in functions for char in NEXT_LINE_CHARACTERS.get(fn, ""))
        self.headings = rules_block.heading in functions
        self.paragraphs = rules_block.paragraph in functions


def _known(name: str, rule: RuleFuncBlockType) -> bool:
    return _KNOWN_RULES.get(name) is rule or (name == "table" and rule is _LIBRARY_TABLE)


def tokenize_page(state: StateBlock, known: TopLevel) -> None:
    """markdown-it's ``ParserBlock.tokenize`` over a whole page (``state``), its top-level ATX
    headings and plain paragraphs made here; ``state`` holds every token as the library makes them.
    Only for a parser whose every rule this loop knows (``known.known``)."""
    rules = state.md.block.ruler.getRules("")
    end = state.lineMax
    max_nesting = state.md.options.maxNesting
    line = 0
    has_empty_lines = False
    while line < end:
        state.line = line = state.skipEmptyLines(line)
        if line >= end:
            break
        if state.sCount[line] < state.blkIndent:
            break
        if state.level >= max_nesting:
            state.line = end
            break
        if not (_heading(state, line, known) or _paragraph(state, line, end, known)):
            _library_rules(state, rules, line, end)
        # (the library's bookkeeping after a block, as its loop does it)
        state.tight = not has_empty_lines
        line = state.line
        if line - 1 < end and state.isEmpty(line - 1):
            has_empty_lines = True
        if line < end and state.isEmpty(line):
            has_empty_lines = True
            line += 1
            state.line = line


def _library_rules(state: StateBlock, rules: list[RuleFuncBlockType], line: int, end: int) -> None:
    for rule in rules:
        if rule(state, line, end, False):
            if state.line <= line:
                raise RuntimeError("block rule didn't increment state.line")
            return
    raise RuntimeError("none of the block rules matched")


def _first_character(state: StateBlock, line: int) -> str:
    """The line's first character after its indent; "" on a blank line (or past the last)."""
    start = state.bMarks[line] + state.tShift[line]
    return state.src[start] if start < state.eMarks[line] else ""


def _table_below(state: StateBlock, line: int, known: TopLevel) -> bool:
    """Whether the next line might be a table's delimiter row, making this line its header."""
    return line + 1 < state.lineMax and _first_character(state, line + 1) in known.above_table


def _heading(state: StateBlock, line: int, known: TopLevel) -> bool:
    """markdown-it's ``heading`` rule at a top-level line no earlier rule can take."""
    src = state.src
    start = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    if not known.headings or src[start] != "#" or state.sCount[line] >= CODE_INDENT or _table_below(state, line, known):
        return False
    run = start
    while run < maximum and src[run] == "#":
        run += 1
    level = run - start
    if level > _MAX_HEADING_LEVEL or (run < maximum and src[run] not in _SPACES):
        return False
    # The closing sequence (" ##") and the spaces around the text are not its content.
    while maximum > run and src[maximum - 1] in _SPACES:
        maximum -= 1
    closing = maximum
    while closing > run and src[closing - 1] == "#":
        closing -= 1
    if closing > run and src[closing - 1] in _SPACES:
        maximum = closing
    state.line = line + 1
    tag = f"h{level}"
    opening = state.push("heading_open", tag, 1)
    opening.markup = "#" * level
    opening.map = [line, line + 1]
    inline = state.push("inline", "", 0)
    inline.content = markdown_trim(src[run:maximum])
    inline.map = [line, line + 1]
    inline.children = []
    closing_token = state.push("heading_close", tag, -1)
    closing_token.markup = "#" * level
    return True


def _paragraph(state: StateBlock, line: int, end: int, known: TopLevel) -> bool:
    """markdown-it's ``paragraph`` rule at a top-level line no earlier rule can take, when no
    line of it could be a setext underline or end it by another rule's opening."""
    if not known.paragraphs or state.sCount[line] >= CODE_INDENT:
        return False
    if _first_character(state, line) in known.stepping_aside or _table_below(state, line, known):
        return False
    next_line = line + 1
    while next_line < end and not state.isEmpty(next_line):
        # (a line indented as code continues the paragraph, whatever it holds)
        if state.sCount[next_line] - state.blkIndent < CODE_INDENT:
            first = _first_character(state, next_line)
            if first in "=-" or first in known.stepping_aside or _table_below(state, next_line, known):
                return False
        next_line += 1
    state.line = next_line
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [line, next_line]
    inline = state.push("inline", "", 0)
    # (at the top level a paragraph's lines are one slice of the page: no indent is cut)
    inline.content = markdown_trim(state.src[state.bMarks[line] : state.eMarks[next_line - 1]])
    inline.map = [line, next_line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    return True
