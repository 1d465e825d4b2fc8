"""Types and their properties: declarations merged across pages, rows, inherited rows, property types.

Several pages may document one type (the Intune pages repeat ``user`` with a few rows):
its rows are the union of theirs, and the page named after the type leads. A row marked
"Inherited from [x]" belongs to x: it defines x only when x has no page of its own, and
is otherwise compared with x's own rows. Names that differ only in case are one property.
"""

from __future__ import annotations

import collections
import re

import attrs

from ...model.kinds import TypeKind
from ...model.diagnostics import diag
from ...model import Property, TypeDef, TypeRef
from ..parse.facts import PageFacts, PageKind, PropertyRow, TypeFacts
from ..parse.typecell import is_type_name
from . import enums, inheritance
from .context import Claim, ResolveContext
from ...model.counting import most_common

# A page whose title says "(deprecated)" documents a type on its way out.
_DEPRECATED = re.compile(r"\bdeprecated\b", re.IGNORECASE)


def declare_types(ctx: ResolveContext) -> None:
    """Declare every documented type once; several pages may each document a part of it."""
    groups: dict[str, list[tuple[PageFacts, TypeFacts]]] = {}
    spelled: dict[str, str] = {}  # lower-case qualified name -> the first spelling
    inbound = _inbound_link_names(ctx.pages)
    for page in ctx.pages:
        for facts in page.types:
            facts = _named_by_inbound_links(page, facts, inbound)
            qualified = f"{facts.namespace}.{facts.name}"
            key = spelled.setdefault(qualified.lower(), qualified)
            groups.setdefault(key, []).append((page, facts))
    for group in groups.values():
        _declare_type(ctx, sorted(group, key=_definition_rank))


def _declare_type(ctx: ResolveContext, group: list[tuple[PageFacts, TypeFacts]]) -> None:
    """A type from all the pages that document it; the strongest page leads (``_definition_rank``)."""
    page, facts = group[0]
    qualified = f"{facts.namespace}.{facts.name}"
    description = next((f.description for _, f in group if f.description), "")
    abstract = next((f.abstract for _, f in group if f.abstract is not None), None)
    ctx.types[qualified] = TypeDef(
        name=facts.name,
        namespace=facts.namespace,
        kind=TypeKind.COMPLEX,
        source=page.path,
        line=facts.line,
        description=description,
        key=next((f.key_property for _, f in group if f.key_property), None),
        abstract=abstract if abstract is not None else inheritance.says_abstract(description),
        open_type=any(f.open_type for _, f in group),
        deprecated=_DEPRECATED.search(page.title) is not None,
    )
    ctx.facts[qualified] = group
    for other, _ in group:
        ctx.index.add(qualified, other.path)


def page_properties(ctx: ResolveContext) -> None:
    for qualified, group in ctx.facts.items():
        typedef = ctx.types[qualified]
        for page, facts in group:
            owners: list[str] = []
            for row in facts.properties:
                owner = _row_owner(ctx, row, page, qualified)
                if owner == qualified:
                    add_property(ctx, typedef, row, page, merged=page.path != typedef.source)
                else:
                    ctx.claims[owner].append(Claim(row, page, 1))
                    if owner not in owners:
                        owners.append(owner)
            ctx.base_evidence.add_row_order(qualified, owners, page.path, facts.line)


def _row_owner(ctx: ResolveContext, row: PropertyRow, page: PageFacts, subject: str) -> str:
    link = row.inherited_from
    if link is None:
        return subject
    found = ctx.index.find(link.name, link.target, link.anchor, page.namespace)
    return found or ctx.index.qualify(link.name, page.namespace, link.target)


def body_claims(ctx: ResolveContext, page: PageFacts, subject: str | None) -> None:
    """Property rows in an api page's request body table (called by operations)."""
    assert page.operation is not None
    owners: list[str] = []
    for row in page.operation.body_properties:
        if subject is None and row.inherited_from is None:
            continue  # a row of an unknown body type: nothing to attach it to
        owner = _row_owner(ctx, row, page, subject or "")
        ctx.claims[owner].append(Claim(row, page, 2))
        if owner != subject and owner not in owners:
            owners.append(owner)
    if subject and subject not in ctx.types and page.operation.body_properties:
        # The body table documents its subject: the type exists even with no page.
        namespace, _, name = subject.rpartition(".")
        ctx.types[subject] = TypeDef(name=name, namespace=namespace, kind=TypeKind.COMPLEX, source=None)
        ctx.index.add(subject, None)
    if subject and owners:
        ctx.base_evidence.add_row_order(subject, owners, page.path, page.operation.line)


