"""``gen drift``: model diff, classification, formats, --fail-on, --git, and the acceptance pairs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from generator.model.changes import ChangeKind
from generator.model.diff import Change, counts_by_kind, diff_models, fails
from generator.drift.report import drift_github, drift_json, drift_markdown, drift_text
from generator.model import ApiModel
from generator.docs import load_model


ROOT = Path(__file__).resolve().parents[2]


def run_gen(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command line, as ``conftest.run_gen`` runs it.

    Not imported from conftest: with ``generated/tests/conftest.py`` also collected, the
    module name ``conftest`` may be the other one.
    """
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout
    )


DocsTree = Callable[[dict[str, str]], Path]
Row = tuple[str, bool, str, str | None, str | None, str | None]
G = "microsoft.graph."

SEED_PAGE = "000_3708289efc18121f.txt"
SEED_2021 = "api/intune-deviceconfig-macosvpnconfiguration-update.md"


# -- page builders ------------------------------------------------------------------------


def resource(name: str, *rows: str, word: str = "resource", intro: str = "", relationships: tuple[str, ...] = ()) -> str:
    text = (
        f'---\ntitle: "{name} {word} type"\ndoc_type: resourcePageType\n---\n\n'
        f"# {name} {word} type\n\nNamespace: microsoft.graph\n\nA {name}. {intro}\n\n"
        "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n" + "".join(row + "\n" for row in rows)
    )
    if relationships:
        text += "\n## Relationships\n|Relationship|Type|Description|\n|:---|:---|:---|\n"
        text += "".join(row + "\n" for row in relationships)
    return text


def enum(name: str, *members: str) -> str:
    rows = "".join(f"|{member}|{index}|The {member} member.|\n" for index, member in enumerate(members))
    return (
        f'---\ntitle: "{name} enum type"\ndoc_type: enumPageType\n---\n\n# {name} enum type\n\n'
        f"Namespace: microsoft.graph\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n{rows}"
    )


def api(title: str, method: str, *paths: str, body: str | None = None, response: str | None = "widget",
        collection: bool = False) -> str:
    lines = "".join(f"{method} {path}\n" for path in paths)
    text = (
        f'---\ntitle: "{title}"\ndoc_type: apiPageType\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{title}.\n\n'
        f'## HTTP request\n<!-- {{ "blockType": "ignored" }} -->\n``` http\n{lines}```\n\n'
    )
    if body:
        text += f"## Request body\nIn the request body, supply a JSON representation of the [{body}](../resources/{body}.md) object.\n\n"
    if response:
        what = f"a collection of [{response}](../resources/{response}.md) objects" if collection else (
            f"a [{response}](../resources/{response}.md) object"
        )
        text += f"## Response\nIf successful, this method returns a `200 OK` response code and {what} in the response body.\n"
    else:
        text += "## Response\nIf successful, this method returns a `204 No Content` response code.\n"
    return text


def base_pages() -> dict[str, str]:
    """A small API: widget (entity, base thing), an anonymous enum, a named enum, two operations."""
    return {
        "resources/thing.md": resource("thing", "|name|String|Name.|"),
        "resources/other.md": resource("other", "|label|String|Label.|"),
        "resources/widget.md": resource(
            "widget",
            "|id|String|Identifier.|",
            "|size|Int32|Size.|",
            "|tags|String collection|Tags.|",
            "|color|[color](color.md)|Color.|",
            "|shape|Enumeration|Shape. Possible values are: `round`, `square`.|",
            "|dims|[dimensions](dimensions.md)|Dimensions.|",
            intro="Inherits from [thing](thing.md).",
            relationships=("|parts|[part](part.md) collection|Parts.|",),
        ),
        "resources/part.md": resource("part", "|id|String|Identifier.|", "|weight|Double|Weight.|", word="entity"),
        "resources/dimensions.md": resource("dimensions", "|width|Int32|Width.|", "|height|Int32|Height.|", word="complex"),
        "resources/color.md": enum("color", "red", "green"),
        "api/widget-update.md": api("Update widget", "PATCH", "/widgets/{widgetId}", "/things/{thingId}/widget", body="widget"),
        "api/widget-list.md": api("List widgets", "GET", "/widgets", collection=True),
    }


