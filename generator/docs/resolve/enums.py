"""Enums: enum pages and "x values" sections, lists merged across pages, enums from sentences.

A "Possible values" sentence either checks a documented enum's members, grows an enum that
only sentences know, or (on a ``String`` row) names the documented enum the row really has.
Members valued 1, 2, 4, 8 ... make a flags enum; ``unknownFutureValue`` is the evolvable
sentinel, never a difference between pages.
"""

from __future__ import annotations

import collections

from ...model.kinds import TypeKind
from ...model.diagnostics import Diagnostic, diag
from ...model import EVOLVABLE, EnumMember, TypeDef, naming
from ..parse.facts import EnumFacts, PageFacts, PropertyRow
from .context import ResolveContext



def declare_enums(ctx: ResolveContext) -> None:
    for page in ctx.pages:
        for enum in page.enums:
            declare_enum(ctx, page, enum)


def declare_enum(ctx: ResolveContext, page: PageFacts, enum: EnumFacts) -> None:
    qualified = f"{enum.namespace}.{enum.name}"
    existing = ctx.existing(qualified)
    if existing is not None:
        if enum.anchor:
            ctx.index.add(existing, page.path, enum.anchor)
        _merge_enum(ctx, ctx.types[existing], page, enum)
        return
    members = [EnumMember(row.name, _int_or_none(row.value), row.description) for row in enum.members]
    ctx.types[qualified] = TypeDef(
        name=enum.name,
        namespace=enum.namespace,
        kind=TypeKind.ENUM,
        source=page.path,
        line=enum.line,
        description=enum.description,
        members=_unique_members(members),
        naming="section" if enum.anchor else "page",
        flags=enum.flags or _bit_values(enum.name, members),
    )
    ctx.index.add(qualified, page.path, enum.anchor)
    if enum.anchor:
        ctx.index.add(qualified, page.path)


def _merge_enum(ctx: ResolveContext, typedef: TypeDef, page: PageFacts, enum: EnumFacts) -> None:
    """A second list of an enum's members adds what the first lacks; a type of another kind is a conflict."""
    if typedef.kind is not TypeKind.ENUM:
        ctx.duplicate(typedef.qualified, page.path, enum.line)
        return
    known = {member.name for member in typedef.members}
    added = [row for row in enum.members if row.name not in known]
    typedef.members = _unique_members(
        typedef.members + [EnumMember(row.name, _int_or_none(row.value), row.description) for row in added]
    )
    typedef.flags = typedef.flags or enum.flags
    typedef.description = typedef.description or enum.description
    missing = known - {row.name for row in enum.members} - {EVOLVABLE}
    if [row for row in added if row.name != EVOLVABLE] or missing:
        ctx.diagnostics.append(
            diag(
                "GEN208",
                page.path,
                enum.line,
                f"{typedef.name} is also listed by {typedef.source}:{typedef.line} with other members; "
                "the members of both are kept",
                type=typedef.qualified,
                severity="info",
            )
        )


def sentence_enum(ctx: ResolveContext, qualified: str, row: PropertyRow, page: PageFacts, naming: str, owner: TypeDef) -> str:
    assert row.enum_values is not None
    existing = ctx.existing(qualified)
    if existing is not None:
        typedef = ctx.types[existing]
        if typedef.kind is TypeKind.ENUM:
            compare_members(ctx, typedef, row, page)
        return existing
    namespace, _, name = qualified.rpartition(".")
    ctx.types[qualified] = TypeDef(
        name=name,
        namespace=namespace,
        kind=TypeKind.ENUM,
        source=None,
        line=row.line,
        members=[EnumMember(value) for value in row.enum_values],
        naming=naming,
        owner=(owner.qualified, row.name),
    )
    ctx.enum_sources[qualified] = page.path
    ctx.index.add(qualified, None)
    return qualified


def compare_members(ctx: ResolveContext, enum: TypeDef, row: PropertyRow, page: PageFacts) -> None:
    """A row's "Possible values" against its enum: grow an enum only sentences know, else a finding."""
    assert row.enum_values is not None
    known = [member.name for member in enum.members]
    extra = [value for value in row.enum_values if value not in known]
    if enum.source is None and extra or extra == [EVOLVABLE]:
        # An enum known only from sentences grows with every sentence that lists more;
        # the evolvable sentinel is a member wherever a page lists it.
        enum.members.extend(EnumMember(value) for value in extra)
        return
    extra = [value for value in extra if value != EVOLVABLE]
    missing = [name for name in known if name not in row.enum_values and name != EVOLVABLE]
    if extra or (missing and enum.source is not None):
        ctx.diagnostics.append(_listing_differs(enum, row, page, extra, missing))