def claimed_properties(ctx: ResolveContext) -> None:
    """Claims define types that have no page; for documented types they are only checked."""
    for owner in sorted(ctx.claims):
        claims = sorted(ctx.claims[owner], key=lambda c: (c.priority, c.page.path, c.row.line))
        typedef = ctx.types.get(owner)
        if typedef is not None and typedef.source is not None:
            _check_claims(ctx, typedef, claims)
            continue
        if typedef is None:
            # A base that only its subtypes' "Inherited from [x]" rows name: abstract, with those rows.
            namespace, _, name = owner.rpartition(".")
            typedef = TypeDef(name=name, namespace=namespace, kind=TypeKind.COMPLEX, source=None, abstract=True)
            ctx.types[owner] = typedef
            ctx.index.add(owner, None)
        for claim in _by_majority_spelling(claims):
            add_property(ctx, typedef, claim.row, claim.page, quiet=True)


def _check_claims(ctx: ResolveContext, typedef: TypeDef, claims: list[Claim]) -> None:
    """An "Inherited from [x]" row never adds to or renames x's own rows: it is compared with them."""
    declared = {prop.name.lower(): prop.name for prop in typedef.properties}
    reported: set[str] = set()
    for claim in claims:
        name = claim.row.name
        if claim.priority == 2 or name in reported or declared.get(name.lower()) == name:
            continue
        if name.lower() == "id" and typedef.kind is not TypeKind.ENUM and "id" not in declared:
            continue  # "id ... Inherited from [x]" is the entity root's; see _entity_root
        reported.add(name)
        own = declared.get(name.lower())
        problem = f"differs in case from {own!r}" if own else "is not one of its rows"
        ctx.diagnostics.append(
            diag(
                "GEN205",
                claim.page.path,
                claim.row.line,
                f"{name!r} is marked inherited from {typedef.name}, but {problem} in {typedef.source}",
                type=typedef.qualified,
                member=name,
            )
        )


def add_property(ctx: ResolveContext, typedef: TypeDef, row: PropertyRow, page: PageFacts, quiet: bool = False, merged: bool = False
) -> None:
    known = ctx.known_property(typedef, row.name)
    if known is not None:
        if not quiet:
            _repeated_row(ctx, typedef, known, row, page, merged)
        return
    type_ref, allowed = property_type(ctx, typedef, row, page)
    prop = Property(
        name=row.name,
        type=type_ref,
        navigation=row.navigation,
        description=row.description,
        file=page.path,
        line=row.line,
        required=row.required,
        read_only=row.read_only,
        allowed_values=allowed,
    )
    typedef.properties.append(prop)
    entry = ctx.property_names.get(typedef.qualified)
    if entry is not None and entry[0] is typedef and entry[1] == len(typedef.properties) - 1:
        entry[2][row.name.lower()] = prop
        ctx.property_names[typedef.qualified] = (typedef, len(typedef.properties), entry[2])


def _repeated_row(ctx: ResolveContext, typedef: TypeDef, known: Property, row: PropertyRow, page: PageFacts, merged: bool) -> None:
    """A row for a property the type has: a repeat, a change of case, or a conflict between pages."""
    where = f"{known.file}:{known.line}" if known.file else "its first definition"
    if known.name != row.name:
        message = f"{row.name!r} differs only in case from {known.name!r} ({where}); {known.name!r} is kept"
        code = "GEN210"
    elif not merged:
        message = f"{row.name!r} is listed twice for {typedef.name}; the first row is kept"
        code = "GEN206"
    else:
        type_ref, _ = property_type(ctx, typedef, row, page)
        if type_ref == known.type:
            return  # another page repeats the row: the union needs it once
        message = (
            f"{row.name!r} of {typedef.name} is {_spelled(type_ref)} here and {_spelled(known.type)} "
            f"in {where}; {_spelled(known.type)} is kept"
        )
        code = "GEN210"
    ctx.diagnostics.append(diag(code, page.path, row.line, message, type=typedef.qualified, member=row.name))


