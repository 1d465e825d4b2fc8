"""``gen test``: round trips of every JSON example and replays against a live server.

The report format is the public one of ../shared/specs/reports.md. Small inline docs
trees pin the three replay outcomes (matched, mismatch, not replayable); the seed page
and the 2021 corpus pin the acceptance figures of the issue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from conftest import DocsTree
from generator.docs import load_model
from generator.lint import lint_model
from generator.model import ApiModel
from generator.sdktest import run as testrun
from generator.sdktest import run_tests
from helpers import run_gen

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = ["examples", "parsed", "lossless", "typed", "replay_candidates", "replayed", "replay_matched"]
ROW_KEYS = ["file", "line", "kind", "type", "outcome", "codes", "detail"]
REPLAY_KEYS = ["file", "line", "operation", "outcome", "reason"]
ROW_OUTCOMES = {"typed", "lossless", "lossy", "not-parsed", "not-json"}
REPLAY_OUTCOMES = {"matched", "mismatch", "not-replayable"}


def check_report_shape(document: dict[str, Any]) -> None:
    """The gen-test-report/1 document, key by key, as reports.md defines it."""
    assert list(document) == ["format", "summary", "rows", "replays"]
    assert document["format"] == "gen-test-report/1"
    assert list(document["summary"]) == SUMMARY_KEYS
    assert all(isinstance(v, int) and v >= 0 for v in document["summary"].values())
    for row in document["rows"]:
        check_row(row)
    for replay in document["replays"]:
        assert list(replay) == REPLAY_KEYS
        assert isinstance(replay["line"], int) and isinstance(replay["operation"], str)
        assert replay["outcome"] in REPLAY_OUTCOMES
        assert (replay["reason"] == "") == (replay["outcome"] == "matched"), replay
    check_summary(document)


def check_row(row: dict[str, Any]) -> None:
    assert list(row) == ROW_KEYS
    assert isinstance(row["file"], str) and isinstance(row["line"], int) and row["line"] > 0
    assert row["kind"] in ("request", "response", "resource", "example")
    assert row["type"] is None or isinstance(row["type"], str)
    assert row["outcome"] in ROW_OUTCOMES
    assert isinstance(row["codes"], list) and all(c.startswith("GEN") for c in row["codes"])
    assert row["codes"] == sorted(set(row["codes"]))
    assert isinstance(row["detail"], str)
    if row["outcome"] == "lossless":
        assert row["codes"] and row["detail"], row  # lossless but not typed: the defects say why
    if row["outcome"] == "typed":
        assert row["codes"] == []


def check_summary(document: dict[str, Any]) -> None:
    """The summary counts the rows and replays it sits above."""
    rows, replays = document["rows"], document["replays"]
    assert rows == sorted(rows, key=lambda r: (r["file"], r["line"]))
    summary = document["summary"]
    counted = [r for r in rows if r["outcome"] != "not-json"]
    assert summary["examples"] == len(counted)
    assert summary["parsed"] == sum(r["outcome"] in ("typed", "lossless", "lossy") for r in counted)
    assert summary["lossless"] == sum(r["outcome"] in ("typed", "lossless") for r in counted)
    assert summary["typed"] == sum(r["outcome"] == "typed" for r in counted)
    assert summary["replay_candidates"] == len({r["operation"] for r in replays})
    assert summary["replay_matched"] <= summary["replayed"] <= summary["replay_candidates"]


def json_examples(model: ApiModel) -> set[tuple[str, int]]:
    """Where the docs show a JSON (or would-be JSON) body: each must have a row."""
    return {(e.file, e.line) for e in model.examples if e.parsed is not None or e.json_text or e.error}


# -- docs-input ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def docs_input_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, str, int]:
    report_file = tmp_path_factory.mktemp("gen-test") / "report.json"
    result = run_gen("test", "docs-input", "--report", str(report_file))
    return json.loads(report_file.read_text(encoding="utf-8")), result.stdout, result.stderr, result.returncode


def test_docs_input_report_matches_the_spec(docs_input_report: tuple[dict[str, Any], str, str, int]) -> None:
    document, stdout, stderr, code = docs_input_report
    assert code == 0, stderr
    check_report_shape(document)
    assert document["summary"] == {
        "examples": 33, "parsed": 33, "lossless": 33, "typed": 16,
        "replay_candidates": 16, "replayed": 14, "replay_matched": 14,
    }
    # The summary table on stdout carries the same figures.
    header, figures = stdout.splitlines()[:2]
    assert header.split()[:4] == ["examples", "parsed", "lossless", "typed"]
    assert figures.split()[:4] == ["33", "33", "33", "16"] and figures.split()[-3:] == ["16", "14", "14"]
    # Unknown enum values are doc defects with codes, not warnings on stderr.
    assert "Warning" not in stderr


def test_every_docs_input_example_is_accounted_for(
    docs_input_report: tuple[dict[str, Any], str, str, int], docs_input_model: ApiModel
) -> None:
    document = docs_input_report[0]
    rows = {(r["file"], r["line"]) for r in document["rows"]}
    assert rows == json_examples(docs_input_model)
    pairs = {(e.file, e.operation) for e in docs_input_model.examples if e.kind.value == "request" and e.operation}
    assert {(r["file"], r["operation"]) for r in document["replays"]} == pairs
    outcomes = {(r["file"], r["outcome"]): r["reason"] for r in document["replays"] if r["outcome"] != "matched"}
    assert outcomes == {
        ("api/chargingstation-update.md", "not-replayable"): "operation has no documented path, so no function",
        ("api/fleetreport-get-content.md", "not-replayable"): "binary or non-JSON content",
    }
    by_place = {(r["file"], r["kind"]): r for r in document["rows"]}
    # Planted defects: an unknown key in a truncated list response, placeholders in resources.
    assert by_place[("api/driver-list-trips.md", "response")]["codes"] == ["GEN101"]
    assert "co2EmissionsKg" in by_place[("api/driver-list-trips.md", "response")]["detail"]
    assert "GEN108" in by_place[("resources/vehicle.md", "resource")]["codes"]
    # Smart quotes, comments and trailing commas are read tolerantly and still round-trip.
    assert by_place[("api/driver-get.md", "response")]["outcome"] == "typed"
    assert by_place[("api/vehicle-update.md", "request")]["outcome"] == "typed"
    assert by_place[("api/fleet-post-trips.md", "request")]["outcome"] == "typed"


def test_json_format_on_stdout_is_the_report() -> None:
    result = run_gen("-q", "test", "docs-input", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    check_report_shape(document)
    assert document["summary"]["lossless"] == 33


# -- replays in small trees ---------------------------------------------------------------------
WIDGET = """
---
title: "widget resource type"
doc_type: resourcePageType
---

