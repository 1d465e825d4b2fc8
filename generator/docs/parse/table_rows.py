"""GFM tables found exactly as markdown-it finds them, without their cells.

markdown-it's table rule makes six tokens per cell (open, inline, close), and splits
every row to make them: it is the dearest block rule, and gen splits each row again
from its source line anyway (``markdown.split_row`` keeps the cells GFM would drop).
This rule decides where a table starts and ends by markdown-it's own tests, in the same
order, and emits the table alone: ``table_open`` and ``table_close``, the open one with the
table's lines. Every line of a table is a row (the header, the delimiter, then one row a
line), so its rows are read from those lines (``markdown._table``) and need no tokens: a
third of a page's tokens were a table's rows. ``tests/docs/test_table_rows.py`` holds it to
the library's rule.
"""

from __future__ import annotations

import re
from typing import Callable

from markdown_it.common import utils as markdown_utils
from markdown_it.common.utils import isStrSpace
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.rules_block.state_block import StateBlock

# The installed markdown-it's own trim: CommonMark's whitespace from 4.3 on, str.strip before.
markdown_trim: Callable[[str], str] = getattr(markdown_utils, "mdTrim", str.strip)

_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_DELIMITER_CHARS = frozenset("|-:")

# markdown-it stops a table whose short rows it would pad with more than this many empty
# cells (its guard against quadratic output); the count is kept so tables end where its do.
MAX_AUTOCOMPLETED_CELLS = 0x10000


def table_rows(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's ``table`` rule (``rules_block/table.py``), emitting rows without cells."""
    if start_line + 2 > end_line:
        return False
    delimiter_line = start_line + 1
    # (the delimiter row first, which its first character rules out on most lines: this rule is
    # tried at every line of a page; the checks are markdown-it's, none with an effect)
    columns = _delimiter_columns(state, delimiter_line)
    if columns is None or state.sCount[delimiter_line] < state.blkIndent or state.is_code_block(delimiter_line):
        return False
    header = markdown_trim(_line_text(state, start_line))
    if "|" not in header or state.is_code_block(start_line):
        return False
    column_count = _cell_count(header)
    if column_count == 0 or column_count != columns:
        return False
    if silent:
        return True
    _emit(state, start_line, end_line, column_count)
    return True


def _delimiter_columns(state: StateBlock, line: int) -> int | None:
    """The number of columns the delimiter row (``|---|:-:|``) declares, or None when the line
    is not one."""
    start = state.bMarks[line] + state.tShift[line]
    end = state.eMarks[line]
    if end - start < 2:
        return None
    first, second = state.src[start], state.src[start + 1]
    if first not in _DELIMITER_CHARS or (second not in _DELIMITER_CHARS and not isStrSpace(second)):
        return None
    if first == "-" and isStrSpace(second):  # a list item, not a delimiter row
        return None
    text = state.src[start:end]
    if any(char not in _DELIMITER_CHARS and not isStrSpace(char) for char in text):
        return None
    cells = text.split("|")
    count = 0
    for index, cell in enumerate(cells):
        trimmed = markdown_trim(cell)
        if not trimmed:
            if index in (0, len(cells) - 1):  # outer pipes leave empty cells at the ends
                continue
            return None
        if not _DELIMITER_CELL.search(trimmed):
            return None
        count += 1
    return count


def _emit(state: StateBlock, start_line: int, end_line: int, column_count: int) -> None:
    old_parent = state.parentType
    state.parentType = "table"
    # markdown-it ends a table's body where a block quote would end: the same rules, in order.
    terminators = state.md.block.ruler.getRules("blockquote")
    table = state.push("table_open", "table", 1)
    table.map = [start_line, 0]
    autocompleted = 0
    line = start_line + 2
    while line < end_line:
        if state.sCount[line] < state.blkIndent:
            break
        if _terminated(terminators, state, line, end_line):
            break
        text = markdown_trim(_line_text(state, line))
        if not text or state.is_code_block(line):
            break
        autocompleted += column_count - _cell_count(text)
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            break
        line += 1
    state.push("table_close", "table", -1)
    table.map[1] = line
    state.parentType = old_parent
    state.line = line


def _terminated(terminators: list[RuleFuncBlockType], state: StateBlock, line: int, end_line: int) -> bool:
    for terminate in terminators:  # (a loop, not any(): this runs for every row of every table)
        if terminate(state, line, end_line, True):
            return True
    return False


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _cell_count(text: str) -> int:
    """The cells markdown-it's ``escapedSplit`` finds in a trimmed row, less the empty first and
    last ones that outer pipes make: a pipe splits unless a backslash comes just before it."""
    pipes = text.count("|") - text.count("\\|")
    count = pipes + 1
    if text.startswith("|"):
        count -= 1
    if count and text.endswith("|") and not text.endswith("\\|"):
        count -= 1
    return count
