"""The ground floor: the resolved API model and what every wing reads of it.

Imports nothing of gen outside this package. This face only re-exports the model's
classes, so that ``from generator.model import ApiModel`` reads as it always did.
"""

from .api import (
    ENTITY_ROOT,
    EVOLVABLE,
    ApiModel,
    EnumMember,
    Example,
    HttpExchange,
    Operation,
    Parameter,
    Property,
    TypeDef,
    TypeRef,
)
from .kinds import ExampleKind, Location, TypeKind

__all__ = [
    "ENTITY_ROOT",
    "EVOLVABLE",
    "ApiModel",
    "EnumMember",
    "Example",
    "HttpExchange",
    "Operation",
    "Parameter",
    "Property",
    "TypeDef",
    "TypeRef",
    "TypeKind",
    "ExampleKind",
    "Location",
]
