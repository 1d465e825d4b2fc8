"""Request bodies and responses: their media types, schemas and examples, by status."""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any, Sequence

import attrs

from ..model.kinds import ExampleKind, Location, TypeKind
from ..model.api import ApiModel, Example, Operation
from .examples import Examples, writable
from .parameters import unique_names
from .schemas import EDM_SCHEMAS, SCHEMAS, Schemas, nullable, ref, with_text
from .templates import pointer_token

_BODY_METHODS = ("POST", "PATCH", "PUT")


@attrs.frozen
class Bodies:
    """The bodies of one operation (the pages merged on one method and path)."""

    model: ApiModel
    schemas: Schemas
    examples: Examples

    def request(self, ops: list[Operation], method: str, pointer: str) -> dict[str, Any] | None:
        if method not in _BODY_METHODS:
            return None
        schema = self._union([self._request_schema(op) for op in ops])
        examples = [e for op in ops for e in self.examples.of(op) if e.kind is ExampleKind.REQUEST and writable(e)]
        if schema is None and not examples:
            return None
        stream = any(op.request_type == "Edm.Stream" for op in ops)
        media = _media_type(examples, "application/octet-stream" if stream else "application/json")
        content: dict[str, Any] = {"schema": schema if schema is not None else {}}
        self.examples.attach(content, examples, f"{pointer}/content/{pointer_token(media)}/schema")
        body: dict[str, Any] = {"content": {media: content}}
        if schema is not None:
            body["required"] = True
        return body

    def responses(self, ops: list[Operation], method: str, pointer: str) -> dict[str, Any]:
        status = _status(ops[0], method)
        by_status = self._response_examples(ops, status)
        return {code: self._response(ops, status, code, by_status.get(code, []), pointer)
                for code in sorted({str(status), *by_status})}

    def _response_examples(self, ops: list[Operation], status: int) -> dict[str, list[Example]]:
        """The response examples by the status their HTTP block shows (else the documented one)."""
        by_status: dict[str, list[Example]] = {}
        for op in ops:
            for example in self.examples.of(op):
                if example.kind is ExampleKind.RESPONSE:
                    found = example.http.status if example.http and example.http.status else status
                    by_status.setdefault(str(found), []).append(example)
        return by_status

    def _response(self, ops: list[Operation], status: int, code: str, shown: list[Example],
                  pointer: str) -> dict[str, Any]:
        # A 2xx example with another status than the documented one still shows the success body.
        typed = status != 204 and (code == str(status) or (code[0] == str(status)[0] == "2" and code != "204"))
        response: dict[str, Any] = {"description": _status_text(int(code))}
        default_media = "application/octet-stream" if _is_stream(ops[0]) else "application/json"
        media = _media_type(shown, default_media)
        schema = self._union([self._response_schema(op, media) for op in ops]) if typed else None
        if schema is None and shown and not _is_json(media):
            schema = {"type": "string"}  # a documented non-JSON body (text/csv, ...)
        examples = [e for e in shown if writable(e)]
        if schema is not None or examples:
            content: dict[str, Any] = {"schema": schema if schema is not None else {}}
            self.examples.attach(content, examples, f"{pointer}/{code}/content/{pointer_token(media)}/schema")
            response["content"] = {media: content}
        return response

    def _request_schema(self, op: Operation) -> dict[str, Any] | None:
        if op.request_type:
            return self.schemas.element_schema(op.request_type) or None
        parameters = op.body_parameters or [p for p in op.parameters if p.location is Location.BODY]
        parameters = [p for p in parameters if p.location is Location.BODY]
        if not parameters:
            return None
        schema: dict[str, Any] = {"type": "object", "properties": {}}
        for parameter in parameters:
            parameter_schema = nullable(self.schemas.type_schema(parameter.type))
            schema["properties"][parameter.name] = with_text(parameter_schema, parameter.description)
        required = [p.name for p in parameters if p.required]
        if required:
            schema["required"] = unique_names(required)
        return schema

    def _response_schema(self, op: Operation, media: str) -> dict[str, Any] | None:
        name = op.response_type
        if not name:
            return None
        if name == "Edm.Stream" and not _is_json(media):
            return dict(EDM_SCHEMAS[name])
        item = EDM_SCHEMAS["Edm.Binary"] if name == "Edm.Stream" else self.schemas.element_schema(name)
        if op.response_collection:
            return collection_schema(item)
        typedef = self.model.types.get(name)
        if name.startswith("Edm.") or (typedef is not None and typedef.kind is TypeKind.ENUM):
            # Graph wraps a primitive or enum result: {"value": ...}.
            return {"type": "object", "properties": {"value": nullable(item)}}
        return item

    def _union(self, schemas: Sequence[dict[str, Any] | None]) -> dict[str, Any] | None:
        """One schema for pages that share a path: equal ones, their common base, else anyOf."""
        known = [s for s in schemas if s is not None]
        if not known:
            return None
        distinct = _unique_schemas(known)
        if len(distinct) == 1:
            return distinct[0]
        common = self._common_base(distinct)
        return common if common is not None else {"anyOf": distinct}

    def _common_base(self, schemas: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The nearest type that every schema is (by $ref, or a {value: [$ref]} collection)."""
        shapes = {_collection_item(s) is not None for s in schemas}
        if len(shapes) != 1:
            return None
        refs = [_collection_item(s) if shapes == {True} else s.get("$ref") for s in schemas]
        if any(r is None for r in refs):
            return None
        names = [str(r)[len(SCHEMAS):] for r in refs]
        chains = [[name, *(t.qualified for t in self.model.ancestors(name))] for name in names]
        common = [name for name in chains[0] if all(name in chain for chain in chains[1:])]
        if not common:
            return None
        item = ref(common[0])
        return collection_schema(item) if shapes == {True} else item


def collection_schema(item: dict[str, Any]) -> dict[str, Any]:
    """An OData collection response: ``{"value": [...], "@odata.nextLink": ...}``."""
    return {
        "type": "object",
        "properties": {
            "value": {"type": "array", "items": item},
            "@odata.nextLink": {"type": ["string", "null"], "description": "URL of the next page, if any."},
        },
        "required": ["value"],
    }


def _collection_item(schema: dict[str, Any]) -> str | None:
    value = schema.get("properties", {}).get("value", {})
    items = value.get("items", {}) if value.get("type") == "array" else {}
    found = items.get("$ref") if "@odata.nextLink" in schema.get("properties", {}) else None
    return str(found) if found else None


def _unique_schemas(schemas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for schema in schemas:
        out.setdefault(json.dumps(schema, sort_keys=True), schema)
    return list(out.values())


def _status(op: Operation, method: str) -> int:
    if op.response_status:
        return op.response_status
    if method == "DELETE" or (not op.response_type and method != "GET"):
        return 204
    return 201 if method == "POST" and op.request_type and op.response_type == op.request_type else 200


def _status_text(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return f"Status {code}"


def _is_stream(op: Operation) -> bool:
    return op.response_type == "Edm.Stream"


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def _media_type(examples: list[Example], default: str) -> str:
    for example in examples:
        for name, value in example.http.headers if example.http else ():
            if name.lower() == "content-type":
                media = value.split(";")[0].strip().lower()
                if re.fullmatch(r"[\w.+-]+/[\w.+-]+", media):
                    return media
    return default
