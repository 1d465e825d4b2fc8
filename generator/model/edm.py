"""The Edm primitives gen knows, one record each: the one table every stage derives from.

A record carries every facet a stage needs, so that adding a primitive is one new row
and forgetting a facet fails ``tests/model/test_edm.py`` instead of falling silently to
``Any``:

* ``spellings``: how a type cell may write it (lower case, without ``Edm.``), for parse;
* ``python`` and ``codec``: its annotation in the generated package and the name of the
  runtime codec that reads and writes it, for render (the runtime defines each codec);
* ``json``: which JSON check applies to an example value, for lint;
* ``placeholders``: words that, standing alone where a value should be, are a type
  placeholder rather than data ("String", "[Int32]"), for lint;
* ``openapi``: its JSON Schema, for the OpenAPI exporter.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal, Mapping

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
    # Its JSON Schema in an OpenAPI document (no format for the small integers: generators
    # know int32/int64 only; the range says it). Not compared: a record is its name's.
    openapi: Mapping[str, Any] = attrs.field(factory=dict, eq=False)

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
    openapi: Mapping[str, Any] | None = None,
) -> Primitive:
    return Primitive(f"Edm.{name}", spellings, python, codec, json, placeholders, dict(openapi or {}))


# fmt: off
PRIMITIVES: tuple[Primitive, ...] = (
    _p("String", ("string", "str", "url", "uri", "text"), "str", "str", "string", ("string", "url", "uri"),
       openapi={"type": "string"}),
    _p("Boolean", ("boolean", "bool"), "bool", "bool", "boolean", ("boolean", "bool"),
       openapi={"type": "boolean"}),
    _p("Int32", ("int32", "int", "integer"), "int", "int", "integer", ("int32", "integer", "int"),
       openapi={"type": "integer", "format": "int32"}),
    _p("Int64", ("int64", "long"), "int", "int", "integer", ("int64",),
       openapi={"type": "integer", "format": "int64"}),
    _p("Int16", ("int16", "short"), "int", "int", "integer", ("int16",),
       openapi={"type": "integer", "minimum": -32768, "maximum": 32767}),
    _p("Byte", ("byte",), "int", "int", "integer", ("byte",),
       openapi={"type": "integer", "minimum": 0, "maximum": 255}),
    _p("SByte", ("sbyte",), "int", "int", "integer", (),
       openapi={"type": "integer", "minimum": -128, "maximum": 127}),
    _p("DateTimeOffset", ("datetimeoffset", "datetime", "timestamp"), "DateTimeOffset", "DateTimeOffset", "temporal",
       ("datetimeoffset", "datetime", "timestamp"),
       openapi={"type": "string", "format": "date-time"}),
    _p("Date", ("date",), "Date", "Date", "temporal", ("date",),
       openapi={"type": "string", "format": "date"}),
    _p("TimeOfDay", ("timeofday", "time"), "TimeOfDay", "TimeOfDay", "temporal", ("timeofday", "time"),
       openapi={"type": "string", "format": "time"}),
    _p("Duration", ("duration", "timespan"), "Duration", "Duration", "temporal", ("duration",),
       openapi={"type": "string", "format": "duration"}),
    _p("Guid", ("guid", "uuid"), "Guid", "Guid", "guid", ("guid", "uuid"),
       openapi={"type": "string", "format": "uuid"}),
    _p("Binary", ("binary", "base64", "base64binary"), "Base64", "Base64", "string", ("binary",),
       openapi={"type": "string", "format": "byte", "contentEncoding": "base64"}),
    _p("Double", ("double", "float", "number"), "float", "float", "number", ("double", "float", "number"),
       openapi={"type": "number", "format": "double"}),
    _p("Single", ("single",), "float", "float", "number", ("single",),
       openapi={"type": "number", "format": "float"}),
    _p("Decimal", ("decimal", "numeric"), "float", "float", "number", ("decimal",),
       openapi={"type": "number", "format": "decimal"}),
    _p("Stream", ("stream",), "bytes | str", "stream", "any", ("stream",),
       openapi={"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"}),
    # Any JSON value; render gives it ``Any`` (AnyKind), as it does a type no page defines.
    _p("Untyped", ("object", "untyped", "any"), "Any", "any", "any",
       openapi={}),
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


# The words a type placeholder is made of: every primitive's, and the enum words.
_PLACEHOLDER_WORDS = "|".join(placeholder_words() + ("enumeration", "enum"))
_TYPE_PLACEHOLDER = re.compile(
    rf"^\[?\s*(?:edm\.)?(?:{_PLACEHOLDER_WORDS})\s*(?:\([^()]*\))?\s*(?:collection)?\s*\]?$"
    rf"|^(?:{_PLACEHOLDER_WORDS})[-_]value$"
    r"|^collection\((?:edm\.)?\w+\)$"
    r"|^@odata\.type\s*:",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    """A type name standing where a value should be ("String (identifier)", "[Int32]", ...)."""
    return len(text) < 80 and _is_placeholder_text(text)


@functools.lru_cache(maxsize=16384)  # (examples repeat their strings: a tree's 64,000 are 7,000 distinct)
def _is_placeholder_text(text: str) -> bool:
    return bool(_TYPE_PLACEHOLDER.match(text.strip()))
