"""Benchmark: what importing the generated SDK costs, and how big it is.

    python bench/imports.py [--runs N] [--sdk DIR --package PKG --model NAME --node ATTR]

Without ``--sdk`` the corpus is built into a temporary folder (package ``graph_sdk``).
Each figure is the best of ``--runs`` fresh interpreters, after one warm-up that writes
the bytecode, in a fresh virtual environment holding only the SDK's dependencies (attrs,
httpx): gen's own environment has click and rich, which ``import httpx`` then imports too
(its command line), some 35 ms that a user's environment need not have. ``--python`` runs
another interpreter instead. Targets (issue 12): ``import PKG`` < 30 ms, one model < 60 ms,
a client with one path node (``Client(...).users``) < 150 ms. Also prints the package's
size (the corpus SDK may grow at most 30%).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS_2021, ROOT, need_corpus, size_mb

STATEMENTS = {
    "package": ("import {package}", 30.0),
    "one model": ("from {package}.models import {model}", 60.0),
    "client + one path node": ("from {package} import Client; Client('http://127.0.0.1:9').{node}", 150.0),
}
TIMED = "import time; t = time.perf_counter(); {statement}; print((time.perf_counter() - t) * 1000)"


def best_ms(python: str, sdk: Path, statement: str, runs: int) -> float:
    code = TIMED.format(statement=statement)
    subprocess.run([python, "-c", code], cwd=sdk, check=True, capture_output=True)  # writes bytecode
    times = []
    for _ in range(runs):
        result = subprocess.run([python, "-c", code], cwd=sdk, check=True, capture_output=True, text=True)
        times.append(float(result.stdout))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sdk", type=Path)
    parser.add_argument("--package", default="graph_sdk")
    parser.add_argument("--model", default="User")
    parser.add_argument("--node", default="users")
    parser.add_argument("--python", help="interpreter to time (default: a fresh venv with attrs and httpx only)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="gen-bench-imports-"))
    python = args.python
    if python is None:
        subprocess.run([sys.executable, "-m", "venv", str(scratch / "venv")], check=True)
        python = str(scratch / "venv" / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", "attrs", "httpx"], check=True, capture_output=True)
    sdk = args.sdk
    if sdk is None:
        need_corpus()
        sdk = scratch / "sdk"
        sys.path.insert(0, str(ROOT))
        from generator.sdk.build import build

        build(CORPUS_2021, sdk, args.package)
    try:
        package = sdk / args.package
        print(f"{args.package}: {size_mb(package):.2f} MB of package, {size_mb(sdk):.2f} MB in all "
              f"({size_mb(package / 'paths'):.2f} MB of path nodes, {size_mb(package / 'models'):.2f} MB of models)")
        failed = False
        for label, (template, target) in STATEMENTS.items():
            statement = template.format(package=args.package, model=args.model, node=args.node)
            ms = best_ms(python, sdk, statement, args.runs)
            ok = ms < target
            failed |= not ok
            print(f"{label:<24} {ms:7.1f} ms  (target < {target:.0f} ms) {'ok' if ok else 'OVER'}   {statement}")
        sys.exit(1 if failed else 0)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
