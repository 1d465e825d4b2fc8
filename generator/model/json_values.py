"""JSON values as gen reads example bodies: every valid number, however long; and the one
writer of gen's JSON documents.

Python refuses to turn more than ``sys.get_int_max_str_digits()`` digits (4,300) into an
int, because the conversion is quadratic; such an integer is valid JSON, so it is kept as
its text (``LongInteger``) rather than failing the whole body.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable


class LongInteger:
    """A JSON integer too long for Python's int: its digits, compared as text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LongInteger) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"LongInteger({self.text[:12]}...{len(self.text):,} characters)"


def read_int(text: str) -> int | LongInteger:
    """``parse_int`` for ``json.loads``."""
    limit = sys.get_int_max_str_digits()
    if limit and len(text.lstrip("-")) > limit:
        return LongInteger(text)
    return int(text)


def loads(text: str, **options: Any) -> Any:
    """``json.loads`` that keeps integers of any length.

    The standard reader runs first: a ``parse_int`` hook is a Python call per integer and
    a new decoder per call, which cost every example; only a body it refuses is read again
    with the hook (a long integer, or a syntax error that fails the same way twice).
    """
    try:
        return json.loads(text, **options)
    except ValueError:
        return json.loads(text, parse_int=read_int, **options)


def holds_long_integer(value: Any) -> bool:
    """Whether a long integer is anywhere in ``value`` (iteratively: values may nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, LongInteger):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def document_text(document: Any) -> str:
    """A JSON document as gen writes every one (gen-schema/1, OpenAPI, gen-lint/1, ...): two-space
    indent, UTF-8 kept as it is, a final newline."""
    return indented_json(document, 2) + "\n"


def indented_json(value: Any, indent: int, ensure_ascii: bool = False) -> str:
    """Exactly ``json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)``, twice as fast.

    The standard library writes indented JSON with its pure-Python encoder, a chain of
    generators that yields every piece (0.2 s for the schema of a large API, on every
    build). Here one recursive walk appends the pieces to a list, the C string encoder
    writes the strings, and each key is encoded once. A value JSON cannot hold is the same
    TypeError. An object whose keys are strings and whose values are strings, integers,
    booleans or nulls (a lint finding, a property) is written by the C encoder in one call.
    """
    pieces: list[str] = []
    _Writer(pieces, " " * indent, _encode_ascii if ensure_ascii else _encode_string).write(value, "\n")
    return "".join(pieces)


# (the C functions, when the accelerator is built)
_encode_string: Callable[[str], str] = json.encoder.encode_basestring
_encode_ascii: Callable[[str], str] = json.encoder.encode_basestring_ascii
_c_make_encoder: Callable[..., Callable[[Any, int], Any]] | None = getattr(json.encoder, "c_make_encoder", None)
# The values the C encoder writes as the standard one does whatever the separators (not floats,
# whose non-finite spellings differ by option; not subclasses, which may write themselves).
_FLAT_VALUES = frozenset({str, int, bool, type(None)})


class _Writer:
    def __init__(self, pieces: list[str], step: str, encode: Callable[[str], str]) -> None:
        self.append = pieces.append
        self.step = step
        self.encode = encode
        self.keys: dict[str, str] = {}  # a key as it starts its line: most keys repeat
        self.flat_writers: dict[str, Callable[[Any, int], Any]] = {}  # by the indent of an object's lines

    def flat_writer(self, inner: str) -> Callable[[Any, int], Any] | None:
        """The C encoder of flat objects whose lines start with ``inner`` (None without the accelerator)."""
        writer = self.flat_writers.get(inner)
        if writer is None and _c_make_encoder is not None:
            # (markers, default, encoder, indent, key separator, item separator, sort_keys, skipkeys, allow_nan)
            writer = self.flat_writers[inner] = _c_make_encoder(None, None, self.encode, None, ": ", "," + inner,
                                                                 False, False, True)
        return writer

    def write(self, value: Any, newline: str) -> None:
        """Append ``value``'s JSON; ``newline`` starts a line at its depth."""
        if isinstance(value, str):
            self.append(self.encode(value))
        elif isinstance(value, dict):
            self.write_dict(value, newline) if value else self.append("{}")
        elif isinstance(value, (list, tuple)):
            self.write_list(value, newline) if value else self.append("[]")
        else:
            self.append(_scalar(value))

    def write_dict(self, value: dict[Any, Any], newline: str) -> None:
        inner = newline + self.step
        if _is_flat(value):
            flat = self.flat_writer(inner)
            if flat is not None:  # "{" + its lines + "}", the braces placed as the indented writer places them
                self.append("{" + inner + "".join(flat(value, 0))[1:-1] + newline + "}")
                return
        append, keys, write, encode = self.append, self.keys, self.write, self.encode
        opening = "{" + inner
        separator = "," + inner
        for key, item in value.items():
            if type(key) is str:
                encoded = keys.get(key)
                if encoded is None:
                    encoded = keys[key] = encode(key) + ": "
            else:
                encoded = encode(key if isinstance(key, str) else _key(key)) + ": "
            append(opening + encoded)
            opening = separator
            if type(item) is str:
                append(encode(item))
            elif item is None:
                append("null")
            elif item is True:
                append("true")
            elif item is False:
                append("false")
            else:
                write(item, inner)
        append(newline + "}")

    def write_list(self, value: list[Any] | tuple[Any, ...], newline: str) -> None:
        inner = newline + self.step
        append, write, encode = self.append, self.write, self.encode
        opening = "[" + inner
        separator = "," + inner
        for item in value:
            append(opening)
            opening = separator
            if type(item) is str:
                append(encode(item))
            else:
                write(item, inner)
        append(newline + "]")


def _is_flat(value: dict[Any, Any]) -> bool:
    """Whether every key is a string and every value a string, integer, boolean or null."""
    for key, item in value.items():
        if type(key) is not str or type(item) not in _FLAT_VALUES:
            return False
    return True


def _scalar(value: Any) -> str:
    """A JSON scalar as the standard encoder writes it (in its order of tests)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _key(key: Any) -> str:
    """A dict key that is not a string, as the standard encoder turns it into one."""
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return _scalar(key)
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
