"""Do two gen installs give the same output? ``gen schema``, ``test``, ``lint`` and ``drift`` on the corpus.

    python bench/compare.py [--base REV] [--jobs N] [--only NAME ...]

The base is a git revision of this repository, extracted into a temporary folder
(``git archive``); the other side is the current working tree. Each command runs as
``python -m generator -q ...`` with its side's folder first on ``PYTHONPATH`` and as the
working folder, so the two sides share the installed dependencies and differ only in
gen's own code and templates. Standard output and the exit code are compared byte for
byte (but for the timings in gen test's text summary); a difference is shown as the first lines of a unified diff.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import CORPUS_2020, CORPUS_2021, ROOT, extract, need_corpus


def cases() -> dict[str, list[str]]:
    new, old = str(CORPUS_2021), str(CORPUS_2020)
    return {
        "schema 2021 json": ["schema", new],
        "schema 2021 text": ["schema", new, "--format", "text"],
        "schema 2021 openapi": ["schema", new, "--format", "openapi"],
        "schema 2020 json": ["schema", old],
        "lint 2021 json": ["lint", new, "--format", "json", "--fail-on", "none"],
        "lint 2021 sarif": ["lint", new, "--format", "sarif", "--fail-on", "none"],
        "lint 2021 text": ["lint", new, "--fail-on", "warning"],
        "lint 2021 github": ["lint", new, "--format", "github", "--fail-on", "none"],
        "lint 2020 json": ["lint", old, "--format", "json", "--fail-on", "none"],
        "drift 2020->2021 json": ["drift", old, new, "--format", "json", "--fail-on", "none"],
        "drift 2020->2021 text": ["drift", old, new],
        "drift 2020->2021 markdown": ["drift", old, new, "--format", "markdown", "--fail-on", "any"],
        "test 2021 json": ["test", new, "--format", "json"],
        "test 2020 text": ["test", old],
    }


def run(side: Path, args: list[str], jobs: int | None) -> tuple[int, bytes, float]:
    env = {**os.environ, "PYTHONPATH": str(side)}
    extra = ["--jobs", str(jobs)] if jobs and args[0] == "test" else []
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "-q", *args, *extra], cwd=side, env=env, capture_output=True
    )
    return result.returncode, result.stdout, time.perf_counter() - started


# gen test's text summary ends with its stage timings, which differ run to run.
_TIMINGS = re.compile(rb"\b\d+\.\d+s\b")


def normalised(args: list[str], out: bytes) -> bytes:
    return _TIMINGS.sub(b"#s", out) if args[0] == "test" and "json" not in args else out


def diff_lines(old: bytes, new: bytes, limit: int = 12) -> list[str]:
    lines = difflib.unified_diff(
        old.decode("utf-8", "replace").splitlines(), new.decode("utf-8", "replace").splitlines(), "base", "current", lineterm=""
    )
    return [line for _, line in zip(range(limit), lines)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="d68e235", help="git revision to compare the working tree with")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--only", nargs="*", default=None, help="names of cases (substrings) to run")
    options = parser.parse_args()
    need_corpus()
    base = extract(options.base)
    different = 0
    try:
        chosen = {name: args for name, args in cases().items() if not options.only or any(o in name for o in options.only)}
        print(f"comparing {options.base} (base) with the working tree, {len(chosen)} commands")
        for name, args in chosen.items():
            old_code, old_out, old_time = run(base, args, options.jobs)
            new_code, new_out, new_time = run(ROOT, args, options.jobs)
            old_out, new_out = normalised(args, old_out), normalised(args, new_out)
            same = old_code == new_code and old_out == new_out
            different += not same
            verdict = "identical" if same else "DIFFERENT"
            print(f"{name:<28} {verdict:<9}  exit {old_code}/{new_code}  {len(new_out):>10,} bytes  {old_time:6.1f}s / {new_time:6.1f}s")
            if not same:
                for line in diff_lines(old_out, new_out):
                    print("    " + line)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{len(chosen) - different} identical, {different} different")
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
