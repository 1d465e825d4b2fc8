"""The page parse cache (issue 25): only changed pages are parsed, and the output never changes.

Every test uses a cache folder of its own (``GEN_CACHE_DIR`` under its tmp_path, or a folder it
names): none reads or writes the user's cache.
"""

from __future__ import annotations

import collections
import errno
import hashlib
import importlib
import importlib.util
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any, Callable

import pytest

from generator.docs import cache as cache_module
from generator.docs.pack import KEYS_PREFIX, PACK_PREFIX, REPACK_PAGES
from generator.docs.cache import FOLDER_PREFIX, FORMAT, MAX_AGE_SECONDS, ParseCache, cache_home, open_cache, prune
from generator.docs.read import Limits
from helpers import run_gen

load_module = importlib.import_module("generator.docs.load")  # the module, not the face's function
read_module = importlib.import_module("generator.docs.read")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """How often each page is parsed (in-process: small trees parse without workers)."""
    counts: collections.Counter[str] = collections.Counter()
    for name in ("parse_page", "parse_page_with_links"):
        original = getattr(load_module, name)

        def counting(page: Any, *args: Any, _original: Callable[..., Any] = original) -> Any:
            counts[page.path] += 1
            return _original(page, *args)

        monkeypatch.setattr(load_module, name, counting)
    return counts


def entries(cache: Path) -> dict[str, bytes]:
    """The pages' entries (not the trees' packs and their key lists)."""
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    names = sorted(folder.iterdir()) if folder.is_dir() else []
    return {p.name: p.read_bytes() for p in names if not p.name.startswith((".", PACK_PREFIX, KEYS_PREFIX))}


def packs(cache: Path) -> list[Path]:
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    return sorted(folder.glob(f"{PACK_PREFIX}*"))


def unpack(cache: Path) -> None:
    """Remove the trees' packs and key lists: the next load reads the pages' entries (what a test of entries tests)."""
    for pack in packs(cache) + sorted((cache / f"{FOLDER_PREFIX}{FORMAT}").glob(f"{KEYS_PREFIX}*")):
        pack.unlink()


def schema(docs: Path, *options: str) -> str:
    """``gen schema``'s JSON and its diagnostics (``gen-diagnostics/1``), the parse's every finding."""
    diagnostics = docs.parent / "diagnostics.json"
    done = run_gen("-q", *options, "schema", str(docs), "--diagnostics", str(diagnostics))
    assert done.returncode == 0, done.stderr
    return done.stdout + diagnostics.read_text(encoding="utf-8")


def schema_json(docs: Path) -> str:
    """``gen schema``'s JSON alone, for tests that fail every write of a kind."""
    done = run_gen("-q", "schema", str(docs))
    assert done.returncode == 0, done.stderr
    return done.stdout


class _Os:
    """The ``os`` module as the cache module sees it, with some functions replaced."""

    def __init__(self, **replaced: Any) -> None:
        self.replaced = replaced

    def __getattr__(self, name: str) -> Any:
        return self.replaced[name] if name in self.replaced else getattr(os, name)


def uncached(monkeypatch: pytest.MonkeyPatch, run: Callable[[], str]) -> str:
    with monkeypatch.context() as patch:
        patch.setenv("GEN_NO_CACHE", "1")
        return run()


def pages(docs: Path) -> int:
    """How many pages parse (an empty or binary page is read, not parsed)."""
    return len(load_module.load(docs, cache=False).pages)


def test_a_warm_cache_parses_nothing_and_changes_nothing(cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema(docs))
    tree = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    beside = sorted(p.name for p in docs.parent.iterdir())
    parses.clear()
    assert schema(docs) == expected  # cold: every page parsed and stored
    assert len(entries(cache)) == sum(parses.values()) == pages(docs)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == tree  # nothing written but the cache
    assert sorted(p.name for p in docs.parent.iterdir()) == sorted([*beside, "cache"])
    parses.clear()
    assert schema(docs) == expected  # warm: none parsed
    assert not parses


