"""Resolve stage: the PageFacts of every page merged into one ApiModel.

The only stage that looks across pages. In order:

1. declare the types and enums that pages document (resource, enum, ``x values``);
2. give each type its properties: a page's own rows; rows marked "Inherited from [x]"
   belong to x (they only define x when x has no page of its own);
3. enums that exist only as "Possible values" sentences become enum types;
4. base types from annotations, prose, and the order of inherited rows; cycles broken;
5. entity or complex, from every signal and through inheritance; ``entity`` as the root
   of entity types, which owns ``id``; rows a page repeats from its bases dropped;
6. operations and examples (``operations.py``).
"""

from __future__ import annotations

import collections
from typing import Iterable

import attrs

from ...model.diagnostics import Diagnostic, diag
from ...model import ENTITY_ROOT, ApiModel, EnumMember, Property, TypeDef, TypeRef
from ..parse.facts import EnumFacts, PageFacts, PropertyRow, TypeFacts, TypeLink
from ..parse.typecell import TypeSpelling
from . import inheritance, operations
from .lookup import TypeIndex


def resolve(pages: Iterable[PageFacts], extra: Iterable[Diagnostic] = ()) -> ApiModel:
    return _Resolver(sorted(pages, key=lambda page: page.path), list(extra)).run()


@attrs.define
class _Claim:
    """A row that says it belongs to another type (or a body table's subject)."""

    row: PropertyRow
    page: PageFacts
    priority: int  # 0: the type's own page, 1: another resource page, 2: an api page


