"""Property-based fuzzing of whole docs trees: generated dialect pages and mutated corpus pages.

Every tree goes through schema, build (+ compile and import of the package), test, lint
and drift in-process (``fuzzlib.check_tree``); a few run through the real command line.
Budget: ``GEN_FUZZ_EXAMPLES=5000`` for a long run (default: a few dozen per property).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given

import fuzzlib
from fuzzlib import Stages, check_tree, docs_trees, fuzz_settings, mutated_trees, write_tree


@fuzz_settings(40)
@given(docs_trees())
def test_generated_trees_keep_every_invariant(pages: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
        root = write_tree(Path(scratch) / "docs", pages)
        check_tree(root, Path(scratch), Stages(test=True))


@fuzz_settings(30)
@given(mutated_trees())
def test_mutated_corpus_pages_keep_every_invariant(pages: dict[str, bytes]) -> None:
    if not fuzzlib.corpus_pages():
        pytest.skip("the shared corpus is absent")
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
        root = write_tree(Path(scratch) / "docs", pages)
        check_tree(root, Path(scratch), Stages(test=False))
