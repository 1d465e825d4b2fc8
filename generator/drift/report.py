"""The four outputs of ``gen drift``: text, ``gen-drift/1`` JSON, Markdown and GitHub annotations.

Each formatter takes the sorted changes of :func:`generator.drift.diff_models` and
returns the whole document as a string; none of them reorders or drops a change, except
that the Markdown summary lists at most ``MARKDOWN_ROWS`` rows and ``MARKDOWN_CHARS``
characters (a pull-request comment is limited to 65,536) and the GitHub annotations at
most ``GITHUB_CAP`` per level, and each says how many it left out. Every count is by the
severity each change is reported at (after ``[tool.gen.drift.severity]``).
"""

from __future__ import annotations

import collections
import itertools
from typing import TYPE_CHECKING, Callable, Iterable

from ..model.changes import ChangeKind, ChangeSeverity
from ..model.counting import by_count
from ..model.diff import Change, counts_by_kind, describe
from ..report import github
from ..report.documents import document_text, versioned
from .changelog import drift_changelog

if TYPE_CHECKING:
    from .sources import Side

FORMAT = "gen-drift/1"
MARKDOWN_ROWS = 300  # rows over all Markdown tables; the rest is counted, not listed
MARKDOWN_CHARS = 60_000  # ... and characters (a GitHub comment holds at most 65,536)
MARKDOWN_OPEN = 20  # a table longer than this is collapsed in <details>
# What each reported severity is called, in each format that names it (most severe first).
TEXT_MARKS = {ChangeSeverity.BREAKING: "!", ChangeSeverity.WARNING: "~", ChangeSeverity.INFO: "+"}
MARKDOWN_TITLES = {
    ChangeSeverity.BREAKING: "Breaking changes", ChangeSeverity.WARNING: "Warnings", ChangeSeverity.INFO: "Additive changes"
}
GITHUB_LEVELS = {ChangeSeverity.BREAKING: "error", ChangeSeverity.WARNING: "warning", ChangeSeverity.INFO: "notice"}
GITHUB_CAP = 10  # annotations per level: GitHub shows about ten per level and step (as gen lint's)
# A severity's word in headlines and counts.
COUNT_WORDS = {ChangeSeverity.BREAKING: "breaking", ChangeSeverity.WARNING: "warning", ChangeSeverity.INFO: "additive"}
# Pages whose content was not read (not in the repository): their API counts as removed or added.
UNREAD_CODE = "GEN008"


def drift_json(changes: list[Change]) -> str:
    return document_text(versioned(FORMAT, changes=[change.as_dict() for change in changes]))


# -- text -------------------------------------------------------------------------------


def drift_text(changes: list[Change], old_label: str = "OLD", new_label: str = "NEW") -> str:
    """Grouped by type, then by operation; breaking changes marked ``!``."""
    changes = sorted(changes, key=Change.sort_key)  # grouping needs the report order
    lines = [f"API drift {old_label} -> {new_label}: {_headline(changes)}"]
    if not changes:
        return lines[0] + "\n"
    counts = counts_by_kind(changes)
    lines.append("  " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))
    for subject, section in itertools.groupby(changes, key=lambda change: change.change.subject):
        lines += ["", subject.heading, ""]
        for owner, group in itertools.groupby(section, key=lambda change: change.type):
            lines.append(owner)
            lines.extend(_text_line(change) for change in group)
    lines += ["", "! breaking    ~ warning    + additive"]
    return "\n".join(lines) + "\n"


def _text_line(change: Change) -> str:
    where = f"  ({change.location}:{change.line})" if change.location and change.line else ""
    return f"  {TEXT_MARKS[change.severity]} {change.change.value:<22} {describe(change)}{where}"


def _headline(changes: list[Change]) -> str:
    """``3 changes (1 breaking, 2 additive)``; warnings are counted apart, never as additive."""
    if not changes:
        return "no API changes"
    counts = collections.Counter(change.severity for change in changes)
    parts = [f"{counts[ChangeSeverity.BREAKING]} breaking"]
    if counts[ChangeSeverity.WARNING]:
        parts.append(_plural(counts[ChangeSeverity.WARNING], "warning"))
    parts.append(f"{counts[ChangeSeverity.INFO]} additive")
    return f"{_plural(len(changes), 'change')} ({', '.join(parts)})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


