"""Enums: an enum page's members table, and ``### x values`` sections on any page."""

from __future__ import annotations

from ....model.diagnostics import Diagnostic
from .. import tables
from ..context import VALUES_HEADING, PageContext, Read, first_paragraph, is_values_section
from ..facts import EnumFacts, MemberRow, PageKind
from ..inline import parse_inline
from ..links import heading_slug
from ..markdown import Table
from ..tables import TableKind

# An enum page lists its members in a members table, or one that reads as properties or
# parameters (Name|Value|Description); under "x values", anything but permissions and headers.
_MEMBER_TABLES = frozenset({TableKind.MEMBERS, TableKind.PARAMETERS, TableKind.PROPERTIES})
_NOT_MEMBERS = frozenset({TableKind.PERMISSIONS, TableKind.HEADERS})


def read(ctx: PageContext) -> Read:
    problems: list[Diagnostic] = []
    enums = _value_sections(ctx, problems)
    if ctx.kind is PageKind.ENUM and ctx.title_match:
        enums = [_enum_page(ctx, ctx.title_match.group("name"), problems)] + enums
    return Read(enums=tuple(enums), diagnostics=tuple(problems))


def _enum_page(ctx: PageContext, title_name: str, problems: list[Diagnostic]) -> EnumFacts:
    namespace, _, name = title_name.rpartition(".")
    members: list[MemberRow] = []
    for block in ctx.blocks:
        if isinstance(block, Table) and tables.table_kind(block) in _MEMBER_TABLES:
            if is_values_section(tables.section_title(block.section)):
                continue
            members += tables.member_rows(block, ctx.path, problems)
            if members:
                break
    return EnumFacts(name, namespace or ctx.namespace, tuple(members), ctx.title_line, description=first_paragraph(ctx))


def _value_sections(ctx: PageContext, problems: list[Diagnostic]) -> list[EnumFacts]:
    """``### x values`` sections, each followed by a members table."""
    enums: list[EnumFacts] = []
    for block in ctx.blocks:
        if not isinstance(block, Table) or not block.section:
            continue
        heading = block.section[-1]
        match = VALUES_HEADING.match(parse_inline(heading.text).text)
        if not match or tables.table_kind(block) in _NOT_MEMBERS:
            continue
        members = tables.member_rows(block, ctx.path, problems)
        if members and not any(e.name == match.group(1) for e in enums):
            namespace, _, name = match.group(1).rpartition(".")
            enum = EnumFacts(name, namespace or ctx.namespace, tuple(members), heading.line, anchor=heading_slug(heading.text))
            enums.append(enum)
    return enums
