"""Suppressions: page comments and ``[[tool.gen.suppress]]`` entries that silence findings.

A suppressed finding stays in the report, marked with the reason (JSON and SARIF show it);
it does not count for the exit status. A suppression must give a reason (GEN401), name a
known code (GEN402) and match something (GEN403); such a finding points at the comment's
line, as the page's facts give it (the docs wing's reader is the one parser of comments).
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import attrs

from ..config import Config, Suppression
from ..docs.parse.facts import PageFacts
from ..model import ApiModel
from ..model.diagnostics import CODES, Diagnostic, diag
from ..model.kinds import Word

RuleLines = Mapping[tuple[str, str, str | None], int]  # (page, code, member) -> line of its comment


def lint_order(finding: Diagnostic) -> tuple[str, int, str, str, str, str]:
    """The order of ``gen-lint/1``: place, code, then member, type and message."""
    return (finding.file, finding.line, finding.code, finding.member or "", finding.type or "", finding.message)


class SuppressionKind(Word):
    """Where a suppression is written, in SARIF's words (a result's ``suppressions[].kind``)."""

    IN_SOURCE = "inSource"  # a page's comment
    EXTERNAL = "external"  # a [[tool.gen.suppress]] entry

    @property
    def where(self) -> str:
        """As a finding about the suppression names it."""
        return {SuppressionKind.IN_SOURCE: "page", SuppressionKind.EXTERNAL: "configuration"}[self]


@attrs.frozen
class SuppressionRule:
    """A suppression in force: where it applies, and where it is written."""

    code: str  # a code, or a pattern such as GEN1*
    reason: str
    kind: SuppressionKind = attrs.field(converter=SuppressionKind)
    origin: str  # file that holds the suppression (page, or the configuration file)
    line: int
    file: str | None = None  # page (inSource) or glob over docs-relative paths (external)
    type: str | None = None
    member: str | None = None

    def matches(self, finding: Diagnostic) -> bool:
        if not fnmatch.fnmatchcase(finding.code, self.code):
            return False
        if self.kind is SuppressionKind.IN_SOURCE:
            return self._matches_on_page(finding)
        return self._matches_in_tree(finding)

    def _matches_on_page(self, finding: Diagnostic) -> bool:
        # The word after the code names the member, or the type a finding is about.
        if finding.file != self.file:
            return False
        return self.member is None or self.member == finding.member or _type_matches(self.member, finding.type)

    def _matches_in_tree(self, finding: Diagnostic) -> bool:
        if self.file is not None and not fnmatch.fnmatchcase(finding.file, self.file):
            return False
        if self.type is not None and not _type_matches(self.type, finding.type):
            return False
        return self.member is None or self.member == finding.member


def _type_matches(pattern: str, qualified: str | None) -> bool:
    if qualified is None:
        return False
    short = qualified.rpartition(".")[2]
    return (
        pattern == qualified
        or pattern.lower() == short.lower()
        or fnmatch.fnmatchcase(qualified, pattern)
    )


def page_rules(model: ApiModel, lines: RuleLines) -> list[SuppressionRule]:
    return [
        SuppressionRule(
            code, reason, SuppressionKind.IN_SOURCE, file, lines.get((file, code, member), 0), file=file, member=member
        )
        for file, code, member, reason in model.suppressions
    ]


def page_rule_lines(pages: Iterable[PageFacts]) -> RuleLines:
    """The line of each page's suppression comments (the first, where one is written twice)."""
    lines: dict[tuple[str, str, str | None], int] = {}
    for page in pages:
        for found in page.suppressions:
            lines.setdefault((page.path, found.code, found.member), found.line)
    return lines


def config_rules(suppressions: Sequence[Suppression], origin: str, lines: Sequence[int] = ()) -> list[SuppressionRule]:
    return [
        SuppressionRule(
            item.code,
            item.reason,
            SuppressionKind.EXTERNAL,
            origin,
            lines[index] if index < len(lines) else 0,
            file=item.file,
            type=item.type,
            member=item.member,
        )
        for index, item in enumerate(suppressions)
    ]


def apply_rules(findings: Iterable[Diagnostic], rules: Sequence[SuppressionRule]) -> tuple[Diagnostic, ...]:
    used = [False] * len(rules)
    result: list[Diagnostic] = []
    for finding in findings:
        for index, rule in enumerate(rules):
            if rule.matches(finding):
                used[index] = True
                finding = attrs.evolve(finding, suppressed_by=rule.reason, suppression_kind=rule.kind.value)
                break
        result.append(finding)
    result += _rule_findings(rules, used)
    return tuple(sorted(set(result), key=lint_order))


def _rule_findings(rules: Sequence[SuppressionRule], used: Sequence[bool]) -> Iterator[Diagnostic]:
    for rule, was_used in zip(rules, used):
        where = rule.kind.where
        if not rule.reason.strip():
            yield _finding("GEN401", rule, f"{where} suppression of {rule.code} gives no reason (write '-- reason')")
        if not any(fnmatch.fnmatchcase(code, rule.code) for code in CODES):
            yield _finding("GEN402", rule, f"{where} suppression names {rule.code!r}, which is not a gen code")
        elif not was_used:
            target = f" for {rule.member or rule.type}" if rule.member or rule.type else ""
            yield _finding("GEN403", rule, f"{where} suppression of {rule.code}{target} matches no finding")


def _finding(code: str, rule: SuppressionRule, message: str) -> Diagnostic:
    return diag(code, rule.origin, rule.line, message, type=rule.type, member=rule.member)


def config_origin(config: Config, root: Path) -> tuple[str, list[int]]:
    """The configuration file as findings name it, and the line of each [[tool.gen.suppress]].

    Like every finding's file, the name is relative to the docs root (``../pyproject.toml``),
    so that the repository prefix of SARIF and GitHub output applies to it too.
    """
    if config.path is None:
        return "pyproject.toml", []
    try:
        origin = os.path.relpath(config.path.resolve(), root.resolve())
    except ValueError:  # another drive (Windows)
        origin = str(config.path)
    try:
        text = config.path.read_text(encoding="utf-8")
    except OSError:
        return origin, []
    lines = [number for number, line in enumerate(text.split("\n"), 1) if re.match(r"\s*\[\[\s*tool\.gen\.suppress\s*\]\]", line)]
    return Path(origin).as_posix(), lines


