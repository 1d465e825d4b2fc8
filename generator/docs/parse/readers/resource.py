"""A resource page's type: its name, property and relationship tables, methods, bases and subtypes."""

from __future__ import annotations

import re
from typing import Iterable

import attrs

from ....model.diagnostics import Diagnostic
from .. import tables
from ..annotations import Annotation
from ..bases import read_bases
from ..context import PageContext, Read, first_paragraph, in_example, is_values_section, odata_type
from ..facts import TITLE_TYPE_KINDS, BaseClaim, MethodRow, PageKind, PropertyRow, TypeFacts, TypeLink
from ..inline import InlineLink, parse_inline_with_refs
from ..markdown import Heading, Paragraph, Table, is_tab_heading
from ..tables import TableKind
from ..typecell import is_type_name

_SUBTYPE_CUE = re.compile(r"\b(?:derived|subtypes?|subclass|inherit)", re.IGNORECASE)


def read(ctx: PageContext) -> Read:
    if ctx.kind is not PageKind.RESOURCE or not (ctx.title_match or ctx.resource_annotation(None)):
        return Read()
    problems: list[Diagnostic] = []
    title_name = ctx.title_match.group("name") if ctx.title_match else ""
    word = ctx.title_match.group("word").lower() if ctx.title_match else None
    return Read(types=(_resource_type(ctx, title_name, word, problems),), diagnostics=tuple(problems))


def _resource_type(ctx: PageContext, title_name: str, word: str | None, problems: list[Diagnostic]) -> TypeFacts:
    """The type a resource page documents: the resource annotation's ``@odata.type`` names it,
    whatever the title says ("Audio facet", "vendors resource type", a sentence); else the title."""
    resource = ctx.resource_annotation(title_name)
    namespace, name, from_annotation = _type_name(ctx, title_name, resource)
    values = resource.values if resource and resource.values else {}
    properties, methods, has_relationships = _tables(ctx, problems)
    prose_bases, subtypes = _prose(ctx)
    return TypeFacts(
        name=name,
        namespace=namespace,
        line=ctx.title_line,
        title_kind=TITLE_TYPE_KINDS.get((word or "").lower()),
        description=first_paragraph(ctx),
        properties=tuple(properties),
        bases=tuple(_annotation_base(resource)) + tuple(prose_bases),
        key_property=_string_or_none(values.get("keyProperty")),
        abstract=values.get("abstract") if isinstance(values.get("abstract"), bool) else None,
        open_type=values.get("openType") is True,
        methods=tuple(methods),
        has_relationships_section=has_relationships,
        name_from_annotation=from_annotation,
        derived=tuple(subtypes),
    )


def _type_name(ctx: PageContext, title_name: str, resource: Annotation | None) -> tuple[str, str, bool]:
    """(namespace, name, named by the annotation) of the page's type."""
    namespace, name = ctx.namespace, title_name
    if "." in title_name:
        namespace, _, name = title_name.rpartition(".")
    named = odata_type(resource) if resource else ""
    short = named.rpartition(".")[2].lower()
    names_title = short == name.lower()
    # The annotation against a mis-titled page: it wins when it is the page's only type or
    # the page's file is named after it (the title is then the one voice against two).
    names_file = short == ctx.path.rpartition("/")[2].partition(".")[0].lower()
    only_one = len({odata_type(a) for a in ctx.resource_annotations()}) == 1
    if is_type_name(named) and (names_title or only_one or names_file):
        annotated_namespace, _, name = named.rpartition(".")
        return annotated_namespace or ctx.namespace, name, True
    return namespace, name, False


def _tables(ctx: PageContext, problems: list[Diagnostic]) -> tuple[list[PropertyRow], list[MethodRow], bool]:
    properties: list[PropertyRow] = []
    methods: list[MethodRow] = []
    has_relationships = False
    for block in ctx.blocks:
        if not isinstance(block, Table):
            continue
        kind = _table_kind(ctx, block)
        if kind is TableKind.PROPERTIES:
            properties += tables.property_rows(block, ctx.path, False, ctx.references, problems)
        elif kind is TableKind.RELATIONSHIPS:
            has_relationships = True
            properties += tables.property_rows(block, ctx.path, True, ctx.references, problems)
        elif kind is TableKind.METHODS and "method" in tables.section_title(block.section):
            # A "See also" table of methods lists what returns the type, not what it offers.
            methods += tables.method_rows(block, ctx.path, ctx.references, problems)
    return properties, methods, has_relationships


def _table_kind(ctx: PageContext, table: Table) -> TableKind:
    """What a table on a resource page holds, read by its section as much as by its header.

    Under Properties, a ``Method|Return Type`` header is a mislabelled property table; under
    the title, a ``Name|Type`` table lists properties; tables under example headings,
    "x values" sections and "Instance attributes" describe JSON, not the type's properties.
    """
    kind = tables.table_kind(table)
    section = tables.section_title(table.section)
    describes_json = "instance attribute" in section or _of_another_object(ctx, section)
    if in_example(table.section) or is_values_section(section) or describes_json:
        return TableKind.OTHER if kind in (TableKind.PROPERTIES, TableKind.PARAMETERS) else kind
    if kind is TableKind.METHODS and section in ("properties", "property"):
        return TableKind.PROPERTIES
    if kind is TableKind.PARAMETERS and (section == ctx.title.lower() or section.startswith("propert")):
        return TableKind.PROPERTIES
    return kind


