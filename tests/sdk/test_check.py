"""gen check: current, stale docs (named API elements), hand edits, never built."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import generator.sdk.ahead as ahead_module
from generator.sdk.check import check
from helpers import ROOT, run_gen


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs-input", docs)
    out = tmp_path / "sdk"
    result = run_gen("-q", "build", str(docs), "-o", str(out), "--package", "check_sdk")
    assert result.returncode == 0, result.stderr
    return docs, out


def test_fresh_build_is_current(built: tuple[Path, Path]) -> None:
    docs, out = built
    result = run_gen("check", str(docs), "-o", str(out), "--package", "check_sdk")
    assert result.returncode == 0
    assert "up to date" in result.stdout


def test_changed_docs_name_the_api_elements(built: tuple[Path, Path]) -> None:
    docs, out = built
    page = docs / "resources" / "vehicle.md"
    page.write_text(page.read_text().replace("|vin|", "|vehicleIdNumber|"), encoding="utf-8")
    result = run_gen("check", str(docs), "-o", str(out), "--package", "check_sdk", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    changes = {(c["change"], c["member"]) for c in report["changes"]}
    assert ("property-added", "vehicleIdNumber") in changes
    assert ("property-removed", "vin") in changes
    assert "check_sdk/models/vehicle.py" in report["files"]["changed"]
    assert report["fix"].startswith("gen build ")


def test_check_reports_the_same_files_whoever_renders(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """With two workers, check's render runs ahead in them (as a build's does): the same report."""
    docs, out = built
    page = docs / "resources" / "vehicle.md"
    page.write_text(page.read_text().replace("|vin|", "|vehicleIdNumber|"), encoding="utf-8")
    ran: list[int] = []
    real = ahead_module.render_ahead
    monkeypatch.setattr(ahead_module, "render_ahead", lambda *args, **kwargs: ran.append(1) or real(*args, **kwargs))
    one, two = (check(docs, out, "check_sdk", jobs=jobs) for jobs in (1, 2))
    assert ran == [1]  # (only with two workers)
    assert one == two and not one.current and one.files_changed == ["check_sdk/models/vehicle.py", "gen-schema.json"]


def test_description_change_is_stale_without_api_change(built: tuple[Path, Path]) -> None:
    docs, out = built
    page = docs / "resources" / "vehicle.md"
    text = page.read_text()
    assert "The vehicle identification number" in text
    page.write_text(text.replace("The vehicle identification number", "The reworded identification number"), encoding="utf-8")
    result = run_gen("check", str(docs), "-o", str(out), "--package", "check_sdk")
    assert result.returncode == 1
    assert "No API element changed" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_where_gen_wrote_a_file_is_reported_not_waited_on(built: tuple[Path, Path]) -> None:
    docs, out = built
    target = out / "check_sdk" / "models" / "trip.py"
    target.unlink()
    os.mkfifo(target)  # (a read would wait for a writer that never comes)
    result = run_gen("check", str(docs), "-o", str(out), "--package", "check_sdk", timeout=60)
    assert result.returncode == 1
    assert "check_sdk/models/trip.py: missing" in result.stdout


def test_hand_edited_file_is_caught(built: tuple[Path, Path]) -> None:
    docs, out = built
    target = out / "check_sdk" / "models" / "trip.py"
    target.write_text(target.read_text() + "\n# patched by hand\n")
    result = run_gen("check", str(docs), "-o", str(out), "--package", "check_sdk")
    assert result.returncode == 1
    assert "check_sdk/models/trip.py: edited by hand" in result.stdout
    assert "Fix: gen build" in result.stdout


def test_never_built_folder(tmp_path: Path) -> None:
    result = run_gen("check", "docs-input", "-o", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert "gen-lock.json" in result.stdout


def test_the_committed_sample_sdk_is_current() -> None:
    result = run_gen("check", "docs-input", "-o", "generated")
    assert result.returncode == 0, result.stdout


def test_another_package_name_is_stale(built: tuple[Path, Path]) -> None:
    docs, out = built
    result = run_gen("check", str(docs), "-o", str(out), "--package", "other_sdk")
    assert result.returncode == 1
    assert "built as package 'check_sdk'" in result.stdout
