"""Drift kinds a docs team acts on: permissions, parameters, flags, severities, changelog; the kinds' registry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.drift.changelog import SECTIONS, drift_changelog, semver_bump
from generator.drift.report import drift_markdown
from generator.model import Operation, Parameter, Property, TypeRef
from generator.model.changes import ChangeKind, ChangeSeverity, Section, Subject, Wording, kind_of
from generator.model.diff import Change, describe, fails, with_severities
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
    assert list(permission_changes(before, after)) == [
        (ChangeKind.PERMISSION_CHANGED, "Application", "Fleet.Read.All", "Fleet.ReadWrite.All")
    ]


def test_higher_scope_removed_and_scope_added() -> None:
    before = _op([("Application", "Fleet.Read.All, Fleet.ReadWrite.All")])
    after = _op([("Application", "Fleet.Read.All, Fleet.Manage.All")])
    assert set(permission_changes(before, after)) == {
        (ChangeKind.PERMISSION_REMOVED, "Application", "Fleet.ReadWrite.All", None),
        (ChangeKind.PERMISSION_ADDED, "Application", None, "Fleet.Manage.All"),
    }


def test_query_options_and_headers() -> None:
    before = _op([], (Parameter("$select", S, "query"),))
    after = _op([], (Parameter("Prefer", S, "header"),))
    assert list(parameter_changes(before, after)) == [
        (ChangeKind.QUERY_OPTION_REMOVED, "$select", "$select", None),
        (ChangeKind.HEADER_ADDED, "Prefer", None, "Prefer"),
    ]


def test_property_flags_and_enum_to_string() -> None:
    was = Property("state", TypeRef("microsoft.graph.state"), description="The state.")
    now = Property("state", S, description="The state. Read-only. Nullable. Deprecated.", read_only=True, required=True)
    kinds = [kind.value for kind, *_ in property_flags(was, now, frozenset({"microsoft.graph.state"}))]
    assert kinds == [
        "property-became-read-only", "property-became-nullable", "property-became-required",
        "property-deprecated", "property-enum-to-string",
    ]


def test_severity_override_and_fail_on() -> None:
    changes = [Change("property-removed", "microsoft.graph.x", "a", old="Edm.String")]
    assert fails(changes, "breaking")
    relaxed = with_severities(changes, {ChangeKind.PROPERTY_REMOVED: ChangeSeverity.WARNING})
    assert not fails(relaxed, "breaking") and fails(relaxed, "warning") and fails(relaxed, "any")
    assert not fails(relaxed, "none")
    assert with_severities(changes, {ChangeKind.PROPERTY_REMOVED: ChangeSeverity.NONE}) == []


# -- the registry: one record per kind, everything else derived ----------------------------


def test_kinds_are_the_words_of_gen_drift_1_in_report_order() -> None:
    assert [kind.value for kind in ChangeKind] == [
        "type-added", "type-removed", "type-renamed", "type-kind-changed", "base-changed",
        "property-added", "property-removed", "property-type-changed", "property-enum-to-string",
        "property-string-to-enum", "property-became-read-only", "property-became-nullable",
        "property-became-required", "property-deprecated", "enum-member-added", "enum-member-removed",
        "operation-added", "operation-removed", "operation-deprecated", "path-added", "path-removed",
        "request-type-changed", "response-type-changed", "response-status-changed", "permission-added",
        "permission-removed", "permission-changed", "query-option-added", "query-option-removed",
        "header-added", "header-removed",
    ]
    assert [kind.order for kind in ChangeKind] == list(range(len(ChangeKind)))
    assert kind_of("type-added") is ChangeKind.TYPE_ADDED and kind_of(ChangeKind.PATH_ADDED) is ChangeKind.PATH_ADDED
    assert ChangeKind.named("no-such-kind") is None
    with pytest.raises(ValueError):
        Change("no-such-kind", "microsoft.graph.x")


def test_operation_kinds_come_after_type_kinds() -> None:
    subjects = [kind.subject for kind in ChangeKind]
    assert subjects == sorted(subjects, key=lambda subject: subject is Subject.OPERATION)
    assert {kind.value for kind in ChangeKind if kind.on_operation} >= {"operation-added", "header-removed", "path-added"}


def test_a_kind_names_its_changelog_section() -> None:
    assert SECTIONS == (Section.ADDED, Section.CHANGED, Section.DEPRECATED, Section.REMOVED)
    for kind in ChangeKind:  # what the words say, except a rename, which changes a type
        suffix = kind.value.rsplit("-", 1)[1]
        expected = {"added": Section.ADDED, "removed": Section.REMOVED, "deprecated": Section.DEPRECATED}
        assert kind.section is expected.get(suffix, Section.CHANGED), kind


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (Change(ChangeKind.TYPE_RENAMED, "g.new", old="g.old", new="g.new"), "from g.old"),
        (Change(ChangeKind.PROPERTY_TYPE_CHANGED, "g.x", "a", old="Edm.String", new="g.y"), "a: Edm.String -> g.y"),
        (Change(ChangeKind.RESPONSE_STATUS_CHANGED, "get_x", old="200", new="204"), "200 -> 204"),
        (Change(ChangeKind.BASE_CHANGED, "g.x", old=None, new="g.base"), "(none) -> g.base"),
        (Change(ChangeKind.PERMISSION_ADDED, "get_x", "Application", new="X.Read.All"), "Application: X.Read.All"),
        (Change(ChangeKind.PROPERTY_REMOVED, "g.x", "a", old="Edm.String"), "a: Edm.String"),
        (Change(ChangeKind.OPERATION_ADDED, "get_x", new="GET"), "GET"),
        (Change(ChangeKind.PATH_REMOVED, "get_x", "/x"), "/x"),
        (Change(ChangeKind.OPERATION_DEPRECATED, "get_x"), ""),
    ],
    ids=lambda value: value.change.value if isinstance(value, Change) else None,
)
def test_describe_follows_the_kinds_wording(change: Change, words: str) -> None:
    assert describe(change) == words


def test_every_wording_is_used() -> None:
    assert {kind.wording for kind in ChangeKind} == set(Wording)
    assert {kind.value for kind in ChangeKind if kind.retypes} == {"property-enum-to-string", "property-string-to-enum"}


def test_severities_rank_and_name_their_fail_on_threshold() -> None:
    assert ChangeSeverity.words() == ["breaking", "warning", "info", "none"]
    assert ChangeSeverity.fail_on_choices() == ["breaking", "warning", "any", "none"]
    assert [severity.rank for severity in ChangeSeverity] == [3, 2, 1, 0]
    assert ChangeSeverity.of_fail_on("any") is ChangeSeverity.INFO
    assert not ChangeSeverity.NONE.met_by(ChangeSeverity.BREAKING)
    assert ChangeSeverity.WARNING.met_by(ChangeSeverity.BREAKING) and not ChangeSeverity.WARNING.met_by(ChangeSeverity.INFO)


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
