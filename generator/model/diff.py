"""``gen drift``: what changed in the API between two resolved models.

Pure: two ApiModels in, a sorted list of :class:`Change` values out. The models are
compared, never the text, so a page file renamed with the same content, a link whose
target page moved, or a reworded description is no change. What each kind of change is
(its severity, its subject, its words, its changelog section, the report order) is its
record in ``changes.py``.

Matching
  Types match by qualified name; operations by name (gen names them after the page
  title). A type that disappeared is matched to one that appeared, and reported once as
  ``type-renamed``, when a property of a matched type (same owner, same property name)
  was typed with the old one and is now typed with the new one. That is how an
  anonymous "Enumeration" of an older page (gen names it ``<owner><Property>``) is
  matched to the named enum page that replaced it, so that its members are compared.
  Renames cascade (a renamed type's properties can reveal more renames), and types whose
  names differ only in case are matched too. A property whose type changed only by such a
  rename is no change.

Properties
  Each type's declared properties are compared; a property that moved to a base type
  (or down from one) is no change for the type that still has it through inheritance.

Values of ``old``/``new``
  type references as ``microsoft.graph.x`` or ``Collection(microsoft.graph.x)``
  (``Edm.String`` for primitives); kinds (``entity``, ``complex``, ``enum``) for
  type-added/-removed/-kind-changed; qualified names for type-renamed and base-changed;
  the member name for enum-member-added/-removed; the HTTP method for
  operation-added/-removed; null for path changes and wherever there is no value.

Locations
  ``file``/``line`` point into NEW: the property row, the type's page (or, for a type
  without a page, the row that introduced it), the operation's page. A removal whose
  owner no longer exists in NEW (type-removed, operation-removed) points into OLD
  instead and says so with ``Change.in_old``; ``gen-drift/1`` writes such a file as
  ``old:<path>``.
"""

from __future__ import annotations

import collections
from typing import Iterable, Iterator, Mapping

import attrs

from .kinds import TypeKind
from . import diff_details as details
from .api import ApiModel, Operation, Property, TypeDef, TypeRef
from .changes import ChangeKind, ChangeSeverity, kind_of
from .counting import by_count

OLD_MARKER = "old:"


@attrs.frozen
class Change:
    """One change; its kind (``ChangeKind``) carries the facts every report asks of it."""

    change: ChangeKind = attrs.field(converter=kind_of)  # kind_of("type-added") reads the word too
    type: str
    member: str | None = None
    old: str | None = None
    new: str | None = None
    file: str = ""
    line: int = 0
    in_old: bool = False  # file/line point into OLD: the owner is gone from NEW
    # The kind's default unless configured (see with_severities).
    severity: ChangeSeverity = attrs.field(
        converter=ChangeSeverity, default=attrs.Factory(lambda self: self.change.severity, takes_self=True)
    )

    @property
    def breaking(self) -> bool:
        return self.severity is ChangeSeverity.BREAKING

    @property
    def on_operation(self) -> bool:
        return self.change.on_operation

    @property
    def location(self) -> str:
        """``file`` as gen-drift/1 writes it: OLD's paths carry the ``old:`` marker."""
        if not self.file:
            return ""
        return OLD_MARKER + self.file if self.in_old else self.file

    def sort_key(self) -> tuple[bool, str, int, str, str, str]:
        """Types before operations, then by name, kind (report order), member, values."""
        return (self.on_operation, self.type, self.change.order, self.member or "", self.old or "", self.new or "")

    def as_dict(self) -> dict[str, object]:
        return {
            "change": self.change.value,
            "breaking": self.breaking,
            "type": self.type,
            "member": self.member,
            "old": self.old,
            "new": self.new,
            "file": self.location or None,
            "line": self.line or None,
            "severity": self.severity.value,  # added after line: gen-drift/1 readers see an extra key only
        }


