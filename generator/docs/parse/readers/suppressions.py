"""``<!-- gen: suppress CODE [member] -- reason -->`` comments: the one parser of their grammar.

A comment may span lines (the member, the code or the reason on the next one); its line
is the line it opens on, which is where ``gen lint`` points a finding about it (GEN401,
GEN402, GEN403). ``disable`` is read as ``suppress``.
"""

from __future__ import annotations

import re

from ..context import PageContext, Read
from ..facts import Suppression
from ..markdown import Comment

_SUPPRESS = re.compile(r"^\s*<!--\s*gen\s*:\s*(?:suppress|disable)\s+(.*?)-->", re.IGNORECASE | re.DOTALL)


def read(ctx: PageContext) -> Read:
    found = (read_suppression(block.content, block.line) for block in ctx.blocks if isinstance(block, Comment))
    return Read(suppressions=tuple(suppression for suppression in found if suppression is not None))


def read_suppression(comment: str, line: int) -> Suppression | None:
    """The suppression an HTML block opening on ``line`` holds, if it begins with one."""
    match = _SUPPRESS.match(comment)
    if not match:
        return None
    spec, _, reason = match.group(1).partition("--")
    words = spec.split()
    if not words:
        return None
    return Suppression(words[0].upper(), words[1] if len(words) > 1 else None, reason.strip(), line)
