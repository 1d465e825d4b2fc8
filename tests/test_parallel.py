"""Work in forked processes while gen goes on (``parallel.in_background``: the parse cache's pack;
``chunks_in_background``: render ahead, lint's examples)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.parallel import chunks_in_background, in_background


def _write_after(path: Path, seconds: float) -> None:
    time.sleep(seconds)
    path.write_text(str(os.getpid()))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked only where the platform forks them")
def test_the_work_runs_in_another_process_while_this_one_goes_on(tmp_path: Path) -> None:
    done = tmp_path / "done"
    wait = in_background(lambda: _write_after(done, 0.3))
    assert not done.exists()  # this process was not held up
    wait()
    assert done.read_text() != str(os.getpid())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked only where the platform forks them")
def test_a_failure_in_the_work_ends_its_process_and_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    def fails() -> None:
        raise RuntimeError("a bug in the work")

    in_background(fails)()
    assert capfd.readouterr() == ("", "")


def _slept(chunk: list[float]) -> tuple[int, float]:
    time.sleep(chunk[0])
    return os.getpid(), chunk[0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked only where the platform forks them")
def test_the_chunks_no_worker_has_started_run_here_once_this_process_asks_for_the_results() -> None:
    chunks = [[1.0], *([[0.0]] * 8)]
    steps: list[int] = []
    with chunks_in_background(_slept, chunks, 1) as running:
        results = running.results(lambda: steps.append(running.finished()))  # (the worker is still on its first chunk)
    assert [value for _, value in results] == [chunk[0] for chunk in chunks]  # in chunk order
    ran = [pid for pid, _ in results]
    assert ran[0] != os.getpid() and os.getpid() in ran
    assert ran[-1] == os.getpid() and steps == sorted(steps) and len(steps) == ran.count(os.getpid())  # (from the last)
    assert running.finished() == len(chunks)  # (progress counts the items run here too)
