"""The minimised hostile pages that once broke gen (``regressions/``), each through the pipeline.

A file ``api--x.md`` is the page ``api/x.md`` of a one-page docs tree (``resources--x.md``:
``resources/x.md``); a folder is a whole docs tree. The opening comment of each page says
what it broke. Each goes through schema,
build with black, the generated package (compile and import), test, lint and drift in
process, then through the command line's entry point (in process: ``helpers.run_gen``), which
must not report an internal error.
Pages that made a stage quadratic are in ``test_fuzz_limits.SHAPES`` (they need size).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fuzzlib import ROOT, Stages, check_tree
from helpers import run_gen

REGRESSIONS = Path(__file__).resolve().parent / "regressions"
PAGES = sorted([*REGRESSIONS.glob("*.md"), *(path for path in REGRESSIONS.iterdir() if path.is_dir())])


def tree_of(page: Path, root: Path) -> Path:
    if page.is_dir():
        shutil.copytree(page, root)
        return root
    folder, _, name = page.name.partition("--")
    target = root / folder / name
    target.parent.mkdir(parents=True)
    target.write_bytes(page.read_bytes())
    return root


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_regression_page_keeps_every_invariant(tmp_path: Path, page: Path) -> None:
    docs = tree_of(page, tmp_path / "docs")
    check_tree(docs, tmp_path, Stages(formatted=True, test=True))


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_regression_page_through_the_command_line(tmp_path: Path, page: Path) -> None:
    docs = tree_of(page, tmp_path / "docs")
    commands = [
        ["schema", str(docs)],
        ["build", str(docs), "-o", str(tmp_path / "out"), "--package", "regression_sdk"],
        ["lint", str(docs), "--format", "sarif", "--fail-on", "none"],
        ["drift", str(docs), str(docs)],
    ]
    for command in commands:
        result = run_gen("-q", *command, cwd=ROOT)
        assert result.returncode in (0, 1), f"gen {command[0]}: exit {result.returncode}\n{result.stderr[-3000:]}"
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-3000:]


def test_every_regression_says_what_it_broke() -> None:
    assert PAGES
    for entry in PAGES:
        if entry.is_file():
            assert entry.name.partition("--")[0] in ("api", "resources"), entry.name
        for page in sorted(entry.rglob("*.md")) if entry.is_dir() else [entry]:
            text = page.read_text(encoding="utf-8")
            assert "<!-- Regression" in text, f"{page}: no comment saying what it broke"
            assert len(text.encode()) < 4096, f"{page}: regressions are minimised pages"
