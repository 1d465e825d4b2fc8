"""JSON body shapes the docs use, in one place.

A collection response is ``{"value": [...]}``; a function or action that returns one
value wraps it as ``{"value": x}``; either may carry ``@odata`` annotations beside it.
"""

from __future__ import annotations

from typing import Any

VALUE = "value"


def holds_value_list(body: Any) -> bool:
    """``{"value": [...], ...}``: a body whose ``value`` is an array (other keys allowed)."""
    return isinstance(body, dict) and isinstance(body.get(VALUE), list)


def is_wrapper(body: Any) -> bool:
    """``{"value": x}`` with only ``@`` annotations besides: a value wrapped in a body."""
    return isinstance(body, dict) and VALUE in body and only_annotations_besides(body)


def only_annotations_besides(body: dict[str, Any]) -> bool:
    """Every key but ``value`` is an annotation (``@odata.context``, ``@odata.nextLink``)."""
    return all(key == VALUE or key.startswith("@") for key in body)


def odata_type(body: Any) -> str | None:
    """The ``@odata.type`` an object names, if it names one as a string."""
    found = body.get("@odata.type") if isinstance(body, dict) else None
    return found if isinstance(found, str) else None
