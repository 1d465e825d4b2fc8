"""Fuzz campaign: many hostile docs trees through gen; counts inputs, unique failures, time.

    python bench/fuzz.py [--examples N] [--source generated|mutated|both] [--stages ...]
                         [--save DIR] [--slow SECONDS] [--seed S]
    python bench/fuzz.py --measure [WORD...] [--commands schema,build,lint,test]

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


HEAD = "---\ndoc_type: resourcePageType\n---\n\n# bigThing resource type\n\nNamespace: microsoft.graph\n\nA big thing.\n\n"
TABLE = "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"


def mixed_page(megabytes: float) -> str:
    """Tables, prose, JSON examples and headings, as a real page has them, up to the size."""
    parts, size, index = [HEAD], 0, 0
    while size < megabytes * 1024 * 1024:
        index += 1
        choice = index % 4
        if choice == 0:
            part = f"|prop{index}|[thing{index % 50}](thing{index % 50}.md) collection|Text `code` **bold** [link](x.md).|\n"
        elif choice == 1:
            part = "word " * 40 + "\n\n"
        elif choice == 2:
            part = f'\n```json\n{{"a{index}": [1, 2, {{"b": "c"}}]}}\n```\n\n'
        else:
            part = f"## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|x{index}|String|y|\n\n"
        parts.append(part)
        size += len(part)
    return "".join(parts)


def table_page(rows: int) -> str:
    return HEAD + TABLE + "".join(
        f"|prop{i}|String|Property {i}. Possible values are: `a{i}`, `b{i}`.|\n" for i in range(rows)
    )


MEASURED = {
    "10 MB page (tables, prose, JSON, headings)": lambda: mixed_page(10),
    "2.5 MB page (the same mix: time should be a quarter)": lambda: mixed_page(2.5),
    "10,000-row property table": lambda: table_page(10_000),
    "2,500-row property table (a quarter)": lambda: table_page(2_500),
    "10 MB of open brackets (worst shape found)": lambda: HEAD + "[" * (10 * 1024 * 1024) + "\n",
    "10 MB of unclosed <a tags": lambda: HEAD + "<a " * (10 * 1024 * 1024 // 3) + "\n",
    "10 MB of links, 100 a line": lambda: HEAD + ("[x](x.md) " * 100 + "\n") * (10 * 1024 * 1024 // 1001),
}


def measure(commands: list[str], which: list[str]) -> None:
    """Wall time and peak memory of the real command line on the hostile inputs of the issue."""
    sys.path.insert(0, str(ROOT / "bench"))
    from common import gen_command, run_once

    for label, make in MEASURED.items():
        if which and not any(word in label for word in which):
            continue
        with tempfile.TemporaryDirectory(prefix="gen-measure-") as scratch:
            docs = Path(scratch) / "docs"
            (docs / "resources").mkdir(parents=True)
            text = make()
            (docs / "resources" / "big.md").write_text(text, encoding="utf-8")
            print(f"{label}: {len(text.encode()) / 1024 / 1024:.1f} MB", flush=True)
            for command in commands:
                args = {
                    "schema": ["schema", str(docs)],
                    "build": ["build", str(docs), "-o", str(Path(scratch) / "out"), "--package", "big_sdk"],
                    "lint": ["lint", str(docs), "--fail-on", "none"],
                    "test": ["test", str(docs)],
                }[command]
                elapsed, code, peak_mb = run_once(gen_command(*args))
                print(f"  gen {command:<6} {elapsed:7.1f} s  peak {peak_mb:5d} MB  exit {code}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", nargs="*", metavar="WORD",
                        help="instead of fuzzing: time and peak memory of gen on a 10 MB page, a 10,000-row table "
                        "and the worst shapes (only those whose label has a WORD, if given)")
    parser.add_argument("--commands", default="schema,build", help="for --measure: comma list of schema,build,lint,test")
    parser.add_argument("--examples", type=int, default=500, help="inputs per source (default 500)")
    parser.add_argument("--source", choices=["generated", "mutated", "both"], default="both")
    parser.add_argument("--stages", default="build,test,lint,drift", help="comma list of build,format,test,lint,drift")
    parser.add_argument("--save", type=Path, default=Path(tempfile.gettempdir()) / "gen-fuzz-failures")
    parser.add_argument("--slow", type=float, default=30.0, help="seconds after which an input counts as a blow-up")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.commands.split(","), args.measure)
        return
    wanted = set(args.stages.split(","))
    stages = fuzzlib.Stages(
        build="build" in wanted, formatted="format" in wanted, test="test" in wanted,
        lint="lint" in wanted, drift="drift" in wanted,
    )
    sources = ["generated", "mutated"] if args.source == "both" else [args.source]
    if "mutated" in sources and not fuzzlib.corpus_pages():
        sys.exit("the shared corpus is absent: use --source generated")
    warnings.simplefilter("ignore")
    if args.save.exists():
        shutil.rmtree(args.save)
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
            began = time.perf_counter()
            error = fuzzlib.run_with(lambda: fuzzlib.check_pages(pages, stages))
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
                folder = args.save / f"{len(failures):03d}"  # saved now: a long run can be read while it goes on
                if folder.exists():
                    shutil.rmtree(folder)
                fuzzlib.write_tree(folder / "docs", pages)
                (folder / "failure.txt").write_text(f"{key}\nsource: {source}\n\n{detail}", encoding="utf-8")
                print(f"new failure #{len(failures)} ({source}, input {tried}): {key} -> {folder}", flush=True)

        if args.seed is not None:
            campaign = seed(args.seed)(campaign)
        campaign()
        print(f"{source}: done, {tried} inputs so far, {time.perf_counter() - started:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    print()
    print(f"inputs tried: {tried}")
    print(f"time: {elapsed:.0f} s ({tried / max(elapsed, 1e-9):.1f} inputs/s); slowest input {slowest[0]:.1f} s ({slowest[1]})")
    print(f"unique failures: {len(failures)}")
    for number, key in enumerate(failures, 1):
        print(f"  {counts[key]:5d} x {key}  -> {args.save / f'{number:03d}'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
