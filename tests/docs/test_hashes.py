"""The hash memo (issue 25): a file unchanged since its last hash is not read again, an edited one always is."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from generator.docs import hashes
from generator.docs.hashes import HashMemo
from generator.docs.read import stream_hash


class Hasher:
    """sha256 of a file, counting the files it read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, path: Path) -> str:
        self.read.append(path.name)
        return hashlib.sha256(path.read_bytes()).hexdigest()


def files(root: Path, count: int = 3) -> list[Path]:
    root.mkdir(exist_ok=True)
    made = []
    for n in range(count):
        path = root / f"page{n}.md"
        path.write_text(f"page {n}\n", encoding="utf-8")
        made.append(path)
    return made


def run(root: Path, paths: list[Path], purpose: str = "pages") -> tuple[list[str], Hasher]:
    memo, hasher = HashMemo(root, purpose), Hasher()
    found = [memo.hash(path, hasher) for path in paths]
    memo.save()
    return found, hasher


def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash as if the files were written well before (a file written just now is hashed again)."""
    now = time.time_ns()
    monkeypatch.setattr(hashes.time, "time_ns", lambda: now + 10 * hashes.RACY_NS)


def test_an_unchanged_file_is_not_read_again(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    paths = files(root)
    later(monkeypatch)
    first, hasher = run(root, paths)
    assert len(hasher.read) == 3 and first == [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    second, hasher = run(root, paths)
    assert second == first and hasher.read == []


def test_an_edit_is_seen_even_with_its_size_and_modification_time_put_back(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    paths = files(root)
    later(monkeypatch)
    first, _ = run(root, paths)
    before = paths[1].stat()
    time.sleep(0.01)
    paths[1].write_text("page X\n", encoding="utf-8")  # same size
    os.utime(paths[1], ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time still moves
    second, hasher = run(root, paths)
    assert hasher.read == ["page1.md"] and second[1] == hashlib.sha256(b"page X\n").hexdigest() != first[1]


def test_a_file_written_just_before_its_hash_is_hashed_again(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "docs"
    paths = files(root)
    run(root, paths)
    _, hasher = run(root, paths)  # still within the racy window of the writes
    assert len(hasher.read) == 3


def test_a_damaged_memo_or_none_at_all_costs_a_hash_not_a_wrong_one(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    paths = files(root)
    later(monkeypatch)
    first, _ = run(root, paths)
    for memo in (cache / hashes.FOLDER).glob("*.json"):
        memo.write_bytes(b"{not json")
    second, hasher = run(root, paths)
    assert second == first and len(hasher.read) == 3
    monkeypatch.setenv("GEN_NO_CACHE", "1")
    third, hasher = run(root, paths)
    assert third == first and len(hasher.read) == 3


def test_each_way_of_hashing_has_its_own_memo(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    paths = files(root)
    later(monkeypatch)
    run(root, paths, "pages 100")
    _, hasher = run(root, paths, "pages 200")  # another size limit may hash otherwise
    assert len(hasher.read) == 3


def test_a_missing_file_is_reported_as_before(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    paths = files(root)
    later(monkeypatch)
    run(root, paths)
    paths[0].unlink()
    with pytest.raises(OSError):
        run(root, paths)


def test_a_run_that_hashed_some_files_may_keep_the_others(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree's pack hashes only the pages it holds: the memo of the others stays (a build hashes them next)."""
    root = tmp_path / "docs"
    paths = files(root)
    later(monkeypatch)
    run(root, paths)
    partial, hasher = HashMemo(root, "pages"), Hasher()
    partial.hash(paths[0], hasher)
    partial.save(forget_unseen=False)
    _, hasher = run(root, paths)
    assert hasher.read == []  # none forgotten
    forgetful = HashMemo(root, "pages")
    forgetful.hash(paths[0], hasher)
    forgetful.save()
    _, hasher = run(root, paths)
    assert hasher.read == ["page1.md", "page2.md"]  # a run that hashed one file forgets the others


def test_the_listing_looks_at_each_page_once_and_still_sees_an_edit(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``hashed_listing`` hands the memo the status its walk took: the memo calls no stat of its
    own for a page (one for a link, whose own status the walk did not keep)."""
    from generator.docs.read import Limits

    root = tmp_path / "docs"
    paths = files(root)
    (root / "linked.md").symlink_to(paths[0])
    later(monkeypatch)
    first = hashes.hashed_listing(root, Limits())
    looked: list[str] = []  # the pages whose status the memo took itself
    real_hash = HashMemo.hash

    def spy(self: HashMemo, path: Any, compute: Any, status: Any = None) -> str:
        if status is None:
            looked.append(os.path.basename(path))
        return real_hash(self, path, compute, status)

    monkeypatch.setattr(HashMemo, "hash", spy)
    again = hashes.hashed_listing(root, Limits())
    assert again.digests == first.digests and looked == ["linked.md"]
    paths[2].write_text("page two, edited\n", encoding="utf-8")
    edited = hashes.hashed_listing(root, Limits())
    assert edited.digests["page2.md"] != first.digests["page2.md"]
    assert {path: digest for path, digest in edited.digests.items() if path != "page2.md"} == {
        path: digest for path, digest in first.digests.items() if path != "page2.md"}


@pytest.mark.parametrize("size", [0, 1, 4095, 65536, 65537, (1 << 20) + 5, (3 << 20) + 1])
def test_a_page_digest_is_the_sha256_of_its_bytes_whatever_its_size(tmp_path: Path, size: int) -> None:
    """Read in blocks of what its size promises (one for a page), up to a megabyte each."""
    page = tmp_path / "page.md"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    page.write_bytes(data)
    assert stream_hash(page, 20 << 20) == hashlib.sha256(data).hexdigest()
    assert stream_hash(str(page), size) == hashlib.sha256(data).hexdigest()  # exactly at the limit: hashed
    if size:
        assert stream_hash(page, size - 1) == f"over-limit:{size}"
