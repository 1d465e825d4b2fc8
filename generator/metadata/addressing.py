"""Can the service address a documented path? OData's URL rules, walked over the metadata.

A path starts at the entity container (an entity set, a singleton, an action or function
import) and goes on one segment at a time: a key (``{id}``, ``('k')``) picks an item of a
collection; a property (structural or navigation, declared or inherited) moves to its
type; a qualified type name casts to a subtype; a bound action or function (of the type,
or of a collection of it, or of a base) ends the path or, for a function, moves to what it
returns; ``$value``, ``$count`` and ``$ref`` end it. Drive-style path addressing
(``root:/{item-path}:``) keeps the item's type. A placeholder after a single object of an
open type is one of its dynamic properties (``thumbnails/{id}/{size}``), of which the
metadata says nothing more. A path that writes
an ellipsis segment (``childFolders/{id}/.../messages``: "as many levels as you like") is a
pattern, not a URL: it is walked up to the ellipsis. Every path the walk cannot finish is a
reason, and every set, navigation property and bound operation a walk uses is counted,
for the coverage summary.
"""

from __future__ import annotations

import collections
import re

import attrs

from ..model import ApiModel, Property, TypeRef
from .csdl import ContainerMember, Metadata, OperationKind, RootKind, ServiceOperation

_CALL = re.compile(r"^([^()]+)\((.*)\)$")
_PLACEHOLDER = re.compile(r"^\{[^{}]*\}$")
_SPECIAL = ("$value", "$count", "$ref")
_ELLIPSES = ("...", "\u2026")


@attrs.define
class Reached:
    """What documented paths use of the metadata: for the coverage summary."""

    roots: set[str] = attrs.Factory(set)  # entity sets, singletons, imports
    navigation: set[tuple[str, str]] = attrs.Factory(set)  # (owner type, property)
    operations: set[tuple[str, str]] = attrs.Factory(set)  # (qualified action or function, its binding type)


@attrs.frozen
class _Cast:
    """A segment that only subtypes have: the path needs a cast to one of them."""

    subtypes: list[str]
    reason: str


@attrs.define
class _Place:
    type: str
    collection: bool
    ended: str = ""  # why nothing may follow ("an action", "a primitive value"), if so
    unknown: bool = False  # a dynamic property: the metadata says nothing of what follows


