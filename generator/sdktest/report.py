"""``gen test`` output for people: the summary table and the reasons behind the numbers."""

from __future__ import annotations

import collections

from .run import TestReport


def summary_table(report: TestReport) -> str:
    s = report.summary
    lines = [
        "examples   parsed   lossless   typed   |   replay candidates   replayed   matched",
        f"{s['examples']:>8} {s['parsed']:>8} {s['lossless']:>10} {s['typed']:>7}   |"
        f"   {s['replay_candidates']:>17} {s['replayed']:>10} {s['replay_matched']:>9}",
        "",
    ]
    outcomes = collections.Counter(row.outcome for row in report.rows)
    lines.append("examples by outcome: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    codes = collections.Counter(code for row in report.rows for code in row.codes)
    if codes:
        lines.append("doc defects in lossless examples: " + ", ".join(f"{k} x{v}" for k, v in codes.most_common()))
    replay_outcomes = collections.Counter(row.outcome for row in report.replays)
    lines.append("request examples by replay outcome (the table counts method pages): " + ", ".join(f"{k} {v}" for k, v in sorted(replay_outcomes.items())))
    reasons = collections.Counter(_reason_kind(row.reason) for row in report.replays if row.outcome != "matched")
    for reason, count in reasons.most_common(8):
        lines.append(f"  {count:>5}  {reason}")
    for lossy in [r for r in report.rows if r.outcome == "lossy"][:10]:
        lines.append(f"LOSSY {lossy.file}:{lossy.line}: {lossy.detail}")
    for replay in [r for r in report.replays if r.outcome == "mismatch"][:10]:
        lines.append(f"MISMATCH {replay.file}:{replay.line} {replay.operation}: {replay.reason}")
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in report.timings.items())
    lines.append(f"({timing})")
    return "\n".join(lines) + "\n"


def _reason_kind(reason: str) -> str:
    """Group reasons by their stable first part (before any quoted detail)."""
    return reason.split(" (")[0].split(": ")[0][:90]
