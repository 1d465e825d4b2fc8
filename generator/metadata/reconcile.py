"""The docs and the service's metadata joined into one model, and where they disagree.

Each fact comes from the source that knows it. Shapes (types, kinds, bases, properties and
their types, enum members and flags, navigation) come from the metadata; descriptions
(the docs' where both have one), examples, permissions, documented paths and operations,
query options and page lines come from the docs. What only the docs have (a property or
a type the docs are ahead with) stays in the model, ``unconfirmed``, with a finding.

Every disagreement is one finding at the page and line where the fix goes, and errors that
follow from one cause are one finding at the cause: a page that never states its base is
one GEN717, not one GEN713 per row it repeats from that base; a namespace no page
documents is one GEN720, not one per type.
"""

from __future__ import annotations

import collections
import copy

import attrs

from ..model.kinds import TypeKind
from ..model import EVOLVABLE, ApiModel, Operation, Property, TypeDef, TypeRef
from ..model.diagnostics import Diagnostic, Severity, diag
from .addressing import Addresser, Reached
from .coverage import Coverage, coverage
from .csdl import Metadata

_UNTYPED = "Edm.Untyped"


@attrs.define
class Reconciled:
    model: ApiModel
    findings: list[Diagnostic]
    names: dict[str, str]  # a docs type's qualified name -> the service's (case as the service spells it)
    coverage: Coverage | None = None


def reconcile(docs: ApiModel, service: Metadata) -> Reconciled:
    """One model from both; without usable metadata, the docs' model as it is."""
    if not service.read:
        return Reconciled(docs, [], {})
    problem = _other_service(docs, service)
    if problem is not None:
        return Reconciled(docs, [problem], {})
    return _Join(docs, service).run()


def _other_service(docs: ApiModel, service: Metadata) -> Diagnostic | None:
    namespaces = {namespace.lower() for namespace in service.namespaces}
    if not docs.types or docs.main_namespace.lower() in namespaces:
        return None
    listed = ", ".join(service.namespaces) or "none"
    return diag("GEN702", service.file, 1, f"the metadata's namespaces ({listed}) do not include the docs' "
                f"({docs.main_namespace}): it describes another service, and is not used")


