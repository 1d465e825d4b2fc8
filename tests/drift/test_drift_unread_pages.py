"""Pages whose content is not in the repository (issue 26): a git object the repository
lacks, and a Git LFS pointer. Each is a GEN008 diagnostic naming the page, never a
traceback (exit 3) and never a pointer parsed as a page; the run goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.docs import Limits, load_model
from generator.docs.read import decode_page, lfs_pointer
from generator.drift.revisions import Blob, _cat_file, _write_blob, repository_root, revision_tree
from helpers import commit, git, run_gen

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TIMEOUT = 60
OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
POINTER = f"version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 12345\n"


def resource(name: str, *rows: str) -> str:
    return (
        f'---\ntitle: "{name} resource type"\ndoc_type: resourcePageType\n---\n\n'
        f"# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n"
        "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n" + "".join(row + "\n" for row in rows)
    )


WIDGET = resource("widget", "|id|String|Identifier.|")
PART = resource("part", "|id|String|Identifier.|")


def _drift(repo: Path, *options: str) -> tuple[int, dict[str, object], str]:
    result = run_gen(*options, "drift", "--git", "HEAD~1", "HEAD", "docs", "--repo", str(repo), "--format", "json",
                     "--fail-on", "none", timeout=TIMEOUT)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout else {}, result.stderr


def _changes(document: dict[str, object]) -> set[tuple[object, object, object]]:
    changes = document["changes"]
    assert isinstance(changes, list)
    return {(change["change"], change["type"], change["member"]) for change in changes}


# -- a git object the repository lacks ------------------------------------------------------


def test_a_blob_the_repository_lacks_is_a_diagnostic_and_the_run_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    commit(root, {"docs/resources/widget.md": WIDGET, "docs/resources/part.md": PART}, "one")
    commit(root, {"docs/resources/widget.md": WIDGET + "|depth|Double|Depth.|\n",
                  "docs/resources/part.md": PART + "|weight|Double|Weight.|\n"}, "two")
    oid = git(root, "rev-parse", "HEAD:docs/resources/part.md").strip()
    (root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()  # a damaged clone: ls-tree -l sizes it BAD
    assert " BAD\t" in git(root, "ls-tree", "-r", "-l", "HEAD")
    code, document, stderr = _drift(root, "-v")
    assert code == 0, stderr  # was 3: ValueError: invalid literal for int() with base 10: b'BAD'
    # the rest of the tree is still compared
    assert ("property-added", "microsoft.graph.widget", "depth") in _changes(document)
    expected = f"resources/part.md: error GEN008 [other] the page at HEAD is git object {oid}, which the repository"
    assert expected in stderr
    assert "git fsck" in stderr and "git fetch --refetch" in stderr
    # said without -v too: the page's API counts as removed, a reader must know why
    _, _, quiet = _drift(root)
    assert "HEAD: 1 page not read, GEN008 (resources/part.md)" in quiet


def test_a_folder_the_repository_lacks_is_a_clear_usage_error(tmp_path: Path) -> None:
    """Without a folder's tree there is no list of pages: exit 2 saying so, not 3."""
    root = tmp_path / "repo"
    commit(root, {"docs/resources/widget.md": WIDGET}, "one")
    commit(root, {"docs/resources/widget.md": WIDGET + "|depth|Double|Depth.|\n"}, "two")
    oid = git(root, "rev-parse", "HEAD:docs/resources").strip()
    (root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    result = run_gen("drift", "--git", "HEAD~1", "HEAD", "docs", "--repo", str(root), timeout=TIMEOUT)
    assert result.returncode == 2, result.stderr
    assert oid in result.stderr and "git fsck" in result.stderr and "Traceback" not in result.stderr


def test_cat_file_answering_missing_is_a_diagnostic(tmp_path: Path) -> None:
    """An object ls-tree sized but cat-file then lacks (``<oid> missing``): no ValueError, no empty page."""
    root = tmp_path / "repo"
    commit(root, {"docs/a.md": WIDGET})
    docs = tmp_path / "out"
    with _cat_file(repository_root(root)) as batch:
        problem = _write_blob(batch, Blob(("resources", "gone.md"), "0" * 40, 12), docs, 1 << 20, "HEAD")
        # the batch still answers the next request
        oid = git(root, "rev-parse", "HEAD:docs/a.md").strip()
        assert _write_blob(batch, Blob(("a.md",), oid, len(WIDGET)), docs, 1 << 20, "HEAD") is None
    assert problem is not None and problem.code == "GEN008" and problem.file == "resources/gone.md"
    assert "0" * 40 in problem.message and "lacks" in problem.message
    assert not (docs / "resources" / "gone.md").exists()
    assert (docs / "a.md").read_text(encoding="utf-8") == WIDGET


# -- Git LFS pointers -----------------------------------------------------------------------


def test_an_lfs_pointer_is_recognised_and_nothing_else() -> None:
    pointer = lfs_pointer(POINTER.encode())
    assert pointer is not None and pointer.oid == f"sha256:{OID}" and pointer.size == 12345
    assert lfs_pointer(POINTER.replace("\n", "\r\n").encode()) is not None
    assert lfs_pointer(b"version https://hawser.github.com/spec/v1\noid sha256:" + OID.encode() + b"\nsize 1\n")
    # a page about LFS, a newer spec, a bad oid, a file too large to be a pointer
    assert lfs_pointer(b"version https://git-lfs.github.com/spec/v1\n\n# Using LFS\n") is None
    assert lfs_pointer(POINTER.replace("spec/v1", "spec/v10").encode()) is None
    assert lfs_pointer(POINTER.replace(OID, "xyz").encode()) is None
    assert lfs_pointer((POINTER + "x" * 2000).encode()) is None
    assert lfs_pointer(POINTER.replace("12345", "\N{SUPERSCRIPT TWO}").encode()) is not None  # no int("²")
    assert lfs_pointer(WIDGET.encode()) is None


def test_a_pointer_in_a_folder_is_a_diagnostic_not_a_page(tmp_path: Path) -> None:
    page, problems = decode_page("resources/widget.md", POINTER.encode())
    assert page is None and [p.code for p in problems] == ["GEN008"]
    assert "Git LFS pointer" in problems[0].message and "git lfs pull" in problems[0].message
    docs = tmp_path / "docs"
    (docs / "resources").mkdir(parents=True)
    (docs / "resources" / "widget.md").write_text(POINTER, encoding="utf-8")
    (docs / "resources" / "part.md").write_text(PART, encoding="utf-8")
    model = load_model(docs)
    assert sorted(model.types) == ["microsoft.graph.part"]
    assert [(d.code, d.file, d.severity) for d in model.diagnostics if d.code == "GEN008"] == [
        ("GEN008", "resources/widget.md", "error")
    ]


def test_a_pointer_in_a_folder_is_said_by_drift(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, widget in ((old, WIDGET), (new, POINTER)):
        (folder / "resources").mkdir(parents=True)
        (folder / "resources" / "widget.md").write_text(widget, encoding="utf-8")
        (folder / "resources" / "part.md").write_text(PART, encoding="utf-8")
    result = run_gen("drift", str(old), str(new), "--fail-on", "none", timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "1 page not read, GEN008 (resources/widget.md)" in result.stderr


def test_a_committed_pointer_is_a_diagnostic_and_not_extracted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    commit(root, {"docs/resources/widget.md": WIDGET, "docs/resources/part.md": PART}, "one")
    commit(root, {"docs/resources/widget.md": POINTER, "docs/resources/part.md": PART + "|weight|Double|Weight.|\n"},
           "widget.md moved to LFS")
    with revision_tree(repository_root(root), "HEAD", "docs", Limits()) as docs:
        assert sorted(path.name for path in (docs / "resources").iterdir()) == ["part.md"]
    code, document, stderr = _drift(root, "-v")
    assert code == 0, stderr
    assert ("property-added", "microsoft.graph.part", "weight") in _changes(document)
    assert "resources/widget.md: error GEN008 [other] page is in Git LFS: what HEAD commits is a pointer" in stderr
    assert f"sha256:{OID[:12]}" in stderr and "12,345 bytes" in stderr and "git lfs pull" in stderr
