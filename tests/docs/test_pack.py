"""A tree's pack (docs/pack.py): one read for every unchanged page, the same model whatever it holds."""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.docs import cache as cache_module
from generator.docs import pack as pack_module
from generator.docs.pack import PACK_PREFIX
from generator.model.schema import schema_json

load_module = importlib.import_module("generator.docs.load")  # (the package's ``load`` is the function)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cache entries read, by name (a pack's name starts with ``pack-``)."""
    names: list[str] = []
    original = cache_module.ParseCache.get_payload

    def counting(self: cache_module.ParseCache, key: str) -> bytes | None:
        names.append(key)
        return original(self, key)

    monkeypatch.setattr(cache_module.ParseCache, "get_payload", counting)
    return names


def schema_of(docs: Path, cache: bool = True) -> tuple[str, int]:
    loaded = load_module.load(docs, cache=cache)
    return schema_json(loaded.model), loaded.cached


def parse_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads of docs-input parse in two workers (it is below the size that starts them)."""
    monkeypatch.setattr(load_module, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(load_module, "workers_for", lambda jobs, many: 2 if many else 1)


def packs(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"*/{PACK_PREFIX}*"))


def test_a_second_load_reads_the_pack_and_no_entry(cache: Path, docs: Path, reads: list[str]) -> None:
    expected, _ = schema_of(docs, cache=False)
    first, cached = schema_of(docs)
    assert first == expected and cached == 0 and len(packs(cache)) == 1
    reads.clear()
    second, cached = schema_of(docs)
    assert second == expected and cached == len(load_module.load(docs, cache=False).pages)
    assert len(reads) == 1 and reads[0].startswith(PACK_PREFIX)


def test_an_edited_page_takes_its_entry_and_the_pack_waits_for_many(cache: Path, docs: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    schema_of(docs)
    [pack] = packs(cache)
    written = pack.read_bytes()
    page = docs / "resources" / "driver.md"
    page.write_text(page.read_text(encoding="utf-8").replace("|id|", "|licence|String|The driving licence.|\n|id|", 1), encoding="utf-8")
    reads.clear()
    edited, _ = schema_of(docs)
    assert edited == schema_of(docs, cache=False)[0] and "licence" in edited
    # The edited page's entries alone: its own, then gen lint's of the same page (neither is there).
    assert [name for name in reads if not name.startswith(PACK_PREFIX)] == reads[-2:]
    assert pack.read_bytes() == written  # one page from elsewhere: the pack is not written again
    monkeypatch.setattr(pack_module, "REPACK_PAGES", 1)
    schema_of(docs)
    assert pack.read_bytes() != written  # past the bound, it is
    reads.clear()
    assert schema_of(docs)[0] == edited and len(reads) == 1


def test_a_damaged_stale_or_foreign_pack_changes_nothing(cache: Path, docs: Path) -> None:
    expected, _ = schema_of(docs, cache=False)
    schema_of(docs)
    [pack] = packs(cache)
    good = pack.read_bytes()
    other_tree = docs.parent / "other"
    shutil.copytree(docs, other_tree)
    schema_of(other_tree)  # another tree keeps a pack of its own
    assert len(packs(cache)) == 2
    [foreign] = [path for path in packs(cache) if path != pack]
    spoilt = [good[: len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b"", foreign.read_bytes()]
    for data in spoilt:
        pack.write_bytes(data)
        assert schema_of(docs)[0] == expected
    # A page edited behind a pack's back (same size, same time: the change time tells).
    page = docs / "resources" / "driver.md"
    text = page.read_text(encoding="utf-8")
    info = page.stat()
    page.write_text(text.replace("|displayName|String|", "|displayName|Double|", 1), encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    edited, _ = schema_of(docs, cache=False)
    assert edited != expected
    assert schema_of(docs)[0] == edited


def test_a_scan_load_keeps_a_pack_of_its_own(cache: Path, docs: Path, reads: list[str]) -> None:
    plain = load_module.load(docs)
    scanned = load_module.load(docs, scan=True)
    assert scanned.scans is not None and len(packs(cache)) == 2
    reads.clear()
    again = load_module.load(docs, scan=True)
    assert again.scans == scanned.scans and again.cached == len(plain.pages) and len(reads) == 1


@pytest.mark.parametrize("in_workers", [False, True], ids=["entries", "pack-only"])
def test_a_load_without_scans_takes_its_pages_from_a_lints_parse(
    cache: Path, docs: Path, in_workers: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gen lint's parses hold the same facts: gen check, schema or drift after it parse no page,
    whether lint stored its pages as entries (in-process) or in its pack alone (workers)."""
    if in_workers and not hasattr(os, "fork"):
        pytest.skip("a load parses in workers only where processes fork")
    expected, _ = schema_of(docs, cache=False)
    if in_workers:
        parse_in_workers(monkeypatch)
    scanned = load_module.load(docs, scan=True)
    assert scanned.cached == 0 and scanned.scans is not None
    parsed: list[str] = []
    monkeypatch.setattr(load_module, "parse_page", lambda page, *rest: parsed.append(page.path))
    plain, cached = schema_of(docs)
    assert plain == expected and cached == len(scanned.pages) and parsed == []
    assert len(packs(cache)) == 2  # (its own, written from lint's pages: the next load reads one pack)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pack is written by a process of its own only where processes fork")
