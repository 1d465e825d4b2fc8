"""Read stage: walk a docs tree and decode its pages.

Nothing here interprets Markdown. It decides which files are pages, refuses what is
not text, and never follows a symlink out of the tree, so that a docs tree from a
stranger cannot make gen read files it was not given.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path
from typing import Iterator

import attrs

from ..model.diagnostics import Diagnostic, diag

DEFAULT_SUFFIXES = (".md", ".markdown", ".txt")
DEFAULT_MAX_PAGE_BYTES = 20 * 1024 * 1024
_BINARY_SNIFF_BYTES = 8192


@attrs.frozen
class Page:
    """One decoded page: its path relative to the docs root (POSIX) and its text."""

    path: str
    text: str
    digest: str


@attrs.frozen
class PageFile:
    """A file that is a candidate page, before it is read."""

    path: str  # relative, POSIX
    absolute: Path
    size: int


def list_page_files(
    root: Path, suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
) -> tuple[list[PageFile], list[Diagnostic]]:
    """Every page file under ``root`` in a stable order, and why any were left out."""
    root = root.resolve()
    files: list[PageFile] = []
    problems: list[Diagnostic] = []
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(directory)
        for dirname in dirnames:
            if (base / dirname).is_symlink():
                problems.append(_symlink_skipped(root, base / dirname))
        for filename in sorted(filenames):
            if filename.startswith(".") or not filename.lower().endswith(suffixes):
                continue
            found = _page_file(root, base / filename, problems)
            if found is not None:
                files.append(found)
    files.sort(key=lambda f: f.path)
    return files, problems


def _page_file(root: Path, path: Path, problems: list[Diagnostic]) -> PageFile | None:
    rel = path.relative_to(root).as_posix()
    if not _is_utf8(rel):
        # Every later stage writes page paths as UTF-8 (diagnostics, reports, the SDK).
        problems.append(diag("GEN001", printable(rel), 0, "file name is not valid UTF-8; skipped (rename the file)"))
        return None
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root) or not target.is_file():
            problems.append(_symlink_skipped(root, path))
            return None
    try:
        size = path.stat().st_size
    except OSError as error:
        problems.append(diag("GEN001", rel, 0, f"cannot stat file: {error.strerror}"))
        return None
    return PageFile(path=rel, absolute=path, size=size)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of a file name, as surrogate escapes
        return False
    return True


def printable(name: str) -> str:
    """A file name as text that can be written: undecodable bytes as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if not _is_utf8(name) else name


def _symlink_skipped(root: Path, path: Path) -> Diagnostic:
    rel = printable(path.relative_to(root).as_posix())
    return diag(
        "GEN005",
        rel,
        0,
        "symlink is not followed (it points outside the docs tree or is a directory); "
        "copy the target into the tree if it should be read",
    )


def read_page(
    file: PageFile, max_bytes: int = DEFAULT_MAX_PAGE_BYTES
) -> tuple[Page | None, list[Diagnostic]]:
    """Decode one page file; a page that cannot be text is a diagnostic, not an error."""
    if file.size > max_bytes:
        message = (
            f"page is {file.size:,} bytes, over the limit of {max_bytes:,}; "
            "if it is genuine, raise the limit (gen --max-page-bytes SIZE, or max-page-bytes in [tool.gen])"
        )
        return None, [diag("GEN004", file.path, 0, message)]
    try:
        data = file.absolute.read_bytes()
    except OSError as error:
        return None, [diag("GEN001", file.path, 0, f"cannot read file: {error.strerror}")]
    return decode_page(file.path, data)


def decode_page(path: str, data: bytes) -> tuple[Page | None, list[Diagnostic]]:
    """Bytes to a Page: BOMs honoured, binary refused, bad UTF-8 kept with a warning."""
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
