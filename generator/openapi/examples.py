"""Examples: each one a components.examples entry, placed under the schema it must validate against."""

from __future__ import annotations

from typing import Any

import attrs

from ..model.kinds import ExampleKind
from ..model.api import ApiModel, Example, Operation
from ..model.json_values import holds_long_integer
from .schemas import component_name, x_gen

EXAMPLES = "#/components/examples/"


@attrs.frozen
class ExampleSchema:
    """Where in the document the schema an example must validate against lives."""

    example: Example
    pointer: str | None  # JSON pointer into the document, or None with a reason
    reason: str = ""
    collection: bool = False  # the example is a list of what the schema describes


@attrs.define
class Examples:
    """The examples of each operation, their component names, and where each was placed."""

    model: ApiModel
    by_operation: dict[str, list[Example]] = attrs.field(init=False)
    placements: dict[int, str | None] = attrs.Factory(dict)  # id(example) -> JSON pointer (None: schema {})
    named: dict[str, dict[str, Any]] = attrs.Factory(dict)  # components.examples
    names: dict[int, str] = attrs.Factory(dict)  # id(example) -> its key in named

    def __attrs_post_init__(self) -> None:
        self.by_operation = {}
        for example in self.model.examples:
            if example.operation:
                self.by_operation.setdefault(example.operation, []).append(example)

    def of(self, op: Operation) -> list[Example]:
        return self.by_operation.get(op.name, [])

    def attach(self, content: dict[str, Any], examples: list[Example], schema_pointer: str) -> None:
        """``content.examples`` refers to each example; the first placement of an example wins."""
        named: dict[str, Any] = {}
        for example in examples:
            name = self._component(example)
            named[name] = {"$ref": EXAMPLES + name}
            # An example under schema {} checks nothing: it is reported, not counted valid.
            self.placements.setdefault(id(example), schema_pointer if content.get("schema") else None)
        if named:
            content["examples"] = named

    def _component(self, example: Example) -> str:
        name = self.names.get(id(example))
        if name is None:
            name = component_name(f"{example.operation or 'example'}.{example.kind}.L{example.line}")
            while name in self.named:
                name += "_"
            self.names[id(example)] = name
            summary = example.name or f"{example.kind} example"
            self.named[name] = {
                "summary": summary + (" (shortened)" if example.truncated else ""),
                "value": example.value,
                **x_gen(example.file, example.line),
            }
        return name

    def components(self) -> dict[str, dict[str, Any]]:
        return dict(sorted(self.named.items()))

    def schemas(self) -> list[ExampleSchema]:
        """Each parsed example with its schema's pointer, or why it has none."""
        out: list[ExampleSchema] = []
        for example in self.model.examples:
            if not example.parsed:
                continue
            if not writable(example):
                out.append(ExampleSchema(example, None, _why_no_schema(example, self.model)))
                continue
            pointer = self.placements.get(id(example), "")
            if pointer:
                out.append(ExampleSchema(example, pointer))
            elif pointer is None:
                out.append(ExampleSchema(example, None, "its page documents no type for this body (its schema is {})"))
            elif example.kind in (ExampleKind.RESOURCE, ExampleKind.EXAMPLE) and example.type in self.model.types:
                pointer = "/components/schemas/" + component_name(example.type)
                out.append(ExampleSchema(example, pointer, collection=example.collection))
            else:
                out.append(ExampleSchema(example, None, _why_no_schema(example, self.model)))
        return out


def writable(example: Example) -> bool:
    """A parsed example that JSON and YAML writers can put in the document as it is."""
    return bool(example.parsed) and not holds_long_integer(example.value)


def _why_no_schema(example: Example, model: ApiModel) -> str:
    if holds_long_integer(example.value):
        return "it holds an integer too long for Python's int (over 4,300 digits), which the document cannot spell exactly"
    if example.operation is None and example.kind in (ExampleKind.REQUEST, ExampleKind.RESPONSE):
        return "its page documents no operation"
    if example.operation is not None:
        op = model.operation(example.operation)
        if op is not None and (op.method is None or not op.paths):
            return "its operation has no documented path, so it is not in the document"
        if example.kind is ExampleKind.EXAMPLE:
            return "an 'example' block on an operation page is neither its request nor its response"
        return f"its operation documents no {example.kind} body for it"
    if example.type:
        return f"it names type {example.type}, which the docs do not define"
    return "it names no type"
