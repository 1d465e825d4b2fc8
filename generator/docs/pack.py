"""A tree's pack: the parse of every page of the last load of a docs tree, in one cache entry.

The cache keeps a page's parse in an entry of its own, so that an edited page is the only
page parsed again. Reading thousands of entries costs a file open, a read and a checksum
each, and reading every page to hash it; the pack is one read, and one pickle of every
page's facts: what pages share (the facts ``interned`` across pages) is stored once, and
unpickled once. A page's parse is taken from the pack when the page's bytes hash to the
digest the pack recorded (by the hash memo: unchanged file status, no read) and the facts
are a parse of exactly that page, as an entry is checked. Any other page goes the entry's
way, so the result is the same with a pack, a stale pack, a damaged one or none.

The pack is one more cache entry (keyed by the parse options and the tree's folder: two
trees keep two packs), written atomically and pruned as the others. It is written again
only when many pages came from elsewhere: an edit build pays for one page, not the pack.

Beside it, its key list: the entry key of every page it holds. A tree at another folder (a
second checkout, the other revision ``gen drift`` reads) finds a page that neither its pack
nor an entry holds in another tree's pack by that list. So a load that parsed in workers
writes its pages in the pack alone, not also as thousands of entries (on a disk slow to
create files, seconds); what a pack written again no longer holds (the pages an edit or a
branch changed) is kept as entries, so switching back finds them.

A load without page scans takes a page from a load with them too (gen lint's entry, or its pack
by its key list): that parse holds the same facts. The other way round, a parse lacks the scan.

A load that parsed in workers got each worker's chunk of parses pickled once (a part), to unpickle
them; the pack keeps those parts as they came, beside the pages pickled together, so that a cold
load does not pickle every page's facts again (1.3 s of a process of its own on the full beta
tree, and the copies of every page of memory that pickling touches in a forked process). A part
of a hundred pages unpickles as fast as the pages pickled together do.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import attrs

from ..model.diagnostics import Diagnostic
from ..model.pickling import constructed
from ..parallel import in_background
from .cache import ParseCache, dumps, loads
from .hashes import HashMemo, page_digest, pages_purpose
from .parse.facts import PageFacts
from .read import Limits, Page, PageFile
from .scan import PageScan

PACK_PREFIX = "pack-"  # (the cache's entries are named by their key alone)
KEYS_PREFIX = "keys-"  # a pack's key list: the same name, this prefix
REPACK_PAGES = 32  # pages from elsewhere (or packed and changed) before the pack is written again...
REPACK_SHARE = 50  # ...or one in this many pages of the tree, when that is more

Result = tuple[PageFacts | None, list[Diagnostic], PageScan | None]
Cached = tuple[PageFacts, PageScan | None]  # what an entry or the pack holds: a parse that succeeded


@constructed  # (as the facts it holds: the pack's thousands of pages unpickle by a call)
@attrs.frozen
class PackedPage:
    """A page's parse in the pack: the page's digest, what reading it reported, its facts and scan."""

    digest: str
    problems: list[Diagnostic]
    parse: Cached


# A worker's chunk of parses, pickled once: the payload (path -> (facts, scan)), and the paths of
# the chunk's pages in order ("" for a page it does not hold).
Part = tuple[bytes, list[str]]


def part_parses(payload: bytes) -> dict[str, Cached] | None:
    """A part's parses by path, or None when it is damaged (its pages are then parsed again)."""
    value = loads(payload)
    return value if isinstance(value, dict) else None


@constructed
@attrs.frozen
class PackFile:
    """What the pack's entry holds: pages pickled together (``loose``), and parts as workers
    pickled them, each with the digest and read problems of every page whose parse it holds."""

    loose: dict[str, PackedPage]
    parts: tuple[tuple[bytes, dict[str, tuple[str, list[Diagnostic]]]], ...]


