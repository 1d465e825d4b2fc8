"""Read stage: walk a docs tree and decode its pages.

Nothing here interprets Markdown. It decides which files are pages, refuses what is
not text, and never follows a symlink out of the tree, so that a docs tree from a
stranger cannot make gen read files it was not given.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Iterator

import attrs

from ..model.diagnostics import Diagnostic, diag

DEFAULT_SUFFIXES = (".md", ".markdown", ".txt")
DEFAULT_MAX_PAGE_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_EXAMPLE_BYTES = 2 * 1024 * 1024
_BINARY_SNIFF_BYTES = 8192
LFS_POINTER_MAX_BYTES = 1024  # git-lfs takes no larger file for a pointer
# The first line of a Git LFS pointer (the spec's, and the pre-release one git-lfs still reads).
_LFS_VERSIONS = (b"version https://git-lfs.github.com/spec/v1", b"version https://hawser.github.com/spec/v1")
_LFS_OID = re.compile(r"sha256:[0-9a-f]{64}")


@attrs.frozen
class Page:
    """One decoded page: its path relative to the docs root (POSIX) and its text."""

    path: str
    text: str
    digest: str


@attrs.frozen
class Limits:
    """What a hostile tree can cost: the largest page read, the largest example parsed, and
    which file names are pages (here, beside the walk, so that reading them costs no parser)."""

    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
    cache: bool = True  # reuse the parses of unchanged pages (docs/cache.py); never changes a result


@attrs.frozen
class PageFile:
    """A file that is a candidate page, before it is read."""

    path: str  # relative, POSIX
    absolute: str  # (a string: a Path made for each of thousands of pages was a third of the walk)
    size: int
    # The listing's lstat of the file (size, mtime, ctime, inode), for ``hashes.HashMemo``: one
    # status call a page, not two; None for a link (the memo then looks itself).
    status: tuple[int, int, int, int] | None = attrs.field(default=None, eq=False)


def list_page_files(
    root: Path, suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
) -> tuple[list[PageFile], list[Diagnostic]]:
    """Every page file under ``root`` in a stable order, and why any were left out."""
    root = root.resolve()
    files: list[PageFile] = []
    problems: list[Diagnostic] = []

    def unlisted(error: OSError) -> None:  # a folder gen may not list or enter
        where = printable(Path(error.filename or root).relative_to(root).as_posix())
        problems.append(diag("GEN001", where, 0, f"cannot read folder: {error.strerror}; skipped"))

    for directory, dirnames, filenames in os.walk(root, onerror=unlisted, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(directory)
        for dirname in list(dirnames):
            if _is_link(base / dirname):
                problems.append(_symlink_skipped(root, base / dirname))
            elif not os.access(base / dirname, os.R_OK | os.X_OK):
                unlisted(PermissionError(13, "Permission denied", str(base / dirname)))
                dirnames.remove(dirname)
        # Relative paths as strings, one lstat per file: a tree of 8,000 pages is listed on
        # every command, a build that finds nothing changed included.
        prefix = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        folder = directory if directory.endswith(os.sep) else directory + os.sep  # (os.path.join's result, once a folder)
        for filename in sorted(filenames):
            if is_page_name(filename, suffixes):
                found = _page_file(root, folder + filename, prefix + filename, problems)
                if found is not None:
                    files.append(found)
    files.sort(key=lambda f: f.path)
    return files, problems


def has_page_file(root: Path, suffixes: tuple[str, ...] = DEFAULT_SUFFIXES) -> bool:
    """Whether any file under ``root`` is named as a page (the walk stops at the first)."""
    for _, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if any(is_page_name(filename, suffixes) for filename in filenames):
            return True
    return False


def is_page_name(filename: str, suffixes: tuple[str, ...] = DEFAULT_SUFFIXES) -> bool:
    """Whether a file of this name (no folder) is a page: a known suffix, not hidden."""
    return not filename.startswith(".") and filename.lower().endswith(suffixes)


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _page_file(root: Path, path: str, rel: str, problems: list[Diagnostic]) -> PageFile | None:
    if not _is_utf8(rel):
        # Every later stage writes page paths as UTF-8 (diagnostics, reports, the SDK).
        problems.append(diag("GEN001", printable(rel), 0, "file name is not valid UTF-8; skipped (rename the file)"))
        return None
    try:
        info = own = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if not _link_stays_inside(root, Path(path), problems):
                return None
            info = os.stat(path)
    except OSError as error:
        problems.append(diag("GEN001", rel, 0, f"cannot stat file: {error.strerror}"))
        return None
    if not stat.S_ISREG(info.st_mode):
        problems.append(_not_regular(rel))
        return None
    status = (own.st_size, own.st_mtime_ns, own.st_ctime_ns, own.st_ino) if own is info else None
    return PageFile(path=rel, absolute=path, size=info.st_size, status=status)


def _link_stays_inside(root: Path, path: Path, problems: list[Diagnostic]) -> bool:
    """A symbolic link to a file inside the tree is read; any other is skipped with GEN005."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop, or a dangling link
        problems.append(_symlink_skipped(root, path, "it is a loop or points nowhere"))
        return False
    if not target.is_relative_to(root) or not target.is_file():
        problems.append(_symlink_skipped(root, path))
        return False
    return True


