"""The templates' compiled code is kept in gen's cache folder: a process loads it rather than
compiling the templates again, and a damaged, foreign or missing entry changes nothing."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from generator.sdk.render.compiled import FOLDER_PREFIX, bytecode_cache
from generator.sdk.render.package import make_environment

TEMPLATE = "models/enum.py.j2"
CONTEXT: dict[str, Any] = {
    "package": "p",
    "enum": {"qualified": "ns.color", "source": "resources/color.md", "name": "Color", "up": "p",
             "description": "A color.", "flags": False, "members": [{"name": "RED", "value": "red", "description": ""}]},
}


def _compiles(monkeypatch: pytest.MonkeyPatch, env: Any) -> list[str]:
    compiled: list[str] = []
    real = env.compile
    monkeypatch.setattr(env, "compile", lambda source, name=None, *args, **kwargs: compiled.append(name) or real(
        source, name, *args, **kwargs))
    return compiled


def test_a_second_process_loads_the_compiled_template(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_environment()
    first_compiles = _compiles(monkeypatch, first)
    text = first.get_template(TEMPLATE).render(**CONTEXT)
    assert first_compiles == [TEMPLATE]
    folders = list(cache.glob(f"{FOLDER_PREFIX}*"))
    assert len(folders) == 1 and any(folders[0].iterdir())
    second = make_environment()  # (as a new process makes it)
    second_compiles = _compiles(monkeypatch, second)
    assert second.get_template(TEMPLATE).render(**CONTEXT) == text
    assert second_compiles == []


def test_a_damaged_entry_is_compiled_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = make_environment().get_template(TEMPLATE).render(**CONTEXT)
    for entry in next(cache.glob(f"{FOLDER_PREFIX}*")).iterdir():
        entry.write_bytes(entry.read_bytes()[:20])  # (the header, and part of the checksum's pickle)
    env = make_environment()
    compiles = _compiles(monkeypatch, env)
    assert env.get_template(TEMPLATE).render(**CONTEXT) == text and compiles == [TEMPLATE]


def test_no_folder_without_the_cache_or_outside_the_users_own(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEN_NO_CACHE", "1")
    assert bytecode_cache() is None and not cache.exists()
    monkeypatch.delenv("GEN_NO_CACHE")
    assert bytecode_cache() is not None
    folder = next(cache.glob(f"{FOLDER_PREFIX}*"))
    folder.chmod(0o777)  # (anyone could plant code there)
    try:
        assert bytecode_cache() is None
    finally:
        folder.chmod(0o700)


def test_another_generators_folder_goes_once_unused_for_a_month(cache: Path) -> None:
    old, recent = cache / f"{FOLDER_PREFIX}old", cache / f"{FOLDER_PREFIX}recent"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "entry.cache").write_bytes(b"x")
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old, (month_ago, month_ago))
    assert bytecode_cache() is not None
    assert not old.exists() and recent.exists()