def packed_pages(value: object) -> dict[str, PackedPage]:
    """The pages of a pack's stored value by path; none when it is not one (damaged, foreign).
    (Each page is checked again when it is taken: ``_checked``.)"""
    if not isinstance(value, PackFile) or not isinstance(value.loose, dict):
        return {}
    pages = dict(value.loose)
    try:
        for payload, heads in value.parts:
            parses = part_parses(payload) or {}
            for path, (digest, problems) in heads.items():
                parse = parses.get(path)
                if parse is not None:
                    pages[path] = PackedPage(digest, problems, parse)
    except (TypeError, ValueError, AttributeError):  # (a pack of another shape: its pages are parsed)
        return {}
    return pages


class Pack:
    """The pack of the tree at ``root`` for the parse options of ``store``."""

    def __init__(self, store: ParseCache, root: Path, limits: Limits, digests: Mapping[str, str] | None = None) -> None:
        """``digests``: the pages' digests when the caller hashed them (``hashes.hashed_listing``)."""
        self.store = store
        self.key = PACK_PREFIX + store.key(f"\0pack\0{root.absolute()}", "")
        self.max_page_bytes = limits.max_page_bytes
        self.digests = digests
        # (the memo gen build hashes its inputs with, when the caller has not)
        self.memo = HashMemo(root, pages_purpose(limits)) if digests is None else None
        self.keys_name = KEYS_PREFIX + self.key[len(PACK_PREFIX) :]
        self.pages = packed_pages(store.get(self.key))
        self.used = 0
        self.others: dict[str, str] | None = None  # a page's key -> another tree's pack that holds it (read once)
        self.opened: dict[str, dict[str, PackedPage]] = {}  # the other packs read so far

    def cached(self, key: str, page: Page, scan: bool) -> Cached | None:
        """The parse of a page that this tree's pack does not hold, from its entry under ``key`` or
        from another tree's pack; for a load without scans, also from a parse with them (gen
        lint's entry or pack: the same facts). None when none holds one of exactly this page."""
        found = self._entry_or_elsewhere(key, page, scan)
        if found is None and not scan and self.store.scanned is not None:
            found = self._entry_or_elsewhere(self.store.scanned.key(page.path, page.digest), page, scan)
        return found

    def _entry_or_elsewhere(self, key: str, page: Page, scan: bool) -> Cached | None:
        payload = self.store.get_payload(key)
        found = parse_of(payload, page.path, page.digest, scan) if payload is not None else None
        return found if found is not None else self._elsewhere(key, page, scan)

    def _elsewhere(self, key: str, page: Page, scan: bool) -> Cached | None:
        if self.others is None:
            self.others = self._other_keys()
        name = self.others.get(key)
        if name is None:
            return None
        if name not in self.opened:
            self.opened[name] = packed_pages(self.store.get(name))
        packed = self.opened[name].get(page.path)
        if not isinstance(packed, PackedPage) or packed.digest != page.digest:
            return None
        return _checked(packed.parse, page.path, page.digest, scan)

    def _other_keys(self) -> dict[str, str]:
        """Which other tree's pack holds each page key, by their key lists: of two that hold a page,
        the larger (the fewer packs a load reads), then the first by name."""
        lists: list[tuple[str, list[str]]] = []
        for name in self.store.names(KEYS_PREFIX):
            if name == self.keys_name:
                continue
            keys = self.store.get(name)
            if isinstance(keys, list):
                lists.append((PACK_PREFIX + name[len(KEYS_PREFIX) :], [key for key in keys if isinstance(key, str)]))
        holders: dict[str, str] = {}
        for pack, keys in sorted(lists, key=lambda listed: -len(listed[1])):  # (stable: names stay in order)
            for key in keys:
                holders.setdefault(key, pack)
        return holders

    def find(self, file: PageFile, scan: bool) -> tuple[Result, PackedPage] | None:
        """The page's result from the pack, when the pack holds a parse of the page as it is now."""
        packed = self.pages.get(file.path)
        if not isinstance(packed, PackedPage):
            return None
        digest = self._digest(file)
        value = _checked(packed.parse, file.path, digest, scan) if digest == packed.digest else None
        if value is None:
            return None
        self.used += 1
        return (value[0], list(packed.problems), value[1]), packed

    def _digest(self, file: PageFile) -> str | None:
        """The page's digest by the caller's hashes or the memo; None when unreadable (the read reports it)."""
        if self.memo is None:
            return self.digests.get(file.path) if self.digests is not None else None
        try:
            return page_digest(self.memo, file, self.max_page_bytes)
        except OSError:
            return None

    def save(
        self,
        files: Sequence[PageFile],
        packed: Sequence[PackedPage | None],
        shipped: Sequence[tuple[str, Cached]] = (),
        parsed: int = 0,
        background: bool = False,
        parts: Sequence[Part] = (),
    ) -> Callable[[], None]:
        """Write the pack of this load's pages when many came from elsewhere (or there was none),
        with its key list and the entries of what it no longer holds; else the entries (key, parse)
        of what the load's workers parsed (``shipped``). ``parts``: the workers' parts, which the
        pack holds as they are. Then prune the cache when due after a load that parsed ``parsed``
        pages. With ``background`` (a load that parsed in workers), in a process of its own
        (``parallel.in_background``: the caller resolves meanwhile). What it returns waits for
        them to be done."""
        if self.memo is not None:
            self.memo.save(forget_unseen=False)
        pages = {file.path: page for file, page in zip(files, packed) if page is not None}
        elsewhere = len(pages) - self.used + len(self.pages) - self.used  # (new or changed pages count twice)
        if not pages or (self.pages and elsewhere < max(REPACK_PAGES, len(files) // REPACK_SHARE)):
            pages = {}  # (the pack stands)
        write = functools.partial(self._save, pages, shipped, parsed, parts)
        if not background or not pages:  # (an edited page's entry alone: no process for one file)
            write()
            return lambda: None
        return in_background(write)

    def _save(self, pages: dict[str, PackedPage], shipped: Sequence[tuple[str, Cached]], parsed: int, parts: Sequence[Part]) -> None:
        payload = dumps(_pack_file(pages, parts)) if pages else None
        entries: Iterable[tuple[str, bytes | None]] = ((key, dumps(parse)) for key, parse in shipped)
        if payload is not None:
            self.store.put(self.key, payload, whole=True)
            keys = dumps([self.store.key(path, page.digest) for path, page in pages.items()])
            if keys is not None:
                self.store.put(self.keys_name, keys, whole=True)
            entries = self._evicted(pages)  # (the pack holds the load's own pages)
        for key, entry in entries:
            if entry is not None:
                self.store.put(key, entry)
        self.store.prune_if_due(parsed)  # (it stats every entry: after a large parse, a twentieth of a second)

    def _evicted(self, pages: dict[str, PackedPage]) -> Iterator[tuple[str, bytes]]:
        """The entries of the pages the pack held and its next one does not (changed or gone),
        where they have none yet."""
        for path, old in self.pages.items():
            new = pages.get(path)
            if new is not None and new.digest == old.digest:
                continue
            key = self.store.key(path, old.digest)
            payload = dumps(old.parse) if not self.store.has(key) else None
            if payload is not None:
                yield key, payload


def _pack_file(pages: dict[str, PackedPage], parts: Sequence[Part]) -> PackFile:
    """``pages`` as the pack holds them: those a part holds, in it; the others pickled together
    (an edited tree's: pickling every page's facts, a third of a second on a large tree)."""
    heads = tuple((payload, {path: (pages[path].digest, pages[path].problems) for path in paths if path in pages}) for payload, paths in parts)
    in_parts = {path for _, held in heads for path in held}
    return PackFile({path: page for path, page in pages.items() if path not in in_parts}, heads)


def parse_of(payload: bytes, path: str, digest: str, scan: bool) -> Cached | None:
    """A payload's (facts, scan), when it is a whole parse of the page at ``path`` with these bytes."""
    return _checked(loads(payload), path, digest, scan)


def _checked(value: object, path: str, digest: str | None, scan: bool) -> Cached | None:
    """``value`` as (facts, scan), when it is a whole parse of the page at ``path`` with these bytes."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return None
    facts, scanned = value
    if not isinstance(facts, PageFacts) or facts.path != path or facts.digest != digest:
        return None
    if scan and not (isinstance(scanned, PageScan) and scanned.path == path):
        return None
    return facts, scanned if scan else None