class _Join:
    def __init__(self, docs: ApiModel, service: Metadata) -> None:
        self.docs = docs
        self.service = service
        self.svc = service.model
        self.findings: list[Diagnostic] = []
        by_lower = {name.lower(): name for name in self.svc.types}
        self.names = {name: by_lower[name.lower()] for name in docs.types if name.lower() in by_lower}
        self.docs_derived = _descendants(docs)
        self.svc_derived = _descendants(self.svc)
        self.base_reported: set[str] = set()
        self.mistyped: set[tuple[str, str]] = set()  # (docs type, page) a GEN715 names as a row's documented type
        self.inline_enums: set[str] = set()  # service enums whose members a documented row lists
        self.addressable = _addressable(service)
        self.renamed = _named_by_holder(docs, self.svc, service, self.names)
        self.names.update({docs_name: svc_name for docs_name, (svc_name, _) in self.renamed.items()})

    def run(self) -> Reconciled:
        types = {name: copy.deepcopy(typedef) for name, typedef in self.svc.types.items()}
        for docs_name, svc_name in sorted(self.names.items()):
            self._compare(self.docs.types[docs_name], self.svc.types[svc_name], types[svc_name])
        self._docs_only(types)
        documented = {svc for docs, svc in self.names.items() if _described(self.docs.types[docs])} | self.inline_enums
        documented |= _enums_of_parameter_rows(self.docs, self.service)
        self.findings += undocumented(self.docs, self.service, documented)
        reached = self._address()
        model = attrs.evolve(
            self.docs,
            types=dict(sorted(types.items())),
            operations=[self._operation(op) for op in self.docs.operations],
            examples=[attrs.evolve(e, type=self._svc_name(e.type)) if e.type else e for e in self.docs.examples],
            diagnostics=sorted([*self.docs.diagnostics, *self.service.diagnostics, *self.findings], key=Diagnostic.sort_key),
        )
        findings = sorted(self.findings, key=Diagnostic.sort_key)
        return Reconciled(model, findings, self.names, coverage(self.service, reached))

    def _address(self) -> Reached:
        """Every documented path walked over the metadata: GEN721 where the walk fails."""
        addresser = Addresser(self.service)
        for operation in self.docs.operations:
            for path in operation.paths:
                reason = addresser.problem(path)
                if reason is not None:
                    line = operation.path_lines.get(path, operation.line)
                    self._finding("GEN721", operation.source, line, f"{operation.method or 'GET'} {path}: {reason}",
                                  operation.name, path)
        return addresser.reached

    # -- one type on both sides ----------------------------------------------------------------------
    def _compare(self, page: TypeDef, svc: TypeDef, merged: TypeDef) -> None:
        merged.source, merged.line = page.source, page.line
        merged.description = page.description or svc.description
        merged.naming, merged.owner, merged.base_line = page.naming, page.owner, page.base_line
        if page.source is None:
            return  # implied by the docs, defined by no page: GEN720 speaks for it
        if page.qualified in self.renamed:
            holder = self.renamed[page.qualified][1]
            self._finding("GEN723", page.source, page.line, f"the page names the type {page.name}, after {holder} that "
                          f"holds it; the service's type is {svc.name}", svc.qualified)
        elif page.name != svc.name:
            self._finding("GEN714", page.source, page.line, f"the type is {svc.name} in the service, {page.name} on the page",
                          svc.qualified)
        if page.kind != svc.kind:
            self.base_reported.add(page.qualified)
            self._kind_finding(page, svc)
            if TypeKind.ENUM in (page.kind, svc.kind):
                return
        elif svc.kind is TypeKind.ENUM:
            self._members(page, svc, merged)
            return
        self._base(page, svc)
        self._properties(page, svc, merged)

    def _kind_finding(self, page: TypeDef, svc: TypeDef) -> None:
        assert page.source is not None
        if svc.kind is TypeKind.ENTITY and page.kind is TypeKind.COMPLEX:
            message = f"{svc.name} is an entity type in the service; the page reads as a complex type (no id row, key or entity base)"
        else:
            message = f"{svc.name} is {svc.kind.described} in the service; the page documents it as {page.kind.described}"
        # A report row the service only returns from functions is never addressed by its key: no fix for the page.
        quiet = svc.kind is TypeKind.ENTITY and page.kind is TypeKind.COMPLEX and svc.qualified not in self.addressable
        self._finding("GEN718", page.source, page.line, message, svc.qualified, severity="info" if quiet else None)

    def _base(self, page: TypeDef, svc: TypeDef) -> None:
        documented = self._svc_name(page.base) if page.base else None
        if documented == svc.base or page.source is None:
            return
        self.base_reported.add(page.qualified)  # the docs' ancestors are not the service's: rows follow
        if page.base_line == 0 and (svc.base is None or page.kind != svc.kind):
            return  # a root gen implied (from the kind, GEN718 if that is wrong), not one a page states
        wanted = f"derives from {_short(svc.base)}" if svc.base else "has no base type"
        if page.base_line == 0:
            message = f"the page never states the base of {svc.name}: the service's {svc.name} {wanted}"
            self._finding("GEN717", page.source, page.line, message, svc.qualified)
        else:
            message = f"the page says {svc.name} derives from {_short(page.base)}; the service's {wanted}"
            self._finding("GEN717", page.source, page.base_line, message, svc.qualified)

    def _members(self, page: TypeDef, svc: TypeDef, merged: TypeDef) -> None:
        documented = {member.name.lower(): member for member in page.members}
        served = {member.name.lower(): member for member in svc.members}
        merged.members = [attrs.evolve(m, description=documented[m.name.lower()].description or m.description)
                          if m.name.lower() in documented else m for m in svc.members]
        missing = [m.name for m in svc.members if m.name.lower() not in documented and m.name != EVOLVABLE]
        extra = [m.name for m in page.members if m.name.lower() not in served]
        cased = [f"{documented[k].name} ({served[k].name})" for k in served if k in documented and documented[k].name != served[k].name]
        assert page.source is not None
        if missing:
            self._finding("GEN719", page.source, page.line, f"the service's {svc.name} has {_count(missing, 'member')} "
                          f"the page lacks: {_listed(missing)}", svc.qualified)
        if extra:
            self._finding("GEN719", page.source, page.line, f"the page lists {_count(extra, 'member')} the service's "
                          f"{svc.name} does not have: {_listed(extra)}", svc.qualified)
        if cased:
            self._finding("GEN714", page.source, page.line, f"members of {svc.name} in another case than the service's: "
                          + ", ".join(cased), svc.qualified)

    # -- properties ----------------------------------------------------------------------------------
    def _properties(self, page: TypeDef, svc: TypeDef, merged: TypeDef) -> None:
        own = {prop.name.lower(): prop for prop in page.properties}
        for index, served in enumerate(svc.properties):
            documented = own.get(served.name.lower())
            if documented is None:
                self._not_on_page(page, svc, served)
                continue
            merged.properties[index] = self._merged_property(served, documented)
            served_type = self.svc.types.get(served.type.name)
            if documented.allowed_values and served_type is not None and served_type.kind is TypeKind.ENUM:
                self.inline_enums.add(served.type.name)  # a "Possible values" row documents the service's enum
            self._compare_property(svc, served, documented)
        served_names = {prop.name.lower() for prop in svc.properties}
        inherited = {prop.name.lower() for prop in self.svc.all_properties(svc.qualified)}
        for documented in page.properties:
            key = documented.name.lower()
            if key in served_names or key in inherited:
                continue  # the service's base has it: a row the docs repeat (or GEN711 at the base's page)
            subtype = self._subtype_with(svc.qualified, key)
            if subtype is not None:
                if not self._documented(subtype) and self._on_page(page, documented):
                    self._finding("GEN713", documented.file, documented.line, f"{documented.name} is a property of the "
                                  f"subtype {_short(subtype)} in the service, documented on {svc.name}", svc.qualified, documented.name)
                continue  # else the subtype's comparison reports the row (GEN713 here)
            if self._on_page(page, documented):
                self._finding("GEN712", documented.file, documented.line,
                              f"the service's {svc.name} has no property {documented.name}", svc.qualified, documented.name)
            merged.properties.append(attrs.evolve(documented, type=self._svc_ref(documented.type), unconfirmed=True))

    def _not_on_page(self, page: TypeDef, svc: TypeDef, served: Property) -> None:
        """A property the service declares on this type and the page does not: documented on a
        base of the docs (GEN713 at that row: too high), or to be added here (GEN711)."""
        assert page.source is not None
        for ancestor in self.docs.ancestors(page.qualified):
            row = _row(ancestor, served.name)
            if row is not None:
                if row.file and ancestor.source and page.qualified not in self.base_reported:
                    self._finding("GEN713", row.file, row.line, f"{served.name} is a property of {svc.name} in the service, "
                                  f"documented on its base {ancestor.name}", svc.qualified, served.name)
                return
        below = [d for d in self.docs_derived.get(page.qualified, ()) if _row(self.docs.types[d], served.name)]
        ends = page.row_ends[1] if served.navigation else page.row_ends[0]
        line = ends or max(page.row_ends) or page.line  # after the last row of its table: where the fix goes
        what = "relationship" if served.navigation else "property"
        where = f" (the docs have it on its subtype {_short(below[0])})" if below else ""
        self._finding("GEN711", page.source, line, f"the service's {svc.name} has the {what} {served.name} "
                      f"({_spelled(served.type)}), which the page does not document{where}", svc.qualified, served.name)

    def _compare_property(self, svc: TypeDef, served: Property, documented: Property) -> None:
        if documented.name != served.name:
            self._finding("GEN714", documented.file, documented.line, f"the property is {served.name} in the service, "
                          f"{documented.name} on the page", svc.qualified, served.name)
        documented_type = self._svc_ref(documented.type)
        if documented.allowed_values is not None and not documented.type.is_primitive:
            # gen read a String row as the enum its values name; the page wrote String
            documented_type = TypeRef("Edm.String", documented.type.collection)
        if documented_type.name == _UNTYPED or served.type.name == _UNTYPED:
            return  # a type cell gen could not read is GEN306 already; the service's any value fits all
        if documented_type.collection != served.type.collection:
            which = "a collection" if served.type.collection else "a single value"
            self._finding("GEN716", documented.file, documented.line, f"{served.name} is {which} of {_short(served.type.name)} "
                          f"in the service, documented as {_spelled(documented_type)}", svc.qualified, served.name)
        elif documented_type.name != served.type.name:
            self.mistyped.add((documented.type.name, documented.file))
            listed = bool(documented.allowed_values) and served.type.name in self.svc.types
            if listed:
                self.inline_enums.add(served.type.name)
            spelled = _spelled(documented_type, served.type) + (" with its possible values listed" if listed else "")
            self._finding("GEN715", documented.file, documented.line, f"{served.name} is {_spelled(served.type, documented_type)} "
                          f"in the service, documented as {spelled}", svc.qualified, served.name)

    def _merged_property(self, served: Property, documented: Property) -> Property:
        """The service's shape with the docs' words and place."""
        return attrs.evolve(
            served,
            description=documented.description or served.description,
            file=documented.file,
            line=documented.line,
            required=documented.required,
            read_only=documented.read_only,
            allowed_values=documented.allowed_values,
        )

    # -- types on one side only ---------------------------------------------------------------------
    def _docs_only(self, types: dict[str, TypeDef]) -> None:
        for name, typedef in self.docs.types.items():
            if name in self.names or typedef.source is None:
                continue  # an implied type (an anonymous enum, a base no page defines) has no place of its own
            kept = copy.deepcopy(typedef)
            kept.unconfirmed = True
            kept.base = self._svc_name(kept.base) if kept.base else None
            kept.properties = [attrs.evolve(p, type=self._svc_ref(p.type)) for p in kept.properties]
            types.setdefault(name, kept)
            if (name, typedef.source) in self.mistyped:
                continue  # an enum the "values" section of a row's own page defines: that row's GEN715 is the cause
            if typedef.deprecated:  # the page knows: a page to retire, not a defect of its rows
                self._finding("GEN722", typedef.source, typedef.line, f"the service no longer has {typedef.qualified}, "
                              "which the page marks deprecated: retire the page", name, severity="info")
                continue
            self._finding("GEN722", typedef.source, typedef.line,
                          f"the service has no type {typedef.qualified}: not yet shipped, retired, or named otherwise",
                          name)

    # -- names ----------------------------------------------------------------------------------------
    def _svc_name(self, name: str | None) -> str | None:
        return self.names.get(name, name) if name else name

    def _svc_ref(self, ref: TypeRef) -> TypeRef:
        return attrs.evolve(ref, name=self.names.get(ref.name, ref.name))

    def _operation(self, operation: Operation) -> Operation:
        return attrs.evolve(
            operation, request_type=self._svc_name(operation.request_type), response_type=self._svc_name(operation.response_type)
        )

    def _subtype_with(self, qualified: str, key: str) -> str | None:
        for subtype in self.svc_derived.get(qualified, ()):
            if any(p.name.lower() == key for p in self.svc.types[subtype].properties):
                return subtype
        return None

    def _documented(self, svc_name: str) -> bool:
        return any(svc == svc_name and self.docs.types[docs].source for docs, svc in self.names.items())

    @staticmethod
    def _on_page(page: TypeDef, prop: Property) -> bool:
        return bool(prop.file) and prop.file == page.source

    def _finding(self, code: str, file: str, line: int, message: str, type_name: str | None = None,
                 member: str | None = None, severity: Severity | None = None) -> None:
        self.findings.append(diag(code, file, line, message, type=type_name, member=member, severity=severity))


