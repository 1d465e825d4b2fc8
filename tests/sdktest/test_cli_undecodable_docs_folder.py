"""``gen test DOCS`` where DOCS's own name is not valid UTF-8 (issue 26): it runs, as the
other commands do, instead of exiting 3 on the name (the scratch package's name was a
hash of the folder's name encoded as UTF-8)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from helpers import run_gen

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes")


def test_gen_test_on_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/caf\xe9"  # Latin-1 "café"
    try:
        os.mkdir(folder)
    except OSError:
        pytest.skip("the file system refuses a name that is not UTF-8")
    docs = Path(os.fsdecode(folder))
    shutil.copytree(ROOT / "docs-input", docs, dirs_exist_ok=True)
    report = tmp_path / "report.json"
    result = run_gen("-q", "test", str(docs), "--report", str(report))
    assert result.returncode == 0, result.stderr  # was 3: UnicodeEncodeError
    assert "internal error" not in result.stderr
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["summary"]["examples"] > 0 and document["summary"]["replay_matched"] > 0
