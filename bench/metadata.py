"""Benchmark: the service's metadata beside the docs (issue 22).

    python bench/metadata.py [--runs N] [--skip-build]

Prints, each beside its goal:

* reading the 4 MB beta CSDL (``read_metadata``, in process): under 1.5 s;
* joining it with the docs' model (``reconcile``, in process);
* ``gen lint`` of the full beta tree with and without ``--metadata``;
* ``gen build`` of the full beta tree from scratch with and without ``--metadata``: at most
  15% more (the ratio of the medians).

Medians over ``--runs`` runs; the machine's load is printed first (runs on a busy machine
are slower, and the ratio is what compares).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED, cores, gen_command, measure

FULL = SHARED / "corpus" / "graph-beta-2021-07-full"
CSDL = SHARED / "truth" / "csdl-beta-2021-07.xml"


def in_process(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from generator.docs import load
    from generator.metadata import read_metadata, reconcile

    reads = []
    for _ in range(runs):
        started = time.perf_counter()
        service = read_metadata(CSDL)
        reads.append(time.perf_counter() - started)
    print(f"{'read the beta CSDL (in process)':<44} median {statistics.median(reads):6.2f} s  (goal: under 1.5 s)  "
          f"{len(service.model.types)} types, {len(service.operations)} operations")
    docs = load(FULL).model
    joins = []
    for _ in range(runs):
        started = time.perf_counter()
        joined = reconcile(docs, service)
        joins.append(time.perf_counter() - started)
    print(f"{'join it with the docs model (in process)':<44} median {statistics.median(joins):6.2f} s  "
          f"{len(joined.findings)} findings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true", help="leave out the two full builds (minutes each)")
    arguments = parser.parse_args()
    if not FULL.is_dir() or not CSDL.is_file():
        sys.exit(f"{FULL} or {CSDL} is absent: this benchmark needs the shared corpus and truth")
    print(f"metadata, {cores()} cores, load average {os.getloadavg()[0]:.2f}")
    in_process(arguments.runs)
    lint = gen_command("lint", str(FULL), "--format", "json", "-o", os.devnull, "--fail-on", "none")
    docs_only = measure("gen lint, docs alone", lint, arguments.runs)
    both = measure("gen lint --metadata", [*lint, "--metadata", str(CSDL)], arguments.runs)
    print(f"{'lint: with metadata / docs alone':<44} ratio {both['median'] / docs_only['median']:.2f}")
    if arguments.skip_build:
        return
    scratch = Path(tempfile.mkdtemp(prefix="gen-bench-metadata-"))
    out = scratch / "sdk"
    build = gen_command("build", str(FULL), "-o", str(out), "--package", "graph_beta")

    def clean() -> None:
        shutil.rmtree(out, ignore_errors=True)

    try:
        alone = measure("gen build, docs alone (from scratch)", build, arguments.runs, before=clean)
        joined = measure("gen build --metadata (from scratch)", [*build, "--metadata", str(CSDL)], arguments.runs, before=clean)
        ratio = joined["median"] / alone["median"]
        print(f"{'build: with metadata / docs alone':<44} ratio {ratio:.2f}  (goal: at most 1.15)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
