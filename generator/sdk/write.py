"""Write stage: replace the output folder atomically, keep what gen did not make.

The new output is staged in a folder beside the output and swapped in with one
``renameat2(RENAME_EXCHANGE)`` (Linux) or two renames elsewhere, so a build killed at
any moment leaves the previous output complete; a later build finishes or undoes a
half-done swap before it starts. Files in the output folder that the previous build
did not write (a user's notes, a virtualenv) are carried over by hard link. The lock
file records what gen wrote, so that only those files are ever replaced or removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Collection, Iterable, Iterator, Mapping

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, builds are not serialised
    fcntl = None  # type: ignore[assignment]

import attrs

from .lock import LOCK_NAME, Lock, file_hash

_STAGING = ".gen-staging"
_RETIRED = ".gen-retired"


class WriteError(Exception):
    """The output folder cannot be written safely; the message says what to do."""


@attrs.frozen
class WriteResult:
    changed: list[str]
    removed: list[str]
    kept_user_files: int
    swapped: bool


LOCK_WAIT_SECONDS = 120.0  # a write phase takes seconds; longer means a stuck build


def recover(out_dir: Path) -> None:
    """Finish or undo what a killed build left beside the output folder.

    Only when no live build holds the output's lock: its staging folder is not litter.
    """
    out_dir = real_output(out_dir)
    with _output_lock(out_dir, wait=0) as held:
        if held:
            _recover(out_dir)


def _recover(out_dir: Path) -> None:
    staging, retired = _siblings(out_dir)
    if not out_dir.exists() and retired.exists():
        os.rename(retired, out_dir)  # killed between the two renames: the old output returns
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


def write_output(
    out_dir: Path, files: Mapping[str, bytes], lock: Lock, force: bool = False, kept: Collection[str] = ()
) -> WriteResult:
    """Make ``out_dir`` hold exactly ``files`` and the ``kept`` files as they are, plus the lock,
    plus the user's own files. ``kept`` are files of the output that the build found as it
    would write them (their bytes checked against the last lock): not read again.

    Under an exclusive lock: two builds into one output would remove each other's staging.
    """
    out_dir = real_output(out_dir)
    with _output_lock(out_dir, wait=LOCK_WAIT_SECONDS) as held:
        if not held:
            raise WriteError(
                f"{out_dir} is busy: another gen build is writing it (waited {LOCK_WAIT_SECONDS:.0f} s); "
                "try again when it is done"
            )
        _recover(out_dir)
        return _write_locked(out_dir, files, lock, force, set(kept))


def real_output(out_dir: Path) -> Path:
    """The output folder to swap: a symlink to a folder is followed, so the link stays a link."""
    out_dir = out_dir.absolute()
    if not out_dir.is_symlink():
        return out_dir
    try:
        target = out_dir.resolve(strict=True)
    except (OSError, RuntimeError):
        raise WriteError(f"{out_dir} is a symlink that leads nowhere (or in a loop); choose another output with -o") from None
    if not target.is_dir():
        raise WriteError(f"{out_dir} is a symlink to {target}, which is not a folder; choose another output with -o")
    return target


@contextlib.contextmanager
def _output_lock(out_dir: Path, wait: float) -> Iterator[bool]:
    """An exclusive flock on the output's parent folder (it survives the swap; the kernel drops it on death)."""
    try:
        descriptor = os.open(out_dir.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield True  # no parent to lock: the write itself reports why
        return
    try:
        yield _acquire(descriptor, wait)
    finally:
        os.close(descriptor)  # releases the lock


def _acquire(descriptor: int, wait: float) -> bool:
    if fcntl is None:
        return True
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        except OSError:
            return True  # a file system without locks: as before


def _write_locked(out_dir: Path, files: Mapping[str, bytes], lock: Lock, force: bool, kept: set[str]) -> WriteResult:
    previous = Lock.read(out_dir) if out_dir.exists() else None
    _refuse_foreign(out_dir, previous, force)
    _refuse_changed_under(out_dir, previous, lock, kept)
    for path in [*files, *kept]:
        _check_relative(path)
    all_files = {**files, LOCK_NAME: lock.to_json().encode("utf-8")}
    generated = set(all_files) | kept
    owned = set(previous.files) | {LOCK_NAME} if previous else {LOCK_NAME}
    user_files = [p for p in _existing_files(out_dir) if p not in owned] if out_dir.exists() else []
    # A user's file (or symlink) where gen writes a file, or where gen needs a folder.
    clashes = sorted(set(user_files) & (generated | _folders(generated))) if user_files else []
    if clashes:
        raise WriteError(
            f"{out_dir / clashes[0]} was not written by gen, but gen now generates it; "
            "move it away (or delete it) and build again"
        )
    # (string paths: thousands of files, and a Path costs more than the check)
    changed = [p for p in sorted(files) if _differs(os.path.join(out_dir, p), files[p])]  # generated files, not the lock
    removed = sorted(set(previous.files) - set(files) - kept) if previous else []
    lock_changed = _differs(os.path.join(out_dir, LOCK_NAME), all_files[LOCK_NAME])
    if not changed and not removed and not lock_changed and out_dir.exists():
        return WriteResult([], [], len(user_files), swapped=False)
    staging, retired = _siblings(out_dir)
    unchanged = set(files) - set(changed)  # (all changed when there is no output yet)
    try:
        _stage(staging, all_files, out_dir, user_files, unchanged, kept)
        _swap(staging, out_dir, retired)
    finally:
        for leftover in (staging, retired):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
    return WriteResult(changed, removed, len(user_files), swapped=True)


def _refuse_changed_under(out_dir: Path, previous: Lock | None, lock: Lock, kept: set[str]) -> None:
    """A kept file is linked unread, as the lock the build started from recorded it: when another
    build has written the output since (its lock, read again here, says other bytes), linking it
    would record bytes that are not there."""
    recorded = previous.files if previous is not None else {}
    for path in kept:
        if recorded.get(path, {}).get("sha256") != lock.files.get(path, {}).get("sha256"):
            raise WriteError(f"{out_dir} changed while this build ran (another build wrote it); build again")


def _siblings(out_dir: Path) -> tuple[Path, Path]:
    # Beside the output, on the same file system, so that the swap is a rename.
    return (
        out_dir.parent / f".{out_dir.name}{_STAGING}",
        out_dir.parent / f".{out_dir.name}{_RETIRED}",
    )


def _refuse_foreign(out_dir: Path, previous: Lock | None, force: bool) -> None:
    if not out_dir.exists() or previous is not None or force:
        if out_dir.exists() and not out_dir.is_dir():
            raise WriteError(f"{out_dir} exists and is not a folder; choose another output with -o")
        return
    if any(out_dir.iterdir()):
        raise WriteError(
            f"{out_dir} is not empty and was not written by gen (it has no {LOCK_NAME}); "
            "choose an empty or new folder with -o, or pass --force to build into it"
        )


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


def _check_relative(path: str) -> None:
    """Generated paths come from sanitised names; this is the last line of defence."""
    if _PLAIN_PATH.fullmatch(path):  # (no segment starts with a dot: neither "." nor "..")
        return  # (the common case, without building a Path: thousands of files)
    parts = Path(path).parts
    if Path(path).is_absolute() or not parts or any(part in ("..", ".", "") for part in parts):
        raise WriteError(f"refusing to write {path!r}: not a plain relative path (a bug in gen)")


def _existing_files(folder: Path) -> list[str]:
    """Every file (and symlink) below ``folder``, as relative posix paths, walk order."""
    found: list[str] = []
    for directory, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        relative = Path(os.path.relpath(directory, folder)).as_posix()
        prefix = "" if relative == "." else relative + "/"
        found += [prefix + name for name in sorted(filenames)]
        for name in list(dirnames):
            if os.path.islink(os.path.join(directory, name)):
                found.append(prefix + name)
                dirnames.remove(name)
    return found


def _differs(path: str, data: bytes) -> bool:
    try:
        if os.path.islink(path):
            return True
        with open(path, "rb") as handle:
            return handle.read() != data
    except OSError:
        return True


def _stage(
    staging: Path, files: Mapping[str, bytes], out_dir: Path, user_files: list[str], unchanged: set[str], kept: set[str]
) -> None:
    """The new output beside the old: changed files written, the ``unchanged`` ones (their bytes
    are the old file's) linked to the old file where the file system allows, as the user's are;
    the ``kept`` ones, whose bytes were not read, linked or else copied from the old output."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for folder in sorted(_folders([*files, *kept])):  # (parents first: each folder made once, not once a file)
        (staging / folder).mkdir()
    for relative, data in files.items():
        target = os.path.join(staging, relative)
        if relative in unchanged and _linked(os.path.join(out_dir, relative), target):
            continue
        with open(target, "wb") as handle:
            handle.write(data)
    for relative in sorted(kept):
        source, target = os.path.join(out_dir, relative), os.path.join(staging, relative)
        if not _linked(source, target):
            shutil.copyfile(source, target)
    for relative in user_files:
        _carry(out_dir / relative, staging / relative)


def _folders(paths: Iterable[str]) -> set[str]:
    """Every folder the relative posix ``paths`` lie in (``a/b/c.py``: ``a`` and ``a/b``)."""
    found: set[str] = set()
    for path in paths:
        parent = path.rpartition("/")[0]
        while parent and parent not in found:
            found.add(parent)
            parent = parent.rpartition("/")[0]
    return found


def _linked(source: str | Path, target: str | Path) -> bool:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def _carry(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif not _linked(source, target):
        shutil.copy2(source, target)


def _swap(staging: Path, out_dir: Path, retired: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        os.rename(staging, retired)  # staging now holds the old output
        shutil.rmtree(retired, ignore_errors=True)
        return
    os.rename(out_dir, retired)
    os.rename(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # (here: a build that writes nothing, and gen check, never load it)

    libc = ctypes.CDLL(None, use_errno=True)  # (the process's own symbols, libc's among them)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))
