"""What ``gen drift`` reports says of its counts and paths (issue 26): GitHub annotations
capped per level and the rest summarised (as ``gen lint``'s), headlines that count
warnings apart from additive changes, and folder-mode paths relative to each tree's root
(or NEW's repository), never this machine's absolute paths."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import attrs
import pytest

from generator.drift.report import GITHUB_CAP, drift_github, drift_markdown, drift_text
from generator.model.changes import ChangeSeverity, kind_of
from generator.model.diff import Change, with_severities
from helpers import git, run_gen

G = "microsoft.graph."
TIMEOUT = 60


def changes(added: int, removed: int, deprecated: int) -> list[Change]:
    found = [Change("type-added", f"{G}a{i:03}", new="complex", file=f"resources/a{i:03}.md", line=3)
             for i in range(added)]
    found += [Change("property-removed", f"{G}r{i:03}", "gone", old="Edm.String", file=f"resources/r{i:03}.md", line=9)
              for i in range(removed)]
    found += [Change("property-deprecated", f"{G}d{i:03}", "old", file=f"resources/d{i:03}.md", line=7)
              for i in range(deprecated)]
    return found


# -- GitHub annotations ---------------------------------------------------------------------


def test_github_annotations_are_capped_per_level_and_the_rest_counted() -> None:
    lines = drift_github(changes(25, 12, 3) + [Change("operation-added", "list_things", new="GET")]).splitlines()
    levels = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert levels.count("::notice") == GITHUB_CAP and levels.count("::error") == GITHUB_CAP
    assert levels.count("::warning") == 3
    summary = [line for line in lines if not line.startswith("::")]
    assert summary == [
        "gen drift: 2 more breaking changes not annotated (property-removed 2); "
        "--format markdown or json lists every change",
        "gen drift: 16 more additive changes not annotated (type-added 15, operation-added 1); "
        "--format markdown or json lists every change",
    ]


def test_github_annotations_under_the_cap_are_all_written() -> None:
    lines = drift_github(changes(GITHUB_CAP, GITHUB_CAP, GITHUB_CAP)).splitlines()
    assert len(lines) == 3 * GITHUB_CAP and all(line.startswith("::") for line in lines)


# -- headline counts ------------------------------------------------------------------------


def test_headlines_count_warnings_apart_from_additive_changes() -> None:
    found = changes(5, 2, 3)
    markdown = drift_markdown(found)
    assert markdown.startswith("### API drift: 10 changes (2 breaking, 3 warnings, 5 additive)\n")
    # the headline agrees with the sections it heads
    titles = re.findall(r"(Breaking changes|Warnings|Additive changes) \((\d+)\)", markdown)
    sections = {title: int(count) for title, count in titles}
    assert sections == {"Breaking changes": 2, "Warnings": 3, "Additive changes": 5}
    assert drift_text(found, "a", "b").startswith("API drift a -> b: 10 changes (2 breaking, 3 warnings, 5 additive)\n")
    assert drift_text(changes(1, 0, 0), "a", "b").startswith("API drift a -> b: 1 change (0 breaking, 1 additive)\n")


def test_the_count_table_says_breaking_as_the_changes_are_reported() -> None:
    """``[tool.gen.drift.severity]`` made property-removed a warning: the table does not call it breaking."""
    relaxed = with_severities(changes(1, 2, 0), {kind_of("property-removed"): ChangeSeverity.WARNING})
    markdown = drift_markdown(relaxed)
    assert markdown.startswith("### API drift: 3 changes (0 breaking, 2 warnings, 1 additive)\n")
    assert "| property-removed | 2 |  |" in markdown and "| property-removed | 2 | yes |" not in markdown
    # a kind only some of whose changes break (as permission-changed can be)
    mixed = changes(0, 1, 0) + [attrs.evolve(changes(0, 1, 0)[0], severity=ChangeSeverity.INFO)]
    assert "| property-removed | 2 | 1 of 2 |" in drift_markdown(mixed)


# -- folder-mode paths ----------------------------------------------------------------------


def resource(name: str, *rows: str) -> str:
    return (
        f'---\ntitle: "{name} resource type"\ndoc_type: resourcePageType\n---\n\n'
        f"# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n"
        "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n" + "".join(row + "\n" for row in rows)
    )


def two_trees(parent: Path) -> tuple[Path, Path]:
    old, new = parent / "2020-01", parent / "2021-07"
    for folder, row in ((old, "|size|Int32|Size.|"), (new, "|depth|Double|Depth.|")):
        (folder / "resources").mkdir(parents=True)
        (folder / "resources" / "widget.md").write_text(resource("widget", "|id|String|Id.|", row), encoding="utf-8")
    return old, new


def test_folder_mode_paths_are_relative_to_the_tree_not_absolute(tmp_path: Path) -> None:
    old, new = two_trees(tmp_path / "dated")
    github = run_gen("-q", "drift", str(old), str(new), "--format", "github", "--fail-on", "none", timeout=TIMEOUT)
    assert github.returncode == 0, github.stderr
    assert "::error file=resources/widget.md,line=" in github.stdout and str(tmp_path) not in github.stdout
    markdown = run_gen("-q", "drift", str(old), str(new), "--format", "markdown", "--fail-on", "none", timeout=TIMEOUT)
    links = re.findall(r"\]\(([^)]*)\)", markdown.stdout)
    assert links and all(link.startswith("resources/widget.md#L") for link in links), links


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_folder_mode_paths_in_a_repository_are_relative_to_its_root(tmp_path: Path) -> None:
    """What GitHub resolves annotations and links against, wherever gen runs from."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    old, new = two_trees(repo / "snapshots")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    github = run_gen("-q", "drift", str(old), str(new), "--format", "github", "--fail-on", "none", cwd=elsewhere,
                     timeout=TIMEOUT)
    assert "::error file=snapshots/2021-07/resources/widget.md,line=" in github.stdout, github.stdout
