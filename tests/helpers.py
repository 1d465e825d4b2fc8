"""Helpers shared by the tests (importable as ``from helpers import ...``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from generator.model import ApiModel
from generator.docs import load_model

ROOT = Path(__file__).resolve().parent.parent


def model_of(pages: dict[str, str], tmp_path: Path) -> ApiModel:
    root = tmp_path / "model-docs"
    for relative, text in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_model(root)


def run_gen(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real command line (``python -m generator``) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