def test_damaged_or_foreign_entries_are_parsed_again_and_rewritten(cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema(docs))
    schema(docs)
    good = entries(cache)
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    names = sorted(good)
    other = good[names[-1]]
    key = names[0]
    header = cache_module._MAGIC + key.encode()
    wrong_type = pickle.dumps(["not", "a", "parse"])
    damage: list[Callable[[bytes], bytes]] = [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # empty
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped in the payload
        lambda data: data[:5] + b"?" + data[6:],  # the header damaged
        lambda data: b"\x80\x05garbage" * 10,  # not an entry at all
        lambda data: other,  # another page's entry under this name
        lambda data: header + hashlib.sha256(wrong_type).digest() + wrong_type,  # a valid entry of the wrong type
        lambda data: cache_module._MAGIC.replace(b"/1", b"/9") + data[len(cache_module._MAGIC):],  # another format
    ]
    for index, spoil in enumerate(damage):
        damaged = names[index % len(names)]
        unpack(cache)
        (folder / damaged).write_bytes(spoil(good[damaged]))
        parses.clear()
        assert schema(docs) == expected, index
        assert list(parses.values()) == [1], index  # that page alone was parsed again...
        assert entries(cache)[damaged] == good[damaged], index  # ...and its entry rewritten


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_an_entry_does_not_hang_the_read(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema(docs))
    schema(docs)
    name = sorted(entries(cache))[0]
    entry = cache / f"{FOLDER_PREFIX}{FORMAT}" / name
    entry.unlink()
    os.mkfifo(entry)
    unpack(cache)
    assert schema(docs) == expected
    assert entry.is_file()  # replaced by a whole entry


def test_deleted_entries_are_parsed_again_and_only_they(cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema(docs))
    schema(docs)
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    deleted = sorted(entries(cache))[::3]
    unpack(cache)
    for name in deleted:
        (folder / name).unlink()
    parses.clear()
    assert schema(docs) == expected
    assert sum(parses.values()) == len(deleted)
    shutil.rmtree(folder)  # the whole cache gone, folder and all
    assert schema(docs) == expected


def test_an_edited_page_is_parsed_again_and_only_it(cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    schema(docs)
    page = docs / "resources" / "driver.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn edited line.\n", encoding="utf-8")
    parses.clear()
    edited = schema(docs)
    assert dict(parses) == {"resources/driver.md": 1}
    assert edited == uncached(monkeypatch, lambda: schema(docs))


