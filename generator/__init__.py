"""gen: an SDK generator and drift detector for Markdown API reference docs.

``missing_module`` is here, with the standard library alone, so that ``python -m generator`` can
say it from a Python that has none of gen's dependencies.
"""

from __future__ import annotations

import sys

__version__ = "0.1.0"


def missing_module(error: ModuleNotFoundError) -> str | None:
    """What gen says when its Python lacks a module gen needs (an installation to mend, not a bug);
    None when the module is one of gen's own (a bug in gen, reported as one)."""
    name = (error.name or "").partition(".")[0]  # (the package a distribution installs)
    if not name or name == __package__:
        return None
    return (
        f"gen: the module {name!r} is not installed in this Python ({sys.executable}).\n"
        "Install gen with its dependencies (pip install gen, or pip install -e . in gen's checkout), "
        "or run the gen of the environment it is installed in."
    )
