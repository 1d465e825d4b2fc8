"""File hashes remembered across runs by each file's status, as git's index remembers them.

A build or check that finds nothing changed still hashes every page and every generated
file (tens of megabytes on a large tree) to prove it. A file whose size, modification and
change times and inode are those recorded when it was last hashed has the recorded hash,
provided it had not been touched in the two seconds before that hash: a later write in the
same clock tick could leave its times as they were. The change time cannot be set back by
a user (``touch -d`` moves it forward), so an edit is always seen.

One memo per folder hashed (and per way of hashing), in gen's cache folder: off with the
parse cache (``GEN_NO_CACHE``, ``--no-cache``, ``[tool.gen] cache = false``). A memo that
is damaged, foreign or cannot be written costs a hash, never a wrong one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Callable, Mapping, TypeVar

import attrs

from ..model.diagnostics import Diagnostic
from .cache import MAX_AGE_SECONDS, cache_home, private_folder, write_atomically
from .read import Limits, PageFile, list_page_files, stream_hash

FOLDER = "hashes-1"
RACY_NS = 2_000_000_000  # a file touched this soon before its hash is hashed again next time
Entry = list[object]  # [size, mtime_ns, ctime_ns, inode, hashed_at_ns, hash]
AnyPath = TypeVar("AnyPath", str, Path)  # (a folder of thousands of files is hashed faster by strings)


class HashMemo:
    """Hashes of the files under ``root`` (by ``purpose``: how they are hashed), kept between runs."""

    def __init__(self, root: Path, purpose: str, enabled: bool = True) -> None:
        self._folder: Path | None = None
        self._name = hashlib.sha256(f"{root.absolute()}\0{purpose}".encode()).hexdigest()[:32] + ".json"
        self._known: dict[str, Entry] = {}
        self._seen: dict[str, Entry] = {}
        home = cache_home() if enabled else None
        if home is None:
            return
        folder = home / FOLDER
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if private_folder(folder):
            self._folder = folder
            self._known = _read(folder / self._name)

    def hash(self, path: AnyPath, compute: Callable[[AnyPath], str], status: tuple[int, int, int, int] | None = None) -> str:
        """``compute(path)``, or what it gave last time when the file's status says it is the same
        file; ``status``: the file's (size, mtime, ctime, inode) when the caller has just looked."""
        if self._folder is None:
            return compute(path)
        if status is None:
            try:
                info = os.stat(path, follow_symlinks=False)
            except OSError:
                return compute(path)  # (which reports the problem as it always did)
            status = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        stamp: Entry = list(status)
        key = str(path)
        known = self._known.get(key)
        if known is not None and known[:4] == stamp and _settled(status, known[4]):
            self._seen[key] = known
            return str(known[5])
        hashed_at = time.time_ns()  # (before the read: a write during it is a newer change time)
        value = compute(path)
        self._seen[key] = [*stamp, hashed_at, value]
        return value

    def save(self, forget_unseen: bool = True) -> None:
        """Keep the hashes of this run's files; a file not hashed this time is forgotten (a deleted
        file), unless ``forget_unseen`` is false (a run that hashed only some files)."""
        kept = self._seen if forget_unseen else {**self._known, **self._seen}
        if self._folder is None or kept == self._known:
            return
        with contextlib.suppress(OSError):
            write_atomically(self._folder, self._name, json.dumps(kept, separators=(",", ":")).encode())
            _forget_old(self._folder)


@attrs.frozen
class Listing:
    """A docs tree's pages as one walk found them, with each readable page's digest: what a build
    hashes its inputs with, then loads, so that a run walks the tree and hashes each page once."""

    files: list[PageFile]
    problems: list[Diagnostic]
    digests: Mapping[str, str]  # path -> the page's digest (``stream_hash``); absent when unreadable


def hashed_listing(root: Path, limits: Limits) -> Listing:
    """Every page file under ``root`` and its digest; only pages changed since the last run are read."""
    files, problems = list_page_files(root, limits.suffixes)
    memo = HashMemo(root, pages_purpose(limits), limits.cache)
    digests: dict[str, str] = {}
    for file in files:
        with contextlib.suppress(OSError):  # (reading the page reports it)
            digests[file.path] = page_digest(memo, file, limits.max_page_bytes)
    memo.save()
    return Listing(files, problems, digests)


def page_digest(memo: HashMemo, file: PageFile, max_page_bytes: int) -> str:
    """A page's digest (``stream_hash``), by ``memo`` when the page is unchanged; OSError when unreadable."""
    return memo.hash(file.absolute, lambda path: stream_hash(path, max_page_bytes), file.status)


def pages_purpose(limits: Limits) -> str:
    """The memo of a tree's pages (a page's digest depends on the largest page read)."""
    return f"pages {limits.max_page_bytes}"


def _settled(status: tuple[int, int, int, int], hashed_at: object) -> bool:
    return isinstance(hashed_at, int) and max(status[1], status[2]) < hashed_at - RACY_NS


def _read(path: Path) -> dict[str, Entry]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, list) and len(value) == 6}


def _forget_old(folder: Path) -> None:
    """Memos of folders not hashed for a month (a moved or deleted tree) are removed."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for memo in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            if memo.stat().st_mtime < cutoff:
                memo.unlink()
