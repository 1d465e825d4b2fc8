"""The ApiModel as an OpenAPI 3.1 document: ``gen schema DOCS --format openapi``.

A pure function of the model (``openapi_document``), so that every OpenAPI tool (client
generators, mock servers, linters, gateways) can use what the reference pages say.
The same docs give a byte-identical document: every mapping is built in a fixed order.

Decisions worth knowing:

* One component schema per type, keyed by its qualified name. A derived type is
  ``allOf`` its base plus its declared properties; a type with subtypes carries the
  ``@odata.type`` discriminator with a mapping to every known descendant.
* Properties are nullable (``type: [..., "null"]``): the tables say nothing about
  nullability, and Graph sends ``null`` for unset values. Nothing is ``required`` in a
  type schema: responses honour ``$select`` and examples are shortened.
* Enums are open: a string from the documented members, or any other string (a service
  adds members; Graph's ``unknownFutureValue`` is the sentinel documented for that).
* Pages that document the same method on the same path (one page per subtype, as Intune
  does) become one operation: its body is their nearest common base type (whose
  discriminator tells the subtypes apart), else ``anyOf`` their types.
* Path templates are made valid: ``{id|userPrincipalName}`` becomes ``{id}``, a name
  used twice in one template is told apart by its segment, and templates of one shape
  share the parameter names of the most used spelling (OpenAPI forbids two templates
  that differ only in names).
* ``x-gen`` holds only what OpenAPI has no word for: the page and line of a definition.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from http import HTTPStatus
from typing import Any, Iterable, Sequence
from urllib.parse import parse_qsl

import attrs

from .diagnostics import Diagnostic, diag
from .api import ApiModel, Example, Operation, Parameter, Property, TypeDef, TypeRef

OPENAPI_VERSION = "3.1.0"
SCHEMAS = "#/components/schemas/"
EXAMPLES = "#/components/examples/"
DELEGATED, APPLICATION = "delegated", "application"
# The Microsoft identity platform endpoints that issue tokens for Graph-style APIs.
AUTHORIZE_URL = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
TOKEN_URL = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
_BODY_METHODS = ("POST", "PATCH", "PUT")
# OpenAPI ignores these as header parameters: security and content negotiation say them.
_IMPLIED_HEADERS = frozenset({"authorization", "content-type", "accept"})

# fmt: off
EDM_SCHEMAS: dict[str, dict[str, Any]] = {
    "Edm.String": {"type": "string"},
    "Edm.Boolean": {"type": "boolean"},
    # No format for the small integers: generators know int32/int64 only; the range says it.
    "Edm.Byte": {"type": "integer", "minimum": 0, "maximum": 255},
    "Edm.SByte": {"type": "integer", "minimum": -128, "maximum": 127},
    "Edm.Int16": {"type": "integer", "minimum": -32768, "maximum": 32767},
    "Edm.Int32": {"type": "integer", "format": "int32"},
    "Edm.Int64": {"type": "integer", "format": "int64"},
    "Edm.Single": {"type": "number", "format": "float"},
    "Edm.Double": {"type": "number", "format": "double"},
    "Edm.Decimal": {"type": "number", "format": "decimal"},
    "Edm.DateTimeOffset": {"type": "string", "format": "date-time"},
    "Edm.Date": {"type": "string", "format": "date"},
    "Edm.TimeOfDay": {"type": "string", "format": "time"},
    "Edm.Duration": {"type": "string", "format": "duration"},
    "Edm.Guid": {"type": "string", "format": "uuid"},
    "Edm.Binary": {"type": "string", "format": "byte", "contentEncoding": "base64"},
    "Edm.Stream": {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"},
}
# The OData system query options, as components.parameters.
ODATA_OPTIONS: dict[str, tuple[dict[str, Any], str]] = {
    "$count": ({"type": "boolean"}, "Include a count of the items (@odata.count)."),
    "$expand": ({"type": "array", "items": {"type": "string"}}, "Expand related entities."),
    "$filter": ({"type": "string"}, "Filter items by property values."),
    "$format": ({"type": "string"}, "Media format of the response."),
    "$orderby": ({"type": "array", "items": {"type": "string"}}, "Order items by property values."),
    "$search": ({"type": "string"}, "Search items by search phrases."),
    "$select": ({"type": "array", "items": {"type": "string"}}, "Select properties to be returned."),
    "$skip": ({"type": "integer", "minimum": 0}, "Skip the first n items."),
    "$skiptoken": ({"type": "string"}, "Paging token from a previous response."),
    "$deltatoken": ({"type": "string"}, "Change-tracking token from a previous delta response."),
    "$top": ({"type": "integer", "minimum": 0}, "Show only the first n items."),
}
# fmt: on
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_QUERY_NAME = re.compile(r"\$?[A-Za-z][\w.\-]*")
_SCOPE = re.compile(r"[A-Za-z][\w\-]*(?:\.[\w\-]+)+")
_NOT_COMPONENT = re.compile(r"[^A-Za-z0-9._-]")


@attrs.frozen
class ExampleSchema:
    """Where in the document the schema an example must validate against lives."""

    example: Example
    pointer: str | None  # JSON pointer into the document, or None with a reason
    reason: str = ""
    collection: bool = False  # the example is a list of what the schema describes


@attrs.frozen
class OpenApi:
    document: dict[str, Any]
    diagnostics: list[Diagnostic]
    examples: list[ExampleSchema]


def openapi_document(model: ApiModel) -> OpenApi:
    """The OpenAPI 3.1 document of a model, its diagnostics, and each example's schema."""
    return _Builder(model).build()


