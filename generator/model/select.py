"""A part of the API: the documented paths a user names, and every type they reach.

``--include '/users/**' --include '/groups/{id}/members' --exclude '/users/{id}/photo/**'``
keeps each operation's paths that some include matches (all when there is no include) and
no exclude matches; an operation without a path left goes. A pattern is matched segment by
segment, case-insensitively: ``*`` is one segment, ``**`` any number (none too), and any
``{placeholder}`` matches any placeholder, whatever its name (``{id}`` is ``{user-id}``).

The types kept are those the kept operations reach: their request, response and parameter
types, the types their examples name (``@odata.type``), and from each, its bases and the
types of its properties, transitively. Nothing else: an SDK of one area of the API holds no
type its operations cannot reach.
"""

from __future__ import annotations

import fnmatch
import itertools
import operator
from typing import Any, Iterable, Iterator

import attrs

from .api import ApiModel, Operation
from .bodies import odata_type
from .paths import PLACEHOLDER


@attrs.frozen
class Selection:
    """The path patterns to keep (none: every path) and to leave out."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return not self.include and not self.exclude

    def describe(self) -> str:
        """The selection as one line (in the inputs digest: a build of another part is another build)."""
        return "include=" + "\x1f".join(self.include) + "\x1e" + "exclude=" + "\x1f".join(self.exclude)

    def describe_for_people(self) -> str:
        parts = [f"--include {pattern!r}" for pattern in self.include] + [f"--exclude {pattern!r}" for pattern in self.exclude]
        return " ".join(parts) + " (patterns match documented paths: '*' one segment, '**' any, '{id}' any placeholder)"

    def keeps(self, path: str) -> bool:
        included = not self.include or any(path_matches(pattern, path) for pattern in self.include)
        return included and not any(path_matches(pattern, path) for pattern in self.exclude)


def path_matches(pattern: str, path: str) -> bool:
    """Whether a documented path is one the pattern names (see the module's docstring)."""
    return _match(_segments(pattern), _segments(path))


def _segments(path: str) -> list[str]:
    return [PLACEHOLDER.sub("{}", part).lower() for part in path.strip().strip("/").split("/") if part]


def _match(pattern: list[str], path: list[str]) -> bool:
    """Segment-wise glob with ``**``; iterative over the pattern's ``**`` (no backtracking blow-up:
    the table is pattern length x path length)."""
    reachable = [True] + [False] * len(path)  # reachable[j]: pattern so far matches path[:j]
    for segment in pattern:
        if segment == "**":
            reachable = list(itertools.accumulate(reachable, operator.or_))  # once reached, every later j
            continue
        reachable = [False] + [reachable[j] and _segment_matches(segment, path[j]) for j in range(len(path))]
    return reachable[-1]


def _segment_matches(pattern: str, segment: str) -> bool:
    if pattern == "{}":
        return segment == "{}"
    return fnmatch.fnmatchcase(segment, pattern)


def select(model: ApiModel, selection: Selection) -> ApiModel:
    """The model of the selected paths: their operations, the types they reach, their examples."""
    if selection.everything:
        return model
    operations = [kept for operation in model.operations if (kept := _kept_paths(operation, selection)) is not None]
    names = {operation.name for operation in operations}
    examples = [example for example in model.examples if example.operation in names]
    types = _reached(model, _roots(operations, examples))
    return attrs.evolve(
        model,
        types={qualified: typedef for qualified, typedef in model.types.items() if qualified in types},
        operations=operations,
        examples=examples,
    )


def _kept_paths(operation: Operation, selection: Selection) -> Operation | None:
    paths = [path for path in operation.paths if selection.keeps(path)]
    if not paths:
        return None
    lines = {path: line for path, line in operation.path_lines.items() if path in paths}
    return attrs.evolve(operation, paths=paths, path_lines=lines)


def _roots(operations: Iterable[Operation], examples: Iterable[Any]) -> Iterator[str]:
    for operation in operations:
        yield from (name for name in (operation.request_type, operation.response_type) if name)
        for parameter in (*operation.parameters, *operation.body_parameters, *operation.body_table):
            yield parameter.type.name
    for example in examples:
        if example.type:
            yield example.type
        yield from _named_types(example.value)


def _named_types(value: Any) -> Iterator[str]:
    """The ``@odata.type`` names anywhere in an example's value (iteratively: values may nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            named = odata_type(item)
            if named:
                yield named
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _reached(model: ApiModel, roots: Iterable[str]) -> set[str]:
    """Every type the roots reach through bases and property types."""
    spelled = {qualified.lower(): qualified for qualified in model.types}  # "#microsoft.graph.User" too
    seen: set[str] = set()
    pending: list[str | None] = [spelled.get(name.lstrip("#").lower()) for name in roots]
    while pending:
        name = pending.pop()
        if name is None or name in seen or name not in model.types:
            continue
        seen.add(name)
        typedef = model.types[name]
        pending.append(typedef.base)
        pending.extend(prop.type.name for prop in typedef.properties)
    return seen
