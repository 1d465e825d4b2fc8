"""Render ahead: the render's jobs run in worker processes when the last output can be reused.

A build by the same generator takes a file whose view is unchanged from the output as it
is (``format.Previous.by_view``), and runs no template for it. Deciding so still costs
every file's view and its digest, and a read of the file: on a large tree, more than half
of an edited build. These jobs are independent, so with an output to reuse and more than
one core, the workers run them, forked after the plan (which they share): each computes
its files' views, takes the unchanged files from the output, renders the others and
formats them as the format stage would (black is loaded only by a worker that formats).

The plan has two steps (``render.RenderStream``): the models' names, then the path nodes.
The workers start on the first step's files (the models, the tests, the runtime) as soon as
the names are planned; this process plans the path nodes meanwhile, then runs their files'
jobs (in workers forked then, when there are more than two cores), then any first-step
chunk that no worker has started. The result is the same files, in the same order, whoever
ran the jobs.
"""

from __future__ import annotations

import os
from typing import Callable, Mapping, Sequence

import attrs

from ..parallel import Progress, chunks_in_background, gc_paused, map_chunks, workers_for
from .format import PARALLEL_FILES, Formatted, Previous, formatted_text
from .lock import text_hash
from .render.package import Job, Jobs, files_of

CHUNKS = 16  # more chunks than workers: the bar moves, and a slow chunk does not hold the rest

# What formats a file: black here, or a process that has it loaded (``standby``).
Formatter = Callable[[str, str], str]
# (the jobs, what the last output gives, whether to format, and how) while the workers run:
# they read it through the fork
_RUNNING: tuple[Sequence[Job], Previous, bool, Formatter] | None = None


@attrs.frozen
class Judged:
    """A file as a worker leaves it: kept as the output holds it (its lock entry), or made."""

    path: str
    view: str | None
    source: str  # the hash of its unformatted text
    kept: Mapping[str, str] | None = None  # the last lock's entry, when the output holds it as it would be made
    text: str | None = None  # else, with ``format_code``, its text (formatted when it is Python); gen check needs none
    formatted: bool = False  # whether black formatted it (not reused from the output)


def workers_ahead(jobs: int | None, count: int, reusable: bool) -> int:
    """How many workers render ahead, or 0 for a render in this process: when the last output has
    nothing to reuse (another generator, or none), for a few files, on one core, or where
    processes are spawned (the workers are forked: they inherit the jobs)."""
    workers = workers_for(jobs, count >= PARALLEL_FILES)
    return workers if reusable and workers > 1 and hasattr(os, "fork") else 0


def render_ahead(
    first: Jobs, then: Callable[[], Jobs], previous: Previous, workers: int, progress: Progress | None = None,
    format_code: bool = True,
    formatter: Formatter = formatted_text,
) -> list[Judged]:
    """Every file of ``first``, then of ``then()``, in job order, each either kept as the last output
    holds it or made (and with ``format_code``, its Python formatted, by ``formatter``, or reused as
    the format stage would). ``then`` plans the jobs that follow (the path nodes): this process
    runs it while ``workers - 1`` workers start on ``first``, then runs its jobs (in as many
    workers, forked after it, when there are more than two cores), then any of ``first``'s
    chunks that no worker has started yet."""
    global _RUNNING
    jobs = list(first.jobs)  # (then's jobs join it: the workers forked after that see them)
    _RUNNING = (jobs, previous, format_code, formatter)
    try:
        early = _chunks(0, len(jobs))
        with chunks_in_background(_run_jobs, early, workers - 1) as running:
            later = then()
            jobs += later.jobs
            report = _scaled(progress, len(jobs), first.count + later.count)
            chunks = _chunks(len(first.jobs), len(jobs))
            judged = map_chunks(_run_jobs, chunks, workers - 1, _plus(report, running.finished))

            def moved() -> None:  # (after a first-step chunk run here)
                if report is not None:
                    report(running.finished() + len(later.jobs), len(jobs))

            judged = running.results(moved) + judged
        if report is not None:
            report(len(jobs), len(jobs))
        return _in_job_order(judged, early + chunks)
    finally:
        _RUNNING = None


def _chunks(start: int, end: int) -> list[list[int]]:
    """The job indices from ``start`` to ``end``, interleaved (alike work) in ``CHUNKS`` chunks."""
    parts = min(CHUNKS, end - start)
    return [list(range(first, end, parts)) for first in range(start, start + parts)]


def _in_job_order(judged: Sequence[list[list[Judged]]], chunks: Sequence[list[int]]) -> list[Judged]:
    by_index = {index: files for chunk, found in zip(chunks, judged) for index, files in zip(chunk, found)}
    return [file for index in sorted(by_index) for file in by_index[index]]


def _plus(report: Progress | None, elsewhere: Callable[[], int]) -> Progress | None:
    """Progress that adds the items done ``elsewhere`` (the workers on the first jobs)."""
    if report is None:
        return None
    shown: Progress = report
    return lambda done, total: shown(done + elsewhere(), total)


def judged_here(jobs: Sequence[Job], previous: Previous, format_code: bool = True) -> list[Judged]:
    """What ``render_ahead`` gives, made in this process (one core, or no output to reuse)."""
    return [_judged(path, pending.view, pending.make, previous, format_code) for path, pending in files_of(jobs)]


def as_formatted(files: Sequence[Judged]) -> Formatted:
    """What the format stage would have made of the same files (made with ``format_code``)."""
    texts = {file.path: file.text for file in files if file.text is not None}
    kept = {file.path: file.kept for file in files if file.kept is not None}
    return Formatted(
        files=dict(sorted(texts.items())),
        sources=dict(sorted((file.path, file.source) for file in files)),
        formatted_count=sum(file.formatted for file in files),
        reused_count=sum(file.path.endswith(".py") and not file.formatted for file in files),  # (kept, or the output's text)
        views=dict(sorted((file.path, file.view) for file in files if file.view is not None)),
        unrendered_count=len(kept),
        kept=dict(sorted(kept.items())),
    )


def _run_jobs(indices: list[int]) -> list[list[Judged]]:
    """In a worker: the files of each job, taken from the output when their view is unchanged."""
    assert _RUNNING is not None, "render_ahead's workers are forked from the process that set the jobs"
    jobs, previous, format_code, formatter = _RUNNING
    out: list[list[Judged]] = []
    with gc_paused():
        for index in indices:
            out.append([_judged(path, pending.view, pending.make, previous, format_code, formatter)
                        for path, pending in jobs[index]()])
    return out


def _judged(
    path: str, view: str | None, make: Callable[[], str], previous: Previous, format_code: bool,
    formatter: Formatter = formatted_text,
) -> Judged:
    known = previous.by_view(path, view) if view is not None else None
    if known is not None:
        return Judged(path, view, known["source"], kept=known)
    text = make()
    source = text_hash(text)
    if not (format_code and path.endswith(".py")):
        return Judged(path, view, source, text=text if format_code else None)
    reused = previous.by_source(path, source)
    if reused is not None:
        return Judged(path, view, source, text=reused)
    return Judged(path, view, source, text=formatter(path, text), formatted=True)


def _scaled(progress: Progress | None, jobs: int, files: int) -> Progress | None:
    """Progress in files (what the bar counts in this stage), from progress in jobs."""
    if progress is None:
        return None
    report: Callable[[int, int], None] = progress
    return lambda done, _total: report(done * files // max(jobs, 1), files)
