"""Where a command's result goes: a file (``-o``) or standard output.

An output file gen cannot write is a usage error (exit 2), never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path


class OutputError(Exception):
    """An output file could not be written; the message names it and why."""


def stdout_write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def emit(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output``, or print it when there is none."""
    if output is None:
        stdout_write(text)
        return
    write_file(output, text)


def write_file(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None


def check_writable(path: Path) -> None:
    """Raise OutputError now if ``path`` cannot be written, so that no run fails at its end."""
    reason = _unwritable(path)
    if reason:
        raise OutputError(f"cannot write {path}: {reason}")


def _unwritable(path: Path) -> str | None:
    import os

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
