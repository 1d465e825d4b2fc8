"""The model's vocabularies, one record per word: every stage derives from them, none compares strings.

As ``edm.py`` is for primitives: a kind of type, a kind of example, a parameter's place.
Each member carries the facets the stages ask of it (how a page or the metadata spells
it, how a reader names it), so that a new word is one new member, and an ``if`` over
spellings is a lookup. The members' values are the words of the public formats
(``gen-schema/1``'s ``"kind": "entity"``), so ``Kind("entity")`` reads them back.
"""

from __future__ import annotations

import enum
from typing import TypeVar


class Word(enum.Enum):
    """A word of a vocabulary: written as its value (``f"{kind}"`` is "entity")."""

    def __str__(self) -> str:
        return str(self.value)


AnyWord = TypeVar("AnyWord", bound=Word)


def _member(vocabulary: type[AnyWord], value: AnyWord | str) -> AnyWord:
    """The records' converters: a member as it is, a word read (``TypeKind("entity")``). A load
    builds records by the hundred thousand, and a member passes here in a sixth of the Enum call's time."""
    return value if value.__class__ is vocabulary else vocabulary(value)


class TypeKind(Word):
    """What a type is: an entity (addressable, with a key), a complex type (a value), an enum."""

    ENTITY = "entity"
    COMPLEX = "complex"
    ENUM = "enum"

    @property
    def described(self) -> str:
        """As a reader names it: "an entity type", "a complex type", "an enum type"."""
        return {TypeKind.ENTITY: "an entity type", TypeKind.COMPLEX: "a complex type", TypeKind.ENUM: "an enum type"}[self]

    @property
    def csdl_element(self) -> str:
        """The CSDL element that declares it."""
        return {TypeKind.ENTITY: "EntityType", TypeKind.COMPLEX: "ComplexType", TypeKind.ENUM: "EnumType"}[self]

    @classmethod
    def of_csdl(cls, element: str) -> TypeKind | None:
        return next((kind for kind in cls if kind.csdl_element == element), None)


class ExampleKind(Word):
    """What an example block shows, as its ``blockType`` annotation says."""

    REQUEST = "request"
    RESPONSE = "response"
    RESOURCE = "resource"  # a type's JSON representation
    EXAMPLE = "example"  # any other JSON of a type

    @classmethod
    def of_block(cls, block_type: str) -> ExampleKind:
        """An annotation's blockType (anything else is a plain example)."""
        try:
            return cls(block_type)
        except ValueError:
            return cls.EXAMPLE


class Location(Word):
    """Where a parameter goes in a request."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    BODY = "body"
    FUNCTION = "function"  # a GET function's argument, written into the URL

    @classmethod
    def of_section(cls, section: str) -> Location:
        """The place a parameter table's section names ("Path parameters", "Function parameters")."""
        for words, location in _SECTION_WORDS:
            if any(word in section for word in words):
                return location
        return cls.QUERY


_SECTION_WORDS: tuple[tuple[tuple[str, ...], Location], ...] = (
    (("path",), Location.PATH),
    (("query",), Location.QUERY),
    (("function", "action"), Location.BODY),
)


# Converters of the records' fields (attrs, and mypy's attrs plugin, take named functions).
def to_type_kind(value: TypeKind | str) -> TypeKind:
    return _member(TypeKind, value)


def to_example_kind(value: ExampleKind | str) -> ExampleKind:
    return _member(ExampleKind, value)


def to_location(value: Location | str) -> Location:
    return _member(Location, value)