def undocumented(docs: ApiModel, service: Metadata, documented: set[str]) -> list[Diagnostic]:
    """GEN720: a service type that no page defines, one finding each (an info for a type nothing
    refers to), or one for a namespace no page documents; deprecated types are left out."""
    namespaces = {t.namespace.lower() for t in docs.types.values() if t.source}
    used = _referenced(service)
    by_namespace: dict[str, list[TypeDef]] = collections.defaultdict(list)
    for name, typedef in service.model.types.items():
        if name not in documented and name not in service.deprecated:
            by_namespace[typedef.namespace].append(typedef)
    found: list[Diagnostic] = []
    for namespace, types in sorted(by_namespace.items()):
        types.sort(key=lambda t: t.line)
        if namespace.lower() not in namespaces:
            message = f"no page documents the namespace {namespace} ({len(types)} types of the service)"
            found.append(diag("GEN720", service.file, types[0].line, message, type=namespace))
            continue
        for typedef in types:
            orphan = typedef.qualified not in used  # nothing of the service's surface reaches it
            why = " (nothing in the metadata refers to it)" if orphan else ""
            message = f"no page defines the service's {typedef.kind} type {typedef.qualified}{why}"
            found.append(diag("GEN720", service.file, typedef.line, message, type=typedef.qualified,
                              severity="info" if orphan else None))
    return found


