"""The state the resolve steps share: the pages, the types declared so far, lookups, findings.

Each step (``types``, ``enums``, ``inheritance``, ``calls``, ``operations``) is a module of
functions that take a ``ResolveContext``; this is their one named interface.
"""

from __future__ import annotations

import collections
from typing import Iterable

import attrs

from ...model.diagnostics import Diagnostic, diag
from ...model import Property, TypeDef
from ..parse.facts import PageFacts, PageKind, PropertyRow, TypeFacts, TypeLink
from ..parse.typecell import TypeSpelling
from .inheritance import BaseEvidence
from .lookup import TypeIndex
from ...model.counting import most_common


@attrs.define
class Claim:
    """A row that says it belongs to another type (or a body table's subject)."""

    row: PropertyRow
    page: PageFacts
    priority: int  # 0: the type's own page, 1: another resource page, 2: an api page


class ResolveContext:
    def __init__(self, pages: list[PageFacts], extra: list[Diagnostic]) -> None:
        self.pages = pages
        self.diagnostics: list[Diagnostic] = list(extra)
        for page in pages:
            self.diagnostics.extend(page.diagnostics)
        self.main_namespace = main_namespace(pages)
        self.index = TypeIndex(self.main_namespace)
        self.types: dict[str, TypeDef] = {}
        self.facts: dict[str, list[tuple[PageFacts, TypeFacts]]] = {}
        self.claims: dict[str, list[Claim]] = collections.defaultdict(list)
        self.base_evidence = BaseEvidence()
        self.unresolved_seen: set[tuple[str, str]] = set()
        self.enum_sources: dict[str, str] = {}  # implied enum -> page whose sentence named it
        # Property names per type, so that adding n rows costs O(n), not O(n²) (10,000-row tables).
        self.property_names: dict[str, tuple[TypeDef, int, dict[str, Property]]] = {}
        # Documented enums by member name (lower case), built when a "Possible values" list needs it.
        self.enums_by_member: dict[str, set[str]] | None = None
        self.enums_by_name: dict[str, str] = {}

    def existing(self, qualified: str) -> str | None:
        if qualified in self.types:
            return qualified
        lowered = self.index.by_qualified_lower.get(qualified.lower())
        return lowered if lowered in self.types else None

    def duplicate(self, existing: str, path: str, line: int) -> None:
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

    def definitions(self) -> Iterable[tuple[str, PageFacts, TypeFacts]]:
        """Every (type, page, facts) that documents a type, the leading page first."""
        for qualified, group in self.facts.items():
            for page, facts in group:
                yield qualified, page, facts

    def known_property(self, typedef: TypeDef, name: str) -> Property | None:
        """The property of ``typedef`` named ``name`` in any case, in O(1).

        The index is rebuilt when the list changed behind its back (10,000-row tables stay linear).
        """
        entry = self.property_names.get(typedef.qualified)
        if entry is None or entry[0] is not typedef or entry[1] != len(typedef.properties):
            entry = (typedef, len(typedef.properties), {prop.name.lower(): prop for prop in typedef.properties})
            self.property_names[typedef.qualified] = entry
        return entry[2].get(name.lower())

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


def main_namespace(pages: list[PageFacts]) -> str:
    counts = collections.Counter(page.namespace for page in pages if page.kind is not PageKind.CONCEPTUAL)
    if not counts:
        return "microsoft.graph"
    return most_common(counts)