# widget resource type

Namespace: microsoft.graph

A widget of the workshop.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The identifier. Read-only.|
|color|String|The colour.|
|coats|Int32|How many coats of paint it has.|
|paintedDateTime|DateTimeOffset|When it was last painted.|

## JSON representation

<!-- {
  "blockType": "resource",
  "keyProperty": "id",
  "@odata.type": "microsoft.graph.widget"
}-->

```json
{
  "id": "String (identifier)",
  "color": "String",
  "coats": 1024,
  "paintedDateTime": "String (timestamp)"
}
```
"""

PERMISSIONS = """
## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.ReadWrite.All|
|Delegated (personal Microsoft account)|Not supported.|
|Application|Widget.ReadWrite.All|
"""


def api_page(title: str, http: str, body: str, response: str, request: str, annotation: str, answer: str) -> str:
    return f"""
---
title: "{title}"
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

{title} ([widget](../resources/widget.md)).
{PERMISSIONS}
## HTTP request

<!-- {{ "blockType": "ignored" }} -->

```http
{http}
```

## Request body

{body}

## Response

{response}

## Examples

### Request

<!-- {{
  "blockType": "request",
  "name": "{title.lower().replace(" ", "_").replace(":", "")}"
}}-->

```http
{request}
```

### Response

<!-- {{
  "blockType": "response"{annotation}
}} -->

