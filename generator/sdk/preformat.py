"""Lay rendered code out as black will, so that black's pass finds nothing to change.

black formats a file once and, when that changed anything, formats its own output a
second time (its guard against trailing commas that change a split): a file it leaves
unchanged costs one pass, half the time. The templates write each statement on one line,
so black changed every file. This stage breaks the long lines first, by black's rules for
the shapes the templates write (calls, signatures, imports, displays, assignments), writes
black's quotes, blank lines and docstring endings, and leaves every line it is unsure of
as it was. A file with no such line (``Layout.sure``: about 99% of a large SDK) is black's
text already, and the format stage writes it without running black (it only compiles it);
black formats every other file, in one pass. That rests on the templates writing black's
spacing, and the tests hold it to black's own output: every file of the sample SDK, and any
template-shaped code hypothesis draws (``tests/sdk/test_preformat.py``).
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Iterator, NamedTuple

LINE_LENGTH = 88  # black's default, which the build uses
INDENT = "    "
OPENING, CLOSING = "([{", ")]}"
# After commas, the operators black splits a bracket's content at, by priority: it puts each
# operand on its line, the operator first.
DELIMITERS = (frozenset(("or",)), frozenset(("and",)), frozenset(("|",)), frozenset(("+", "-")))
# Keywords of lines left to black (outside brackets; the first four anywhere): other rules apply.
CLAUSES = frozenset(("for", "lambda", "if", "else", "elif", "while", "with", "yield", "not", "and", "or",
                     "in", "is", "assert", "del", "raise", "except", "try", "global", "nonlocal"))
ASSIGNING = frozenset(("=",))
ANYWHERE = frozenset(("for", "lambda", "if", "else"))
TRIPLE = ('"""', "'''")


class Piece(NamedTuple):
    """A token of one logical line: its text, the space written before it, where it was."""

    text: str
    space: str
    kind: int
    start: tuple[int, int] = (0, 0)  # (row, column) in the rendered file
    end: tuple[int, int] = (0, 0)


class Unsure(Exception):
    """A shape whose layout black decides by rules this stage does not follow."""


class Statement(NamedTuple):
    """One logical line: its physical lines, as the template wrote them."""

    text: str  # "" for a blank line
    indent: str
    first_word: str
    opens_block: bool  # ends with ":": the next statement is the first of a block

    @property
    def is_import(self) -> bool:
        return self.first_word in ("import", "from")


