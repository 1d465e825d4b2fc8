"""Render ahead: the render's jobs run in forked workers, and the build sees what it would have made itself."""

from __future__ import annotations

import functools
import os

import pytest

from generator.sdk.ahead import CHUNKS, as_formatted, render_ahead
from generator.sdk.lock import text_hash
from generator.sdk.render.digest import Pending
from generator.sdk.render.package import Job

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


def test_the_files_come_in_job_order_each_kept_or_rendered() -> None:
    jobs = [_job(3 * index, 3 if index % 5 else 1) for index in range(3 * CHUNKS)]
    expected = [path for job in jobs for path, _ in job()]
    steps: list[tuple[int, int]] = []
    files = render_ahead(jobs, _LastOutput(), 2, len(expected), lambda done, total: steps.append((done, total)))
    assert [file.path for file in files] == expected
    kept = [file.path for file in files if file.kept is not None]
    assert kept == [path for path in expected if int(path.split("-")[1]) % 2 == 0 and int(path.split("-")[1]) % 7]
    assert all(file.source == f"source {file.path}" and file.text is None for file in files if file.kept is not None)
    made = [file for file in files if file.kept is None]
    assert all(file.text is not None and file.text.startswith("rendered") and file.source == text_hash(file.text) for file in made)
    assert {(file.text or "").rpartition(" ")[2] for file in made} - {str(os.getpid())}  # (rendered in the workers)
    assert not any(file.formatted for file in files)  # (not Python: as the format stage, black never sees them)
    assert steps[-1] == (len(expected), len(expected))
    checked = render_ahead(jobs, _LastOutput(), 2, len(expected), format_code=False)  # (gen check: the hashes only)
    assert [(file.path, file.kept is None) for file in checked] == [(file.path, file.kept is None) for file in files]
    assert all(file.text is None for file in checked)
    assert [file.source for file in checked if file.kept is not None] == [f"source {path}" for path in kept]


def test_the_workers_format_the_python_they_render_or_take_it_from_the_output() -> None:
    def modules() -> list[tuple[str, Pending]]:
        return [(f"module-{number}.py", Pending(f"view module-{number}.py", functools.partial(str, f"{name}={number} # c")))
                for number, name in ((1, "reused"), (3, "formatted"), (4, "kept"))]

    last = _LastOutput()
    files = render_ahead([modules, _job(5, 1)], last, 2, 4)
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
    files = render_ahead(jobs, _LastOutput(), 2, 8)
    assert [file.path for file in files if file.kept is None] == ["file-0", "file-1", "file-2", "file-3", "file-5", "file-7"]