```http
{answer}
```
"""


PAINT = api_page(
    "widget: paint",
    "POST /widgets/{widget-id}/paint",
    "|Parameter|Type|Description|\n|:---|:---|:---|\n|color|String|The colour to paint.|\n|coats|Int32|How many coats.|",
    "If successful, this action returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
    'POST https://graph.microsoft.com/v1.0/widgets/w-1/paint?mode=fast&$select=id,color\nContent-Type: application/json\n\n'
    '{\n  "color": "red",\n  "coats": 2\n}',
    ',\n  "@odata.type": "microsoft.graph.widget"',
    'HTTP/1.1 200 OK\nContent-type: application/json\n\n'
    '{\n  "id": "w-1",\n  "color": "red",\n  "coats": 2,\n  "paintedDateTime": "2024-03-06T07:30:00.1234567Z"\n}',
)
UPDATE_200 = api_page(
    "Update widget",
    "PATCH /widgets/{widget-id}",
    "In the request body, supply the values for the properties of the [widget](../resources/widget.md) to update.",
    "If successful, this method returns a `200 OK` response code and an updated [widget](../resources/widget.md) object in the response body.",
    'PATCH https://graph.microsoft.com/v1.0/widgets/w%201\nContent-Type: application/json\n\n{\n  "color": "blue",\n  "coats": 3.0\n}',
    ',\n  "@odata.type": "microsoft.graph.widget"',
    'HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  "id": "w 1",\n  "color": "blue",\n  "coats": 3.0\n}',
)


def test_replays_that_must_match(docs_tree: DocsTree) -> None:
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": PAINT, "api/widget-update.md": UPDATE_200})
    report = run_tests(root)
    document = report.as_dict()
    check_report_shape(document)
    assert [(r["operation"], r["outcome"]) for r in document["replays"]] == [
        ("widget_paint", "matched"), ("update_widget", "matched")
    ]
    assert document["summary"]["replay_matched"] == 2 and not report.failed
    assert all(r["outcome"] in ("typed", "lossless") for r in document["rows"])
    # A value that does not fit its type (3.0 for an Int32) is reported, and still sent as written.
    update_request = next(r for r in document["rows"] if r["file"] == "api/widget-update.md" and r["kind"] == "request")
    assert update_request["codes"] == ["GEN102"] and "/coats" in update_request["detail"]


def test_a_replay_checks_the_request_it_sends(docs_tree: DocsTree) -> None:
    """The same page with a request body that the stub cannot send as documented."""
    altered = PAINT.replace('"coats": 2\n}', '"coats": 2,\n  "undocumented": true\n}', 1)
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": altered})
    (replay,) = run_tests(root).replays
    assert replay.outcome == "not-replayable"
    assert "undocumented" in replay.reason


@pytest.mark.parametrize(
    "url_key",
    ["('AAMkAGI2THVSAAA=')", "('O''Brien')", "(42)"],
    ids=["base64-key", "quoted-quote", "bare-key"],
)
def test_a_key_in_parentheses_is_the_same_path_as_a_key_segment(docs_tree: DocsTree, url_key: str) -> None:
    """OData addresses an entity as widgets('k') or widgets/k: the example may use either."""
    page = PAINT.replace("/widgets/w-1/paint?", f"/widgets{url_key}/paint?", 1)
    assert url_key in page
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": page})
    (replay,) = run_tests(root).replays
    assert (replay.outcome, replay.reason) == ("matched", "")


def test_a_function_call_is_not_mistaken_for_a_key(docs_tree: DocsTree) -> None:
    page = PAINT.replace("/widgets/w-1/paint?", "/widgets/w-1/paint(shade='a=b')?", 1)
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": page})
    (replay,) = run_tests(root).replays
    assert replay.outcome == "not-replayable" and "shade" in replay.reason


UPLOAD = api_page(
    "Upload widget picture",
    "PUT /widgets/{widget-id}/picture/$value",
    "In the request body, include the picture as it is.",
    "If successful, this method returns a `204 No Content` response code.",
    "PUT https://graph.microsoft.com/v1.0/widgets/w-1/picture/$value\nContent-Type: text/plain\n\nA picture, as text.",
    "",
    "HTTP/1.1 204 No Content",
)


def test_an_upload_is_replayed_with_its_bytes_as_written(docs_tree: DocsTree, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.sdktest.replay as replay_module

    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-upload.md": UPLOAD})
    (replay,) = run_tests(root).replays
    assert (replay.operation, replay.outcome, replay.reason) == ("upload_widget_picture", "matched", "")
    # The server holds an upload to its exact bytes: told to expect other bytes, it refuses.
    documented = replay_module._expect

    def expect_other_bytes(server: object, pair: object, path: str, query: object, **kwargs: Any) -> None:
        altered = attrs.evolve(pair.request, content="A picture, as text!")  # type: ignore[attr-defined]
        documented(server, attrs.evolve(pair, request=altered), path, query, **kwargs)  # type: ignore[misc]

    monkeypatch.setattr(replay_module, "_expect", expect_other_bytes)
    (replay,) = run_tests(root).replays
    assert replay.outcome == "mismatch" and "expected PUT /widgets/w-1/picture/$value body 'A picture, as text.'" in replay.reason


def cli_report(root: Path) -> dict[str, Any]:
    """``gen test ROOT --report FILE`` through the real command line: exit 0, a report to the spec."""
    report_file = root.parent / "report.json"
    result = run_gen("-q", "test", str(root), "--report", str(report_file))
    assert result.returncode == 0, result.stdout + result.stderr
    document: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
    check_report_shape(document)
    return document


CONTRADICTING = api_page(
    "Update widget",
    "PATCH /widgets/{widget-id}",
    "In the request body, supply the values for the properties of the [widget](../resources/widget.md) to update.",
    "If successful, this method returns a `204 No Content` response code. It does not return anything in the response body.",
    'PATCH https://graph.microsoft.com/v1.0/widgets/w-1\nContent-Type: application/json\n\n{\n  "color": "blue"\n}',
    "",
    'HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  "id": "w-1",\n  "color": "blue"\n}',
)


def test_docs_that_contradict_themselves_are_not_replayed_and_say_why(docs_tree: DocsTree) -> None:
    """The page says 204 No Content, its example answers 200 with a body: a doc defect, not a failure."""
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-update.md": CONTRADICTING})
    document = cli_report(root)
    (replay,) = document["replays"]
    assert replay["outcome"] == "not-replayable" and replay["operation"] == "update_widget"
    assert replay["reason"] == "the docs contradict themselves: the Response section documents 204 and no body, the example shows one"
    assert document["summary"]["replay_candidates"] == 1 and document["summary"]["replayed"] == 0
    # The examples themselves are still lossless.
    assert all(r["outcome"] in ("typed", "lossless") for r in document["rows"])


def test_prose_under_a_json_content_type_is_a_doc_defect_not_a_replay(docs_tree: DocsTree) -> None:
    """A response block whose Content-Type says JSON and whose body starts with a sentence (a line
    pasted between the headers and the JSON): the docs' defect (GEN301 at the sentence), not a
    replay that serves the sentence and finds the SDK refusing it."""
    answer = 'HTTP/1.1 200 OK\nContent-type: application/json\nHere is an example of the response.\n\n{\n  "id": "w-1"\n}'
    page = PAINT.replace(PAINT[PAINT.index("HTTP/1.1 200 OK"):PAINT.rindex("```")], answer + "\n")
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": page})
    document = cli_report(root)
    (replay,) = document["replays"]
    assert replay["outcome"] == "not-replayable"
    assert replay["reason"] == "response body is not JSON (body is not JSON, though the block's Content-Type is application/json)"
    sentence = (root / "api/widget-paint.md").read_text().split("\n").index("Here is an example of the response.") + 1
    findings = lint_model(load_model(root)).findings
    assert [(f.file, f.line) for f in findings if f.code == "GEN301"] == [("api/widget-paint.md", sentence)]


def test_a_broken_header_that_turns_the_json_into_text_explains_the_failed_replay(docs_tree: DocsTree) -> None:
    """A Content-Type line without its colon is no header: the body is that line and the JSON, text
    the SDK's typed method refuses. The page documents a widget, the example answers text: the
    docs contradict themselves, and the report says so rather than blame the SDK."""
    answer = 'HTTP/1.1 200 OK\nContent-type application/json\n\n{\n  "id": "w-1"\n}'
    page = PAINT.replace(PAINT[PAINT.index("HTTP/1.1 200 OK"):PAINT.rindex("```")], answer + "\n")
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": page})
    document = cli_report(root)
    (replay,) = document["replays"]
    assert (replay["outcome"], replay["reason"]) == (
        "not-replayable",
        "the docs contradict themselves: the page documents a microsoft.graph.widget body in the answer, the example's is not JSON",
    )


def test_a_request_the_server_does_not_expect_is_a_mismatch_and_fails(
    docs_tree: DocsTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server expects exactly the documented body; anything else fails the run (exit 1)."""
    import generator.sdktest.replay as replay_module

    documented = replay_module._expect

    def expect_other_body(server: object, pair: object, path: str, query: object, **kwargs: Any) -> None:
        altered = attrs.evolve(pair.request, json_text=pair.request.json_text.replace("red", "green"))  # type: ignore[attr-defined]
        documented(server, attrs.evolve(pair, request=altered), path, query, **kwargs)  # type: ignore[misc]

    monkeypatch.setattr(replay_module, "_expect", expect_other_body)
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": PAINT})
    report = run_tests(root)
    (replay,) = report.replays
    assert replay.outcome == "mismatch"
    assert "did not receive the documented request" in replay.reason or "ApiError" in replay.reason
    assert "\"color\": \"red\"" in replay.reason and report.failed  # what the docs show


