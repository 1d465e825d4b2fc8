"""PageFacts: what one page says, read but not yet resolved against other pages.

Everything here is a pure function of one page, so pages parse in parallel; the
resolver (``resolve.py``) is the only stage that looks across pages.
"""

from __future__ import annotations

from typing import Any

import attrs

from ...model.kinds import ExampleKind, Location, TypeKind, Word, to_location

from ...model import json_values
from ...model.diagnostics import Diagnostic
from .http import HttpMessage, RequestLine
from .typecell import TypeSpelling
from ...model.pickling import constructed, interned
from .tolerant_json import without_surrogates


@interned
@attrs.frozen
class TypeLink:
    """A type named in prose or a cell: its name as written and the link target."""

    name: str
    target: str | None  # docs-root-relative page path (POSIX), or None
    anchor: str | None = None


@interned
@attrs.frozen
class PropertyRow:
    name: str
    type: TypeSpelling
    description: str  # plain text
    line: int
    navigation: bool = False
    inherited_from: TypeLink | None = None
    enum_values: tuple[str, ...] | None = None
    required: bool = False
    read_only: bool = False
    type_target: str | None = None  # the type cell's link, resolved to a page path
    type_anchor: str | None = None


@constructed
@attrs.frozen
class MemberRow:
    name: str
    value: str | None
    description: str
    line: int


@constructed
@attrs.frozen
class EnumFacts:
    name: str
    namespace: str
    members: tuple[MemberRow, ...]
    line: int
    anchor: str | None = None  # "#x-values" sections are linked by anchor
    flags: bool = False
    description: str = ""  # the first paragraph of an enum page (sections have none)


@constructed
@attrs.frozen
class BaseClaim:
    name: str
    target: str | None
    line: int
    source: str  # "annotation" | "prose"


@constructed
@attrs.frozen
class MethodRow:
    title: str
    target: str | None
    return_type: TypeSpelling | None
    line: int


@constructed
@attrs.frozen
class TypeFacts:
    """A type as its resource page describes it."""

    name: str
    namespace: str
    line: int
    title_kind: TypeKind | None  # what the H1 says the type is ("x complex type"), if it says
    description: str
    properties: tuple[PropertyRow, ...]
    bases: tuple[BaseClaim, ...]
    key_property: str | None = None
    abstract: bool | None = None
    open_type: bool = False
    methods: tuple[MethodRow, ...] = ()
    has_relationships_section: bool = False
    name_from_annotation: bool = False
    # "The following types are derived from x:" and the links listed after it.
    derived: tuple[TypeLink, ...] = ()


@interned
@attrs.frozen
class Parameter:
    name: str
    type: TypeSpelling
    description: str
    line: int
    required: bool = False
    location: Location = attrs.field(default=Location.BODY, converter=to_location)


@interned
@attrs.frozen
class Permission:
    kind: str
    value: str
    line: int


@constructed
@attrs.frozen
class Suppression:
    """A ``<!-- gen: suppress CODE [member] -- reason -->`` comment: what it silences, why, and where."""

    code: str  # upper case; a pattern such as GEN1* too
    member: str | None
    reason: str
    line: int  # the comment's first line


@constructed
@attrs.frozen
class Example:
    """A fenced block: its annotation, and the HTTP message or JSON it holds."""

    file: str
    line: int  # line of the opening fence
    language: str
    block_type: str | None  # annotation blockType, or inferred (request/response/...)
    annotation: dict[str, Any] | None
    annotation_line: int
    http: HttpMessage | None
    body: str
    body_line: int
    json_ok: bool | None  # None: no JSON body; False: unreadable
    json_text: str = ""  # strict JSON equivalent (numbers exactly as written)
    json_error: str | None = None
    section: str = ""

    def value(self) -> Any:
        """The body as a JSON value (re-read on demand: values are not shipped between processes)."""
        if not self.json_ok:
            return None
        # As the parse read it: lone surrogates as U+FFFD (the text keeps its escapes).
        return without_surrogates(self.json_text, json_values.loads(self.json_text))

    @property
    def kind(self) -> ExampleKind:
        """What the block shows, as a word (any other blockType is a plain example)."""
        return ExampleKind.of_block(self.block_type or "")

    @property
    def name(self) -> str | None:
        value = (self.annotation or {}).get("name")
        return str(value) if value is not None else None

    def flag(self, key: str) -> bool:
        return bool((self.annotation or {}).get(key) is True)

    @property
    def odata_type(self) -> str | None:
        value = (self.annotation or {}).get("@odata.type")
        return str(value).lstrip("#") if isinstance(value, str) and value else None


@constructed
@attrs.frozen
class OperationFacts:
    title: str
    line: int
    requests: tuple[RequestLine, ...]  # from the "HTTP request" section
    body_type: TypeLink | None
    body_properties: tuple[PropertyRow, ...]
    body_parameters: tuple[Parameter, ...]
    parameters: tuple[Parameter, ...]  # query, path and header parameters
    response_status: int | None
    response_type: TypeLink | None
    response_collection: bool
    permissions: tuple[Permission, ...]
    response_line: int = 0
    # Bold or code names in the Response sentence, for when it has no link: "returns a **x**".
    response_names: tuple[str, ...] = ()
    # A primitive the Response sentence names without a link: "returns a String collection".
    response_primitive: str | None = None


class PageKind(Word):
    """What a page documents, from its title, its HTTP request section, its doc_type or its annotations."""

    RESOURCE = "resource"  # a type: properties, relationships, a JSON representation
    ENUM = "enum"  # an enum's members
    API = "api"  # an operation: HTTP request, parameters, response
    CONCEPTUAL = "conceptual"  # anything else

    @classmethod
    def of_title_word(cls, word: str) -> PageKind:
        """The kind an H1 title's word names ("x enum", "x resource type", "x complex type")."""
        return cls.ENUM if word.lower() in ("enum", "enumeration") else cls.RESOURCE

    @classmethod
    def of_doc_type(cls, doc_type: str | None) -> PageKind | None:
        """The kind a front matter's doc_type names (``apiPageType``, ``resourcePageType``...), if one."""
        lowered = (doc_type or "").strip().strip("\"'_").lower()
        return next((kind for kind in cls if lowered and kind.value in lowered), None)


# The title words that say which kind of type a resource page documents ("x complex type").
TITLE_TYPE_KINDS = {"complex": TypeKind.COMPLEX, "entity": TypeKind.ENTITY}


@constructed
@attrs.frozen
class PageFacts:
    path: str
    kind: PageKind
    title: str
    namespace: str
    doc_type: str | None
    types: tuple[TypeFacts, ...]
    enums: tuple[EnumFacts, ...]
    operation: OperationFacts | None
    examples: tuple[Example, ...]
    suppressions: tuple[Suppression, ...]
    diagnostics: tuple[Diagnostic, ...]
    digest: str = ""