def test_a_load_that_parsed_in_workers_writes_its_pack_in_a_process_of_its_own(
    cache: Path, docs: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack is pickled and written while the load resolves; the load waits for it."""
    expected, _ = schema_of(docs, cache=False)
    writers: list[int] = []
    real = pack_module.in_background

    def counted(work: Any) -> Any:
        writers.append(os.getpid())
        return real(work)

    parse_in_workers(monkeypatch)
    monkeypatch.setattr(pack_module, "in_background", counted)
    first, _ = schema_of(docs)
    assert first == expected and writers == [os.getpid()] and len(packs(cache)) == 1
    reads.clear()
    second, _ = schema_of(docs)
    assert second == expected and len(reads) == 1 and reads[0].startswith(PACK_PREFIX)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a load parses in workers only where processes fork")
def test_the_pack_keeps_the_workers_parts_as_they_came(cache: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold load in workers pickles no page's facts again for its pack: every page is in a part.
    A part that does not unpickle costs its pages a parse, and changes nothing else."""
    expected, _ = schema_of(docs, cache=False)
    parse_in_workers(monkeypatch)
    written: list[pack_module.PackFile] = []
    real_pack_file = pack_module._pack_file
    monkeypatch.setattr(pack_module, "in_background", lambda work: work() or (lambda: None))  # (here: to see it)
    monkeypatch.setattr(pack_module, "_pack_file", lambda *args: written.append(real_pack_file(*args)) or written[-1])
    first = load_module.load(docs)
    assert schema_json(first.model) == expected and first.cached == 0
    [pack_file] = written
    assert pack_file.loose == {} and len(pack_file.parts) > 1
    assert sorted(path for _, heads in pack_file.parts for path in heads) == sorted(page.path for page in first.pages)

    damaged = pack_file.parts[0][0]
    real_parses = pack_module.part_parses
    monkeypatch.setattr(pack_module, "part_parses", lambda payload: None if payload == damaged else real_parses(payload))
    parsed: list[str] = []
    real_parse = load_module._parsed
    monkeypatch.setattr(load_module, "_parsed", lambda page, *rest: parsed.append(page.path) or real_parse(page, *rest))
    monkeypatch.setattr(load_module, "workers_for", lambda jobs, many: 1)  # (the parse is counted in this process)
    again = load_module.load(docs)
    assert schema_json(again.model) == expected
    assert sorted(parsed) == sorted(pack_file.parts[0][1]) and again.cached == len(first.pages) - len(parsed)


@pytest.mark.parametrize("value", [
    {"a.md": "not a pack file"},
    pack_module.PackFile({}, ((b"not a pickle", {"a.md": ("digest", [])}),)),
    pack_module.PackFile({}, (("not bytes", {"a.md": ("digest", [])}),)),
    pack_module.PackFile({}, ((b"", {"a.md": "no digest"}),)),
    pack_module.PackFile({}, (b"no heads",)),
])
def test_a_pack_of_another_shape_holds_no_page(value: object) -> None:
    assert pack_module.packed_pages(value) == {}
