"""The front half: docs tree -> ApiModel.

``load`` walks the tree once, reads and parses each page once (in the process pool for
large trees), and resolves the pages' facts into one model; with ``scan=True`` it also
scans each page's text for what ``gen lint`` checks (links, anchors). This
face only re-exports.
"""

from .load import Limits, Loaded, load, load_model, parse_text

__all__ = ["Limits", "Loaded", "load", "load_model", "parse_text"]