# -- markdown ---------------------------------------------------------------------------


def drift_markdown(
    changes: list[Change], old_label: str = "OLD", new_label: str = "NEW", path_of: Callable[[str], str] = lambda path: path
) -> str:
    """A pull-request comment: headline, what to review first, counts by kind, then the tables.

    Paths are the repository's (``path_of``) and link to their line (``path#L12``, which
    GitHub resolves against the pull request's head); "Review first" lists the breaking
    changes, then the warnings, by location, so a reviewer opens those pages first.

    Rows stop at ``MARKDOWN_ROWS`` or ``MARKDOWN_CHARS`` (GitHub refuses a comment over
    65,536 characters); what is left out is counted.
    """
    lines = [f"### API drift: {_headline(changes)}", "", f"`{_cell(old_label)}` → `{_cell(new_label)}`", ""]
    if not changes:
        return "\n".join(lines)
    lines += _review_first(changes, path_of)
    lines += ["| Change | Count | Breaking |", "|:---|---:|:---:|"]
    lines += _count_rows(changes)
    rows, chars = MARKDOWN_ROWS, MARKDOWN_CHARS - sum(len(line) + 1 for line in lines)
    for severity, title in MARKDOWN_TITLES.items():
        selected = [change for change in changes if change.severity is severity]
        if not selected:
            continue
        shown = []
        for change in selected:
            row = _markdown_row(change, path_of)
            if rows <= 0 or chars - len(row) < 0:
                break
            shown.append(row)
            rows, chars = rows - 1, chars - len(row) - 1
        lines += [""] + _markdown_section(f"{title} ({len(selected)})", shown, len(selected) - len(shown))
    return "\n".join(lines) + "\n"


def _count_rows(changes: list[Change]) -> list[str]:
    """One row a kind, most severe first; "Breaking" as the changes are reported (a configured
    severity, or a kind only some of whose changes break), not as the kind's default."""
    breaking: collections.Counter[ChangeKind] = collections.Counter()
    worst: dict[ChangeKind, int] = {}
    for change in changes:
        breaking[change.change] += int(change.breaking)
        worst[change.change] = max(worst.get(change.change, 0), change.severity.rank)
    counts = sorted(counts_by_kind(changes).items(), key=lambda item: -worst[item[0]])  # stable: kind order kept
    return [f"| {kind} | {count} | {_breaking_cell(breaking[kind], count)} |" for kind, count in counts]


def _breaking_cell(breaking: int, count: int) -> str:
    if breaking == count:
        return "yes"
    return f"{breaking} of {count}" if breaking else ""


def _markdown_section(title: str, rows: list[str], left_out: int) -> list[str]:
    table = ["| Change | Type or operation | Member | Old | New | Where |", "|:---|:---|:---|:---|:---|:---|"]
    table += rows
    if left_out:
        table += ["", f"… and {left_out} more (see `gen drift --format json`)."]
    if len(rows) <= MARKDOWN_OPEN:
        return [f"#### {title}", ""] + table
    return ["<details>", f"<summary><b>{title}</b></summary>", ""] + table + ["", "</details>"]


def _markdown_row(change: Change, path_of: Callable[[str], str]) -> str:
    cells = [change.change.value, change.type, change.member or "", change.old or "", change.new or ""]
    row = "| " + " | ".join(_code(cell) if cell and index else _cell(cell) for index, cell in enumerate(cells))
    return row + f" | {_where(change, path_of)} |"


REVIEW_FIRST = 10  # locations listed under "Review first"


def _review_first(changes: list[Change], path_of: Callable[[str], str]) -> list[str]:
    urgent = [change for change in changes if change.breaking]
    urgent += [change for change in changes if change.severity is ChangeSeverity.WARNING]
    if not urgent:
        return []
    lines = ["**Review first** (breaking, then warnings):", ""]
    for change in urgent[:REVIEW_FIRST]:
        words = describe(change)
        lines.append(f"1. {change.severity} `{change.change}` `{_cell(change.type)}`"
                     + (f" {_cell(words)}" if words else "") + f" — {_where(change, path_of)}")
    if len(urgent) > REVIEW_FIRST:
        lines.append(f"\n… and {len(urgent) - REVIEW_FIRST} more below.")
    return lines + [""]