@pytest.fixture
def drift(docs_tree: DocsTree) -> Callable[[dict[str, str], dict[str, str]], list[Change]]:
    def run(old: dict[str, str], new: dict[str, str]) -> list[Change]:
        return diff_models(load_model(docs_tree(old)), load_model(docs_tree(new)))

    return run


def rows(changes: list[Change]) -> set[Row]:
    return {(c.change.value, c.breaking, c.type, c.member, c.old, c.new) for c in changes}


def edit(pages: dict[str, str], path: str, old: str, new: str) -> dict[str, str]:
    assert old in pages[path], f"{old!r} not in {path}"
    return {**pages, path: pages[path].replace(old, new)}


# -- no change ---------------------------------------------------------------------------


def test_same_tree_has_no_changes(drift: Callable[..., list[Change]]) -> None:
    assert drift(base_pages(), base_pages()) == []


def test_renamed_page_files_with_same_content_are_no_change(drift: Callable[..., list[Change]]) -> None:
    pages = base_pages()
    moved = {
        path.replace("widget.md", "widget-resource.md").replace("color.md", "enums/color.md").replace(
            "widget-update.md", "update-a-widget.md"
        ): text
        for path, text in pages.items()
    }
    assert set(moved) != set(pages)
    assert drift(pages, moved) == []


def test_reworded_description_is_no_change(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "resources/widget.md", "|Size.|", "|The size, in pixels.|")
    assert drift(base_pages(), new) == []


def test_property_moved_to_base_is_no_change_for_the_type_that_keeps_it(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "resources/widget.md", "|size|Int32|Size.|\n", "")
    new = edit(new, "resources/thing.md", "|name|String|Name.|", "|name|String|Name.|\n|size|Int32|Size.|")
    # thing gains size (its other subtypes would see it); widget still has it: no change there.
    assert rows(drift(base_pages(), new)) == {("property-added", False, G + "thing", "size", None, "Edm.Int32")}


# -- every change kind ---------------------------------------------------------------------


def test_type_added_and_removed(drift: Callable[..., list[Change]]) -> None:
    gadget = {"resources/gadget.md": resource("gadget", "|weight|Double|Weight.|", word="complex")}
    with_gadget = {**base_pages(), **gadget}
    assert rows(drift(base_pages(), with_gadget)) == {("type-added", False, G + "gadget", None, None, "complex")}
    removed = drift(with_gadget, base_pages())
    assert rows(removed) == {("type-removed", True, G + "gadget", None, "complex", None)}
    # Its page is gone from NEW: the location is OLD's, marked.
    assert removed[0].in_old and removed[0].file == "resources/gadget.md"
    assert removed[0].as_dict()["file"] == "old:resources/gadget.md"


def test_anonymous_enum_named_by_a_page_is_one_rename_and_its_members(drift: Callable[..., list[Change]]) -> None:
    new = edit(
        base_pages(),
        "resources/widget.md",
        "|shape|Enumeration|Shape. Possible values are: `round`, `square`.|",
        "|shape|[widgetShapeKind](widgetshapekind.md)|Shape.|",
    )
    new["resources/widgetshapekind.md"] = enum("widgetShapeKind", "round", "square", "oval")
    assert rows(drift(base_pages(), new)) == {
        ("type-renamed", False, G + "widgetShapeKind", None, G + "widgetShape", G + "widgetShapeKind"),
        ("enum-member-added", False, G + "widgetShapeKind", "oval", None, "oval"),
    }


def test_renamed_complex_type_is_a_rename_not_a_property_type_change(drift: Callable[..., list[Change]]) -> None:
    pages = base_pages()
    new = {k: v for k, v in pages.items() if k != "resources/dimensions.md"}
    new = edit(new, "resources/widget.md", "[dimensions](dimensions.md)", "[extent](extent.md)")
    new["resources/extent.md"] = resource("extent", "|width|Int32|Width.|", "|height|Int64|Height.|", word="complex")
    assert rows(drift(pages, new)) == {
        ("type-renamed", False, G + "extent", None, G + "dimensions", G + "extent"),
        ("property-type-changed", True, G + "extent", "height", "Edm.Int32", "Edm.Int64"),
    }