def _named_by_holder(
    docs: ApiModel, svc: ApiModel, service: Metadata, names: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """Pages that name their type after the collection or property that holds it (a page
    "currencies" for the service's currency, the element type of ``company.currencies``):
    docs type -> (the service's type, the holder as a reader names it). Only when the page's
    rows are mostly the service type's properties, and the service type has no page of its own."""
    holders: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)
    for typedef in svc.types.values():
        for prop in typedef.properties:
            if prop.navigation or prop.type.name in svc.types:
                holders[prop.name.lower()].add((prop.type.name, f"{typedef.name}.{prop.name}"))
    for member in service.container:
        holders[member.name.lower()].add((member.target, f"the entity set {member.name}"))
    taken = set(names.values())
    found: dict[str, tuple[str, str]] = {}
    for name, typedef in docs.types.items():
        if name in names or typedef.source is None or typedef.kind is TypeKind.ENUM:
            continue
        candidates = {(target, holder) for target, holder in holders.get(typedef.name.lower(), ()) if target not in taken}
        fitting = {c for c in candidates if _rows_fit(typedef, svc, c[0])}
        if len({target for target, _ in fitting}) == 1:
            found[name] = min(fitting)
    return found


def _rows_fit(typedef: TypeDef, svc: ApiModel, target: str) -> bool:
    """Most of the page's rows are properties of the service's type."""
    rows = {prop.name.lower() for prop in typedef.properties}
    served = {prop.name.lower() for prop in svc.all_properties(target)}
    return bool(rows) and len(rows & served) * 2 > len(rows)


