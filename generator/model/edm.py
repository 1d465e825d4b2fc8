"""The Edm primitives gen knows, one record each: the one table every stage derives from.

A record carries every facet a stage needs, so that adding a primitive is one new row
and forgetting a facet fails ``tests/model/test_edm.py`` instead of falling silently to
``Any``:

* ``spellings``: how a type cell may write it (lower case, without ``Edm.``), for parse;
* ``python`` and ``codec``: its annotation in the generated package and the name of the
  runtime codec that reads and writes it, for render (the runtime defines each codec);
* ``json``: which JSON check applies to an example value, for lint;
* ``placeholders``: words that, standing alone where a value should be, are a type
  placeholder rather than data ("String", "[Int32]"), for lint.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

# The JSON checks lint knows (``lint/conformance/values.py`` has one function per kind).
JsonCheck = Literal["string", "boolean", "integer", "number", "guid", "temporal", "any"]
JSON_CHECKS: tuple[JsonCheck, ...] = ("string", "boolean", "integer", "number", "guid", "temporal", "any")


@attrs.frozen
class Primitive:
    name: str  # OData name, "Edm.String"
    spellings: tuple[str, ...]
    python: str
    codec: str
    json: JsonCheck
    placeholders: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.name.removeprefix("Edm.")

    @property
    def constant(self) -> str:
        """The runtime's codec object for it (``_codecs.DATE_TIME_OFFSET`` for ``DateTimeOffset``)."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", self.codec).upper()


def _p(
    name: str,
    spellings: tuple[str, ...],
    python: str,
    codec: str,
    json: JsonCheck,
    placeholders: tuple[str, ...] = (),
) -> Primitive:
    return Primitive(f"Edm.{name}", spellings, python, codec, json, placeholders)


# fmt: off
PRIMITIVES: tuple[Primitive, ...] = (
    _p("String", ("string", "str", "url", "uri", "text"), "str", "str", "string", ("string", "url", "uri")),
    _p("Boolean", ("boolean", "bool"), "bool", "bool", "boolean", ("boolean", "bool")),
    _p("Int32", ("int32", "int", "integer"), "int", "int", "integer", ("int32", "integer", "int")),
    _p("Int64", ("int64", "long"), "int", "int", "integer", ("int64",)),
    _p("Int16", ("int16", "short"), "int", "int", "integer", ("int16",)),
    _p("Byte", ("byte",), "int", "int", "integer", ("byte",)),
    _p("SByte", ("sbyte",), "int", "int", "integer", ()),
    _p("DateTimeOffset", ("datetimeoffset", "datetime", "timestamp"), "DateTimeOffset", "DateTimeOffset", "temporal",
       ("datetimeoffset", "datetime", "timestamp")),
    _p("Date", ("date",), "Date", "Date", "temporal", ("date",)),
    _p("TimeOfDay", ("timeofday", "time"), "TimeOfDay", "TimeOfDay", "temporal", ("timeofday", "time")),
    _p("Duration", ("duration", "timespan"), "Duration", "Duration", "temporal", ("duration",)),
    _p("Guid", ("guid", "uuid"), "Guid", "Guid", "guid", ("guid", "uuid")),
    _p("Binary", ("binary", "base64", "base64binary"), "Base64", "Base64", "string", ("binary",)),
    _p("Double", ("double", "float", "number"), "float", "float", "number", ("double", "float", "number")),
    _p("Single", ("single",), "float", "float", "number", ("single",)),
    _p("Decimal", ("decimal", "numeric"), "float", "float", "number", ("decimal",)),
    _p("Stream", ("stream",), "bytes | str", "stream", "any", ("stream",)),
    # Any JSON value; render gives it ``Any`` (AnyKind), as it does a type no page defines.
    _p("Untyped", ("object", "untyped", "any"), "Any", "any", "any"),
)
# fmt: on

BY_NAME: dict[str, Primitive] = {primitive.name: primitive for primitive in PRIMITIVES}
UNTYPED = "Edm.Untyped"


def spellings() -> dict[str, str]:
    """Every spelling of a type cell -> OData name (what ``parse/typecell.py`` looks up)."""
    return {spelling: primitive.name for primitive in PRIMITIVES for spelling in primitive.spellings}


def placeholder_words() -> tuple[str, ...]:
    """Every primitive's placeholder words, longest first (for one regex alternation)."""
    words = {word for primitive in PRIMITIVES for word in primitive.placeholders}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


def get(name: str) -> Primitive | None:
    return BY_NAME.get(name)


_SPELLINGS = spellings()


def primitive_name(word: str) -> str | None:
    """OData name of a primitive spelling (``GUID``, ``edm.DateTime``, ``Int``), else None."""
    key = word.strip().lower()
    if key.startswith("edm."):
        key = key[4:]
    return _SPELLINGS.get(key)
