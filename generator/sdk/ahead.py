"""Render ahead: the render's jobs run in worker processes when the last output can be reused.

A build by the same generator takes a file whose view is unchanged from the output as it
is (``format.Previous.by_view``), and runs no template for it. Deciding so still costs
every file's view and its digest, and a read of the file: on a large tree, more than half
of an edited build. These jobs are independent, so with an output to reuse and more than
one core, the workers run them, forked after the plan (which they share): each computes
its files' views, takes the unchanged files from the output and renders the others. The
build then formats what they rendered, as it would have. The result is the same files,
in the same order, whoever ran the jobs.
"""

from __future__ import annotations

import os
from typing import Callable, Mapping, Sequence

import attrs

from ..parallel import Progress, gc_paused, map_chunks, workers_for
from .format import PARALLEL_FILES, Previous
from .render.digest import Pending
from .render.package import Job

CHUNKS = 16  # more chunks than workers: the bar moves, and a slow chunk does not hold the rest

# (the jobs and what the last output gives) while the workers run: they read it through the fork
_RUNNING: tuple[Sequence[Job], Previous] | None = None

# A file as a worker leaves it: path, view digest, its lock entry when the output already
# holds it as it would be made now, else its unformatted text.
Judged = tuple[str, str | None, Mapping[str, str] | None, str | None]


def workers_ahead(jobs: int | None, count: int, reusable: bool) -> int:
    """How many workers render ahead, or 0 for a render in this process: when the last output has
    nothing to reuse (another generator, or none), for a few files, on one core, or where
    processes are spawned (the workers are forked: they inherit the jobs)."""
    workers = workers_for(jobs, count >= PARALLEL_FILES)
    return workers if reusable and workers > 1 and hasattr(os, "fork") else 0


@attrs.frozen
class Ahead:
    """What the workers made: every file in job order (rendered, or kept as the output holds it),
    the last output as the format stage should ask it, and how many files they rendered."""

    files: list[tuple[str, Pending]]
    previous: Previous
    rendered: int


def render_ahead(
    jobs: Sequence[Job], previous: Previous, workers: int, count: int, progress: Progress | None = None
) -> Ahead:
    """Every file of ``jobs``, each either rendered or known unchanged in the last output."""
    global _RUNNING
    parts = min(CHUNKS, len(jobs))
    chunks = [list(range(start, len(jobs), parts)) for start in range(parts)]  # interleaved: alike work
    _RUNNING = (jobs, previous)
    try:
        judged = map_chunks(_run_jobs, chunks, workers, _scaled(progress, len(jobs), count))
    finally:
        _RUNNING = None
    by_index = {index: files for chunk, found in zip(chunks, judged) for index, files in zip(chunk, found)}
    files: list[tuple[str, Pending]] = []
    kept: dict[str, tuple[str, Mapping[str, str]]] = {}
    for index in range(len(jobs)):
        for path, view, known, text in by_index[index]:
            if known is not None and view is not None:
                kept[path] = (view, known)
                files.append((path, Pending(view, _never_rendered)))
            else:
                assert text is not None, "a worker renders every file it does not keep"
                files.append((path, Pending.ready(text, view)))
    return Ahead(files, _Known(kept, previous), len(files) - len(kept))


def _run_jobs(indices: list[int]) -> list[list[Judged]]:
    """In a worker: the files of each job, taken from the output when their view is unchanged."""
    assert _RUNNING is not None, "render_ahead's workers are forked from the process that set the jobs"
    jobs, previous = _RUNNING
    out: list[list[Judged]] = []
    with gc_paused():
        for index in indices:
            files: list[Judged] = []
            for path, pending in jobs[index]():
                known = previous.by_view(path, pending.view) if pending.view is not None else None
                files.append((path, pending.view, known, None if known is not None else pending.make()))
            out.append(files)
    return out


class _Known:
    """The last output, as the workers found it: the files whose view is unchanged, and the rest
    of what the output gives (formatted text by the unformatted text's hash)."""

    def __init__(self, kept: dict[str, tuple[str, Mapping[str, str]]], previous: Previous) -> None:
        self.kept = kept
        self.previous = previous

    def by_view(self, path: str, view: str) -> Mapping[str, str] | None:
        found = self.kept.get(path)
        return found[1] if found is not None and found[0] == view else None

    def by_source(self, path: str, source_hash: str) -> str | None:
        return self.previous.by_source(path, source_hash)


def _never_rendered() -> str:
    raise AssertionError("a file the output already holds is taken from it, never rendered")


def _scaled(progress: Progress | None, jobs: int, files: int) -> Progress | None:
    """Progress in files (what the bar counts in this stage), from progress in jobs."""
    if progress is None:
        return None
    report: Callable[[int, int], None] = progress
    return lambda done, _total: report(done * files // max(jobs, 1), files)
