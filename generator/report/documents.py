"""Versioned JSON documents (``gen-lint/1``, ``gen-drift/1``, ``gen-test-report/1``, ...).

One writer, so that every document is formatted alike (``model.json_values.document_text``,
which ``gen schema``'s documents use too).
"""

from __future__ import annotations

from typing import Any

from ..model.json_values import document_text

__all__ = ["document_text", "versioned"]


def versioned(format_name: str, **fields: Any) -> dict[str, Any]:
    """``{"format": "gen-x/1", ...fields}``: the format key first, as every spec shows it."""
    return {"format": format_name, **fields}
