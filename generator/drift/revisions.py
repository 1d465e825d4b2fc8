"""A revision's docs folder for ``gen drift --git REV1 REV2 [PATH]``, as committed.

The folder is read from the commit's tree, not exported with ``git archive``: an export
honours ``.gitattributes`` (``export-ignore`` drops files, ``export-subst`` rewrites
them), so it is not what was committed. ``git ls-tree`` lists the tree with each blob's
size, and one ``git cat-file --batch`` streams the blobs into a temporary directory that
the caller removes. Only regular files the loader would read (by their suffix) are
written; links and submodules are skipped, since a docs tree needs only folders and
files; names that are absolute or climb out with ``..`` are refused (a tree is
untrusted input, even from git). A blob over the page limit is never read out of git.

A page whose content git does not hold is a diagnostic (GEN008), not a file: an object
the repository lacks (a damaged or incomplete clone: ``ls-tree`` sizes it ``BAD``,
``cat-file`` answers ``missing``), or a Git LFS pointer (what is committed for a file in
LFS, whose content lies outside git).

Bare repositories work (their git directory stands for the root); a shallow clone that
lacks a revision says how to fetch it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Iterator

import attrs

from ..docs import Limits
from ..docs.read import LFS_POINTER_MAX_BYTES, LfsPointer, is_page_name, lfs_pointer, printable
from ..model.diagnostics import Diagnostic, diag

_REGULAR = (b"100644", b"100755")  # blob modes of files; 120000 is a link, 160000 a submodule
_BLOCK = 1 << 20
_RELATIVE = re.compile(r"[~^@{}:]")
_OBJECT_ID = re.compile(r"[0-9a-fA-F]{7,64}")


class SourceError(Exception):
    """A revision or a path that cannot be read: a usage error, with a clear message."""


@attrs.frozen
class Blob:
    parts: tuple[str, ...]  # path below PATH, one name a part (undecodable bytes as surrogate escapes)
    oid: str
    size: int | None  # None: the repository lacks the object (ls-tree -l sizes it "BAD")

    @property
    def path(self) -> str:
        """As diagnostics name a page: relative to the docs folder, printable."""
        return printable("/".join(self.parts))


@attrs.frozen
class Extracted:
    """A revision's docs folder, and the pages that could not be written into it (GEN008)."""

    docs: Path
    diagnostics: tuple[Diagnostic, ...]


def repository_root(repo: Path) -> Path:
    """The top folder of the work tree that holds ``repo``; a bare repository's git directory."""
    if not repo.is_dir():
        raise SourceError(f"--repo {str(repo)!r} is not a folder")
    found = _git(repo, "rev-parse", "--is-bare-repository", "--absolute-git-dir")
    lines = found.stdout.splitlines()
    if found.returncode != 0 or len(lines) != 2:
        raise SourceError(f"{str(repo)!r} is not inside a git repository ({_first_line(found.stderr)})")
    bare, git_dir = lines
    top = _git(repo, "rev-parse", "--show-toplevel") if bare != "true" else None
    if top is None or top.returncode != 0 or not top.stdout.strip():  # bare, or inside .git: no work tree
        return Path(git_dir)
    return Path(top.stdout.strip())


def check_revision(root: Path, revision: str, path: str) -> None:
    """Usage errors for an unknown revision, or a PATH that is not a folder at it."""
    if revision.startswith("-"):
        raise SourceError(f"bad revision {revision!r}")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise _unknown_revision(root, revision)
    kind = _git(root, "cat-file", "-t", _tree_spec(revision, path))
    if kind.returncode != 0:
        raise SourceError(f"path {path!r} does not exist at revision {revision!r}")
    if kind.stdout.strip() != "tree":
        raise SourceError(f"path {path!r} is not a folder at revision {revision!r}")


def _unknown_revision(root: Path, revision: str) -> SourceError:
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() != "true":
        return SourceError(f"unknown git revision {revision!r} in {root}")
    hint = _fetch_hint(root, revision)
    return SourceError(f"revision {revision!r} is not in this shallow clone ({root}); fetch it first ({hint})")


