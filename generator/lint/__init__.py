"""``gen lint``: rules over the model, example conformance, suppressions, report formats.

This face re-exports lazily (``generator.lazy``): the report formats load without the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_face
from .findings import LintReport

if TYPE_CHECKING:
    from .rules import RULES, lint_model, lint_tree, repository_prefix

__all__ = ["RULES", "LintReport", "lint_model", "lint_tree", "repository_prefix"]
lazy_face(__name__, {"RULES": "rules", "lint_model": "rules", "lint_tree": "rules", "repository_prefix": "rules"})