def _enums_of_parameter_rows(docs: ApiModel, service: Metadata) -> set[str]:
    """Service enums an operation page documents in a parameter's row: a parameter the service
    types with the enum, whose row's "Possible values" are all members of it."""
    by_parameter: dict[str, set[str]] = collections.defaultdict(set)
    for served in service.operations:
        for parameter in served.parameters:
            found = service.model.types.get(parameter.type.name)
            if found is not None and found.kind is TypeKind.ENUM:
                by_parameter[parameter.name.lower()].add(found.qualified)
    documented: set[str] = set()
    for operation in docs.operations:
        for parameter in [*operation.parameters, *operation.body_parameters]:
            values = {value.lower() for value in parameter.allowed_values or ()}
            for enum in by_parameter.get(parameter.name.lower(), ()) if values else ():
                if values <= {member.name.lower() for member in service.model.types[enum].members}:
                    documented.add(enum)
    return documented


def _referenced(service: Metadata) -> set[str]:
    """The types the service's surface reaches: property types, bases, operations, the container,
    and the subtypes of what they reach (a value of a type may be any of its subtypes)."""
    model = service.model
    named: set[str] = set()
    for typedef in model.types.values():
        named.update(prop.type.name for prop in typedef.properties)
    for operation in service.operations:
        named.update(p.type.name for p in operation.parameters)
        named.update(ref.name for ref in (operation.binding, operation.returns) if ref is not None)
    named.update(member.target for member in service.container)
    bases = {typedef.base for typedef in model.types.values() if typedef.base}
    return named | bases | _below(model, named)


