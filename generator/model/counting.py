"""Most common first: the one ranking every stage uses when it counts votes.

Ties go to the smaller key, so the answer depends on the counts alone, never on the order in
which pages were read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparisonT


def by_count(counts: Mapping[SupportsRichComparisonT, int]) -> list[tuple[SupportsRichComparisonT, int]]:
    """The (key, count) pairs, most common first, ties in key order."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def most_common(counts: Mapping[SupportsRichComparisonT, int]) -> SupportsRichComparisonT:
    """The key counted most often (the smallest of a tie); ``counts`` must not be empty."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 error``, ``2 errors``: a count with its noun in the number it takes (``plural`` where
    adding an s is wrong; uncountable nouns such as ``info`` pass themselves)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
