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
from hypothesis import strategies as st

import fuzzlib
from fuzzlib import Stages, check_pages, check_tree, docs_trees, fuzz_settings, mutated_trees, write_tree
from helpers import run_gen


@fuzz_settings(40)
@given(docs_trees())
def test_generated_trees_keep_every_invariant(pages: dict[str, bytes]) -> None:
    check_pages(pages, Stages(test=True))


# Decided before Hypothesis draws: a strategy over no corpus pages cannot draw at all.
needs_corpus = pytest.mark.skipif(not fuzzlib.corpus_pages(), reason="the shared corpus (../shared/corpus) is absent: no pages to mutate")
# Without the corpus, the command line still gets generated hostile trees.
HOSTILE_TREES = docs_trees(max_types=3, max_apis=2) | (mutated_trees(max_pages=2) if fuzzlib.corpus_pages() else st.nothing())


@needs_corpus
@fuzz_settings(30)
@given(mutated_trees())
def test_mutated_corpus_pages_keep_every_invariant(pages: dict[str, bytes]) -> None:
    check_pages(pages, Stages(test=False))


@fuzz_settings(3)
@given(HOSTILE_TREES)
def test_hostile_trees_through_the_command_line(pages: dict[str, bytes]) -> None:
    """The real ``gen``: never exit 3 (internal error), never a traceback, whatever the tree."""
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
        root = write_tree(Path(scratch) / "docs", pages)
        commands = [
            ["schema", str(root), "--format", "text"],
            ["build", str(root), "-o", str(Path(scratch) / "out"), "--package", "fuzz_sdk"],
            ["test", str(root), "--format", "json"],
            ["lint", str(root), "--format", "github", "--fail-on", "none"],
            ["drift", str(fuzzlib.DOCS_INPUT), str(root), "--format", "markdown"],
        ]
        for command in commands:
            result = run_gen("-q", *command, timeout=300)
            # A tree with no resource or method page is a usage error for build, by design.
            no_api = command[0] == "build" and "holds no API reference page" in result.stderr
            allowed = (0, 1, 2) if no_api else (0, 1)
            assert result.returncode in allowed, f"gen {command[0]}: exit {result.returncode}\n{result.stderr[-3000:]}"
            assert "Traceback" not in result.stderr, result.stderr[-3000:]


MUTATION_KINDS = ["delete", "truncate", "insert", "duplicate", "bytes", "huge", "deep", "long_line", "repeat_line",
                  "swap", "strip_pipes", "nul_late"]


@pytest.mark.parametrize("kind", MUTATION_KINDS)
def test_each_kind_of_mutation_on_real_pages(tmp_path: Path, kind: str) -> None:
    """Every mutation at several places of a resource page and an api page (deterministic)."""
    pages = fuzzlib.corpus_pages()
    if not pages:
        pytest.skip("the shared corpus (../shared/corpus) is absent: no real pages to mutate")
    chosen = [entry for entry in pages if entry[1] in ("resources/messagerule.md", "api/group-update.md")] or pages[:2]
    payloads = {"insert": b"|`[<!--\n```json\n{", "bytes": b"\xff\xfe\x00\xc3", "huge": b"[", "deep": b"> "}
    for index, where in enumerate((0.0, 0.37, 0.5, 0.93, 1.0)):
        tree = {}
        for root, relative in chosen:
            data = (root / relative).read_bytes()
            mutation = fuzzlib.Mutation(kind, where, size=3000 if kind != "delete" else 200, payload=payloads.get(kind, b"|"))
            tree[relative] = fuzzlib.apply_mutations(data, [mutation])
        docs = write_tree(tmp_path / f"docs{index}", tree)
        check_tree(docs, tmp_path / f"work{index}", Stages(test=index == 2))


def test_the_campaign_script_runs(tmp_path: Path) -> None:
    """``bench/fuzz.py`` (the on-demand campaign) still works: a tiny run, no failure."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(fuzzlib.ROOT / "bench" / "fuzz.py"), "--examples", "3", "--source", "generated",
         "--stages", "build,lint", "--save", str(tmp_path / "failures"), "--seed", "1"],
        cwd=fuzzlib.ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "inputs tried: 3" in result.stdout and "unique failures: 0" in result.stdout
