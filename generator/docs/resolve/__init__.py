"""Resolve stage: the PageFacts of every page merged into one ApiModel.

The only stage that looks across pages. In order:

1. declare the types that pages document, merging the pages that document one type
   (``types``), and the enums (``enums``);
2. give each type its properties: a page's own rows; rows marked "Inherited from [x]"
   belong to x (they only define x when x has no page of its own);
3. enums that exist only as "Possible values" sentences become enum types;
4. base types from annotations, prose, subtype lists and the order of inherited rows;
   cycles broken (``inheritance``);
5. entity or complex, from every signal and through inheritance, where actions and
   functions are no signal (``calls``); ``entity`` as the root of entity types, which
   owns ``id``; rows a page repeats from its bases dropped;
6. operations and examples (``operations``);
7. each method on a path to the pages that document it without a query string, and
   the pages that disagree about its response reported (``shared_paths``).
"""

from __future__ import annotations

from typing import Iterable

import attrs

from ...model.diagnostics import Diagnostic
from ...model import ApiModel
from ..parse.facts import PageFacts
from . import calls, enums, inheritance, operations, shared_paths, types
from .context import ResolveContext


def resolve(pages: Iterable[PageFacts], extra: Iterable[Diagnostic] = ()) -> ApiModel:
    ctx = ResolveContext(sorted(pages, key=lambda page: page.path), list(extra))
    types.declare_types(ctx)
    enums.declare_enums(ctx)
    types.page_properties(ctx)
    for page in ctx.pages:
        if page.operation is not None and page.operation.body_properties:
            types.body_claims(ctx, page, operations.body_subject(page, ctx, report=False))
    types.claimed_properties(ctx)
    inheritance.collect_bases(ctx)
    action_pages = calls.action_pages(ctx)
    addressing = calls.addressing_pages(ctx, action_pages)
    silent = action_pages | calls.property_reads(ctx, set(addressing))
    inheritance.assign_kinds(ctx.types, ctx.facts, calls.operation_targets(ctx, addressing), silent)
    inheritance.entity_root(ctx)
    inheritance.drop_repeated_rows(ctx.types)
    found, examples = operations.resolve_operations(ctx.pages, ctx)
    model = ApiModel(types=dict(sorted(ctx.types.items())), operations=found, examples=examples,
                     pages=len(ctx.pages), main_namespace=ctx.main_namespace)
    shared_paths.settle(model, ctx.pages, ctx.diagnostics)
    # The model is frozen from here on: every later stage reads it.
    return attrs.evolve(
        model,
        diagnostics=sorted(set(ctx.diagnostics), key=Diagnostic.sort_key),
        suppressions=[(page.path, s.code, s.member, s.reason) for page in ctx.pages for s in page.suppressions],
    )
