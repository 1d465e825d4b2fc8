"""Local names of the model classes a generated module refers to, and the imports that bind them.

A module binds names of its own (``_rt``, ``_c``, the runtime's and ``typing``'s names it
imports, its own classes): a referenced class whose name would clash is imported under an
alias that says where it lives (``Location_fleet_telemetry_location``).
"""

from __future__ import annotations

from typing import Iterable

import attrs

from ...model import naming
from .layout import ClassRef
from .properties import RUNTIME_NAMES, TYPING_NAMES

# Names a generated module binds itself: an imported class of the same name is aliased.
RESERVED_LOCALS = frozenset({"_rt", "_c", "_http", "attrs", "annotations", "UNSET", "AsyncNode", "SyncNode", "Options",
                             "Download", "AsyncDownload", *RUNTIME_NAMES, *TYPING_NAMES})


@attrs.frozen
class Import:
    module: str
    name: str
    alias: str | None = None


def model_module(package: str, ref: ClassRef) -> str:
    return f"{package}.models.{ref.module}"


def local_names(
    package: str,
    own: ClassRef | None,
    references: Iterable[ClassRef | None],
    base: ClassRef | None = None,
    taken: Iterable[str] = (),
) -> tuple[dict[ClassRef, str], list[Import]]:
    """A local name for each referenced class (aliased when two would clash), and the imports
    of all but the base (which the module imports at its top, not for type checking only)."""
    names: dict[ClassRef, str] = {}
    used = set(RESERVED_LOCALS) | set(taken)
    if own is not None:
        names[own] = own.name
        used.add(own.name)
    wanted = sorted({ref for ref in [base, *references] if ref is not None and ref != own}, key=lambda r: (r != base, r.module))
    imports: list[Import] = []
    for ref in wanted:
        name = ref.name
        if name in used:
            name = f"{ref.name}_{naming.snake(ref.module.replace('.', '_'))}"
        used.add(name)
        names[ref] = name
        if ref != base:
            imports.append(Import(model_module(package, ref), ref.name, name if name != ref.name else None))
    imports.sort(key=lambda item: (item.module, item.name))
    return names, imports
