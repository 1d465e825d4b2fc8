"""components.schemas: one schema per type, the Edm formats, open enums, discriminators."""

from __future__ import annotations

import re
from typing import Any

import attrs

from ..model.kinds import TypeKind
from ..model.api import ApiModel, Property, TypeDef, TypeRef
from ..model.edm import PRIMITIVES

SCHEMAS = "#/components/schemas/"

# Each Edm primitive's JSON Schema, from its record in ``model/edm.py``.
EDM_SCHEMAS: dict[str, dict[str, Any]] = {p.name: dict(p.openapi) for p in PRIMITIVES}
_NOT_COMPONENT = re.compile(r"[^A-Za-z0-9._-]")


def ref(qualified: str) -> dict[str, Any]:
    return {"$ref": SCHEMAS + component_name(qualified)}


def component_name(name: str) -> str:
    """Component keys allow ``[A-Za-z0-9._-]`` only."""
    return _NOT_COMPONENT.sub("_", name)


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``type: [t, "null"]`` where there is a type, else ``anyOf`` with null."""
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    if not schema:
        return schema  # {} already accepts null
    return {"anyOf": [schema, {"type": "null"}]}


def with_text(schema: dict[str, Any], description: str, read_only: bool = False) -> dict[str, Any]:
    out = dict(schema)
    if description:
        out["description"] = description
    if read_only:
        out["readOnly"] = True
    return out


def x_gen(source: str | None, line: int) -> dict[str, Any]:
    return {"x-gen": {"source": source, "line": line}} if source else {}


@attrs.frozen
class Schemas:
    """The schema of each type of the model, and of a type reference anywhere in the document."""

    model: ApiModel

    def components(self) -> dict[str, Any]:
        derived = self.model.derived()
        out: dict[str, Any] = {}
        for qualified in sorted(self.model.types):
            typedef = self.model.types[qualified]
            schema = _enum_schema(typedef) if typedef.kind is TypeKind.ENUM else self._object_schema(typedef, derived)
            out[component_name(qualified)] = schema
        return out

    def _object_schema(self, typedef: TypeDef, derived: dict[str, list[str]]) -> dict[str, Any]:
        """``allOf: [base, own]`` for a derived type (the form every generator reads), else own."""
        own: dict[str, Any] = {"type": "object"}
        schema: dict[str, Any]
        properties = {prop.name: self.property_schema(prop) for prop in typedef.properties}
        descendants = _descendants(typedef.qualified, derived)
        if descendants:
            properties.setdefault("@odata.type", {"type": "string", "description": "The type of the object."})
        if properties:
            own["properties"] = properties
        schema = {"allOf": [ref(typedef.base), own]} if typedef.base and typedef.base in self.model.types else own
        if typedef.description:
            schema["description"] = typedef.description
        if descendants:
            mapping = [typedef.qualified] * (not typedef.abstract) + descendants
            schema["discriminator"] = {
                "propertyName": "@odata.type",
                "mapping": {f"#{name}": ref(name)["$ref"] for name in mapping},
            }
        return {**schema, **x_gen(typedef.source, typedef.line)}

    def property_schema(self, prop: Property) -> dict[str, Any]:
        return with_text(nullable(self.type_schema(prop.type)), prop.description, prop.read_only)

    def type_schema(self, type_ref: TypeRef) -> dict[str, Any]:
        item = self.element_schema(type_ref.name)
        return {"type": "array", "items": item} if type_ref.collection else item

    def element_schema(self, name: str) -> dict[str, Any]:
        if name in EDM_SCHEMAS:
            return dict(EDM_SCHEMAS[name])
        if name in self.model.types:
            return ref(name)
        return {}  # Edm.Untyped, a geography type, or an unresolved name (GEN201): anything


def _enum_schema(typedef: TypeDef) -> dict[str, Any]:
    members = [member.name for member in typedef.members]
    lines = [typedef.description, ""] if typedef.description else []
    lines += [f"- `{m.name}`: {m.description}" if m.description else f"- `{m.name}`" for m in typedef.members]
    note = "Open enum: a value outside these members is a member added later."
    if "unknownFutureValue" in members:
        note += (
            " `unknownFutureValue` is the evolvable-enum sentinel: members listed after it are sent only "
            "to clients that ask for them (Prefer: include-unknown-enum-members); others get unknownFutureValue."
        )
    if typedef.flags:
        note += " Flags: a value may be a comma-separated list of members."
    schema: dict[str, Any] = {
        "description": "\n".join([*lines, "", note]).strip(),
        "anyOf": [{"type": "string", "enum": members}, {"type": "string"}] if members else [{"type": "string"}],
    }
    return {**schema, **x_gen(typedef.source, typedef.line)}


def _descendants(qualified: str, derived: dict[str, list[str]]) -> list[str]:
    seen: list[str] = []
    todo = list(derived.get(qualified, []))
    while todo:
        name = todo.pop(0)
        if name not in seen and name != qualified:
            seen.append(name)
            todo += derived.get(name, [])
    return sorted(seen)
