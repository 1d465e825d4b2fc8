"""``gen test``: render the SDK into a scratch folder, then round-trip and replay the docs.

The SDK is rendered under a unique package name and written as it is: no black
(formatting does not change behaviour), no lock, no atomic swap (the folder is
thrown away). It is imported in-process, exercised through its public surface with
the layout render used, and removed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import importlib
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable

import attrs

from ..model.select import Selection, select
from ..model import ApiModel
from ..parallel import Progress
from ..docs import Limits
from ..sources import load_sources
from ..sdk.render import Options, render_package
from .replay import ReplayRow, replay_all
from .replay import summary as replay_summary
from .server import request_bound
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
    metadata: Path | None = None,
    selection: Selection = Selection(),
) -> TestReport:
    """Round trips and replays of the docs' examples (of the ``selection``'s operations) through a fresh SDK."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    package = "gentest_" + hashlib.sha256(os.fsencode(docs.resolve()) + str(time.time_ns()).encode()).hexdigest()[:10]
    with tempfile.TemporaryDirectory(prefix="gen-test-") as scratch, contextlib.ExitStack() as quiet:
        out_dir = Path(scratch) / "sdk"
        if stage:
            stage("parse")
        model = select(load_sources(docs, limits, jobs, progress, metadata=metadata).loaded.model, selection)
        if stage:
            stage("render")
        rendered = render_package(model, Options(package=package))
        _write_package(out_dir, package, rendered.files)
        layout = rendered.layout
        timings["build"] = time.perf_counter() - started
        sys.path.insert(0, str(out_dir))
        try:
            root = importlib.import_module(package)
            runtime = importlib.import_module(package + "._runtime")
            # Enum values that are not members are doc defects the checker reports with a
            # code; the SDK's warning for each would only repeat them on stderr.
            quiet.enter_context(warnings.catch_warnings())
            warnings.simplefilter("ignore", runtime.UnknownEnumValueWarning)
            mark = time.perf_counter()
            if stage:
                stage("round trips")
            rows = round_trips(model, layout, runtime, progress)
            timings["round_trips"] = time.perf_counter() - mark
            mark = time.perf_counter()
            if stage:
                stage("replays")
            replays = replay_all(model, layout, root, progress, request_bound(limits.max_page_bytes))
            timings["replays"] = time.perf_counter() - mark
        finally:
            sys.path.remove(str(out_dir))
            for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
                del sys.modules[name]
    timings["total"] = time.perf_counter() - started
    summary = {**example_summary(rows), **replay_summary(model, replays)}
    return TestReport(summary, rows, replays, timings, model)


def _write_package(out_dir: Path, package: str, files: dict[str, str]) -> None:
    """The package's own files (not its tests or pyproject), as rendered."""
    for relative, text in files.items():
        if relative.startswith(package + "/"):
            path = out_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