def diff_models(old: ApiModel, new: ApiModel, details: bool = True) -> list[Change]:
    """Every API change from OLD to NEW, sorted by type/operation, kind and member.

    ``details=False`` leaves out what ``gen-schema/1`` does not record (permissions,
    parameters, statuses, property flags, deprecation): ``gen check`` compares against a
    model read back from that document.
    """
    renames = find_renames(old, new)
    differ = _Differ(old, new, renames, details)
    changes = list(differ.types()) + list(differ.operations())
    return sorted(changes, key=Change.sort_key)


def type_text(ref: TypeRef | None) -> str | None:
    if ref is None:
        return None
    return f"Collection({ref.name})" if ref.collection else ref.name


# -- renames ------------------------------------------------------------------------------


def find_renames(old: ApiModel, new: ApiModel) -> dict[str, str]:
    """Old qualified name -> new one, for types that disappeared and reappeared renamed."""
    removed = set(old.types) - set(new.types)
    added = set(new.types) - set(old.types)
    renames: dict[str, str] = {}
    pairs = [(name, name) for name in sorted(old.types) if name in new.types]
    while pairs or (removed and added):
        while pairs:
            votes = _rename_votes(old, new, pairs, removed, added)
            pairs = _accept(votes, renames, removed, added)
        pairs = _accept(_case_votes(removed, added), renames, removed, added)
        if not pairs:
            break
    return renames


def _rename_votes(
    old: ApiModel, new: ApiModel, pairs: list[tuple[str, str]], removed: set[str], added: set[str]
) -> collections.Counter[tuple[str, str]]:
    """Evidence for renames: a property whose old type vanished and whose new type appeared."""
    votes: collections.Counter[tuple[str, str]] = collections.Counter()
    for old_name, new_name in pairs:
        for prop in old.types[old_name].properties:
            if prop.type.name not in removed:
                continue
            now = effective_property(new, new_name, prop.name)
            if now is not None and now.type.name in added:
                votes[(prop.type.name, now.type.name)] += 1
    return votes


def _case_votes(removed: set[str], added: set[str]) -> collections.Counter[tuple[str, str]]:
    """Names that differ only in case (``macOsX`` -> ``macOSX``), when unambiguous."""
    by_lower: dict[str, list[str]] = collections.defaultdict(list)
    for name in added:
        by_lower[name.lower()].append(name)
    votes: collections.Counter[tuple[str, str]] = collections.Counter()
    for name in removed:
        found = by_lower.get(name.lower(), [])
        if len(found) == 1:
            votes[(name, found[0])] += 1
    return votes


def _accept(
    votes: collections.Counter[tuple[str, str]], renames: dict[str, str], removed: set[str], added: set[str]
) -> list[tuple[str, str]]:
    """Best-supported pairs first; each old and each new type is used once."""
    accepted = []
    for (old_name, new_name), _ in by_count(votes):
        if old_name in removed and new_name in added:
            renames[old_name] = new_name
            removed.discard(old_name)
            added.discard(new_name)
            accepted.append((old_name, new_name))
    return accepted


def effective_property(model: ApiModel, qualified: str, name: str) -> Property | None:
    """The property a type has under ``name``, declared or inherited (nearest wins)."""
    typedef = model.types.get(qualified)
    if typedef is None:
        return None
    for current in (typedef, *model.ancestors(qualified)):
        found = current.property(name)
        if found is not None:
            return found
    return None


# -- locations ----------------------------------------------------------------------------


