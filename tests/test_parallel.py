"""Work in a forked process while gen goes on (``parallel.in_background``: the parse cache's pack)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.parallel import in_background


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
