"""Per-type bounds of the SDK: what one generated module may hold.

black holds the whole syntax tree of a module while it formats it, about 50 KB of memory
per generated field: a type documented with 50,000 rows cost a build 2.4 GB and 74 s. A
type's model keeps its first ``MAX_TYPE_ROWS`` properties (an enum its first members),
with GEN601; the rest still round-trip, as the extra keys every model keeps (and as the
unknown values every open enum keeps). The schema the SDK ships keeps every row.
"""

from __future__ import annotations

import attrs

from ..model.kinds import TypeKind
from ..model import ApiModel, TypeDef
from ..model.diagnostics import Diagnostic, diag

MAX_TYPE_ROWS = 5_000  # the largest type of the full beta reference has 283 properties


def bounded(model: ApiModel) -> tuple[ApiModel, list[Diagnostic]]:
    """The model the SDK renders, and a GEN601 for each type cut to ``MAX_TYPE_ROWS``."""
    over = [typedef for typedef in model.types.values() if _rows(typedef) > MAX_TYPE_ROWS]
    if not over:
        return model, []
    types = dict(model.types)
    problems = []
    for typedef in over:
        types[typedef.qualified] = attrs.evolve(
            typedef, properties=typedef.properties[:MAX_TYPE_ROWS], members=typedef.members[:MAX_TYPE_ROWS]
        )
        problems.append(_finding(typedef))
    return attrs.evolve(model, types=types), problems


def _rows(typedef: TypeDef) -> int:
    return max(len(typedef.properties), len(typedef.members))


def _finding(typedef: TypeDef) -> Diagnostic:
    what = "members" if typedef.kind is TypeKind.ENUM else "properties"
    message = (
        f"{typedef.name} has {_rows(typedef):,} {what}; its generated {'enum' if what == 'members' else 'model'} "
        f"keeps the first {MAX_TYPE_ROWS:,} (the rest round-trip as "
        f"{'unknown values' if what == 'members' else 'extra keys'}): split the type, or report it if it is real"
    )
    return diag("GEN601", typedef.source or "", typedef.line, message, type=typedef.qualified)
