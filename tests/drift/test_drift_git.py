"""``gen drift --git``: what is committed, not what ``git archive`` exports; bare and shallow repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import commit, git, run_gen

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TIMEOUT = 60  # seconds: each case is a few small git calls and two loads of a tiny tree


def resource(name: str, *rows: str) -> str:
    return (
        f'---\ntitle: "{name} resource type"\ndoc_type: resourcePageType\n---\n\n'
        f"# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n"
        "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n" + "".join(row + "\n" for row in rows)
    )


PAGES = {
    "docs/resources/widget.md": resource("widget", "|id|String|Identifier.|", "|size|Int32|Size.|"),
    "docs/resources/part.md": resource("part", "|id|String|Identifier.|", "|weight|Double|Weight.|"),
}


def drift_json(repo: Path, *args: str) -> list[dict[str, object]]:
    result = run_gen("-q", "drift", "--git", *args, "--repo", str(repo), "--format", "json", "--fail-on", "none",
                     timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    changes: list[dict[str, object]] = json.loads(result.stdout)["changes"]
    return changes


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """docs/ at commit 1; at commit 2 a property added to widget."""
    root = tmp_path / "repo"
    commit(root, PAGES, "one")
    widget = PAGES["docs/resources/widget.md"].replace("|size|Int32|Size.|", "|size|Int32|Size.|\n|depth|Double|Depth.|")
    commit(root, {"docs/resources/widget.md": widget}, "two")
    return root


def test_export_ignore_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    commit(root, PAGES, "one")
    commit(root, {".gitattributes": "*.md export-ignore\n", "docs/.gitattributes": "resources/** export-ignore\n"}, "two")
    assert drift_json(root, "HEAD~1", "HEAD", "docs") == []


def test_export_subst_changes_nothing(tmp_path: Path) -> None:
    """``$Format:%s$`` is what is committed; ``git archive`` would put each commit's subject there."""
    root = tmp_path / "repo"
    page = resource("widget", "|id|String|Identifier.|", "|size|$Format:%s$|Size.|")
    commit(root, {".gitattributes": "*.md export-subst\n", "docs/resources/widget.md": page}, "Int32")
    commit(root, {"notes": "not a page\n"}, "Int64")
    assert drift_json(root, "HEAD~1", "HEAD", "docs") == []


def test_a_bare_repository_works(repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    expected = drift_json(repo, "HEAD~1", "HEAD", "docs")
    assert [(c["change"], c["member"]) for c in expected] == [("property-added", "depth")]
    assert drift_json(bare, "HEAD~1", "HEAD", "docs") == expected
    # run from inside the bare repository, without --repo
    inside = run_gen("-q", "drift", "--git", "HEAD~1", "HEAD", "docs", "--format", "json", cwd=bare, timeout=TIMEOUT)
    assert inside.returncode == 0, inside.stderr
    assert json.loads(inside.stdout)["changes"] == expected


def _shallow_error(shallow: Path, old: str) -> str:
    result = run_gen("drift", "--git", old, "HEAD", "docs", "--repo", str(shallow), timeout=TIMEOUT)
    assert result.returncode == 2, result.stderr
    assert f"revision {old!r} is not in this shallow clone" in result.stderr and "Traceback" not in result.stderr
    assert "git fetch --unshallow" in result.stderr
    return result.stderr


def test_a_shallow_clone_without_the_revision_says_to_fetch_it(repo: Path, tmp_path: Path) -> None:
    git(repo, "branch", "topic", "HEAD~1")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.resolve().as_uri(), str(shallow))  # main only, as CI checks out
    assert drift_json(shallow, "HEAD", "HEAD", "docs") == []  # the revision it has works
    assert "git fetch --deepen=N" in _shallow_error(shallow, "HEAD~1")
    first = git(repo, "rev-parse", "HEAD~1").strip()
    for old, hint in ((first, f"git fetch origin {first}"), ("origin/topic", "git fetch origin topic:refs/remotes/origin/topic")):
        assert hint in _shallow_error(shallow, old)
        git(shallow, *hint.split()[1:])  # the hint works as given
        assert [c["member"] for c in drift_json(shallow, old, "HEAD", "docs")] == ["depth"]


def test_an_unknown_revision_of_a_full_clone_says_nothing_of_fetching(repo: Path) -> None:
    result = run_gen("drift", "--git", "no-such-rev", "HEAD", "docs", "--repo", str(repo), timeout=TIMEOUT)
    assert result.returncode == 2 and "unknown git revision 'no-such-rev'" in result.stderr
    assert "fetch" not in result.stderr
