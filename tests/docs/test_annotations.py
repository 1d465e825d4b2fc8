"""Annotation comments: one text read once, each annotation with its own lines."""

from __future__ import annotations

import pytest

from generator.docs.parse import annotations
from generator.docs.parse.annotations import read_annotation

GOOD = '<!-- {\n  "blockType": "response",\n  "truncated": "true"\n} -->'
REPAIRED = '<!--\n\n{ blockType: "request", }\n-->'
BROKEN = '<!-- {\n  "blockType": "request",\n  "name": \n} -->'


@pytest.mark.parametrize("comment", [GOOD, REPAIRED, BROKEN, "<!-- not an annotation -->", "plain text"])
def test_an_annotation_read_again_elsewhere_has_its_own_lines_and_the_same_reading(comment: str) -> None:
    annotations._read_comment.cache_clear()
    first = read_annotation(comment, 10)
    again = read_annotation(comment, 200)
    uncached = annotations._read_comment.__wrapped__(comment)
    if first is None:
        assert again is None and uncached is None
        return
    assert again is not None and uncached is not None
    assert (first.line, again.line) == (10, 200)
    assert again.problem_line - 200 == first.problem_line - 10 == uncached[2]  # (below the comment's first line)
    assert (first.values, first.problem, first.is_page_annotation) == (again.values, again.problem, again.is_page_annotation)
    assert annotations._read_comment.cache_info().hits == 1


def test_what_the_readings_say() -> None:
    good, repaired, broken = (read_annotation(comment, 5) for comment in (GOOD, REPAIRED, BROKEN))
    assert good is not None and good.values == {"blockType": "response", "truncated": True} and good.problem is None
    assert repaired is not None and repaired.values == {"blockType": "request"} and repaired.problem
    assert repaired.problem_line == 7  # the JSON starts two lines below the comment's first
    assert broken is not None and broken.values is None and broken.problem and broken.problem_line == 8


def test_a_giant_comment_is_read_but_not_kept() -> None:
    annotations._read_comment.cache_clear()
    giant = "<!-- {" + ", ".join(f'"k{i}": {i}' for i in range(2000)) + "} -->"
    read = read_annotation(giant, 1)
    assert read is not None and read.values is not None and len(read.values) == 2000
    assert annotations._read_comment.cache_info().currsize == 0
