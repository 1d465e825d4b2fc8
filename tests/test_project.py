"""The project keeps its own promises: README set-up, CI command, code reference, typing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from generator.model.diagnostics import CODES
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None, "README must start with a sh block of set-up commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_starts_with_two_setup_commands() -> None:
    assert README.index("```sh") < 20, "the set-up commands come first"
    install, tests = _setup_commands()
    assert "pip install" in install and "gen build docs-input" in install
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci
    assert "gen check docs-input -o generated" in ci


def test_readme_documents_every_diagnostic_code() -> None:
    missing = [code for code in CODES if f"| {code} |" not in README]
    assert not missing, f"README's Diagnostics table lacks {missing}"


def test_readme_documents_every_command() -> None:
    from generator.cli import cli

    for name in cli.commands:
        assert f"gen {name}" in README, f"README does not mention gen {name}"


@pytest.mark.slow
def test_generator_is_mypy_strict_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "generator"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]
