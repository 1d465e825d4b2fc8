"""Benchmark: gen's commands run by a base revision and by this checkout, side by side.

    python bench/ab.py --base REV [--runs N] [--rows nochange,check,edit,lint,schema,cold]

A claim that a change made gen faster is a ratio of medians measured side by side. On a
machine shared with others, the same command can take a third longer from one minute to
the next, so two figures taken an hour apart (before, then after) say little. Here each
round runs both sides, in alternating order, and each row prints the two medians, their
ratio and the load; then the medians of the CPU seconds of gen and its workers, and their
ratio, which swing much less with the neighbours' load than the wall time does. The base runs from an extract of ``REV`` (``git archive``), this
checkout from its folder; both with their own bytecode (as installed), their own output
folder and their own cache folder, on the full beta tree (a copy, for the edited row).

Rows:
  nochange  gen build, nothing changed (the output settled: its hashes are remembered)
  check     gen check, nothing changed
  edit      gen build after one resource page gained a property row
  lint      gen lint --format json, warm cache; lint-cold: empty cache
  schema    gen schema, empty cache
  cold      gen build, empty output and empty cache (slow: minutes a round)

The ratio is this checkout's median over the base's: below 1 is faster. A base older
than the parse cache ignores the cache folder, so its warm and empty rows are the same.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from common import ROOT, SHARED, cores, extract, run_with_cpu

FULL = SHARED / "corpus" / "graph-beta-2021-07-full"
EDITED = Path("resources") / "intune-deviceconfig-macosvpnconfiguration.md"
ROW_MARK = "|authenticationMethod|"  # a row of EDITED's property table: the edit adds one below it
ROWS = ("nochange", "check", "edit", "lint", "lint-cold", "schema", "cold")
DEFAULT_ROWS = ("nochange", "check", "edit", "lint", "schema")


class Side:
    """One gen: its code's folder, and its own output and cache folders under the scratch folder."""

    def __init__(self, name: str, code: Path, scratch: Path) -> None:
        self.name = name
        self.code = code
        self.out = scratch / f"sdk-{name}"
        self.cache = scratch / f"cache-{name}"
        compileall.compile_dir(code / "generator", quiet=1)  # (as installed: bytecode read, not compiled per run)

    def run(self, *args: str) -> tuple[float, float]:
        """(wall seconds, CPU seconds of gen and its workers) of ``gen -q ARGS`` run by this side's code."""
        env = {**os.environ, "PYTHONPATH": str(self.code), "GEN_CACHE_DIR": str(self.cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("GEN_NO_CACHE", None)
        seconds, code, _, cpu = run_with_cpu([sys.executable, "-m", "generator", "-q", *args], cwd=self.code, env=env)
        if code not in (0, 1):  # 1 is lint's "findings" and check's "stale"
            sys.exit(f"{self.name}: gen {' '.join(args)} exited {code}")
        return seconds, cpu

    def empty_cache(self) -> None:
        if self.cache.exists():
            self.cache.rename(self.cache.with_name(f"{self.cache.name}-old-{time.time_ns()}"))  # (faster than deleting)


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def alternate(
    label: str, sides: tuple[Side, Side], runs: int, command: Callable[[Side], list[str]],
    before_round: Callable[[], None] | None = None, before_run: Callable[[Side], None] | None = None,
) -> None:
    """``runs`` rounds of both sides (the base first in odd rounds), then the medians and their
    ratio: of the wall time, and of the CPU time of gen and its workers."""
    times: dict[str, list[float]] = {side.name: [] for side in sides}
    cpu: dict[str, list[float]] = {side.name: [] for side in sides}
    started = load()
    for round_number in range(runs):
        if before_round:
            before_round()
        for side in sides if round_number % 2 == 0 else tuple(reversed(sides)):
            if before_run:
                before_run(side)
            seconds, cpu_seconds = side.run(*command(side))
            times[side.name].append(seconds)
            cpu[side.name].append(cpu_seconds)
    base, head = (statistics.median(times[side.name]) for side in sides)
    base_cpu, head_cpu = (statistics.median(cpu[side.name]) for side in sides)
    print(f"{label:<44} base {base:7.2f} s   this {head:7.2f} s   this/base {head / base:5.3f}   "
          f"cpu {base_cpu:6.2f} s -> {head_cpu:6.2f} s ({head_cpu / base_cpu:5.3f})   "
          f"(n={runs}; {started} -> {load()})", flush=True)


def build_args(tree: Path) -> Callable[[Side], list[str]]:
    return lambda side: ["build", str(tree), "-o", str(side.out), "--package", "graph_beta"]


def settled_outputs(sides: tuple[Side, Side]) -> None:
    """Both outputs built, and their hashes remembered (the first run after a build hashes every file)."""
    for side in sides:
        side.run(*build_args(FULL)(side))
    time.sleep(2.5)  # the outputs' files settle: the next run remembers their hashes
    for side in sides:
        side.run(*build_args(FULL)(side))


def row_nochange(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    settled_outputs(sides)
    alternate("gen build, nothing changed", sides, max(runs, 5), build_args(FULL))


def row_check(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    settled_outputs(sides)
    alternate("gen check, nothing changed", sides, max(runs, 5),
              lambda side: ["check", str(FULL), "-o", str(side.out), "--package", "graph_beta"])


def row_edit(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    """Each round adds a row to one page of a copy of the tree, then both sides build it."""
    tree = scratch / "edited"
    if not tree.exists():
        shutil.copytree(FULL, tree)
    page = tree / EDITED
    if ROW_MARK not in page.read_text(encoding="utf-8"):
        sys.exit(f"{EDITED} no longer holds the row {ROW_MARK!r} this row edits after")
    for side in sides:
        side.run(*build_args(tree)(side))

    def add_row() -> None:
        row = f"|benchRow{time.time_ns()}|String|A row the benchmark adds.|\n"
        page.write_text(page.read_text(encoding="utf-8").replace(ROW_MARK, row + ROW_MARK, 1), encoding="utf-8")

    alternate("gen build, one resource page gained a row", sides, runs, build_args(tree), before_round=add_row)


def lint_args(side: Side) -> list[str]:
    return ["lint", str(FULL), "--format", "json", "--fail-on", "none", "-o", str(side.out.with_suffix(".lint.json"))]


def row_lint(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    for side in sides:
        side.run(*lint_args(side))
    alternate("gen lint --format json, warm cache", sides, runs, lint_args)


def row_lint_cold(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    alternate("gen lint --format json, empty cache", sides, runs, lint_args, before_run=Side.empty_cache)


def row_schema(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    alternate("gen schema, empty cache", sides, runs,
              lambda side: ["schema", str(FULL), "--format", "json", "-o", str(side.out.with_suffix(".json"))],
              before_run=Side.empty_cache)


def row_cold(sides: tuple[Side, Side], runs: int, scratch: Path) -> None:
    def empty(side: Side) -> None:
        shutil.rmtree(side.out, ignore_errors=True)
        side.empty_cache()

    alternate("gen build, empty output and empty cache", sides, runs, build_args(FULL), before_run=empty)


def main() -> None:
    parser = argparse.ArgumentParser(description="gen's commands, a base revision beside this checkout, alternating")
    parser.add_argument("--base", required=True, help="the git revision to compare with (a commit, a tag, HEAD~3)")
    parser.add_argument("--runs", type=int, default=5, help="rounds per row (default 5; nochange and check take at least 5)")
    parser.add_argument("--rows", default=",".join(DEFAULT_ROWS), help="comma-separated, of: " + ", ".join(ROWS))
    args = parser.parse_args()
    rows = [row.strip() for row in args.rows.split(",")]
    unknown = [row for row in rows if row not in ROWS]
    if unknown:
        sys.exit(f"unknown rows {unknown}: choose from {', '.join(ROWS)}")
    if not FULL.is_dir():
        sys.exit(f"{FULL} is absent: this benchmark needs the shared corpus")
    scratch = Path(tempfile.mkdtemp(prefix="gen-bench-ab-"))
    base_code = extract(args.base)
    try:
        sides = (Side("base", base_code, scratch), Side("this", ROOT, scratch))
        print(f"{args.base} (base) beside this checkout on {FULL.name}, {cores()} cores")
        for row in rows:
            globals()[f"row_{row.replace('-', '_')}"](sides, args.runs, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(base_code, ignore_errors=True)


if __name__ == "__main__":
    main()
