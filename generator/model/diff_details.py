"""The finer changes of ``diff.py``: permissions, parameters, statuses, property flags, deprecation.

Each function compares one pair (an operation or a property, OLD and NEW) and yields
``(kind, member, old, new)`` with a :class:`~.changes.ChangeKind`; ``diff.py`` turns
them into located ``Change`` values.

Permissions
  A permission row (delegated, application...) lists scopes; pages order them either way
  ("from least to most privileged" or the reverse), and the model keeps no header, so the
  least-privileged scope of a row is the one whose *name* grants least: ``Read`` below
  ``ReadWrite``/``Write``/``Manage``, a scope without ``.All`` below one with it, and
  ``Directory.*`` above everything (the listing order breaks ties). Removing that scope
  or replacing it by a higher one makes apps that hold only it fail: ``permission-changed``
  (breaking when the least-privileged scope is now higher, info when lower). Other scopes
  removed are ``permission-removed``; scopes added are ``permission-added``.
"""

from __future__ import annotations

import re
from typing import Iterator

from .kinds import Location
from .api import Operation, Property, TypeRef
from .changes import ChangeKind

Detail = tuple[ChangeKind, str | None, str | None, str | None]
# Where a parameter goes, and the kinds of its coming and going.
_PARAMETER_KINDS = (
    (Location.QUERY, ChangeKind.QUERY_OPTION_ADDED, ChangeKind.QUERY_OPTION_REMOVED),
    (Location.HEADER, ChangeKind.HEADER_ADDED, ChangeKind.HEADER_REMOVED),
)
_DEPRECATED = re.compile(r"\bdeprecated\b", re.IGNORECASE)


def scopes(value: str) -> list[str]:
    """The scopes of one permission cell, in their written order ("Not supported." is none)."""
    found = [word.strip(" .") for word in re.split(r"[,;\s]+", value)]
    return [word for word in found if re.fullmatch(r"[A-Za-z][\w-]*(\.[\w-]+)+", word)]


def privilege(scope: str) -> int:
    """How much a scope grants, by its name (see the module docstring)."""
    parts = scope.split(".")
    rank = 0
    if any(part in ("ReadWrite", "Write", "Manage", "FullControl", "ReadBasic") for part in parts):
        rank += 0 if "ReadBasic" in parts else 2
    rank += 1 if "All" in parts else 0
    rank += 4 if parts[0] == "Directory" else 0
    return rank


def least_privileged(listed: list[str]) -> str | None:
    return min(listed, key=lambda scope: (privilege(scope), listed.index(scope))) if listed else None


def permission_changes(before: Operation, after: Operation) -> Iterator[Detail]:
    old = _rows(before.permissions)
    new = _rows(after.permissions)
    for kind in sorted(set(old) | set(new)):
        was, now = old.get(kind, []), new.get(kind, [])
        least_was, least_now = least_privileged(was), least_privileged(now)
        if least_was is not None and least_was != least_now and least_was not in now:
            yield ChangeKind.PERMISSION_CHANGED, kind, least_was, least_now
        elif least_was is not None and least_now is not None and privilege(least_now) > privilege(least_was):
            yield ChangeKind.PERMISSION_CHANGED, kind, least_was, least_now
        for scope in was:
            if scope not in now and scope != least_was:
                yield ChangeKind.PERMISSION_REMOVED, kind, scope, None
        for scope in now:
            if scope not in was:
                yield ChangeKind.PERMISSION_ADDED, kind, None, scope


def permission_raised(old: str | None, new: str | None) -> bool:
    """Whether a permission-changed asks for more than before (the breaking direction)."""
    return new is None or old is None or privilege(new) >= privilege(old)


def _rows(permissions: list[tuple[str, str]]) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for kind, value in permissions:
        listed = rows.setdefault(kind.strip(), [])
        listed.extend(scope for scope in scopes(value) if scope not in listed)
    return rows


def parameter_changes(before: Operation, after: Operation) -> Iterator[Detail]:
    """Query options and headers an operation documents, added or removed."""
    for location, added, removed in _PARAMETER_KINDS:
        was = {p.name: p for p in before.parameters if p.location == location}
        now = {p.name: p for p in after.parameters if p.location == location}
        for name in sorted(set(now) - set(was)):
            yield added, name, None, name
        for name in sorted(set(was) - set(now)):
            yield removed, name, name, None


def status_change(before: Operation, after: Operation) -> Iterator[Detail]:
    if before.response_status and after.response_status and before.response_status != after.response_status:
        yield ChangeKind.RESPONSE_STATUS_CHANGED, None, str(before.response_status), str(after.response_status)


def operation_deprecation(before: Operation, after: Operation) -> Iterator[Detail]:
    if is_deprecated(after.description + " " + after.title) and not is_deprecated(before.description + " " + before.title):
        yield ChangeKind.OPERATION_DEPRECATED, None, None, None


def is_deprecated(text: str) -> bool:
    return bool(_DEPRECATED.search(text))


def property_flags(was: Property, now: Property, enum_names: frozenset[str]) -> Iterator[Detail]:
    """A property that became read-only, nullable, required or deprecated; enum <-> string."""
    name = now.name
    if now.read_only and not was.read_only:
        yield ChangeKind.PROPERTY_BECAME_READ_ONLY, name, None, None
    if _nullable(now) and not _nullable(was):
        yield ChangeKind.PROPERTY_BECAME_NULLABLE, name, None, None
    if now.required and not was.required:
        yield ChangeKind.PROPERTY_BECAME_REQUIRED, name, None, None
    if is_deprecated(now.name + " " + now.description) and not is_deprecated(was.name + " " + was.description):
        yield ChangeKind.PROPERTY_DEPRECATED, name, None, None
    yield from _enum_string(was.type, now.type, name, enum_names)


def _nullable(prop: Property) -> bool:
    """What the description says ("Nullable." / "Not nullable."): the model keeps no flag."""
    text = prop.description.lower()
    return "nullable" in text and "not nullable" not in text and "non-nullable" not in text


def _enum_string(was: TypeRef, now: TypeRef, name: str, enum_names: frozenset[str]) -> Iterator[Detail]:
    if was.collection != now.collection:
        return
    if was.name in enum_names and now.name == "Edm.String":
        yield ChangeKind.PROPERTY_ENUM_TO_STRING, name, was.name, now.name
    elif was.name == "Edm.String" and now.name in enum_names:
        yield ChangeKind.PROPERTY_STRING_TO_ENUM, name, was.name, now.name
