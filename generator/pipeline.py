"""Read, parse and resolve a docs tree: the shared front half of every command.

Pages parse independently, so large trees are split into size-balanced chunks and
parsed in worker processes (one per core); small trees parse in-process, where
starting workers would cost more than it saves.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import multiprocessing
import os
from pathlib import Path
from typing import Callable, Iterator, Sequence

import attrs

from .model.diagnostics import Diagnostic, diag
from .model import ApiModel
from .parse.facts import PageFacts
from .parse.page import DEFAULT_MAX_EXAMPLE_BYTES, parse_page
from .read import DEFAULT_MAX_PAGE_BYTES, DEFAULT_SUFFIXES, PageFile, list_page_files, read_page
from .resolve import resolve

PARALLEL_THRESHOLD = 200  # pages; below this, workers cost more than they save
Progress = Callable[[int, int], None]


@attrs.frozen
class Limits:
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES


@attrs.frozen
class Loaded:
    model: ApiModel
    pages: tuple[PageFacts, ...]
    files: tuple[PageFile, ...]


def load(root: Path, limits: Limits = Limits(), jobs: int | None = None, progress: Progress | None = None) -> Loaded:
    files, problems = list_page_files(root, limits.suffixes)
    with gc_paused():
        facts, parse_problems = parse_files(files, limits, jobs, progress)
        model = resolve(facts, problems + parse_problems)
    return Loaded(model, tuple(facts), tuple(files))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building many long-lived objects.

    Parsing allocates millions of small objects that are freed by reference counting;
    the cycle collector re-scans the survivors again and again and costs ~15% of the
    run for nothing. It is restored (and run once) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_model(root: Path, limits: Limits = Limits(), jobs: int | None = None) -> ApiModel:
    return load(root, limits, jobs).model


def parse_files(
    files: Sequence[PageFile], limits: Limits, jobs: int | None = None, progress: Progress | None = None
) -> tuple[list[PageFacts], list[Diagnostic]]:
    workers = _workers(len(files), jobs)
    if workers <= 1:
        results = []
        for done, file in enumerate(files, 1):
            results.append(_parse_one(file, limits))
            if progress:
                progress(done, len(files))
    else:
        results = _parse_parallel(files, limits, workers, progress)
    facts = [page for page, _ in results if page is not None]
    problems = [problem for _, found in results for problem in found]
    return facts, problems


def _workers(count: int, jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    if count < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _parse_one(file: PageFile, limits: Limits) -> tuple[PageFacts | None, list[Diagnostic]]:
    page, problems = read_page(file, limits.max_page_bytes)
    if page is None:
        return None, problems
    try:
        return parse_page(page, limits.max_example_bytes), problems
    except RecursionError:
        return None, problems + [diag("GEN001", file.path, 0, "page is nested too deeply to parse; skipped")]
    except Exception as error:  # noqa: BLE001 - a bug on one page must not stop the run
        message = f"internal error while parsing ({type(error).__name__}: {error}); please report it"
        return None, problems + [diag("GEN001", file.path, 0, message)]


def _parse_chunk(chunk: list[PageFile], limits: Limits) -> list[tuple[PageFacts | None, list[Diagnostic]]]:
    with gc_paused():
        return [_parse_one(file, limits) for file in chunk]


def _parse_parallel(
    files: Sequence[PageFile], limits: Limits, workers: int, progress: Progress | None
) -> list[tuple[PageFacts | None, list[Diagnostic]]]:
    chunks = _chunks(files, workers * 4)
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    results: dict[int, list[tuple[PageFacts | None, list[Diagnostic]]]] = {}
    done = 0
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = {pool.submit(_parse_chunk, chunk, limits): index for index, chunk in enumerate(chunks)}
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            done += len(chunks[index])
            if progress:
                progress(done, len(files))
    return [result for index in range(len(chunks)) for result in results[index]]


def _chunks(files: Sequence[PageFile], count: int) -> list[list[PageFile]]:
    """Contiguous chunks of about equal bytes (order is restored after the parse)."""
    total = sum(file.size for file in files) or 1
    target = total / count
    chunks: list[list[PageFile]] = [[]]
    size = 0
    for file in files:
        if size >= target and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(file)
        size += file.size
    return chunks
