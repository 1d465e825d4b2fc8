"""``gen drift --format changelog``: a Keep a Changelog section and a semver bump.

Sections in Keep a Changelog's order (Added, Changed, Deprecated, Removed), each grouped
by type or operation; a breaking change says so. Each change kind names its section
(``model/changes.py``). The bump: major when any change is breaking (as its severity
says, after ``[tool.gen.drift.severity]``), minor when something was added or deprecated,
patch for anything else, none without changes.
"""

from __future__ import annotations

import itertools

from ..model.changes import Section
from ..model.diff import Change, describe

SECTIONS = tuple(Section)


def section_of(change: Change) -> Section:
    return change.change.section


def semver_bump(changes: list[Change]) -> str:
    if any(change.breaking for change in changes):
        return "major"
    if any(section_of(change).minor for change in changes):
        return "minor"
    return "patch" if changes else "none"


def drift_changelog(changes: list[Change], old_label: str = "OLD", new_label: str = "NEW") -> str:
    bump = semver_bump(changes)
    lines = [
        f"## [Unreleased] - API changes {old_label} -> {new_label}",
        "",
        f"Suggested version bump: **{bump}**"
        + (" (breaking changes)" if bump == "major" else ""),
    ]
    ordered = sorted(changes, key=Change.sort_key)
    for section in SECTIONS:
        selected = [change for change in ordered if section_of(change) == section]
        if not selected:
            continue
        lines += ["", f"### {section}", ""]
        for owner, group in itertools.groupby(selected, key=lambda change: change.type):
            lines.append(f"- `{owner}`")
            lines.extend(_item(change) for change in group)
    return "\n".join(lines) + "\n"


def _item(change: Change) -> str:
    words = describe(change)
    mark = " **(breaking)**" if change.breaking else ""
    return f"  - {change.change}" + (f": {words}" if words else "") + mark
