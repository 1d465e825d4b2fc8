"""What ``gen lint`` needs of a page beyond its facts: links, anchors, suppression lines.

Computed from the same read as the parse (``load(..., scan=True)``), so that lint does
not read the tree again.
"""

from __future__ import annotations

import re

import attrs

from .parse.links import PageLinks, page_links

_SUPPRESS_LINE = re.compile(r"<!--\s*gen\s*:\s*(?:suppress|disable)\s+(\S+)(?:\s+(?!--)(\S+))?", re.IGNORECASE)


@attrs.frozen
class PageScan:
    path: str
    links: PageLinks
    suppress_lines: tuple[tuple[str, str | None, int], ...]  # (code, member, line)


def scan_page(path: str, text: str, links: PageLinks | None = None) -> PageScan:
    """Links, anchors and the lines of suppression comments of one page's text.

    ``links`` are the parse's (``parse_page_with_links``), so that the page is tokenised once.
    """
    lines = []
    if "gen" in text:
        for number, source in enumerate(text.split("\n"), 1):
            for match in _SUPPRESS_LINE.finditer(source):
                member = match.group(2)
                lines.append((match.group(1).upper(), member if member and member != "-->" else None, number))
    return PageScan(path, links if links is not None else page_links(text), tuple(lines))


