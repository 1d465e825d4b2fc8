"""Each page is read once per command, and tokenised once by the parse (issue 11)."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.cli import main
from generator.docs import read as read_module

DOCS_INPUT = Path(__file__).resolve().parents[2] / "docs-input"


@pytest.fixture(autouse=True)
def _cold_parse_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty parse cache of each test's own (issue 25): every page is parsed, so tokenised."""
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path_factory.mktemp("gen-cache")))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """How often each page is opened to be read (in-process: small trees parse without workers).

    Pages are read through ``open_regular`` (non-blocking, regular files only: issue 15).
    """
    counts: collections.Counter[str] = collections.Counter()
    original = read_module.open_regular

    def counting(path: str | Path) -> int:
        if Path(path).suffix == ".md":
            counts[Path(path).name] += 1
        return original(path)

    monkeypatch.setattr(read_module, "open_regular", counting)
    return counts


def _run(*argv: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(["-q", *argv])
    return int(done.value.code or 0)


def _pages() -> int:
    return sum(1 for _ in DOCS_INPUT.rglob("*.md"))


@pytest.mark.parametrize(
    "argv",
    [
        ("schema", str(DOCS_INPUT)),
        ("lint", str(DOCS_INPUT), "--fail-on", "none"),
        ("test", str(DOCS_INPUT)),
    ],
    ids=lambda argv: argv[0],
)
def test_a_command_reads_each_page_once(argv: tuple[str, ...], reads: collections.Counter[str], capsys: pytest.CaptureFixture[str]) -> None:
    _run(*argv)
    assert sum(reads.values()) == _pages() and set(reads.values()) == {1}


def test_drift_reads_each_page_of_each_side_once(reads: collections.Counter[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run("drift", str(DOCS_INPUT), str(DOCS_INPUT), "--fail-on", "none")
    assert set(reads.values()) == {2} and sum(reads.values()) == 2 * _pages()  # two trees, the same pages


def test_build_without_package_loads_the_tree_once(reads: collections.Counter[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One read to parse, one to hash the inputs for the lock (the up-to-date check needs it)."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, docs)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    _run("--config", str(tmp_path / "pyproject.toml"), "build", str(docs), "-o", str(tmp_path / "out"))
    assert set(reads.values()) == {2}


def test_the_parse_tokenises_each_page_once(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[int] = []
    original = MarkdownIt.parse

    def counting(self: MarkdownIt, src: str, env: object = None) -> object:
        calls.append(1)
        return original(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting)
    _run("schema", str(DOCS_INPUT))
    assert 0 < len(calls) <= _pages()  # an empty page is not tokenised at all


def test_lint_tokenises_each_page_once(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Links are read from the parse's own tokens, not from a second pass over the text."""
    calls: list[int] = []
    original = MarkdownIt.parse

    def counting(self: MarkdownIt, src: str, env: object = None) -> object:
        calls.append(1)
        return original(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting)
    _run("lint", str(DOCS_INPUT), "--fail-on", "none")
    assert 0 < len(calls) <= _pages()
