"""Faces that load their wing on first use.

A wing's ``__init__`` re-exports its entry points (``from generator.docs import load``); made
lazy, the import costs nothing until a name is used, so a command that never reads a tree
(a build that finds nothing changed, ``--help``) never loads the parser, the CSDL reader or
the lint rules. A face whose exported name is also a submodule's (``docs.load``, the
function, and ``docs/load.py``) keeps the function: the import system binds a submodule to
its package, and that binding is what the face declines.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any, Mapping


def lazy_face(package: str, homes: Mapping[str, str]) -> None:
    """Make ``package`` export each name of ``homes`` from its submodule, loaded when first used."""

    class Face(types.ModuleType):
        def __getattr__(self, name: str) -> Any:  # only names not yet bound reach here
            home = homes.get(name)
            if home is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            value = getattr(importlib.import_module(f"{package}.{home}"), name)
            types.ModuleType.__setattr__(self, name, value)
            return value

        def __setattr__(self, name: str, value: Any) -> None:
            if name in homes and isinstance(value, types.ModuleType):
                return  # the submodule of the same name: the exported function keeps the name
            types.ModuleType.__setattr__(self, name, value)

    sys.modules[package].__class__ = Face
