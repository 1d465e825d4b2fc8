"""Benchmark: every row of issue 25's table on the full beta tree, each figure beside its goal.

    python bench/goals.py [--runs N] [--rows build,edit,nochange,schema,lint,import]

Each figure is the median of ``--runs`` fresh ``python -m generator`` processes (wall
seconds, peak memory of the process and its workers), with the machine's load before the
row. The parse cache lives in a scratch folder: "empty" means that folder was emptied, so
an empty-output build parses every page. The last column says whether the goal is met.

The goals are seconds on the machine the issue was measured on. On another machine,
``python bench/ab.py --base 03e211e --rows nochange,check,edit,lint-cold,cold`` runs the code
the issue measured (``03e211e``) beside this checkout: each goal is then the ratio of the
goal to the issue's figure for that row (an edited page: 3 s of 18 s, 0.167).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from common import CORPUS_2021, SHARED, cores, gen_command, run_once

FULL = SHARED / "corpus" / "graph-beta-2021-07-full"
EDITED = Path("resources") / "intune-deviceconfig-macosvpnconfiguration.md"
ROW_MARK = "|authenticationMethod|"  # a row of EDITED's property table: the edit adds one below it
ROWS = ("build", "size", "edit", "nochange", "schema", "lint", "import")


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def report(row: str, figure: str, goal: str, met: bool) -> None:
    print(f"{row:<52} {figure:<28} goal {goal:<16} {'met' if met else 'NOT MET'}   ({load()})", flush=True)


def median_run(command: list[str], runs: int, before: Callable[[], None] | None = None) -> tuple[float, int]:
    """(median wall seconds, highest peak MB) of ``runs`` runs; a failing run stops the benchmark."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        elapsed, code, peak = run_once(command)
        if code not in (0, 1):  # 1 is lint's "findings" and check's "stale"
            sys.exit(f"{' '.join(command)} exited {code}")
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


