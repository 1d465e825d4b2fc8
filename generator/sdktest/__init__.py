"""``gen test``: render into scratch without black or lock, import, round trips, replays."""

from .run import TestReport, run_tests

__all__ = ["TestReport", "run_tests"]
