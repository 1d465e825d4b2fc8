"""The vocabulary of ``gen drift``, one record per word: change kinds and their severities.

As ``kinds.py`` is for the model's words and ``edm.py`` for primitives: each change kind
of ``gen-drift/1`` is one member of :class:`ChangeKind`, and the member carries every
fact a stage asks of it (its default severity, whether it is about a type or an
operation, how ``describe()`` words it, its Keep a Changelog section). The diff, the
reports, the changelog and the choices of ``--fail-on`` and ``[tool.gen.drift]`` derive
from these records, so that a new change kind is one new line, at the end of its group:
the members' order is the report order. The values are the words of the public formats,
so ``kind_of("type-added")`` reads ``gen-drift/1`` back.
"""

from __future__ import annotations

import enum
from typing import Callable

from .kinds import Word


class ChangeSeverity(Word):
    """How much a change matters, most first; ``[tool.gen.drift.severity]`` sets it per kind."""

    BREAKING = "breaking"  # SDK users' code or requests stop working
    WARNING = "warning"  # worth a look before release; nothing breaks yet
    INFO = "info"  # additive
    NONE = "none"  # not reported: a configuration drops the kind

    @property
    def reported(self) -> bool:
        return self is not ChangeSeverity.NONE

    @property
    def rank(self) -> int:
        """Higher is more severe; ``none`` ranks lowest."""
        return _SEVERITY_RANK[self]

    @property
    def fail_on(self) -> str:
        """The ``--fail-on`` word that fails a run on this severity or above ("none" never fails)."""
        return "any" if self is ChangeSeverity.INFO else self.value  # info and above is every change

    def met_by(self, severity: ChangeSeverity) -> bool:
        """Whether a change of ``severity`` reaches this ``--fail-on`` threshold."""
        return self.reported and severity.rank >= self.rank

    @classmethod
    def of_fail_on(cls, word: str) -> ChangeSeverity:
        for severity in cls:
            if severity.fail_on == word:
                return severity
        raise ValueError(f"{word!r} is not a --fail-on choice of gen drift")

    @classmethod
    def words(cls) -> list[str]:
        """What ``[tool.gen.drift.severity]`` may set a kind to."""
        return [severity.value for severity in cls]

    @classmethod
    def fail_on_choices(cls) -> list[str]:
        """``gen drift --fail-on`` and ``[tool.gen.drift] fail-on``: breaking, warning, any, none."""
        return [severity.fail_on for severity in cls]


_SEVERITY_RANK = {severity: len(ChangeSeverity) - 1 - index for index, severity in enumerate(ChangeSeverity)}


class Subject(Word):
    """What a change is about: a type (with its properties and members) or an operation."""

    TYPE = "type"
    OPERATION = "operation"

    @property
    def heading(self) -> str:
        """The text report's heading over the changes of its subjects (types come first)."""
        return {Subject.TYPE: "Types", Subject.OPERATION: "Operations"}[self]


class Wording(Word):
    """How ``describe()`` words a change after its type or operation."""

    MEMBER = "member"  # the member alone: "providerType" (nothing for a change of the owner itself)
    VALUE = "value"  # the kind or HTTP method that came or went: "complex"
    MEMBER_VALUE = "member-value"  # "providerType: microsoft.graph.x"
    BEFORE_AFTER = "before-after"  # "providerType: Edm.String -> microsoft.graph.x"
    RENAMED = "renamed"  # "from microsoft.graph.oldName"

    def phrase(self, member: str | None, old: str | None, new: str | None) -> str:
        return _PHRASES[self](member or "", old, new)


def _before_after(member: str, old: str | None, new: str | None) -> str:
    body = f"{_value(old)} -> {_value(new)}"
    return f"{member}: {body}" if member else body


def _value(value: str | None) -> str:
    return value if value is not None else "(none)"


_PHRASES: dict[Wording, Callable[[str, str | None, str | None], str]] = {
    Wording.MEMBER: lambda member, old, new: member,
    Wording.VALUE: lambda member, old, new: new or old or "",
    Wording.MEMBER_VALUE: lambda member, old, new: f"{member}: {new or old}",
    Wording.BEFORE_AFTER: _before_after,
    Wording.RENAMED: lambda member, old, new: f"from {old}",
}


