"""Benchmark: ``gen build`` of the corpus, by stage, plus rebuilds and the package's import time.

    python bench/build.py [--runs N]

Targets (issue 3), on 2 cores: first build under 20 s wall, rebuild with no change
under 2 s, ``import pkg`` under 100 ms, time and memory linear in the number of pages.

The parse cache (issue 25) lives in the scratch folder, never the user's: a build "from
scratch" starts with it empty, a rebuild finds it warm (``bench/cache.py`` compares the two).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS_2021, ROOT, cores, gen_command, half_tree, measure, need_corpus, size_mb


def stage_times(docs: Path, out: Path) -> dict[str, float]:
    """One in-process build with per-stage timings (parse, render, format, write)."""
    sys.path.insert(0, str(ROOT))
    from generator.sdk.build import build

    shutil.rmtree(out, ignore_errors=True)
    report = build(docs, out, "graph_sdk")
    return report.timings


def empty_cache() -> None:
    """The scratch parse cache emptied (set aside, not deleted: deleting thousands of files slows the next writes)."""
    cache = Path(os.environ["GEN_CACHE_DIR"])
    if cache.exists():
        cache.rename(cache.with_name(f"{cache.name}-{time.time_ns()}"))


def import_time(out: Path, statement: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=True)
        times.append(float(result.stdout))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    need_corpus()
    scratch = Path(tempfile.mkdtemp(prefix="gen-bench-build-"))
    out = scratch / "sdk"
    os.environ["GEN_CACHE_DIR"] = str(scratch / "cache")  # gen's children inherit it
    os.environ.pop("GEN_NO_CACHE", None)
    pages = len(list(CORPUS_2021.rglob("*.md")))
    print(f"gen build, {cores()} cores; corpus {pages} pages")
    try:
        def clean() -> None:
            shutil.rmtree(out, ignore_errors=True)
            empty_cache()

        full = measure("build corpus (from scratch)", gen_command("build", str(CORPUS_2021), "-o", str(out), "--package", "graph_sdk"), runs, before=clean)
        measure("rebuild, no change", gen_command("build", str(CORPUS_2021), "-o", str(out), "--package", "graph_sdk"), max(runs, 5))
        touched = scratch / "touched"
        shutil.copytree(CORPUS_2021, touched)
        page = touched / "resources" / "intune-deviceconfig-macosvpnconfiguration.md"

        def edit() -> None:
            page.write_text(page.read_text().replace("Identity certificate", f"Identity certificate ({time.time_ns()})"))

        measure("rebuild after editing one description", gen_command("build", str(touched), "-o", str(out), "--package", "graph_sdk"), runs, before=edit)
        half = half_tree(CORPUS_2021)
        try:
            half_out = scratch / "half"

            def clean_half() -> None:
                shutil.rmtree(half_out, ignore_errors=True)
                empty_cache()  # the half's pages are the full tree's: its parses are cached

            halved = measure("build half of the corpus (from scratch)", gen_command("build", str(half), "-o", str(half_out), "--package", "graph_sdk"), runs, before=clean_half)
        finally:
            shutil.rmtree(half)
        print(f"{'':<44} full/half time ratio {full['median'] / halved['median']:.2f}, memory ratio {full['peak_mb'] / max(halved['peak_mb'], 1):.2f} (2.0 is linear)")
        empty_cache()
        timings = stage_times(CORPUS_2021, out)
        print("stages of one build: " + ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()))
        timings = stage_times(CORPUS_2021, out)
        print("stages of one build, warm parse cache: " + ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()))
        code = size_mb(out / "graph_sdk", ".py")
        files = sum(1 for _ in (out / "graph_sdk").rglob("*.py"))
        print(f"package: {files} Python files, {code:.1f} MB of code; whole output {size_mb(out):.1f} MB")
        print(f"import graph_sdk: {import_time(out, 'import graph_sdk', 7) * 1000:.1f} ms (median of 7)")
        print(f"from graph_sdk.models import MacOSVpnConfiguration: {import_time(out, 'from graph_sdk.models import MacOSVpnConfiguration', 7) * 1000:.1f} ms")
        lock = json.loads((out / "gen-lock.json").read_text())
        print(f"lock file: {len(lock['files'])} files recorded")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
