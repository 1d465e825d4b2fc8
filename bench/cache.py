"""Benchmark: the page parse cache (issue 25) on ``gen schema`` of the full beta tree.

    python bench/cache.py [--runs N] [--docs DIR] [--command schema|build] [--cache-parent DIR]

Four figures, each the median of ``--runs`` fresh processes (wall, and CPU of gen and its
workers): the cache off (``GEN_NO_CACHE=1``, the parse as before), a cold cache (emptied
before each run; the old one is set aside, not deleted), a warm cache (nothing changed),
and a warm cache after editing one page. It also counts the entries each run wrote (the
pages it parsed) and checks that every run printed the same bytes. The cache lives in a
scratch folder (``--cache-parent``, e.g. /dev/shm to leave the disk out), never in the user's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

from common import SHARED, cores, gen_command, size_mb

FULL = SHARED / "corpus" / "graph-beta-2021-07-full"
EDITED = Path("resources") / "intune-deviceconfig-macosvpnconfiguration.md"


def entries(cache: Path) -> set[str]:
    return {path.name for path in cache.glob("parse-*/*") if path.is_file() and not path.name.startswith(".")}


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of gen and its workers, sha256 of what it printed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, hashlib.sha256(done.stdout).hexdigest()


class Figures:
    """One kind of run: its wall and CPU times, and how many entries each run wrote."""

    def __init__(self, label: str, env: dict[str, str], before: Callable[[], None]) -> None:
        self.label, self.env, self.before = label, env, before
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.parsed: list[int] = []
        self.outputs: set[str] = set()

    def run(self, command: list[str], cache: Path) -> None:
        self.before()
        known = entries(cache)
        wall, cpu, output = run(command, self.env)
        self.walls.append(wall)
        self.cpus.append(cpu)
        self.parsed.append(len(entries(cache) - known))
        self.outputs.add(output)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    def show(self) -> None:
        print(
            f"{self.label:<34} median {self.median:6.2f} s (min {min(self.walls):.2f}, max {max(self.walls):.2f}, n={len(self.walls)})"
            f"  CPU {statistics.median(self.cpus):6.2f} s  pages parsed and stored {statistics.median(self.parsed):,.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=Path, default=FULL)
    parser.add_argument("--command", choices=("schema", "build"), default="schema")
    parser.add_argument("--cache-parent", type=Path, default=None, help="where the scratch cache goes (default: the system's temporary folder)")
    options = parser.parse_args()
    if not options.docs.is_dir():
        raise SystemExit(f"{options.docs} is absent: this benchmark needs the shared corpus")
    scratch = Path(tempfile.mkdtemp(prefix="gen-bench-cache-"))
    cache = Path(tempfile.mkdtemp(prefix="gen-bench-cache-", dir=options.cache_parent)) / "cache"
    try:
        docs = scratch / "docs"
        shutil.copytree(options.docs, docs)  # a copy: one of its pages is edited
        extra = ["-o", str(scratch / "sdk"), "--package", "graph_sdk", "--force"] if options.command == "build" else []
        command = gen_command(options.command, str(docs), *extra)
        cached = {**os.environ, "GEN_CACHE_DIR": str(cache)}
        cached.pop("GEN_NO_CACHE", None)
        pages = sum(1 for _ in docs.rglob("*.md"))
        print(f"gen {options.command}, {cores()} cores; {options.docs.name}: {pages:,} pages, {size_mb(docs):.1f} MB")
        page = docs / EDITED
        original = page.read_text(encoding="utf-8")

        def restore() -> None:
            page.write_text(original, encoding="utf-8")

        def empty() -> None:
            restore()
            # Set aside, not deleted: removing thousands of files just before a run slows its writes.
            if cache.exists():
                cache.rename(cache.with_name(f"cache-{time.time_ns()}"))

        def edit() -> None:
            page.write_text(original.replace("Identity certificate", f"Identity certificate ({time.time_ns()})", 1), encoding="utf-8")

        off = Figures("cache off (GEN_NO_CACHE=1)", {**cached, "GEN_NO_CACHE": "1"}, restore)
        cold = Figures("cold cache", cached, empty)
        warm = Figures("warm cache, nothing changed", cached, restore)
        edited = Figures("warm cache, one page edited", cached, edit)
        kinds = (off, cold, warm, edited)
        for _ in range(options.runs):  # round robin: a machine whose load drifts affects each kind alike
            for kind in kinds:
                kind.run(command, cache)
        for kind in kinds:
            kind.show()
        print(f"{'':<34} cold/off {cold.median / off.median:.2f}, warm/off {warm.median / off.median:.2f}, one page edited/off {edited.median / off.median:.2f}")
        same = len(off.outputs | cold.outputs | warm.outputs) == 1
        print(f"{'':<34} output of the unedited tree: {'byte-identical in every run' if same else 'DIFFERS between runs'}")
        size = sum(path.stat().st_size for path in cache.glob("parse-*/*")) / 1e6
        print(f"{'':<34} cache: {len(entries(cache)):,} entries, {size:.1f} MB")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(cache.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
