"""Benchmark: ``gen drift`` between the two corpus trees, and ``gen lint`` of the 2021 tree.

    python bench/drift.py [--runs N]

Target (issue 5): drift in under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse

from common import CORPUS_2020, CORPUS_2021, cores, gen_command, measure, need_corpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    need_corpus()
    print(f"gen drift / lint, {cores()} cores")
    measure("drift graph-beta-2020-01 -> 2021-07", gen_command("drift", str(CORPUS_2020), str(CORPUS_2021), "--fail-on", "none"), runs)
    measure("lint graph-beta-2021-07", gen_command("lint", str(CORPUS_2021), "--fail-on", "none"), runs)


if __name__ == "__main__":
    main()
