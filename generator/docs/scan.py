"""What ``gen lint`` needs of a page beyond its facts: its links and anchors.

Computed from the same read as the parse (``load(..., scan=True)``), so that lint does
not read the tree again. (Suppression comments, and the lines lint points at, are facts:
``parse/readers/suppressions.py`` reads them.)
"""

from __future__ import annotations

import attrs

from ..model.pickling import constructed
from .parse.links import PageLinks, page_links


@constructed  # (as the facts: see model.pickling)
@attrs.frozen
class PageScan:
    path: str
    links: PageLinks


def scan_page(path: str, text: str, links: PageLinks | None = None) -> PageScan:
    """Links and anchors of one page's text.

    ``links`` are the parse's (``parse_page_with_links``), so that the page is tokenised once.
    """
    return PageScan(path, links if links is not None else page_links(text))
