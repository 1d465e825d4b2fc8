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
    halves: list[int] = []

    def counted(function: Any, chunks: list[list[int]], workers: int) -> Any:
        halves.append(len(chunks))
        return chunks_in_background(function, chunks, workers)

    monkeypatch.setattr(gather_module, "PARALLEL_EXAMPLES", 1)
    monkeypatch.setattr(gather_module, "chunks_in_background", counted)
    in_workers = lint_model(docs_input_model)
    assert halves == [2]  # the examples, in two halves, in workers
    assert in_workers.findings == here.findings and len(here.findings) > 10
