"""The page readers, one module per construct, in the order ``parse_page`` runs them.

Each is ``read(ctx: PageContext) -> Read``: it reads the page's shared context and returns
what it found with its diagnostics. A new construct is a new module and one line here.
"""

from __future__ import annotations

from typing import Callable

from ..context import PageContext, Read
from . import enum_pages, examples, operation, resource, suppressions

Reader = Callable[[PageContext], Read]

READERS: tuple[Reader, ...] = (
    examples.read,
    resource.read,
    enum_pages.read,
    operation.read,
    suppressions.read,
)

__all__ = ["READERS", "Reader"]
