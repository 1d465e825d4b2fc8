"""The standby: a process that does, while gen reads and resolves the docs, the part of a build
that needs no model, on the core the resolve leaves idle.

A build that can reuse its last output (``ahead``) keeps most files as the output holds them,
which it may only do for a file whose bytes are still what the lock recorded: reading and
hashing every file, a quarter of a second of a large tree's workers. And it formats the few
files it changed, which loads the format stage in one of those workers first. Forked before the
docs are read, the standby hashes the output's files and loads that stage meanwhile; when the render starts
it tells which files are intact, then formats, on request, what a render worker sends while the
standby is free (a busy standby leaves the worker to format its file itself, so that a build
that changed many files formats them in every worker, as before).

Whatever goes wrong in the standby, the build does that work itself: it never writes a file,
and a build without it (``--jobs 1``, a platform that does not fork) is the same build.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..parallel import forked
from .ahead import workers_ahead
from .format import FormatError, formatted_text
from .lock import Lock, file_hash, output_file_bytes

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

_TOKENS = itertools.count()  # (with the process's pid: a request's own token, in the parent and each worker)


class Standby:
    """The parent's handle on the standby process (forked workers inherit it with the render's jobs)."""

    def __init__(self, pid: int, connection: Connection, turn: Any) -> None:
        self.pid = pid
        self.connection = connection
        self.turn = turn  # a lock: one request at a time on the one connection

    @classmethod
    def start(cls, out_dir: Path, lock: Lock | None, same_generator: bool, jobs: int | None) -> Standby | None:
        """The standby of a build whose render will likely run ahead (an output of this generator
        to reuse, large enough for workers), else None (also where it cannot be started)."""
        if lock is None or not workers_ahead(jobs, len(lock.files), same_generator):  # (the last output's size: the next one's)
            return None
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
            ours, theirs = context.Pipe()
            turn = context.Lock()
        except (ValueError, OSError, ImportError):  # (no fork; no semaphores where /dev/shm is missing)
            return None
        pid = forked(functools.partial(_serve, theirs, ours, out_dir, lock))
        theirs.close()
        if pid is None:
            ours.close()
            return None
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
            if answer is not None:
                return answer
        return formatted_text(path, text)  # (busy or gone; or black refused the text: here it says why)

    def _ask(self, path: str, text: str) -> str | None:
        """The standby's text, when its answer is to this very request: a request cut short (which
        would leave its answer for the next) is never taken for another."""
        token = (os.getpid(), next(_TOKENS))
        try:
            self.connection.send((token, path, text))
            answer = self.connection.recv()
        except (OSError, EOFError, ValueError):
            return None
        if isinstance(answer, tuple) and len(answer) == 2 and answer[0] == token and isinstance(answer[1], str):
            return answer[1]
        return None

    def stop(self) -> None:
        """End the standby now (it holds nothing worth finishing) and reap it."""
        with contextlib.suppress(OSError):
            self.connection.close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(self.pid, 0)


def _serve(connection: Connection, theirs: Connection, out_dir: Path, lock: Lock) -> None:
    """In the standby: hash the output's files and load the format stage, answer which files are intact,
    then format what is sent (each answer with its request's token) until the build ends."""
    theirs.close()  # (the parent's end)
    intact = frozenset(path for path, entry in lock.files.items() if _hash_of(out_dir / path) == entry.get("sha256"))
    formatted_text("warm-up.py", "")  # (loads the layout stage; black loads with the first file left to it)
    connection.send(intact)
    while True:
        try:
            token, path, text = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send((token, formatted_text(path, text)))
        except FormatError:
            connection.send((token, None))


def _hash_of(path: Path) -> str | None:
    try:
        return file_hash(output_file_bytes(path))
    except OSError:
        return None