def test_type_renamed_in_case_only(drift: Callable[..., list[Change]]) -> None:
    old = {**base_pages(), "resources/gadget.md": resource("macOsGadget", "|weight|Double|Weight.|", word="complex")}
    new = {**base_pages(), "resources/gadget.md": resource("macOSGadget", "|weight|Double|Weight.|", word="complex")}
    assert rows(drift(old, new)) == {("type-renamed", False, G + "macOSGadget", None, G + "macOsGadget", G + "macOSGadget")}


def test_type_kind_changed_entity_to_complex(drift: Callable[..., list[Change]]) -> None:
    old = {**base_pages(), "resources/gadget.md": resource("gadget", "|weight|Double|Weight.|", word="entity")}
    new = {**base_pages(), "resources/gadget.md": resource("gadget", "|weight|Double|Weight.|", word="complex")}
    # An entity derives from the entity root; a complex type from nothing.
    assert rows(drift(old, new)) == {
        ("type-kind-changed", True, G + "gadget", None, "entity", "complex"),
        ("base-changed", True, G + "gadget", None, G + "entity", None),
    }


def test_base_changed(drift: Callable[..., list[Change]]) -> None:
    shapes = {
        "resources/figure.md": resource("figure", "|area|Double|Area.|", word="complex"),
        "resources/outline.md": resource("outline", "|area|Double|Area.|", word="complex"),
        "resources/circle.md": resource("circle", "|radius|Double|Radius.|", word="complex",
                                        intro="Inherits from [figure](figure.md)."),
    }
    new = edit({**base_pages(), **shapes}, "resources/circle.md", "[figure](figure.md)", "[outline](outline.md)")
    assert rows(drift({**base_pages(), **shapes}, new)) == {
        ("base-changed", True, G + "circle", None, G + "figure", G + "outline"),
    }


def test_properties_added_removed_and_retyped(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "resources/widget.md", "|size|Int32|Size.|", "|size|Int64|Size.|\n|depth|Double|Depth.|")
    new = edit(new, "resources/widget.md", "|color|[color](color.md)|Color.|\n", "")
    assert rows(drift(base_pages(), new)) == {
        ("property-type-changed", True, G + "widget", "size", "Edm.Int32", "Edm.Int64"),
        ("property-added", False, G + "widget", "depth", None, "Edm.Double"),
        ("property-removed", True, G + "widget", "color", G + "color", None),
    }


def test_collection_flag_change_is_breaking(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "resources/widget.md", "|tags|String collection|", "|tags|String|")
    new = edit(new, "resources/widget.md", "|dims|[dimensions](dimensions.md)|", "|dims|[dimensions](dimensions.md) collection|")
    assert rows(drift(base_pages(), new)) == {
        ("property-type-changed", True, G + "widget", "tags", "Collection(Edm.String)", "Edm.String"),
        ("property-type-changed", True, G + "widget", "dims", G + "dimensions", f"Collection({G}dimensions)"),
    }


def test_navigation_properties_are_compared(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "resources/widget.md", "|parts|[part](part.md) collection|Parts.|",
               "|parts|[part](part.md) collection|Parts.|\n|owner|[thing](thing.md)|Owner.|")
    new = edit(new, "resources/widget.md", "|parts|[part](part.md) collection|Parts.|\n", "")
    assert rows(drift(base_pages(), new)) == {
        ("property-added", False, G + "widget", "owner", None, G + "thing"),
        ("property-removed", True, G + "widget", "parts", f"Collection({G}part)", None),
    }


def test_enum_members_added_and_removed(drift: Callable[..., list[Change]]) -> None:
    new = {**base_pages(), "resources/color.md": enum("color", "red", "blue")}
    assert rows(drift(base_pages(), new)) == {
        ("enum-member-added", False, G + "color", "blue", None, "blue"),
        ("enum-member-removed", True, G + "color", "green", "green", None),
    }


def test_anonymous_enum_members(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "resources/widget.md", "`round`, `square`.", "`round`, `oval`.")
    assert rows(drift(base_pages(), new)) == {
        ("enum-member-added", False, G + "widgetShape", "oval", None, "oval"),
        ("enum-member-removed", True, G + "widgetShape", "square", "square", None),
    }


