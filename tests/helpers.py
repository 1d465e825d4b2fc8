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


GIT_IDENTITY = ("-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false")


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` (a throwaway identity, bounded in time); its standard output."""
    done = subprocess.run(["git", *GIT_IDENTITY, *args], cwd=cwd, check=True, capture_output=True, timeout=120)
    return done.stdout.decode("utf-8", "replace")


def commit(root: Path, files: dict[str, str | bytes], message: str = "change") -> str:
    """Write ``files`` (paths relative to ``root``) into a repository, ``git init`` it if new, and commit all."""
    if not (root / ".git").exists():
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q")
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()