class _Locator:
    """Where a model documents a type: its page, else the first row that mentions it."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self._mentions: dict[str, tuple[str, int]] | None = None

    def type(self, qualified: str) -> tuple[str, int] | None:
        typedef = self.model.types.get(qualified)
        if typedef is None:
            return None
        if typedef.source:
            return typedef.source, typedef.line
        if typedef.owner is not None:
            holder = effective_property(self.model, *typedef.owner)
            if holder is not None and holder.file:
                return holder.file, holder.line
        for prop in typedef.properties:
            if prop.file:
                return prop.file, prop.line
        return self.mentions().get(qualified)

    def mentions(self) -> dict[str, tuple[str, int]]:
        """First property row or operation page naming each type (built once, on demand)."""
        if self._mentions is None:
            found: dict[str, tuple[str, int]] = {}
            for name in sorted(self.model.types):
                for prop in self.model.types[name].properties:
                    if prop.file:
                        found.setdefault(prop.type.name, (prop.file, prop.line))
            for operation in self.model.operations:
                for named in (operation.request_type, operation.response_type):
                    if named:
                        found.setdefault(named, (operation.source, operation.line))
            self._mentions = found
        return self._mentions


# -- the comparison -----------------------------------------------------------------------


class _Differ:
    def __init__(self, old: ApiModel, new: ApiModel, renames: dict[str, str], details: bool = True) -> None:
        self.details = details
        self.old = old
        self.new = new
        self.renames = renames
        self.old_at = _Locator(old)
        self.new_at = _Locator(new)
        self.enums = frozenset(
            name for model in (old, new) for name, typedef in model.types.items() if typedef.kind is TypeKind.ENUM
        )

    def mapped(self, name: str | None) -> str | None:
        """An OLD type name as NEW calls it."""
        return None if name is None else self.renames.get(name, name)

    def same_ref(self, before: TypeRef, after: TypeRef) -> bool:
        return self.mapped(before.name) == after.name and before.collection == after.collection

    # types ------------------------------------------------------------------------------
    def types(self) -> Iterator[Change]:
        renamed_to = set(self.renames.values())
        for name in sorted(self.old.types):
            target = self.renames.get(name, name)
            if target in self.new.types:
                yield from self.type_pair(name, target)
            else:
                yield self.at_old_type(Change(ChangeKind.TYPE_REMOVED, name, old=self.old.types[name].kind.value), name)
        for name in sorted(self.new.types):
            if name not in self.old.types and name not in renamed_to:
                yield self.at_new_type(Change(ChangeKind.TYPE_ADDED, name, new=self.new.types[name].kind.value), name)

    def type_pair(self, old_name: str, new_name: str) -> Iterator[Change]:
        before, after = self.old.types[old_name], self.new.types[new_name]
        if old_name != new_name:
            yield self.at_new_type(Change(ChangeKind.TYPE_RENAMED, new_name, old=old_name, new=new_name), new_name)
        if before.kind != after.kind:
            change = Change(ChangeKind.TYPE_KIND_CHANGED, new_name, old=before.kind.value, new=after.kind.value)
            yield self.at_new_type(change, new_name)
        if self.mapped(before.base) != after.base:
            yield self.at_new_type(Change(ChangeKind.BASE_CHANGED, new_name, old=before.base, new=after.base), new_name)
        if before.kind is TypeKind.ENUM and after.kind is TypeKind.ENUM:
            yield from self.members(before, after, new_name)
        elif before.kind is not TypeKind.ENUM and after.kind is not TypeKind.ENUM:
            yield from self.properties(before, after, old_name, new_name)

    def members(self, before: TypeDef, after: TypeDef, new_name: str) -> Iterator[Change]:
        old_names = [member.name for member in before.members]
        new_names = [member.name for member in after.members]
        old_set, new_set = set(old_names), set(new_names)
        for name in new_names:
            if name not in old_set:
                yield self.at_new_type(Change(ChangeKind.ENUM_MEMBER_ADDED, new_name, name, new=name), new_name)
        for name in old_names:
            if name not in new_set:
                yield self.at_new_type(Change(ChangeKind.ENUM_MEMBER_REMOVED, new_name, name, old=name), new_name)

    def properties(self, before: TypeDef, after: TypeDef, old_name: str, new_name: str) -> Iterator[Change]:
        declared_before = {prop.name: prop for prop in before.properties}
        declared_after = {prop.name: prop for prop in after.properties}
        for name, prop in declared_before.items():
            now = declared_after.get(name) or effective_property(self.new, new_name, name)
            if now is None:
                change = Change(ChangeKind.PROPERTY_REMOVED, new_name, name, old=type_text(prop.type))
                yield self.removed_member(change, new_name, prop)
            else:
                yield from self.property_pair(new_name, prop, now)
        for name, now in declared_after.items():
            if name in declared_before:
                continue
            was = effective_property(self.old, old_name, name)
            if was is None:
                change = Change(ChangeKind.PROPERTY_ADDED, new_name, name, new=type_text(now.type))
                yield self.at_property(change, new_name, now)
            else:
                yield from self.property_pair(new_name, was, now)

    def property_pair(self, new_name: str, was: Property, now: Property) -> Iterator[Change]:
        """A type change (enum <-> string has a kind of its own), then the flags the docs state."""
        flags = list(details.property_flags(was, now, self.enums)) if self.details else []
        retyped = any(kind.retypes for kind, *_ in flags)
        if not self.same_ref(was.type, now.type) and not retyped:
            yield self.property_changed(new_name, was, now)
        for kind, member, old, new in flags:
            yield self.at_property(Change(kind, new_name, member, old=old, new=new), new_name, now)

    def property_changed(self, new_name: str, was: Property, now: Property) -> Change:
        change = Change(
            ChangeKind.PROPERTY_TYPE_CHANGED, new_name, now.name, old=type_text(was.type), new=type_text(now.type)
        )
        return self.at_property(change, new_name, now)

    # operations -------------------------------------------------------------------------
    def operations(self) -> Iterator[Change]:
        pairs = match_operations(self.old.operations, self.new.operations)
        matched = {operation.name for operation in pairs.values()}
        for operation in sorted(self.old.operations, key=lambda item: item.name):
            twin = pairs.get(operation.name)
            if twin is not None:
                yield from self.operation_pair(operation, twin)
            else:
                yield attrs.evolve(
                    Change(ChangeKind.OPERATION_REMOVED, operation.name, old=operation.method),
                    file=operation.source,
                    line=operation.line,
                    in_old=True,
                )
        for operation in sorted(self.new.operations, key=lambda item: item.name):
            if operation.name not in matched:
                yield self.at_operation(Change(ChangeKind.OPERATION_ADDED, operation.name, new=operation.method), operation)

    def operation_pair(self, before: Operation, after: Operation) -> Iterator[Change]:
        """Changes of one operation; they are reported under its NEW name."""
        name = after.name
        old_paths, new_paths = set(before.paths), set(after.paths)
        for path in after.paths:
            if path not in old_paths:
                yield self.at_operation(Change(ChangeKind.PATH_ADDED, name, path), after)
        for path in before.paths:
            if path not in new_paths:
                yield self.at_operation(Change(ChangeKind.PATH_REMOVED, name, path), after)
        if self.mapped(before.request_type) != after.request_type:
            change = Change(ChangeKind.REQUEST_TYPE_CHANGED, name, old=before.request_type, new=after.request_type)
            yield self.at_operation(change, after)
        old_response = _response(before)
        new_response = _response(after)
        if old_response != new_response and not (
            old_response is not None and new_response is not None and self.same_ref(old_response, new_response)
        ):
            change = Change(
                ChangeKind.RESPONSE_TYPE_CHANGED, name, old=type_text(old_response), new=type_text(new_response)
            )
            yield self.at_operation(change, after)
        yield from self.operation_details(before, after)

    def operation_details(self, before: Operation, after: Operation) -> Iterator[Change]:
        if not self.details:
            return
        found = (
            list(details.status_change(before, after))
            + list(details.operation_deprecation(before, after))
            + list(details.permission_changes(before, after))
            + list(details.parameter_changes(before, after))
        )
        for kind, member, old, new in found:
            change = Change(kind, after.name, member, old=old, new=new)
            if kind is ChangeKind.PERMISSION_CHANGED and not details.permission_raised(old, new):
                change = attrs.evolve(change, severity=ChangeSeverity.INFO)  # a lower scope now suffices
            yield self.at_operation(change, after)

    # locations --------------------------------------------------------------------------
    def at_new_type(self, change: Change, qualified: str) -> Change:
        found = self.new_at.type(qualified)
        return attrs.evolve(change, file=found[0], line=found[1]) if found else change

    def at_old_type(self, change: Change, qualified: str) -> Change:
        found = self.old_at.type(qualified)
        return attrs.evolve(change, file=found[0], line=found[1], in_old=True) if found else change

    def at_property(self, change: Change, qualified: str, prop: Property) -> Change:
        if prop.file:
            return attrs.evolve(change, file=prop.file, line=prop.line)
        return self.at_new_type(change, qualified)

    def removed_member(self, change: Change, qualified: str, prop: Property) -> Change:
        """A removed property points at its type's NEW page, else at the OLD row."""
        found = self.new_at.type(qualified)
        if found is not None:
            return attrs.evolve(change, file=found[0], line=found[1])
        if prop.file:
            return attrs.evolve(change, file=prop.file, line=prop.line, in_old=True)
        return change

    @staticmethod
    def at_operation(change: Change, operation: Operation) -> Change:
        return attrs.evolve(change, file=operation.source, line=operation.line)


