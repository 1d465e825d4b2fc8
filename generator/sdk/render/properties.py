"""Property kinds: how a declared type becomes a Python annotation and a runtime codec.

One small class per kind. Each gives the annotation text (for the class body, built
from escaped parts only) and the codec spec the runtime uses to read and write JSON.
"""

from __future__ import annotations

import attrs

from ...model.kinds import TypeKind
from ...model import ApiModel, TypeRef, edm
from .filters import Code
from .layout import ClassRef, Layout

@attrs.frozen
class Kind:
    """A declared type as Python sees it."""

    def annotation(self, names: dict[ClassRef, str]) -> str:
        raise NotImplementedError

    def codec(self) -> str:
        raise NotImplementedError

    def referenced(self) -> ClassRef | None:
        return None


@attrs.frozen
class PrimitiveKind(Kind):
    python: str
    spec: str

    def annotation(self, names: dict[ClassRef, str]) -> str:
        return self.python

    def codec(self) -> str:
        return self.spec


@attrs.frozen
class AnyKind(Kind):
    """Edm.Untyped, or a type no page defines: any JSON value, kept as it is."""

    def annotation(self, names: dict[ClassRef, str]) -> str:
        return "_t.Any"

    def codec(self) -> str:
        return "any"


@attrs.frozen
class EnumKind(Kind):
    target: ClassRef

    def annotation(self, names: dict[ClassRef, str]) -> str:
        return names[self.target]

    def codec(self) -> str:
        return "E:" + self.target.reference

    def referenced(self) -> ClassRef | None:
        return self.target


@attrs.frozen
class ModelKind(Kind):
    target: ClassRef

    def annotation(self, names: dict[ClassRef, str]) -> str:
        return names[self.target]

    def codec(self) -> str:
        return "M:" + self.target.reference

    def referenced(self) -> ClassRef | None:
        return self.target


@attrs.frozen
class CollectionKind(Kind):
    element: Kind

    def annotation(self, names: dict[ClassRef, str]) -> str:
        return f"list[{self.element.annotation(names)}]"

    def codec(self) -> str:
        return "[" + self.element.codec()

    def referenced(self) -> ClassRef | None:
        return self.element.referenced()


def kind_of(type_ref: TypeRef, model: ApiModel, layout: Layout) -> Kind:
    element = _element_kind(type_ref.name, model, layout)
    return CollectionKind(element) if type_ref.collection else element


def _element_kind(name: str, model: ApiModel, layout: Layout) -> Kind:
    primitive = edm.get(name)
    if primitive is not None:
        # Edm.Untyped is any JSON value, as is a type no page defines.
        return AnyKind() if primitive.name == edm.UNTYPED else PrimitiveKind(primitive.python, primitive.codec)
    typedef = model.types.get(name)
    target = layout.class_of(name)
    if typedef is None or target is None:
        return AnyKind()
    return EnumKind(target) if typedef.kind is TypeKind.ENUM else ModelKind(target)


def field_annotation(kind: Kind, names: dict[ClassRef, str]) -> Code:
    """Every field may be absent (UNSET) or JSON null (None)."""
    return Code(f"{kind.annotation(names)} | None | _rt.Unset")
