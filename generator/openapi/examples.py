"""Examples: each one a components.examples entry, placed under the schema it must validate against."""

from __future__ import annotations

import math
import re
from typing import Any

import attrs

from ..model.kinds import ExampleKind
from ..model.api import ApiModel, Example, Operation
from ..model.json_values import LongInteger
from .schemas import component_name, x_gen
from .templates import placeable

EXAMPLES = "#/components/examples/"
# UTF-8 cannot hold a lone surrogate, which a JSON example can spell ("\\ud800").
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_Link = tuple[str | int, Any] | None  # a node's key and its parent's link


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
                "value": without_surrogates(example.value),
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
    return bool(example.parsed) and unspellable(example.value) is None


def unspellable(value: Any) -> str | None:
    """Why the document cannot hold ``value`` exactly (the first such number, by JSON path), or None.

    Iterative: values may nest deeply. Each node links to its parent, so the path is only
    spelled for the number found.
    """
    stack: list[tuple[Any, _Link]] = [(value, None)]
    while stack:
        item, link = stack.pop()
        if isinstance(item, LongInteger):
            return (f"it holds an integer too long for Python's int (over 4,300 digits) at {_json_path(link)}, "
                    "which the document cannot spell exactly")
        if isinstance(item, float) and not math.isfinite(item):
            return (f"it holds a number that is not finite at {_json_path(link)} (read as {_spelling(item)}: NaN, "
                    "Infinity, or beyond a double's range like 1e999), which JSON cannot spell")
        if isinstance(item, dict):
            stack.extend((child, (key, link)) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((item[index], (index, link)) for index in reversed(range(len(item))))
    return None


def _json_path(link: _Link) -> str:
    """``$.a[0].b``, as jsonschema spells the paths of GEN502."""
    parts: list[str] = []
    while link is not None:
        key, link = link
        parts.append(f"[{key}]" if isinstance(key, int) else "." + LONE_SURROGATE.sub("\ufffd", key))
    return "$" + "".join(reversed(parts))


def _spelling(number: float) -> str:
    return "NaN" if math.isnan(number) else "Infinity" if number > 0 else "-Infinity"


def without_surrogates(value: Any) -> Any:
    """The value with each lone surrogate as U+FFFD, as the docs reader treats a page's JSON
    (recursive: the reader refuses JSON nested deeper than 200 levels)."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(key): without_surrogates(item) for key, item in value.items()}
    return value


def _why_no_schema(example: Example, model: ApiModel) -> str:
    reason = unspellable(example.value)
    if reason is not None:
        return reason
    if example.operation is None and example.kind in (ExampleKind.REQUEST, ExampleKind.RESPONSE):
        return "its page documents no operation"
    if example.operation is not None:
        op = model.operation(example.operation)
        if op is not None and (op.method is None or not op.paths):
            return "its operation has no documented path, so it is not in the document"
        if op is not None and not any(placeable(path) for path in op.paths):
            return "its operation's paths have braces that wrap no placeholder, so it is not in the document"
        if example.kind is ExampleKind.EXAMPLE:
            return "an 'example' block on an operation page is neither its request nor its response"
        return f"its operation documents no {example.kind} body for it"
    if example.type:
        return f"it names type {example.type}, which the docs do not define"
    return "it names no type"
