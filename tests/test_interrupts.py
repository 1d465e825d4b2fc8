"""Ctrl-C and SIGTERM at any stage of a build: act within seconds, no process left, output intact.

The build runs with standard error on a pseudo-terminal, so that its progress bar names
the stage it is in ("[3/4] format"); the signal is sent once that stage shows.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _read_until(fd: int, word: str, limit: float) -> str:
    seen = ""
    deadline = time.monotonic() + limit
    while word not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536).decode("utf-8", "replace")
            except OSError:
                break
    return seen


def _as_a_foreground_job() -> None:
    """In the child before exec: Ctrl-C at its default, as a terminal's foreground job has it.

    A shell without job control starts ``cmd &`` with SIGINT ignored, and an ignored signal
    stays ignored across exec; gen then rightly ignores Ctrl-C like any command would, and
    this test would wait for an exit that never comes when CI itself runs in the background.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize(("stage", "signum", "code"), [
    ("parse", signal.SIGINT, 130),
    ("render and format", signal.SIGINT, 130),
    ("render and format", signal.SIGTERM, 143),
])
def test_an_interrupt_acts_fast_and_leaves_the_output(
    corpus_2021: Path, tmp_path: Path, stage: str, signum: int, code: int
) -> None:
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "generator", "build", str(ROOT / "docs-input"), "-o", str(out)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = (out / "gen-lock.json").read_bytes()
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(corpus_2021), "-o", str(out), "--jobs", "2", "--force"],
        stdout=subprocess.DEVNULL, stderr=child, stdin=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True,
        env={**os.environ, "COLUMNS": "120"}, preexec_fn=_as_a_foreground_job,
    )
    os.close(child)
    try:
        seen = _read_until(main, f"] {stage}", 300)
        assert f"] {stage}" in seen, seen[-500:]
        time.sleep(0.5)  # well inside the stage, its workers busy
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # a terminal's Ctrl-C goes to the whole group
        else:
            process.send_signal(signum)  # kill PID: to gen alone, which must end its workers
        returned = process.wait(timeout=30)
        took = time.monotonic() - sent
        time.sleep(0.5)
        left = _group_alive(process.pid)
    finally:
        if process.poll() is None or _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        os.close(main)
    assert returned == code
    assert took < 2.5, f"took {took:.1f} s to act"
    assert not left, "a worker process outlived gen"
    assert (out / "gen-lock.json").read_bytes() == before
