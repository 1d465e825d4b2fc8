"""ApiDoctor's two schema-validation checks, with ApiDoctor's meaning.

GEN116, "missing required property" (ApiDoctor's ``RequiredPropertiesMissing``): a
response example not marked ``"truncated": true`` must hold every property its type
declares, except those the type's resource annotation (or the example's own) lists in
``optionalProperties``. ApiDoctor's schema is the resource's JSON representation block,
so when the type has one, only the keys that block shows are expected; navigation
properties never are (a response holds them only when expanded). A truncated response
omits what it likes. One finding per object, naming every missing property, as ApiDoctor
reports them.

Request bodies (POST, PATCH, PUT): the page says which type the body is and its request-
body table lists the properties one may send. A key the table documents is not unknown
even when the type lacks it, and its value is checked against the table's type; a key
in neither is GEN101, a value of the wrong JSON type GEN102 (``objects.py``).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from ...model.kinds import ExampleKind, TypeKind
from ...model import Example, Operation, TypeDef
from ...model.diagnostics import Diagnostic
from ...model.index import ModelIndex
from .locate import pointer
from .objects import finding

BODY_METHODS = frozenset({"POST", "PATCH", "PUT"})


class RequiredProperties:
    """What each type's resource block shows and lets go (``optionalProperties``)."""

    def __init__(self, index: ModelIndex) -> None:
        self.index = index
        self.shown: dict[str, set[str]] = {}
        self.optional: dict[str, set[str]] = {}
        for example in index.model.examples:
            if example.kind is not ExampleKind.RESOURCE or not example.type:
                continue
            if isinstance(example.value, dict):
                self.shown.setdefault(example.type, set()).update(k for k in example.value if "@" not in k)
            self.optional.setdefault(example.type, set()).update(_listed(example.annotation, "optionalProperties"))

    @staticmethod
    def applies(example: Example) -> bool:
        """Whether the check reads the example: a complete response (not truncated), read as JSON."""
        return example.kind is ExampleKind.RESPONSE and not example.truncated and bool(example.parsed)

    def response(self, example: Example, type_name: str) -> Iterator[Diagnostic]:
        if not self.applies(example):
            return
        value = example.value
        own = set(_listed(example.annotation, "optionalProperties"))
        if isinstance(value, dict) and isinstance(value.get("value"), list) and "value" not in self.index.properties(type_name):
            items: Iterable[tuple[tuple[str, ...], Any]] = ((("value", str(i)), item) for i, item in enumerate(value["value"]))
        elif isinstance(value, list):
            items = (((str(i),), item) for i, item in enumerate(value))
        else:
            items = (((), value),)
        for parts, item in items:
            if isinstance(item, dict):
                yield from self._object(type_name, item, parts, own)

    def _object(self, type_name: str, value: dict[str, Any], parts: tuple[str, ...], own: set[str]) -> Iterator[Diagnostic]:
        typedef = self._actual(type_name, value)
        if typedef is None or typedef.kind is TypeKind.ENUM or not self.index.documented(typedef.qualified):
            return
        properties = self.index.properties(typedef.qualified)
        shown = self.shown.get(typedef.qualified)
        optional = self.optional.get(typedef.qualified, set()) | own
        missing = [
            name
            for name, prop in properties.items()
            if not prop.navigation and name not in value and name not in optional and (shown is None or name in shown)
        ]
        if missing:
            yield finding(
                "GEN116",
                pointer(parts),
                f"response example misses {', '.join(map(repr, missing))} of {typedef.name} (mark it "
                "\"truncated\": true, or list them in the resource's optionalProperties)",
                typedef.qualified,
                missing[0],
            )

    def _actual(self, type_name: str, value: dict[str, Any]) -> TypeDef | None:
        odata = value.get("@odata.type")
        named = self.index.find_type(odata) if isinstance(odata, str) else None
        if named is not None and self.index.derives(named.qualified, type_name):
            return named
        return self.index.model.types.get(type_name)


def table_keys(operation: Operation | None, method: str | None) -> dict[str, Any]:
    """Request-body table rows by name, for the methods whose bodies ApiDoctor checks."""
    if operation is None or (method or operation.method or "").upper() not in BODY_METHODS:
        return {}
    return {parameter.name: parameter for parameter in (*operation.body_parameters, *operation.body_table)}


def _listed(annotation: dict[str, Any] | None, key: str) -> list[str]:
    value = (annotation or {}).get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
