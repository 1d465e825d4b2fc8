"""``gen schema --format text``: the resolved model as a readable summary."""

from __future__ import annotations

import collections

from .model import ApiModel, TypeDef


def model_text(model: ApiModel) -> str:
    kinds = collections.Counter(t.kind for t in model.types.values())
    lines = [
        f"{model.pages} pages: {len(model.types)} types "
        f"({kinds['entity']} entity, {kinds['complex']} complex, {kinds['enum']} enum), "
        f"{len(model.operations)} operations, {len(model.examples)} examples",
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
