"""paths: one operation per (template, method), with its operationId, parameters, bodies, security.

Pages that document the same method on the same path become one operation, named by the
page about the most basic type.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.api import ApiModel, Operation
from ..model.diagnostics import Diagnostic, diag
from .bodies import Bodies
from .parameters import Parameters
from .security import operation_security
from .templates import Placed, canonical_templates, pointer_token, shape, stray_brace, valid_template

_Groups = dict[tuple[str, str], list[Placed]]  # (canonical template, METHOD) -> its pages


@attrs.frozen
class Paths:
    """The paths object; what it cannot place or had to merge goes to ``diagnostics``."""

    model: ApiModel
    parameters: Parameters
    bodies: Bodies
    diagnostics: list[Diagnostic]

    def paths_object(self) -> dict[str, Any]:
        paths: dict[str, dict[str, Any]] = {}
        ids = OperationIds({op.name for op in self.model.operations})
        for (template, method), members in sorted(self._groups().items()):
            paths.setdefault(template, {})[method.lower()] = self._operation(template, method, members, ids)
        return {template: paths[template] for template in sorted(paths)}

    def _groups(self) -> _Groups:
        """(canonical template, method) -> the operations documented there, by name."""
        placed: list[Placed] = []
        for op in self.model.operations:
            if op.method is None or not op.paths:
                self.diagnostics.append(
                    diag("GEN503", op.source, op.line, f"operation {op.name} has no documented "
                         f"{'method' if op.method is None else 'request path'}: left out of the OpenAPI paths")
                )
                continue
            placed += self._placed(op)
        canonical = canonical_templates(placed)
        groups: _Groups = {}
        for item in placed:
            item.canonical = canonical[shape(item.template)]
            assert item.operation.method is not None
            key = (item.canonical, item.operation.method.upper())
            if not any(other.operation is item.operation for other in groups.get(key, [])):
                groups.setdefault(key, []).append(item)
        for members in groups.values():
            members.sort(key=self._generality)
        self._report_merges(groups)
        return groups

    def _placed(self, op: Operation) -> list[Placed]:
        """The operation's paths that make valid templates; the others are reported, left out."""
        out: list[Placed] = []
        for path in op.paths:
            template, names = valid_template(path)
            if stray_brace(template):
                self.diagnostics.append(
                    diag("GEN503", op.source, op.path_lines.get(path, op.line), f"request path {path} of operation "
                         f"{op.name} has a brace that wraps no placeholder: left out of the OpenAPI paths")
                )
                continue
            # The index names the operationId: its first path in the document has the bare name.
            out.append(Placed(op, len(out), path, template, names))
        return out

    def _generality(self, item: Placed) -> tuple[int, str]:
        """Merged pages: the one about the most basic type names the operation (then by name)."""
        subject = item.operation.request_type or item.operation.response_type
        depth = len(list(self.model.ancestors(subject))) if subject in self.model.types else 1000
        return depth, item.operation.name

    def _report_merges(self, groups: _Groups) -> None:
        """One GEN501 per page whose operation shares a method and path with another page."""
        shared: dict[str, list[tuple[str, str, Operation]]] = {}
        for (template, method), members in sorted(groups.items()):
            for item in members[1:]:
                shared.setdefault(item.operation.name, []).append((method, template, members[0].operation))
        by_name = {op.name: op for op in self.model.operations}
        for name, places in sorted(shared.items()):
            op, (method, template, first) = by_name[name], places[0]
            more = f" (and {len(places) - 1} more paths)" if len(places) > 1 else ""
            self.diagnostics.append(
                diag("GEN501", op.source, op.line, f"{method} {template}{more} is also documented by "
                     f"{first.source}: the OpenAPI document merges the pages into one operation")
            )

    def _operation(self, template: str, method: str, members: list[Placed], ids: OperationIds) -> dict[str, Any]:
        ops = [item.operation for item in members]
        first = members[0]
        pointer = "/paths/" + pointer_token(template) + "/" + method.lower()
        operation: dict[str, Any] = {
            "operationId": ids.take(first.operation.name, first.index),
            "summary": first.operation.title or first.operation.name,
        }
        description = _description(ops)
        if description:
            operation["description"] = description
        operation["externalDocs"] = {"description": "Reference page", "url": first.operation.source}
        parameters = self.parameters.of(template, members)
        if parameters:
            operation["parameters"] = parameters
        # The request's examples are placed before the responses': component names follow.
        body = self.bodies.request(ops, method, pointer + "/requestBody")
        if body:
            operation["requestBody"] = body
        operation["responses"] = self.bodies.responses(ops, method, pointer + "/responses")
        operation["security"] = operation_security(ops)
        sources = [{"source": op.source, "line": op.line} for op in ops]
        operation["x-gen"] = sources[0] if len(sources) == 1 else {**sources[0], "merged": sources[1:]}
        return operation


class OperationIds:
    """Unique operationIds: the operation's name on its first path, ``name_2``... on others."""

    def __init__(self, reserved: set[str]) -> None:
        self.reserved = reserved
        self.used: set[str] = set()

    def take(self, name: str, index: int) -> str:
        candidate = name if index == 0 else f"{name}_{index + 1}"
        while candidate in self.used or (candidate != name and candidate in self.reserved):
            candidate += "_"
        self.used.add(candidate)
        return candidate


def _description(ops: list[Operation]) -> str:
    parts = [op.description for op in ops if op.description]
    if len(ops) > 1:
        parts.append("Documented by several pages: " + ", ".join(f"{op.title} ({op.source})" for op in ops) + ".")
    return "\n\n".join(parts)
