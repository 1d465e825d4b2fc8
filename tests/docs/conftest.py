"""Fixtures of the docs wing's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh gen cache folder of this test's own (``GEN_CACHE_DIR``), the cache on: none
    reads or writes the user's. Parse entries are in ``<cache>/parse-N``."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)
    return folder
