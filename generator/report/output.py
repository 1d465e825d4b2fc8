"""Where a command's result goes: a file (``-o``) or standard output.

An output file gen cannot write is a usage error (exit 2), never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output file could not be written; the message names it and why."""


def stdout_write(text: str) -> None:
    if sys.stdout is None:  # started with standard output closed (gen ... >&-)
        raise OutputError("cannot write the result: standard output is closed (redirect it, or use -o FILE)")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write the result to standard output: {error.strerror or error}") from None


def emit(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output``, or print it when there is none."""
    if output is None:
        stdout_write(text)
        return
    write_file(output, text)


def write_file(path: Path, text: str) -> None:
    """Write beside ``path`` and rename: a full disk or a kill never leaves half a file."""
    try:
        _replace(path, text.encode("utf-8"))
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except RuntimeError:  # Path.resolve of a symlink loop
        raise OutputError(f"cannot write {path}: it is a symlink loop") from None


def _replace(path: Path, data: bytes) -> None:
    target = path.resolve() if path.is_symlink() else path  # a link to the report stays a link
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        with open(target, "wb") as special:  # /dev/null, /dev/stdout, a FIFO: not replaced, written
            special.write(data)
        return
    descriptor, scratch = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".gen-tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = os.stat(target).st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(scratch, mode)
        os.replace(scratch, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path) -> None:
    """Raise OutputError now if ``path`` cannot be written, so that no run fails at its end."""
    reason = _unwritable(path)
    if reason:
        raise OutputError(f"cannot write {path}: {reason}")


def _unwritable(path: Path) -> str | None:
    if path.is_dir():
        return "it is a folder"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return "its folder does not exist" if not parent.exists() else "its parent is not a folder"
    if path.exists() and not os.access(path, os.W_OK):
        return "permission denied"
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        return "permission denied (its folder is not writable)"
    return None