class Addresser:
    def __init__(self, service: Metadata) -> None:
        self.model: ApiModel = service.model
        self.roots = {member.name.lower(): member for member in service.container}
        self.bound: dict[tuple[str, bool], dict[str, ServiceOperation]] = collections.defaultdict(dict)
        for operation in service.operations:
            if operation.binding is not None:
                key = (operation.binding.name, operation.binding.collection)
                self.bound[key].setdefault(operation.name.lower(), operation)
        self.operations = {op.qualified.lower(): op for op in service.operations}
        self.reached = Reached()

    def problem(self, path: str) -> str | None:
        """Why the metadata cannot address ``path``; None when it can."""
        segments = [segment for segment in path.strip().split("/") if segment]
        if any(segment in _ELLIPSES for segment in segments):
            segments = segments[: min(segments.index(e) for e in _ELLIPSES if e in segments)]
        if not segments:
            return None
        place = self._root(segments[0])
        if isinstance(place, str):
            return place
        return self._walk(place, segments, 1)

    def _walk(self, place: _Place, segments: list[str], index: int, hint: bool = True) -> str | None:
        """Why the segments from ``index`` on cannot follow ``place``; None when they can."""
        while index < len(segments):
            segment = segments[index]
            if place.unknown:
                return None
            if place.ended:
                return f"nothing can follow {place.ended} (segment {segment!r})"
            if segment.endswith(":") or (segment.startswith(":") and len(segment) > 1):
                index = self._item_path(segments, index, place)
                continue
            moved = self._step(place, segment)
            if isinstance(moved, _Cast):
                return self._cast_hint(place, moved, segments, index) if hint else moved.reason
            if isinstance(moved, str):
                return moved
            place = moved
            index += 1
        return None

    def _cast_hint(self, place: _Place, needed: _Cast, segments: list[str], index: int) -> str:
        """The subtypes whose cast lets the whole rest of the path through, nearest first."""
        working = [s for s in needed.subtypes if self._walk(_Place(s, place.collection), segments, index, hint=False) is None]
        named = working or needed.subtypes
        listed = ", ".join(f"/{s}" for s in named[:3]) + (f" (or {len(named) - 3} more)" if len(named) > 3 else "")
        return f"{needed.reason}: the path needs a cast, {listed}"

    # -- the first segment ------------------------------------------------------------------------
    def _root(self, segment: str) -> _Place | str:
        name, argument = _split_call(segment)
        member = self.roots.get(name.lower())
        if member is None:
            return f"the service has no entity set, singleton or import named {name!r}"
        self.reached.roots.add(member.name)
        if member.kind is RootKind.ENTITY_SET:
            return _Place(member.target, argument is None or "=" in argument)
        if member.kind is RootKind.SINGLETON:
            return _Place(member.target, False)
        operation = self.operations.get(member.target.lower())
        return self._after_operation(operation) if operation else f"the import {name!r} names no operation"

    # -- every other segment ----------------------------------------------------------------------
    def _step(self, place: _Place, segment: str) -> _Place | _Cast | str:
        if segment in _SPECIAL:
            return _Place(place.type, False, f"{segment}")
        if _PLACEHOLDER.match(segment):
            return self._key(place, segment)
        name, argument = _split_call(segment)
        operation = self._bound(place, name)
        if operation is not None:
            return self._after_operation(operation)
        if argument is not None and "=" in argument:
            return f"{name!r} is no function bound to {self._describe(place)}"
        if "." in name and self._type_named(name) is not None:
            return self._cast(place, name)
        if place.collection:  # OData's key-as-segment: /users/ada@contoso.com, /privilegedAccess/azureResources
            return self._key(place, segment)
        moved = self._property(place, name)
        if argument is None or not isinstance(moved, _Place):
            return moved
        return self._key(moved, argument)  # borders('top'): a navigation property and a key

    def _key(self, place: _Place, segment: str) -> _Place | str:
        if not place.collection:
            if self._is_open(place.type) and _PLACEHOLDER.match(segment):
                return _Place("Edm.Untyped", False, unknown=True)  # a dynamic property, named by the placeholder
            return f"{segment!r} is a key, but {self._describe(place)} is a single object"
        return _Place(place.type, False)

    def _is_open(self, qualified: str) -> bool:
        """An open type (or a subtype of one) takes properties its declaration does not list."""
        chain = [self.model.types.get(qualified), *self.model.ancestors(qualified)]
        return any(typedef is not None and typedef.open_type for typedef in chain)

    def _property(self, place: _Place, name: str) -> _Place | _Cast | str:
        found = self._find_property(place.type, name)
        if found is None:
            subtypes = self._subtypes_with(place.type, name)
            if subtypes:
                return _Cast(subtypes, f"{name!r} is a property of subtypes of {self._describe(place)}")
            bound = self._bound_to_subtypes(place, name)
            if bound:
                return _Cast(bound, f"{name!r} is bound to subtypes of {self._describe(place)}")
            return f"{self._describe(place)} has no property or operation {name!r}"
        owner, prop = found
        if prop.navigation:
            self.reached.navigation.add((owner, prop.name))
        kind = "a collection of" if prop.type.collection else "a"
        primitive = prop.type.name.startswith("Edm.") and prop.type.name != "Edm.Untyped"
        ended = f"{prop.name}, {kind} {prop.type.name.removeprefix('Edm.')}" if primitive else ""
        if prop.type.name == "Edm.Stream":
            ended = ""  # a stream property is read at its own URL, and at /$value
        return _Place(prop.type.name, prop.type.collection, ended)

    def _cast(self, place: _Place, name: str) -> _Place | str:
        target = self._type_named(name)
        assert target is not None
        if target != place.type and place.type not in {a.qualified for a in self.model.ancestors(target)}:
            return f"{name} does not derive from {place.type}: it cannot be a cast of it"
        return _Place(target, place.collection)

    def _item_path(self, segments: list[str], index: int, place: _Place) -> int:
        """``root:`` ``/{item-path}:``: the segments up to the closing colon address one item."""
        head = segments[index].rstrip(":")
        if head and not head.startswith(":"):
            moved: _Place | _Cast | str = self._property(place, head) if not _PLACEHOLDER.match(head) else self._key(place, head)
            if isinstance(moved, _Place):
                place.type, place.collection, place.ended = moved.type, False, ""
        index += 1
        while index < len(segments) and not segments[index].endswith(":"):
            index += 1
        place.collection = False
        return index + 1

    def _after_operation(self, operation: ServiceOperation) -> _Place:
        self.reached.operations.add((operation.qualified, operation.binding.name if operation.binding else ""))
        if operation.kind is OperationKind.ACTION or operation.returns is None:
            return _Place("", False, f"the action {operation.name}")
        returns: TypeRef = operation.returns
        ended = "" if not returns.name.startswith("Edm.") else f"the function {operation.name}"
        return _Place(returns.name, returns.collection, ended)

    # -- lookups ----------------------------------------------------------------------------------
    def _bound(self, place: _Place, name: str) -> ServiceOperation | None:
        short = name.rpartition(".")[2].lower()
        for qualified in [place.type, *(a.qualified for a in self.model.ancestors(place.type))]:
            found = self.bound.get((qualified, place.collection), {}).get(short)
            if found is not None:
                return found
        return None

    def _find_property(self, qualified: str, name: str) -> tuple[str, Property] | None:
        key = name.lower()
        for typedef in [self.model.types.get(qualified), *self.model.ancestors(qualified)]:
            if typedef is None:
                continue
            for prop in typedef.properties:
                if prop.name.lower() == key:
                    return typedef.qualified, prop
        return None

    def _subtypes_with(self, qualified: str, name: str) -> list[str]:
        """The subtypes of a type that declare a property, nearest first."""
        key = name.lower()
        found = [t.qualified for t in self.model.types.values() if any(p.name.lower() == key for p in t.properties)]
        return self._below(qualified, found)

    def _bound_to_subtypes(self, place: _Place, name: str) -> list[str]:
        short = name.rpartition(".")[2].lower()
        bindings = [binding for (binding, collection), ops in self.bound.items() if collection == place.collection and short in ops]
        return self._below(place.type, bindings)

    def _below(self, qualified: str, names: list[str]) -> list[str]:
        """Those of ``names`` that derive from ``qualified``, nearest first, then by name."""
        depth = {}
        for name in names:
            chain = [a.qualified for a in self.model.ancestors(name)]
            if qualified in chain:
                depth[name] = chain.index(qualified)
        return sorted(depth, key=lambda name: (depth[name], name))

    def _type_named(self, name: str) -> str | None:
        lowered = name.lower()
        return next((q for q in self.model.types if q.lower() == lowered), None)

    @staticmethod
    def _describe(place: _Place) -> str:
        name = place.type.rpartition(".")[2] or "the root"
        return f"a collection of {name}" if place.collection else name


def _split_call(segment: str) -> tuple[str, str | None]:
    """``range(address='A1')`` -> ("range", "address='A1'"); ``users`` -> ("users", None)."""
    match = _CALL.match(segment)
    return (match.group(1), match.group(2)) if match else (segment, None)


__all__ = ["Addresser", "ContainerMember", "Reached"]