def test_a_build_walks_the_tree_once_and_reads_only_the_edited_page(cache: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hashes = importlib.import_module("generator.docs.hashes")
    monkeypatch.setattr(hashes, "RACY_NS", 0)  # the copied pages count as settled at once
    walks: collections.Counter[str] = collections.Counter()
    hashed: collections.Counter[str] = collections.Counter()
    for module in (hashes, load_module):
        original_list = module.list_page_files

        def listing(root: Path, *args: Any, _original: Callable[..., Any] = original_list) -> Any:
            walks[root.name] += 1
            return _original(root, *args)

        monkeypatch.setattr(module, "list_page_files", listing)
    original_hash = hashes.stream_hash  # (every page digest is made by hashes.page_digest)

    def hashing(path: str | Path, *args: Any) -> Any:
        hashed[Path(path).relative_to(docs).as_posix()] += 1
        return original_hash(path, *args)

    monkeypatch.setattr(hashes, "stream_hash", hashing)
    out = tmp_path / "out"
    assert run_gen("-q", "build", str(docs), "-o", str(out)).returncode == 0
    page = docs / "resources" / "driver.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn edited line.\n", encoding="utf-8")
    walks.clear()
    hashed.clear()
    done = run_gen("-q", "build", str(docs), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert dict(walks) == {"docs": 1}  # the hash of the inputs and the parse share one walk...
    assert dict(hashed) == {"resources/driver.md": 1}  # ...and one hash of the one page that changed
    walks.clear()
    hashed.clear()
    assert run_gen("-q", "check", str(docs), "-o", str(out)).returncode == 0
    assert dict(walks) == {"docs": 1} and not hashed


def test_the_same_bytes_under_another_path_or_root_are_right(cache: Path, docs: Path, tmp_path: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    schema(docs)
    shutil.copy(docs / "resources" / "driver.md", docs / "resources" / "driver2.md")  # a path is part of the key
    expected = uncached(monkeypatch, lambda: schema(docs))
    parses.clear()
    assert schema(docs) == expected
    assert dict(parses) == {"resources/driver2.md": 1}
    elsewhere = tmp_path / "elsewhere" / "docs"
    shutil.copytree(docs, elsewhere)  # the same pages in another folder: parses are relative to the root
    parses.clear()
    assert schema(elsewhere) == schema(docs)
    assert not parses


def test_the_parse_options_are_part_of_the_key(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = ("--max-example-bytes", "64")  # leaves examples out (GEN301): another parse
    default = schema(docs)
    expected_small = uncached(monkeypatch, lambda: schema(docs, *small))
    assert expected_small != default
    assert schema(docs, *small) == expected_small
    assert schema(docs, *small) == expected_small  # warm for both
    assert schema(docs) == default


def test_lint_scans_are_cached_apart_and_unchanged(cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def lint() -> str:
        done = run_gen("-q", "lint", str(docs), "--format", "json", "--fail-on", "none")
        assert done.returncode == 0, done.stderr
        return done.stdout

    expected = uncached(monkeypatch, lint)
    schema(docs)  # entries without scans: not enough for lint
    parses.clear()
    assert lint() == expected
    assert sum(parses.values()) == pages(docs)
    parses.clear()
    assert lint() == expected
    assert not parses


def test_the_sdk_is_byte_identical_cold_warm_and_off(cache: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        done = run_gen("-q", "build", str(docs), "-o", str(out), "--package", "fleet_sdk")
        assert done.returncode == 0, done.stderr
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    off = uncached(monkeypatch, lambda: repr(build("off")))
    assert repr(build("cold")) == off
    assert repr(build("warm")) == off


def _many_pages(root: Path, count: int) -> None:
    (root / "resources").mkdir(parents=True)
    for n in range(count):
        text = f"# thing{n} resource type\n\nNamespace: microsoft.graph\n\nThing {n}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n| size{n} | Int32 | Size {n}. |\n"
        (root / "resources" / f"thing{n}.md").write_text(text, encoding="utf-8")


def _retype(page: Path, old: str, new: str) -> None:
    page.write_text(page.read_text(encoding="utf-8").replace(f"| {old} |", f"| {new} |"), encoding="utf-8")


def test_a_large_tree_parses_in_workers_that_fill_the_cache(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "many"
    count = load_module.PARALLEL_THRESHOLD + 20
    _many_pages(root, count)
    expected = uncached(monkeypatch, lambda: schema(root))
    progress: list[tuple[int, int]] = []
    cold = load_module.load(root, jobs=2, progress=lambda done, total: progress.append((done, total)))
    assert len(packs(cache)) == 1 and not entries(cache)  # parsed by the workers, written in the pack alone
    assert schema(root) == expected  # warm
    assert progress[-1] == (count, count) and [done for done, _ in progress] == sorted(done for done, _ in progress)
    progress.clear()
    warm = load_module.load(root, jobs=2, progress=lambda done, total: progress.append((done, total)))
    assert warm.pages == cold.pages and warm.cached == count and progress[-1] == (count, count)
    # One page edited: two workers' worth of pages, one page to parse (here, in this process,
    # its facts still shipped as its payload): its facts are the page's, and its entry is written.
    _retype(root / "resources" / "thing7.md", "size7 | Int32", "size7 | Int64")
    expected = uncached(monkeypatch, lambda: schema(root))
    again = load_module.load(root, jobs=2)
    assert "Int64" in repr(next(page for page in again.pages if page.path == "resources/thing7.md"))
    assert len(entries(cache)) == 1 and again.cached == count - 1
    assert schema(root) == expected


def test_another_tree_finds_the_pages_of_a_pack_by_its_key_list(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "many"
    count = load_module.PARALLEL_THRESHOLD + 20
    _many_pages(root, count)
    load_module.load(root, jobs=2)
    copy = tmp_path / "elsewhere" / "many"
    shutil.copytree(root, copy)
    _retype(copy / "resources" / "thing3.md", "size3 | Int32", "size3 | Int64")  # a page the pack does not hold
    expected = uncached(monkeypatch, lambda: schema(copy))
    loaded = load_module.load(copy, jobs=2)
    assert loaded.cached == count - 1 and not entries(cache)  # (its own pack is written: every page came from elsewhere)
    assert len(packs(cache)) == 2 and schema(copy) == expected
    third = tmp_path / "third" / "many"
    shutil.copytree(root, third)
    for pack in packs(cache):
        pack.write_bytes(b"damaged")  # the key lists name pages that no pack holds any more
    assert load_module.load(third, jobs=2).pages == load_module.load(third, cache=False).pages


def test_a_mistyped_key_list_is_ignored(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema(docs))
    store = open_cache(Limits().max_example_bytes, False, {"GEN_CACHE_DIR": str(cache)})
    assert store is not None
    store.put(f"{KEYS_PREFIX}{0:064x}", pickle.dumps([["not", "a", "key"], 3, None]), whole=True)
    store.put(f"{KEYS_PREFIX}{1:064x}", pickle.dumps({"not": "a list"}), whole=True)
    assert schema(docs) == expected


def test_what_a_pack_written_again_no_longer_holds_is_kept_as_entries(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "many"
    count = load_module.PARALLEL_THRESHOLD + 20
    _many_pages(root, count)
    first = load_module.load(root, jobs=2)
    changed = range(REPACK_PAGES + 8)  # a branch switched: enough pages for a new pack
    for n in changed:
        _retype(root / "resources" / f"thing{n}.md", "id | String", "id | Guid")
    second = load_module.load(root, jobs=2)
    assert second.cached == count - len(changed)
    assert len(entries(cache)) == len(changed)  # the first pack's versions of the changed pages
    for n in changed:
        _retype(root / "resources" / f"thing{n}.md", "id | Guid", "id | String")
    back = load_module.load(root, jobs=2)
    assert back.cached == count and back.pages == first.pages


def test_two_builds_at_once_share_a_cache(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema_json(docs))
    command = [sys.executable, "-m", "generator", "-q", "schema", str(docs)]
    for _ in range(2):  # cold, then warm
        running = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outputs = [process.communicate(timeout=120) for process in running]
        assert [process.returncode for process in running] == [0, 0, 0], [err for _, err in outputs]
        assert all(out == expected for out, _ in outputs)
    assert len(entries(cache)) == pages(docs)
    assert not [p for p in (cache / f"{FOLDER_PREFIX}{FORMAT}").iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into a read-only folder (the next test simulates one)")
def test_a_read_only_cache_is_read_and_not_written(cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    schema(docs)
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    page = docs / "resources" / "driver.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    before = entries(cache)
    expected = uncached(monkeypatch, lambda: schema(docs))
    folder.chmod(0o500)
    try:
        parses.clear()
        assert schema(docs) == expected
        assert dict(parses) == {"resources/driver.md": 1}  # the rest were read from the cache
        assert entries(cache) == before
    finally:
        folder.chmod(0o700)


def test_a_cache_that_cannot_be_written_falls_back_to_parsing(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema(docs))
    expected_json = uncached(monkeypatch, lambda: schema_json(docs))
    tries: list[str] = []

    def read_only(path: Any, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            tries.append(str(path))
            raise OSError(errno.EROFS, "Read-only file system")
        return os.open(path, flags, mode)

    with monkeypatch.context() as patch:
        for module in (cache_module, read_module):  # (an entry written in place is opened by read.open_regular)
            patch.setattr(module, "os", _Os(open=read_only))
        assert schema_json(docs) == expected_json
    assert len(tries) == 2  # in place, then beside: then given up, not tried again for every page
    assert entries(cache) == {}
    shutil.rmtree(cache)
    cache.write_text("a file where the cache folder goes")  # nothing can be created under it
    assert schema(docs) == expected
    assert cache.read_text() == "a file where the cache folder goes"


def test_a_full_disk_leaves_no_partial_entry(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(monkeypatch, lambda: schema_json(docs))
    real_fdopen = os.fdopen
    writes: list[int] = []

    def full(descriptor: int, data: Any) -> int:
        writes.append(len(data))
        os.write(descriptor, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    class Full(io.RawIOBase):  # the file beside the entry, written through a file object
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: Any) -> int:
            return full(self.handle.fileno(), data)

        def close(self) -> None:
            self.handle.close()

    with monkeypatch.context() as patch:
        replaced = _Os(write=full, fdopen=lambda fd, mode="r": Full(real_fdopen(fd, mode)) if mode == "wb" else real_fdopen(fd, mode))
        patch.setattr(cache_module, "os", replaced)
        assert schema_json(docs) == expected
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    assert len(writes) == 2  # in place, then beside: then left alone, not tried again for every page
    assert [p.name for p in folder.iterdir()] == []  # no entry and no temporary file


def test_a_page_entry_is_written_in_place_and_a_half_written_one_is_parsed_again(
    cache: Path, docs: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of renames cost ten times the writes: a page's entry is written where it is read.
    A reader that meets one half written (by a load beside it, or a writer killed mid-write)
    finds its checksum wrong and parses the page: the same result."""
    expected = uncached(monkeypatch, lambda: schema(docs))
    with monkeypatch.context() as patch:
        renames: list[str] = []
        patch.setattr(cache_module, "os", _Os(replace=lambda source, target: renames.append(str(target)) or os.replace(source, target)))
        assert schema(docs) == expected
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    assert len(entries(cache)) > 1  # (and only the pack is renamed into place)
    assert sorted(Path(target).name for target in renames) == sorted(p.name for p in folder.iterdir() if p.name.startswith((PACK_PREFIX, KEYS_PREFIX)))
    unpack(cache)
    halves = sorted(entries(cache))[::4]
    for name in halves:
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[: len(data) // 2])
    parses.clear()
    assert schema(docs) == expected
    assert sum(parses.values()) == len(halves)


def test_the_pack_is_renamed_into_place_from_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ParseCache(tmp_path, b"salt")
    renames: list[tuple[Path, Path, bytes]] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        renames.append((Path(source), Path(target), Path(source).read_bytes()))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    key = store.key("a.md", "0" * 64)
    store.put(key, pickle.dumps({"value": 1}), whole=True)
    [(source, target, written)] = renames
    assert source.parent == target.parent == tmp_path and source.name.startswith(".tmp-") and target.name == key
    assert target.read_bytes() == written and store.get(key) == {"value": 1}
    assert [p.name for p in tmp_path.iterdir()] == [key]

    def interrupted(source: str, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    other = store.key("b.md", "0" * 64)
    with pytest.raises(KeyboardInterrupt):
        store.put(other, pickle.dumps(2), whole=True)
    assert [p.name for p in tmp_path.iterdir()] == [key]  # the temporary file is removed

    monkeypatch.setattr(os, "replace", real_replace)
    (tmp_path / f".tmp-{os.getpid()}-{other}").write_bytes(b"left by a killed process of this id")
    store.put(other, pickle.dumps(2), whole=True)
    assert store.get(other) == 2 and sorted(p.name for p in tmp_path.iterdir()) == sorted([key, other])


def test_the_cache_is_off_when_asked(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_module.load(docs, cache=False)
    assert not cache.exists()
    monkeypatch.setenv("GEN_NO_CACHE", "1")
    schema(docs)
    assert not cache.exists()
    monkeypatch.setenv("GEN_NO_CACHE", "0")
    schema(docs)
    assert entries(cache)


def test_a_folder_others_may_write_is_not_used(cache: Path, docs: Path, parses: collections.Counter[str]) -> None:
    schema(docs)
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    folder.chmod(0o777)  # anyone could plant a pickle here
    try:
        parses.clear()
        schema(docs)
        assert sum(parses.values()) == pages(docs)
        assert open_cache(Limits().max_example_bytes, False) is None or not hasattr(os, "getuid")
    finally:
        folder.chmod(0o700)


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = str(tmp_path / "home")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path.replace("~", home, 1))
    assert cache_home({"GEN_CACHE_DIR": "/x/gen", "XDG_CACHE_HOME": "/y"}) == Path("/x/gen")
    assert cache_home({"XDG_CACHE_HOME": "/y"}) == Path("/y/gen")
    assert cache_home({"XDG_CACHE_HOME": "relative"}) in (Path(home) / ".cache/gen", Path(home) / "Library/Caches/gen")
    monkeypatch.setattr(sys, "platform", "linux")
    assert cache_home({}) == Path(home) / ".cache" / "gen"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache_home({}) == Path(home) / "Library" / "Caches" / "gen"
    for off in ("1", "yes", "true", "TRUE"):
        assert cache_home({"GEN_NO_CACHE": off, "GEN_CACHE_DIR": "/x"}) is None
    for on in ("0", "", "false", "No", "off"):
        assert cache_home({"GEN_NO_CACHE": on, "GEN_CACHE_DIR": "/x"}) == Path("/x")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home at all
    assert cache_home({}) is None


def test_prune_removes_the_unused_then_the_least_recently_used(tmp_path: Path) -> None:
    folder = tmp_path / f"{FOLDER_PREFIX}{FORMAT}"
    older = tmp_path / f"{FOLDER_PREFIX}0"  # an older gen's entries are pruned too
    for place in (folder, older):
        place.mkdir(mode=0o700)
    now = time.time()

    def entry(place: Path, n: int, age_days: float, size: int = 100) -> Path:
        path = place / f"{n:064x}"
        path.write_bytes(b"x" * size)
        os.utime(path, (now - age_days * 86400, now - age_days * 86400))
        return path

    fresh = [entry(folder, n, n) for n in range(5)]  # 0..4 days old
    stale = entry(older, 10, MAX_AGE_SECONDS / 86400 + 1)
    temporary = folder / ".tmp-left-by-a-kill"
    temporary.write_bytes(b"x")
    os.utime(temporary, (now - 7200, now - 7200))
    young_temporary = folder / ".tmp-being-written"
    young_temporary.write_bytes(b"x")
    other = folder / "notes.txt"
    other.write_text("not an entry")
    assert prune(tmp_path, max_bytes=300, now=now) == 4  # stale, the old temporary, the two oldest past 300 bytes
    assert [p.exists() for p in fresh] == [True, True, True, False, False]
    assert not stale.exists() and not temporary.exists() and young_temporary.exists() and other.exists()


def test_prune_takes_packs_and_key_lists_as_entries(tmp_path: Path) -> None:
    folder = tmp_path / f"{FOLDER_PREFIX}{FORMAT}"
    folder.mkdir(mode=0o700)
    old = time.time() - MAX_AGE_SECONDS - 86400
    names = [f"{PACK_PREFIX}{0:064x}", f"{KEYS_PREFIX}{0:064x}", f"{1:064x}"]
    for name in names:
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (old, old))
    assert prune(tmp_path) == 3 and not list(folder.iterdir())


def test_prune_runs_after_a_big_parse_or_daily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def prune(home: Path, now: float | None = None) -> int:
        calls.append(home)
        return 0

    monkeypatch.setattr(cache_module, "prune", prune)
    folder = tmp_path / f"{FOLDER_PREFIX}{FORMAT}"
    folder.mkdir(mode=0o700)
    store = ParseCache(folder, b"salt")
    now = time.time()
    day = cache_module.PRUNE_EVERY_SECONDS
    store.prune_if_due(1, now=now)  # never pruned yet
    store.prune_if_due(1, now=now + day / 2)  # too soon
    store.prune_if_due(0, now=now + 2 * day)  # nothing parsed
    store.prune_if_due(cache_module.PRUNE_AFTER_PARSES, now=now + day / 2)  # a big parse
    store.prune_if_due(1, now=now + 2 * day)  # long enough after the last
    assert calls == [tmp_path] * 3


def test_the_fingerprint_covers_the_parsing_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = cache_module.parser_fingerprint()  # (before the patch: what the process keeps for later tests)
    for part in ("docs", "model", "sdk"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "code.py").write_text("x = 1\n")
    monkeypatch.setattr(cache_module, "_PACKAGE", tmp_path)
    fingerprint: Callable[[], str] = cache_module.parser_fingerprint.__wrapped__
    first = fingerprint()
    (tmp_path / "sdk" / "code.py").write_text("x = 2\n")  # not parsing code
    assert fingerprint() == first
    (tmp_path / "model" / "code.py").write_text("x = 2\n")
    second = fingerprint()
    assert second != first
    (tmp_path / "docs" / "new.py").write_text("")
    assert fingerprint() not in (first, second)
    for part in ("docs", "model"):
        shutil.rmtree(tmp_path / part)
    assert fingerprint() == ""  # no source to identify the parser by: no cache
    assert cache_module.parser_fingerprint() == real != ""  # computed once: the patched package is not read


def test_the_fingerprint_covers_the_code_of_attrs_that_makes_the_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "attr"
    library.mkdir()
    (library / "__init__.py").write_text("")
    (library / "_make.py").write_text("x = 1\n")
    stand_in = types.ModuleType("attr")
    stand_in.__spec__ = importlib.util.spec_from_file_location("attr", library / "__init__.py", submodule_search_locations=[str(library)])
    monkeypatch.setitem(sys.modules, "attr", stand_in)  # (the library's source is found from here)
    fingerprint: Callable[[], str] = cache_module.parser_fingerprint.__wrapped__
    first = fingerprint()
    (library / "_make.py").write_text("x = 2\n")  # another attrs: records may pickle otherwise
    assert fingerprint() not in ("", first)


def test_a_key_names_the_page_its_bytes_and_the_options(tmp_path: Path) -> None:
    a = ParseCache(tmp_path, b"one")
    b = ParseCache(tmp_path, b"two")
    keys = {a.key("a.md", "1" * 64), a.key("b.md", "1" * 64), a.key("a.md", "2" * 64), b.key("a.md", "1" * 64)}
    assert len(keys) == 4 and all(len(key) == 64 for key in keys)
    first = open_cache(100, False, {"GEN_CACHE_DIR": str(tmp_path / "c")})
    second = open_cache(100, True, {"GEN_CACHE_DIR": str(tmp_path / "c")})
    third = open_cache(200, False, {"GEN_CACHE_DIR": str(tmp_path / "c")})
    assert first and second and third
    assert len({store.key("a.md", "1" * 64) for store in (first, second, third)}) == 3


# Processes, sockets and a disk filled by hand: run by CI with the slow tests, not by the README command.
pytestmark = pytest.mark.slow


def test_every_build_is_byte_identical_whatever_the_cache_and_the_output_held(
    cache: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold, warm, damaged, after an edit undone, with one worker or two: the bytes a build
    without any cache writes; and ``gen check`` names exactly the files a cold build changes."""
    from generator.sdk import format as format_module

    monkeypatch.setattr(load_module, "PARALLEL_THRESHOLD", 1)  # small trees use the workers too
    monkeypatch.setattr(format_module, "STREAM_CHUNK_BYTES", 20_000)  # many chunks for the format workers
    page = docs / "resources" / "vehicle.md"
    original = page.read_text(encoding="utf-8")
    mark = next(line for line in original.splitlines() if line.startswith("|vin|"))

    def build(out: Path, *options: str) -> dict[str, bytes]:
        done = run_gen("-q", "build", str(docs), "-o", str(out), "--package", "fleet_sdk", *options)
        assert done.returncode == 0, done.stderr
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    def cold(name: str) -> dict[str, bytes]:
        with monkeypatch.context() as patch:
            patch.setenv("GEN_NO_CACHE", "1")
            return build(tmp_path / name, "--jobs", "1")

    reference = cold("reference")
    assert build(tmp_path / "cold", "--jobs", "2") == reference and packs(cache)
    assert build(tmp_path / "warm", "--jobs", "1") == reference
    folder = cache / f"{FOLDER_PREFIX}{FORMAT}"
    written = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    assert len(written) > 1
    for n, target in enumerate(written):  # every entry, pack and key list damaged: cut short, foreign or gone
        blob = target.read_bytes()
        if n % 3 == 2:
            target.unlink()
        else:
            target.write_bytes(blob[: len(blob) // 2] if n % 3 == 0 else b"not an entry")
    assert build(tmp_path / "damaged", "--jobs", "2") == reference

    kept = tmp_path / "kept"  # one output folder, rebuilt in place through an edit and its undoing
    build(kept, "--jobs", "2")
    page.write_text(original.replace(mark, "|mileageKm|Int32|Kilometres driven.|\n" + mark, 1), encoding="utf-8")
    edited = cold("edited")
    checked = run_gen("-q", "check", str(docs), "-o", str(kept), "--format", "json")
    assert checked.returncode == 1, checked.stderr
    files = json.loads(checked.stdout)["files"]
    differing = {path for path in set(edited) | set(reference) if edited.get(path) != reference.get(path)}
    assert set(files["added"]) | set(files["changed"]) | set(files["removed"]) | {"gen-lock.json"} == differing
    assert build(kept, "--jobs", "1") == edited
    page.write_text(original, encoding="utf-8")
    assert build(kept, "--jobs", "2") == reference


def test_the_build_summary_says_what_the_caches_gave(cache: Path, docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    first = run_gen("build", str(docs), "-o", str(out), "--package", "fleet_sdk")
    pages = len(load_module.load(docs, cache=False).pages)
    assert f"0 of {pages} pages parsed before" in first.stderr and " 0 reused as the last build formatted them" in first.stderr
    page = docs / "resources" / "location.md"
    page.write_text(page.read_text(encoding="utf-8").replace("as the geocoder returned it", "as the geocoder wrote it"), encoding="utf-8")
    second = run_gen("build", str(docs), "-o", str(out))
    assert f"{pages - 1} of {pages} pages parsed before" in second.stderr, second.stderr
    assert "1 formatted (as black writes them)" in second.stderr
    # The edit changed one model's view: every other template file was taken from the output unrendered.
    assert " 0 not rendered again (same view)" in first.stderr
    views = sum(1 for entry in json.loads((out / "gen-lock.json").read_text())["files"].values() if "view" in entry)
    assert views > 40 and f" {views - 1} not rendered again (same view)" in second.stderr, second.stderr