def openapi_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- schemas --------------------------------------------------------------------------------


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


def _with_text(schema: dict[str, Any], description: str, read_only: bool = False) -> dict[str, Any]:
    out = dict(schema)
    if description:
        out["description"] = description
    if read_only:
        out["readOnly"] = True
    return out


def _x_gen(source: str | None, line: int) -> dict[str, Any]:
    return {"x-gen": {"source": source, "line": line}} if source else {}


@attrs.define
class _Builder:
    model: ApiModel
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    placements: dict[int, str | None] = attrs.Factory(dict)  # id(example) -> JSON pointer (None: schema {})
    component_examples: dict[str, dict[str, Any]] = attrs.Factory(dict)
    example_names: dict[int, str] = attrs.Factory(dict)
    used_parameters: set[str] = attrs.Factory(set)
    by_operation: dict[str, list[Example]] = attrs.Factory(dict)

    def build(self) -> OpenApi:
        for example in self.model.examples:
            if example.operation:
                self.by_operation.setdefault(example.operation, []).append(example)
        schemas = self._schemas()
        paths, delegated, application = self._paths()
        components: dict[str, Any] = {"schemas": schemas}
        if self.used_parameters:
            components["parameters"] = {
                _option_component(name): _odata_parameter(name) for name in sorted(self.used_parameters)
            }
        if self.component_examples:
            components["examples"] = dict(sorted(self.component_examples.items()))
        components["securitySchemes"] = _security_schemes(delegated, application)
        document: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": self._info()}
        servers = _servers(self.model.examples)
        if servers:
            document["servers"] = servers
        document["paths"] = paths
        document["components"] = components
        return OpenApi(document, sorted(self.diagnostics, key=Diagnostic.sort_key), self._example_schemas())

    def _info(self) -> dict[str, Any]:
        namespace = self.model.main_namespace
        return {
            "title": f"{namespace} API",
            "version": _api_version(self.model.examples),
            "description": f"Built by gen from {self.model.pages} reference pages "
            f"({len(self.model.types)} types, {len(self.model.operations)} operations).",
        }

    # -- components.schemas ------------------------------------------------------------

    def _schemas(self) -> dict[str, Any]:
        derived = self.model.derived()
        out: dict[str, Any] = {}
        for qualified in sorted(self.model.types):
            typedef = self.model.types[qualified]
            schema = _enum_schema(typedef) if typedef.kind == "enum" else self._object_schema(typedef, derived)
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
        return {**schema, **_x_gen(typedef.source, typedef.line)}

    def property_schema(self, prop: Property) -> dict[str, Any]:
        return _with_text(nullable(self.type_schema(prop.type)), prop.description, prop.read_only)

    def type_schema(self, type_ref: TypeRef) -> dict[str, Any]:
        item = self.element_schema(type_ref.name)
        return {"type": "array", "items": item} if type_ref.collection else item

    def element_schema(self, name: str) -> dict[str, Any]:
        if name in EDM_SCHEMAS:
            return dict(EDM_SCHEMAS[name])
        if name in self.model.types:
            return ref(name)
        return {}  # Edm.Untyped, a geography type, or an unresolved name (GEN201): anything

    # -- paths -------------------------------------------------------------------------

    def _paths(self) -> tuple[dict[str, Any], dict[str, int], dict[str, int]]:
        groups = self._operation_groups()
        paths: dict[str, dict[str, Any]] = {}
        ids = _OperationIds({op.name for op in self.model.operations})
        for (template, method), members in sorted(groups.items()):
            paths.setdefault(template, {})[method.lower()] = self._operation(template, method, members, ids)
        delegated: Counter[str] = Counter()
        application: Counter[str] = Counter()
        for op in self.model.operations:
            scopes = permission_scopes(op.permissions)
            delegated.update(scopes[DELEGATED])
            application.update(scopes[APPLICATION])
        return {template: paths[template] for template in sorted(paths)}, dict(delegated), dict(application)

    def _operation_groups(self) -> dict[tuple[str, str], list[_Placed]]:
        """(canonical template, method) -> the operations documented there, by name."""
        placed: list[_Placed] = []
        for op in self.model.operations:
            if op.method is None or not op.paths:
                self.diagnostics.append(
                    diag("GEN503", op.source, op.line, f"operation {op.name} has no documented "
                         f"{'method' if op.method is None else 'request path'}: left out of the OpenAPI paths")
                )
                continue
            for index, path in enumerate(op.paths):
                template, names = valid_template(path)
                placed.append(_Placed(op, index, path, template, names))
        canonical = _canonical_templates(placed)
        groups: dict[tuple[str, str], list[_Placed]] = {}
        for item in placed:
            item.canonical = canonical[_shape(item.template)]
            assert item.operation.method is not None
            key = (item.canonical, item.operation.method.upper())
            if not any(other.operation is item.operation for other in groups.get(key, [])):
                groups.setdefault(key, []).append(item)
        for members in groups.values():
            members.sort(key=self._generality)
        self._report_merges(groups)
        return groups

    def _generality(self, item: _Placed) -> tuple[int, str]:
        """Merged pages: the one about the most basic type names the operation (then by name)."""
        subject = item.operation.request_type or item.operation.response_type
        depth = len(list(self.model.ancestors(subject))) if subject in self.model.types else 1000
        return depth, item.operation.name

    def _report_merges(self, groups: dict[tuple[str, str], list[_Placed]]) -> None:
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

    def _operation(self, template: str, method: str, members: list[_Placed], ids: _OperationIds) -> dict[str, Any]:
        ops = [item.operation for item in members]
        first = members[0]
        pointer = "/paths/" + _escape(template) + "/" + method.lower()
        operation: dict[str, Any] = {
            "operationId": ids.take(first.operation.name, first.index),
            "summary": first.operation.title or first.operation.name,
        }
        description = _description(ops)
        if description:
            operation["description"] = description
        operation["externalDocs"] = {"description": "Reference page", "url": first.operation.source}
        parameters = self._parameters(template, members)
        if parameters:
            operation["parameters"] = parameters
        body = self._request_body(ops, method, pointer + "/requestBody")
        if body:
            operation["requestBody"] = body
        operation["responses"] = self._responses(ops, method, pointer + "/responses")
        operation["security"] = _security(ops)
        sources = [{"source": op.source, "line": op.line} for op in ops]
        operation["x-gen"] = sources[0] if len(sources) == 1 else {**sources[0], "merged": sources[1:]}
        return operation

    # -- parameters --------------------------------------------------------------------

    def _parameters(self, template: str, members: list[_Placed]) -> list[dict[str, Any]]:
        out = self._path_parameters(template, members)
        seen = {("path", p["name"]) for p in out}
        for op in (item.operation for item in members):
            for parameter in self._query_parameters(op) + _header_parameters(op):
                key = (parameter.get("in", "ref"), str(parameter.get("name", parameter.get("$ref"))).lower())
                if key not in seen:
                    seen.add(key)
                    out.append(parameter)
        return out

    def _path_parameters(self, template: str, members: list[_Placed]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for position, name in enumerate(_placeholders(template)):
            description = ""
            for item in members:
                original = item.names[position] if position < len(item.names) else name
                documented = _documented(item.operation, original, "path")
                if documented is not None and documented.description:
                    description = documented.description
                    break
            parameter: dict[str, Any] = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            if description:
                parameter["description"] = description
            out.append(parameter)
        return out

    def _query_parameters(self, op: Operation) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        names: list[str] = []
        documented = {p.name.lower(): p for p in op.parameters if p.location == "query"}
        for parameter in op.parameters:
            if parameter.location == "query":
                names.append(parameter.name)
        for example in self._examples_of(op):
            if example.kind == "request" and example.http is not None and example.http.query:
                names += [key for key, _ in parse_qsl(example.http.query, keep_blank_values=True)]
        for name in _unique(name for name in names if _QUERY_NAME.fullmatch(name)):
            option = _odata_option(name)
            if option is not None:
                self.used_parameters.add(option)
                out.append({"$ref": "#/components/parameters/" + _option_component(option)})
                continue
            out.append(self._query_parameter(name, documented.get(name.lower())))
        return out

    def _query_parameter(self, name: str, documented: Parameter | None) -> dict[str, Any]:
        """A page's own query parameter (a table row, or a key its request example uses)."""
        schema = self.type_schema(documented.type) if documented else {}
        item: dict[str, Any] = {"name": name, "in": "query", "required": bool(documented and documented.required)}
        item["schema"] = schema or {"type": "string"}
        if documented and documented.description:
            item["description"] = documented.description
        return item

    # -- request and response bodies ---------------------------------------------------

    def _request_body(self, ops: list[Operation], method: str, pointer: str) -> dict[str, Any] | None:
        if method not in _BODY_METHODS:
            return None
        schema = self._union([self._request_schema(op) for op in ops])
        examples = [e for op in ops for e in self._examples_of(op) if e.kind == "request" and e.parsed]
        if schema is None and not examples:
            return None
        stream = any(op.request_type == "Edm.Stream" for op in ops)
        media = _media_type(examples, "application/octet-stream" if stream else "application/json")
        content: dict[str, Any] = {"schema": schema if schema is not None else {}}
        self._attach_examples(content, examples, f"{pointer}/content/{_escape(media)}/schema")
        body: dict[str, Any] = {"content": {media: content}}
        if schema is not None:
            body["required"] = True
        return body

    def _request_schema(self, op: Operation) -> dict[str, Any] | None:
        if op.request_type:
            return self.element_schema(op.request_type) or None
        parameters = op.body_parameters or [p for p in op.parameters if p.location == "body"]
        parameters = [p for p in parameters if p.location == "body"]
        if not parameters:
            return None
        schema: dict[str, Any] = {"type": "object", "properties": {}}
        for parameter in parameters:
            schema["properties"][parameter.name] = _with_text(nullable(self.type_schema(parameter.type)), parameter.description)
        required = [p.name for p in parameters if p.required]
        if required:
            schema["required"] = _unique(required)
        return schema

    def _responses(self, ops: list[Operation], method: str, pointer: str) -> dict[str, Any]:
        status = _status(ops[0], method)
        by_status: dict[str, list[Example]] = {}
        for op in ops:
            for example in self._examples_of(op):
                if example.kind == "response":
                    found = example.http.status if example.http and example.http.status else status
                    by_status.setdefault(str(found), []).append(example)
        responses: dict[str, Any] = {}
        for code in sorted({str(status), *by_status}):
            # A 2xx example with another status than the documented one still shows the success body.
            typed = status != 204 and (code == str(status) or (code[0] == str(status)[0] == "2" and code != "204"))
            examples = [e for e in by_status.get(code, []) if e.parsed]
            response: dict[str, Any] = {"description": _status_text(int(code))}
            default_media = "application/octet-stream" if _is_stream(ops[0]) else "application/json"
            media = _media_type(by_status.get(code, []), default_media)
            schema = self._union([self._response_schema(op, media) for op in ops]) if typed else None
            if schema is None and by_status.get(code) and not _is_json(media):
                schema = {"type": "string"}  # a documented non-JSON body (text/csv, ...)
            if schema is not None or examples:
                content: dict[str, Any] = {"schema": schema if schema is not None else {}}
                self._attach_examples(content, examples, f"{pointer}/{code}/content/{_escape(media)}/schema")
                response["content"] = {media: content}
            responses[code] = response
        return responses

    def _response_schema(self, op: Operation, media: str) -> dict[str, Any] | None:
        name = op.response_type
        if not name:
            return None
        if name == "Edm.Stream" and not _is_json(media):
            return dict(EDM_SCHEMAS[name])
        item = EDM_SCHEMAS["Edm.Binary"] if name == "Edm.Stream" else self.element_schema(name)
        if op.response_collection:
            return collection_schema(item)
        typedef = self.model.types.get(name)
        if name.startswith("Edm.") or (typedef is not None and typedef.kind == "enum"):
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

    # -- examples ----------------------------------------------------------------------

    def _examples_of(self, op: Operation) -> list[Example]:
        return self.by_operation.get(op.name, [])

    def _attach_examples(self, content: dict[str, Any], examples: list[Example], schema_pointer: str) -> None:
        named: dict[str, Any] = {}
        for example in examples:
            name = self._example_component(example)
            named[name] = {"$ref": EXAMPLES + name}
            # An example under schema {} checks nothing: it is reported, not counted valid.
            self.placements.setdefault(id(example), schema_pointer if content.get("schema") else None)
        if named:
            content["examples"] = named

    def _example_component(self, example: Example) -> str:
        name = self.example_names.get(id(example))
        if name is None:
            base = component_name(f"{example.operation or 'example'}.{example.kind}.L{example.line}")
            name = base
            while name in self.component_examples:
                name += "_"
            self.example_names[id(example)] = name
            summary = example.name or f"{example.kind} example"
            self.component_examples[name] = {
                "summary": summary + (" (shortened)" if example.truncated else ""),
                "value": example.value,
                **_x_gen(example.file, example.line),
            }
        return name

    def _example_schemas(self) -> list[ExampleSchema]:
        out: list[ExampleSchema] = []
        for example in self.model.examples:
            if not example.parsed:
                continue
            pointer = self.placements.get(id(example), "")
            if pointer:
                out.append(ExampleSchema(example, pointer))
            elif pointer is None:
                out.append(ExampleSchema(example, None, "its page documents no type for this body (its schema is {})"))
            elif example.kind in ("resource", "example") and example.type in self.model.types:
                pointer = "/components/schemas/" + component_name(example.type)
                out.append(ExampleSchema(example, pointer, collection=example.collection))
            else:
                out.append(ExampleSchema(example, None, _why_no_schema(example, self.model)))
        return out


@attrs.define
class _Placed:
    """One documented path of an operation, made a valid template."""

    operation: Operation
    index: int  # which of the operation's paths
    path: str  # as documented
    template: str  # valid OpenAPI template
    names: list[str]  # its placeholder names, in order
    canonical: str = ""


class _OperationIds:
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


# -- pure helpers -----------------------------------------------------------------------------


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
    return {**schema, **_x_gen(typedef.source, typedef.line)}


def _descendants(qualified: str, derived: dict[str, list[str]]) -> list[str]:
    seen: list[str] = []
    todo = list(derived.get(qualified, []))
    while todo:
        name = todo.pop(0)
        if name not in seen and name != qualified:
            seen.append(name)
            todo += derived.get(name, [])
    return sorted(seen)


def valid_template(path: str) -> tuple[str, list[str]]:
    """A documented path as an OpenAPI template, and its placeholder names in order.

    ``{id|userPrincipalName}`` is ``{id}``; a name repeated in one path gets the segment
    before it as a prefix (``/users/{id}/mailFolders/{id}`` -> ``{mailFolders-id}``).
    """
    names: list[str] = []

    def rename(match: re.Match[str]) -> str:
        name = re.sub(r"[^\w.\-]+", "-", match.group(1).split("|")[0].strip()).strip("-") or "param"
        if name in names:
            segment = path[: match.start()].rstrip("/").rpartition("/")[2]
            prefix = re.sub(r"[^\w.\-]+", "-", segment).strip("-") or "param"
            name = f"{prefix}-{name}"
            while name in names:
                name += "_"
        names.append(name)
        return "{" + name + "}"

    template = _PLACEHOLDER.sub(rename, path if path.startswith("/") else "/" + path)
    return template, names


def _shape(template: str) -> str:
    return _PLACEHOLDER.sub("{}", template)


def _placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def _canonical_templates(placed: list[_Placed]) -> dict[str, str]:
    """shape -> the spelling most operations use (ties: the first in sort order)."""
    counts: dict[str, Counter[str]] = {}
    for item in placed:
        counts.setdefault(_shape(item.template), Counter())[item.template] += 1
    return {shape: min(c, key=lambda t: (-c[t], t)) for shape, c in counts.items()}


def _documented(op: Operation, name: str, location: str) -> Parameter | None:
    for parameter in op.parameters:
        if parameter.location == location and parameter.name.split("|")[0].strip() == name:
            return parameter
    return None


def _header_parameters(op: Operation) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for parameter in op.parameters:
        if parameter.location != "header" or parameter.name.lower() in _IMPLIED_HEADERS:
            continue
        if not re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+", parameter.name):
            continue  # not an HTTP header name (a table row misread)
        item: dict[str, Any] = {"name": parameter.name, "in": "header", "required": parameter.required}
        item["schema"] = {"type": "string"}
        if parameter.description:
            item["description"] = parameter.description
        out.append(item)
    return out


def _odata_option(name: str) -> str | None:
    key = name.lower() if name.startswith("$") else "$" + name.lower()
    return key if key in ODATA_OPTIONS and name.startswith("$") else None


def _option_component(option: str) -> str:
    return "odata." + option.lstrip("$")


def _odata_parameter(option: str) -> dict[str, Any]:
    schema, description = ODATA_OPTIONS[option]
    parameter: dict[str, Any] = {"name": option, "in": "query", "description": description, "schema": schema}
    if schema.get("type") == "array":
        parameter.update(style="form", explode=False)  # OData lists are comma-separated
    return parameter


def permission_scopes(permissions: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The scopes a permissions table names, by scheme.

    A row's kind says the scheme; Intune's indented sub-rows ("Policy Set", ...) belong to
    the scheme of the row above them. "Not supported", TODOs and prose are no scopes.
    """
    out: dict[str, list[str]] = {DELEGATED: [], APPLICATION: []}
    scheme: str | None = None
    for kind, value in permissions:
        lowered = kind.lower()
        if lowered.startswith("delegated"):
            scheme = DELEGATED
        elif lowered.startswith("application"):
            scheme = APPLICATION
        if scheme is None or "todo" in value.lower():
            continue
        for scope in _SCOPE.findall(value):
            if scope not in out[scheme]:
                out[scheme].append(scope)
    return out


def _security(ops: list[Operation]) -> list[dict[str, list[str]]]:
    """Each named scope is one alternative ("one of the following permissions is required")."""
    delegated: list[str] = []
    application: list[str] = []
    for op in ops:
        scopes = permission_scopes(op.permissions)
        delegated += [s for s in scopes[DELEGATED] if s not in delegated]
        application += [s for s in scopes[APPLICATION] if s not in application]
    if not delegated and not application:
        # The page names no scope: a token of either kind, scopes unknown.
        return [{DELEGATED: []}, {APPLICATION: []}]
    return [{DELEGATED: [s]} for s in delegated] + [{APPLICATION: [s]} for s in application]


def _security_schemes(delegated: dict[str, int], application: dict[str, int]) -> dict[str, Any]:
    def scopes(counts: dict[str, int]) -> dict[str, str]:
        return {name: f"Named by the permissions of {counts[name]} operation page(s)." for name in sorted(counts)}

    return {
        DELEGATED: {
            "type": "oauth2",
            "description": "Delegated permissions: the app acts for a signed-in user.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": AUTHORIZE_URL,
                    "tokenUrl": TOKEN_URL,
                    "scopes": scopes(delegated),
                }
            },
        },
        APPLICATION: {
            "type": "oauth2",
            "description": "Application permissions: the app acts as itself, with no signed-in user.",
            "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": scopes(application)}},
        },
    }


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


def _description(ops: list[Operation]) -> str:
    parts = [op.description for op in ops if op.description]
    if len(ops) > 1:
        parts.append("Documented by several pages: " + ", ".join(f"{op.title} ({op.source})" for op in ops) + ".")
    return "\n\n".join(parts)


def _servers(examples: list[Example]) -> list[dict[str, str]]:
    """The service root most request examples call (the URL before the path)."""
    roots: Counter[str] = Counter()
    for example in examples:
        http = example.http
        if http and http.url and http.path and http.url.startswith("http"):
            at = http.url.find(http.path, http.url.find("//") + 2)
            if at > 0:
                roots[http.url[:at]] += 1
    if not roots:
        return []
    return [{"url": min(roots, key=lambda root: (-roots[root], root))}]


def _api_version(examples: list[Example]) -> str:
    servers = _servers(examples)
    segment = servers[0]["url"].rstrip("/").rpartition("/")[2] if servers else ""
    return segment if re.fullmatch(r"v?\d+(\.\d+)*|beta", segment) else "unversioned"


def _why_no_schema(example: Example, model: ApiModel) -> str:
    if example.operation is None and example.kind in ("request", "response"):
        return "its page documents no operation"
    if example.operation is not None:
        op = model.operation(example.operation)
        if op is not None and (op.method is None or not op.paths):
            return "its operation has no documented path, so it is not in the document"
        if example.kind == "example":
            return "an 'example' block on an operation page is neither its request nor its response"
        return f"its operation documents no {example.kind} body for it"
    if example.type:
        return f"it names type {example.type}, which the docs do not define"
    return "it names no type"


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def _unique_schemas(schemas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for schema in schemas:
        out.setdefault(json.dumps(schema, sort_keys=True), schema)
    return list(out.values())


def _escape(token: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


# -- YAML -------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_$][A-Za-z0-9_.$@-]*")  # "@" may not start a plain scalar
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def to_yaml(data: Any) -> str:
    """JSON-compatible data as block YAML (1.2, also read by 1.1 parsers), deterministically.

    Scalars that are not plain words are JSON strings, which YAML reads as double-quoted
    scalars; every non-ASCII or control character is escaped so no reader can misread it.
    """
    return "\n".join(_yaml_lines(data, 0)) + "\n"


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
            return value
        return _yaml_quote(value)
    if isinstance(value, float):
        mantissa, e, exponent = json.dumps(value, allow_nan=False).partition("e")
        # YAML 1.1 readers need a "." in a float, also before an exponent.
        return (mantissa if "." in mantissa else mantissa + ".0") + e + exponent
    return json.dumps(value, allow_nan=False)


_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar; ``\\U`` for characters beyond the BMP (no surrogate pairs)."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _yaml_lines(data: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(data, dict) and data:
        lines: list[str] = []
        for key, value in data.items():
            lines += _yaml_entry(f"{pad}{_yaml_scalar(str(key))}:", value, indent)
        return lines
    if isinstance(data, list) and data:
        lines = []
        for value in data:
            lines += _yaml_entry(f"{pad}-", value, indent)
        return lines
    return [pad + ("{}" if isinstance(data, dict) else "[]" if isinstance(data, list) else _yaml_scalar(data))]


def _yaml_entry(head: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, (dict, list)) and value:
        return [head, *_yaml_lines(value, indent + 2)]
    return [head + " " + _yaml_lines(value, 0)[0]]
