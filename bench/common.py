"""Shared helpers for the benchmarks: timed runs of the real CLI, medians, peak memory.

Every figure is the median over several runs of a fresh ``python -m generator`` process,
with the peak resident memory of that process (its children included, e.g. parse and
format workers).
"""

from __future__ import annotations

import compileall
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS_2021 = SHARED / "corpus" / "graph-beta-2021-07"
CORPUS_2020 = SHARED / "corpus" / "graph-beta-2020-01"

# Runs the command and prints its peak RSS (KB), its children's included.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, max(usage.ru_maxrss, 0), usage.ru_utime + usage.ru_stime)\n"
)


def need_corpus() -> None:
    if not CORPUS_2021.is_dir():
        sys.exit(f"{CORPUS_2021} is absent: the benchmarks need the shared corpus")


def gen_command(*args: str) -> list[str]:
    """The command that runs gen (from this checkout), its bytecode as an installed gen has it."""
    _bytecode_as_installed()
    return [sys.executable, "-m", "generator", "-q", *args]


@functools.cache
def _bytecode_as_installed() -> None:
    """An installed gen reads its modules' bytecode (pip compiles a wheel's at install; an editable
    install writes it at the first import). Where PYTHONDONTWRITEBYTECODE is set (some shells and
    CI images set it), a checkout's gen compiled its modules again in every timed run: 0.09 s of
    a ``gen check`` that found nothing changed, 0.18 s of a build that renders an edited page.
    So gen's bytecode is written once, here, and the timed runs write what else they import."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # (gen's runs inherit the environment)
    compileall.compile_dir(ROOT / "generator", quiet=1)


def run_once(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """(wall seconds, exit code, peak RSS in MB) of one run (in ``cwd``, with ``env`` or this environment)."""
    elapsed, code, peak, _ = run_with_cpu(command, cwd, env)
    return elapsed, code, peak


def run_with_cpu(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[float, int, int, float]:
    """``run_once``'s figures and the CPU seconds (user and system) of the run's processes: on a
    shared machine the wall time swings with the neighbours' load, the CPU time much less."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, cwd=cwd, env=env)
    elapsed = time.perf_counter() - started
    code, rss_kb, cpu = result.stdout.split()
    return elapsed, int(code), int(rss_kb) // 1024, float(cpu)


def extract(revision: str) -> Path:
    """The tree of ``revision`` of this repository in a temporary folder (no .git: only the files)."""
    target = Path(tempfile.mkdtemp(prefix="gen-base-"))
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def measure(label: str, command: list[str], runs: int = 5, before: object = None) -> dict[str, float]:
    times: list[float] = []
    peaks: list[int] = []
    code = 0
    for _ in range(runs):
        if callable(before):
            before()
        elapsed, code, peak = run_once(command)
        times.append(elapsed)
        peaks.append(peak)
    median = statistics.median(times)
    print(f"{label:<44} median {median:6.2f} s  (min {min(times):.2f}, max {max(times):.2f}, n={runs})  peak {max(peaks)} MB  exit {code}")
    return {"median": median, "min": min(times), "max": max(times), "peak_mb": max(peaks)}


def half_tree(source: Path) -> Path:
    """Every other page of a tree, in a temporary folder (for the linearity check)."""
    target = Path(tempfile.mkdtemp(prefix="gen-bench-half-"))
    pages = sorted(p for p in source.rglob("*.md"))
    for page in pages[::2]:
        destination = target / page.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, destination)
    return target


def size_mb(folder: Path, suffix: str = "") -> float:
    return sum(p.stat().st_size for p in folder.rglob(f"*{suffix}") if p.is_file()) / 1e6


def cores() -> int:
    return os.cpu_count() or 1
