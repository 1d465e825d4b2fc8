"""``gen lint``: each code on a minimal page, suppressions, formats, exit codes, the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

from generator.config import Config, Suppression
from generator.model.diagnostics import CODES
from generator.lint import LintReport, lint_tree, repository_prefix
from generator.lint.report import render_github, render_json, render_sarif, render_text
from generator.docs.parse.links import heading_slug, page_links
from generator.docs import load
from helpers import run_gen

DocsTree = Callable[[dict[str, str]], Path]
ROOT = Path(__file__).resolve().parents[2]


# -- page builders ------------------------------------------------------------------------------


def resource(name: str, rows: str = "| id | String | The identifier. |", intro: str = "", json_body: str | None = None,
             annotation: str = "") -> str:
    text = (
        f'---\ntitle: "{name} resource type"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\n'
        f"Namespace: microsoft.graph\n\nA {name}. {intro}\n\n## Properties\n\n"
        f"| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
    )
    if json_body is not None:
        annotation = annotation or f'{{ "blockType": "resource", "@odata.type": "microsoft.graph.{name}" }}'
        text += f"\n## JSON representation\n\n<!-- {annotation} -->\n```json\n{json_body}\n```\n"
    return text


def api_page(title: str, request: str, response: str | None, returns: str = "a [widget](../resources/widget.md) object",
             status: int = 200, body_type: str | None = None, extra: str = "") -> str:
    body = (
        f"## Request body\n\nIn the request body, supply a JSON representation of the [{body_type}](../resources/{body_type.lower()}.md) object.\n\n"
        if body_type else ""
    )
    text = (
        f'---\ntitle: "{title}"\ndoc_type: apiPageType\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{extra}'
        '## HTTP request\n\n<!-- { "blockType": "ignored" } -->\n```http\nPATCH /widgets/{id}\n```\n\n'
        f"{body}## Response\n\nIf successful, this method returns a `{status} OK` response code and {returns} in the response body.\n\n"
        "## Example\n\n### Request\n\n"
        f'<!-- {{ "blockType": "request", "name": "example" }} -->\n```http\n{request}\n```\n\n'
    )
    if response is not None:
        text += f'### Response\n\n<!-- {{ "blockType": "response", "truncated": true }} -->\n```http\n{response}\n```\n'
    return text


WIDGET = resource(
    "widget",
    "| id | String | The identifier. |\n| name | String | The name. Required. |\n| size | Int32 | The size. |\n"
    "| color | [widgetColor](widgetcolor.md) | The color. |",
)
COLOR = (
    '---\ntitle: "widgetColor enum type"\ndoc_type: enumPageType\n---\n\n# widgetColor enum type\n\n'
    "Namespace: microsoft.graph\n\n| Member | Value | Description |\n|:--|:--|:--|\n| red | 0 | Red. |\n| blue | 1 | Blue. |\n"
)
GADGET = resource("gadget", "| id | String | The identifier. |\n| knob | String | A knob. |")
BASE = {"resources/widget.md": WIDGET, "resources/widgetcolor.md": COLOR, "resources/gadget.md": GADGET}

PATCH = "PATCH https://graph.microsoft.com/beta/widgets/1\nContent-type: application/json\n\n"
OK = "HTTP/1.1 200 OK\nContent-type: application/json\n\n"


def lint_pages(docs_tree: DocsTree, pages: dict[str, str], config: Config = Config()) -> LintReport:
    root = docs_tree(pages)
    return lint_tree(load(root, scan=True), root, config)


def found(report: LintReport, code: str) -> list[tuple[str, int]]:
    return [(f.file, f.line) for f in report.findings if f.code == code]


# -- links.py -------------------------------------------------------------------------------------


def test_page_links_reads_relative_links_with_lines() -> None:
    text = (
        "# Title\n\nSee [a](a.md) and ![pic](../images/p.png).\n\n"
        "| x | y |\n|---|---|\n| [b](b.md#part) | text |\n| c | [d](sub/d.md) |\n\n"
        "A paragraph\nover two lines [e](e.md).\n\n"
        "External [x](https://example.com/a.md), absolute [y](/graph/overview), mail [m](mailto:a@b.c).\n\n"
        "```http\n[not](a-link.md)\n```\n\n"
        "Same page [here](#title), by reference [ref][r].\n\n[r]: r.md\n"
    )
    links = page_links(text).links
    assert [(link.path, link.anchor, link.line, link.image) for link in links] == [
        ("a.md", None, 3, False),
        ("../images/p.png", None, 3, True),
        ("b.md", "part", 7, False),
        ("sub/d.md", None, 8, False),
        ("e.md", None, 11, False),
        ("", "title", 19, False),
        ("r.md", None, 19, False),
    ]


def test_page_links_collects_heading_and_html_anchors() -> None:
    text = "# Update `widget` (beta)\n\n## Example 1: Get a user's manager\n\n## Response\n\n## Response\n\n<a name=\"custom-spot\"></a>\n"
    anchors = page_links(text).anchors
    assert {"update-widget-beta", "example-1-get-a-users-manager", "response", "response-1", "custom-spot"} <= anchors
    assert heading_slug("widgetColor values") == "widgetcolor-values"


def test_percent_encoded_links_are_decoded() -> None:
    (link,) = page_links("[a](my%20page.md)\n").links
    assert link.path == "my page.md"


# -- each code on a minimal page --------------------------------------------------------------------


CASES: dict[str, dict[str, str]] = {
    "GEN101": {"resources/widget.md": resource("widget", json_body='{\n  "id": "1",\n  "colour": "red"\n}')},
    "GEN102": {"resources/widget.md": resource("widget", "| size | Int32 | Size. |", json_body='{\n  "size": "big"\n}')},
    "GEN103": {"resources/widget.md": resource("widget", "| tags | String collection | Tags. |", json_body='{"tags": "a"}')},
    "GEN104": {**BASE, "resources/box.md": resource("box", "| widget | [widget](widget.md) | W. |", json_body='{"widget": 5}')},
    "GEN105": {**BASE, "resources/box.md": resource("box", "| color | [widgetColor](widgetcolor.md) | C. |", json_body='{"color": "pink"}')},
    "GEN106": {"resources/widget.md": resource("widget", "| when | DateTimeOffset | W. |", json_body='{"when": "July 1st"}')},
    "GEN107": {"resources/widget.md": resource("widget", "| webUrl | String | Its URL. |", json_body='{"webUrl": "somewhere"}')},
    # A placeholder in a response is a defect; in a JSON representation block it is the convention.
    "GEN108": {**BASE, "api/widget-get.md": api_page("Get widget", "GET https://graph.microsoft.com/beta/widgets/1",
                                                     OK + '{"size": "Int32"}')},
    "GEN116": {**BASE, "api/widget-get.md": api_page(
        "Get widget", "GET https://graph.microsoft.com/beta/widgets/1", OK + '{"id": "1"}').replace('"truncated": true', '"truncated": false')},
    "GEN109": {**BASE, "resources/box.md": resource(
        "box", "| widget | [widget](widget.md) | W. |", json_body='{"widget": {"@odata.type": "#microsoft.graph.gadget"}}')},
    "GEN110": {"resources/widget.md": resource("widget", "| name | String | The name. Required. |", json_body='{}')},
    "GEN111": {
        "resources/part.md": resource("part", "| label | String | L. |", "This is an abstract type."),
        "resources/specialpart.md": resource("specialPart", "| power | Int32 | P. |", "Inherits from [part](part.md)."),
        "resources/box.md": resource("box", "| part | [part](part.md) | P. |", json_body='{"part": {"power": 1}}'),
    },
    "GEN112": {**BASE, "api/widget-get.md": api_page("Get widget", "GET https://graph.microsoft.com/beta/widgets/1", None)},
    "GEN113": {**BASE, "api/widget-update.md": api_page(
        "Update widget", PATCH + '{"name": "n"}', "HTTP/1.1 204 No Content", body_type="widget")},
    "GEN114": {**BASE, "api/widget-update.md": api_page(
        "Update widget", PATCH + '{\n  "@odata.type": "#microsoft.graph.gadget",\n  "knob": "k"\n}', OK + '{"id": "1"}',
        body_type="widget")},
    "GEN115": {**BASE, "api/widget-update.md": api_page(
        "Update widget", PATCH.replace("/widgets/1", "/gadgets/1") + '{"name": "n"}', OK + '{"id": "1"}', body_type="widget")},
    "GEN201": {"resources/widget.md": resource("widget", "| part | [nowhere](nowhere.md) | P. |")},
    "GEN202": {
        "resources/a.md": resource("a", intro="Inherits from [b](b.md)."),
        "resources/b.md": resource("b", intro="Inherits from [a](a.md)."),
    },
    "GEN205": {
        "resources/base.md": resource("base", "| one | String | One. |"),
        "resources/child.md": resource("child", "| two | String | Two. Inherited from [base](base.md). |", "Inherits from [base](base.md)."),
    },
    "GEN206": {"resources/widget.md": resource("widget", "| id | String | I. |\n| id | String | Again. |")},
    "GEN207": {"resources/widget.md": resource("widget", intro="See [the guide](../concepts/guide.md).")},
    "GEN301": {"resources/widget.md": resource("widget", json_body='{"id": ')},
    "GEN302": {"resources/widget.md": resource("widget", json_body='{"id": "1",}')},
    "GEN303": {"resources/widget.md": resource("widget", json_body='{"id": "1"}', annotation='{ "blockType": "resource", }')},
    "GEN304": {"resources/widget.md": resource("widget") + "\n## JSON representation\n\n```json\n{\"id\": \"1\"}\n```\n"},
    "GEN307": {**BASE, "api/widget-get.md": api_page(
        "Get widget", "GET https://graph.microsoft.com/beta/** Entity URI for microsoft.graph.widget not found", OK + "{}")},
    "GEN308": {**BASE, "api/widget-get.md": api_page("Get widget", "GET https://graph.microsoft.com/beta/widgets/some id", OK + "{}")},
    "GEN309": {**BASE, "api/widget-get.md": api_page(
        "Get widget", "GET https://graph.microsoft.com/beta/widgets/1", OK + "{}",
        extra="## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n"
        "|Application|TODO: find out|\n\n")},
    "GEN401": {"resources/widget.md": resource("widget", json_body='{"colour": 1}') + "\n<!-- gen: suppress GEN101 colour -->\n"},
    "GEN402": {"resources/widget.md": resource("widget") + "\n<!-- gen: suppress GEN999 -- no such code -->\n"},
    "GEN403": {"resources/widget.md": resource("widget") + "\n<!-- gen: suppress GEN101 -- nothing to silence -->\n"},
}


def test_no_placeholder_finding_in_a_json_representation_block(docs_tree: DocsTree) -> None:
    pages = {"resources/widget.md": resource("widget", "| size | Int32 | Size. |", json_body='{"size": "Int32"}')}
    assert not [f for f in lint_pages(docs_tree, pages).findings if f.code == "GEN108"]


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_on_a_minimal_page(docs_tree: DocsTree, code: str) -> None:
    report = lint_pages(docs_tree, CASES[code])
    findings = [f for f in report.findings if f.code == code]
    assert findings, f"{code} not reported; got {[(f.code, f.message) for f in report.findings]}"
    for finding in findings:
        assert finding.kind == CODES[code].kind
        assert finding.severity == CODES[code].severity or code in ("GEN301", "GEN303")
        assert finding.file in CASES[code]


def test_every_lint_code_has_a_case() -> None:
    lint_codes = {code for code in CODES if code.startswith(("GEN1", "GEN4")) or code in ("GEN207",)}
    assert lint_codes <= set(CASES)


@pytest.mark.parametrize("url", ["/widgets('a1B2c3==')", "/widgets('O''Brien')", "/WIDGETS/1", "/widgets/1/"])
def test_a_request_url_that_addresses_a_documented_path_otherwise_is_no_gen115(docs_tree: DocsTree, url: str) -> None:
    pages = {**BASE, "api/widget-update.md": api_page(
        "Update widget", PATCH.replace("/widgets/1", url) + '{"name": "n"}', OK + '{"id": "1"}', body_type="widget")}
    assert found(lint_pages(docs_tree, pages), "GEN115") == []


def test_a_clean_tree_has_no_warnings(docs_tree: DocsTree) -> None:
    pages = {**BASE, "api/widget-update.md": api_page(
        "Update widget", PATCH + '{\n  "name": "n",\n  "color": "red"\n}', OK + '{\n  "id": "1",\n  "name": "n"\n}',
        body_type="widget")}
    report = lint_pages(docs_tree, pages)
    assert [f for f in report.findings if f.severity != "info"] == []
    assert report.failing("warning") == []


def test_conformance_findings_carry_lines_types_and_members(docs_tree: DocsTree) -> None:
    report = lint_pages(docs_tree, CASES["GEN101"])
    (finding,) = [f for f in report.findings if f.code == "GEN101"]
    page = CASES["GEN101"]["resources/widget.md"].split("\n")
    assert '"colour"' in page[finding.line - 1]
    assert (finding.type, finding.member) == ("microsoft.graph.widget", "colour")


def test_gen207_checks_images_anchors_and_existing_targets(docs_tree: DocsTree) -> None:
    pages = {
        "resources/widget.md": resource(
            "widget",
            intro="See [gadget](gadget.md), [its knob](gadget.md#knob-values), [nope](gadget.md#nope), "
            "![img](../images/w.png), [here](#properties), [gone](#gone), [up](../../outside.md), [dir](../api).",
        ),
        "resources/gadget.md": resource("gadget") + "\n### knob values\n\nText.\n",
        "api/x.md": "# x\n",
    }
    report = lint_pages(docs_tree, pages)
    messages = sorted(f.message for f in report.findings if f.code == "GEN207")
    assert len(messages) == 4, messages
    assert any("#nope" in m for m in messages) and any("#gone" in m for m in messages)
    assert any("images/w.png" in m for m in messages) and any("outside the docs tree" in m for m in messages)


def test_gen207_one_finding_per_target_and_page(docs_tree: DocsTree) -> None:
    report = lint_pages(docs_tree, {"resources/widget.md": resource("widget", intro="[a](x.md) [b](x.md)\n\n[c](x.md)")})
    (finding,) = [f for f in report.findings if f.code == "GEN207"]
    assert "3 links" in finding.message


def test_gen112_a_response_block_under_bold_text_pairs_the_request(docs_tree: DocsTree) -> None:
    # The shape of the Dynamics pages: bold "**Request**"/"**Response**" under one "## Example" heading.
    page = api_page("Get widget", "GET https://graph.microsoft.com/beta/widgets/1", None).replace("### Request\n\n", "**Request**\n\n")
    page += "\n**Response**\n\n```json\n{\"id\": \"1\"}\n```\n"
    report = lint_pages(docs_tree, {**BASE, "api/widget-get.md": page})
    assert found(report, "GEN112") == []


# -- suppressions ------------------------------------------------------------------------------------


def test_page_suppression_for_a_member(docs_tree: DocsTree) -> None:
    page = resource("widget", json_body='{\n  "colour": 1,\n  "flavour": 2\n}') + "\n<!-- gen: suppress GEN101 colour -- legacy key -->\n"
    report = lint_pages(docs_tree, {"resources/widget.md": page})
    by_member = {f.member: f for f in report.findings if f.code == "GEN101"}
    assert by_member["colour"].suppressed and by_member["colour"].suppressed_by == "legacy key"
    assert not by_member["flavour"].suppressed
    assert [f.code for f in report.findings if f.code.startswith("GEN4")] == []


def test_page_suppression_without_member_silences_the_code_on_that_page_only(docs_tree: DocsTree) -> None:
    noisy = resource("widget", json_body='{"colour": 1, "flavour": 2}')
    pages = {"resources/widget.md": noisy + "\n<!-- gen: suppress GEN101 -- generated sample -->\n",
             "resources/other.md": noisy.replace("widget", "other")}
    report = lint_pages(docs_tree, pages)
    states = {(f.file, f.suppressed) for f in report.findings if f.code == "GEN101"}
    assert states == {("resources/widget.md", True), ("resources/other.md", False)}


def test_suppression_without_reason_is_reported_at_its_line(docs_tree: DocsTree) -> None:
    report = lint_pages(docs_tree, CASES["GEN401"])
    (problem,) = [f for f in report.findings if f.code == "GEN401"]
    page = CASES["GEN401"]["resources/widget.md"].split("\n")
    assert "gen: suppress" in page[problem.line - 1]
    assert all(f.suppressed for f in report.findings if f.code == "GEN101")  # it still silences


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- gen: suppress GEN999\n     colour -- no such code -->",  # the member on the second line
        "<!-- gen: suppress\n     GEN999 colour -- no such code -->",  # the code too
        "<!-- gen: suppress GEN999 colour--\n     no such code -->",  # "--" against the member
    ],
    ids=["member", "code-and-member", "tight-dashes"],
)
def test_suppression_over_two_lines_is_reported_at_its_first_line(docs_tree: DocsTree, comment: str) -> None:
    # The reader and lint once parsed the comment apart: lint found no line for it, and
    # the finding pointed at line 0, which SARIF cannot place.
    page = resource("widget") + "\n" + comment + "\n"
    report = lint_pages(docs_tree, {"resources/widget.md": page})
    (problem,) = [f for f in report.findings if f.code == "GEN402"]
    assert problem.member == "colour"
    assert page.split("\n")[problem.line - 1].startswith("<!-- gen: suppress")
    (result,) = [r for r in json.loads(render_sarif(report))["runs"][0]["results"] if r["ruleId"] == "GEN402"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == problem.line


def test_suppression_over_two_lines_silences_its_member(docs_tree: DocsTree) -> None:
    page = resource("widget", json_body='{\n  "colour": 1,\n  "flavour": 2\n}')
    page += "\n<!-- gen: suppress GEN101\n     colour -- legacy key -->\n"
    report = lint_pages(docs_tree, {"resources/widget.md": page})
    states = {f.member: f.suppressed_by for f in report.findings if f.code == "GEN101"}
    assert states == {"colour": "legacy key", "flavour": None}
    assert not [f for f in report.findings if f.code == "GEN403"]


def test_config_suppression_with_glob_type_and_member(docs_tree: DocsTree) -> None:
    noisy = resource("widget", json_body='{"colour": 1, "flavour": 2}')
    pages = {"resources/widget.md": noisy, "api/other.md": noisy.replace("widget", "other")}
    config = Config(suppress=(
        Suppression("GEN101", "old samples", file="resources/*", type="widget", member="colour"),
        Suppression("GEN1*", "", file="api/*"),
        Suppression("GEN101", "never matches", member="nothing"),
    ))
    report = lint_pages(docs_tree, pages, config)
    states = {(f.file, f.member): f.suppressed for f in report.findings if f.code == "GEN101"}
    assert states == {
        ("resources/widget.md", "colour"): True,
        ("resources/widget.md", "flavour"): False,
        ("api/other.md", "colour"): True,
        ("api/other.md", "flavour"): True,
    }
    assert [f.code for f in report.findings if f.code.startswith("GEN4")] == ["GEN401", "GEN403"]
    assert {f.file for f in report.findings if f.code.startswith("GEN4")} == {"pyproject.toml"}


def test_suppressed_findings_do_not_fail(docs_tree: DocsTree) -> None:
    page = resource("widget", json_body='{"colour": 1}') + "\n<!-- gen: suppress GEN101 -- sample -->\n"
    report = lint_pages(docs_tree, {"resources/widget.md": page})
    assert report.failing("warning") == [] and any(f.suppressed for f in report.findings)
    assert lint_pages(docs_tree, CASES["GEN101"]).failing("warning")


# -- formats ----------------------------------------------------------------------------------------


@pytest.fixture
def mixed(docs_tree: DocsTree) -> LintReport:
    page = resource("widget", "| size | Int32 | S. |", json_body='{\n  "size": "big",\n  "colour": 1\n}')
    page += "\n<!-- gen: suppress GEN101 colour -- legacy, tracked in #12 -->\nSee [x](x.md).\n"
    return lint_pages(docs_tree, {"resources/widget.md": page})


def test_json_format_is_gen_lint_1(mixed: LintReport) -> None:
    document = json.loads(render_json(mixed))
    assert list(document) == ["format", "findings"] and document["format"] == "gen-lint/1"
    keys = ["code", "kind", "severity", "file", "line", "type", "member", "message", "suppressed"]
    assert all(list(item) == keys for item in document["findings"])
    assert [item["suppressed"] for item in document["findings"] if item["code"] == "GEN101"] == [True]
    order = [(item["file"], item["line"], item["code"]) for item in document["findings"]]
    assert order == sorted(order)
    assert render_json(mixed) == render_json(mixed)


def test_text_format(mixed: LintReport) -> None:
    text = render_text(mixed)
    assert re.search(r"^resources/widget\.md:\d+: warning GEN102 \[wrong-json-type\] ", text, re.M)
    assert "GEN101" not in text.split("\n\n")[0]  # suppressed findings are not listed
    assert re.search(r"^\d+ findings \(.*\); 1 suppressed$", text, re.M)
    assert re.search(r"^  GEN102\s+1\s", text, re.M)


def test_sarif_has_the_essential_structure(mixed: LintReport) -> None:
    sarif = json.loads(render_sarif(mixed, "docs/"))
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"]
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gen" and driver["version"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == sorted(CODES)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert f"gen: suppress {rule['id']}" in rule["help"]["text"]  # how to act on it, in the viewer
        assert "OWNER" not in rule.get("helpUri", "")  # a link only where gen's metadata declares one
    assert len(run["results"]) == len(mixed.findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("docs/resources/")
        assert physical["region"]["startLine"] >= 1
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"][0]["kind"], r["suppressions"][0]["justification"]) for r in suppressed] == [
        ("GEN101", "inSource", "legacy, tracked in #12")
    ]


def test_github_format(mixed: LintReport) -> None:
    lines = render_github(mixed, "docs/").strip().split("\n")
    assert lines and all(re.match(r"^::(error|warning|notice) file=docs/[^,]+,line=\d+,title=GEN\d{3} ", line) for line in lines)
    assert any(line.startswith("::warning ") and "GEN102" in line for line in lines)
    assert any(line.startswith("::notice ") and "GEN207" in line for line in lines)
    assert not any("GEN101" in line for line in lines)  # suppressed


def test_github_escapes_newlines_and_commas() -> None:
    from generator.model.diagnostics import diag

    report = LintReport((diag("GEN101", "a,b.md", 3, "two\nlines 100%"),))
    assert render_github(report) == "::warning file=a%2Cb.md,line=3,title=GEN101 [unknown-property]::two%0Alines 100%25\n"


def test_repository_prefix(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "docs" / "beta").mkdir(parents=True)
    assert repository_prefix(tmp_path / "repo" / "docs" / "beta") == "docs/beta/"
    assert repository_prefix(tmp_path / "repo") == ""
    (tmp_path / "loose").mkdir()
    assert repository_prefix(tmp_path / "loose") == "loose/"


# -- the command line --------------------------------------------------------------------------------


def test_cli_exit_codes(docs_tree: DocsTree, tmp_path: Path) -> None:
    warnings_only = docs_tree(CASES["GEN101"])
    errors = docs_tree(CASES["GEN307"])
    assert run_gen("lint", str(warnings_only)).returncode == 0  # default fail-on: error
    assert run_gen("lint", str(warnings_only), "--fail-on", "warning").returncode == 1
    assert run_gen("lint", str(errors)).returncode == 1
    assert run_gen("lint", str(errors), "--fail-on", "none").returncode == 0
    assert run_gen("lint", str(tmp_path / "absent")).returncode == 2
    assert run_gen("lint", str(errors), "--format", "yaml").returncode == 2
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.gen.lint]\nfail-on = "warning"\n\n[[tool.gen.suppress]]\ncode = "GEN101"\nreason = "known"\n')
    assert run_gen("--config", str(config), "lint", str(docs_tree(CASES["GEN102"]))).returncode == 1
    assert run_gen("--config", str(config), "lint", str(warnings_only)).returncode == 0  # suppressed


def test_cli_formats_and_output_file(docs_tree: DocsTree, tmp_path: Path) -> None:
    root = docs_tree(CASES["GEN102"])
    text = run_gen("lint", str(root))
    assert "GEN102 [wrong-json-type]" in text.stdout and text.stderr == ""
    out = tmp_path / "lint.sarif"
    sarif = run_gen("lint", str(root), "--format", "sarif", "-o", str(out))
    assert sarif.returncode == 0 and sarif.stdout == ""
    document = json.loads(out.read_text())
    assert document["runs"][0]["results"][0]["ruleId"] == "GEN102"
    assert "finding" in sarif.stderr  # the summary goes to stderr
    github = run_gen("lint", str(root), "--format", "github")
    assert github.stdout.startswith("::warning file=")
    assert json.loads(run_gen("lint", str(root), "--format", "json").stdout)["format"] == "gen-lint/1"


def test_cli_config_suppression_findings_point_at_the_config(docs_tree: DocsTree, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.gen]\n\n[[tool.gen.suppress]]\ncode = "GEN105"\nreason = ""\n')
    root = docs_tree(CASES["GEN102"])
    document = json.loads(run_gen("--config", str(config), "lint", str(root), "--format", "json").stdout)
    problems = sorted((f["code"], f["file"], f["line"]) for f in document["findings"] if f["code"].startswith("GEN4"))
    assert problems == [("GEN401", "../pyproject.toml", 3), ("GEN403", "../pyproject.toml", 3)]
    sarif = json.loads(run_gen("--config", str(config), "lint", str(root), "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"pyproject.toml", f"{root.name}/resources/widget.md"}


# -- the corpus ------------------------------------------------------------------------------------


def page_path(finding: dict[str, Any], prefix: str = "") -> str:
    """A finding's file below the docs root: lint names files from the repository's root when the
    docs sit in a git repository (as ../shared may), else from the docs root."""
    return str(finding["file"]).removeprefix(prefix)


@pytest.mark.corpus
def test_lint_the_2021_corpus(corpus_2021: Path, tmp_path: Path) -> None:
    out = tmp_path / "lint.json"
    result = run_gen("lint", str(corpus_2021), "--format", "json", "-o", str(out), "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    prefix = repository_prefix(corpus_2021, fallback=False)
    findings = json.loads(out.read_text())["findings"]
    assert len(findings) > 1000
    codes = {item["code"] for item in findings}
    assert {"GEN101", "GEN108", "GEN201", "GEN207", "GEN304"} <= codes
    for item in findings:
        assert item["code"] in CODES and item["kind"] == CODES[item["code"]].kind.value
        assert (corpus_2021 / page_path(item, prefix)).is_file(), item
        assert item["line"] >= 0
    # Each example finding points at a line of its page that holds the key it names.
    unknown = [item for item in findings if item["code"] == "GEN101" and item["member"] not in (None, "value")]
    assert unknown
    for item in unknown[:50]:
        line = (corpus_2021 / page_path(item, prefix)).read_text(encoding="utf-8").split("\n")[item["line"] - 1]
        assert f'"{item["member"]}"' in line, (item, line)
    assert run_gen("lint", str(corpus_2021)).returncode == 1  # it has error-level findings (GEN307, GEN301)
