"""One page to PageFacts: the shared context is built once, then every reader runs on it.

The page is tokenised once (block level, ``context.py``); cells and sentences that carry
meaning are parsed inline on demand by the readers (``readers/``). Every problem is a
diagnostic with file and line.
"""

from __future__ import annotations

from ...model.diagnostics import Diagnostic

from ..read import DEFAULT_MAX_EXAMPLE_BYTES, Page
from .context import DEFAULT_NAMESPACE, PageContext, page_context
from .facts import PageFacts
from .links import PageLinks, links_of_tokens
from .readers import READERS

__all__ = ["DEFAULT_MAX_EXAMPLE_BYTES", "DEFAULT_NAMESPACE", "parse_page", "parse_page_with_links"]


def parse_page(page: Page, max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> PageFacts:
    ctx, problems = page_context(page, max_example_bytes)
    return _facts(ctx, problems)


def parse_page_with_links(page: Page, max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> tuple[PageFacts, PageLinks]:
    """The facts and the links of a page (``gen lint``), from the page's one tokenisation."""
    ctx, problems = page_context(page, max_example_bytes)
    return _facts(ctx, problems), links_of_tokens(ctx.tokens, ctx.lines, ctx.references)


def _facts(ctx: PageContext, problems: list[Diagnostic]) -> PageFacts:
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