# What decides where a statement ends: brackets and quotes (the rest of a line needs no look).
_SCAN = re.compile(r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*|[()\[\]{}]')
_FIRST_WORD = re.compile(r"\s*(\w*)")
# A line black would change though it fits: single quotes, spaces inside brackets or before commas, comments.
_NEEDS_A_LOOK = re.compile(r"'|[(\[{] | [)\]},]|,[)\]}]|#")


class Layout(NamedTuple):
    """A file as this stage lays it out, and whether every statement followed a rule of black's
    (``sure``): black then leaves the text as it is, so it need not run."""

    text: str
    sure: bool


def laid_out(source: str) -> Layout:
    """``source`` with long lines broken, quotes and blank lines as black writes them, and whether
    any statement was left for black (not ``sure``)."""
    try:
        statements = list(_statements(source))
    except _Unreadable:
        return Layout(source, False)  # black reports it
    out: list[str] = []
    sure = True
    blanks = 0
    after_import: str | None = None  # the indent of the imports the last statement ended, if it was one
    opens_block = True  # the next statement is the first of the file or of a block (where docstrings are)
    for statement in statements:
        if not statement.text:
            blanks += 1
            continue
        code = not statement.text.lstrip().startswith("#")
        if after_import == statement.indent and code and not statement.is_import:
            blanks = max(blanks, 1)  # black puts a blank line after imports
        if out:  # black keeps at most two blank lines at the top level, one inside a block
            out.extend("\n" for _ in range(min(blanks, 1 if statement.indent else 2)))
        blanks = 0
        after_import = statement.indent if statement.is_import else None
        text, by_rule = _laid_out(statement, opens_block)
        out.append(text)
        sure = sure and by_rule
        if code:
            opens_block = statement.opens_block
    return Layout("".join(out), sure)


class _Unreadable(Exception):
    """Code this stage does not read (a line continued by a backslash, unbalanced quotes)."""


def _statements(source: str) -> Iterator[Statement]:
    """The statements of ``source``, found by brackets and quotes alone (no tokenizer: it is slow)."""
    physical = source.splitlines(keepends=True)
    row = 0
    while row < len(physical):
        first = row
        depth, triple = 0, ""
        while row < len(physical):
            depth, triple = _scan(physical[row], depth, triple)
            row += 1
            if depth <= 0 and not triple:
                break
        if depth > 0 or triple:
            raise _Unreadable("a bracket or a string never closed")
        text = "".join(physical[first:row])
        stripped = text.strip()
        if not stripped:
            yield Statement("", "", "", False)
            continue
        if text.rstrip("\n").endswith("\\"):
            raise _Unreadable("a backslash continuation")
        indent = text[: len(text) - len(text.lstrip(" "))]
        yield Statement(text, indent, _FIRST_WORD.match(text).group(1), stripped.endswith(":"))  # type: ignore[union-attr]


def _scan(line: str, depth: int, triple: str) -> tuple[int, str]:
    """The bracket depth and open triple quote after ``line``."""
    position = 0
    while True:
        if triple:
            end = line.find(triple, position)
            if end < 0:
                return depth, triple
            position, triple = end + 3, ""
            continue
        found = _SCAN.search(line, position)
        if found is None:
            return depth, triple
        token = found.group()
        position = found.end()
        if token in TRIPLE:
            triple = token
        elif token in OPENING:
            depth += 1
        elif token in CLOSING:
            depth -= 1


# The tokens of the code the templates write, as the tokenize module reads them (which is
# several times slower; tests/sdk/test_preformat.py compares the two on the sample SDK).
_STRING = (r"""(?i:[rbuf]{0,2})(?:"{3}(?:[^"\\]|\\[\s\S]|"(?!""))*"{3}|'{3}(?:[^'\\]|\\[\s\S]|'(?!''))*'{3}"""
           r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
_TOKEN = re.compile(
    rf"""[ \t]*(?:
    (?P<string>{_STRING})
    |(?P<name>[^\W\d]\w*)
    |(?P<number>\.?\d[\w.]*)
    |(?P<comment>\#[^\n]*)
    |(?P<newline>\n)
    |(?P<op>\*\*=?|//=?|>>=?|<<=?|->|\.\.\.|[-+*/%&|^@<>=!:]=|[-+*/%&|^~<>=.,:;@()\[\]{{}}])
    )""",
    re.VERBOSE,
)
_KINDS = {"string": tokenize.STRING, "name": tokenize.NAME, "number": tokenize.NUMBER, "comment": tokenize.COMMENT,
          "newline": tokenize.NL, "op": tokenize.OP}


def _tokens(text: str) -> Iterator[tuple[int, str, tuple[int, int], tuple[int, int]]]:
    """(kind, text, start, end) of each token of one statement, but its last newline; rows from 1."""
    body = text.rstrip("\n")
    row, row_start, position = 1, 0, len(body) - len(body.lstrip(" "))
    while position < len(body):
        found = _TOKEN.match(body, position)
        if found is None or found.end() == position:
            raise _Unreadable(f"no token at {body[position:position + 20]!r}")
        kind = found.lastgroup or ""
        token = found.group(kind)
        start = (row, found.start(kind) - row_start)
        lines = token.count("\n")
        if lines:
            row += lines
            row_start = found.start(kind) + token.rindex("\n") + 1
        if kind == "newline":  # (tokenize ends a line's newline on that line)
            yield tokenize.NL, token, start, (start[0], start[1] + 1)
        else:
            yield _KINDS[kind], token, start, (row, found.end() - row_start)
        position = found.end()


def _pieces(text: str) -> list[Piece]:
    """The tokens of one statement, each with black's space before it."""
    pieces: list[Piece] = []
    end = (1, 0)  # where the last token ended
    for kind, token, start, stop in _tokens(text):
        space = " " * (start[1] - end[1]) if pieces and start[0] == end[0] else ""
        if pieces and (token in CLOSING or token == "," or pieces[-1].text in OPENING):
            space = ""  # black's: none inside brackets, none before a comma
        if pieces and start[0] != end[0]:
            space = "\0"  # a line the template broke: not laid out again
        pieces.append(Piece(token, space, kind, start, stop))
        end = stop
    return pieces


def _laid_out(statement: Statement, first_in_block: bool) -> tuple[str, bool]:
    """The statement as black writes it, and True; or as written (its quotes black's), and False:
    a shape black lays out by rules this stage does not follow."""
    text, indent = statement.text, statement.indent
    stripped = text.strip()
    if stripped.startswith(TRIPLE) and stripped.endswith(TRIPLE) and len(stripped) >= 6:
        if not first_in_block:
            return text, True
        return _docstring(indent, text), not _padded(stripped)
    if "\n" not in text.rstrip("\n") and len(text) <= LINE_LENGTH + 1 and not _NEEDS_A_LOOK.search(text):
        return text, True  # the common case: a line black keeps as it is
    try:
        pieces = _pieces(text)
    except _Unreadable:
        return text, False
    kept = _requoted(text, pieces)
    if not pieces or any(piece.kind == tokenize.COMMENT or (piece.kind == tokenize.STRING and "\n" in piece.text) for piece in pieces):
        return kept, False  # comments and strings over several lines: black's
    if any(piece.kind == tokenize.NL for piece in pieces):
        try:
            pieces = _joined(pieces)
        except Unsure:
            return kept, False
    if _clause(pieces) or _parenthesized(pieces):
        return kept, False
    pieces = [piece._replace(text=_quoted(piece.text)) if piece.kind == tokenize.STRING else piece for piece in pieces]
    try:
        return "".join(line + "\n" for line in _split(indent, pieces, inside=False)), not _single_quoted(pieces)
    except Unsure:
        return kept, False


def _single_quoted(pieces: list[Piece]) -> bool:
    """A string ``_quoted`` left in single quotes (it holds an escape): its quotes are black's to choose."""
    return any(piece.kind == tokenize.STRING and piece.text.lstrip("rbufRBUF").startswith("'") for piece in pieces)


def _joined(pieces: list[Piece]) -> list[Piece]:
    """A statement the template broke over several lines, as black reads it: one logical line (black
    keeps none of its line breaks; a magic trailing comma explodes its bracket again)."""
    joined: list[Piece] = []
    for piece in pieces:
        if piece.kind == tokenize.NL:
            continue
        if piece.space == "\0":
            if piece.text == "." or (joined and joined[-1].text == "."):
                raise Unsure("a chain broken at its dot")
            tight = piece.text in CLOSING or piece.text == "," or (joined and joined[-1].text in OPENING)
            piece = piece._replace(space="" if tight else " ")
        joined.append(piece)
    for index in range(len(joined) - 1):
        if joined[index].text == "," and joined[index + 1].text == "]" and not _is_display(joined, _matching_back(joined, index + 1)):
            raise Unsure("a subscript's trailing comma")  # (black's rules for those differ)
    return joined


def _docstring(indent: str, original: str) -> str:
    """A docstring as black writes it: no trailing spaces, closing quotes that fit on its last line."""
    lines = original.rstrip("\n").split("\n")
    if len(lines) > 1:
        lines = [lines[0], *(line.rstrip() for line in lines[1:-1]), lines[-1]]
        last = lines[-1]
        if len(last) > LINE_LENGTH and last.endswith(TRIPLE) and last.strip() not in TRIPLE:
            lines[-1:] = [last[:-3], indent + last[-3:]]
    return "\n".join(lines) + "\n"


def _padded(docstring: str) -> bool:
    """A docstring whose ends black pads or strips: text that starts with a space or a quote, or
    whose last line ends with a space, a quote or a backslash (left to black)."""
    body = docstring[3:-3]
    last = body.rpartition("\n")[2]
    return body[:1].isspace() or body[:1] in "\"'" or (last.strip() != "" and last[-1:] in " \t\"'\\")


def _quoted(text: str) -> str:
    """A one-line string literal in black's double quotes, when that needs no more escapes."""
    at = next((n for n, char in enumerate(text) if char in "'\""), 0)
    prefix, body = text[:at], text[at:]
    if body.startswith(TRIPLE) or not body.startswith("'") or "\\" in body or '"' in body:
        return text
    return prefix + '"' + body[1:-1] + '"'


def _requoted(original: str, pieces: list[Piece]) -> str:
    """``original`` with its one-line strings in black's quotes (a line kept as written)."""
    if not any(piece.kind == tokenize.STRING for piece in pieces):
        return original
    lines = original.split("\n")
    first_row = pieces[0].start[0]
    for piece in reversed(pieces):
        if piece.kind == tokenize.STRING and piece.start[0] == piece.end[0]:
            row = piece.start[0] - first_row
            line = lines[row]
            lines[row] = line[: piece.start[1]] + _quoted(piece.text) + line[piece.end[1] :]
    return "\n".join(lines)


def _clause(pieces: list[Piece]) -> bool:
    """A keyword black splits at by rules of its own (a condition, a comprehension, a lambda)."""
    depth = 0
    for piece in pieces:
        depth += (piece.text in OPENING) - (piece.text in CLOSING)
        if piece.kind == tokenize.NAME and piece.text in CLAUSES and (depth == 0 or piece.text in ANYWHERE):
            return True
    return False


def _parenthesized(pieces: list[Piece]) -> bool:
    """Parentheses around one expression, not a call's or a tuple's: black may remove them."""
    for index, piece in enumerate(pieces):
        if piece.text == "(" and _is_display(pieces, index):
            closing = _matching(pieces, index)
            if not _top_level_commas([*pieces[index + 1 : closing], Piece(",", "", tokenize.OP)]):
                return True
    return False


def _text(pieces: list[Piece]) -> str:
    if any(piece.space == "\0" for piece in pieces[1:]):
        raise Unsure("a line the template broke")
    return "".join(piece.space + piece.text for piece in pieces).lstrip(" ")


def _first(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` starting a line: no space before the first."""
    return [pieces[0]._replace(space=""), *pieces[1:]]


def _split(indent: str, pieces: list[Piece], inside: bool) -> list[str]:
    """One line as black splits it: delimiters inside brackets, else the right-hand split (left for ``def``)."""
    text = _text(pieces)
    if len(indent) + len(text) <= LINE_LENGTH and not _must_explode(pieces):
        return [indent + text]
    if inside:
        split = _split_inside(indent, pieces)
        if split is not None:
            return split
    if pieces[0].text in ("def", "async"):
        return _split_def(indent, pieces)
    if pieces[0].text == "from" and any(piece.text == "import" for piece in pieces):
        return _split_import(indent, pieces)
    try:
        opening, closing = _last_bracket(pieces)
    except Unsure:
        if inside:
            return [indent + text]  # an atom too long for any line: black leaves it
        return _split_assigned(indent, pieces)
    return _split_right(indent, pieces, opening, closing, inside)


def _split_inside(indent: str, pieces: list[Piece]) -> list[str] | None:
    """black's delimiter split of a line inside brackets: at its commas, else at the operators
    of the highest priority it holds; None when it holds none."""
    if _top_level_commas(pieces):
        return _explode(indent, pieces)
    if len(pieces) > 2 and pieces[1].text == ":" and pieces[0].kind == tokenize.NAME:
        if _top_level(pieces, ASSIGNING):
            raise Unsure("a parameter with a default whose annotation black may wrap in parentheses")
        return _split_annotated(indent, pieces)
    for operators in DELIMITERS:
        # (an operator that starts the line is one this split put there)
        if _top_level(pieces[1:] if pieces[0].text in operators else pieces, operators):
            return _split_before(indent, pieces, operators)
    return None


def _split_right(indent: str, pieces: list[Piece], opening: int, closing: int, inside: bool) -> list[str]:
    """black's right-hand split at the bracket pair ``opening``-``closing``: head, body, tail."""
    head, body, tail = pieces[: opening + 1], _first(pieces[opening + 1 : closing]), _first(pieces[closing:])
    if _has_operators_beside(head, tail):
        raise Unsure("black may keep optional parentheses")
    head_text = _text(head)
    if len(indent) + len(head_text) > LINE_LENGTH:
        if _top_level(pieces, ASSIGNING) or pieces[0].text == "return":
            return _split_assigned(indent, pieces)
        if any(piece.text in OPENING for piece in head[:-1]):
            raise Unsure("a head too long for its line: black may split at an earlier bracket")
        # (else black splits at the last bracket all the same)
    display = _is_display(pieces, opening)
    if (display and _top_level_commas(body + [Piece(",", "", tokenize.OP)])) or (not display and body and body[-1].text == ","):
        # black always explodes a display of several items, and a call whose arguments end with a comma
        body_lines = _explode(indent + INDENT, body)
    elif pieces[opening].text == "[" and not display:
        raise Unsure("a subscript")
    else:
        body_lines = _split(indent + INDENT, body, inside=True)
    return [indent + head_text, *body_lines, *_split(indent, tail, inside)]


def _split_assigned(indent: str, pieces: list[Piece]) -> list[str]:
    """``name: T = (`` / the value / ``)``: black's optional parentheses, when the call's head is too long."""
    at = next((n for n, piece in enumerate(pieces) if piece.text == "=" and piece.kind == tokenize.OP), None)
    if at is None or at == len(pieces) - 1 or any(piece.text in "({" for piece in pieces[:at]):
        raise Unsure("no assignment whose value black would wrap")
    head = _text(pieces[: at + 1]) + " ("
    value = _first(pieces[at + 1 :])
    if len(indent) + len(head) <= LINE_LENGTH:
        if not any(piece.text in OPENING for piece in value) and len(indent + INDENT + _text(value)) > LINE_LENGTH:
            raise Unsure("a value too long for any line: black leaves the line")
        return [indent + head, *_split(indent + INDENT, value, inside=True), indent + ")"]
    colon = next((n for n, piece in enumerate(pieces[:at]) if piece.text == ":"), None)
    if colon is None or colon == at - 1:
        raise Unsure("no annotation to wrap")
    annotation = indent + INDENT + _text(_first(pieces[colon + 1 : at]))
    if len(annotation) > LINE_LENGTH:
        raise Unsure("an annotation too long for its own line")
    rest = [Piece(")", "", tokenize.OP), *pieces[at:]]  # black's parentheses around a long annotation
    return [indent + _text(pieces[: colon + 1]) + " (", annotation, *_split(indent, rest, inside=False)]


def _split_annotated(indent: str, pieces: list[Piece]) -> list[str]:
    """A parameter whose annotation does not fit: black puts the annotation in parentheses."""
    comma = [pieces[-1]] if pieces[-1].text == "," else []
    annotation = _first(pieces[2 : len(pieces) - len(comma)])
    closing = indent + ")" + "".join(piece.text for piece in comma)
    return [indent + _text(pieces[:2]) + " (", *_split(indent + INDENT, annotation, inside=True), closing]


def _split_def(indent: str, pieces: list[Piece]) -> list[str]:
    """black's left-hand split of a signature: at its first bracket."""
    opening = next(n for n, piece in enumerate(pieces) if piece.text == "(")
    closing = _matching(pieces, opening)
    head, body, tail = pieces[: opening + 1], pieces[opening + 1 : closing], _first(pieces[closing:])
    tail_text = _text(tail)
    long_return = len(indent) + len(tail_text) > LINE_LENGTH  # (black wraps a long return type in parentheses)
    if not body or len(indent) + len(_text(head)) > LINE_LENGTH or long_return:
        raise Unsure("a signature whose head or return type does not fit")  # (a long name alone stays long)
    body = _first(body)
    if not _top_level_commas(body + [Piece(",", "", tokenize.OP)]) or body[-1].text == ",":
        body_lines = _explode(indent + INDENT, body)  # black adds a comma after a lone parameter (or the template did), then explodes it
    else:
        body_lines = _split(indent + INDENT, body, inside=True)
    return [indent + _text(head), *body_lines, indent + tail_text]


def _split_import(indent: str, pieces: list[Piece]) -> list[str]:
    """``from m import (`` / one name a line / ``)``: black always explodes an import it splits."""
    at = next(n for n, piece in enumerate(pieces) if piece.text == "import")
    names = pieces[at + 1 :]
    if names and names[0].text == "(":
        names = names[1:-1]
    if not names or any(piece.text in OPENING + CLOSING for piece in names):
        raise Unsure("an import black would not split this way")
    return [indent + _text(pieces[: at + 1]) + " (", *_explode(indent + INDENT, _first(names)), indent + ")"]


def _explode(indent: str, body: list[Piece]) -> list[str]:
    """One item a line, each with its comma (black adds the last), each laid out in turn."""
    lines: list[str] = []
    for item in _items(body):
        lines.extend(_split(indent, [*_first(item), Piece(",", "", tokenize.OP)], inside=True))
    return lines


def _items(body: list[Piece]) -> list[list[Piece]]:
    items: list[list[Piece]] = [[]]
    depth = 0
    for piece in body:
        if piece.text == "," and depth == 0:
            items.append([])
            continue
        depth += (piece.text in OPENING) - (piece.text in CLOSING)
        items[-1].append(piece)
    if not items[-1]:  # a trailing comma
        items.pop()
    if not items or any(not item for item in items):
        raise Unsure("an empty item")
    return items


def _top_level_commas(pieces: list[Piece]) -> bool:
    """A comma outside any bracket, but for a trailing one."""
    return _top_level(pieces[:-1], frozenset((",",)))


def _top_level(pieces: list[Piece], words: frozenset[str]) -> bool:
    depth = 0
    for piece in pieces:
        depth += (piece.text in OPENING) - (piece.text in CLOSING)
        if depth == 0 and piece.text in words and piece.kind in (tokenize.NAME, tokenize.OP):
            return True
    return False


def _split_before(indent: str, pieces: list[Piece], words: frozenset[str]) -> list[str]:
    """black's split at ``or``/``and``: each operand on its line, the operator first."""
    parts: list[list[Piece]] = [[]]
    depth = 0
    for piece in pieces:
        depth += (piece.text in OPENING) - (piece.text in CLOSING)
        if depth == 0 and piece.kind in (tokenize.NAME, tokenize.OP) and piece.text in words and parts[-1]:
            parts.append([])
        parts[-1].append(piece)
    if len(parts) < 2:
        raise Unsure("no operator to split at")
    lines: list[str] = []
    for part in parts:
        lines.extend(_split(indent, _first(part), inside=True))
    return lines


def _must_explode(pieces: list[Piece]) -> bool:
    """A magic trailing comma (``,`` before a closing bracket, but a one-tuple's) makes black explode that bracket."""
    for index in range(len(pieces) - 1):
        if pieces[index].text == "," and pieces[index + 1].text in CLOSING:
            opening = _matching_back(pieces, index + 1)
            one_tuple = _is_display(pieces, opening) and not _top_level_commas(pieces[opening + 1 : index + 1])
            if pieces[index + 1].text != ")" or not one_tuple:  # (a call's lone argument's comma is magic)
                return True
    return False


def _last_bracket(pieces: list[Piece]) -> tuple[int, int]:
    """The last bracket pair with something inside, as black's right-hand split finds it."""
    index = len(pieces) - 1
    while index >= 0:
        if pieces[index].text in CLOSING:
            opening = _matching_back(pieces, index)
            if opening < index - 1:
                return opening, index
            index = opening
        index -= 1
    raise Unsure("no bracket to split at")


def _matching(pieces: list[Piece], opening: int) -> int:
    depth = 0
    for index in range(opening, len(pieces)):
        depth += (pieces[index].text in OPENING) - (pieces[index].text in CLOSING)
        if depth == 0:
            return index
    raise Unsure("unbalanced")


def _matching_back(pieces: list[Piece], closing: int) -> int:
    depth = 0
    for index in range(closing, -1, -1):
        depth += (pieces[index].text in CLOSING) - (pieces[index].text in OPENING)
        if depth == 0:
            return index
    raise Unsure("unbalanced")


def _is_display(pieces: list[Piece], opening: int) -> bool:
    """A list, tuple, dict or set display, not a call or a subscript."""
    if opening == 0:
        return True
    before = pieces[opening - 1]
    return before.text not in CLOSING and before.kind not in (tokenize.NAME, tokenize.STRING) or before.text in ("return", "await", "in")


def _has_operators_beside(head: list[Piece], tail: list[Piece]) -> bool:
    """An operator outside the split bracket (``a + f(...)``, ``f(...) or g``): black may wrap the whole in parentheses."""
    depth = 0
    # (a decorator's @, or the operator a delimiter split put first, is part of no expression here)
    for piece in head[1:-1] if head[0].kind == tokenize.OP else head[:-1]:
        depth += (piece.text in OPENING) - (piece.text in CLOSING)
        if depth == 0 and piece.kind == tokenize.OP and piece.text in ("+", "-", "*", "/", "%", "==", "!=", "<", ">", "@"):
            return True
    return any(piece.kind == tokenize.OP and piece.text not in (")", "]", "}", ",", ":", ".", "(", "[", "->") for piece in tail[1:])
