"""Example values checked against the model: does each JSON example fit its documented type?

The docs carry thousands of JSON examples next to the property tables that describe them;
where the two disagree, one of them is wrong. This package states the disagreement as
findings with stable codes (GEN1xx of ``CODES``), each at a JSON pointer inside the
example and, where the key can be found in the example's text, at its source line.

Pure and reusable: ``gen lint`` reports the findings, ``gen test`` counts an example as
"typed" when it has none. Nothing here reads files or prints.

* ``examples.py``: which type a body shows, and its shape (collections, wrappers, bodies);
* ``objects.py``: values against types (objects, ``@odata.type`` dispatch, enums, primitives);
* ``values.py``: primitive checks (derived from ``model/edm.py``), placeholders, URLs;
* ``locate.py``: JSON pointers and their source lines.

Decisions worth knowing:

* ``null`` is always accepted: the tables say nothing about nullability.
* OData control information (``@odata.type``, ``x@odata.bind``, any key holding ``@``) is
  never a property and never a defect.
* ``@odata.type`` names the class an object is checked against when it is the declared type
  or derives from it; when it names a known type that does not derive from the declared one,
  that is GEN109 (GEN114 for the top of a request body) and the object is checked against the
  type it names, since that is how a client would read it. An ``@odata.type`` the model does
  not know makes the object unresolved: its known keys are checked, unknown keys are not
  reported (they may belong to the undocumented subtype).
* A malformed ``Edm.Guid`` is GEN102 (wrong-json-type): the string is not a value of the
  declared type. GEN106 is kept for dates and times, so that its kind (bad-date-time) stays
  true for tools that group by kind.
* A type placeholder ("String", "String (timestamp)", "Int32", "[String]", ...) is GEN108
  *instead of* the type error it would otherwise be, one finding per value; a placeholder that
  happens to fit the declared JSON type ("String" in a string property) is GEN108 too, as it
  is not data. A value that is a member of the declared enum or of the property's "possible
  values" is never a placeholder.
* Enum values may be comma-separated lists of members (Graph flag enums), whatever the model
  knows about flags.
* A body ``{"value": [...]}`` (with only ``@`` annotations besides) whose declared type has no
  ``value`` property is read as a collection response even when nothing says so.
"""

from __future__ import annotations

from typing import Any, Iterator

from ...model import ApiModel, Example, Operation, TypeRef
from ...model.diagnostics import Diagnostic
from ...model.index import ModelIndex
from .examples import ExampleChecker
from .locate import locate, pointer, pointer_parts
from ...model.edm import is_placeholder
from .values import is_absolute_url, is_url_property


def check_example(model: ApiModel, example: Example) -> list[Diagnostic]:
    """Findings of one example, in document order, each with a source line (no file)."""
    return ExampleChecker(ModelIndex(model)).example(example)


def check_value(model: ApiModel, type_ref: TypeRef, value: Any, path: str = "") -> Iterator[Diagnostic]:
    """Findings of one JSON value against a type reference (no lines: see check_example)."""
    return ExampleChecker(ModelIndex(model)).values.value(type_ref, value, pointer_parts(path))


def example_root(model: ApiModel, example: Example) -> tuple[TypeRef, Operation | None]:
    """The type an example body is documented to hold, and its operation."""
    return ExampleChecker(ModelIndex(model)).root(example)


__all__ = [
    "ExampleChecker",
    "check_example",
    "check_value",
    "example_root",
    "is_absolute_url",
    "is_placeholder",
    "is_url_property",
    "locate",
    "pointer",
]
