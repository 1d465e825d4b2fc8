"""The ``gen-schema/1`` dump of an ApiModel (``specs/schema-json.md``), and its reader.

A public interface: key order, sorting and formatting are fixed so that the same docs
give byte-identical output. ``model_from_schema`` reads a dump back into an ApiModel
(without pages, lines or examples), which is how ``gen check`` compares a built SDK
with the docs.
"""

from __future__ import annotations

import collections
from typing import Any

from .counting import counted
from .json_values import document_text
from .kinds import TypeKind
from .api import ApiModel, EnumMember, Operation, Property, TypeDef, TypeRef

FORMAT = "gen-schema/1"


def schema_dict(model: ApiModel) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "types": [_type(model.types[name]) for name in sorted(model.types)],
        "operations": [_operation(op) for op in sorted(model.operations, key=lambda op: op.name)],
    }


def schema_json(model: ApiModel) -> str:
    return document_text(schema_dict(model))


def _type(typedef: TypeDef) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": typedef.name,
        "namespace": typedef.namespace,
        "kind": typedef.kind.value,
        "base": typedef.base,
        "abstract": typedef.abstract,
        "source": typedef.source,
        "properties": [_property(prop) for prop in typedef.properties],
        "members": [member.name for member in typedef.members],
    }
    if typedef.kind is TypeKind.ENUM:
        document["flags"] = typedef.flags  # a value may name several members: "a,b"
    return document


def _property(prop: Property) -> dict[str, Any]:
    return {
        "name": prop.name,
        "type": prop.type.name,
        "collection": prop.type.collection,
        "navigation": prop.navigation,
        "description": prop.description,
    }


def _operation(operation: Operation) -> dict[str, Any]:
    return {
        "name": operation.name,
        "source": operation.source,
        "method": operation.method,
        "paths": list(operation.paths),
        "request_type": operation.request_type,
        "response_type": operation.response_type,
        "response_collection": operation.response_collection,
    }


def model_from_schema(data: dict[str, Any]) -> ApiModel:
    """An ApiModel from a ``gen-schema/1`` document (types and operations only)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document (format is {data.get('format')!r})")
    types: dict[str, TypeDef] = {}
    operations: list[Operation] = []
    for item in data.get("types", []):
        typedef = TypeDef(
            name=item["name"],
            namespace=item["namespace"],
            kind=TypeKind(item["kind"]),
            base=item.get("base"),
            abstract=bool(item.get("abstract", False)),
            source=item.get("source"),
            properties=[
                Property(
                    name=prop["name"],
                    type=TypeRef(prop["type"], bool(prop.get("collection", False))),
                    navigation=bool(prop.get("navigation", False)),
                    description=prop.get("description", ""),
                    file=item.get("source") or "",
                )
                for prop in item.get("properties", [])
            ],
            members=[EnumMember(name) for name in item.get("members", [])],
            flags=bool(item.get("flags", False)),
        )
        types[typedef.qualified] = typedef
    for item in data.get("operations", []):
        operations.append(
            Operation(
                name=item["name"],
                title=item["name"],
                source=item.get("source", ""),
                line=0,
                method=item.get("method"),
                paths=list(item.get("paths", [])),
                request_type=item.get("request_type"),
                response_type=item.get("response_type"),
                response_collection=bool(item.get("response_collection", False)),
            )
        )
    return ApiModel(types=types, operations=operations)


# -- ``gen schema --format text``: the resolved model as a readable summary --------------


def model_text(model: ApiModel) -> str:
    kinds = collections.Counter(t.kind for t in model.types.values())
    lines = [
        f"{counted(model.pages, 'page')}: {counted(len(model.types), 'type')} "
        f"({kinds[TypeKind.ENTITY]} entity, {kinds[TypeKind.COMPLEX]} complex, {kinds[TypeKind.ENUM]} enum), "
        f"{counted(len(model.operations), 'operation')}, {counted(len(model.examples), 'example')}",
        "",
    ]
    for name in sorted(model.types):
        lines.extend(_type_lines(model.types[name]))
    if model.operations:
        lines.append("operations:")
    for operation in sorted(model.operations, key=lambda op: op.name):
        returns = operation.response_type or "-"
        if operation.response_collection:
            returns += "[]"
        lines.append(f"  {operation.name}: {operation.method or '?'} -> {returns}  ({operation.source})")
        for path in operation.paths:
            lines.append(f"      {path}")
    return "\n".join(lines) + "\n"


def _type_lines(typedef: TypeDef) -> list[str]:
    head = f"{typedef.kind} {typedef.qualified}"
    if typedef.base:
        head += f" : {typedef.base}"
    if typedef.abstract:
        head += " (abstract)"
    head += f"  [{typedef.source or 'implied'}]"
    lines = [head]
    for prop in typedef.properties:
        type_name = prop.type.name + ("[]" if prop.type.collection else "")
        marker = " (navigation)" if prop.navigation else ""
        lines.append(f"    {prop.name}: {type_name}{marker}")
    if typedef.members:
        lines.append("    = " + " | ".join(member.name for member in typedef.members))
    return lines
