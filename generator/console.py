"""Terminal output: progress bars, diagnostics and summaries, all on standard error.

Standard output is reserved for the command's result (a schema, a report), so that
``gen schema docs > schema.json`` works with progress and diagnostics still visible.
Progress bars appear only when standard error is a terminal and ``--quiet`` is off.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Iterable, Iterator

import attrs
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .model.diagnostics import SEVERITY_RANK, Diagnostic, count_by_code


@attrs.define
class Output:
    quiet: bool = False
    verbose: bool = False
    err: Console = attrs.field(factory=lambda: Console(stderr=True, highlight=False, soft_wrap=True))

    @property
    def interactive(self) -> bool:
        return not self.quiet and self.err.is_terminal

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err.print(message, markup=False)

    def error(self, message: str) -> None:
        self.err.print(f"gen: error: {message}", markup=False, style="red")

    @contextlib.contextmanager
    def progress(self, label: str) -> Iterator[ProgressHook]:
        if not self.interactive:
            yield ProgressHook(None, None)
            return
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
        )
        with bar:
            task = bar.add_task(label, total=None)
            yield ProgressHook(bar, task)

    def diagnostics(self, diagnostics: Iterable[Diagnostic], minimum: str = "warning") -> None:
        """Each diagnostic at or above ``minimum`` as ``file:line: severity CODE message``."""
        items = list(diagnostics)
        threshold = SEVERITY_RANK["info" if self.verbose else minimum]
        if not self.quiet:
            for item in items:
                if SEVERITY_RANK[item.severity] >= threshold:
                    self.err.print(format_diagnostic(item), markup=False)
        self.summary(items)

    def summary(self, items: list[Diagnostic]) -> None:
        if self.quiet or not items:
            return
        counts = count_by_code(items)
        by_severity = {level: sum(1 for d in items if d.severity == level) for level in ("error", "warning", "info")}
        self.err.print(
            f"{len(items)} diagnostics ({by_severity['error']} errors, {by_severity['warning']} warnings, "
            f"{by_severity['info']} info): " + ", ".join(f"{code} x{count}" for code, count in counts),
            markup=False,
        )
        if not self.verbose and by_severity["info"]:
            self.err.print("(info diagnostics are counted, not listed; -v lists them)", markup=False)


@attrs.frozen
class ProgressHook:
    """Called with (done, total) as work advances; ``stage`` names the next step."""

    bar: Progress | None
    task: object

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)  # type: ignore[arg-type]

    def stage(self, label: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=label, completed=0, total=None)  # type: ignore[arg-type]


def format_diagnostic(item: Diagnostic) -> str:
    where = f"{item.file}:{item.line}" if item.line else item.file
    return f"{where}: {item.severity} {item.code} [{item.kind}] {item.message}"
