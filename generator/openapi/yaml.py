"""The document as block YAML, deterministically (gen declares no YAML library)."""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z_$][A-Za-z0-9_.$@-]*")  # "@" may not start a plain scalar
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def to_yaml(data: Any) -> str:
    """JSON-compatible data as block YAML (1.2, also read by 1.1 parsers), deterministically.

    Scalars that are not plain words are JSON strings, which YAML reads as double-quoted
    scalars; every non-ASCII or control character is escaped so no reader can misread it.
    """
    return "\n".join(_yaml_lines(data, 0)) + "\n"


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
            return value
        return _yaml_quote(value)
    if isinstance(value, float):
        mantissa, e, exponent = json.dumps(value, allow_nan=False).partition("e")
        # YAML 1.1 readers need a "." in a float, also before an exponent.
        return (mantissa if "." in mantissa else mantissa + ".0") + e + exponent
    return json.dumps(value, allow_nan=False)


_IMPLICIT_KEY_LIMIT = 1024
_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar; ``\\U`` for characters beyond the BMP (no surrogate pairs),
    U+FFFD for a lone surrogate (as the JSON document has it)."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif 0xD800 <= code < 0xE000:
            out.append("\\ufffd")  # a lone surrogate is no character: YAML readers refuse its escape
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _yaml_lines(data: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(data, dict) and data:
        lines: list[str] = []
        for key, value in data.items():
            scalar = _yaml_scalar(str(key))
            if len(scalar) > _IMPLICIT_KEY_LIMIT:
                # YAML reads an implicit key of at most 1,024 characters: longer is explicit.
                lines += [f"{pad}? {scalar}", *_yaml_entry(f"{pad}:", value, indent)]
            else:
                lines += _yaml_entry(f"{pad}{scalar}:", value, indent)
        return lines
    if isinstance(data, list) and data:
        lines = []
        for value in data:
            lines += _yaml_entry(f"{pad}-", value, indent)
        return lines
    return [pad + ("{}" if isinstance(data, dict) else "[]" if isinstance(data, list) else _yaml_scalar(data))]


def _yaml_entry(head: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, (dict, list)) and value:
        return [head, *_yaml_lines(value, indent + 2)]
    return [head + " " + _yaml_lines(value, 0)[0]]
