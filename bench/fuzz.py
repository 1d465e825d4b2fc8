"""Fuzz campaign: many hostile docs trees through gen; counts inputs, unique failures, time.

    python bench/fuzz.py [--examples N] [--source generated|mutated|both] [--stages ...]
                         [--save DIR] [--slow SECONDS] [--seed S]

The inputs are those of ``tests/fuzz`` (``fuzzlib.docs_trees`` and ``fuzzlib.mutated_trees``);
unlike the tests, a failure does not stop the run: each is keyed by its exception type and
innermost frame in gen (or the invariant it broke), counted, and its first input saved
under ``--save`` (default ``$TMPDIR/gen-fuzz-failures``) for minimisation. An input
that takes longer than ``--slow`` seconds counts as a failure too (a blow-up, not a crash).

``GEN_FUZZ_SCALE=4`` makes huge cells, repeated rows and deep nesting four times larger.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

import fuzzlib  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=500, help="inputs per source (default 500)")
    parser.add_argument("--source", choices=["generated", "mutated", "both"], default="both")
    parser.add_argument("--stages", default="build,test,lint,drift", help="comma list of build,format,test,lint,drift")
    parser.add_argument("--save", type=Path, default=Path(tempfile.gettempdir()) / "gen-fuzz-failures")
    parser.add_argument("--slow", type=float, default=30.0, help="seconds after which an input counts as a blow-up")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    wanted = set(args.stages.split(","))
    stages = fuzzlib.Stages(
        build="build" in wanted, formatted="format" in wanted, test="test" in wanted,
        lint="lint" in wanted, drift="drift" in wanted,
    )
    sources = ["generated", "mutated"] if args.source == "both" else [args.source]
    if "mutated" in sources and not fuzzlib.corpus_pages():
        sys.exit("the shared corpus is absent: use --source generated")
    warnings.simplefilter("ignore")
    failures: dict[str, list[object]] = {}
    counts: collections.Counter[str] = collections.Counter()
    tried = 0
    slowest = (0.0, "")
    started = time.perf_counter()
    for source in sources:
        strategy = fuzzlib.docs_trees() if source == "generated" else fuzzlib.mutated_trees()

        @settings(max_examples=args.examples, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def campaign(pages: dict[str, bytes]) -> None:
            nonlocal tried, slowest
            tried += 1
            with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
                root = fuzzlib.write_tree(Path(scratch) / "docs", pages)
                began = time.perf_counter()
                error = fuzzlib.run_with(lambda: fuzzlib.check_tree(root, Path(scratch), stages))
                elapsed = time.perf_counter() - began
            if elapsed > slowest[0]:
                slowest = (elapsed, source)
            key = fuzzlib.failure_key(error) if error is not None else None
            if key is None and elapsed > args.slow:
                key = f"slow: over {args.slow:.0f} s"
            if key is None:
                return
            counts[key] += 1
            if key not in failures:
                detail = "".join(traceback.format_exception(error)) if error else f"{elapsed:.1f} s"
                failures[key] = [source, pages, detail]
                print(f"new failure #{len(failures)} ({source}, input {tried}): {key}", flush=True)

        if args.seed is not None:
            campaign = seed(args.seed)(campaign)
        campaign()
        print(f"{source}: done, {tried} inputs so far, {time.perf_counter() - started:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    print()
    print(f"inputs tried: {tried}")
    print(f"time: {elapsed:.0f} s ({tried / max(elapsed, 1e-9):.1f} inputs/s); slowest input {slowest[0]:.1f} s ({slowest[1]})")
    print(f"unique failures: {len(failures)}")
    if failures:
        if args.save.exists():
            shutil.rmtree(args.save)
        for number, (key, (source, pages, detail)) in enumerate(sorted(failures.items()), 1):
            folder = args.save / f"{number:03d}"
            fuzzlib.write_tree(folder / "docs", pages)  # type: ignore[arg-type]
            (folder / "failure.txt").write_text(f"{key}\nsource: {source}\n\n{detail}", encoding="utf-8")
            print(f"  {counts[key]:5d} x {key}  -> {folder}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
