"""Hostile or unlucky shapes of a committed tree for ``gen drift --git``.

Names that are not UTF-8 or climb out with ``..``, links, submodules, a blob far over
the page limit: each is a diagnostic, a skip or a usage error, in bounded time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from generator.docs import Limits
from generator.drift.revisions import SourceError, repository_root, revision_tree, safe_parts
from helpers import commit, git, run_gen

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MB = 1 << 20
PAGE = "---\ndoc_type: resourcePageType\n---\n\n# thing resource type\n\nNamespace: microsoft.graph\n"
TIMEOUT = 60


def _drift(repo: Path, *options: str, old: str = "HEAD") -> tuple[int, str]:
    result = run_gen("-v", *options, "drift", "--git", old, "HEAD", "docs", "--repo", str(repo), timeout=TIMEOUT)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result.returncode, result.stderr


def test_a_blob_over_the_page_limit_is_reported_and_never_copied(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    size = 50 * MB
    commit(root, {"docs/resources/thing.md": PAGE, "docs/big.md": b"a" * size})
    start = time.monotonic()
    code, stderr = _drift(root, "--max-page-bytes", "1MB")
    assert code == 0, stderr
    assert time.monotonic() - start < 30
    # GEN004 with the blob's true size, on each side: the page is not silently lost
    assert stderr.count("error GEN004") == 2 and f"page is {size:,} bytes" in stderr and "big.md" in stderr
    with revision_tree(repository_root(root), "HEAD", "docs", Limits(max_page_bytes=MB)) as docs:
        placeholder = (docs / "big.md").stat()
        assert placeholder.st_size == size  # what the loader reports
        assert placeholder.st_blocks * 512 <= MB  # but the blob was never read out of git


def test_a_file_name_that_is_not_utf8_is_a_diagnostic(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    commit(root, {"docs/resources/thing.md": PAGE})
    name = os.fsencode(root / "docs" / "resources") + b"/caf\xe9.md"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(PAGE.replace("thing", "other"))
    commit(root, {}, "a page with a Latin-1 name")
    code, stderr = _drift(root, old="HEAD~1")
    assert code == 0, stderr
    assert "not valid UTF-8" in stderr and "caf\N{REPLACEMENT CHARACTER}.md" in stderr


def test_links_and_submodules_are_skipped_and_modes_kept(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    commit(root, {"docs/resources/thing.md": PAGE, "docs/resources/tool.md": PAGE.replace("thing", "tool")})
    (root / "docs/resources/tool.md").chmod(0o755)
    (root / "docs/resources/link.md").symlink_to("thing.md")
    (root / "docs/out.md").symlink_to("/etc/hostname")
    head = commit(root, {}, "links")
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{head},docs/sub.md")  # a submodule named like a page
    git(root, "commit", "-q", "-m", "a submodule")  # not commit(): add -A would drop it (no folder)
    listing = git(root, "ls-tree", "-r", "HEAD", "docs")
    assert "120000" in listing and "160000" in listing and "100755" in listing
    with revision_tree(repository_root(root), "HEAD", "docs", Limits()) as docs:
        found = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*"))
    assert found == ["resources", "resources/thing.md", "resources/tool.md"]
    code, stderr = _drift(root, old="HEAD~2")
    assert code == 0 and "HEAD: 2 pages" in stderr, stderr


def test_only_the_pages_the_loader_reads_are_extracted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    commit(root, {"docs/a.md": PAGE, "docs/B.MARKDOWN": PAGE, "docs/c.txt": PAGE, "docs/d.png": b"\x89PNG", "docs/e": "x"})
    with revision_tree(repository_root(root), "HEAD", "docs", Limits()) as docs:
        assert sorted(path.name for path in docs.iterdir()) == ["B.MARKDOWN", "a.md", "c.txt"]
    with revision_tree(repository_root(root), "HEAD", "docs", Limits(suffixes=(".png",))) as docs:
        assert [path.name for path in docs.iterdir()] == ["d.png"]


def test_a_tree_that_climbs_out_with_dotdot_is_refused(tmp_path: Path) -> None:
    """``git mktree`` makes trees that git itself would never check out: ``docs/../evil.md``."""
    root = tmp_path / "repo"
    commit(root, {"docs/ok.md": PAGE})
    blob = git(root, "rev-parse", "HEAD:docs/ok.md").strip()
    inner = _mktree(root, f"100644 blob {blob}\tevil.md\n")
    docs = _mktree(root, f"040000 tree {inner}\t..\n100644 blob {blob}\tok.md\n")
    top = _mktree(root, f"040000 tree {docs}\tdocs\n")
    hostile = git(root, "commit-tree", top, "-m", "hostile").strip()
    result = run_gen("drift", "--git", hostile, "HEAD", "docs", "--repo", str(root), timeout=TIMEOUT)
    assert result.returncode == 2 and "unsafe name" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("evil.md"))


@pytest.mark.parametrize("name", [b"../evil.md", b"/etc/evil.md", b"a/../../evil.md", b"a//b.md", b"./a.md", b""])
def test_unsafe_names_are_refused(name: bytes) -> None:
    with pytest.raises(SourceError, match="unsafe"):
        safe_parts(name)


def test_safe_names_keep_their_bytes() -> None:
    assert safe_parts(b"resources/caf\xe9.md") == ("resources", os.fsdecode(b"caf\xe9.md"))


def _mktree(root: Path, entries: str) -> str:
    done = subprocess.run(["git", "mktree"], cwd=root, input=entries.encode(), capture_output=True, check=True, timeout=TIMEOUT)
    return done.stdout.decode().strip()
