"""Shared fixtures: the corpus (skipped when absent), small docs trees, running gen."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from generator.model import ApiModel
from generator.docs import load_model
from helpers import run_gen

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_2021 = CORPUS / "graph-beta-2021-07"
CORPUS_2020 = CORPUS / "graph-beta-2020-01"
SEED = SHARED / "seed"
DOCS_INPUT = ROOT / "docs-input"


CORPUS_FIXTURES = {"corpus_2021", "corpus_full", "corpus_2020", "corpus_2021_model"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the corpus is a ``corpus`` test and a ``slow`` one (whole trees, seconds
    each): the README's command leaves it out, CI runs it. So is every fuzz property (budgets)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        in_fuzz = "fuzz" in item.path.parts and item.path.name != "test_fuzz_regressions.py"
        if fixtures & CORPUS_FIXTURES:
            item.add_marker(pytest.mark.corpus)
        if fixtures & CORPUS_FIXTURES or in_fuzz:
            item.add_marker(pytest.mark.slow)


def _need(path: Path) -> Path:
    if not path.is_dir():
        pytest.skip(f"{path} is absent: this test needs the shared corpus (../shared, present in CI)")
    return path


@pytest.fixture(scope="session")
def corpus_2021() -> Path:
    return _need(CORPUS_2021)


@pytest.fixture(scope="session")
def corpus_full() -> Path:
    """The whole beta reference of July 2021 (7,948 pages)."""
    return _need(CORPUS_2021.parent / "graph-beta-2021-07-full")


@pytest.fixture(scope="session")
def corpus_2020() -> Path:
    return _need(CORPUS_2020)


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return _need(SEED)


@pytest.fixture(scope="session")
def corpus_2021_model(corpus_2021: Path) -> ApiModel:
    return load_model(corpus_2021)


@pytest.fixture(scope="session")
def docs_input_model() -> ApiModel:
    return load_model(DOCS_INPUT)


DocsTree = Callable[[dict[str, str]], Path]


@pytest.fixture
def docs_tree(tmp_path: Path) -> DocsTree:
    """Write {relative path: page text} into a fresh folder; texts are dedented."""
    counter = iter(range(1000))

    def make(pages: dict[str, str]) -> Path:
        root = tmp_path / f"docs{next(counter)}"
        for relative, text in pages.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return make


@pytest.fixture
def gen() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real command line: ``gen("schema", "docs-input")``."""
    return run_gen


_SESSION_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """gen's parse cache is off for the suite (a cold cache per test costs every load its
    writes; tests/docs/test_cache.py turns it on, in folders of its own), and points at a folder
    of this run's own: the suite never reads or writes the user's ~/.cache/gen."""
    import os
    import tempfile

    _SESSION_CACHE.append(tempfile.mkdtemp(prefix="gen-test-cache-"))
    os.environ["GEN_CACHE_DIR"] = _SESSION_CACHE[-1]
    os.environ["GEN_NO_CACHE"] = "1"


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    for folder in _SESSION_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A copy of docs-input that a test may edit."""
    target = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, target)
    return target


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh gen cache folder of this test's own (``GEN_CACHE_DIR``), the cache on: none
    reads or writes the user's. Parse entries are in ``<cache>/parse-N``."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)
    return folder
