"""Terminal output: progress bars, diagnostics and summaries, all on standard error.

Standard output is reserved for the command's result (a schema, a report), so that
``gen schema docs > schema.json`` works with progress and diagnostics still visible.
Progress bars appear only when standard error is a terminal and ``--quiet`` is off.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import attrs

from .model.diagnostics import SEVERITY_RANK, Diagnostic, count_by_code
from .model.counting import counted

if TYPE_CHECKING:  # rich is loaded when something is printed: a quiet run that finds nothing to do never needs it
    from rich.console import Console
    from rich.progress import Progress


def _standard_error() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@attrs.define
class Output:
    quiet: bool = False
    verbose: bool = False
    minimum: str = "warning"  # the least severity listed (--min-severity)
    console: Console | None = attrs.field(default=None, alias="err")

    @property
    def err(self) -> Console:
        if self.console is None:
            self.console = _standard_error()
        return self.console

    @property
    def interactive(self) -> bool:
        return not self.quiet and self.err.is_terminal

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err.print(message, markup=False)

    def error(self, message: str) -> None:
        self.err.print(f"gen: error: {message}", markup=False, style="red")

    @contextlib.contextmanager
    def progress(self, label: str, stages: int = 1) -> Iterator[ProgressHook]:
        """One bar at a time: ``label`` until the first ``stage``, then one per stage (``[i/n] name``)."""
        if not self.interactive:
            yield ProgressHook(None, None, stages)
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=self.err,
            transient=True,
            refresh_per_second=8,  # the clock moves even while a stage reports nothing
        )
        with bar:
            task = bar.add_task(label, total=None)  # until the first stage names itself
            yield ProgressHook(bar, task, stages)

    def diagnostics(self, diagnostics: Iterable[Diagnostic], minimum: str = "warning") -> None:
        """Each diagnostic at or above ``minimum`` as ``file:line: severity CODE message``."""
        items = list(diagnostics)
        level = self.minimum if minimum == "warning" else minimum
        threshold = SEVERITY_RANK["info" if self.verbose and level == "warning" else level]
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
            f"{counted(len(items), 'diagnostic')} ({counted(by_severity['error'], 'error')}, "
            f"{counted(by_severity['warning'], 'warning')}, {by_severity['info']} info): " + ", ".join(f"{code} x{count}" for code, count in counts),
            markup=False,
        )
        if not self.verbose and by_severity["info"]:
            self.err.print("(info diagnostics are counted, not listed; -v lists them)", markup=False)


@attrs.define
class ProgressHook:
    """Called with (done, total) as work advances; ``stage`` starts the next step's own bar."""

    bar: Progress | None
    task: Any
    stages: int = 1
    started: list[str] = attrs.field(factory=list)  # the stages named so far

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def stage(self, label: str) -> None:
        """A new bar for the stage: its own count, total (unknown until the stage says) and clock."""
        self.started.append(label)
        if self.bar is not None:
            self.bar.remove_task(self.task)
            self.task = self.bar.add_task(self.describe(label), total=None)

    def describe(self, label: str) -> str:
        """``[3/4] format``: where the run is among its stages."""
        number = len(self.started)
        return f"[{number}/{max(self.stages, number)}] {label}"


def format_diagnostic(item: Diagnostic) -> str:
    where = f"{item.file}:{item.line}" if item.line else item.file
    return f"{where}: {item.severity} {item.code} [{item.kind}] {item.message}"