def test_operation_added_and_removed(drift: Callable[..., list[Change]]) -> None:
    get = {"api/widget-get.md": api("Get widget", "GET", "/widgets/{widgetId}")}
    assert rows(drift(base_pages(), {**base_pages(), **get})) == {("operation-added", False, "get_widget", None, None, "GET")}
    removed = drift({**base_pages(), **get}, base_pages())
    assert rows(removed) == {("operation-removed", True, "get_widget", None, "GET", None)}
    assert removed[0].as_dict()["file"] == "old:api/widget-get.md"


def test_operation_paths_added_and_removed(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "api/widget-update.md", "PATCH /things/{thingId}/widget\n", "PATCH /gadgets/{gadgetId}/widget\n")
    changes = drift(base_pages(), new)
    assert rows(changes) == {
        ("path-added", False, "update_widget", "/gadgets/{gadgetId}/widget", None, None),
        ("path-removed", True, "update_widget", "/things/{thingId}/widget", None, None),
    }
    assert {(c.file, c.in_old) for c in changes} == {("api/widget-update.md", False)}


def test_request_type_changed(drift: Callable[..., list[Change]]) -> None:
    new = edit(base_pages(), "api/widget-update.md", "[widget](../resources/widget.md) object.\n\n## Response",
               "[thing](../resources/thing.md) object.\n\n## Response")
    assert rows(drift(base_pages(), new)) == {("request-type-changed", True, "update_widget", None, G + "widget", G + "thing")}


def test_response_type_and_collection_changed(drift: Callable[..., list[Change]]) -> None:
    new = {**base_pages(), "api/widget-update.md": api("Update widget", "PATCH", "/widgets/{widgetId}", "/things/{thingId}/widget",
                                              body="widget", response="thing")}
    new["api/widget-list.md"] = api("List widgets", "GET", "/widgets", collection=False)
    assert rows(drift(base_pages(), new)) == {
        ("response-type-changed", True, "update_widget", None, G + "widget", G + "thing"),
        ("response-type-changed", True, "list_widgets", None, f"Collection({G}widget)", G + "widget"),
    }


def test_second_page_with_the_same_title_keeps_the_first_operation(drift: Callable[..., list[Change]]) -> None:
    twin = {"api/gadget-update.md": api("Update widget", "PATCH", "/gadgets/{id}/widget", body="widget")}
    changes = drift(base_pages(), {**base_pages(), **twin})
    assert rows(changes) == {("operation-added", False, "update_widget__gadget_update", None, None, "PATCH")}


def test_every_change_kind_is_classified() -> None:
    assert len(ChangeKind) == 31
    breaking = {kind.value for kind in ChangeKind if kind.breaking}
    assert breaking == {
        "type-removed", "type-kind-changed", "base-changed", "property-removed", "property-type-changed",
        "enum-member-removed", "operation-removed", "path-removed", "request-type-changed", "response-type-changed",
        "property-string-to-enum", "property-became-read-only", "property-became-required", "permission-changed",
        "query-option-removed",
    }


def test_fail_on_levels() -> None:
    additive = [Change("type-added", G + "x", new="complex")]
    breaking = additive + [Change("type-removed", G + "y", old="complex")]
    assert not fails([], "any") and fails(additive, "any") and not fails(additive, "breaking")
    assert fails(breaking, "breaking") and not fails(breaking, "none")


# -- formats -------------------------------------------------------------------------------


SAMPLE = [
    Change("property-removed", G + "widget", "color", old=G + "color", file="resources/widget.md", line=10),
    Change("property-added", G + "widget", "depth", new="Edm.Double", file="resources/widget.md", line=14),
    Change("operation-removed", "get_widget", old="GET", file="api/widget-get.md", line=6, in_old=True),
]


def test_json_format_is_gen_drift_1() -> None:
    document = json.loads(drift_json(SAMPLE))
    assert document["format"] == "gen-drift/1"
    first = document["changes"][0]
    assert list(first) == ["change", "breaking", "type", "member", "old", "new", "file", "line", "severity"]
    assert first == {
        "change": "property-removed", "breaking": True, "type": G + "widget", "member": "color",
        "old": G + "color", "new": None, "file": "resources/widget.md", "line": 10,
        "severity": "breaking",
    }
    assert document["changes"][2]["file"] == "old:api/widget-get.md"