class Scratch:
    """A scratch cache and output folder; the cache is set aside (not deleted: that is slow) when emptied."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="gen-bench-goals-"))
        self.cache = self.root / "cache"
        self.out = self.root / "sdk"
        os.environ["GEN_CACHE_DIR"] = str(self.cache)  # gen's children inherit it
        os.environ.pop("GEN_NO_CACHE", None)

    def empty_cache(self) -> None:
        if self.cache.exists():
            self.cache.rename(self.root / f"old-cache-{time.time_ns()}")

    def empty_output(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        self.empty_cache()


def row_build(scratch: Scratch, runs: int) -> None:
    command = gen_command("build", str(FULL), "-o", str(scratch.out), "--package", "graph_beta")
    seconds, peak = median_run(command, runs, scratch.empty_output)
    report("gen build, empty output and empty cache", f"{seconds:6.1f} s, {peak} MB", "< 40 s, < 600 MB", seconds < 40 and peak < 600)


def row_size(scratch: Scratch, runs: int) -> None:
    """Lines the build formats: per model and per path node (each line costs black time on a cold build)."""
    package = scratch.out / "graph_beta"
    if not package.is_dir():
        run_once(gen_command("build", str(FULL), "-o", str(scratch.out), "--package", "graph_beta"))
    for folder in ("models", "paths"):
        modules = [p for p in (package / folder).rglob("*.py") if p.name != "__init__.py"]
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in modules)
        print(f"{'lines per ' + folder[:-1] + ' module':<52} {lines / len(modules):6.1f}  ({len(modules)} modules, {lines:,} lines)", flush=True)
    total = sum(p.read_text(encoding="utf-8").count("\n") for p in package.rglob("*.py"))
    print(f"{'lines of the whole SDK':<52} {total:,}", flush=True)


def row_edit(scratch: Scratch, runs: int) -> None:
    """A copy of the tree whose one resource page gains a property row before each run."""
    tree = scratch.root / "edited"
    if not tree.exists():
        shutil.copytree(FULL, tree)
    page = tree / EDITED
    original = page.read_text(encoding="utf-8")
    if ROW_MARK not in original:
        sys.exit(f"{EDITED} no longer holds the row {ROW_MARK!r} this row edits after")
    command = gen_command("build", str(tree), "-o", str(scratch.out), "--package", "graph_beta")
    run_once(command)  # the output and cache of the unedited tree

    def add_row() -> None:
        row = f"|benchRow{time.time_ns()}|String|A row the benchmark adds.|\n"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(ROW_MARK, row + ROW_MARK, 1), encoding="utf-8")

    seconds, peak = median_run(command, runs, add_row)
    report("gen build, one resource page gained a row", f"{seconds:6.2f} s, {peak} MB", "< 3 s", seconds < 3)
    page.write_text(original, encoding="utf-8")
    run_once(command)


def row_nochange(scratch: Scratch, runs: int) -> None:
    """The first run after a build hashes every file; it remembers the hashes of files that had
    settled (written over 2 s before), so the runs after it read none (docs/hashes.py)."""
    build = gen_command("build", str(FULL), "-o", str(scratch.out), "--package", "graph_beta")
    run_once(build)
    time.sleep(2.5)  # the output's files settle
    first, _, _ = run_once(build)
    report("gen build, nothing changed, first run after a build", f"{first:6.2f} s", "< 0.5 s", first < 0.5)
    seconds, _ = median_run(build, max(runs, 5))
    report("gen build, nothing changed", f"{seconds:6.2f} s", "< 0.5 s", seconds < 0.5)
    seconds, _ = median_run(gen_command("check", str(FULL), "-o", str(scratch.out), "--package", "graph_beta"), max(runs, 5))
    report("gen check, nothing changed", f"{seconds:6.2f} s", "< 0.5 s", seconds < 0.5)


def markdown_it_seconds(pages: Path, runs: int) -> float:
    """A plain markdown-it-py parse of every page, in one process, as gen configures it."""
    code = (
        "import time, pathlib; from markdown_it import MarkdownIt\n"
        "md = MarkdownIt('commonmark', {'html': True}).enable('table')\n"
        f"texts = [p.read_text(encoding='utf-8', errors='replace') for p in sorted(pathlib.Path({str(pages)!r}).rglob('*.md'))]\n"
        "t = time.perf_counter()\n"
        "for text in texts: md.parse(text)\n"
        "print(time.perf_counter() - t)\n"
    )
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(runs)]
    return statistics.median(times)


def row_schema(scratch: Scratch, runs: int) -> None:
    for tree, label in ((FULL, "full beta"), (CORPUS_2021, "2,524 pages")):
        command = gen_command("schema", str(tree), "-o", str(scratch.root / "schema.json"))
        cold, _ = median_run(command, runs, scratch.empty_cache)
        warm, _ = median_run(command, runs)
        plain = markdown_it_seconds(tree, runs)
        report(f"gen schema, {label}, empty cache", f"{cold:6.2f} s, {cold / plain:.2f}x markdown-it", "0.5x", cold / plain <= 0.5)
        report(f"gen schema, {label}, warm cache", f"{warm:6.2f} s, {warm / plain:.2f}x markdown-it", "0.5x", warm / plain <= 0.5)


def row_lint(scratch: Scratch, runs: int) -> None:
    command = gen_command("lint", str(FULL), "--format", "json", "--fail-on", "none")
    cold, _ = median_run(command, runs, scratch.empty_cache)
    warm, _ = median_run(command, runs)
    report("gen lint (json), empty cache", f"{cold:6.2f} s", "< 10 s", cold < 10)
    report("gen lint (json), warm cache", f"{warm:6.2f} s", "< 10 s", warm < 10)


def row_import(scratch: Scratch, runs: int) -> None:
    sdk = scratch.root / "sdk-2021"
    subprocess.run(gen_command("build", str(CORPUS_2021), "-o", str(sdk), "--package", "pkg"), check=True)
    code = (
        "import sys, time; t = time.perf_counter()\n"
        "import pkg.models.mac_os_vpn_configuration\n"
        "print(time.perf_counter() - t, sum(1 for name in sys.modules if name.startswith('pkg')))\n"
    )
    # As after an install: bytecode written once (pip compiles it), then read by every import.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], cwd=sdk, env=env, capture_output=True, check=True)
    results = [subprocess.run([sys.executable, "-c", code], cwd=sdk, env=env, capture_output=True, text=True, check=True).stdout.split()
               for _ in range(max(runs, 7))]
    ms = statistics.median(float(seconds) for seconds, _ in results) * 1000
    report("import one model (2,524-page SDK)", f"{ms:6.1f} ms, {results[0][1]} modules", "< 60 ms", ms < 60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", default=",".join(ROWS), help="which rows, comma-separated: " + ", ".join(ROWS))
    args = parser.parse_args()
    if not FULL.is_dir():
        sys.exit(f"{FULL} is absent: this benchmark needs the shared corpus")
    scratch = Scratch()
    print(f"issue 25's goals on {FULL.name}, {cores()} cores, medians of {args.runs} runs")
    try:
        for row in args.rows.split(","):
            globals()[f"row_{row.strip()}"](scratch, args.runs)
    finally:
        shutil.rmtree(scratch.root, ignore_errors=True)


if __name__ == "__main__":
    main()
