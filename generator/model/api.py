"""The resolved API model: what the whole docs tree says, after resolution.

A small set of attrs classes. Every later stage (schema, render, lint, drift, test)
reads an ApiModel and nothing else from the docs.
"""

from __future__ import annotations

from typing import Any, Iterator

import attrs

from .diagnostics import Diagnostic
from .kinds import ExampleKind, Location, TypeKind, to_example_kind, to_location, to_type_kind

ENTITY_ROOT = "entity"
# The evolvable enums' sentinel: a value of every enum, whether or not its page lists it.
EVOLVABLE = "unknownFutureValue"


@attrs.frozen(order=True)
class TypeRef:
    """A reference to a type: an OData primitive (``Edm.String``) or a qualified name."""

    name: str
    collection: bool = False

    @property
    def is_primitive(self) -> bool:
        return self.name.startswith("Edm.")


@attrs.define
class Property:
    name: str
    type: TypeRef
    navigation: bool = False
    description: str = ""
    file: str = ""
    line: int = 0
    required: bool = False
    read_only: bool = False
    # Values a "Possible values" sentence lists for a row typed as a primitive (kept when the
    # resolver reads such a String row as the documented enum whose members they are).
    allowed_values: tuple[str, ...] | None = None
    # Built with the service's metadata: the docs document it and the metadata lacks it.
    unconfirmed: bool = False


@attrs.frozen
class EnumMember:
    name: str
    value: int | None = None
    description: str = ""


@attrs.define
class TypeDef:
    name: str
    namespace: str
    kind: TypeKind = attrs.field(converter=to_type_kind)  # TypeKind("entity") reads the word too
    base: str | None = None
    abstract: bool = False
    open_type: bool = False
    source: str | None = None  # page that documents the type, or None when only implied
    line: int = 0
    description: str = ""
    properties: list[Property] = attrs.Factory(list)
    members: list[EnumMember] = attrs.Factory(list)
    key: str | None = None
    flags: bool = False
    has_stream: bool = False  # a media entity: its content is at ``/$value``
    base_line: int = 0  # the line of ``source`` that states the base; 0: no page states it
    unconfirmed: bool = False  # built with the service's metadata: only the docs define it
    deprecated: bool = False  # its page's title says so ("x resource type (deprecated)")
    # The last property row and the last relationship row on its page (rows that repeat a
    # base's included): where a row the page lacks goes.
    row_ends: tuple[int, int] = (0, 0)
    # How an enum got its name: "page", "section", "link" (named by a type cell), "anonymous".
    naming: str = "page"
    # For an anonymous enum: the (type, property) that holds it.
    owner: tuple[str, str] | None = None

    @property
    def qualified(self) -> str:
        return f"{self.namespace}.{self.name}"

    def property(self, name: str) -> Property | None:
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None


@attrs.frozen
class Parameter:
    name: str
    type: TypeRef
    location: Location = attrs.field(converter=to_location)
    required: bool = False
    description: str = ""
    allowed_values: tuple[str, ...] | None = None  # a "Possible values" sentence of its row


@attrs.frozen
class HttpExchange:
    """The HTTP parts of an example: request line(s) or status, headers."""

    method: str | None = None
    url: str | None = None
    path: str | None = None
    query: str = ""
    url_problem: str | None = None
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()


@attrs.define
class Example:
    file: str
    line: int
    kind: ExampleKind = attrs.field(converter=to_example_kind)
    type: str | None  # qualified type the example shows, when known
    collection: bool
    truncated: bool
    body_line: int
    parsed: bool | None  # None: no JSON body
    value: Any = None
    json_text: str = ""
    error: str | None = None
    http: HttpExchange | None = None
    operation: str | None = None
    name: str | None = None
    annotation: dict[str, Any] | None = None
    type_source: str = ""  # "annotation" | "odata.type" | "operation" | ""
    content: str = ""  # the body as written when it is no JSON (an upload's text, a CSV file)


@attrs.define
class Operation:
    name: str
    title: str
    source: str
    line: int
    method: str | None
    paths: list[str]
    request_type: str | None = None
    response_type: str | None = None
    response_collection: bool = False
    response_status: int | None = None
    parameters: list[Parameter] = attrs.Factory(list)
    body_parameters: list[Parameter] = attrs.Factory(list)
    permissions: list[tuple[str, str]] = attrs.Factory(list)
    description: str = ""
    # The rows of a "Request body" property table (what a PATCH/POST may send), as body parameters.
    body_table: list[Parameter] = attrs.Factory(list)
    path_lines: dict[str, int] = attrs.Factory(dict)  # each path -> the page line that documents it


@attrs.frozen
class ApiModel:
    types: dict[str, TypeDef] = attrs.Factory(dict)  # qualified name -> type
    operations: list[Operation] = attrs.Factory(list)
    examples: list[Example] = attrs.Factory(list)
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    pages: int = 0
    main_namespace: str = "microsoft.graph"
    suppressions: list[tuple[str, str, str | None, str]] = attrs.Factory(list)  # (file, code, member, reason)

    def get(self, qualified: str) -> TypeDef | None:
        return self.types.get(qualified)

    def ancestors(self, qualified: str) -> Iterator[TypeDef]:
        """Base types from the nearest to the root; stops on a cycle or unknown base."""
        seen = {qualified}
        current = self.types.get(qualified)
        while current is not None and current.base and current.base not in seen:
            seen.add(current.base)
            current = self.types.get(current.base)
            if current is not None:
                yield current

    def all_properties(self, qualified: str) -> list[Property]:
        """Inherited then declared properties; a redeclared name keeps the nearest one."""
        chain = [self.types[qualified]] if qualified in self.types else []
        chain += list(self.ancestors(qualified))
        seen: dict[str, Property] = {}
        for typedef in reversed(chain):
            for prop in typedef.properties:
                seen[prop.name] = prop
        return list(seen.values())

    def common_base(self, qualified: list[str]) -> str | None:
        """The nearest type every one of them is (a base and its subtypes), or None: no one family."""
        distinct = list(dict.fromkeys(qualified))
        if not distinct:
            return None
        chains = [[name, *(t.qualified for t in self.ancestors(name))] for name in distinct]
        shared = set(chains[0]).intersection(*chains[1:])
        return next((name for name in chains[0] if name in shared), None)

    def derived(self) -> dict[str, list[str]]:
        """Direct subtypes of each type, sorted."""
        result: dict[str, list[str]] = {}
        for typedef in self.types.values():
            if typedef.base:
                result.setdefault(typedef.base, []).append(typedef.qualified)
        return {base: sorted(names) for base, names in result.items()}

    def operation(self, name: str) -> Operation | None:
        for operation in self.operations:
            if operation.name == name:
                return operation
        return None