def match_operations(old: list[Operation], new: list[Operation]) -> dict[str, Operation]:
    """OLD operation name -> its NEW operation.

    By name; then, among the rest, by page and name without gen's ``__<file>`` suffix:
    when a second page takes the same title, gen names both after their files, and the
    operation of the first page is still the same operation.
    """
    by_name = {operation.name: operation for operation in new}
    pairs = {operation.name: by_name[operation.name] for operation in old if operation.name in by_name}
    taken = {operation.name for operation in pairs.values()}
    rest = {(_base_name(op), op.source): op for op in new if op.name not in taken}
    for operation in old:
        if operation.name not in pairs:
            twin = rest.pop((_base_name(operation), operation.source), None)
            if twin is not None:
                pairs[operation.name] = twin
    return pairs


def _base_name(operation: Operation) -> str:
    return operation.name.partition("__")[0]


def _response(operation: Operation) -> TypeRef | None:
    if operation.response_type is None:
        return None
    return TypeRef(operation.response_type, operation.response_collection)


# -- summaries ----------------------------------------------------------------------------


def counts_by_kind(changes: Iterable[Change]) -> dict[ChangeKind, int]:
    """Count of each change kind present, breaking kinds first, then in report order."""
    counts = collections.Counter(change.change for change in changes)
    ordered = sorted(counts, key=lambda kind: (not kind.breaking, kind.order))  # default severity
    return {kind: counts[kind] for kind in ordered}


def with_severities(changes: Iterable[Change], severities: Mapping[ChangeKind, ChangeSeverity]) -> list[Change]:
    """Changes with their configured severity (``[tool.gen.drift.severity]``); ``none`` drops a kind."""
    result = []
    for change in changes:
        severity = severities.get(change.change, change.severity)
        if severity.reported:
            result.append(change if severity is change.severity else attrs.evolve(change, severity=severity))
    return result


def fails(changes: list[Change], fail_on: str) -> bool:
    """Whether ``--fail-on`` (breaking | warning | any | none) is met; it follows each change's severity."""
    threshold = ChangeSeverity.of_fail_on(fail_on)
    return any(threshold.met_by(change.severity) for change in changes)


# -- words --------------------------------------------------------------------------------


def describe(change: Change) -> str:
    """One phrase for a change, without its type (``providerType: microsoft.graph.x``), as its kind words it."""
    return change.change.wording.phrase(change.member, change.old, change.new)
