"""``gen lint``: rules over the model, example conformance, suppressions, report formats."""

from .rules import RULES, LintReport, lint_model, lint_tree, repository_prefix

__all__ = ["RULES", "LintReport", "lint_model", "lint_tree", "repository_prefix"]
