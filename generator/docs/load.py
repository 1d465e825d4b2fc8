"""Read, parse and resolve a docs tree: the shared front half of every command.

Pages parse independently, so large trees are split into size-balanced chunks and
parsed in worker processes (``parallel.py``); small trees parse in-process.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Sequence

import attrs

from ..model.diagnostics import Diagnostic, diag
from ..model import ApiModel
from ..parallel import PROGRESS_CHUNKS_PER_WORKER, Progress, contiguous_chunks, gc_paused, map_chunks, workers_for
from .parse.facts import PageFacts
from .parse.links import PageLinks
from .parse.page import parse_page, parse_page_with_links
from .scan import PageScan, scan_page
from .read import DEFAULT_MAX_EXAMPLE_BYTES, Limits, Page, PageFile, list_page_files, read_page
from .resolve import resolve

PARALLEL_THRESHOLD = 200  # pages; below this, workers cost more than they save


@attrs.frozen
class Loaded:
    model: ApiModel
    pages: tuple[PageFacts, ...]
    files: tuple[PageFile, ...]
    scans: tuple[PageScan, ...] | None = None  # with scan=True: links and anchors (gen lint)


def load(
    root: Path,
    limits: Limits = Limits(),
    jobs: int | None = None,
    progress: Progress | None = None,
    scan: bool = False,
) -> Loaded:
    """One walk, one read of each page; ``scan`` also scans each page's text for ``gen lint``."""
    files, problems = list_page_files(root, limits.suffixes)
    with gc_paused():
        results = _read_and_parse(files, limits, jobs, progress, scan)
        facts = [page for page, _, _ in results if page is not None]
        parse_problems = [problem for _, found, _ in results for problem in found]
        model = resolve(facts, problems + parse_problems)
    scans = tuple(sorted((s for _, _, s in results if s is not None), key=lambda s: s.path)) if scan else None
    return Loaded(model, tuple(facts), tuple(files), scans)


def parse_text(text: str, path: str = "page.md", max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> PageFacts:
    """The facts of one page's text: the parse's public entry point (what parser cases test)."""
    return parse_page(Page(path, text, ""), max_example_bytes)


def load_model(root: Path, limits: Limits = Limits(), jobs: int | None = None) -> ApiModel:
    return load(root, limits, jobs).model


Result = tuple[PageFacts | None, list[Diagnostic], PageScan | None]


def _read_and_parse(
    files: Sequence[PageFile], limits: Limits, jobs: int | None, progress: Progress | None, scan: bool
) -> list[Result]:
    workers = workers_for(jobs, len(files) >= PARALLEL_THRESHOLD)
    # In-process, one page per chunk so that progress moves page by page.
    chunks = contiguous_chunks(files, _size, workers * PROGRESS_CHUNKS_PER_WORKER) if workers > 1 else [[file] for file in files]
    parsed = map_chunks(functools.partial(_parse_chunk, limits=limits, scan=scan), chunks, workers, progress)
    return [result for chunk in parsed for result in chunk]


def _size(file: PageFile) -> int:
    return file.size


def _parse_one(file: PageFile, limits: Limits, scan: bool) -> Result:
    page, problems = read_page(file, limits.max_page_bytes)
    if page is None:
        return None, problems, None
    try:
        if not scan:
            return parse_page(page, limits.max_example_bytes), problems, None
        facts, links = parse_page_with_links(page, limits.max_example_bytes)
        return facts, problems, _scan(page, links)
    except RecursionError:
        problem = diag("GEN001", file.path, 0, "page is nested too deeply to parse; skipped")
    except Exception as error:  # noqa: BLE001 - a bug on one page must not stop the run
        message = f"internal error while parsing ({type(error).__name__}: {error}); please report it"
        problem = diag("GEN001", file.path, 0, message)
    # The parse failed: the page's links are still scanned, on their own.
    return None, problems + [problem], _scan(page, None) if scan else None


def _scan(page: Page, links: PageLinks | None) -> PageScan | None:
    try:
        return scan_page(page.path, page.text, links)
    except Exception:  # noqa: BLE001 - as in the parse, a bug on one page must not stop the run
        return None


def _parse_chunk(chunk: list[PageFile], limits: Limits, scan: bool) -> list[Result]:
    with gc_paused():
        return [_parse_one(file, limits, scan) for file in chunk]
