"""markdown-it's block rules, tried only where a line's first character lets them match.

markdown-it tries every block rule, in order, at the start of every block and (to end a
paragraph, a list or a quote) at every line after it; most rules then look at the line's
first character and give up. On the full beta tree that is 2.4 million calls for 840,000
tokens: a quarter of the block pass. ``DispatchingRuler`` hands out each chain as one rule
that reads the first character once and calls, in the chain's order, only the rules whose
opening character it is; a table's rule, only where the next line opens as a delimiter row
does. A rule gen does not know here (a plugin's) is tried at every line, as before, so the
tokens are the library's own: ``tests/docs/test_block_pass.py`` holds the two to each other.
"""

from __future__ import annotations

from typing import Mapping

from markdown_it import MarkdownIt, rules_block
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.ruler import Ruler
from markdown_it.rules_block.state_block import StateBlock

from .table_rows import table_rows

# The characters a line must start with (after its indent) for each of markdown-it's own rules
# to match there: each rule checks exactly this before anything else. (``code`` needs an
# indent of four columns instead; ``table``, ``lheading`` and ``paragraph`` may start anywhere.)
OPENING_CHARACTERS: Mapping[RuleFuncBlockType, str] = {
    rules_block.fence: "~`",
    rules_block.blockquote: ">",
    rules_block.hr: "*-_",
    rules_block.list_block: "*-+0123456789",
    rules_block.reference: "[",
    rules_block.html_block: "<",
    rules_block.heading: "#",
}
# The characters the next line must start with (after its indent) for a rule to match at this
# one: a table's header sits above its delimiter row (``|---|``, ``:-:``).
NEXT_LINE_CHARACTERS: Mapping[RuleFuncBlockType, str] = {rules_block.table: "|-:", table_rows: "|-:"}
_INDENTED_CODE: RuleFuncBlockType = rules_block.code
CODE_INDENT = 4  # columns past the block's own indent (markdown-it's ``is_code_block``)


class DispatchingRuler(Ruler[RuleFuncBlockType]):
    """A block ruler whose every chain is one dispatching rule (``dispatching``)."""

    def __compile__(self) -> None:
        super().__compile__()
        assert self.__cache__ is not None
        self.__cache__ = {chain: [dispatching(rules)] for chain, rules in self.__cache__.items()}


def dispatch_block_rules(md: MarkdownIt) -> MarkdownIt:
    """Make ``md``'s block parser try its rules by first character; its rules, and any change to
    them after this, stay as they are."""
    ruler = DispatchingRuler()
    ruler.__rules__ = md.block.ruler.__rules__
    md.block.ruler = ruler
    return md


def dispatching(rules: list[RuleFuncBlockType]) -> RuleFuncBlockType:
    """One rule that does what the chain ``rules`` does: the first rule that matches wins."""
    chain = tuple(rules)
    characters = {char for rule in chain for char in OPENING_CHARACTERS.get(rule, "")}
    flush = {char: _candidates(chain, char, indented=False) for char in characters}
    indented = {char: _candidates(chain, char, indented=True) for char in characters}
    flush_other = _candidates(chain, None, indented=False)
    indented_other = _candidates(chain, None, indented=True)
    # The same lists without the rules that also need the next line to open as they say.
    ahead = {char for rule in chain for char in NEXT_LINE_CHARACTERS.get(rule, "")}
    alone = {candidates: _without_lookahead(candidates) for candidates in (*flush.values(), *indented.values(), flush_other, indented_other)}

    def dispatch(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
        start = state.bMarks[line] + state.tShift[line]
        if start >= state.eMarks[line]:
            candidates = chain  # a blank line: no first character to go by
        else:
            if state.sCount[line] - state.blkIndent >= CODE_INDENT:
                candidates = indented.get(state.src[start], indented_other)
            else:
                candidates = flush.get(state.src[start], flush_other)
            following = state.bMarks[line + 1] + state.tShift[line + 1]  # (a table's delimiter row)
            if following >= state.eMarks[line + 1] or state.src[following] not in ahead:
                candidates = alone[candidates]
        for rule in candidates:  # (a loop, not any(): this runs at every line of every page)
            if rule(state, line, end_line, silent):
                return True
        return False

    return dispatch


def _without_lookahead(candidates: tuple[RuleFuncBlockType, ...]) -> tuple[RuleFuncBlockType, ...]:
    return tuple(rule for rule in candidates if rule not in NEXT_LINE_CHARACTERS)


def _candidates(chain: tuple[RuleFuncBlockType, ...], char: str | None, indented: bool) -> tuple[RuleFuncBlockType, ...]:
    """The rules of ``chain`` that may match a line starting with ``char`` (None: a character no
    rule opens with), in the chain's order."""
    return tuple(rule for rule in chain if (indented or rule is not _INDENTED_CODE) and _may_open(rule, char))


def _may_open(rule: RuleFuncBlockType, char: str | None) -> bool:
    opening = OPENING_CHARACTERS.get(rule)
    return opening is None or (char is not None and char in opening)