def _where(change: Change, path_of: Callable[[str], str]) -> str:
    """The repository path, linked to its line; a location in OLD only is named, not linked."""
    if not change.file:
        return ""
    if change.in_old:
        return _cell(f"{change.location}:{change.line}" if change.line else change.location)
    path = path_of(change.file)
    label = f"{path}:{change.line}" if change.line else path
    target = f"{path}#L{change.line}" if change.line else path
    return f"[{_cell(label)}]({target.replace(' ', '%20').replace(')', '%29')})"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text).replace('`', '')}`"


# -- github -----------------------------------------------------------------------------


def drift_github(changes: list[Change], path_of: Callable[[str], str] = lambda path: path) -> str:
    """Workflow commands: ``::error`` for breaking changes, ``::warning``, ``::notice`` for additive ones.

    At most ``GITHUB_CAP`` a level, in report order; a plain line a level then counts the
    rest by kind (GitHub would not show them, and a step with a thousand is unreadable).
    ``path_of`` maps a docs-relative path to one relative to the repository root. A change
    located in OLD only (its owner is gone from NEW) gets no file, and says where it was.
    """
    lines = []
    rest: dict[ChangeSeverity, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    shown: collections.Counter[ChangeSeverity] = collections.Counter()
    for change in changes:
        if shown[change.severity] >= GITHUB_CAP:
            rest[change.severity][change.change.value] += 1
            continue
        shown[change.severity] += 1
        lines.append(_annotation(change, path_of))
    for severity, word in COUNT_WORDS.items():
        if rest[severity]:
            by_kind = ", ".join(f"{kind} {count}" for kind, count in by_count(rest[severity]))
            lines.append(f"gen drift: {sum(rest[severity].values())} more {word} changes not annotated ({by_kind}); "
                         "--format markdown or json lists every change")
    return "".join(line + "\n" for line in lines)


def _annotation(change: Change, path_of: Callable[[str], str]) -> str:
    properties = []
    message = f"{change.change}: {change.type}" + (f" {describe(change)}" if describe(change) else "")
    if change.file and not change.in_old:
        properties.append(f"file={github.escape_property(path_of(change.file))}")
        if change.line:
            properties.append(f"line={change.line}")
    elif change.file:
        message += f" (was at {change.file}:{change.line} in OLD)"
    properties.append(f"title={github.escape_property(f'API drift: {change.change}')}")
    return f"::{GITHUB_LEVELS[change.severity]} {','.join(properties)}::{github.escape_data(message)}"


PathOf = Callable[[str], str]

# --format choices of gen drift, in the order --help lists them (text is the default).
FORMATS: dict[str, Callable[[list[Change], str, str, PathOf], str]] = {
    "text": lambda changes, old, new, path_of: drift_text(changes, old, new),
    "json": lambda changes, old, new, path_of: drift_json(changes),
    "markdown": lambda changes, old, new, path_of: drift_markdown(changes, old, new, path_of),
    "github": lambda changes, old, new, path_of: drift_github(changes, path_of),
    "changelog": lambda changes, old, new, path_of: drift_changelog(changes, old, new),
}


def render(fmt: str, changes: Iterable[Change], old_label: str, new_label: str, path_of: PathOf) -> str:
    return FORMATS[fmt](list(changes), old_label, new_label, path_of)


def summary_line(old: Side, new: Side) -> str:
    """The stderr line about loading: pages and diagnostics of each side (not listed); then a
    line a side with pages whose content is not in the repository (GEN008), since their API
    counts as removed or added, and a reader of the changes must know that."""
    lines = [
        f"drift: {old.label}: {_plural(old.pages, 'page')}, {_plural(len(old.model.diagnostics), 'diagnostic')}; "
        f"{new.label}: {_plural(new.pages, 'page')}, {_plural(len(new.model.diagnostics), 'diagnostic')} "
        "(diagnostics are for `gen lint`; -v lists them)"
    ]
    for side in (old, new):
        unread = sorted({d.file for d in side.model.diagnostics if d.code == UNREAD_CODE})
        if unread:
            named = ", ".join(unread[:3]) + (f" and {len(unread) - 3} more" if len(unread) > 3 else "")
            lines.append(f"drift: {side.label}: {_plural(len(unread), 'page')} not read, {UNREAD_CODE} ({named}): "
                         "the content is not in the repository, so its API counts as removed or added; -v says why")
    return "\n".join(lines)