class Section(Word):
    """A section of Keep a Changelog, in its order."""

    ADDED = "Added"
    CHANGED = "Changed"
    DEPRECATED = "Deprecated"
    REMOVED = "Removed"

    @property
    def minor(self) -> bool:
        """A change here asks for at least a minor version: something new to use, or to stop using."""
        return self in (Section.ADDED, Section.DEPRECATED)


@enum.unique
class ChangeKind(Word):
    """A change kind of ``gen-drift/1`` and its facts, in report order.

    A rename is additive: the wire format does not change (gen invented the old name of
    an anonymous enum); a kind change, a base change or a changed request/response type
    is breaking even when it only adds a type where there was none, to stay predictable.
    """

    _value_: str
    severity: ChangeSeverity  # the default; [tool.gen.drift.severity] overrides it
    subject: Subject
    wording: Wording
    section: Section
    retypes: bool  # it stands for a property's type change: property-type-changed is not reported beside it

    def __new__(cls, word: str, *facts: object) -> ChangeKind:
        member = object.__new__(cls)
        member._value_ = word  # the value is the word alone, so that lookups read gen-drift/1
        return member

    def __init__(
        self, word: str, severity: ChangeSeverity, subject: Subject, wording: Wording, section: Section,
        retypes: bool = False,
    ) -> None:
        self.severity = severity
        self.subject = subject
        self.wording = wording
        self.section = section
        self.retypes = retypes

    # fmt: off
    TYPE_ADDED = "type-added", ChangeSeverity.INFO, Subject.TYPE, Wording.VALUE, Section.ADDED
    TYPE_REMOVED = "type-removed", ChangeSeverity.BREAKING, Subject.TYPE, Wording.VALUE, Section.REMOVED
    TYPE_RENAMED = "type-renamed", ChangeSeverity.INFO, Subject.TYPE, Wording.RENAMED, Section.CHANGED
    TYPE_KIND_CHANGED = "type-kind-changed", ChangeSeverity.BREAKING, Subject.TYPE, Wording.BEFORE_AFTER, Section.CHANGED
    BASE_CHANGED = "base-changed", ChangeSeverity.BREAKING, Subject.TYPE, Wording.BEFORE_AFTER, Section.CHANGED
    PROPERTY_ADDED = "property-added", ChangeSeverity.INFO, Subject.TYPE, Wording.MEMBER_VALUE, Section.ADDED
    PROPERTY_REMOVED = "property-removed", ChangeSeverity.BREAKING, Subject.TYPE, Wording.MEMBER_VALUE, Section.REMOVED
    PROPERTY_TYPE_CHANGED = (
        "property-type-changed", ChangeSeverity.BREAKING, Subject.TYPE, Wording.BEFORE_AFTER, Section.CHANGED)
    PROPERTY_ENUM_TO_STRING = (
        "property-enum-to-string", ChangeSeverity.WARNING, Subject.TYPE, Wording.BEFORE_AFTER, Section.CHANGED, True)
    PROPERTY_STRING_TO_ENUM = (
        "property-string-to-enum", ChangeSeverity.BREAKING, Subject.TYPE, Wording.BEFORE_AFTER, Section.CHANGED, True)
    PROPERTY_BECAME_READ_ONLY = (
        "property-became-read-only", ChangeSeverity.BREAKING, Subject.TYPE, Wording.MEMBER, Section.CHANGED)
    PROPERTY_BECAME_NULLABLE = (
        "property-became-nullable", ChangeSeverity.WARNING, Subject.TYPE, Wording.MEMBER, Section.CHANGED)
    PROPERTY_BECAME_REQUIRED = (
        "property-became-required", ChangeSeverity.BREAKING, Subject.TYPE, Wording.MEMBER, Section.CHANGED)
    PROPERTY_DEPRECATED = "property-deprecated", ChangeSeverity.WARNING, Subject.TYPE, Wording.MEMBER, Section.DEPRECATED
    ENUM_MEMBER_ADDED = "enum-member-added", ChangeSeverity.INFO, Subject.TYPE, Wording.MEMBER, Section.ADDED
    ENUM_MEMBER_REMOVED = "enum-member-removed", ChangeSeverity.BREAKING, Subject.TYPE, Wording.MEMBER, Section.REMOVED
    OPERATION_ADDED = "operation-added", ChangeSeverity.INFO, Subject.OPERATION, Wording.VALUE, Section.ADDED
    OPERATION_REMOVED = "operation-removed", ChangeSeverity.BREAKING, Subject.OPERATION, Wording.VALUE, Section.REMOVED
    OPERATION_DEPRECATED = (
        "operation-deprecated", ChangeSeverity.WARNING, Subject.OPERATION, Wording.MEMBER, Section.DEPRECATED)
    PATH_ADDED = "path-added", ChangeSeverity.INFO, Subject.OPERATION, Wording.MEMBER, Section.ADDED
    PATH_REMOVED = "path-removed", ChangeSeverity.BREAKING, Subject.OPERATION, Wording.MEMBER, Section.REMOVED
    REQUEST_TYPE_CHANGED = (
        "request-type-changed", ChangeSeverity.BREAKING, Subject.OPERATION, Wording.BEFORE_AFTER, Section.CHANGED)
    RESPONSE_TYPE_CHANGED = (
        "response-type-changed", ChangeSeverity.BREAKING, Subject.OPERATION, Wording.BEFORE_AFTER, Section.CHANGED)
    RESPONSE_STATUS_CHANGED = (
        "response-status-changed", ChangeSeverity.WARNING, Subject.OPERATION, Wording.BEFORE_AFTER, Section.CHANGED)
    PERMISSION_ADDED = "permission-added", ChangeSeverity.INFO, Subject.OPERATION, Wording.MEMBER_VALUE, Section.ADDED
    PERMISSION_REMOVED = (
        "permission-removed", ChangeSeverity.WARNING, Subject.OPERATION, Wording.MEMBER_VALUE, Section.REMOVED)
    # Breaking when the least-privileged scope is now higher; diff.py makes a lower one info.
    PERMISSION_CHANGED = (
        "permission-changed", ChangeSeverity.BREAKING, Subject.OPERATION, Wording.BEFORE_AFTER, Section.CHANGED)
    QUERY_OPTION_ADDED = "query-option-added", ChangeSeverity.INFO, Subject.OPERATION, Wording.MEMBER, Section.ADDED
    QUERY_OPTION_REMOVED = (
        "query-option-removed", ChangeSeverity.BREAKING, Subject.OPERATION, Wording.MEMBER, Section.REMOVED)
    HEADER_ADDED = "header-added", ChangeSeverity.INFO, Subject.OPERATION, Wording.MEMBER, Section.ADDED
    HEADER_REMOVED = "header-removed", ChangeSeverity.WARNING, Subject.OPERATION, Wording.MEMBER, Section.REMOVED
    # fmt: on

    @property
    def breaking(self) -> bool:
        """Breaking by default (``[tool.gen.drift.severity]`` aside)."""
        return self.severity is ChangeSeverity.BREAKING

    @property
    def on_operation(self) -> bool:
        return self.subject is Subject.OPERATION

    @property
    def order(self) -> int:
        """Its place in the report order."""
        return _KIND_ORDER[self]

    @classmethod
    def named(cls, word: str) -> ChangeKind | None:
        """The kind a ``gen-drift/1`` word names, else None."""
        return _KIND_BY_WORD.get(word)


_KIND_ORDER = {kind: index for index, kind in enumerate(ChangeKind)}
_KIND_BY_WORD = {kind.value: kind for kind in ChangeKind}


def kind_of(word: ChangeKind | str) -> ChangeKind:
    """A kind from its word (a kind is itself); ValueError for a word of no kind.

    What ``ChangeKind("type-added")`` does at run time, in a form mypy can check.
    """
    found = word if isinstance(word, ChangeKind) else ChangeKind.named(word)
    if found is None:
        raise ValueError(f"{word!r} is not a change kind of gen-drift/1")
    return found
