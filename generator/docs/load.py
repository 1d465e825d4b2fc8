"""Read, parse and resolve a docs tree: the shared front half of every command.

Each page is read once, here. A page whose parse the cache holds (``cache.py``: the same
bytes, path, parsing code and options) is not parsed again; the others parse
independently, so large sets are split into size-balanced chunks and parsed in worker
processes (``parallel.py``), whose parses the tree's pack then holds (``pack.py``); small
sets parse in-process.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterator, Sequence

import attrs

from ..model.diagnostics import Diagnostic, diag
from ..model import ApiModel
from ..parallel import Progress, gc_paused, map_stream, settle_loaded, workers_for
from .cache import ParseCache, dumps, loads, open_cache
from .hashes import Listing
from .pack import Pack, PackedPage, Result
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
    cached: int = 0  # pages whose parse came from the parse cache


def load(
    root: Path,
    limits: Limits = Limits(),
    jobs: int | None = None,
    progress: Progress | None = None,
    scan: bool = False,
    cache: bool = True,
    listing: Listing | None = None,
) -> Loaded:
    """One walk, one read of each page; ``scan`` also scans each page's text for ``gen lint``.

    ``cache``: reuse the parses of pages unchanged since an earlier load (off with
    ``GEN_NO_CACHE=1`` too); the result is the same either way. ``listing``: the tree's pages
    and their digests, when the caller has them (the same walk: not walked again).
    """
    files, problems = (listing.files, listing.problems) if listing is not None else list_page_files(root, limits.suffixes)
    store = open_cache(limits.max_example_bytes, scan) if cache and limits.cache else None
    with gc_paused():
        results, cached, pack_saved = _read_and_parse(files, limits, jobs, progress, scan, store, root, listing)
        facts = [page for page, _, _ in results if page is not None]
        parse_problems = [problem for _, found, _ in results for problem in found]
        model = resolve(facts, problems + parse_problems)  # (while the tree's pack is written, if it is)
        pack_saved()
        # (before the collector is back: its first pass would scan every object made while paused)
        settle_loaded()
    scans = tuple(sorted((s for _, _, s in results if s is not None), key=lambda s: s.path)) if scan else None
    return Loaded(model, tuple(facts), tuple(files), scans, cached)


def parse_text(text: str, path: str = "page.md", max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> PageFacts:
    """The facts of one page's text: the parse's public entry point (what parser cases test)."""
    return parse_page(Page(path, text, ""), max_example_bytes)


def load_model(root: Path, limits: Limits = Limits(), jobs: int | None = None) -> ApiModel:
    return load(root, limits, jobs).model


Parsed = tuple[Result, bytes | None]  # a page's result and its cache payload (the pickled facts and scan)


def _read_and_parse(
    files: Sequence[PageFile],
    limits: Limits,
    jobs: int | None,
    progress: Progress | None,
    scan: bool,
    store: ParseCache | None,
    root: Path,
    listing: Listing | None = None,
) -> tuple[list[Result], int, Callable[[], None]]:
    """Every page's result, in order: from the tree's pack, from the cache, or read and parsed (in
    workers when many, which start on the first pages while the rest are read); how many came
    from the cache (the pack is part of it); and what waits for the tree's new pack to be written."""
    if progress is not None:
        progress(0, len(files))  # the stage's total shows while pages are read
    results: list[Result] = []
    packed_pages: list[PackedPage | None] = []  # what the tree's next pack holds
    waiting: list[tuple[int, str]] = []  # the results that wait for a parse, with their page's cache key
    chunk_pages = max(1, PARALLEL_THRESHOLD // 2)  # read before the workers get them (one chunk in all: parsed here)
    digests = listing.digests if listing is not None else None
    pack = Pack(store, root, limits, digests) if store is not None else None

    def to_parse() -> Iterator[list[Page]]:
        chunk: list[Page] = []
        for file in files:
            packed = pack.find(file, scan) if pack is not None else None
            if packed is not None:
                results.append(packed[0])
                packed_pages.append(packed[1])
                continue
            page, problems = read_page(file, limits.max_page_bytes)
            key = store.key(page.path, page.digest) if store is not None and page is not None else ""
            hit = pack.cached(key, page, scan) if pack is not None and page is not None else None
            if page is not None and hit is None:
                chunk.append(page)
                waiting.append((len(results), key))
            results.append((hit[0], problems, hit[1]) if hit is not None else (None, problems, None))
            packed_pages.append(PackedPage(page.digest, problems, hit) if hit is not None and page is not None else None)
            if len(chunk) >= chunk_pages:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def counted(done: int, _total: int) -> None:  # the pages the cache gave (or that had nothing to parse) are done too
        if progress is not None:
            progress(len(results) - len(waiting) + done, len(files))

    workers = workers_for(jobs, len(files) >= PARALLEL_THRESHOLD)  # (one chunk in all is parsed here)
    # Workers send a page's cache payload, not its facts: pickled once, for the cache and the trip
    # here. The load stores them in the background, in the tree's pack (or, when the pack stands,
    # as entries): creating thousands of files beside the parse made it a tenth slower.
    ship = workers > 1
    parse = functools.partial(_parse_chunk, limits=limits, scan=scan, store=store, ship=ship)
    chunks = map_stream(parse, to_parse(), workers, counted, len(files), received=_unshipped_chunk)
    entries: list[tuple[str, bytes]] = []  # the shipped pages' own cache entries, to write
    for (index, key), ((facts, found, scanned), payload) in zip(waiting, (result for chunk in chunks for result in chunk)):
        results[index] = (facts, results[index][1] + found, scanned)
        if payload is not None and facts is not None:
            packed_pages[index] = PackedPage(facts.digest, results[index][1], (facts, scanned))
            if ship:
                entries.append((key, payload))
    saved = pack.save(files, packed_pages, entries, len(waiting), background=ship) if pack is not None else (lambda: None)
    return results, sum(1 for page, _, _ in results if page is not None) - len(waiting), saved


def _unshipped_chunk(chunk: list[Parsed]) -> list[Parsed]:
    """A worker's results, each with the facts and scan it shipped as its payload (``_parse_one``)."""
    return [_unshipped(result, payload) for result, payload in chunk]


def _unshipped(result: Result, payload: bytes | None) -> Parsed:
    if payload is None or result[0] is not None:
        return result, payload
    value = loads(payload)
    assert isinstance(value, tuple) and len(value) == 2, "a worker's payload is a (facts, scan) pair"
    facts, scanned = value
    return (facts, result[1], scanned), payload


def _parse_one(page: Page, limits: Limits, scan: bool, store: ParseCache | None, ship: bool) -> Parsed:
    """The page's result, stored in the cache when it is a whole parse, with its payload; with
    ``ship`` (in a worker), a parse to store travels as its payload alone, and the load stores it."""
    result = _parsed(page, limits, scan)
    facts, problems, scanned = result
    # Only a whole parse is stored: a failure may depend on the process (its stack depth).
    if store is None or facts is None or (scanned is None and scan):
        return result, None
    payload = dumps((facts, scanned))
    if payload is None:
        return result, None
    if ship:
        return (None, problems, None), payload
    store.put(store.key(page.path, page.digest), payload)
    return result, payload


def _parsed(page: Page, limits: Limits, scan: bool) -> Result:
    """The page's facts, the diagnostics of a parse that failed, and with ``scan`` its scan."""
    try:
        if not scan:
            return parse_page(page, limits.max_example_bytes), [], None
        facts, links = parse_page_with_links(page, limits.max_example_bytes)
        return facts, [], _scan(page, links)
    except RecursionError:
        problem = diag("GEN001", page.path, 0, "page is nested too deeply to parse; skipped")
    except Exception as error:  # noqa: BLE001 - a bug on one page must not stop the run
        message = f"internal error while parsing ({type(error).__name__}: {error}); please report it"
        problem = diag("GEN001", page.path, 0, message)
    # The parse failed: the page's links are still scanned, on their own.
    return None, [problem], _scan(page, None) if scan else None


def _scan(page: Page, links: PageLinks | None) -> PageScan | None:
    try:
        return scan_page(page.path, page.text, links)
    except Exception:  # noqa: BLE001 - as in the parse, a bug on one page must not stop the run
        return None


def _parse_chunk(chunk: list[Page], limits: Limits, scan: bool, store: ParseCache | None, ship: bool = False) -> list[Parsed]:
    with gc_paused():
        return [_parse_one(page, limits, scan, store, ship) for page in chunk]