def _not_regular(rel: str) -> Diagnostic:
    # A FIFO would block every command and a device would read until memory runs out.
    return diag("GEN001", rel, 0, "not a regular file (a FIFO, socket or device); skipped")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of a file name, as surrogate escapes
        return False
    return True


def printable(name: str) -> str:
    """A file name as text that can be written: undecodable bytes as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if not _is_utf8(name) else name


def _symlink_skipped(
    root: Path, path: Path, why: str = "it points outside the docs tree or is a directory"
) -> Diagnostic:
    rel = printable(path.relative_to(root).as_posix())
    return diag(
        "GEN005",
        rel,
        0,
        f"symlink is not followed ({why}); copy the target into the tree if it should be read",
    )


def read_page(
    file: PageFile, max_bytes: int = DEFAULT_MAX_PAGE_BYTES
) -> tuple[Page | None, list[Diagnostic]]:
    """Decode one page file; a page that cannot be text is a diagnostic, not an error."""
    data = None if file.size > max_bytes else b""
    try:
        if data is not None:
            data = read_bounded(file.absolute, max_bytes)
    except NotRegularFile:
        return None, [_not_regular(file.path)]
    except OSError as error:
        return None, [diag("GEN001", file.path, 0, f"cannot read file: {error.strerror}")]
    if data is None:
        size = max(file.size, max_bytes + 1)
        message = (
            f"page is {size:,} bytes, over the limit of {max_bytes:,}; "
            "if it is genuine, raise the limit (gen --max-page-bytes SIZE, or max-page-bytes in [tool.gen])"
        )
        return None, [diag("GEN004", file.path, 0, message)]
    return decode_page(file.path, data)


class NotRegularFile(OSError):
    """The path is a FIFO, a socket or a device, not a file gen can read to its end."""


def open_regular(path: str | Path, follow_links: bool = True, write: bool = False) -> int:
    """A descriptor of a regular file; opened non-blocking so that a FIFO cannot hang the open.
    Without ``follow_links``, a link is refused (OSError), not followed; with ``write``, the file
    is opened to be written from its start (made, private, when missing)."""
    flags = os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    flags |= (os.O_WRONLY | os.O_CREAT | os.O_TRUNC) if write else os.O_RDONLY
    flags |= 0 if follow_links else getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotRegularFile(0, "not a regular file (a FIFO, socket or device)", str(path))
    return descriptor


def read_bounded(path: str | Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``max_bytes`` (never reads more than one over)."""
    with os.fdopen(open_regular(path), "rb", buffering=0) as handle:
        # Read what the size promises, then on to the end (the file may grow meanwhile):
        # read(max_bytes + 1) would allocate the whole limit (20 MB) for every page.
        expected = os.fstat(handle.fileno()).st_size
        blocks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            block = handle.read(min(max_bytes + 1 - total, max(expected + 1 - total, 1 << 16)))
            if not block:
                break
            blocks.append(block)
            total += len(block)
    return None if total > max_bytes else b"".join(blocks)


