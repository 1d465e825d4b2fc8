"""The standby: a process that does, while gen reads and resolves the docs, the part of a build
that needs no model, on the core the resolve leaves idle.

A build that can reuse its last output (``ahead``) keeps most files as the output holds them,
which it may only do for a file whose bytes are still what the lock recorded: reading and
hashing every file, a quarter of a second of a large tree's workers. And it formats the few
files it changed, which loads black in one of those workers first. Forked before the docs are
read, the standby hashes the output's files and loads black meanwhile; when the render starts
it tells which files are intact, then formats, on request, what a render worker sends while the
standby is free (a busy standby leaves the worker to format its file itself, so that a build
that changed many files formats them in every worker, as before).

Whatever goes wrong in the standby, the build does that work itself: it never writes a file,
and a build without it (``--jobs 1``, a platform that does not fork) is the same build.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..parallel import die_with_parent, workers_for, worker_signals
from .format import PARALLEL_FILES, FormatError, formatted_text
from .lock import Lock, file_hash, output_file_bytes

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


class Standby:
    """The parent's handle on the standby process (forked workers inherit it with the render's jobs)."""

    def __init__(self, pid: int, connection: Connection, turn: Any) -> None:
        self.pid = pid
        self.connection = connection
        self.turn = turn  # a lock: one request at a time on the one connection

    @classmethod
    def start(cls, out_dir: Path, lock: Lock | None, same_generator: bool, jobs: int | None) -> Standby | None:
        """The standby of a build whose render will likely run ahead (an output of this generator
        to reuse, large enough for workers), else None."""
        if lock is None or not same_generator or not hasattr(os, "fork"):
            return None
        if workers_for(jobs, len(lock.files) >= PARALLEL_FILES) < 2:
            return None
        import multiprocessing

        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        turn = context.Lock()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - (the forked process reports nothing to coverage)
            code = 1
            try:
                ours.close()
                die_with_parent(parent)
                worker_signals()
                _serve(theirs, out_dir, lock)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        return cls(pid, ours, turn)

    def intact(self) -> frozenset[str] | None:
        """The files of the last lock whose bytes in the output are what it recorded (None: the
        standby is gone, and the build reads the files itself)."""
        with self.turn:
            try:
                answer = self.connection.recv()
            except (OSError, EOFError):
                return None
        return answer if isinstance(answer, frozenset) else None

    def format(self, path: str, text: str) -> str:
        """black's text of a rendered file: by the standby when it is free, else here."""
        if self.turn.acquire(block=False):
            try:
                answer = self._ask(path, text)
            finally:
                self.turn.release()
            if isinstance(answer, str):
                return answer
        return formatted_text(path, text)  # (busy or gone; or black refused the text: here it says why)

    def _ask(self, path: str, text: str) -> object:
        try:
            self.connection.send((path, text))
            return self.connection.recv()
        except (OSError, EOFError, ValueError):
            return None

    def stop(self) -> None:
        """End the standby now (it holds nothing worth finishing) and reap it."""
        with contextlib.suppress(OSError):
            self.connection.close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(self.pid, 0)


def _serve(connection: Connection, out_dir: Path, lock: Lock) -> None:
    """In the standby: hash the output's files and load black, answer which files are intact,
    then format what is sent until the build ends."""
    intact = frozenset(path for path, entry in lock.files.items() if _hash_of(out_dir / path) == entry.get("sha256"))
    formatted_text("warm-up.py", "")  # (loads black)
    connection.send(intact)
    while True:
        try:
            path, text = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(formatted_text(path, text))
        except FormatError:
            connection.send(None)


def _hash_of(path: Path) -> str | None:
    try:
        return file_hash(output_file_bytes(path))
    except OSError:
        return None

