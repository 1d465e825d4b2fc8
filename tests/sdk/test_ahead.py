"""Render ahead: the render's jobs run in forked workers, and the build sees what it would have made itself."""

from __future__ import annotations

import functools
import os

import pytest

from generator.sdk.ahead import CHUNKS, render_ahead
from generator.sdk.render.digest import Pending
from generator.sdk.render.package import Job

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")


class _LastOutput:
    """An output that holds every even file of the first build, as its view was then."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def by_view(self, path: str, view: str) -> tuple[str, str] | None:
        number = int(path.split("-")[1])
        return (f"formatted {path}", f"source {path}") if number % 2 == 0 and view == f"view {path}" else None

    def by_source(self, path: str, source_hash: str) -> str | None:
        self.asked.append(path)
        return None


def _rendered(path: str) -> str:
    return f"rendered {path} in {os.getpid()}"


def _job(first: int, files: int, changed: bool = False) -> Job:
    def run() -> list[tuple[str, Pending]]:
        made = []
        for number in range(first, first + files):
            path = f"file-{number}"
            view = None if number % 7 == 0 else f"view {path}" + (" changed" if changed else "")
            made.append((path, Pending(view, functools.partial(_rendered, path))))
        return made

    return run


def test_the_files_come_in_job_order_each_kept_or_rendered() -> None:
    jobs = [_job(3 * index, 3 if index % 5 else 1) for index in range(3 * CHUNKS)]
    expected = [path for job in jobs for path, _ in job()]
    last = _LastOutput()
    steps: list[tuple[int, int]] = []
    ahead = render_ahead(jobs, last, 2, len(expected), lambda done, total: steps.append((done, total)))
    assert [path for path, _ in ahead.files] == expected
    kept = [path for path, pending in ahead.files if pending.view and ahead.previous.by_view(path, pending.view)]
    assert kept == [path for path in expected if int(path.split("-")[1]) % 2 == 0 and int(path.split("-")[1]) % 7]
    assert ahead.rendered == len(expected) - len(kept)
    made = {pending.make() for path, pending in ahead.files if path not in kept}
    assert all(text.startswith("rendered") for text in made)
    assert {text.rpartition(" ")[2] for text in made} - {str(os.getpid())}  # (rendered in the workers)
    assert ahead.previous.by_view(kept[0], "another view") is None  # a file is kept for its view only
    assert ahead.previous.by_source("file-1", "hash") is None and last.asked == ["file-1"]
    assert steps[-1] == (len(expected), len(expected))


def test_a_changed_view_is_rendered_even_where_the_output_holds_the_file() -> None:
    jobs = [_job(0, 4, changed=True), _job(4, 4)]
    ahead = render_ahead(jobs, _LastOutput(), 2, 8)
    rendered = [path for path, pending in ahead.files if not (pending.view and ahead.previous.by_view(path, pending.view))]
    assert rendered == ["file-0", "file-1", "file-2", "file-3", "file-5", "file-7"]
