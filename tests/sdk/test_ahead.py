"""Render ahead: the render's jobs run in forked workers, and the build sees what it would have made itself."""

from __future__ import annotations

import functools
import os
from typing import Callable

import pytest

from generator.sdk.ahead import CHUNKS, as_formatted, render_ahead
from generator.sdk.lock import text_hash
from generator.sdk.render.digest import Pending
from generator.sdk.render.package import Job, Jobs

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")


class _LastOutput:
    """An output that holds every even file of the first build, as its view was then, and the
    formatted text of one Python file by its unformatted text's hash."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def by_view(self, path: str, view: str) -> dict[str, str] | None:
        number = int(path.split("-")[1].removesuffix(".py"))
        return {"source": f"source {path}", "sha256": "s"} if number % 2 == 0 and view == f"view {path}" else None

    def by_source(self, path: str, source_hash: str) -> str | None:
        self.asked.append(path)
        return "reused = 1\n" if path == "module-1.py" and source_hash == text_hash("reused=1 # c") else None


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


def _staged(jobs: list[Job], split: int | None = None) -> tuple[Jobs, Callable[[], Jobs]]:
    """``jobs`` as render_ahead takes them: the first ``split`` (all: None), then the others."""
    split = len(jobs) if split is None else split

    def count(part: list[Job]) -> int:
        return sum(len(job()) for job in part)

    return Jobs(count(jobs[:split]), jobs[:split]), lambda: Jobs(count(jobs[split:]), jobs[split:])


@pytest.mark.parametrize(("split", "in_workers"), [(None, True), (CHUNKS, True), (0, False)])
def test_the_files_come_in_job_order_each_kept_or_rendered(split: int | None, in_workers: bool) -> None:
    jobs = [_job(3 * index, 3 if index % 5 else 1) for index in range(3 * CHUNKS)]
    expected = [path for job in jobs for path, _ in job()]
    steps: list[tuple[int, int]] = []
    files = render_ahead(*_staged(jobs, split), _LastOutput(), 2, lambda done, total: steps.append((done, total)))
    assert [file.path for file in files] == expected
    kept = [file.path for file in files if file.kept is not None]
    assert kept == [path for path in expected if int(path.split("-")[1]) % 2 == 0 and int(path.split("-")[1]) % 7]
    assert all(file.source == f"source {file.path}" and file.text is None for file in files if file.kept is not None)
    made = [file for file in files if file.kept is None]
    assert all(file.text is not None and file.text.startswith("rendered") and file.source == text_hash(file.text) for file in made)
    # (the first step's in the workers; with two cores, the second's here)
    assert bool({(file.text or "").rpartition(" ")[2] for file in made} - {str(os.getpid())}) is in_workers
    assert not any(file.formatted for file in files)  # (not Python: as the format stage, black never sees them)
    assert steps[-1] == (len(expected), len(expected))
    checked = render_ahead(*_staged(jobs, split), _LastOutput(), 2, format_code=False)  # (gen check: the hashes only)
    assert [(file.path, file.kept is None) for file in checked] == [(file.path, file.kept is None) for file in files]
    assert all(file.text is None for file in checked)
    assert [file.source for file in checked if file.kept is not None] == [f"source {path}" for path in kept]


def test_the_workers_format_the_python_they_render_or_take_it_from_the_output() -> None:
    def modules() -> list[tuple[str, Pending]]:
        return [(f"module-{number}.py", Pending(f"view module-{number}.py", functools.partial(str, f"{name}={number} # c")))
                for number, name in ((1, "reused"), (3, "formatted"), (4, "kept"))]

    last = _LastOutput()
    files = render_ahead(*_staged([modules, _job(5, 1)], 1), last, 2)
    by_path = {file.path: file for file in files}
    assert by_path["module-1.py"].text == "reused = 1\n" and not by_path["module-1.py"].formatted
    assert by_path["module-3.py"].text == "formatted = 3  # c\n" and by_path["module-3.py"].formatted  # (by black: a comment)
    assert by_path["module-4.py"].kept is not None and by_path["module-4.py"].text is None  # (its view is the last build's)
    summary = as_formatted(files)
    assert (summary.formatted_count, summary.reused_count, summary.unrendered_count) == (1, 2, 1)
    assert summary.files == {"module-1.py": "reused = 1\n", "module-3.py": "formatted = 3  # c\n", "file-5": by_path["file-5"].text}
    assert set(summary.kept) == {"module-4.py"} and set(summary.views) == {"module-1.py", "module-3.py", "module-4.py", "file-5"}
    assert summary.sources["module-3.py"] == text_hash("formatted=3 # c")


def test_a_changed_view_is_rendered_even_where_the_output_holds_the_file() -> None:
    jobs = [_job(0, 4, changed=True), _job(4, 4)]
    files = render_ahead(*_staged(jobs), _LastOutput(), 2)
    assert [file.path for file in files if file.kept is None] == ["file-0", "file-1", "file-2", "file-3", "file-5", "file-7"]


_PLANNED: list[str] = []  # what the second step plans: set after the first workers are forked


def _planned_job() -> list[tuple[str, Pending]]:
    return [(name, Pending(None, functools.partial(_rendered, name))) for name in _PLANNED]


@pytest.mark.parametrize("workers", [2, 3])
def test_the_second_step_is_planned_while_the_workers_run_the_first_and_its_jobs_see_the_plan(workers: int) -> None:
    first = [_job(3 * index, 3) for index in range(CHUNKS)]

    def plan() -> Jobs:
        _PLANNED[:] = ["planned-a", "planned-b"]  # (the first step's workers, forked before, never see it)
        return Jobs(2, [_planned_job])

    _PLANNED.clear()
    steps: list[tuple[int, int]] = []
    files = render_ahead(Jobs(3 * CHUNKS, first), plan, _LastOutput(), workers, lambda done, total: steps.append((done, total)))
    assert [file.path for file in files] == [*(f"file-{number}" for number in range(3 * CHUNKS)), "planned-a", "planned-b"]
    planned = [file for file in files if file.path.startswith("planned")]
    assert all(file.text is not None and file.text.startswith(f"rendered {file.path} in ") for file in planned)
    assert steps[-1] == (3 * CHUNKS + 2, 3 * CHUNKS + 2)  # (the bar counts both steps' files)
