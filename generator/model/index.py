"""ModelIndex: the lookups every reader of a model repeats, computed once and cached.

A model is immutable once resolved, as every stage after resolve treats it; an index
is built for one model and passed explicitly to what needs it (no module-global cache).
"""

from __future__ import annotations

import functools

from .api import ApiModel, Operation, Property, TypeDef
from .open_json import open_json_types


class ModelIndex:
    """Property maps, ancestors, subtype indexes and name lookups of one model."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self._properties: dict[str, dict[str, Property]] = {}
        self._lower_names: dict[str, str] | None = None
        self._derived: dict[str, list[str]] | None = None
        self._descendant_keys: dict[str, dict[str, list[str]]] = {}
        self._ancestors: dict[str, frozenset[str]] = {}
        self._operations: dict[str, Operation] | None = None
        self._documented: dict[str, bool] = {}
        self._member_names: dict[str, frozenset[str]] = {}

    @functools.cached_property
    def open_json(self) -> frozenset[str]:
        """Types whose values are any JSON, as the examples show (``open_json``)."""
        return open_json_types(self.model)

    def properties(self, qualified: str) -> dict[str, Property]:
        cached = self._properties.get(qualified)
        if cached is None:
            cached = {prop.name: prop for prop in self.model.all_properties(qualified)}
            self._properties[qualified] = cached
        return cached

    def member_names(self, qualified: str) -> frozenset[str]:
        """The names of an enum's members (none for another type or an unknown one)."""
        cached = self._member_names.get(qualified)
        if cached is None:
            typedef = self.model.types.get(qualified)
            cached = frozenset(member.name for member in typedef.members) if typedef is not None else frozenset()
            self._member_names[qualified] = cached
        return cached

    def ancestors(self, qualified: str) -> frozenset[str]:
        cached = self._ancestors.get(qualified)
        if cached is None:
            cached = frozenset(t.qualified for t in self.model.ancestors(qualified))
            self._ancestors[qualified] = cached
        return cached

    def documented(self, qualified: str) -> bool:
        """Whether a type's full property list is known: it has a page and every base is in the model.

        A type known only from rows that claim it ("Inherited from [x]", a request body table),
        or one whose base is missing from the tree, may have properties the model has not seen,
        so a key it does not list is not reported as unknown.
        """
        cached = self._documented.get(qualified)
        if cached is None:
            typedef = self.model.types.get(qualified)
            cached = typedef is not None and typedef.source is not None
            seen = {qualified}
            while cached and typedef is not None and typedef.base and typedef.base not in seen:
                seen.add(typedef.base)
                typedef = self.model.types.get(typedef.base)
                cached = typedef is not None
            self._documented[qualified] = cached
        return cached

    def derives(self, qualified: str, base: str) -> bool:
        return qualified == base or base in self.ancestors(qualified)

    def find_type(self, name: str) -> TypeDef | None:
        """The type an ``@odata.type`` value names: qualified, any case, or a short name."""
        name = name.strip().lstrip("#").strip()
        if not name:
            return None
        exact = self.model.types.get(name)
        if exact is not None:
            return exact
        if self._lower_names is None:
            self._lower_names = {}
            shorts: dict[str, list[str]] = {}
            for qualified in self.model.types:
                self._lower_names[qualified.lower()] = qualified
                shorts.setdefault(short_name(qualified).lower(), []).append(qualified)
            for short, names in shorts.items():
                main = f"{self.model.main_namespace}.{short}".lower()
                self._lower_names.setdefault("." + short, self._lower_names.get(main, sorted(names)[0]))
        lowered = name.lower()
        hit = self._lower_names.get(lowered)
        if hit is None and (lowered.startswith("graph.") or "." not in lowered):
            hit = self._lower_names.get("." + lowered.rpartition(".")[2])
        return self.model.types.get(hit) if hit else None

    def operation(self, name: str | None) -> Operation | None:
        if name is None:
            return None
        if self._operations is None:
            self._operations = {operation.name: operation for operation in self.model.operations}
        return self._operations.get(name)

    def subtype_declaring(self, qualified: str) -> dict[str, list[str]]:
        """For a type with subtypes: property name -> the (transitive) subtypes that declare it."""
        cached = self._descendant_keys.get(qualified)
        if cached is not None:
            return cached
        derived = self.derived()
        own = self.properties(qualified)
        result: dict[str, list[str]] = {}
        seen = {qualified}
        queue = list(derived.get(qualified, []))
        while queue:
            sub = queue.pop(0)
            if sub in seen:
                continue
            seen.add(sub)
            queue.extend(derived.get(sub, []))
            for name in self.properties(sub):
                if name not in own:
                    result.setdefault(name, []).append(sub)
        self._descendant_keys[qualified] = result
        return result

    def derived(self) -> dict[str, list[str]]:
        """Direct subtypes of each type, sorted."""
        if self._derived is None:
            self._derived = self.model.derived()
        return self._derived


def short_name(qualified: str) -> str:
    return qualified.rpartition(".")[2]
