"""``<!-- gen: suppress CODE [member] -- reason -->`` comments."""

from __future__ import annotations

import re

from ..context import PageContext, Read
from ..markdown import Comment

_SUPPRESS = re.compile(r"^\s*<!--\s*gen\s*:\s*(?:suppress|disable)\s+(.*?)-->", re.IGNORECASE | re.DOTALL)


def read(ctx: PageContext) -> Read:
    found: list[tuple[str, str | None, str]] = []
    for block in ctx.blocks:
        match = _SUPPRESS.match(block.content) if isinstance(block, Comment) else None
        if match:
            spec, _, reason = match.group(1).partition("--")
            words = spec.split()
            if words:
                found.append((words[0].upper(), words[1] if len(words) > 1 else None, reason.strip()))
    return Read(suppressions=tuple(found))
