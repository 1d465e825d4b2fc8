"""The page parse cache: after one page is edited, only that page is parsed again (issue 25).

An entry is the pickled parse of one page, in a file named by a key that covers all the
parse depends on: the page's path and bytes (sha256), the parsing code (gen's version and
the source of ``docs/``, ``model/`` and attrs, Python's and markdown-it's versions) and
the options that change a parse (``max_example_bytes``, ``scan``). An entry is therefore
the very parse it names or is not used, and a build's output is the same with a cold, warm,
partial or damaged cache.

Where, as black and pytest keep theirs: ``$GEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/gen``,
else ``~/.cache/gen`` (``~/Library/Caches/gen`` on macOS, ``%LOCALAPPDATA%\\gen`` on
Windows), in a folder per entry format (``parse-1/<key>``). ``GEN_NO_CACHE=1`` (any value
but ``0``, ``false``, ``no``, ``off`` or empty) turns it off, as does ``load(..., cache=False)``.

Shared safely: an entry holds a checksum of its payload, so a reader that meets one half
written by another load ignores it as damaged (the pack, one entry for a whole tree, is
written beside and renamed into place). A missing, truncated, damaged (checksum), foreign
(another key or format) or mistyped entry is ignored and the page parsed. A folder that
cannot be written is left alone for the rest of the process. Entries are pickles, so the
cache is used only in a folder of the user's own that no one else may write.

Bounded: a hit refreshes its entry's time (at most daily). After a load that parsed 1,000
pages or more, or daily after one that parsed any, entries unused for 30 days are removed,
then the least recently used until the cache holds at most 512 MiB.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import re
import stat
import sys
import time
from pathlib import Path
from typing import Mapping

from .. import __version__
from .read import open_regular

FORMAT = 1  # the entry layout; a new one starts a new folder
FOLDER_PREFIX = "parse-"
MAX_AGE_SECONDS = 30 * 24 * 3600
MAX_BYTES = 512 << 20  # some 13 parses of the full beta tree (7,949 pages, 37 MB each)
PRUNE_EVERY_SECONDS = 24 * 3600  # a prune stats every entry: ~1 s at the bound
PRUNE_AFTER_PARSES = 1000  # a load that wrote this many entries may have crossed the bound
_REFRESH_AFTER_SECONDS = 24 * 3600  # a hit older than this is touched (atime is unreliable)
_STALE_TEMPORARY_SECONDS = 3600  # a temporary file this old was left by a killed writer
_MAGIC = b"gen-parse-cache/%d\n" % FORMAT
_CHECKSUM_BYTES = 32
_ENTRY_NAME = re.compile(r"(?:pack-|keys-)?[0-9a-f]{64}")  # a page's entry, a tree's pack or its key list (``pack.py``)
_TEMPORARY_PREFIX = ".tmp-"
_PRUNE_STAMP = ".pruned"
_PACKAGE = Path(__file__).resolve().parents[1]  # generator/
_PARSING_CODE = ("docs", "model")


def cache_home(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The user's cache folder for gen, or None when the cache is off or there is no home."""
    if environ.get("GEN_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no", "off"):
        return None
    explicit = environ.get("GEN_CACHE_DIR", "")
    if explicit:
        return Path(explicit).expanduser().absolute()
    xdg = environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "gen"
    local = environ.get("LOCALAPPDATA", "")
    if sys.platform == "win32" and local:
        return Path(local) / "gen"
    home = Path(os.path.expanduser("~"))
    if not home.is_absolute():  # no HOME and no password entry: "~" would be the working folder
        return None
    return home / ("Library/Caches/gen" if sys.platform == "darwin" else ".cache/gen")


@functools.cache
def parser_fingerprint() -> str:
    """What identifies the parsing code; once per process (forked workers inherit it). Empty when
    its source cannot be read (a zipped install): the parses could not be told apart, so no cache."""
    import markdown_it  # (here: a build that finds nothing changed reads the cache folder, never a parse)

    sources = _parsing_sources()
    if not sources:
        return ""
    runtime = (str(FORMAT), __version__, sys.version, sys.implementation.cache_tag or "", markdown_it.__version__)
    digest = hashlib.sha256("\0".join(runtime).encode())
    try:
        for name, path in sources:
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()


