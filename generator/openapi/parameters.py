"""Parameters: path placeholders, a page's query parameters and headers, the OData options."""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import parse_qsl

import attrs

from ..model.kinds import ExampleKind, Location
from ..model.api import Operation, Parameter
from .examples import Examples
from .schemas import Schemas
from .templates import Placed, placeholders

# fmt: off
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
# OpenAPI ignores these as header parameters: security and content negotiation say them.
_IMPLIED_HEADERS = frozenset({"authorization", "content-type", "accept"})
_QUERY_NAME = re.compile(r"\$?[A-Za-z][\w.\-]*")


@attrs.define
class Parameters:
    """An operation's parameters; the OData options it uses become components.parameters."""

    schemas: Schemas
    examples: Examples
    used: set[str] = attrs.Factory(set)  # OData options some operation refers to

    def of(self, template: str, members: list[Placed]) -> list[dict[str, Any]]:
        """Path parameters, then each page's query and header parameters (first spelling wins)."""
        out = self._path(template, members)
        seen = {("path", p["name"]) for p in out}
        for op in (item.operation for item in members):
            for parameter in self._query(op) + _header_parameters(op):
                key = (parameter.get("in", "ref"), str(parameter.get("name", parameter.get("$ref"))).lower())
                if key not in seen:
                    seen.add(key)
                    out.append(parameter)
        return out

    def components(self) -> dict[str, Any]:
        return {_option_component(name): _odata_parameter(name) for name in sorted(self.used)}

    def _path(self, template: str, members: list[Placed]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for position, name in enumerate(placeholders(template)):
            description = ""
            for item in members:
                original = item.names[position] if position < len(item.names) else name
                documented = _documented(item.operation, original, Location.PATH)
                if documented is not None and documented.description:
                    description = documented.description
                    break
            parameter: dict[str, Any] = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            if description:
                parameter["description"] = description
            out.append(parameter)
        return out

    def _query(self, op: Operation) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        names: list[str] = []
        documented = {p.name.lower(): p for p in op.parameters if p.location is Location.QUERY}
        for parameter in op.parameters:
            if parameter.location is Location.QUERY:
                names.append(parameter.name)
        for example in self.examples.of(op):
            if example.kind is ExampleKind.REQUEST and example.http is not None and example.http.query:
                names += [key for key, _ in parse_qsl(example.http.query, keep_blank_values=True)]
        for name in unique_names(name for name in names if _QUERY_NAME.fullmatch(name)):
            option = _odata_option(name)
            if option is not None:
                self.used.add(option)
                out.append({"$ref": "#/components/parameters/" + _option_component(option)})
                continue
            out.append(self._query_parameter(name, documented.get(name.lower())))
        return out

    def _query_parameter(self, name: str, documented: Parameter | None) -> dict[str, Any]:
        """A page's own query parameter (a table row, or a key its request example uses)."""
        schema = self.schemas.type_schema(documented.type) if documented else {}
        item: dict[str, Any] = {"name": name, "in": "query", "required": bool(documented and documented.required)}
        item["schema"] = schema or {"type": "string"}
        if documented and documented.description:
            item["description"] = documented.description
        return item


def unique_names(items: Iterable[str]) -> list[str]:
    """The first spelling of each name, compared case-insensitively."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def _documented(op: Operation, name: str, location: Location) -> Parameter | None:
    for parameter in op.parameters:
        if parameter.location == location and parameter.name.split("|")[0].strip() == name:
            return parameter
    return None


def _header_parameters(op: Operation) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for parameter in op.parameters:
        if parameter.location is not Location.HEADER or parameter.name.lower() in _IMPLIED_HEADERS:
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
