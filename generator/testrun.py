"""``gen test``: build the SDK into a scratch folder, then round-trip and replay the docs.

The SDK is built without black (formatting does not change behaviour) under a unique
package name, imported in-process, exercised, and removed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable

import attrs

from .sdk.build import build
from .model import ApiModel
from .parallel import Progress
from .pipeline import Limits
from .sdk.render.layout import plan
from .replay import ReplayRow, replay_all
from .replay import summary as replay_summary
from .roundtrip import LOSSY, ExampleRow, round_trips
from .roundtrip import summary as example_summary

REPORT_FORMAT = "gen-test-report/1"


@attrs.frozen
class TestReport:
    summary: dict[str, int]
    rows: list[ExampleRow]
    replays: list[ReplayRow]
    timings: dict[str, float]
    model: ApiModel

    @property
    def failed(self) -> bool:
        """A lossless round trip or a replay of a well-formed example failed."""
        return any(row.outcome == LOSSY for row in self.rows) or any(r.outcome == "mismatch" for r in self.replays)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "summary": self.summary,
            "rows": [row.as_dict() for row in sorted(self.rows, key=lambda r: (r.file, r.line))],
            "replays": [row.as_dict() for row in sorted(self.replays, key=lambda r: (r.file, r.line))],
        }


def run_tests(
    docs: Path,
    limits: Limits = Limits(),
    jobs: int | None = None,
    progress: Progress | None = None,
    stage: Callable[[str], None] | None = None,
) -> TestReport:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    package = "gentest_" + hashlib.sha256(str(docs.resolve()).encode() + str(time.time_ns()).encode()).hexdigest()[:10]
    with tempfile.TemporaryDirectory(prefix="gen-test-") as scratch, contextlib.ExitStack() as quiet:
        out_dir = Path(scratch) / "sdk"
        built = build(docs, out_dir, package, limits, jobs, progress=progress, stage=stage, format_code=False)
        assert built.model is not None
        model = built.model
        timings["build"] = time.perf_counter() - started
        sys.path.insert(0, str(out_dir))
        try:
            root = importlib.import_module(package)
            runtime = importlib.import_module(package + "._runtime")
            # Enum values that are not members are doc defects the checker reports with a
            # code; the SDK's warning for each would only repeat them on stderr.
            quiet.enter_context(warnings.catch_warnings())
            warnings.simplefilter("ignore", runtime.UnknownEnumValueWarning)
            layout = plan(model, package)
            mark = time.perf_counter()
            if stage:
                stage("round trips")
            rows = round_trips(model, layout, runtime)
            timings["round_trips"] = time.perf_counter() - mark
            mark = time.perf_counter()
            if stage:
                stage("replays")
            replays = replay_all(model, layout, root)
            timings["replays"] = time.perf_counter() - mark
        finally:
            sys.path.remove(str(out_dir))
            for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
                del sys.modules[name]
    timings["total"] = time.perf_counter() - started
    summary = {**example_summary(rows), **replay_summary(model, replays)}
    return TestReport(summary, rows, replays, timings, model)
