"""The four outputs of ``gen drift``: text, ``gen-drift/1`` JSON, Markdown and GitHub annotations.

Each formatter takes the sorted changes of :func:`generator.drift.diff_models` and
returns the whole document as a string; none of them reorders or drops a change, except
that the Markdown summary lists at most ``MARKDOWN_ROWS`` rows and ``MARKDOWN_CHARS``
characters (a pull-request comment is limited to 65,536) and says how many it left out.
"""

from __future__ import annotations

import itertools
from typing import Callable, Iterable

from ..model.changes import ChangeSeverity
from ..model.diff import Change, counts_by_kind, describe
from ..report import github
from ..report.documents import document_text, versioned
from .changelog import drift_changelog
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
    if not changes:
        return "no API changes"
    breaking = sum(1 for change in changes if change.breaking)
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun} ({breaking} breaking, {len(changes) - breaking} additive)"


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
    lines += [
        f"| {kind} | {count} | {'yes' if kind.breaking else ''} |" for kind, count in counts_by_kind(changes).items()
    ]
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
    """Workflow commands: ``::error`` for breaking changes, ``::notice`` for additive ones.

    ``path_of`` maps a docs-relative path to one relative to the repository root. A change
    located in OLD only (its owner is gone from NEW) gets no file, and says where it was.
    """
    lines = []
    for change in changes:
        level = GITHUB_LEVELS[change.severity]
        properties = []
        message = f"{change.change}: {change.type}" + (f" {describe(change)}" if describe(change) else "")
        if change.file and not change.in_old:
            properties.append(f"file={github.escape_property(path_of(change.file))}")
            if change.line:
                properties.append(f"line={change.line}")
        elif change.file:
            message += f" (was at {change.file}:{change.line} in OLD)"
        properties.append(f"title={github.escape_property(f'API drift: {change.change}')}")
        lines.append(f"::{level} {','.join(properties)}::{github.escape_data(message)}")
    return "".join(line + "\n" for line in lines)


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
    """The one stderr line about loading: pages and diagnostics of each side (not listed)."""
    return (
        f"drift: {old.label}: {old.pages} pages, {len(old.model.diagnostics)} diagnostics; "
        f"{new.label}: {new.pages} pages, {len(new.model.diagnostics)} diagnostics "
        "(diagnostics are for `gen lint`; -v lists them)"
    )
