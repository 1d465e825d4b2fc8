"""What the metadata has that no documented path reaches: a summary, grouped, not findings.

Thousands of navigation properties and bound operations that no page documents would bury
a lint report; the docs team needs to know how many there are and where they cluster
(entity sets and singletons by name, navigation properties and bound operations by the
type that has them).
"""

from __future__ import annotations

import collections
from typing import Any

import attrs

from .addressing import Reached
from .csdl import Metadata

SHOWN = 10  # names listed per group before "and N more"


@attrs.frozen
class Group:
    """One kind of thing the metadata has: how many, and those no documented path reaches."""

    what: str
    total: int
    undocumented: tuple[str, ...]

    def line(self) -> str:
        missing = len(self.undocumented)
        head = f"{self.what}: {self.total - missing} of {self.total} reached by a documented path"
        if not missing:
            return head
        shown = ", ".join(self.undocumented[:SHOWN]) + (f" and {missing - SHOWN} more" if missing > SHOWN else "")
        return f"{head}; {missing} undocumented: {shown}"


@attrs.frozen
class Coverage:
    groups: tuple[Group, ...]

    def lines(self) -> list[str]:
        return ["metadata coverage:", *(f"  {group.line()}" for group in self.groups)]

    def as_dict(self) -> dict[str, Any]:
        return {group.what: {"total": group.total, "undocumented": list(group.undocumented)} for group in self.groups}


def coverage(service: Metadata, reached: Reached) -> Coverage:
    roots = [m for m in service.container if m.kind.addresses_entities]
    navigation = [(t.qualified, p.name) for t in service.model.types.values() for p in t.properties if p.navigation]
    bound = sorted({(op.qualified, op.binding.name) for op in service.operations if op.binding is not None})
    return Coverage((
        Group("entity sets and singletons", len(roots), tuple(sorted(m.name for m in roots if m.name not in reached.roots))),
        Group("navigation properties", len(navigation), _by_owner([n for n in navigation if n not in reached.navigation])),
        Group("bound actions and functions", len(bound), _by_owner([(b, _short(o)) for o, b in bound if (o, b) not in reached.operations])),
    ))


def _by_owner(pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    """``owner: a, b, c`` per owner, the owners with most first."""
    grouped: dict[str, list[str]] = collections.defaultdict(list)
    for owner, name in pairs:
        grouped[_short(owner)].append(name)
    ranked = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(f"{owner} ({', '.join(sorted(names))})" for owner, names in ranked)


def _short(qualified: str) -> str:
    return qualified.rpartition(".")[2] or qualified
