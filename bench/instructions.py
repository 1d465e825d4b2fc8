"""Benchmark: the instructions a cold parse, or lint's rules, cost: a base revision beside this
checkout (needs valgrind).

    python bench/instructions.py --base REV [--every N]
    python bench/instructions.py --base REV --stage rules

On a machine shared with others, the same parse takes a third longer from one minute to the
next, and its CPU time swings almost as much: a change that saves 3% cannot be seen in
seconds. The count of instructions the process runs can: valgrind's callgrind counts them
exactly, and with a fixed hash seed two runs of the same code count the same to a few parts in
ten thousand. For each side this parses pages as a cold ``gen lint``'s worker does (the facts,
the links, the chunk pickled to be shipped): every Nth page of the full beta tree, then in
another process the same pages and as many others (the pages halfway between). The difference
is what the others cost, without the process's start and its imports, and with gen's caches as
a worker's later chunks find them: warmed by other pages, not by these (a parse of the same
pages again would find every cached reading and count none of what a cache saves or misses).
A side's code is its ``generator.docs.load._parse_chunk``: a base older than it cannot be
measured here.

Under valgrind a parse runs about fifty times slower: every 20th page (about 400) takes one to
two minutes a run, four runs in all.

``--stage rules`` counts ``gen lint``'s rules instead (``lint_model``: every rule, the
suppressions, the order of the findings), in one process, over the full tree's model, its
pages' links and its files: loaded once by this checkout, pickled, and unpickled by each side
with and without the rules (the difference is the rules). The sides' model classes must
pickle alike. Four runs of three to six minutes, two at a time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, SHARED, extract

FULL = SHARED / "corpus" / "graph-beta-2021-07-full"

# What runs under valgrind, in a side's code: the parse of ``samples`` disjoint samples of the
# tree (every Nth page; then the pages halfway between those), one after the other.
_PARSE = """
import importlib, sys
from pathlib import Path
load = importlib.import_module("generator.docs.load")
from generator.docs.cache import open_cache
from generator.docs.read import Limits, list_page_files, read_page
root, every, samples = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
limits = Limits()
files, _ = list_page_files(root, limits.suffixes)
store = open_cache(limits.max_example_bytes, True)
for offset in (0, every // 2)[:samples]:
    pages = [page for page, _ in (read_page(file, limits.max_page_bytes) for file in files[offset::every]) if page]
    load._parse_chunk(pages, limits, True, store, True)
"""
# The lint's input, loaded by this checkout and pickled for both sides.
_LINT_INPUT = """
import pickle, sys
from pathlib import Path
from generator.docs.load import load
from generator.lint.links import tree_files
root = Path(sys.argv[1])
loaded = load(root, scan=True, cache=False)
pages = {scan.path: scan.links for scan in loaded.scans}
sys.setrecursionlimit(100000)
with open(sys.argv[2], "wb") as handle:
    pickle.dump((loaded.model, pages, tree_files(root)), handle, protocol=5)
"""

# What runs under valgrind, in a side's code: the lint's input unpickled; with "rules", linted
# in this one process (no workers: valgrind counts this process).
_RULES = """
import pickle, sys
sys.setrecursionlimit(100000)
with open(sys.argv[1], "rb") as handle:
    model, pages, tree = pickle.load(handle)
if sys.argv[2] == "rules":
    from generator.lint import gather
    from generator.lint.rules import lint_model
    gather.PARALLEL_EXAMPLES = 1 << 60
    print(len(lint_model(model, pages, tree).findings))
"""
_COUNT = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(code: Path, every: int, samples: int, cache: Path) -> int:
    """The instructions a process runs that parses ``samples`` samples of the tree with ``code``."""
    return _counted(code, ["-c", _PARSE, str(FULL), str(every), str(samples)], {"GEN_CACHE_DIR": str(cache)})


def _counted(code: Path, arguments: list[str], extra: dict[str, str]) -> int:
    """The instructions of ``python ARGUMENTS`` with ``code``, under valgrind."""
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONHASHSEED": "0", **extra}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, *arguments]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=code)
    found = _COUNT.search(result.stderr)
    if result.returncode != 0 or found is None:
        sys.exit(f"the run failed under valgrind ({code}):\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def rules_counts(base: Path, scratch: Path) -> dict[str, int]:
    """Each side's instructions for the lint's rules: with them, less without (two runs at a time)."""
    lint_input = scratch / "lint-input.pickle"
    subprocess.run([sys.executable, "-c", _LINT_INPUT, str(FULL), str(lint_input)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    runs = [(name, code, mode) for name, code in (("base", base), ("this", ROOT)) for mode in ("rules", "none")]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        counted = pool.map(lambda run: _counted(run[1], ["-c", _RULES, str(lint_input), run[2]], {}), runs)
        totals = {(name, mode): count for (name, _, mode), count in zip(runs, counted)}
    return {name: totals[name, "rules"] - totals[name, "none"] for name in ("base", "this")}


def per_parse(code: Path, every: int, cache: Path) -> int:
    """What the second sample's parse costs, after the first's."""
    return instructions(code, every, 2, cache) - instructions(code, every, 1, cache)


def main() -> None:
    parser = argparse.ArgumentParser(description="instructions per cold parse, a base revision beside this checkout")
    parser.add_argument("--base", required=True, help="the git revision to compare with (a commit, a tag, HEAD~3)")
    parser.add_argument("--every", type=int, default=20, help="parse every Nth page of the full tree (default 20)")
    parser.add_argument("--stage", choices=("parse", "rules"), default="parse",
                        help="what to count: a cold parse (default), or lint's rules over the full tree's model")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: this benchmark counts instructions with it (apt install valgrind)")
    if not FULL.is_dir():
        sys.exit(f"{FULL} is absent: the benchmark needs the shared corpus")
    base = extract(options.base)
    try:
        with tempfile.TemporaryDirectory(prefix="gen-instructions-") as scratch:
            if options.stage == "rules":
                counts = rules_counts(base, Path(scratch))
            else:
                counts = {name: per_parse(code, options.every, Path(scratch) / name) for name, code in (("base", base), ("this", ROOT))}
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if options.stage == "rules":
        print(f"{options.base} (base) beside this checkout: gen lint's rules over the model of {FULL.name}, in one process")
    else:
        print(f"{options.base} (base) beside this checkout: the parse of every {options.every}th page of {FULL.name}, "
              f"after that of as many others")
    print(f"instructions  base {counts['base'] / 1e6:,.0f} M   this {counts['this'] / 1e6:,.0f} M   "
          f"this/base {counts['this'] / counts['base']:.4f}")


if __name__ == "__main__":
    main()
