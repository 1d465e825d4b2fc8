"""Example bodies against the model: which type a body shows, and its shape.

Collections (``{"value": [...]}`` or a bare array), a value wrapped by a function or
action (``{"value": x}``), an action's body parameters, and a request body whose
``@odata.type`` does not fit the documented one; every value inside goes to
``ValueChecker``.
"""

from __future__ import annotations

import re
from typing import Any, Collection, Iterator

import attrs

from ...model.kinds import ExampleKind, TypeKind
from ...model import Example, Operation, Property, TypeDef, TypeRef, bodies
from ...model.diagnostics import Diagnostic
from ...model.index import ModelIndex
from .locate import locate, pointer, pointer_parts
from .objects import UNTYPED, ValueChecker, finding
from .required import RequiredProperties, table_keys
from .values import ANY, has_body, json_type


# The words of a page title that may name a type ("Update widget", "Create educationClass").
_TITLE_WORD = re.compile(r"[A-Za-z_][\w.]*")


class ExampleChecker:
    """Checks the examples of one model (through its index)."""

    def __init__(self, index: ModelIndex) -> None:
        self.index = index
        self.values = ValueChecker(index)
        self._required: RequiredProperties | None = None

    @property
    def required(self) -> RequiredProperties:
        if self._required is None:  # built on first use: a walk over the resource examples
            self._required = RequiredProperties(self.index)
        return self._required

    def root(self, example: Example) -> tuple[TypeRef, Operation | None]:
        operation = self.index.operation(example.operation)
        declared: str | None = example.type
        if example.kind is ExampleKind.REQUEST and operation is not None and operation.request_type:
            declared = operation.request_type
            named = self.index.find_type(example.type) if example.type_source == "annotation" and example.type else None
            if named is not None and self.index.derives(named.qualified, declared):
                declared = named.qualified
        elif example.kind is ExampleKind.REQUEST and operation is not None and operation.body_table:
            subject = self.table_subject(operation)
            declared = subject.qualified if subject is not None else declared
        elif (
            example.kind is ExampleKind.RESPONSE
            and operation is not None
            and operation.response_type
            and example.type_source in ("odata.type", "operation")
        ):
            declared = operation.response_type
        return (TypeRef(declared) if declared else UNTYPED), operation

    def table_subject(self, operation: Operation) -> TypeDef | None:
        """The resource an update or create page's Request body table lists properties of: a
        type its title names ("Update widget") that has every row of the table as a property.
        Its request example is then checked against that type, as a response is."""
        names = {row.name for row in operation.body_table}
        for word in reversed(_TITLE_WORD.findall(operation.title)):
            typedef = self.index.find_type(word)
            if typedef is not None and typedef.kind is not TypeKind.ENUM and names <= set(self.index.properties(typedef.qualified)):
                return typedef
        return None

    def example(self, example: Example, leave_out: Collection[str] = ()) -> list[Diagnostic]:
        """The example's findings, each with its line; those of the codes in ``leave_out`` are
        dropped before their lines are found (a walk of the example's text for each)."""
        if not example.parsed or example.value is None:
            return []
        root, _ = self.root(example)
        complete = example.kind in (ExampleKind.RESOURCE, ExampleKind.RESPONSE) and not example.truncated
        findings = [found for found in self._example_body(example, root, complete) if found.code not in leave_out]
        return self._with_lines(example, findings)

    def missing_required(self, example: Example) -> list[Diagnostic]:
        """GEN116 (``required.py``): a lint rule of its own, as an example that omits properties
        still fits its type (``gen test`` counts it as typed)."""
        if not example.parsed or example.value is None or not RequiredProperties.applies(example):
            return []  # (before its type is worked out: most examples are not complete responses)
        root, _ = self.root(example)
        if root.name == UNTYPED.name:
            return []
        return self._with_lines(example, list(self.required.response(example, root.name)))

    def _example_body(self, example: Example, root: TypeRef, complete: bool) -> Iterator[Diagnostic]:
        value = example.value
        if example.collection or self._looks_like_collection(root, value):
            if isinstance(value, list) or bodies.holds_value_list(value):
                yield from self._collection_body(TypeRef(root.name), value, complete)
                return
        operation = self.index.operation(example.operation)
        if example.kind is ExampleKind.REQUEST:
            if root.name == UNTYPED.name and operation is not None and operation.body_parameters and has_body(operation):
                yield from self._parameters(operation, value, complete)
                return
            if isinstance(value, dict) and root.name != UNTYPED.name:
                yield from self._request_type_check(root, value)
                table = table_keys(operation, example.http.method if example.http else None)
                if table:
                    yield from self._with_table(root, value, table)
                    return
        yield from self._single_body(root, value, complete, example.kind is ExampleKind.REQUEST)

    def _with_table(self, root: TypeRef, value: dict[str, Any], table: dict[str, Any]) -> Iterator[Diagnostic]:
        """A request body against its type and its request-body table (see ``required.py``)."""
        properties = self.index.properties(root.name)
        for found in self._single_body(root, value, False, True):
            key = found.member
            if found.code == "GEN101" and key in table and found.pointer == pointer((key,)):
                continue  # the table documents it
            yield found
        for key, item in value.items():
            if key in table and key not in properties and "@" not in key:
                parameter = table[key]
                prop = Property(parameter.name, parameter.type, description=parameter.description)
                yield from self.values.check(parameter.type, item, (key,), prop, None, False)

    def _collection_body(self, element: TypeRef, value: Any, complete: bool) -> Iterator[Diagnostic]:
        """A collection response: ``{"value": [...]}`` (with @odata annotations) or a bare array."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from self.values.check(element, item, (str(index),), None, None, complete)
            return
        for key in value:
            if key != "value" and "@" not in key:
                yield finding(
                    "GEN101",
                    pointer((key,)),
                    f"{key!r} is not part of a collection response (only 'value' and @odata annotations are)",
                    member=key,
                )
        for index, item in enumerate(value["value"]):
            yield from self.values.check(element, item, ("value", str(index)), None, None, complete)

    def _single_body(self, root: TypeRef, value: Any, complete: bool, request: bool) -> Iterator[Diagnostic]:
        if self._wraps_scalar(root, value):
            # Functions and actions return a primitive or enum as {"value": x}.
            yield from self.values.check(root, value["value"], ("value",), None, None, complete)
            return
        wrapped = self._wrapped_single(root, value)
        if wrapped is not None:
            if not self.index.documented(wrapped.qualified):
                # 'value' may be a property the model has not seen: check the inner object quietly.
                yield from self.values.check(root, value["value"], ("value",), None, None, complete)
                return
            yield finding(
                "GEN101",
                "/value",
                f"'value' is not a property of {wrapped.name}: the body wraps one {wrapped.name} in "
                "{\"value\": ...}, which only collection responses do",
                wrapped.qualified,
                "value",
            )
            yield from self.values.check(root, value["value"], ("value",), None, None, complete)
            return
        yield from self.values.check(root, value, (), None, None, complete, top_request=request)

    def _parameters(self, operation: Operation, value: Any, complete: bool) -> Iterator[Diagnostic]:
        """An action's body: an object whose keys are the documented body parameters."""
        if not isinstance(value, dict):
            yield finding("GEN104", "", f"{json_type(value)} where an object of body parameters is expected")
            return
        parameters = {parameter.name: parameter for parameter in operation.body_parameters}
        for key, item in value.items():
            if "@" in key:
                continue
            parameter = parameters.get(key)
            if parameter is None:
                near = next((name for name in parameters if name.lower() == key.lower()), None)
                hint = f" (did you mean {near!r}? JSON keys are case-sensitive)" if near else ""
                yield finding(
                    "GEN101",
                    pointer((key,)),
                    f"{key!r} is not a documented body parameter of {operation.title or operation.name}{hint}",
                    member=key,
                )
                continue
            prop = Property(parameter.name, parameter.type, description=parameter.description)
            yield from self.values.check(parameter.type, item, (key,), prop, None, complete)

    def _wraps_scalar(self, root: TypeRef, value: Any) -> bool:
        if not isinstance(value, dict) or "value" not in value or root.collection:
            return False
        if not bodies.only_annotations_besides(value):
            return False
        typedef = self.index.model.types.get(root.name)
        return root.is_primitive and root.name not in ANY or typedef is not None and typedef.kind is TypeKind.ENUM

    def _wrapped_single(self, root: TypeRef, value: Any) -> TypeDef | None:
        """The declared type when the body is ``{"value": {object}}`` and the type has no 'value'."""
        if not isinstance(value, dict) or not isinstance(value.get("value"), dict):
            return None
        if not bodies.only_annotations_besides(value):
            return None
        typedef = self.index.model.types.get(root.name)
        if typedef is None or typedef.kind is TypeKind.ENUM or "value" in self.index.properties(root.name):
            return None
        return typedef

    def _looks_like_collection(self, root: TypeRef, value: Any) -> bool:
        if not bodies.holds_value_list(value):
            return False
        if not bodies.only_annotations_besides(value):
            return False
        typedef = self.index.model.types.get(root.name)
        return typedef is None or typedef.kind is TypeKind.ENUM or "value" not in self.index.properties(root.name)

    def _request_type_check(self, root: TypeRef, value: dict[str, Any]) -> Iterator[Diagnostic]:
        odata = value.get("@odata.type")
        if not isinstance(odata, str):
            return
        named = self.index.find_type(odata)
        declared = self.index.model.types.get(root.name)
        if named is None or declared is None or self.index.derives(named.qualified, declared.qualified):
            return
        yield finding(
            "GEN114",
            "/@odata.type",
            f"request body says it is {odata.lstrip('#')}, but the page documents a "
            f"{declared.name} body (and {named.name} does not derive from it)",
            type=declared.qualified,
        )

    @staticmethod
    def _with_lines(example: Example, findings: list[Diagnostic]) -> list[Diagnostic]:
        if not findings:
            return findings
        wanted = {pointer_parts((f.pointer or "")) for f in findings}
        if "\n" in example.json_text:
            lines = locate(example.json_text, wanted)
        else:
            lines = {}
        return [
            attrs.evolve(f, line=example.body_line + lines.get(pointer_parts((f.pointer or "")), 1) - 1)
            for f in findings
        ]

