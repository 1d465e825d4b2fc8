"""What a lint run found: the findings, and with ``--metadata`` the coverage summary.

Its own module, light to import: the report formats and the command line read it without
loading the rules.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING

import attrs

from ..model.counting import by_count
from ..model.diagnostics import SEVERITY_RANK, Diagnostic

if TYPE_CHECKING:
    from ..metadata.coverage import Coverage


@attrs.frozen
class LintReport:
    findings: tuple[Diagnostic, ...]
    coverage: Coverage | None = None  # with --metadata: what the metadata has that no documented path reaches

    @property
    def active(self) -> list[Diagnostic]:
        return [finding for finding in self.findings if not finding.suppressed]

    def counts(self) -> list[tuple[str, int]]:
        """(code, count) of unsuppressed findings, most frequent first."""
        counter = collections.Counter(finding.code for finding in self.active)
        return by_count(counter)

    def failing(self, fail_on: str) -> list[Diagnostic]:
        """Unsuppressed findings at or above ``fail_on`` (none for "none")."""
        if fail_on == "none":
            return []
        threshold = SEVERITY_RANK[fail_on]
        return [finding for finding in self.active if SEVERITY_RANK[finding.severity] >= threshold]
