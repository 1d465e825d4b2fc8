"""Every documented example checked against its schema in the OpenAPI document (jsonschema).

An example that does not validate is a GEN502 finding saying why (the first error that
jsonschema ranks best, at its JSON path); a JSON example that has no schema in the
document is GEN503 saying why not. Formats are asserted for the Edm formats gen emits
(date-time, date, time, duration, uuid), with the grammar of RFC 3339 and ISO 8601.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..model.diagnostics import Diagnostic, diag
from ..model.api import ApiModel
from ..model.edm import is_placeholder
from .document import OpenApi, openapi_document, openapi_json
from .examples import ExampleSchema
from .yaml import to_yaml

BASE = "urn:gen:openapi"
MAX_MESSAGE = 200

_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
_ZONE = r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
_PATTERNS = {
    "date-time": re.compile(rf"{_DATE}[Tt ]{_TIME}{_ZONE}"),
    "date": re.compile(_DATE),
    "time": re.compile(rf"{_TIME}{_ZONE}?"),  # Edm.TimeOfDay has no zone
    "duration": re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"),
    "uuid": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
}


@attrs.frozen
class ExampleReport:
    findings: list[Diagnostic]
    checked: int  # JSON examples validated against a schema
    valid: int
    placeholders: int  # invalid only where a value is a type placeholder ("String (timestamp)")
    no_schema: int  # JSON examples without a schema in the document (GEN503)

    @property
    def invalid(self) -> int:
        return self.checked - self.valid - self.placeholders


def openapi_output(model: ApiModel, yaml: bool = False) -> tuple[str, list[Diagnostic], ExampleReport]:
    """The document as text (JSON, or YAML), its diagnostics and its example findings."""
    result = openapi_document(model)
    report = check_examples(result)
    text = to_yaml(result.document) if yaml else openapi_json(result.document)
    return text, result.diagnostics + report.findings, report


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, pattern in _PATTERNS.items():
        checker.checks(name)(_matcher(pattern))
    return checker


def _matcher(pattern: re.Pattern[str]) -> Any:
    def check(value: object) -> bool:
        return not isinstance(value, str) or pattern.fullmatch(value) is not None

    return check


def check_examples(result: OpenApi) -> ExampleReport:
    registry: Registry[Any] = Registry().with_resource(BASE, Resource.from_contents(result.document, DRAFT202012))
    checker = format_checker()
    validators: dict[tuple[str, bool, str | None], Draft202012Validator] = {}
    findings: list[Diagnostic] = []
    checked = valid = placeholders = no_schema = 0
    for placed in result.examples:
        if placed.pointer is None:
            no_schema += 1
            findings.append(_no_schema(placed))
            continue
        key = (placed.pointer, placed.collection, _odata_type(placed.example.value, result.document))
        if key not in validators:
            validators[key] = Draft202012Validator(_target(*key), registry=registry, format_checker=checker)
        checked += 1
        errors = list(validators[key].iter_errors(placed.example.value))
        if not errors:
            valid += 1
            continue
        stand_ins = [e for e in errors if isinstance(e.instance, str) and is_placeholder(e.instance)]
        if len(stand_ins) == len(errors):
            placeholders += 1
            findings.append(_placeholders(placed, [(e.json_path, str(e.instance)) for e in stand_ins]))
        else:
            error = best_match(e for e in errors if e not in stand_ins)
            assert error is not None
            findings.append(_invalid(placed, error.json_path, error.message))
    return ExampleReport(sorted(findings, key=Diagnostic.sort_key), checked, valid, placeholders, no_schema)


def _odata_type(value: Any, document: dict[str, Any]) -> str | None:
    """The component an object's ``@odata.type`` names (JSON Schema has no discriminator)."""
    named = value.get("@odata.type") if isinstance(value, dict) else None
    if not isinstance(named, str):
        return None
    name = named.lstrip("#")
    return name if name in document["components"]["schemas"] else None


def _target(pointer: str, collection: bool, odata_type: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"$ref": f"{BASE}#{pointer}"}
    if odata_type is not None and not collection:
        # The body says which subtype it is: check it against that type too.
        return {"allOf": [schema, {"$ref": f"{BASE}#/components/schemas/{odata_type}"}]}
    if not collection:
        return schema
    # A resource page's collection example: a bare array, or a {"value": [...]} body.
    array = {"type": "array", "items": schema}
    return {"anyOf": [array, {"type": "object", "properties": {"value": array}, "required": ["value"]}]}


def _invalid(placed: ExampleSchema, path: str, message: str) -> Diagnostic:
    example = placed.example
    text = message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "..."
    where = "#" + placed.pointer if placed.pointer else ""
    return diag(
        "GEN502",
        example.file,
        example.body_line or example.line,
        f"{example.kind} example does not validate against {where}: at {path}: {text}",
        type=example.type,
    )


def _placeholders(placed: ExampleSchema, values: list[tuple[str, str]]) -> Diagnostic:
    example = placed.example
    path, value = values[0]
    more = f" and {len(values) - 1} more" if len(values) > 1 else ""
    return diag(
        "GEN502",
        example.file,
        example.body_line or example.line,
        f"{example.kind} example holds type placeholders, not data, so it cannot validate: "
        f"{value!r} at {path}{more}",
        type=example.type,
    )


def _no_schema(placed: ExampleSchema) -> Diagnostic:
    example = placed.example
    return diag(
        "GEN503",
        example.file,
        example.body_line or example.line,
        f"{example.kind} example is not checked against the OpenAPI document: {placed.reason}",
        type=example.type,
    )
