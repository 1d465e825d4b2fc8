"""Drift kinds a docs team acts on: permissions, parameters, flags, severities, changelog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.drift.changelog import drift_changelog, semver_bump
from generator.drift.report import drift_markdown
from generator.model import Operation, Parameter, Property, TypeRef
from generator.model.diff import Change, fails, with_severities
from generator.model.diff_details import least_privileged, parameter_changes, permission_changes, property_flags

from helpers import ROOT, run_gen

S = TypeRef("Edm.String")


def _op(permissions: list[tuple[str, str]], parameters: tuple[Parameter, ...] = ()) -> Operation:
    return Operation("get_x", "Get x", "api/x.md", 1, "GET", ["/x"], permissions=permissions, parameters=list(parameters))


def test_least_privileged_by_name_whatever_the_order() -> None:
    assert least_privileged(["Fleet.ReadWrite.All", "Fleet.Read.All"]) == "Fleet.Read.All"
    assert least_privileged(["Directory.Read.All", "User.ReadWrite.All"]) == "User.ReadWrite.All"


def test_permission_replaced_by_a_higher_one_is_changed() -> None:
    before = _op([("Application", "Fleet.Read.All, Fleet.ReadWrite.All")])
    after = _op([("Application", "Fleet.ReadWrite.All")])
    assert list(permission_changes(before, after)) == [("permission-changed", "Application", "Fleet.Read.All", "Fleet.ReadWrite.All")]


def test_higher_scope_removed_and_scope_added() -> None:
    before = _op([("Application", "Fleet.Read.All, Fleet.ReadWrite.All")])
    after = _op([("Application", "Fleet.Read.All, Fleet.Manage.All")])
    assert set(permission_changes(before, after)) == {
        ("permission-removed", "Application", "Fleet.ReadWrite.All", None),
        ("permission-added", "Application", None, "Fleet.Manage.All"),
    }


def test_query_options_and_headers() -> None:
    before = _op([], (Parameter("$select", S, "query"),))
    after = _op([], (Parameter("Prefer", S, "header"),))
    assert list(parameter_changes(before, after)) == [
        ("query-option-removed", "$select", "$select", None),
        ("header-added", "Prefer", None, "Prefer"),
    ]


def test_property_flags_and_enum_to_string() -> None:
    was = Property("state", TypeRef("microsoft.graph.state"), description="The state.")
    now = Property("state", S, description="The state. Read-only. Nullable. Deprecated.", read_only=True, required=True)
    kinds = [kind for kind, *_ in property_flags(was, now, frozenset({"microsoft.graph.state"}))]
    assert kinds == [
        "property-became-read-only", "property-became-nullable", "property-became-required",
        "property-deprecated", "property-enum-to-string",
    ]


def test_severity_override_and_fail_on() -> None:
    changes = [Change("property-removed", "microsoft.graph.x", "a", old="Edm.String")]
    assert fails(changes, "breaking")
    relaxed = with_severities(changes, {"property-removed": "warning"})
    assert not fails(relaxed, "breaking") and fails(relaxed, "warning")
    assert with_severities(changes, {"property-removed": "none"}) == []


def test_changelog_sections_and_bump() -> None:
    changes = [
        Change("property-removed", "microsoft.graph.x", "a", old="Edm.String"),
        Change("property-added", "microsoft.graph.x", "b", new="Edm.String"),
        Change("property-deprecated", "microsoft.graph.x", "c"),
    ]
    text = drift_changelog(changes)
    assert text.index("### Added") < text.index("### Deprecated") < text.index("### Removed")
    assert semver_bump(changes) == "major" and semver_bump(changes[1:]) == "minor" and semver_bump([]) == "none"


def test_markdown_says_what_to_review_first_and_links_lines() -> None:
    changes = [
        Change("property-added", "microsoft.graph.x", "b", new="Edm.String", file="resources/x.md", line=4),
        Change("property-removed", "microsoft.graph.x", "a", old="Edm.String", file="resources/x.md", line=3),
    ]
    text = drift_markdown(changes, path_of=lambda path: "docs/" + path)
    review = text[text.index("**Review first**"):]
    assert "[docs/resources/x.md:3](docs/resources/x.md#L3)" in review.splitlines()[2]
    assert "property-added" not in review.split("\n\n")[1]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """docs-input, and a copy with a property removed and a scope replaced."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "docs-input", old)
    shutil.copytree(ROOT / "docs-input", new)
    vehicle = new / "resources" / "vehicle.md"
    lines = vehicle.read_text(encoding="utf-8").split("\n")
    vehicle.write_text("\n".join(line for line in lines if not line.startswith("|fleetNumber")), encoding="utf-8")
    update = new / "api" / "vehicle-update.md"
    update.write_text(update.read_text(encoding="utf-8").replace(
        "|Application|Fleet.ReadWrite.All|", "|Application|Directory.ReadWrite.All|"), encoding="utf-8")
    return old, new


def test_drift_on_a_docs_input_pair(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair
    result = run_gen("drift", str(old), str(new), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the removal is breaking by default
    found = {(c["change"], c["member"], c["severity"]) for c in json.loads(result.stdout)["changes"]}
    assert ("property-removed", "fleetNumber", "breaking") in found
    assert ("permission-changed", "Application", "breaking") in found
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gen.drift.severity]\nproperty-removed = "warning"\npermission-changed = "warning"\n', encoding="utf-8")
    relaxed = run_gen("drift", str(old), str(new), "--fail-on", "breaking", cwd=tmp_path)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    changelog = run_gen("drift", str(old), str(new), "--format", "changelog", "--fail-on", "none", cwd=tmp_path)
    assert "### Removed" in changelog.stdout and "fleetNumber" in changelog.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.gen.drift.severity]\nno-such-kind = "info"\n', encoding="utf-8")
    assert run_gen("drift", str(old), str(new), cwd=tmp_path).returncode == 2
