"""Benchmark: ``gen test`` on the corpus (round trips, typing, replays).

    python bench/test.py [--runs N]

Target (issue 4): under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse

from common import CORPUS_2021, cores, gen_command, measure, need_corpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    need_corpus()
    print(f"gen test, {cores()} cores")
    measure("test graph-beta-2021-07", gen_command("test", str(CORPUS_2021)), runs)


if __name__ == "__main__":
    main()
