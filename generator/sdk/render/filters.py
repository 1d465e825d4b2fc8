"""Escaping filters: the only way page text reaches generated Python.

Jinja's autoescaping is for HTML; Python needs escaping per context. Every value a
template prints must come through one of these filters, which return ``Code``; the
environment's ``finalize`` refuses anything else, so a template that prints a page's
text raw fails the build instead of shipping code a page chose.

- ``pystr``: a string literal (``repr``), safe for any text;
- ``doc``: the body of a triple-quoted docstring;
- ``comment``: one line of a ``#`` comment;
- ``ident``: an identifier that was already produced by ``naming``; checked, not changed.
"""

from __future__ import annotations

import functools
import keyword
import re
import textwrap
import unicodedata
from typing import Any

import jinja2
import markupsafe


class Code(markupsafe.Markup):
    """Text that is safe to print into generated Python as it is.

    A ``Markup`` subclass so that Jinja (with autoescape on) prints it unchanged and
    macro output, made of such values, counts as safe too. Never concatenate it with
    ``+`` or ``%`` in Python: Markup would HTML-escape the other operand.
    """


class UnescapedValue(jinja2.TemplateError):
    """A template printed a value that did not go through an escaping filter."""


# C0 and C1 controls (but tab and newline), line and paragraph separators, every format
# character (Unicode category Cf: zero-width, bidirectional overrides and isolates, BOM, the
# invisible tag characters), and lone surrogates (they cannot be UTF-8). Invisible text in
# generated source would read differently from what it is ("Trojan Source").
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f]"
)
_QUOTE_RUN = re.compile(r'"{3,}')
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
DOC_WIDTH = 84


def pystr(value: object) -> Code:
    """A Python string literal for any text, in black's double quotes where that needs no escape."""
    text = str(value)
    literal = repr(text)
    if literal[0] == "'" and '"' not in text:  # (then the text holds no ' either: repr would have used ")
        literal = '"' + literal[1:-1] + '"'
    return Code(literal)


def doc(value: object, indent: int = 0, width: int = DOC_WIDTH) -> Code:
    """Text for the inside of a ``\"\"\"...\"\"\"`` docstring (see ``_doc``)."""
    return Code(_doc(str(value), indent, width))


@functools.lru_cache(maxsize=1 << 16)  # the same texts recur: a request line in a sync and an async method
def _doc(value: str, indent: int, width: int) -> str:
    """Text for the inside of a ``\"\"\"...\"\"\"`` docstring: no escapes, no quotes that end it.

    Backslashes are doubled (so ``\\n`` in a page stays two characters), control and
    bidirectional-override characters are dropped, and a run of three quotes cannot
    occur. Long lines are wrapped to ``width`` and continued at ``indent`` spaces.
    """
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\r", ""))
    text = text.replace("\\", "\\\\")
    text = _QUOTE_RUN.sub(lambda match: '\\"' * len(match.group()), text)
    paragraphs = [" ".join(part.split()) for part in text.split("\n\n")]
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(paragraph, width=max(20, width - indent), break_long_words=False, break_on_hyphens=False) or [""])
    # (an empty line carries no indent: black would strip it)
    body = "\n".join(line if n == 0 or not line else " " * indent + line for n, line in enumerate(lines)).rstrip()
    if body.endswith('"') and (len(body) - 1 - len(body[:-1].rstrip("\\"))) % 2 == 0:
        # A closing quote would merge with the docstring's; one preceded by an escaped
        # backslash (``\\\\"``, from a page's ``\\"``) is not escaped by it.
        body = body[:-1] + '\\"'
    return body or "No description in the docs."


def comment(value: object) -> Code:
    """One line of comment text (line breaks and control characters removed)."""
    text = _CONTROL.sub("", str(value))
    return Code(" ".join(text.split()))


def ident(value: object) -> Code:
    """An identifier made by ``naming``; anything else is a bug, caught here."""
    text = str(value)
    if not _IDENTIFIER.fullmatch(text) or any(keyword.iskeyword(part) for part in text.split(".")):
        raise UnescapedValue(f"{text!r} is not a safe identifier")
    return Code(text)


def code(value: object) -> Code:
    """Python source that gen assembled from safe parts (annotations, codecs)."""
    if isinstance(value, Code):
        return value
    raise UnescapedValue(f"{value!r} was not assembled from escaped parts")


def finalize(value: Any) -> Any:
    """Environment ``finalize``: only escaped text, numbers and booleans may be printed."""
    if isinstance(value, (markupsafe.Markup, bool, int)) or value is None:
        return "" if value is None else value
    raise UnescapedValue(f"template printed an unescaped {type(value).__name__}: {str(value)[:60]!r}")


FILTERS = {"pystr": pystr, "doc": doc, "comment": comment, "ident": ident, "code": code}