class _Resolver:
    def __init__(self, pages: list[PageFacts], extra: list[Diagnostic]) -> None:
        self.pages = pages
        self.diagnostics: list[Diagnostic] = list(extra)
        for page in pages:
            self.diagnostics.extend(page.diagnostics)
        self.main_namespace = _main_namespace(pages)
        self.index = TypeIndex(self.main_namespace)
        self.types: dict[str, TypeDef] = {}
        self.facts: dict[str, tuple[PageFacts, TypeFacts]] = {}
        self.claims: dict[str, list[_Claim]] = collections.defaultdict(list)
        self.base_evidence = inheritance.BaseEvidence()
        self.unresolved_seen: set[tuple[str, str]] = set()
        self.enum_sources: dict[str, str] = {}  # implied enum -> page whose sentence named it
        # Property names per type, so that adding n rows costs O(n), not O(n²) (10,000-row tables).
        self.property_names: dict[str, tuple[TypeDef, int, set[str]]] = {}

    def run(self) -> ApiModel:
        self._declare()
        self._page_properties()
        for page in self.pages:
            if page.operation is not None and page.operation.body_properties:
                self.body_claims(page, operations.body_subject(page, self, report=False))
        self._claimed_properties()
        self._bases()
        inheritance.assign_kinds(self.types, self.facts, self._operation_targets())
        self._entity_root()
        inheritance.drop_repeated_rows(self.types)
        model = ApiModel(types=dict(sorted(self.types.items())), pages=len(self.pages), main_namespace=self.main_namespace)
        operations.build(model, self.pages, self)
        model.diagnostics = sorted(set(self.diagnostics), key=Diagnostic.sort_key)
        model.suppressions = [
            (page.path, code, member, reason) for page in self.pages for code, member, reason in page.suppressions
        ]
        return model

    # -- 1. declarations ---------------------------------------------------------------
    def _declare(self) -> None:
        for page in self.pages:
            for facts in page.types:
                self._declare_type(page, facts)
            for enum in page.enums:
                self._declare_enum(page, enum)

    def _declare_type(self, page: PageFacts, facts: TypeFacts) -> None:
        qualified = f"{facts.namespace}.{facts.name}"
        existing = self._existing(qualified)
        if existing is not None:
            self._duplicate(existing, page.path, facts.line)
            return
        description = facts.description
        self.types[qualified] = TypeDef(
            name=facts.name,
            namespace=facts.namespace,
            kind="complex",
            source=page.path,
            line=facts.line,
            description=description,
            key=facts.key_property,
            abstract=facts.abstract if facts.abstract is not None else inheritance.says_abstract(description),
            open_type=facts.open_type,
        )
        self.facts[qualified] = (page, facts)
        self.index.add(qualified, page.path)

    def _declare_enum(self, page: PageFacts, enum: EnumFacts) -> None:
        qualified = f"{enum.namespace}.{enum.name}"
        existing = self._existing(qualified)
        if existing is not None:
            if enum.anchor:
                self.index.add(existing, page.path, enum.anchor)
            self._duplicate(existing, page.path, enum.line)
            return
        members = [EnumMember(row.name, _int_or_none(row.value), row.description) for row in enum.members]
        self.types[qualified] = TypeDef(
            name=enum.name,
            namespace=enum.namespace,
            kind="enum",
            source=page.path,
            line=enum.line,
            description=enum.description,
            members=_unique_members(members),
            naming="section" if enum.anchor else "page",
            flags=enum.flags,
        )
        self.index.add(qualified, page.path, enum.anchor)
        if enum.anchor:
            self.index.add(qualified, page.path)

    def _existing(self, qualified: str) -> str | None:
        if qualified in self.types:
            return qualified
        lowered = self.index.by_qualified_lower.get(qualified.lower())
        return lowered if lowered in self.types else None

    def _duplicate(self, existing: str, path: str, line: int) -> None:
        first = self.types[existing]
        self.diagnostics.append(
            diag(
                "GEN203",
                path,
                line,
                f"{existing} is already defined by {first.source}:{first.line}; this definition is ignored",
                type=existing,
            )
        )

    # -- 2. properties -----------------------------------------------------------------
    def _page_properties(self) -> None:
        for qualified, (page, facts) in self.facts.items():
            typedef = self.types[qualified]
            owners: list[str] = []
            for row in facts.properties:
                owner = self._row_owner(row, page, qualified)
                if owner == qualified:
                    self._add_property(typedef, row, page)
                else:
                    self.claims[owner].append(_Claim(row, page, 1))
                    if owner not in owners:
                        owners.append(owner)
            self.base_evidence.add_row_order(qualified, owners, page.path, facts.line)

    def _row_owner(self, row: PropertyRow, page: PageFacts, subject: str) -> str:
        link = row.inherited_from
        if link is None:
            return subject
        found = self.index.find(link.name, link.target, link.anchor, page.namespace)
        return found or self.index.qualify(link.name, page.namespace, link.target)

    def body_claims(self, page: PageFacts, subject: str | None) -> None:
        """Property rows in an api page's request body table (called by operations)."""
        assert page.operation is not None
        owners: list[str] = []
        for row in page.operation.body_properties:
            if subject is None and row.inherited_from is None:
                continue  # a row of an unknown body type: nothing to attach it to
            owner = self._row_owner(row, page, subject or "")
            self.claims[owner].append(_Claim(row, page, 2))
            if owner != subject and owner not in owners:
                owners.append(owner)
        if subject and subject not in self.types and page.operation.body_properties:
            # The body table documents its subject: the type exists even with no page.
            namespace, _, name = subject.rpartition(".")
            self.types[subject] = TypeDef(name=name, namespace=namespace, kind="complex", source=None)
            self.index.add(subject, None)
        if subject and owners:
            self.base_evidence.add_row_order(subject, owners, page.path, page.operation.line)

    def _claimed_properties(self) -> None:
        """Claims define types that have no page; for documented types they are only checked."""
        for owner in sorted(self.claims):
            claims = sorted(self.claims[owner], key=lambda c: (c.priority, c.page.path, c.row.line))
            typedef = self.types.get(owner)
            if typedef is not None and typedef.source is not None:
                self._check_claims(typedef, claims)
                continue
            if typedef is None:
                namespace, _, name = owner.rpartition(".")
                typedef = TypeDef(name=name, namespace=namespace, kind="complex", source=None)
                self.types[owner] = typedef
                self.index.add(owner, None)
            for claim in claims:
                if not self._has_property(typedef, claim.row.name):
                    self._add_property(typedef, claim.row, claim.page, quiet=True)

    def _check_claims(self, typedef: TypeDef, claims: list[_Claim]) -> None:
        declared = {prop.name for prop in typedef.properties}
        reported: set[str] = set()
        for claim in claims:
            if claim.priority == 2 or claim.row.name in declared or claim.row.name in reported:
                continue
            if claim.row.name == "id" and typedef.kind != "enum":
                continue  # "id ... Inherited from [x]" is the entity root's; see _entity_root
            reported.add(claim.row.name)
            self.diagnostics.append(
                diag(
                    "GEN205",
                    claim.page.path,
                    claim.row.line,
                    f"{claim.row.name!r} is marked inherited from {typedef.name}, "
                    f"but {typedef.source} does not list it",
                    type=typedef.qualified,
                    member=claim.row.name,
                )
            )

    def _has_property(self, typedef: TypeDef, name: str) -> bool:
        """``typedef.property(name) is not None`` in O(1) (the set is rebuilt if the list changed)."""
        entry = self.property_names.get(typedef.qualified)
        if entry is None or entry[0] is not typedef or entry[1] != len(typedef.properties):
            entry = (typedef, len(typedef.properties), {prop.name for prop in typedef.properties})
            self.property_names[typedef.qualified] = entry
        return name in entry[2]

    def _add_property(self, typedef: TypeDef, row: PropertyRow, page: PageFacts, quiet: bool = False) -> None:
        if self._has_property(typedef, row.name):
            if not quiet:
                self.diagnostics.append(
                    diag(
                        "GEN206",
                        page.path,
                        row.line,
                        f"{row.name!r} is listed twice for {typedef.name}; the first row is kept",
                        type=typedef.qualified,
                        member=row.name,
                    )
                )
            return
        type_ref, allowed = self._property_type(typedef, row, page)
        typedef.properties.append(
            Property(
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
        )
        entry = self.property_names.get(typedef.qualified)
        if entry is not None and entry[0] is typedef and entry[1] == len(typedef.properties) - 1:
            entry[2].add(row.name)
            self.property_names[typedef.qualified] = (typedef, len(typedef.properties), entry[2])

    # -- 3. property types and enums from sentences -------------------------------------
    def _property_type(
        self, owner: TypeDef, row: PropertyRow, page: PageFacts
    ) -> tuple[TypeRef, tuple[str, ...] | None]:
        spelling = row.type
        collection = spelling.collection
        if spelling.primitive:
            return TypeRef(spelling.primitive, collection), row.enum_values
        if spelling.enum_word:
            if row.enum_values:
                name = owner.name + row.name[:1].upper() + row.name[1:]
                qualified = self._sentence_enum(f"{owner.namespace}.{name}", row, page, "anonymous", owner)
                return TypeRef(qualified, collection), None
            self._odd_type_cell(owner, row, page, "is typed 'Enumeration' but lists no values; read as Edm.String")
            return TypeRef("Edm.String", collection), None
        if spelling.unknown:
            self._odd_type_cell(owner, row, page, f"has type cell {spelling.raw!r}, which names no type; read as Edm.Untyped")
            return TypeRef("Edm.Untyped", collection), None
        found = self.resolve_spelling(
            spelling, row.type_target, row.type_anchor, page, report=not row.enum_values, line=row.line
        )
        if found is None and row.enum_values:
            name = spelling.name or (row.type_target or "").rpartition("/")[2].removesuffix(".md")
            qualified = self.index.qualify(name, page.namespace, row.type_target)
            found = self._sentence_enum(qualified, row, page, "link", owner)
        elif found is not None and row.enum_values and self.types.get(found, None) is not None:
            self._compare_members(self.types[found], row, page)
        assert found is not None or not row.enum_values
        return TypeRef(found or "Edm.Untyped", collection), None

    def _odd_type_cell(self, owner: TypeDef, row: PropertyRow, page: PageFacts, problem: str) -> None:
        message = f"{row.name!r} {problem}"
        self.diagnostics.append(diag("GEN306", page.path, row.line, message, type=owner.qualified, member=row.name))

    def resolve_spelling(
        self,
        spelling: TypeSpelling,
        target: str | None,
        anchor: str | None,
        page: PageFacts,
        report: bool = True,
        line: int = 0,
    ) -> str | None:
        """Qualified name of a non-primitive spelling; unresolved names are qualified and reported.

        With ``report`` false, an unresolved spelling gives None (the caller decides).
        """
        found = self.index.find(spelling.name, target, anchor, page.namespace)
        if found is not None or not report:
            return found
        name = spelling.name or (target or "").rpartition("/")[2].removesuffix(".md") or spelling.raw
        qualified = self.index.qualify(name, page.namespace, target)
        self.report_unresolved(qualified, page.path, line, spelling.raw)
        return qualified

    def resolve_link(self, link: TypeLink | None, page: PageFacts, line: int = 0, report: bool = True) -> str | None:
        if link is None:
            return None
        spelling = TypeSpelling(raw=link.name, name=link.name, target=link.target)
        found = self.resolve_spelling(spelling, link.target, link.anchor, page, report=report, line=line)
        if found is None and not report:
            return self.index.qualify(link.name, page.namespace, link.target)
        return found

    def report_unresolved(self, qualified: str, path: str, line: int, raw: str) -> None:
        if (path, qualified) in self.unresolved_seen:
            return
        self.unresolved_seen.add((path, qualified))
        self.diagnostics.append(
            diag(
                "GEN201",
                path,
                line,
                f"{raw!r} refers to {qualified}, which no page in the tree defines",
                type=qualified,
            )
        )

    def _sentence_enum(self, qualified: str, row: PropertyRow, page: PageFacts, naming: str, owner: TypeDef) -> str:
        assert row.enum_values is not None
        existing = self._existing(qualified)
        if existing is not None:
            typedef = self.types[existing]
            if typedef.kind == "enum":
                self._compare_members(typedef, row, page)
            return existing
        namespace, _, name = qualified.rpartition(".")
        self.types[qualified] = TypeDef(
            name=name,
            namespace=namespace,
            kind="enum",
            source=None,
            line=row.line,
            members=[EnumMember(value) for value in row.enum_values],
            naming=naming,
            owner=(owner.qualified, row.name),
        )
        self.enum_sources[qualified] = page.path
        self.index.add(qualified, None)
        return qualified

    def _compare_members(self, enum: TypeDef, row: PropertyRow, page: PageFacts) -> None:
        assert row.enum_values is not None
        known = [member.name for member in enum.members]
        extra = [value for value in row.enum_values if value not in known]
        if enum.source is None and extra:
            # An enum known only from sentences grows with every sentence that lists more.
            enum.members.extend(EnumMember(value) for value in extra)
            return
        missing = [name for name in known if name not in row.enum_values]
        if extra or (missing and enum.source is not None):
            parts = []
            if extra:
                parts.append(f"lists {', '.join(extra)} which {enum.name} does not have")
            if missing:
                parts.append(f"omits {', '.join(missing[:5])}{'...' if len(missing) > 5 else ''}")
            self.diagnostics.append(
                diag(
                    "GEN208",
                    page.path,
                    row.line,
                    f"'Possible values' of {row.name!r} {' and '.join(parts)}",
                    type=enum.qualified,
                    member=row.name,
                    severity="info" if not extra else "warning",
                )
            )

    # -- 4./5. inheritance and kinds ----------------------------------------------------
    def _bases(self) -> None:
        for qualified, (page, facts) in self.facts.items():
            for claim in facts.bases:
                spelling = TypeSpelling(raw=claim.name, name=claim.name, target=claim.target)
                base = self.resolve_spelling(spelling, claim.target, None, page, line=claim.line)
                if base and base != qualified:
                    strength = 3 if claim.source == "annotation" else 2
                    self.base_evidence.add(qualified, base, strength, page.path, claim.line)
            for link in facts.derived:
                # A base page listing its subtypes: trusted only when the link's page is here.
                derived = self.index.find(None, link.target, link.anchor, page.namespace)
                if derived and derived != qualified:
                    self.base_evidence.add(derived, qualified, 2, page.path, facts.line)
        inheritance.choose_bases(self.types, self.base_evidence, self.diagnostics)

    def _operation_targets(self) -> set[str]:
        """Types that operations treat as entities: addressed by key, created, or listed."""
        targets: set[str] = set()
        for page in self.pages:
            operation = page.operation
            if operation is None:
                continue
            paths = [request.path for request in operation.requests if request.path]
            keyed = any(path.endswith(("}", "')", '")')) for path in paths)
            created = operation.response_status == 201
            listed = operation.response_collection and any("(" not in path.rpartition("/")[2] for path in paths)
            links = [operation.response_type, operation.body_type] if keyed else [operation.response_type]
            if not (keyed or created or listed):
                continue
            for link in links:
                found = self.index.find(link.name, link.target, link.anchor, page.namespace) if link else None
                if found:
                    targets.add(found)
        return targets

    def _entity_root(self) -> None:
        """``entity`` is the root of entity types, and ``id`` is its property."""
        root = f"{self.main_namespace}.{ENTITY_ROOT}"
        roots = [
            typedef
            for qualified, typedef in self.types.items()
            if typedef.kind == "entity" and typedef.base is None and qualified != root
        ]
        if not roots:
            return
        entity = self.types.get(root)
        if entity is None:
            entity = TypeDef(name=ENTITY_ROOT, namespace=self.main_namespace, kind="entity", source=None)
            self.types[root] = entity
            self.index.add(root, None)
        entity.kind = "entity"
        for typedef in roots:
            typedef.base = root
            own_id = typedef.property("id")
            if own_id is not None and entity.property("id") is None:
                entity.properties.insert(0, own_id)
        if entity.property("id") is None:
            entity.properties.insert(0, Property("id", TypeRef("Edm.String"), description="The unique identifier."))


def _main_namespace(pages: list[PageFacts]) -> str:
    counts = collections.Counter(page.namespace for page in pages if page.kind != "conceptual")
    if not counts:
        return "microsoft.graph"
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


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
