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
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Mapping, Sequence

import attrs

from ..model.diagnostics import Diagnostic
from ..model.pickling import constructed
from ..parallel import in_background
from .cache import ParseCache, dumps, loads
from .hashes import HashMemo, page_digest, pages_purpose
from .parse.facts import PageFacts
from .read import Limits, PageFile
from .scan import PageScan

PACK_PREFIX = "pack-"  # (the cache's entries are named by their key alone)
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
        value = store.get(self.key)
        self.pages: dict[str, PackedPage] = value if isinstance(value, dict) else {}
        self.used = 0

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
        entries: Sequence[tuple[str, bytes]] = (),
        parsed: int = 0,
        background: bool = False,
    ) -> Callable[[], None]:
        """Write the pages' own ``entries`` (key, payload) that the load's workers parsed, and the
        pack of this load's pages when many came from elsewhere (or there was none); then prune
        the cache when due after a load that parsed ``parsed`` pages. With ``background`` (a load
        that parsed in workers), in a process of its own (``parallel.in_background``: the caller
        resolves meanwhile). What it returns waits for them to be done."""
        if self.memo is not None:
            self.memo.save(forget_unseen=False)
        pages = {file.path: page for file, page in zip(files, packed) if page is not None}
        elsewhere = len(pages) - self.used + len(self.pages) - self.used  # (new or changed pages count twice)
        if not pages or (self.pages and elsewhere < max(REPACK_PAGES, len(files) // REPACK_SHARE)):
            pages = {}  # (the pack stands)
        write = functools.partial(self._save, pages, entries, parsed)
        if not background or not pages:  # (an edited page's entry alone: no process for one file)
            write()
            return lambda: None
        return in_background(write)

    def _save(self, pages: dict[str, PackedPage], entries: Sequence[tuple[str, bytes]], parsed: int) -> None:
        payload = dumps(pages) if pages else None  # (pickling every page's facts: a third of a second on a large tree)
        if payload is not None:
            self.store.put(self.key, payload, whole=True)
        for key, entry in entries:
            self.store.put(key, entry)
        self.store.prune_if_due(parsed)  # (it stats every entry: after a large parse, a twentieth of a second)


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
