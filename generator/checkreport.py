"""``gen check`` output for people: what is stale, which API elements, and the fix."""

from __future__ import annotations

from pathlib import Path

from .check import CheckResult
from .drift import Change
from .drift_report import describe

MAX_LISTED = 40


def _element(change: Change) -> str:
    return f"{change.type}.{change.member}" if change.member and not change.member.startswith("/") else change.type


def check_text(result: CheckResult, out_dir: Path) -> str:
    if result.current:
        return f"{out_dir} is up to date with the docs.\n"
    lines = [f"{out_dir} is stale:"]
    lines += [f"  - {reason}" for reason in result.reasons]
    if result.changes:
        lines.append(f"API elements that changed ({len(result.changes)}):")
        lines += [f"  {'!' if c.breaking else '+'} {c.change} {_element(c)}: {describe(c)}" for c in result.changes[:MAX_LISTED]]
        if len(result.changes) > MAX_LISTED:
            lines.append(f"  ... and {len(result.changes) - MAX_LISTED} more (--format json lists all)")
    elif result.files_changed or result.files_added or result.files_removed:
        lines.append("No API element changed; generated text did (descriptions, examples, or gen itself).")
    for label, files in (("added", result.files_added), ("changed", result.files_changed), ("removed", result.files_removed)):
        if files:
            shown = ", ".join(files[:8]) + (f" (+{len(files) - 8} more)" if len(files) > 8 else "")
            lines.append(f"Files {label} ({len(files)}): {shown}")
    lines.append(f"Fix: {result.fix}")
    return "\n".join(lines) + "\n"
