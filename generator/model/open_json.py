"""Types that hold any JSON value: what the docs show decides, not the type's name.

A type with no properties (none of its own, none inherited) and no subtypes says nothing of
the shape of its values. When the docs' examples give a property of such a type a value
that is no object (an array, a string, a number), the type is the dialect's way to write
"any JSON" (a workbook range's cell values, a setting's value): the SDK takes any JSON for
it and lint does not judge its values as objects.
"""

from __future__ import annotations

from typing import Any, Iterator

from .api import ApiModel, TypeRef
from .kinds import ExampleKind, TypeKind

_MAX_DEPTH = 64  # examples nest far less; a bound keeps a hostile example cheap


def open_json_types(model: ApiModel) -> frozenset[str]:
    """Qualified names of the types the docs' examples show holding values that are no objects."""
    shapeless = _shapeless(model)
    if not shapeless:
        return frozenset()
    return shown_open(model, shapeless, _Walk(model, _reaching(model, shapeless)))


def shown_open(model: ApiModel, shapeless: frozenset[str], walk: _Walk) -> frozenset[str]:
    """The ``shapeless`` types that ``walk`` finds holding a value that is no object."""
    found: set[str] = set()
    for example in model.examples:
        # A JSON representation writes placeholders ("system": false, a type's name as a string):
        # only the requests and responses of examples are evidence.
        if example.kind is not ExampleKind.RESOURCE and example.type and example.parsed and example.value is not None:
            for name, value in walk.typed_values(TypeRef(example.type, example.collection), example.value, 0):
                if name in shapeless and not isinstance(value, dict):
                    found.add(name)
    return frozenset(found)


def _shapeless(model: ApiModel) -> frozenset[str]:
    """Types without properties in their lineage, without subtypes, and not enums."""
    bases = {typedef.base for typedef in model.types.values() if typedef.base}
    return frozenset(
        qualified
        for qualified, typedef in model.types.items()
        if typedef.kind is not TypeKind.ENUM and qualified not in bases and not model.all_properties(qualified)
    )


def _reaching(model: ApiModel, shapeless: frozenset[str]) -> frozenset[str]:
    """The types from which a property, or a chain of them, leads to a shapeless type (these
    included): the only values an example's walk needs to look into (a few percent of a tree's).
    A type inherits its bases' properties, so it leads where they lead (a property it redeclares
    may count twice: a walk that looks into more values finds the same)."""
    holders: dict[str, set[str]] = {}  # type -> the types with a property of that type, and its subtypes
    for qualified, typedef in model.types.items():
        for prop in typedef.properties:
            holders.setdefault(prop.type.name, set()).add(qualified)
        if typedef.base:
            holders.setdefault(typedef.base, set()).add(qualified)
    found = set(shapeless)
    waiting = list(shapeless)
    while waiting:
        for holder in holders.get(waiting.pop(), ()):
            if holder not in found:
                found.add(holder)
                waiting.append(holder)
    return frozenset(found)


class _Walk:
    """Values inside an example with the types their properties declare (each type's properties
    once), where they can lead to a value of a ``wanted`` type."""

    def __init__(self, model: ApiModel, wanted: frozenset[str]) -> None:
        self.model = model
        self.wanted = wanted
        self.properties: dict[str, dict[str, TypeRef]] = {}

    def typed_values(self, declared: TypeRef, value: Any, depth: int) -> Iterator[tuple[str, Any]]:
        """(declared type, value) for the value and every value inside it that a property types."""
        if depth > _MAX_DEPTH or value is None or declared.name not in self.wanted:
            return
        if declared.collection and isinstance(value, list):
            for item in value:
                yield from self.typed_values(TypeRef(declared.name), item, depth + 1)
            return
        yield declared.name, value
        if isinstance(value, dict) and declared.name in self.model.types:
            properties = self._properties(declared.name)
            for key, item in value.items():
                if key in properties:
                    yield from self.typed_values(properties[key], item, depth + 1)

    def _properties(self, qualified: str) -> dict[str, TypeRef]:
        if qualified not in self.properties:
            self.properties[qualified] = {prop.name: prop.type for prop in self.model.all_properties(qualified)}
        return self.properties[qualified]