def property_type(ctx: ResolveContext, owner: TypeDef, row: PropertyRow, page: PageFacts
) -> tuple[TypeRef, tuple[str, ...] | None]:
    spelling = row.type
    collection = spelling.collection
    if spelling.unclosed_link:
        message = (f"{row.name!r} has type cell {spelling.raw!r}, a link with a bracket or parenthesis missing; "
                   "read as the link it starts (close it: [name](page.md))")
        ctx.diagnostics.append(diag("GEN314", page.path, row.line, message, type=owner.qualified, member=row.name))
    if spelling.primitive:
        listed = enums.enum_listing(ctx, owner, row) if spelling.primitive == "Edm.String" else None
        if listed is not None:  # the values stay: they say the page wrote String (the metadata's reconcile reads it)
            return TypeRef(listed, collection), row.enum_values
        return TypeRef(spelling.primitive, collection), row.enum_values
    if spelling.enum_word:
        if row.enum_values:
            name = owner.name + row.name[:1].upper() + row.name[1:]
            qualified = enums.sentence_enum(ctx, f"{owner.namespace}.{name}", row, page, "anonymous", owner)
            return TypeRef(qualified, collection), None
        _odd_type_cell(ctx, owner, row, page, "is typed 'Enumeration' but lists no values; read as Edm.String")
        return TypeRef("Edm.String", collection), None
    if spelling.unknown:
        _odd_type_cell(ctx, owner, row, page, f"has type cell {spelling.raw!r}, which names no type; read as Edm.Untyped")
        return TypeRef("Edm.Untyped", collection), None
    found = ctx.resolve_spelling(
        spelling, row.type_target, row.type_anchor, page, report=not row.enum_values, line=row.line
    )
    if found is None and row.enum_values:
        name = spelling.name or (row.type_target or "").rpartition("/")[2].removesuffix(".md")
        qualified = ctx.index.qualify(name, page.namespace, row.type_target)
        found = enums.sentence_enum(ctx, qualified, row, page, "link", owner)
    elif found is not None and row.enum_values and ctx.types.get(found, None) is not None:
        enums.compare_members(ctx, ctx.types[found], row, page)
    assert found is not None or not row.enum_values
    return TypeRef(found or "Edm.Untyped", collection), None


def _odd_type_cell(ctx: ResolveContext, owner: TypeDef, row: PropertyRow, page: PageFacts, problem: str) -> None:
    message = f"{row.name!r} {problem}"
    ctx.diagnostics.append(diag("GEN306", page.path, row.line, message, type=owner.qualified, member=row.name))


def _inbound_link_names(pages: list[PageFacts]) -> dict[str, collections.Counter[str]]:
    """For each page, the names that links to it give as their text: type cells, and the
    "Inherits from [x](x.md)" links of the pages that derive from its type."""
    names: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for page in pages:
        for facts in page.types:
            for row in facts.properties:
                if row.type_target and row.type.name and not row.type_anchor:
                    names[row.type_target.lower()][row.type.name.rpartition(".")[2]] += 1
            for claim in facts.bases:
                if claim.target and claim.source == "prose" and is_type_name(claim.name):
                    names[claim.target.lower()][claim.name.rpartition(".")[2]] += 1
    return names


def _named_by_inbound_links(page: PageFacts, facts: TypeFacts, inbound: dict[str, collections.Counter[str]]) -> TypeFacts:
    """A type its title misnames ("vendors resource type") takes the name every link to its page
    agrees on, when two links say it or a lone link's name is the page's file name (two signals
    against the title); links that disagree leave the title's name."""
    if facts.name_from_annotation or len(page.types) != 1:
        return facts
    names = inbound.get(page.path.lower())
    if not names or len({name.lower() for name in names}) != 1:
        return facts
    name = most_common(names)
    stem = page.path.rpartition("/")[2].partition(".")[0].lower()
    if sum(names.values()) < 2 and name.lower() != stem:
        return facts
    return facts if name == facts.name else attrs.evolve(facts, name=name)


def _definition_rank(definition: tuple[PageFacts, TypeFacts]) -> tuple[int, int, int, str]:
    """Which page leads a type several pages document: the one named after it, on a resource page,
    with the most rows (Intune pages repeat ``user`` with a few rows; ``user.md`` has them all)."""
    page, facts = definition
    stem = page.path.rpartition("/")[2].lower()
    named = stem.partition(".")[0] == facts.name.lower()
    return (not named, page.kind is not PageKind.RESOURCE or not stem.endswith(".md"), -len(facts.properties), page.path)


def _by_majority_spelling(claims: list[Claim]) -> list[Claim]:
    """One claim per property of a type known only from other pages' rows, in first-seen order.

    Names that differ only in case are one property; the spelling most rows use wins
    (one page's ``Id ... Inherited from [entity]`` must not rename every entity's ``id``).
    """
    spellings: dict[str, collections.Counter[str]] = {}
    for claim in claims:
        spellings.setdefault(claim.row.name.lower(), collections.Counter())[claim.row.name] += 1
    chosen = {key: most_common(counts) for key, counts in spellings.items()}
    first: dict[str, Claim] = {}
    for claim in claims:
        if claim.row.name == chosen[claim.row.name.lower()]:
            first.setdefault(claim.row.name.lower(), claim)
    return [first[key] for key in spellings]  # dicts keep first-seen order


def _spelled(type_ref: TypeRef) -> str:
    return f"Collection({type_ref.name})" if type_ref.collection else type_ref.name