def test_text_format_groups_and_marks_breaking() -> None:
    text = drift_text(SAMPLE, "a", "b")
    assert text.startswith("API drift a -> b: 3 changes (2 breaking, 1 additive)")
    assert "\nTypes\n" in text and "\nOperations\n" in text
    assert f"\n{G}widget\n  + property-added" in text
    assert f"  ! property-removed       color: {G}color  (resources/widget.md:10)\n" in text
    assert "  ! operation-removed      GET  (old:api/widget-get.md:6)\n" in text
    assert "  + property-added         depth: Edm.Double  (resources/widget.md:14)" in text
    assert drift_text([], "a", "b") == "API drift a -> b: no API changes\n"


def test_markdown_summary_has_counts_and_tables() -> None:
    text = drift_markdown(SAMPLE, "a", "b")
    assert "| property-removed | 1 | yes |" in text
    assert text.index("Breaking changes (2)") < text.index("Additive changes (1)")
    assert "| property-removed | `microsoft.graph.widget` | `color` |" in text
    many = [Change("type-added", f"{G}t{i:03}", new="complex") for i in range(50)]
    collapsed = drift_markdown(many)
    assert "<details>" in collapsed and "</details>" in collapsed
    huge = [Change("type-added", f"{G}t{i:05}", new="complex") for i in range(5000)]
    limited = drift_markdown(huge)
    assert len(limited) < 65536 and "more (see `gen drift --format json`)" in limited


def test_github_annotations() -> None:
    lines = drift_github(SAMPLE, lambda path: "docs/" + path).splitlines()
    assert lines[0].startswith("::error file=docs/resources/widget.md,line=10,title=API drift%3A property-removed::")
    assert lines[1].startswith("::notice file=docs/resources/widget.md,line=14,")
    # located in OLD only: no file (it is not in NEW); the message says where it was
    assert lines[2].startswith("::error title=") and "was at api/widget-get.md:6 in OLD" in lines[2]


def test_counts_by_kind_puts_breaking_first() -> None:
    assert [kind.value for kind in counts_by_kind(SAMPLE)] == ["property-removed", "operation-removed", "property-added"]


# -- command line --------------------------------------------------------------------------


@pytest.fixture
def pair(docs_tree: DocsTree) -> tuple[Path, Path]:
    old = docs_tree(base_pages())
    new = docs_tree(edit(base_pages(), "resources/widget.md", "|size|Int32|Size.|", "|depth|Double|Depth.|"))
    return old, new


def test_cli_json(pair: tuple[Path, Path]) -> None:
    result = run_gen("drift", str(pair[0]), str(pair[1]), "--format", "json")
    assert result.returncode == 1, result.stderr  # a property was removed: breaking
    document = json.loads(result.stdout)
    assert document["format"] == "gen-drift/1"
    assert {(c["change"], c["member"]) for c in document["changes"]} == {("property-removed", "size"), ("property-added", "depth")}
    assert "diagnostics" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_text_markdown_github_and_output_file(pair: tuple[Path, Path], tmp_path: Path) -> None:
    text = run_gen("drift", str(pair[0]), str(pair[1]), "--fail-on", "none")
    assert text.returncode == 0 and "! property-removed" in text.stdout
    markdown = run_gen("-q", "drift", str(pair[0]), str(pair[1]), "--format", "markdown", "--fail-on", "none")
    assert markdown.returncode == 0 and "| Change | Count | Breaking |" in markdown.stdout and markdown.stderr == ""
    github = run_gen("drift", str(pair[0]), str(pair[1]), "--format", "github", "--fail-on", "none")
    assert github.stdout and all(line.startswith("::") for line in github.stdout.splitlines())
    target = tmp_path / "drift.json"
    written = run_gen("-q", "drift", str(pair[0]), str(pair[1]), "--format", "json", "-o", str(target), "--fail-on", "none")
    assert written.returncode == 0 and written.stdout == ""
    assert json.loads(target.read_text())["format"] == "gen-drift/1"