def _fetch_hint(root: Path, revision: str) -> str:
    """All history, or the one thing ``revision`` names when a fetch can bring exactly that."""
    unshallow = "git fetch --unshallow"
    if _RELATIVE.search(revision):  # HEAD~3 and the like: more history, not a name
        return f"{unshallow}, or git fetch --deepen=N for N more commits"
    remote, _, branch = revision.partition("/")
    if branch and remote in _git(root, "remote").stdout.split():
        # Spelled out: a clone of one branch (actions/checkout) would not update origin/BRANCH.
        return f"{unshallow}, or git fetch {remote} {branch}:refs/remotes/{remote}/{branch}"
    if _OBJECT_ID.fullmatch(revision):
        return f"{unshallow}, or git fetch origin {revision}"
    return unshallow


def _tree_spec(revision: str, path: str) -> str:
    return f"{revision}:{path}" if path != "." else f"{revision}^{{tree}}"


@contextlib.contextmanager
def revision_tree(root: Path, revision: str, path: str, limits: Limits) -> Iterator[Path]:
    """The docs folder ``path`` as of ``revision``, in a temporary directory.

    ``limits`` must be the loader's: its suffixes choose what is written, its page limit
    what is never read.
    """
    with revision_docs(root, revision, path, limits) as extracted:
        yield extracted.docs


@contextlib.contextmanager
def revision_docs(root: Path, revision: str, path: str, limits: Limits) -> Iterator[Extracted]:
    """``revision_tree``, with a diagnostic for each page whose content git does not hold."""
    check_revision(root, revision, path)
    blobs = list_blobs(root, _tree_spec(revision, path), limits.suffixes)
    with tempfile.TemporaryDirectory(prefix="gen-drift-") as temporary:
        docs = Path(temporary) / path
        docs.mkdir(parents=True, exist_ok=True)
        problems = _write_blobs(root, blobs, docs, limits.max_page_bytes, revision)
        yield Extracted(docs, tuple(problems))


# -- the tree ---------------------------------------------------------------------------------


def list_blobs(root: Path, tree: str, suffixes: tuple[str, ...]) -> list[Blob]:
    """The regular files below ``tree`` whose names the loader reads as pages."""
    listed = _git_bytes(root, "ls-tree", "-r", "-z", "-l", "--full-tree", tree, "--")
    if listed.returncode != 0:
        message = _first_line(listed.stderr.decode("utf-8", "replace"))
        if "could not read" in message.lower():  # a folder's tree the repository lacks: no list, no run
            message += "; the repository lacks objects (a damaged or incomplete clone): git fsck lists them"
        raise SourceError(f"git ls-tree {tree} failed: {message}")
    blobs = [_blob(record) for record in listed.stdout.split(b"\0") if record]
    # The loader's own test of a name, so that exactly the files it would read are here;
    # what else it skips or reports (hidden folders, names that are not UTF-8) it still does.
    return [blob for blob in blobs if blob is not None and is_page_name(blob.parts[-1], suffixes)]


def _blob(record: bytes) -> Blob | None:
    """One ``<mode> <type> <oid> <size>\t<name>`` record; None for links and submodules."""
    meta, tab, name = record.partition(b"\t")
    fields = meta.split()
    if not tab or len(fields) != 4:
        raise SourceError(f"git ls-tree gave a record gen cannot read: {record[:200]!r}")
    mode, kind, oid, size = fields
    if mode not in _REGULAR or kind != b"blob":
        return None
    # A size that is not a number ("BAD") is an object the repository lacks: reported, not fatal.
    return Blob(safe_parts(name), oid.decode("ascii"), int(size) if size.isdigit() else None)


def safe_parts(name: bytes) -> tuple[str, ...]:
    """A tree path's names, as the file system takes them; refused if it could leave the folder."""
    parts = name.split(b"/")
    if not name or name.startswith(b"/") or any(part in (b"", b".", b"..") for part in parts):
        raise SourceError(f"refusing a tree entry with an unsafe name: {name.decode('utf-8', 'replace')!r}")
    return tuple(os.fsdecode(part) for part in parts)


# -- the blobs --------------------------------------------------------------------------------


def _write_blobs(root: Path, blobs: list[Blob], docs: Path, max_bytes: int, revision: str) -> list[Diagnostic]:
    """Each blob as a file below ``docs``; a GEN008 for each whose content git does not hold."""
    problems = []
    with _cat_file(root) as batch:
        for blob in blobs:
            problem = _write_blob(batch, blob, docs, max_bytes, revision)
            if problem is not None:
                problems.append(problem)
    return problems


