"""GitHub workflow commands (``::error file=...,line=...,title=...::message``), escaped.

https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
"""

from __future__ import annotations

from typing import Sequence


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, properties: Sequence[tuple[str, str]], message: str) -> str:
    """One workflow command line (no newline); property values are escaped here."""
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{level} {listed}::{escape_data(message)}"
