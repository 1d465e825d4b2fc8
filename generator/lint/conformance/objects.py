"""JSON values against declared types: objects, enums, primitives, ``@odata.type`` dispatch."""

from __future__ import annotations

from typing import Any, Generator, Iterator

from ...model.kinds import TypeKind
from ...model import EVOLVABLE, Property, TypeDef, TypeRef
from ...model.diagnostics import CODES, Diagnostic
from ...model.index import ModelIndex, short_name as short
from .locate import Parts, pointer
from ...model.counting import most_common
from .values import (
    ANY,
    placeholder_reason,
    is_url_property,
    json_type,
    listing,
    not_listed,
    primitive_problem,
    url_like,
)

UNTYPED = TypeRef("Edm.Untyped")


def finding(
    code: str, at: str, message: str, type: str | None = None, member: str | None = None
) -> Diagnostic:
    """A finding inside an example body (file and line are set once the example is known)."""
    return Diagnostic("", 0, code, message, CODES[code].severity, type, member, pointer=at)


class ValueChecker:
    """Checks one JSON value against a type reference, recursively."""

    def __init__(self, index: ModelIndex) -> None:
        self.index = index
        self._declared: dict[str, TypeDef | None] = {}

    def value(self, type_ref: TypeRef, value: Any, parts: Parts = ()) -> Iterator[Diagnostic]:
        return self.check(type_ref, value, parts, None, None, False)

    def check(
        self,
        type_ref: TypeRef,
        value: Any,
        parts: Parts,
        prop: Property | None,
        owner: str | None,
        complete: bool,
        top_request: bool = False,
    ) -> Iterator[Diagnostic]:
        if value is None:
            return
        member = prop.name if prop else None
        typedef = self._typedef(type_ref.name)
        if isinstance(value, (str, dict)):  # (what a placeholder can be: a string, a type's stub)
            members = self.index.member_names(typedef.qualified) if typedef is not None and typedef.kind is TypeKind.ENUM else None
            why = placeholder_reason(value, type_ref, typedef, prop, members)
            if why is not None:
                declared = short(type_ref.name) + (" collection" if type_ref.collection else "")
                yield finding("GEN108", pointer(parts), f"{why}, not a value of type {declared}", owner, member)
                return
        if type_ref.collection:
            if isinstance(value, list):
                element = TypeRef(type_ref.name)
                for index, item in enumerate(value):
                    yield from self.check(element, item, parts + (str(index),), prop, owner, complete)
                return
            yield finding(
                "GEN103",
                pointer(parts),
                f"{json_type(value)} where a collection of {short(type_ref.name)} is declared",
                owner,
                member,
            )
            return
        if type_ref.name in ANY or (typedef is None and not type_ref.is_primitive):
            yield from self._untyped(value, parts, complete)
        elif typedef is None:
            yield from self._primitive(type_ref.name, value, parts, prop, owner)
        elif typedef.kind is TypeKind.ENUM:
            yield from self._enum(typedef, value, parts, owner, member)
        elif isinstance(value, dict):
            yield from self._object(typedef, value, parts, complete, top_request)
        else:
            yield finding(
                "GEN104",
                pointer(parts),
                f"{json_type(value)} where a {typedef.name} object is declared",
                owner,
                member,
            )

    def _typedef(self, name: str) -> TypeDef | None:
        """The type a value declared as ``name`` is checked against: None for a primitive, an
        unknown type or one whose values are any JSON (asked for every value: kept per name)."""
        if name in self._declared:
            return self._declared[name]
        typedef = None if name.startswith("Edm.") else self.index.model.types.get(name)
        if typedef is not None and typedef.qualified in self.index.open_json:
            typedef = None
        self._declared[name] = typedef
        return typedef

    def _untyped(self, value: Any, parts: Parts, complete: bool) -> Iterator[Diagnostic]:
        """Anything goes, but objects that say what they are are checked as that."""
        if isinstance(value, dict):
            odata = value.get("@odata.type")
            named = self.index.find_type(odata) if isinstance(odata, str) else None
            if named is not None and named.kind is not TypeKind.ENUM:
                yield from self._object(named, value, parts, complete, False)
                return
            for key, item in value.items():
                if isinstance(item, (dict, list)):
                    yield from self._untyped(item, parts + (key,), complete)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    yield from self._untyped(item, parts + (str(index),), complete)

    def _object(
        self, declared: TypeDef, value: dict[str, Any], parts: Parts, complete: bool, top_request: bool
    ) -> Iterator[Diagnostic]:
        typedef, strict = declared, True
        odata = value.get("@odata.type")
        if isinstance(odata, str) and odata.strip("# "):
            named = self.index.find_type(odata)
            if named is None:
                strict = False  # an undocumented type: its own keys cannot be judged
            elif named.kind is TypeKind.ENUM or not self.index.derives(named.qualified, declared.qualified):
                if not top_request:  # the top of a request body is GEN114's (see _request_type_check)
                    yield finding(
                        "GEN109",
                        pointer(parts + ("@odata.type",)),
                        f"@odata.type {odata.lstrip('#')!r} does not derive from the declared {declared.name}",
                        declared.qualified,
                        parts[-1] if parts and not parts[-1].isdigit() else None,
                    )
                if named.kind is not TypeKind.ENUM:
                    typedef = named
            else:
                typedef = named
        properties = self.index.properties(typedef.qualified)
        strict = strict and self.index.documented(typedef.qualified)
        if strict and odata is None:
            typedef, properties = yield from self._dispatch_by_keys(typedef, value, parts, properties)
        owner = typedef.qualified
        for key, item in value.items():
            if "@" in key:
                continue  # OData control information and instance annotations
            prop = properties.get(key)
            if prop is None:
                if strict and not typedef.open_type:
                    yield self._unknown(typedef, key, parts, properties)
                continue
            yield from self.check(prop.type, item, parts + (key,), prop, owner, complete)
        if complete and strict:
            yield from self._required(typedef, value, parts, properties)

    def _dispatch_by_keys(
        self, typedef: TypeDef, value: dict[str, Any], parts: Parts, properties: dict[str, Property]
    ) -> Generator[Diagnostic, None, tuple[TypeDef, dict[str, Property]]]:
        """GEN111: keys only a subtype declares, and no @odata.type to say which subtype.

        A generator that returns (type, properties) to check the object against: the
        subtype that declares most of those keys, so that they are not also reported as
        unknown.
        """
        unknown = [key for key in value if "@" not in key and key not in properties]
        if not unknown or not (typedef.abstract or typedef.qualified in self.index.derived()):
            return typedef, properties
        declaring = self.index.subtype_declaring(typedef.qualified)
        votes: dict[str, int] = {}
        for key in unknown:
            for sub in declaring.get(key, ()):
                votes[sub] = votes.get(sub, 0) + 1
        if not votes:
            return typedef, properties
        best = most_common(votes)
        subtype = self.index.model.types[best]
        keys = [key for key in unknown if best in declaring.get(key, ())]
        yield finding(
            "GEN111",
            pointer(parts),
            f"object has {', '.join(map(repr, keys[:3]))}{'...' if len(keys) > 3 else ''} which only "
            f"subtype {subtype.name} of {typedef.name} declares, and no @odata.type; "
            f"add \"@odata.type\": \"#{subtype.qualified}\"",
            typedef.qualified,
            parts[-1] if parts and not parts[-1].isdigit() else None,
        )
        return subtype, self.index.properties(subtype.qualified)

    @staticmethod
    def _unknown(typedef: TypeDef, key: str, parts: Parts, properties: dict[str, Property]) -> Diagnostic:
        lowered = key.lower()
        near = next((name for name in properties if name.lower() == lowered), None)
        hint = f" (did you mean {near!r}? JSON keys are case-sensitive)" if near else ""
        return finding(
            "GEN101",
            pointer(parts + (key,)),
            f"{key!r} is not a property of {typedef.name}{hint}",
            typedef.qualified,
            key,
        )

    @staticmethod
    def _required(typedef: TypeDef, value: dict[str, Any], parts: Parts, properties: dict[str, Property]) -> Iterator[Diagnostic]:
        for name, prop in properties.items():
            if prop.required and not prop.navigation and name not in value:
                yield finding(
                    "GEN110",
                    pointer(parts),
                    f"required property {name!r} of {typedef.name} is missing (mark the example truncated if it is partial)",
                    typedef.qualified,
                    name,
                )

    # -- enums and primitives -------------------------------------------------------------
    def _enum(self, typedef: TypeDef, value: Any, parts: Parts, owner: str | None, member: str | None) -> Iterator[Diagnostic]:
        if not isinstance(value, str):
            yield finding(
                "GEN102", pointer(parts), f"{json_type(value)} where a {typedef.name} (string) is declared", owner, member
            )
            return
        names = self.index.member_names(typedef.qualified)
        missing = [item for item in not_listed(value, names) if item != EVOLVABLE]  # the evolvable sentinel
        if not missing or not names:
            return
        lowered = {name.lower(): name for name in names}
        hints = [f"{item!r} (member is {lowered[item.lower()]!r})" for item in missing if item.lower() in lowered]
        detail = "; differs in case: " + ", ".join(hints) if hints else ""
        yield finding(
            "GEN105",
            pointer(parts),
            f"{', '.join(map(repr, missing))} {'is' if len(missing) == 1 else 'are'} not "
            f"{'a member' if len(missing) == 1 else 'members'} of {typedef.name} ({listing(sorted(names))}){detail}",
            owner,
            member,
        )

    def _primitive(self, name: str, value: Any, parts: Parts, prop: Property | None, owner: str | None) -> Iterator[Diagnostic]:
        member = prop.name if prop else None
        problem, code = primitive_problem(name, value)
        if problem is not None:
            yield finding(code, pointer(parts), problem, owner, member)
            return
        if not isinstance(value, str) or prop is None or name != "Edm.String":
            return
        if prop.allowed_values and not_listed(value, set(prop.allowed_values)):
            yield finding(
                "GEN105",
                pointer(parts),
                f"{value!r} is not one of the possible values of {prop.name} ({listing(prop.allowed_values)})",
                owner,
                member,
            )
        elif value and is_url_property(prop) and not url_like(prop, value):
            yield finding("GEN107", pointer(parts), f"{value!r} is not an absolute URL", owner, member)


