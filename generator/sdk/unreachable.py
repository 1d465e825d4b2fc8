"""Documented paths the client cannot navigate: each is a GEN602, never a silent gap.

Navigation (``render/navigation.py``) reads a path segment by segment; a segment none of
its rules reads (``...``, ``~``, a literal id where a ``{placeholder}`` belongs) or an
HTTP method no method name stands for leaves the path out of the client. The finding
names the path, the reason, and whether the operation is still reachable by another path.
"""

from __future__ import annotations

from ..model import Operation
from ..model.diagnostics import Diagnostic, diag
from .render.tree import Navigation

_UNREADABLE = "write each variable segment as a {placeholder} (a literal id belongs in the examples)"
_NO_METHOD = "the client has no method for it: report it if the path is real"


def unreachable_paths(navigation: Navigation) -> list[Diagnostic]:
    """A GEN602 for each documented (operation, path) the client leaves out."""
    reached = {endpoint.operation.name for endpoint in navigation.endpoints}
    return [_finding(operation, path, reason, operation.name in reached) for operation, path, reason in navigation.skipped]


def _finding(operation: Operation, path: str, reason: str, reached: bool) -> Diagnostic:
    http = (operation.method or "GET").upper()
    where = "the SDK reaches the operation by its other paths" if reached else "the operation is not in the SDK"
    next_step = _UNREADABLE if reason.startswith("segment") else _NO_METHOD
    message = f"{http} {path} is not in the SDK ({reason}): {where}; {next_step}"
    return diag("GEN602", operation.source, operation.line, message, member=operation.name)