_PROPERTIES_OF = re.compile(r"^propert(?:y|ies) of (?:an? |the )?(?P<thing>.+?)(?: (?:resource type|resource|object|type))?$")


def _of_another_object(ctx: PageContext, section: str) -> bool:
    """A "Properties of a token lifetime policy definition" heading: its table describes another
    object (a JSON value a property holds), not the page's type, unless it names the type."""
    found = _PROPERTIES_OF.match(section)
    if found is None:
        return False
    thing = re.sub(r"[^a-z0-9]", "", found.group("thing"))
    title_name = ctx.title_match.group("name") if ctx.title_match else ""
    own = {re.sub(r"[^a-z0-9]", "", name.lower()) for name in (title_name, title_name.rpartition(".")[2])}
    return thing not in own


def _annotation_base(resource: Annotation | None) -> Iterable[BaseClaim]:
    if resource and resource.values:
        base = resource.values.get("baseType")
        if isinstance(base, str) and base.strip():
            yield BaseClaim(base.strip().lstrip("#"), None, resource.line, "annotation")


def _prose(ctx: PageContext) -> tuple[list[BaseClaim], list[TypeLink]]:
    """Bases and subtypes the introduction and the Properties section state in prose,
    and the links of a "Derived types" section or of a list after a subtype sentence."""
    prose = _Prose()
    for block in ctx.blocks:
        if isinstance(block, Heading):
            _prose_heading(prose, block)
        elif isinstance(block, Table):
            _prose_table(ctx, prose, block)
        elif isinstance(block, Paragraph):
            _prose_paragraph(ctx, prose, block)
    return prose.claims, prose.subtypes


@attrs.define
class _Prose:
    """What the prose has said so far, and whether a list of subtypes is under way."""

    claims: list[BaseClaim] = attrs.Factory(list)
    subtypes: list[TypeLink] = attrs.Factory(list)
    listing: bool = False


def _prose_heading(prose: _Prose, heading: Heading) -> None:
    if not is_tab_heading(heading.text):
        prose.listing = "derived types" in heading.text.lower() or "subtypes" in heading.text.lower()


def _prose_table(ctx: PageContext, prose: _Prose, table: Table) -> None:
    """A table under "Derived types" (or after a subtype sentence): its first column's links."""
    if prose.listing:
        prose.subtypes += [link for row in table.rows if row.cells for link in _type_links(ctx, row.cells[0])[:1]]


def _prose_paragraph(ctx: PageContext, prose: _Prose, block: Paragraph) -> None:
    if prose.listing and block.listed:
        prose.subtypes += _type_links(ctx, block.text)[:1]
        return
    if not (_introduces(ctx, block) or "propert" in tables.section_title(block.section)):
        prose.listing = False
        return
    bases, derived = read_bases(block.text, ctx.references)
    prose.claims += [_base_claim(ctx, link, block.line) for link in bases[: 0 if prose.claims else 1]]
    prose.subtypes += [typed for typed in (_type_link_of(ctx, link) for link in derived) if typed is not None]
    prose.listing = bool(derived) or _introduces_list(block.text)


def _introduces_list(text: str) -> bool:
    """A sentence that ends with a colon and speaks of subtypes: a list of them follows."""
    return text.rstrip().endswith(":") and _SUBTYPE_CUE.search(text) is not None


def _introduces(ctx: PageContext, block: Paragraph) -> bool:
    """Is the paragraph part of the page's introduction (above the first section)?"""
    section = tables.section_title(block.section)
    return section in ("", ctx.title.lower()) or not block.section or block.section[-1].level <= 1


def _base_claim(ctx: PageContext, link: InlineLink, line: int) -> BaseClaim:
    target, _ = tables.resolve_href(ctx.path, link.href)
    return BaseClaim(_link_name(link, target), target, line, "prose")


def _type_link_of(ctx: PageContext, link: InlineLink) -> TypeLink | None:
    target, anchor = tables.resolve_href(ctx.path, link.href)
    return TypeLink(_link_name(link, target), target, anchor) if target is not None else None


def _type_links(ctx: PageContext, text: str) -> list[TypeLink]:
    links = parse_inline_with_refs(text, ctx.references).links
    return [typed for typed in (_type_link_of(ctx, link) for link in links) if typed is not None]


def _link_name(link: InlineLink, target: str | None) -> str:
    """A link's type name: its text when that is a name, else the stem of the page it links to."""
    name = link.text.strip("`* ")
    if is_type_name(name) or target is None:
        return name
    return target.rpartition("/")[2].partition(".")[0]


def _string_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
