"""Benchmark: ``gen schema`` over the corpus (median of runs, pages per second, peak memory).

    python bench/schema.py [--runs N]

Target (issue 2): the 2,524-page corpus in under 2 s wall on 2 cores.
"""

from __future__ import annotations

import argparse
import shutil

from common import CORPUS_2020, CORPUS_2021, cores, gen_command, half_tree, measure, need_corpus, size_mb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    need_corpus()
    pages = len(list(CORPUS_2021.rglob("*.md")))
    print(f"gen schema, {cores()} cores; corpus {pages} pages, {size_mb(CORPUS_2021):.1f} MB")
    full = measure("schema graph-beta-2021-07", gen_command("schema", str(CORPUS_2021)), runs)
    print(f"{'':<44} {pages / full['median']:,.0f} pages/s")
    half = half_tree(CORPUS_2021)
    try:
        halved = measure("schema half of graph-beta-2021-07", gen_command("schema", str(half)), runs)
    finally:
        shutil.rmtree(half)
    print(f"{'':<44} full/half time ratio {full['median'] / halved['median']:.2f} (2.0 is linear)")
    measure("schema graph-beta-2020-01", gen_command("schema", str(CORPUS_2020)), runs)


if __name__ == "__main__":
    main()