def _parsing_sources() -> list[tuple[str, Path]]:
    """gen's parsing code, and attrs' (``attr``, which makes and unpickles the records an entry
    holds). Empty when gen's cannot be found (a zipped install): no cache."""
    ours = sorted(path for part in _PARSING_CODE for path in (_PACKAGE / part).rglob("*.py"))
    if not ours:
        return []
    return [(path.relative_to(_PACKAGE).as_posix(), path) for path in ours] + [(f"attr/{path.name}", path) for path in library_sources("attr")]


def library_sources(name: str) -> list[Path]:
    """An installed library's Python modules (its package folder's), found without importing it:
    what identifies a library gen's output depends on. Its source, not its version: the version is
    in the installed metadata, whose reader (``importlib.metadata``) costs 15-25 ms a run to import."""
    spec = importlib.util.find_spec(name)
    folders = spec.submodule_search_locations if spec is not None else None
    return sorted(path for folder in folders or () for path in Path(folder).glob("*.py"))


class ParseCache:
    """The cache as one load sees it: the entries of one set of parse options."""

    def __init__(self, folder: Path, salt: bytes, scanned: ParseCache | None = None) -> None:
        self.folder = folder
        self.salt = salt
        self.writable = True  # set False at the first failed write: no retry per page
        # For parses without page scans: the entries of the same options with them (gen lint's),
        # whose parses hold the same facts; a load without scans may take its pages from them.
        self.scanned = scanned

    def key(self, path: str, digest: str) -> str:
        """The entry of the page at ``path`` whose bytes hash to ``digest`` (sha256, hex)."""
        hashed = hashlib.sha256(self.salt)
        hashed.update(path.encode("utf-8", "surrogateescape") + b"\0" + digest.encode("ascii", "replace"))
        return hashed.hexdigest()

    def get(self, key: str) -> object | None:
        """The value stored under ``key``, or None: absent, unreadable, damaged or foreign."""
        payload = self.get_payload(key)
        return loads(payload) if payload is not None else None

    def get_payload(self, key: str) -> bytes | None:
        """The pickled value stored under ``key`` (its checksum verified), or None: absent,
        unreadable, damaged or foreign."""
        path = os.path.join(self.folder, key)  # (a str: asked for every page a cold load parses)
        try:
            with os.fdopen(open_regular(path), "rb") as handle:  # a FIFO planted here must not hang the read
                modified = os.fstat(handle.fileno()).st_mtime
                data = handle.read()
        except OSError:
            return None
        payload = _payload(key, data)
        if payload is not None and time.time() - modified > _REFRESH_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept by the prune
        return payload

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (whole or not)."""
        return os.path.exists(os.path.join(self.folder, key))

    def names(self, prefix: str) -> list[str]:
        """The names of the entries that start with ``prefix``, in order."""
        with contextlib.suppress(OSError), os.scandir(self.folder) as listing:
            return sorted(item.name for item in listing if item.name.startswith(prefix) and _ENTRY_NAME.fullmatch(item.name))
        return []

    def put(self, key: str, payload: bytes, whole: bool = False) -> None:
        """Store a pickled value (``dumps``) under ``key``.

        A page's entry is written in place: a reader that meets it half written (a load beside
        this one, a writer killed mid-write) finds its checksum wrong and parses the page, which
        gives the same parse; renaming each of thousands of entries into place cost ten times
        their writes. Where that fails (a FIFO or a link in its place), and with ``whole`` (the
        tree's pack: one entry that stands for every page), the entry is written beside and
        renamed into place: a reader sees it whole or not at all.
        """
        if not self.writable:
            return
        entry = b"".join((_MAGIC, key.encode(), hashlib.sha256(payload).digest(), payload))
        try:
            if not whole:
                with contextlib.suppress(OSError):
                    write_in_place(self.folder, key, entry)
                    return
            write_atomically(self.folder, key, entry)
        except OSError:  # read-only, full, gone: parse on without the cache
            self.writable = False

    def prune_if_due(self, parsed: int, now: float | None = None) -> None:
        """After a load that parsed ``parsed`` pages: prune when it wrote many, or a day after the last."""
        if not self.writable or parsed <= 0:
            return
        now = time.time() if now is None else now
        stamp = self.folder / _PRUNE_STAMP
        try:
            last = stamp.stat().st_mtime
        except OSError:
            last = 0.0
        if parsed < PRUNE_AFTER_PARSES and now - last < PRUNE_EVERY_SECONDS:
            return
        with contextlib.suppress(OSError):
            stamp.touch()
            os.utime(stamp, (now, now))
            prune(self.folder.parent, now=now)


def open_cache(max_example_bytes: int, scan: bool, environ: Mapping[str, str] = os.environ) -> ParseCache | None:
    """The cache for parses with these options, or None when it is off or cannot be used."""
    home = cache_home(environ)
    fingerprint = parser_fingerprint()
    if home is None or not fingerprint:
        return None
    folder = home / f"{FOLDER_PREFIX}{FORMAT}"
    with contextlib.suppress(OSError):  # a read-only cache that exists is still read
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not private_folder(folder):
        return None

    def salt(scanned: bool) -> bytes:
        return f"{fingerprint}\0{max_example_bytes}\0{int(scanned)}\0".encode()

    if scan:
        return ParseCache(folder, salt(True))
    return ParseCache(folder, salt(False), scanned=ParseCache(folder, salt(True)))


def prune(home: Path, max_age: float = MAX_AGE_SECONDS, max_bytes: int = MAX_BYTES, now: float | None = None) -> int:
    """Remove entries unused for ``max_age`` seconds, then the least recently used past ``max_bytes``,
    in every entry format's folder (an older gen's too), and temporary files a killed writer left.
    Returns how many files were removed."""
    now = time.time() if now is None else now
    entries: list[tuple[float, int, Path]] = []
    doomed: list[Path] = []
    for folder in sorted(home.glob(f"{FOLDER_PREFIX}*")):
        if private_folder(folder):
            for modified, size, path in _files(folder):
                if path.name.startswith(_TEMPORARY_PREFIX):
                    doomed += [path] if now - modified > _STALE_TEMPORARY_SECONDS else []
                elif _ENTRY_NAME.fullmatch(path.name):
                    entries.append((modified, size, path))
    total = 0
    for modified, size, path in sorted(entries, key=lambda entry: -entry[0]):  # newest first
        total += size
        if now - modified > max_age or total > max_bytes:
            doomed.append(path)
    removed = 0
    for path in doomed:
        with contextlib.suppress(OSError):  # another build may have removed it first
            path.unlink()
            removed += 1
    return removed


def _files(folder: Path) -> list[tuple[float, int, Path]]:
    found: list[tuple[float, int, Path]] = []
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for item in listing:
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    found.append((info.st_mtime, info.st_size, Path(item.path)))
    return found


def private_folder(folder: Path) -> bool:
    """A folder of the user's own that no one else may write (an entry is a pickle: code)."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


