"""Layout: every Python name and file of the package, decided once, before rendering.

Names must be unique where Python needs them to be (classes and modules per package,
attributes per class including inherited ones, path nodes and their methods), and stable:
the same docs give the same names. Collisions are resolved in a fixed order (sorted
qualified names, page order of properties).
"""

from __future__ import annotations

import attrs

from ...model.kinds import TypeKind
from ...model import naming
from ...model import ApiModel, TypeDef
from ...model.open_json import open_json_types
from .navigation import plan_navigation
from .tree import Navigation


@attrs.frozen
class ClassRef:
    """Where a generated class lives: ``module`` is relative to ``PKG.models``."""

    module: str  # e.g. "mac_os_vpn_configuration" or "call_records.endpoint"
    name: str  # e.g. "MacOSVpnConfiguration"

    @property
    def reference(self) -> str:
        return f"{self.module}:{self.name}"

    @property
    def package(self) -> str:
        """The models (sub)package the class is exported from, relative to ``PKG.models``."""
        return self.module.rpartition(".")[0]


@attrs.define
class Layout:
    package: str
    main_namespace: str
    classes: dict[str, ClassRef] = attrs.Factory(dict)
    attributes: dict[str, dict[str, str]] = attrs.Factory(dict)  # type -> json name -> attribute
    navigation: Navigation | None = None  # the documented paths as path nodes (see navigation.py)
    subpackages: dict[str, str] = attrs.Factory(dict)  # namespace -> subpackage module
    open_json: frozenset[str] = frozenset()  # types whose values are any JSON (model.open_json)

    def class_of(self, qualified: str) -> ClassRef | None:
        return self.classes.get(qualified)


def plan(model: ApiModel, package: str) -> Layout:
    """Every name of the package: its classes and attributes, then its path nodes."""
    layout = plan_names(model, package)
    layout.navigation = plan_navigation(model, package)
    return layout


def plan_names(model: ApiModel, package: str) -> Layout:
    """The classes and attributes of the models (what a model's file needs), without the path
    nodes: a build renders the models while it plans the paths (``RenderStream.navigated``)."""
    layout = Layout(package=package, main_namespace=model.main_namespace, open_json=open_json_types(model))
    _plan_classes(model, layout)
    _plan_attributes(model, layout)
    return layout


def _plan_classes(model: ApiModel, layout: Layout) -> None:
    by_namespace: dict[str, list[TypeDef]] = {}
    for qualified in sorted(model.types):
        typedef = model.types[qualified]
        by_namespace.setdefault(typedef.namespace, []).append(typedef)
    subpackage_names = naming.unique(
        [naming.namespace_module(ns, model.main_namespace) or "" for ns in sorted(by_namespace)], fold_case=True
    )
    for namespace, subpackage in zip(sorted(by_namespace), subpackage_names):
        types = by_namespace[namespace]
        if subpackage:
            layout.subpackages[namespace] = subpackage
        classes = naming.unique([naming.class_name(t.name) for t in types])
        # A main-namespace module must not share its name with a sub-namespace's folder
        # (``models/security.py`` beside ``models/security/``: the folder would win).
        taken = ["registry", *(name for name in subpackage_names if name and not subpackage)]
        modules = naming.unique([naming.module_name(t.name) for t in types], taken=taken, fold_case=True)
        prefix = subpackage + "." if subpackage else ""
        for typedef, class_name, module in zip(types, classes, modules):
            layout.classes[typedef.qualified] = ClassRef(prefix + module, class_name)


def _plan_attributes(model: ApiModel, layout: Layout) -> None:
    for qualified in _bases_first(model):
        typedef = model.types[qualified]
        if typedef.kind is TypeKind.ENUM:
            continue
        inherited: dict[str, str] = {}
        for ancestor in model.ancestors(qualified):
            planned = layout.attributes.get(ancestor.qualified)
            if planned is not None:
                # The nearest planned ancestor's table already holds all of its ancestors':
                # merging every ancestor's again made deep hierarchies cubic.
                inherited = dict(planned)
                break
        names = naming.unique(
            [naming.attribute_name(prop.name) for prop in typedef.properties], taken=inherited.values()
        )
        layout.attributes[qualified] = {**inherited, **dict(zip((p.name for p in typedef.properties), names))}


def _bases_first(model: ApiModel) -> list[str]:
    """Every type after its base, iteratively: a hierarchy may be as deep as the docs make it."""
    ordered: list[str] = []
    seen: set[str] = set()
    for qualified in sorted(model.types):
        chain: list[str] = []  # from this type up to the first base already placed
        in_chain: set[str] = set()  # a cycle (already reported by the resolver) stops the walk
        current: str | None = qualified
        while current is not None and current not in seen and current in model.types and current not in in_chain:
            chain.append(current)
            in_chain.add(current)
            current = model.types[current].base or None
        for name in reversed(chain):
            seen.add(name)
            ordered.append(name)
    return ordered
