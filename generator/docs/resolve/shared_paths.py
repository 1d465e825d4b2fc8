"""One method on one path: the operations that several pages document there.

A query string never makes another operation. ``GET /me?$expand=manager`` on a page about
managers is ``GET /me`` with an option: when another page documents ``GET /me`` itself,
the path belongs to that page's operation, not to this one (GEN211 says so where the
query is written). Pages that still document one method on one path with different
responses are a finding that names both pages: an info when the types are one family (a
base and its subtypes, as a page per subtype documents them; the SDK answers with the
base and reads the subtype from ``@odata.type``), a warning when they are not (GEN212,
GEN213). The return type is never widened without one of them.
"""

from __future__ import annotations

import re

from ...model import ApiModel, Operation
from ...model.diagnostics import Diagnostic, diag
from ...model.paths import normal_path, placeholder_shape
from ..parse.facts import PageFacts
from .operations import DocumentedPath, documented_paths

Documented = tuple[Operation, DocumentedPath]


def path_key(method: str | None, path: str) -> tuple[str, str]:
    """What makes two documented paths one: the method, and the path without placeholder names or case."""
    return (method or "GET").upper(), placeholder_shape(normal_path(path)).lower()


def settle(model: ApiModel, pages: list[PageFacts], diagnostics: list[Diagnostic]) -> None:
    """Give each path to the operations that document it without a query; report the rest."""
    by_page = {page.path: documented_paths(page) for page in pages if page.operation is not None}
    groups: dict[tuple[str, str], list[Documented]] = {}
    for operation in model.operations:
        documented = by_page.get(operation.source, {})
        for path in operation.paths:
            where = documented.get(path, DocumentedPath(operation.line, False))
            groups.setdefault(path_key(operation.method, path), []).append((operation, where))
    reported: set[tuple[str, ...]] = set()
    for key in sorted(groups):
        group = groups[key]
        owners = [(operation, where) for operation, where in group if not where.query_only]
        if owners:
            for operation, where in group:
                if where.query_only:
                    diagnostics.append(_give_up_path(operation, where, key, owners[0][0]))
        _compare_responses(model, key, owners or group, reported, diagnostics)


def _give_up_path(operation: Operation, where: DocumentedPath, key: tuple[str, str], owner: Operation) -> Diagnostic:
    path = next(p for p in operation.paths if path_key(operation.method, p) == key)
    operation.paths.remove(path)
    return diag(
        "GEN211",
        operation.source,
        where.line,
        f"{key[0]} {path} with a query string is {owner.name} ({owner.source}) with query options, "
        f"not a method of {operation.name}",
    )


def _compare_responses(
    model: ApiModel, key: tuple[str, str], group: list[Documented], reported: set[tuple[str, ...]], diagnostics: list[Diagnostic]
) -> None:
    typed = {operation.name: operation for operation, _ in group if operation.response_type}
    answers = {(op.response_type or "", op.response_collection) for op in typed.values()}
    if len(answers) < 2:
        return
    names = tuple(sorted(typed))
    if names in reported:
        return  # the same pages on another of their paths: one finding is enough
    reported.add(names)
    operations = [typed[name] for name in names]
    first_where = next(where for operation, where in group if operation is operations[0])
    pages = ", ".join(f"{op.source} ({_short(op)})" for op in operations)
    base = model.common_base([op.response_type or "" for op in operations])
    collections = {op.response_collection for op in operations}
    if base is not None and len(collections) == 1:
        message = f"{key[0]} {key[1]} is documented by {pages}: the SDK answers with {_short_name(base)}, their base"
        diagnostics.append(diag("GEN212", operations[0].source, first_where.line, message))
        return
    why = "one answers a collection, another a single object" if len(collections) > 1 else "the types share no base"
    message = f"{key[0]} {key[1]} is documented by {pages}, and {why}: one of the pages is wrong"
    diagnostics.append(diag("GEN213", operations[0].source, first_where.line, message))


def _short(operation: Operation) -> str:
    name = _short_name(operation.response_type or "")
    return f"{name} collection" if operation.response_collection else name


def _short_name(qualified: str) -> str:
    return qualified.rpartition(".")[2] or qualified