def stream_hash(path: str | Path, max_bytes: int) -> str:
    """sha256 of a file read in blocks; a file over the limit is hashed by its size only."""
    digest = hashlib.sha256()
    descriptor = open_regular(path)
    try:
        size = os.fstat(descriptor).st_size
        if size > max_bytes:
            return f"over-limit:{size}"
        read = 0
        # Blocks of what the size promises (a page is one read), then on to the end: the file may
        # grow meanwhile. A buffered read of a megabyte allocated one for every page: half the hash.
        while read <= max_bytes and (block := os.read(descriptor, min(max(size + 1 - read, 1 << 16), 1 << 20))):
            digest.update(block)
            read += len(block)
    finally:
        os.close(descriptor)
    if read > max_bytes:  # grew while read
        return f"over-limit:{read}"
    return digest.hexdigest()


@attrs.frozen
class LfsPointer:
    """What a Git LFS pointer file names: the object that holds the real content."""

    oid: str  # sha256:<64 hex>
    size: int | None

    def describe(self) -> str:
        return f"object {self.oid[:19]}…" + (f", {self.size:,} bytes" if self.size is not None else "")


def lfs_pointer(data: bytes) -> LfsPointer | None:
    """The pointer ``data`` is, when it is a Git LFS pointer file rather than content."""
    if len(data) > LFS_POINTER_MAX_BYTES or not data.startswith(_LFS_VERSIONS):
        return None
    first, *rest = data.decode("utf-8", "replace").splitlines()
    if first.rstrip().encode() not in _LFS_VERSIONS:  # "...spec/v10" is not v1
        return None
    fields = {key: value.strip() for key, _, value in (line.partition(" ") for line in rest)}
    oid, size = fields.get("oid", ""), fields.get("size", "")
    if not _LFS_OID.fullmatch(oid):
        return None
    return LfsPointer(oid, int(size) if size.isascii() and size.isdigit() else None)  # not "²"


def decode_page(path: str, data: bytes) -> tuple[Page | None, list[Diagnostic]]:
    """Bytes to a Page: BOMs honoured, binary refused, bad UTF-8 kept with a warning."""
    pointer = lfs_pointer(data)
    if pointer is not None:
        # Parsed, the pointer would be a page without an API: every type on it silently gone.
        message = (
            f"page is a Git LFS pointer ({pointer.describe()}), not the page: its content was not fetched; skipped "
            "(run `git lfs pull` in the repository; in CI, check out with LFS, e.g. actions/checkout's lfs: true)"
        )
        return None, [diag("GEN008", path, 0, message)]
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Page(path, _normalise(data.decode("utf-16")), digest), []
        except UnicodeDecodeError:
            return None, [diag("GEN001", path, 0, "page has a UTF-16 mark but is not UTF-16")]
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        return None, [diag("GEN001", path, 0, "page is binary (it holds NUL bytes); skipped")]
    problems: list[Diagnostic] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("utf-8-sig", errors="replace")
        problems.append(
            diag(
                "GEN002",
                path,
                line,
                f"byte {error.start} is not UTF-8; read with U+FFFD replacements "
                "(re-save the page as UTF-8)",
            )
        )
    if not text.strip():
        return None, problems + [diag("GEN003", path, 1, "page is empty; skipped")]
    return Page(path, _normalise(text), digest), problems


def _normalise(text: str) -> str:
    # One newline convention for every later stage, so line numbers agree with editors.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def iter_pages(
    root: Path, suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
) -> Iterator[tuple[Page | None, list[Diagnostic]]]:
    """Convenience for small trees and tests: list then read, in order."""
    files, problems = list_page_files(root, suffixes)
    if problems:
        yield None, problems
    for file in files:
        yield read_page(file)
