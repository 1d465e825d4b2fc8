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
from typing import Callable, Iterator, Sequence, TypeGuard

import attrs

from ..model.diagnostics import Diagnostic, diag
from ..model import ApiModel
from ..parallel import Progress, gc_paused, map_stream, settle_loaded, workers_for
from .cache import ParseCache, dumps, open_cache
from .hashes import Listing
from .pack import Cached, Pack, PackedPage, Part, Result, part_parses
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
    # A worker sends its chunk's parses pickled once (a part), not its facts page by page: the same
    # cost for the trip here, and the tree's pack is written from the parts as they came (``pack.py``),
    # not pickled again. The pack is written in the background; creating thousands of entries
    # beside the parse made it a tenth slower.
    ship = workers > 1
    parse = functools.partial(_parse_chunk, limits=limits, scan=scan, store=store, ship=ship)
    chunks = map_stream(parse, to_parse(), workers, counted, len(files), received=_unshipped_chunk)
    shipped: list[tuple[str, Cached]] = []  # the shipped pages' own cache entries (key, parse), if the pack stands
    parts: list[Part] = []
    waited = iter(waiting)
    for chunk_results, part in chunks:
        if part is not None:
            parts.append(part)
        # (the chunk's results first: zip then takes no waiting page past the chunk's end)
        for (facts, found, scanned), (index, key) in zip(chunk_results, waited):
            results[index] = (facts, results[index][1] + found, scanned)
            if store is not None and _whole(facts, scanned, scan):
                packed_pages[index] = PackedPage(facts.digest, results[index][1], (facts, scanned))
                if ship:
                    shipped.append((key, (facts, scanned)))
    saved = pack.save(files, packed_pages, shipped, len(waiting), background=ship, parts=parts) if pack is not None else (lambda: None)
    return results, sum(1 for page, _, _ in results if page is not None) - len(waiting), saved


# A chunk's results, in its pages' order; from a worker, without the parses its part holds (the
# part's payload, and the paths of its pages), which the load puts back (``_unshipped_chunk``).
ParsedChunk = tuple[list[Result], Part | None]


def _unshipped_chunk(chunk: ParsedChunk) -> ParsedChunk:
    """A worker's results, each with the facts and scan its chunk's part shipped."""
    results, part = chunk
    if part is None:
        return chunk
    parses = part_parses(part[0])
    assert parses is not None, "a worker's part unpickles as the parses it pickled"
    return [_with_parse(result, page, parses) for result, page in zip(results, part[1])], part


def _with_parse(result: Result, path: str, parses: dict[str, Cached]) -> Result:
    parse = parses.get(path)
    return (parse[0], result[1], parse[1]) if parse is not None else result


def _parse_one(page: Page, limits: Limits, scan: bool, store: ParseCache | None) -> Result:
    """The page's result, stored in the cache when it is a whole parse (in-process: a worker's
    go to the load, in its chunk's part)."""
    result = _parsed(page, limits, scan)
    facts, _, scanned = result
    if store is not None and _whole(facts, scanned, scan):
        payload = dumps((facts, scanned))
        if payload is not None:
            store.put(store.key(page.path, page.digest), payload)
    return result


def _whole(facts: PageFacts | None, scanned: PageScan | None, scan: bool) -> TypeGuard[PageFacts]:
    """Whether a page's result is a whole parse, the only kind stored (a failure may depend on
    the process: its stack depth): its facts, and its scan when the load scans."""
    return facts is not None and (scanned is not None or not scan)


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


def _parse_chunk(chunk: list[Page], limits: Limits, scan: bool, store: ParseCache | None, ship: bool = False) -> ParsedChunk:
    """The chunk's results; with ``ship`` (in a worker), its parses travel in one part."""
    with gc_paused():
        if not ship:
            return [_parse_one(page, limits, scan, store) for page in chunk], None
        return _in_a_part(chunk, [_parsed(page, limits, scan) for page in chunk])


def _in_a_part(chunk: list[Page], results: list[Result]) -> ParsedChunk:
    """A worker's results, their parses moved into one part; as they are when they do not pickle
    (the pool's own pickling then reports it)."""
    part = dumps({page.path: (facts, scanned) for page, (facts, _, scanned) in zip(chunk, results) if facts is not None})
    if part is None:
        return results, None
    # (the paths line up with the results: "" where a page has no parse, and keeps its result)
    paths = [page.path if facts is not None else "" for page, (facts, _, _) in zip(chunk, results)]
    without_parses: list[Result] = [(None, problems, None) if facts is not None else (facts, problems, scanned)
                                    for facts, problems, scanned in results]
    return without_parses, (part, paths)