COUNT_EMPTY = api_page(
    "Count widgets",
    "GET /widgets/$count",
    "",
    "If successful, this method returns a `200 OK` response code and a count of widgets in the response body.",
    "GET https://graph.microsoft.com/v1.0/widgets/$count",
    "",
    "HTTP/1.1 200 OK\nContent-type: text/plain\n\n",
)


def test_a_failed_replay_reads_the_same_every_run(docs_tree: DocsTree, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mismatch names the call's client-request-id: the example's own, not a fresh UUID per run."""
    import generator.sdktest.replay as replay_module

    documented = replay_module._expect

    def expect_another_path(server: object, pair: object, path: str, query: object, **kwargs: Any) -> None:
        documented(server, pair, path + "/else", query, **kwargs)

    monkeypatch.setattr(replay_module, "_expect", expect_another_path)
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-paint.md": PAINT})
    first, second = run_tests(root).replays, run_tests(root).replays
    assert [r.outcome for r in first] == ["mismatch"], first
    assert "client-request-id: " in first[0].reason
    assert first == second


def test_a_count_the_example_leaves_out_contradicts_the_page(docs_tree: DocsTree) -> None:
    """The page answers a count, its example an empty body: the method has nothing to read."""
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-count.md": COUNT_EMPTY})
    (replay,) = run_tests(root).replays
    assert replay.outcome == "not-replayable"
    assert replay.reason == "the docs contradict themselves: a $count request is answered with a number, the example shows none (200)"


def test_a_placeholder_url_is_not_replayable_and_says_why(docs_tree: DocsTree) -> None:
    placeholder = api_page(
        "Update widget",
        "PATCH ** Entity URI for microsoft.graph.widget not found",
        "In the request body, supply a JSON representation for the [widget](../resources/widget.md) object.",
        "If successful, this method returns a `200 OK` response code and an updated [widget](../resources/widget.md) object in the response body.",
        'PATCH https://graph.microsoft.com/docs\\api** Entity URI for microsoft.graph.widget not found\n'
        'Content-type: application/json\n\n{\n  "@odata.type": "#microsoft.graph.widget",\n  "color": "blue"\n}',
        "",
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  "@odata.type": "#microsoft.graph.widget",\n  "id": "w-1"\n}',
    )
    root = docs_tree({"resources/widget.md": WIDGET, "api/widget-update.md": placeholder})
    document = cli_report(root)
    (replay,) = document["replays"]
    assert replay["outcome"] == "not-replayable"
    assert "not found" in replay["reason"] and "placeholder" in replay["reason"]
    assert document["summary"]["replay_candidates"] == 1 and document["summary"]["replayed"] == 0
    rows = [r for r in document["rows"] if r["file"] == "api/widget-update.md"]
    assert [r["outcome"] for r in rows] == ["typed", "typed"]  # the bodies still round-trip


# -- the seed page ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_report(seed_dir: Path) -> testrun.TestReport:
    return run_tests(seed_dir)


def test_seed_request_and_response_round_trip_losslessly(seed_report: testrun.TestReport) -> None:
    document = seed_report.as_dict()
    check_report_shape(document)
    kinds = [(r["kind"], r["outcome"], r["type"]) for r in document["rows"]]
    assert kinds == [
        ("request", "lossless", "microsoft.graph.macOSVpnConfiguration"),
        ("response", "lossless", "microsoft.graph.macOSVpnConfiguration"),
    ]
    assert document["summary"]["examples"] == document["summary"]["parsed"] == document["summary"]["lossless"] == 2
    assert not seed_report.failed


def test_seed_request_is_not_replayable_because_of_its_placeholder_url(seed_report: testrun.TestReport) -> None:
    (replay,) = seed_report.replays
    assert replay.outcome == "not-replayable"
    assert replay.operation == "update_macosvpnconfiguration"
    assert "placeholder" in replay.reason and "not found" in replay.reason
    assert seed_report.summary["replay_candidates"] == 1 and seed_report.summary["replayed"] == 0


def test_seed_enum_properties_holding_string_are_reported_with_codes(seed_report: testrun.TestReport) -> None:
    for row in seed_report.rows:
        assert "GEN108" in row.codes, row
        for prop in ("/connectionType", "/authenticationMethod"):
            assert f"GEN108 {prop}: 'String' is a type placeholder" in row.detail, (prop, row.detail)


def test_seed_on_the_command_line(seed_dir: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "seed.json"
    result = run_gen("-q", "test", str(seed_dir), "--report", str(report_file))
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(report_file.read_text(encoding="utf-8"))
    check_report_shape(document)
    assert document["rows"][0]["file"] == document["replays"][0]["file"]
    assert document["rows"][0]["line"] == document["replays"][0]["line"]


# -- the corpus ---------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.corpus
def test_corpus_acceptance_figures(corpus_2021: Path) -> None:
    report = run_tests(corpus_2021)
    document = report.as_dict()
    check_report_shape(document)
    summary = report.summary
    print("corpus gen test summary:", summary)
    assert summary["examples"] > 2000
    # 100% of the parsed examples round-trip losslessly.
    assert summary["lossless"] == summary["parsed"], [r for r in document["rows"] if r["outcome"] == "lossy"][:5]
    # At least 95% of the method pages with request and response examples replay and match.
    assert summary["replay_matched"] >= 0.95 * summary["replay_candidates"], summary
    # Every example and every replay is accounted for, with a reason when it is not a success.
    assert {(r["file"], r["line"]) for r in document["rows"]} == json_examples(report.model)
    for replay in document["replays"]:
        assert replay["outcome"] == "matched" or replay["reason"], replay
    for row in document["rows"]:
        if row["outcome"] in ("not-parsed", "not-json", "lossy"):
            assert row["detail"], row
        if row["outcome"] == "not-parsed":
            assert row["codes"] == ["GEN301"]
