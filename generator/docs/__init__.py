"""The front half: docs tree -> ApiModel.

``load`` walks the tree once, reads and parses each page once (in the process pool for
large trees), and resolves the pages' facts into one model; with ``scan=True`` it also
scans each page's text for what ``gen lint`` checks (links, anchors). This face only
re-exports, lazily (``generator.lazy``): ``Limits`` and the walk cost no parser to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_face
from .read import Limits

if TYPE_CHECKING:
    from .load import Loaded, load, load_model, parse_text

__all__ = ["Limits", "Loaded", "load", "load_model", "parse_text"]
lazy_face(__name__, {"Loaded": "load", "load": "load", "load_model": "load", "parse_text": "load"})
