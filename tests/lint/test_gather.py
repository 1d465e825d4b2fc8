"""The examples' rule in workers gives the findings it gives in one process, in the same order."""

from __future__ import annotations

import os
from typing import Any

import pytest

from generator.lint import gather as gather_module
from generator.lint.rules import lint_model
from generator.model import ApiModel
from generator.parallel import chunks_in_background, workers_for


@pytest.mark.skipif(not hasattr(os, "fork") or workers_for(None, True) < 2, reason="workers need fork and two cores")
def test_the_examples_checked_in_workers_give_the_same_findings(docs_input_model: ApiModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gather_module, "PARALLEL_EXAMPLES", 10**9)
    here = lint_model(docs_input_model)
    runs: list[list[list[int]]] = []

    def counted(function: Any, chunks: list[list[int]], workers: int) -> Any:
        runs.append(chunks)
        return chunks_in_background(function, chunks, workers)

    monkeypatch.setattr(gather_module, "PARALLEL_EXAMPLES", 1)
    monkeypatch.setattr(gather_module, "chunks_in_background", counted)
    in_workers = lint_model(docs_input_model)
    # every example once, in order, in runs that the workers and this process share
    assert len(runs) == 1 and len(runs[0]) == gather_module.EXAMPLE_RUNS
    assert [index for run in runs[0] for index in run] == list(range(len(docs_input_model.examples)))
    assert in_workers.findings == here.findings and len(here.findings) > 10


@pytest.mark.parametrize(("count", "runs"), [(0, 16), (1, 16), (15, 16), (16, 16), (17, 16), (24_321, 16), (5, 1)])
def test_example_runs_cover_every_index_once_in_nearly_equal_runs(count: int, runs: int) -> None:
    split = gather_module.example_runs(count, runs)
    assert [index for run in split for index in run] == list(range(count))
    assert len(split) == max(1, min(runs, count))
    lengths = [len(run) for run in split]
    assert max(lengths) - min(lengths) <= 1
