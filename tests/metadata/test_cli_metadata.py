"""``--metadata`` on the command line: every command that reads docs takes it, before or after
the command, or from ``[tool.gen] metadata``; an unusable file is exit 2 with nothing written.

Run in process (``generator.cli.main``): exit codes and output are the point, not signals.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs-input"
METADATA = DOCS / "metadata.xml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


@pytest.mark.parametrize("before", [True, False], ids=["before-the-command", "after-the-command"])
def test_lint_reports_the_disagreements_in_every_format(capsys: pytest.CaptureFixture[str], before: bool) -> None:
    option = ["--metadata", str(METADATA)]
    argv = [*option, "lint", str(DOCS)] if before else ["lint", str(DOCS), *option]
    code, out, _ = run(capsys, *argv, "--format", "json", "--fail-on", "none")
    document = json.loads(out)
    assert code == 0 and document["format"] == "gen-lint/1"
    codes = {f["code"] for f in document["findings"]}
    assert {"GEN711", "GEN712", "GEN721"} <= codes
    assert document["coverage"]["entity sets and singletons"] == {"total": 2, "undocumented": ["geofences"]}
    code, out, _ = run(capsys, *argv, "--format", "sarif", "--fail-on", "none")
    sarif = json.loads(out)
    assert "GEN715" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert sarif["runs"][0]["properties"]["coverage"]["bound actions and functions"]["total"] == 3
    code, out, _ = run(capsys, *argv, "--format", "github", "--fail-on", "none")
    assert "title=GEN7" in out and "gen lint: bound actions and functions: 1 of 3" in out
    code, out, _ = run(capsys, *argv, "--fail-on", "warning")
    assert code == 1 and "metadata coverage:" in out


def test_the_metadata_file_is_named_as_pages_are(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    docs = tmp_path / "repo" / "docs"
    shutil.copytree(DOCS, docs)
    metadata = tmp_path / "repo" / "service" / "metadata.xml"
    metadata.parent.mkdir()
    shutil.move(docs / "metadata.xml", metadata)
    _, out, _ = run(capsys, "lint", str(docs), "--metadata", str(metadata), "--format", "json", "--fail-on", "none")
    files = {f["file"] for f in json.loads(out)["findings"] if f["code"] == "GEN720"}
    assert files == {"../service/metadata.xml"}  # relative to the docs, as every page is


def test_schema_and_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "schema", str(DOCS), "--metadata", str(METADATA))
    types = {f"{t['namespace']}.{t['name']}": t for t in json.loads(out)["types"]}
    assert code == 0 and "microsoft.graph.geofence" in types
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.gen]\ndocs = "{DOCS.as_posix()}"\nmetadata = "{METADATA.as_posix()}"\n', encoding="utf-8")
    code, out, _ = run(capsys, "--config", str(config), "schema")
    assert code == 0 and "geofence" in out


@pytest.mark.parametrize("text", [
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x>&a;</x>',
    "<not-closed>",
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>'
    '<Schema Namespace="another.service" xmlns="http://docs.oasis-open.org/odata/ns/edm"/>'
    "</edmx:DataServices></edmx:Edmx>",
], ids=["entity-declaration", "malformed", "another-service"])
def test_an_unusable_file_is_exit_2_and_nothing_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    out_dir = tmp_path / "sdk"
    code, _, err = run(capsys, "build", str(DOCS), "-o", str(out_dir), "--metadata", str(bad), "-q")
    assert code == 2 and not out_dir.exists()
    assert "GEN70" in err and "leave out --metadata" in err and "Traceback" not in err


def test_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "schema", str(DOCS), "--metadata", str(tmp_path / "nowhere.xml"))
    assert code == 2 and "does not exist" in err


def test_check_goes_stale_when_the_metadata_changes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    metadata = tmp_path / "metadata.xml"
    shutil.copy(METADATA, metadata)
    out_dir = tmp_path / "sdk"
    code, _, _ = run(capsys, "build", str(DOCS), "-o", str(out_dir), "--metadata", str(metadata), "--package", "md_sdk", "-q")
    assert code == 0 and (out_dir / "md_sdk" / "models" / "geofence.py").is_file()
    code, out, _ = run(capsys, "check", str(DOCS), "-o", str(out_dir), "--metadata", str(metadata), "--package", "md_sdk")
    assert code == 0, out
    metadata.write_text(metadata.read_text(encoding="utf-8").replace('Name="radiusMeters"', 'Name="radiusKm"'), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(DOCS), "-o", str(out_dir), "--metadata", str(metadata), "--package", "md_sdk")
    assert code == 1 and "--metadata" in out
    code, out, _ = run(capsys, "check", str(DOCS), "-o", str(out_dir), "--package", "md_sdk")  # the docs alone: another model
    assert code == 1
