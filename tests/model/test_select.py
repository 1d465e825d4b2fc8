"""--include/--exclude: the documented paths a user names, and every type they reach (issue 25)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import ApiModel
from generator.model.select import Selection, path_matches, select
from helpers import ROOT, run_gen


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("/users/**", "/users", True),
        ("/users/**", "/users/{id}/calendars/{calendar-id}", True),
        ("/users/**", "/groups/{id}", False),
        ("/groups/{id}/members", "/groups/{group-id}/members", True),  # any placeholder name
        ("/groups/{id}/members", "/groups/{id}/owners", False),
        ("/users/*", "/users/{id}", True),
        ("/users/*", "/users/{id}/photo", False),
        ("/me/**/photo", "/me/photo", True),
        ("/me/**/photo", "/me/contacts/{id}/photo", True),
        ("/Fleet/Vehicles", "/fleet/vehicles", True),  # case-insensitive, as Graph's paths are
        ("/fleet/vehicles", "/fleet/vehicles/{id}", False),
        ("/fleet/v*", "/fleet/vehicles", True),
    ],
)
def test_patterns_match_documented_paths_segment_by_segment(pattern: str, path: str, matches: bool) -> None:
    assert path_matches(pattern, path) is matches


def test_many_double_stars_stay_linear() -> None:
    assert not path_matches("/" + "/**" * 300 + "/x", "/a" * 3000)


def test_everything_is_the_model_itself(docs_input_model: ApiModel) -> None:
    assert select(docs_input_model, Selection()) is docs_input_model


def test_a_selection_keeps_its_operations_and_the_types_they_reach(docs_input_model: ApiModel) -> None:
    chosen = select(docs_input_model, Selection(include=("/fleet/vehicles/**",), exclude=("/fleet/vehicles/*/telemetrySessions/**",)))
    paths = [path for operation in chosen.operations for path in operation.paths]
    assert paths and all(path.lower().startswith("/fleet/vehicles") and "telemetrysessions" not in path.lower() for path in paths)
    assert {example.operation for example in chosen.examples} <= {operation.name for operation in chosen.operations}
    assert "microsoft.graph.vehicle" in chosen.types and "microsoft.graph.driver" in chosen.types  # a property's type
    assert "microsoft.graph.fleetReport" not in chosen.types  # no kept operation reaches it
    for typedef in chosen.types.values():  # closed: bases and property types are kept too
        assert typedef.base is None or typedef.base in chosen.types or typedef.base not in docs_input_model.types
        for prop in typedef.properties:
            assert prop.type.name in chosen.types or prop.type.name not in docs_input_model.types


def test_a_path_of_an_operation_left_out_is_dropped_and_the_rest_kept(docs_input_model: ApiModel) -> None:
    (shared,) = [op for op in docs_input_model.operations if len(op.paths) > 1][:1]
    chosen = select(docs_input_model, Selection(include=(shared.paths[0],)))
    (kept,) = [op for op in chosen.operations if op.name == shared.name]
    assert kept.paths == [shared.paths[0]] and set(kept.path_lines) <= {shared.paths[0]}


def test_build_check_and_test_honour_the_selection(tmp_path: Path) -> None:
    out, docs = tmp_path / "sdk", str(ROOT / "docs-input")
    part = ("--include", "/fleet/vehicles/**", "--exclude", "/fleet/vehicles/*/telemetrySessions/**")
    built = run_gen("-q", "build", docs, "-o", str(out), "--package", "part_sdk", *part, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert run_gen("-q", "check", docs, "-o", str(out), *part, cwd=tmp_path).returncode == 0
    other = run_gen("-q", "check", docs, "-o", str(out), "--include", "/fleet/**", cwd=tmp_path)
    assert other.returncode == 1 and "--include '/fleet/**'" in other.stdout  # the fix names the selection
    schema = json.loads((out / "gen-schema.json").read_text(encoding="utf-8"))
    assert "fleetReport" not in {item["name"] for item in schema["types"]}
    tested = run_gen("-q", "test", docs, "--format", "json", *part, cwd=tmp_path)
    assert tested.returncode == 0, tested.stderr
    summary = json.loads(tested.stdout)["summary"]
    assert summary["examples"] == summary["lossless"] > 0 and summary["replayed"] == summary["replay_matched"] > 0


def test_a_selection_that_keeps_nothing_is_a_usage_error(tmp_path: Path) -> None:
    done = run_gen("-q", "build", str(ROOT / "docs-input"), "-o", str(tmp_path / "sdk"), "--include", "/nothing/**", cwd=tmp_path)
    assert done.returncode == 2 and "leave no documented path" in done.stderr
    assert not (tmp_path / "sdk").exists()


def test_the_selection_comes_from_tool_gen_too(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gen]\ninclude = ["/fleet/vehicles/**"]\n', encoding="utf-8")
    built = run_gen("-q", "build", str(ROOT / "docs-input"), "-o", str(tmp_path / "sdk"), "--package", "cfg_sdk", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "sdk" / "cfg_sdk" / "models" / "fleet_report.py").exists()
    (tmp_path / "pyproject.toml").write_text('[tool.gen]\ninclude = [1]\n', encoding="utf-8")
    assert run_gen("-q", "build", str(ROOT / "docs-input"), "-o", str(tmp_path / "x"), cwd=tmp_path).returncode == 2


@pytest.mark.slow
def test_an_included_sdk_imports_and_passes_mypy_strict(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "sdk"
    part = ("--include", "/fleet/vehicles/**", "--exclude", "/fleet/vehicles/*/telemetrySessions/**")
    assert run_gen("-q", "build", str(ROOT / "docs-input"), "-o", str(out), "--package", "part_sdk", *part).returncode == 0
    imported = subprocess.run([sys.executable, "-c", "import part_sdk, part_sdk.client, part_sdk.models"], cwd=out,
                              capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    checked = subprocess.run([str(Path(sys.executable).parent / "mypy"), "--strict", "--no-incremental", "--cache-dir",
                              str(tmp_path / "cache"), "part_sdk"], cwd=out, capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout[-3000:]