def _addressable(service: Metadata) -> set[str]:
    """Entity types a URL can address by key: those of entity sets and navigation properties, and their subtypes."""
    model = service.model
    roots = {m.target for m in service.container if m.kind.addresses_entities}
    roots |= {p.type.name for t in model.types.values() for p in t.properties if p.navigation}
    return roots | _below(model, roots)


def _below(model: ApiModel, named: set[str]) -> set[str]:
    """The subtypes of the named types; a type that nearly every type derives from (OData services
    key every entity on one root) is left out: naming it says nothing of which subtype is meant."""
    universal = _universal_roots(model)
    return {name for name in model.types if named & ({a.qualified for a in model.ancestors(name)} - universal)}


def _universal_roots(model: ApiModel) -> set[str]:
    """Types that at least half of the types of their kind derive from."""
    descendants: collections.Counter[str] = collections.Counter()
    of_kind: collections.Counter[TypeKind] = collections.Counter(t.kind for t in model.types.values())
    for name, typedef in model.types.items():
        descendants.update(a.qualified for a in model.ancestors(name))
    return {name for name, count in descendants.items()
            if name in model.types and count * 2 >= of_kind[model.types[name].kind]}


def _count(names: list[str], word: str) -> str:
    return f"{len(names)} {word}{'s' if len(names) != 1 else ''}"


def _listed(names: list[str], shown: int = 12) -> str:
    head = ", ".join(names[:shown])
    return head + (f" and {len(names) - shown} more" if len(names) > shown else "")


def _descendants(model: ApiModel) -> dict[str, list[str]]:
    """Every subtype of each type, nearest first."""
    direct = model.derived()
    found: dict[str, list[str]] = {}
    for name in model.types:
        order: list[str] = []
        queue = list(direct.get(name, ()))
        while queue:
            current = queue.pop(0)
            if current not in order and current != name:
                order.append(current)
                queue.extend(direct.get(current, ()))
        if order:
            found[name] = order
    return found


def _described(typedef: TypeDef) -> bool:
    """A page defines the type, or (an enum) a "Possible values" sentence lists its members."""
    return typedef.source is not None or (typedef.kind is TypeKind.ENUM and bool(typedef.members))


def _row(typedef: TypeDef, name: str) -> Property | None:
    """The type's own row for a property, whatever the case of its name."""
    key = name.lower()
    return next((prop for prop in typedef.properties if prop.name.lower() == key), None)


def _short(qualified: str | None) -> str:
    return (qualified or "").rpartition(".")[2] or (qualified or "")


def _spelled(ref: TypeRef, other: TypeRef | None = None) -> str:
    """A type as a reader names it; qualified when ``other`` has the same short name."""
    name = ref.name.removeprefix("Edm.") if ref.name.startswith("Edm.") else _short(ref.name)
    if other is not None and _short(other.name) == name and other.name != ref.name:
        name = ref.name
    return f"a collection of {name}" if ref.collection else name