def dumps(value: object) -> bytes | None:
    """A value as an entry's payload (None when it will not pickle: it is then not cached)."""
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - pickling runs the value's own code
        return None


def loads(payload: bytes | memoryview) -> object | None:
    """A payload's value, or None: whatever the damage, the page is parsed instead."""
    try:
        value: object = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - unpickling a damaged payload can raise anything
        return None
    return value


def _payload(key: str, data: bytes) -> bytes | None:
    head = _MAGIC + key.encode()
    start = len(head) + _CHECKSUM_BYTES
    if len(data) < start or not data.startswith(head):
        return None
    payload = data[start:]
    if hashlib.sha256(payload).digest() != data[len(head) : start]:
        return None  # truncated or damaged
    return payload


def write_in_place(folder: Path, name: str, data: bytes) -> None:
    """Write ``data`` as the file ``name`` (see ``ParseCache.put``); a link or a FIFO planted
    there is refused, not followed or waited on."""
    path = os.path.join(folder, name)
    descriptor = open_regular(path, follow_links=False, write=True)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except BaseException:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)  # (what was written would be ignored: its checksum is wrong)
        raise
    os.close(descriptor)


def write_atomically(folder: Path, name: str, data: bytes) -> None:
    """Write beside the entry, then rename: a reader never sees half an entry."""
    descriptor, temporary = _temporary(folder, name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file beside the entry, named by this process and the entry: no other writer uses
    the name (one left by a killed process of the same id is replaced)."""
    temporary = folder / f"{_TEMPORARY_PREFIX}{os.getpid()}-{name}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(temporary, flags, 0o600), temporary
    except FileExistsError:
        os.unlink(temporary)
        return os.open(temporary, flags, 0o600), temporary