def _write_blob(batch: _Batch, blob: Blob, docs: Path, max_bytes: int, revision: str) -> Diagnostic | None:
    if blob.size is None:
        return _missing(blob, revision)
    destination = docs.joinpath(*blob.parts)
    if blob.size > max_bytes:
        # Never read out of git: a sparse file of the blob's true size, which the loader
        # reports as over the limit (GEN004, with that size) from its size alone, without
        # reading it; so the page is not silently lost.
        destination.parent.mkdir(parents=True, exist_ok=True)
        with destination.open("wb") as handle:
            handle.truncate(blob.size)
        return None
    if not batch.request(blob):
        return _missing(blob, revision)
    if blob.size <= LFS_POINTER_MAX_BYTES:  # small enough to be a pointer: held, then looked at
        held = io.BytesIO()
        batch.body(blob, held)
        pointer = lfs_pointer(held.getvalue())
        if pointer is not None:
            return _in_lfs(blob, pointer, revision)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(held.getvalue())
        return None
    destination.parent.mkdir(parents=True, exist_ok=True)
    with destination.open("wb") as handle:
        batch.body(blob, handle)
    return None


def _missing(blob: Blob, revision: str) -> Diagnostic:
    message = (
        f"the page at {revision} is git object {blob.oid}, which the repository lacks (a damaged or incomplete "
        "clone); skipped (`git fsck` lists what is missing; fetching again, git fetch --refetch, or a fresh clone "
        "restores it)"
    )
    return diag("GEN008", blob.path, 0, message)


def _in_lfs(blob: Blob, pointer: LfsPointer, revision: str) -> Diagnostic:
    message = (
        f"page is in Git LFS: what {revision} commits is a pointer ({pointer.describe()}), not the page; skipped "
        "(gen drift --git reads what git holds: check out each revision with its LFS objects, e.g. git worktree add "
        "DIR REV, then git lfs pull in DIR, and compare the folders: gen drift OLD_DIR NEW_DIR)"
    )
    return diag("GEN008", blob.path, 0, message)


class _Batch:
    """One ``git cat-file --batch``: one request written, then its answer read, in turn.

    Interleaved (cat-file flushes after each object), so neither side can block the other
    on a full pipe, and no thread is needed.
    """

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def request(self, blob: Blob) -> bool:
        """Ask for ``blob``: True when its content follows (read it with ``body``), False when git lacks it."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(blob.oid.encode("ascii") + b"\n")
            stdin.flush()
        except OSError:  # git is gone
            raise self.failed(blob) from None
        header = stdout.readline(1024).split()  # <oid> blob <size>, or <oid> missing
        if header[1:] == [b"missing"]:
            return False
        if len(header) != 3 or header[1] != b"blob" or header[2] != str(blob.size).encode():
            raise self.failed(blob, b" ".join(header).decode("utf-8", "replace"))
        return True

    def body(self, blob: Blob, handle: IO[bytes]) -> None:
        """The content that ``request`` announced, copied to ``handle`` in blocks."""
        stdout = self.process.stdout
        assert stdout is not None and blob.size is not None
        left = blob.size
        while left:
            block = stdout.read(min(left, _BLOCK))
            if not block:
                raise self.failed(blob)
            handle.write(block)
            left -= len(block)
        if stdout.read(1) != b"\n":
            raise self.failed(blob)

    def failed(self, blob: Blob, answer: str = "") -> SourceError:
        return SourceError(f"git cat-file could not read {blob.path} ({blob.oid}): {answer or 'no answer'}")


@contextlib.contextmanager
def _cat_file(root: Path) -> Iterator[_Batch]:
    command = ["git", "-C", str(root), "cat-file", "--batch"]
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise SourceError("git is not installed (needed for --git)") from None
    done = False
    try:
        yield _Batch(process)
        done = True
    finally:
        _close(process, done)


def _close(process: subprocess.Popen[bytes], done: bool) -> None:
    if not done:
        process.kill()  # an error or an interrupt: nothing more is wanted from git
    for pipe in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):
            if pipe is not None:
                pipe.close()  # the end of its input: cat-file exits
    process.wait()


# -- git ------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = _git_bytes(cwd, *args)
    # Paths in the output as the file system spells them; messages as readable text.
    return subprocess.CompletedProcess(done.args, done.returncode, os.fsdecode(done.stdout), done.stderr.decode("utf-8", "replace"))


def _git_bytes(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise SourceError("git is not installed (needed for --git)") from None


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"
