"""How a run of ``gen`` ends: the documented exit codes, and what each outcome says.

Exit codes (documented in the README and in ``gen --help``):

* 0: success;
* 1: the check failed: stale SDK (check), findings at ``--fail-on`` (lint), changes at
  ``--fail-on`` (drift), a lossless round trip or replay failed (test);
* 2: usage or input error: bad option, missing docs folder, bad configuration; a module gen
  needs that this Python lacks;
* 3: internal error in gen (a bug: the message says how to report it);
* 130: interrupted (Ctrl-C); 143: terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

import click

from . import missing_module
from .report import output as report_output
from .sources import MetadataError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 3, 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM: the interrupt path (staging and scratch removed by their finally blocks), exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def prepare_environment() -> None:
    """Text output never fails on an encoding: unencodable characters are escaped, not fatal."""
    import signal

    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    signal.signal(signal.SIGTERM, _on_sigterm)


# What main catches as an outcome rather than a bug (the classes of its first except clause).
_Outcome = (
    KeyboardInterrupt | click.Abort | click.exceptions.Exit | click.ClickException | MetadataError | OSError
    | report_output.OutputError
)


def exit_code(error: _Outcome) -> int:
    """Say how the run ended (by the family of the outcome) and give its exit code."""
    if isinstance(error, (KeyboardInterrupt, click.Abort)):
        return _interrupted(error)
    if isinstance(error, click.exceptions.Exit):
        return error.exit_code
    if isinstance(error, MetadataError):  # an input error: nothing was written
        _say(f"gen: {error}\nFix the metadata file, or leave out --metadata (and [tool.gen] metadata).")
        return EXIT_USAGE
    if isinstance(error, click.ClickException):  # a UsageError too
        error.show()
        return EXIT_USAGE
    return _environment_failed(error)


def _interrupted(error: KeyboardInterrupt | click.Abort) -> int:
    if isinstance(error, Terminated):
        click.echo("gen: terminated", err=True)
        return EXIT_TERMINATED
    # click wraps KeyboardInterrupt (and so Terminated) in Abort
    terminated = isinstance(error.__cause__ if isinstance(error, click.Abort) else error, Terminated)
    _say("gen: terminated" if terminated else "gen: interrupted")
    return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED


def _environment_failed(error: OSError | report_output.OutputError) -> int:
    if isinstance(error, BrokenPipeError):
        return EXIT_OK
    if isinstance(error, report_output.OutputError):  # standard output closed or failing
        _say(f"gen: {error}")
    else:  # the environment, not gen: a full disk, a read-only folder, a full TMPDIR
        where = f" {error.filename}" if error.filename else ""
        _say(f"gen: cannot use{where}: {error.strerror or error}")
    return EXIT_USAGE


def exit_at_once(code: int) -> NoReturn:
    """After Ctrl-C or SIGTERM: staging and scratch are gone (finally blocks ran), so skip the
    interpreter's exit hooks. The process pool's hook joins its manager thread, which waits
    forever for the rest of a result that a stopped worker was half-way through sending; and
    the workers die with this process anyway (``parallel.die_with_parent``)."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr may be closed too
        click.echo(message, err=True)


def internal_error(error: Exception) -> int:
    """A bug in gen: one message saying how to report it (the traceback only with GEN_DEBUG=1).
    A module gen imports that this Python lacks is no bug but an installation to mend: exit 2."""
    missing = missing_module(error) if isinstance(error, ModuleNotFoundError) else None
    if missing is not None:
        _say(missing)
        return EXIT_USAGE
    click.echo(
        f"gen: internal error: {type(error).__name__}: {error}\n"
        "This is a bug in gen. Re-run with GEN_DEBUG=1 for a traceback and report it.",
        err=True,
    )
    return EXIT_INTERNAL


def debugging() -> bool:
    return os.environ.get("GEN_DEBUG") == "1"
