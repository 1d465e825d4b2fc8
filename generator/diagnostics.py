"""Temporary face for parse/ and resolve/ until they move into docs/ (issue 11, last step)."""

from .model.diagnostics import CODES, SEVERITY_RANK, Code, Diagnostic, Severity, count_by_code, diag

__all__ = ["CODES", "SEVERITY_RANK", "Code", "Diagnostic", "Severity", "count_by_code", "diag"]
