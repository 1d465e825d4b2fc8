"""Versioned JSON documents (``gen-lint/1``, ``gen-drift/1``, ``gen-test-report/1``, ...).

One writer, so that every document is formatted alike: two-space indent, UTF-8 kept
as it is, a final newline.
"""

from __future__ import annotations

import json
from typing import Any


def document_text(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def versioned(format_name: str, **fields: Any) -> dict[str, Any]:
    """``{"format": "gen-x/1", ...fields}``: the format key first, as every spec shows it."""
    return {"format": format_name, **fields}