def test_cli_fail_on(docs_tree: DocsTree, pair: tuple[Path, Path]) -> None:
    old, new = pair
    additive_new = docs_tree(
        edit(base_pages(), "resources/widget.md", "|size|Int32|Size.|", "|size|Int32|Size.|\n|depth|Double|Depth.|")
    )
    assert run_gen("-q", "drift", str(old), str(new)).returncode == 1  # default: breaking
    assert run_gen("-q", "drift", str(old), str(new), "--fail-on", "none").returncode == 0
    assert run_gen("-q", "drift", str(old), str(additive_new)).returncode == 0
    assert run_gen("-q", "drift", str(old), str(additive_new), "--fail-on", "any").returncode == 1
    assert run_gen("-q", "drift", str(old), str(old), "--fail-on", "any").returncode == 0


def test_cli_fail_on_from_config(pair: tuple[Path, Path], tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.gen.drift]\nfail-on = "none"\n')
    assert run_gen("-q", "--config", str(config), "drift", str(pair[0]), str(pair[1])).returncode == 0


def test_cli_usage_errors(pair: tuple[Path, Path], tmp_path: Path) -> None:
    missing = run_gen("drift", str(tmp_path / "nowhere"), str(pair[1]))
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
    extra = run_gen("drift", str(pair[0]), str(pair[1]), "docs")
    assert extra.returncode == 2 and "--git" in extra.stderr
    assert run_gen("drift", str(pair[0]), str(pair[1]), "--format", "xml").returncode == 2


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway repository: docs/ at commit 1, changed at commit 2 (a file also renamed)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    docs = root / "docs"
    for path, text in base_pages().items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text)
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one")
    widget = docs / "resources/widget.md"
    widget.write_text(widget.read_text().replace("|size|Int32|Size.|", "|size|Int32|Size.|\n|depth|Double|Depth.|"))
    (docs / "resources/color.md").rename(docs / "resources/enum-color.md")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "two")
    return root


def test_cli_git_two_revisions(repo: Path) -> None:
    result = run_gen("drift", "--git", "HEAD~1", "HEAD", "docs", "--repo", str(repo), "--format", "json")
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["change"], c["member"], c["file"]) for c in changes] == [("property-added", "depth", "resources/widget.md")]
    github = run_gen("drift", "--git", "HEAD~1", "HEAD", "docs", "--repo", str(repo), "--format", "github")
    assert github.stdout.startswith("::notice file=docs/resources/widget.md,line=")
    # run from inside the repository, without --repo
    inside = run_gen("-q", "drift", "--git", "HEAD~1", "HEAD", "docs", "--format", "json", cwd=repo)
    assert inside.returncode == 0 and json.loads(inside.stdout)["changes"] == changes


def test_cli_git_usage_errors(repo: Path, tmp_path: Path) -> None:
    bad = run_gen("drift", "--git", "HEAD~1", "no-such-rev", "docs", "--repo", str(repo))
    assert bad.returncode == 2 and "unknown git revision 'no-such-rev'" in bad.stderr
    missing = run_gen("drift", "--git", "HEAD~1", "HEAD", "nope", "--repo", str(repo))
    assert missing.returncode == 2 and "'nope' does not exist at revision 'HEAD~1'" in missing.stderr
    outside = tmp_path / "plain"
    outside.mkdir()
    not_repo = run_gen("drift", "--git", "HEAD~1", "HEAD", "--repo", str(outside))
    assert not_repo.returncode == 2 and "not inside a git repository" in not_repo.stderr
    for result in (bad, missing, not_repo):
        assert "Traceback" not in result.stderr


# -- acceptance ----------------------------------------------------------------------------


