"""One page to PageFacts: the shared context is built once, then every reader runs on it.

The page is tokenised once (block level, ``context.py``); cells and sentences that carry
meaning are parsed inline on demand by the readers (``readers/``). Every problem is a
diagnostic with file and line.
"""

from __future__ import annotations

from ..read import Page
from .context import DEFAULT_MAX_EXAMPLE_BYTES, DEFAULT_NAMESPACE, page_context
from .facts import PageFacts
from .readers import READERS

__all__ = ["DEFAULT_MAX_EXAMPLE_BYTES", "DEFAULT_NAMESPACE", "parse_page"]


def parse_page(page: Page, max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> PageFacts:
    ctx, problems = page_context(page, max_example_bytes)
    reads = [reader(ctx) for reader in READERS]
    # Diagnostics in the order the constructs appear in a reader, readers in their order.
    diagnostics = tuple(problems) + tuple(d for read in reads for d in read.diagnostics)
    return PageFacts(
        path=ctx.path,
        kind=ctx.kind,
        title=ctx.title,
        namespace=ctx.namespace,
        doc_type=ctx.doc_type,
        types=tuple(t for read in reads for t in read.types),
        enums=tuple(e for read in reads for e in read.enums),
        operation=next((read.operation for read in reads if read.operation is not None), None),
        examples=tuple(e for read in reads for e in read.examples),
        suppressions=tuple(s for read in reads for s in read.suppressions),
        diagnostics=diagnostics,
        digest=ctx.digest,
    )