def _listing_differs(enum: TypeDef, row: PropertyRow, page: PageFacts, extra: list[str], missing: list[str]) -> Diagnostic:
    """GEN208: what a row lists that the enum lacks (a warning), and what it omits (for information)."""
    parts = []
    if extra:
        parts.append(f"lists {', '.join(extra)} which {enum.name} does not have")
    if missing:
        parts.append(f"omits {', '.join(missing[:5])}{'...' if len(missing) > 5 else ''}")
    return diag(
        "GEN208",
        page.path,
        row.line,
        f"'Possible values' of {row.name!r} {' and '.join(parts)}",
        type=enum.qualified,
        member=row.name,
        severity="info" if not extra else "warning",
    )


def enum_listing(ctx: ResolveContext, owner: TypeDef, row: PropertyRow) -> str | None:
    """The documented enum a ``String`` row really has.

    Writers type enum properties ``String`` and list the members: values that only one
    enum holds are that enum (several holders: the one whose members are exactly the
    list, else the one named after the property); a row that lists nothing is the enum
    named after its owner and itself, if there is one.
    """
    values = {value.lower() for value in row.enum_values or () if value != EVOLVABLE}
    by_member, by_name = _documented_enums(ctx)
    if len(values) >= 2:
        holders = set.intersection(*(by_member.get(value, set()) for value in values))
        if len(holders) > 1:
            exact = {name for name in holders if _member_names(ctx.types[name]) == values}
            holders = exact if len(exact) == 1 else {name for name in holders if _names_property(name, owner.name, row.name)}
        if not holders:
            holders = _nearly_listed(ctx, values, owner, row)
        return holders.pop() if len(holders) == 1 else None
    if not values:
        return by_name.get((owner.name + row.name).lower())
    return None


def _nearly_listed(ctx: ResolveContext, values: set[str], owner: TypeDef, row: PropertyRow) -> set[str]:
    """Enums named after the owner and property that hold all but one of the listed values.

    A list that names one value the enum page lacks (a member renamed or not yet
    documented: ``dismissed`` beside ``newAlert``, ``inProgress``) is still that enum
    when the enum is named after the property; the odd value is kept as an unknown one.
    """
    if len(values) < 3:
        return set()  # one value of two is no evidence
    by_member, _ = _documented_enums(ctx)
    candidates = set().union(*(by_member.get(value, set()) for value in values))
    return {
        name
        for name in candidates
        if len(values - _member_names(ctx.types[name])) == 1 and _names_owner_and_property(name, owner.name, row.name)
    }


def _names_owner_and_property(qualified: str, owner: str, prop: str) -> bool:
    """An enum named after a property, and whatever it adds before it begins the owner's name.

    ``alertStatus`` for ``alertHistoryState.status``; not ``printOperationProcessingState``
    for ``synchronizationTaskExecution.state``, which only shares a generic word.
    """
    name, prop = qualified.rpartition(".")[2].lower(), prop.lower()
    return name.endswith(prop) and owner.lower().startswith(name[: len(name) - len(prop)])


def _member_names(enum: TypeDef) -> set[str]:
    return {member.name.lower() for member in enum.members if member.name != EVOLVABLE}


def _documented_enums(ctx: ResolveContext) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Documented enums by member name and by short name (lower case), built once."""
    if ctx.enums_by_member is None:
        ctx.enums_by_member = collections.defaultdict(set)
        ctx.enums_by_name = {}
        for qualified, typedef in ctx.types.items():
            if typedef.kind is TypeKind.ENUM and typedef.source is not None:
                ctx.enums_by_name.setdefault(typedef.name.lower(), qualified)
                for member in typedef.members:
                    ctx.enums_by_member[member.name.lower()].add(qualified)
    return ctx.enums_by_member, ctx.enums_by_name


def _bit_values(name: str, members: list[EnumMember]) -> bool:
    """Members valued 1, 2, 4, 8 ... are bits of a flags enum (a value may name several: "a,b").

    Two members valued 1 and 2 are bits too when the enum's name is plural and no member
    is 0: the .NET naming rule the services follow gives a flags enum a plural name
    (``keyUsages``), any other a singular one (``applicationType``, also 1 and 2).
    """
    values = [member.value for member in members if member.value]
    bits = bool(values) and all(value > 0 and value & (value - 1) == 0 for value in values)
    if len(values) >= 3 and max(values) >= 4:
        return bits
    every_value = [member.value for member in members if member.name != EVOLVABLE]
    return bits and len(values) == len(every_value) >= 2 and naming.is_plural(name)


def _names_property(qualified: str, owner: str, prop: str) -> bool:
    """Is an enum named after a property: ``day``, ``bookingWorkHoursDay``, ``workingDay``?"""
    name, prop = qualified.rpartition(".")[2].lower(), prop.lower()
    return name == prop or name == (owner + prop).lower() or name.endswith(prop)


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _unique_members(members: list[EnumMember]) -> list[EnumMember]:
    seen: set[str] = set()
    unique = []
    for member in members:
        if member.name not in seen:
            seen.add(member.name)
            unique.append(member)
    return unique
