"""Helpers shared by the tests (importable as ``from helpers import ...``)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.model import ApiModel
from generator.docs import load_model

ROOT = Path(__file__).resolve().parent.parent


def page_texts(root: Path) -> list[str]:
    """The text of every page under ``root``, in path order, read as gen reads a page it cannot decode."""
    return [page.read_text(encoding="utf-8", errors="replace") for page in sorted(root.rglob("*.md"))]


def model_of(pages: dict[str, str], tmp_path: Path) -> ApiModel:
    root = tmp_path / "model-docs"
    for relative, text in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_model(root)


def run_gen(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run gen's command line in this process (``generator.cli.main``) and capture what it prints.

    The same entry point as ``python -m generator`` without paying gen's import for every
    call; standard output and error are pipes (not terminals), as in a subprocess. Tests whose
    point is the process (signals, a kill, the import itself) use ``run_gen_process``.
    """
    import contextlib
    import io
    import os
    import signal

    from generator import cli

    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    here, handler = Path.cwd(), signal.getsignal(signal.SIGTERM)
    code: int | str | None = 0
    try:
        os.chdir(cwd or ROOT)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                cli.main(list(args))
            except SystemExit as done:
                code = done.code
    finally:
        os.chdir(here)
        signal.signal(signal.SIGTERM, handler)
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["gen", *args], returncode, _text(stdout), _text(stderr))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", "replace")


def run_gen_process(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real command line (``python -m generator``) in its own process and capture its output."""
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


# A resource page of the dialect with a Properties table (rows as written), for tests on inline trees.
RESOURCE = """\
---
doc_type: resourcePageType
---
# {name} resource type

Namespace: microsoft.graph

{intro}

## Properties
|Property|Type|Description|
|:---|:---|:---|
{rows}
"""


def resource_page(name: str, rows: str, intro: str = "") -> str:
    return RESOURCE.format(name=name, rows=rows, intro=intro)
