"""Property kinds: how a declared type becomes a Python annotation and a runtime codec.

One small class per kind. Each gives the annotation text (for the class body, built
from escaped parts only: public names, ``str``, ``Any``, the model classes) and the typed
call of the runtime's ``_codecs`` that builds its codec.
"""

from __future__ import annotations

import re
from typing import Iterable

import attrs

from ...model.kinds import TypeKind
from ...model import ApiModel, TypeRef, edm
from .filters import Code, pystr
from .layout import ClassRef, Layout

@attrs.frozen
class Kind:
    """A declared type as Python sees it: an annotation, and the runtime codec that reads it."""

    def annotation(self, names: dict[ClassRef, str], list_name: str = "list") -> str:
        raise NotImplementedError

    def codec(self, names: dict[ClassRef, str]) -> Code:
        """The call of ``_codecs`` (imported as ``_c``) that builds its codec, typed for the checkers."""
        raise NotImplementedError

    def referenced(self) -> ClassRef | None:
        return None


@attrs.frozen
class PrimitiveKind(Kind):
    python: str
    constant: str  # the runtime's codec for it (``_codecs.DATE``)

    def annotation(self, names: dict[ClassRef, str], list_name: str = "list") -> str:
        return self.python

    def codec(self, names: dict[ClassRef, str]) -> Code:
        return Code(f"_c.{self.constant}")


@attrs.frozen
class AnyKind(Kind):
    """Edm.Untyped, or a type no page defines: any JSON value, kept as it is."""

    def annotation(self, names: dict[ClassRef, str], list_name: str = "list") -> str:
        return "Any"

    def codec(self, names: dict[ClassRef, str]) -> Code:
        return Code("_c.ANY")


@attrs.frozen
class EnumKind(Kind):
    target: ClassRef

    def annotation(self, names: dict[ClassRef, str], list_name: str = "list") -> str:
        return names[self.target]

    def codec(self, names: dict[ClassRef, str]) -> Code:
        local = pystr(names[self.target])
        return Code(f"_c.EnumOf[{local}]({pystr(self.target.module)}, {pystr(self.target.name)})")

    def referenced(self) -> ClassRef | None:
        return self.target


@attrs.frozen
class ModelKind(Kind):
    target: ClassRef

    def annotation(self, names: dict[ClassRef, str], list_name: str = "list") -> str:
        return names[self.target]

    def codec(self, names: dict[ClassRef, str]) -> Code:
        local = pystr(names[self.target])
        return Code(f"_c.ModelOf[{local}]({pystr(self.target.module)}, {pystr(self.target.name)})")

    def referenced(self) -> ClassRef | None:
        return self.target


@attrs.frozen
class CollectionKind(Kind):
    element: Kind

    def annotation(self, names: dict[ClassRef, str], list_name: str = "list") -> str:
        return f"{list_name}[{self.element.annotation(names, list_name)}]"

    def codec(self, names: dict[ClassRef, str]) -> Code:
        return Code(f"_c.Many({self.element.codec(names)})")

    def referenced(self) -> ClassRef | None:
        return self.element.referenced()


def kind_of(type_ref: TypeRef, model: ApiModel, layout: Layout) -> Kind:
    element = _element_kind(type_ref.name, model, layout)
    return CollectionKind(element) if type_ref.collection else element


def _element_kind(name: str, model: ApiModel, layout: Layout) -> Kind:
    primitive = edm.get(name)
    if primitive is not None:
        # Edm.Untyped is any JSON value, as is a type no page defines.
        return AnyKind() if primitive.name == edm.UNTYPED else PrimitiveKind(primitive.python, primitive.constant)
    typedef = model.types.get(name)
    target = layout.class_of(name)
    if typedef is None or target is None or name in layout.open_json:
        return AnyKind()  # no page defines it, or the docs show it holding any JSON
    return EnumKind(target) if typedef.kind is TypeKind.ENUM else ModelKind(target)


def field_annotation(kind: Kind, names: dict[ClassRef, str]) -> Code:
    """Every field may be absent (UNSET) or JSON null (None)."""
    return Code(f"{kind.annotation(names)} | None | Unset")


# Names generated annotations use, imported by name so that a signature reads as the API does
# (``str | None | Unset``, never a private alias): the runtime's and ``typing``'s.
RUNTIME_NAMES = ("AsyncPage", "Base64", "Date", "DateTimeOffset", "Duration", "Guid", "JsonValue", "Model", "Page",
                 "Response", "TimeOfDay", "Unset")
TYPING_NAMES = ("Any", "List", "Mapping", "Sequence", "TYPE_CHECKING", "Unpack")
_WORD = re.compile(r"\b[A-Za-z_]\w*\b")


def names_used(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """(runtime names, typing names) that the annotation texts use, sorted."""
    words = {word for text in texts for word in _WORD.findall(text)}
    return sorted(words.intersection(RUNTIME_NAMES)), sorted(words.intersection(TYPING_NAMES))