SEED_EXPECTED: set[Row] = {
    *{
        ("property-added", False, G + "appleVpnConfiguration", name, None, kind)
        for name, kind in [
            ("providerType", G + "vpnProviderType"),
            ("associatedDomains", "Collection(Edm.String)"),
            ("excludedDomains", "Collection(Edm.String)"),
            ("disableOnDemandUserOverride", "Edm.Boolean"),
            ("disconnectOnIdle", "Edm.Boolean"),
            ("disconnectOnIdleTimerInSeconds", "Edm.Int32"),
        ]
    },
    *{
        ("enum-member-added", False, G + "appleVpnConnectionType", name, None, name)
        for name in ("alwaysOn", "microsoftTunnel", "netMotionMobility", "microsoftProtect")
    },
    ("enum-member-added", False, G + "vpnAuthenticationMethod", "azureAD", None, "azureAD"),
    ("type-renamed", False, G + "appleVpnConnectionType", None, G + "appleVpnConfigurationConnectionType", G + "appleVpnConnectionType"),
    ("type-renamed", False, G + "vpnAuthenticationMethod", None, G + "appleVpnConfigurationAuthenticationMethod",
     G + "vpnAuthenticationMethod"),
    ("type-added", False, G + "vpnProviderType", None, None, "enum"),
    # The seed's permission cells were TODOs; the revision names the scopes and an Accept header.
    *{
        ("permission-added", False, "update_macosvpnconfiguration", kind, None, "DeviceManagementConfiguration.ReadWrite.All")
        for kind in ("Application", "Delegated (work or school account)")
    },
    ("header-added", False, "update_macosvpnconfiguration", "Accept", None, "Accept"),
    *{
        ("path-added", False, "update_macosvpnconfiguration", path, None, None)
        for path in (
            "/deviceManagement/deviceConfigurations/{deviceConfigurationId}",
            "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/groupAssignments/"
            "{deviceConfigurationGroupAssignmentId}/deviceConfiguration",
            "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/microsoft.graph.windowsDomainJoinConfiguration/"
            "networkAccessConfigurations/{deviceConfigurationId}",
        )
    },
}


@pytest.fixture
def seed_pair(seed_dir: Path, corpus_2021: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The seed page and its 2021 revision, each alone in a docs tree (copied at test time)."""
    old, new = tmp_path / "seed-old", tmp_path / "seed-new"
    old.mkdir()
    new.mkdir()
    shutil.copy(seed_dir / SEED_PAGE, old / SEED_PAGE)
    shutil.copy(corpus_2021 / SEED_2021, new / Path(SEED_2021).name)
    return old, new


@pytest.mark.corpus
def test_seed_to_2021_revision_exactly(seed_pair: tuple[Path, Path]) -> None:
    changes = diff_models(load_model(seed_pair[0]), load_model(seed_pair[1]))
    assert rows(changes) == SEED_EXPECTED
    assert len(changes) == len(SEED_EXPECTED)
    assert all(c.file == Path(SEED_2021).name and c.line > 0 and not c.in_old for c in changes)


@pytest.mark.corpus
def test_seed_to_2021_revision_on_the_command_line(seed_pair: tuple[Path, Path]) -> None:
    result = run_gen("drift", str(seed_pair[0]), str(seed_pair[1]), "--format", "json")
    assert result.returncode == 0, result.stderr  # all additive
    changes = json.loads(result.stdout)["changes"]
    assert {(c["change"], c["breaking"], c["type"], c["member"], c["old"], c["new"]) for c in changes} == SEED_EXPECTED


@pytest.fixture(scope="module")
def corpus_changes(corpus_2020: Path, corpus_2021: Path) -> list[Change]:
    old: ApiModel = load_model(corpus_2020)
    new: ApiModel = load_model(corpus_2021)
    return diff_models(old, new)


@pytest.mark.corpus
def test_corpus_2020_to_2021(corpus_changes: list[Change]) -> None:
    found = rows(corpus_changes)
    counts = counts_by_kind(corpus_changes)
    assert counts[ChangeKind.TYPE_ADDED] > 500 and counts[ChangeKind.OPERATION_ADDED] > 500  # the non-Intune pages
    # The seed's additions are there, with the anonymous enums matched through their property.
    assert ("property-added", False, G + "appleVpnConfiguration", "providerType", None, G + "vpnProviderType") in found
    assert ("enum-member-added", False, G + "appleVpnConnectionType", "microsoftTunnel", None, "microsoftTunnel") in found
    # Breaking changes are few and real (no spurious retyping from resolution).
    breaking = [c for c in corpus_changes if c.breaking]
    assert 0 < len(breaking) < 30
    assert not [c for c in corpus_changes if c.change is ChangeKind.PROPERTY_TYPE_CHANGED and c.member == "source"]
    assert corpus_changes == sorted(corpus_changes, key=Change.sort_key)


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_on_the_command_line(corpus_2020: Path, corpus_2021: Path) -> None:
    result = run_gen("drift", str(corpus_2020), str(corpus_2021), "--format", "json")
    assert result.returncode == 1  # there are breaking changes
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "gen-drift/1" and len(document["changes"]) > 1000
