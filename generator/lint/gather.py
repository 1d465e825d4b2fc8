"""Every rule's findings, in ``RULES`` order: on a large tree, the examples' rule in workers.

Checking every example against the model is most of a lint. The examples are independent,
so on a large tree two workers, forked with the model, check them in runs of examples while
this process runs the other rules, and then the runs no worker has started: all three end
together, where two halves left a core idle while the slower half finished. The findings are
the same, in the same order, either way.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from ..model.diagnostics import Diagnostic
from ..parallel import chunks_in_background, gc_paused, workers_for

if TYPE_CHECKING:
    from .rules import LintInput

PARALLEL_EXAMPLES = 2000  # below this, forking workers costs more than it saves
EXAMPLE_RUNS = 32  # the examples' share of work: small enough that this process can take the last ones

# What the workers check: the lint's input, read through the fork.
_LINTING: LintInput | None = None


def gather(lint: LintInput, progress: Callable[[int, int], None] | None = None) -> list[Diagnostic]:
    """The findings of every rule, in order (``progress`` is told rules run, rules in all)."""
    from .rules import RULES, example_findings

    global _LINTING
    count = len(lint.model.examples)
    workers = workers_for(None, count >= PARALLEL_EXAMPLES)
    if workers < 2 or not hasattr(os, "fork"):  # (the workers read the lint through the fork)
        return [finding for part in _each_rule(lint, progress) for finding in part]
    _LINTING = lint
    try:
        with chunks_in_background(_check_examples, example_runs(count, EXAMPLE_RUNS), workers) as checked:
            parts = _each_rule(lint, progress, skip=example_findings)
            parts[RULES.index(example_findings)] = [finding for run in checked.results() for finding in run]
    finally:
        _LINTING = None
    return [finding for part in parts for finding in part]


def example_runs(count: int, runs: int) -> list[list[int]]:
    """The indices 0..count-1 in at most ``runs`` consecutive runs of nearly equal length."""
    runs = max(1, min(runs, count))
    bounds = [count * run // runs for run in range(runs + 1)]
    return [list(range(start, end)) for start, end in zip(bounds, bounds[1:])]


def _each_rule(
    lint: LintInput, progress: Callable[[int, int], None] | None, skip: object = None
) -> list[list[Diagnostic]]:
    """Each rule's findings (none for ``skip``: the workers' rule)."""
    from .rules import RULES

    parts: list[list[Diagnostic]] = []
    for done, rule in enumerate(RULES, 1):
        parts.append([] if rule is skip else list(rule(lint)))
        if progress is not None:
            progress(done, len(RULES))
    return parts


def _check_examples(indices: list[int]) -> list[Diagnostic]:
    """In a worker: the findings of these examples."""
    from .rules import example_findings

    assert _LINTING is not None, "gather's workers are forked from the process that set the lint"
    examples = _LINTING.model.examples
    with gc_paused():
        return list(example_findings(_LINTING, [examples[index] for index in indices]))
