"""gen schema --format openapi on hostile docs (issue 26): the document is always valid JSON
and YAML, validates, and the run goes on.

A number JSON cannot spell (``1e999``, ``NaN``, ``Infinity``) leaves its example out with
GEN503; a lone surrogate (``"\\ud800"``) is U+FFFD in JSON and YAML alike; ``{{id}}`` is the
placeholder ``{id}``, and a path with a brace that wraps no placeholder is left out with GEN503.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from openapi_spec_validator import validate

from generator.model.json_values import LongInteger
from generator.openapi import to_yaml, valid_template
from generator.openapi.document import openapi_json
from generator.openapi.examples import unspellable
from generator.openapi.templates import stray_brace
from helpers import run_gen

DocsTree = Callable[[dict[str, str]], Path]

RESOURCE = """\
---
title: "thing resource type"
doc_type: resourcePageType
---

# thing resource type

Namespace: microsoft.graph

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The id.|
|size|Double|The size.|
|label|String|The label.|
"""

API = """\
---
title: "Get thing"
doc_type: apiPageType
---

# Get thing

Namespace: microsoft.graph

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Thing.Read.All|

## HTTP request

```http
{paths}
```

## Response

If successful, this method returns a `200 OK` response code and a [thing](../resources/thing.md) object in the response body.

## Example

### Response

<!-- {{ "blockType": "response", "@odata.type": "microsoft.graph.thing" }} -->

```http
HTTP/1.1 200 OK
Content-type: application/json

{body}
```
"""
LINES = API.splitlines()
PATH_LINE = LINES.index("{paths}") + 1  # the first documented path
EXAMPLE_LINE = LINES.index("```http", PATH_LINE) + 1  # the response example's block
BODY_LINE = LINES.index("{body}") + 1  # its JSON body


def tree(docs_tree: DocsTree, paths: str = "GET /things/{id}/x", body: str = '{"id": "1", "size": 2.5, "label": "a"}') -> Path:
    return docs_tree({"resources/thing.md": RESOURCE, "api/thing-get.md": API.format(paths=paths, body=body)})


def strict_json(text: str) -> Any:
    """JSON as RFC 8259 has it: NaN and Infinity are no JSON."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def openapi(docs: Path, tmp_path: Path) -> tuple[Any, list[dict[str, Any]]]:
    """The document written as JSON and as YAML (the same data, both valid), and the diagnostics."""
    documents = []
    for suffix in ("json", "yaml"):
        out, diagnostics = tmp_path / f"openapi.{suffix}", tmp_path / "diagnostics.json"
        result = run_gen("schema", str(docs), "--format", "openapi", "-o", str(out), "--diagnostics", str(diagnostics))
        assert result.returncode == 0, result.stderr
        text = out.read_bytes().decode("utf-8")  # valid UTF-8
        document = strict_json(text) if suffix == "json" else yaml.safe_load(text)
        validate(document)
        documents.append(document)
    assert documents[0] == documents[1]
    return documents[0], json.loads(diagnostics.read_text(encoding="utf-8"))["diagnostics"]


def response_examples(document: dict[str, Any]) -> dict[str, Any]:
    return {name: example["value"] for name, example in document["components"].get("examples", {}).items()}


@pytest.mark.parametrize(
    "body",
    [
        '{"id": "1", "size": 1e999, "label": "a"}',
        '{"id": "1", "size": NaN, "label": "a"}',
        '{"id": "1", "label": "a", "more": [{"x": [1, -Infinity]}]}',
    ],
)
def test_a_number_json_cannot_spell_is_no_json_and_leaves_its_example_out(
    docs_tree: DocsTree, tmp_path: Path, body: str
) -> None:
    """The docs reader refuses it (GEN301: Python's reader would take it as a non-finite float);
    the document stays valid JSON and YAML (the writer's own check, ``unspellable``, is tested below)."""
    document, diagnostics = openapi(tree(docs_tree, body=body), tmp_path)
    assert response_examples(document) == {}
    (found,) = [d for d in diagnostics if d["code"] == "GEN301" and d["file"] == "api/thing-get.md"]
    assert "not a JSON" in found["message"]
    assert "/things/{id}/x" in document["paths"]  # the operation stays


def test_a_lone_surrogate_is_u_fffd_in_json_and_yaml(docs_tree: DocsTree, tmp_path: Path) -> None:
    docs = tree(docs_tree, body='{"id": "1", "size": 2.5, "label": "a\\ud800b", "\\udfff": "c\\udc00"}')
    document, diagnostics = openapi(docs, tmp_path)
    assert response_examples(document) == {
        f"get_thing.response.L{EXAMPLE_LINE}": {"id": "1", "size": 2.5, "label": "a\ufffdb", "\ufffd": "c\ufffd"}
    }
    assert not [d for d in diagnostics if d["file"] == "api/thing-get.md"]  # checked, and valid
    stdout = run_gen("-q", "schema", str(docs), "--format", "openapi")
    assert stdout.returncode == 0 and strict_json(stdout.stdout) == document


def test_doubled_braces_are_one_placeholder(docs_tree: DocsTree, tmp_path: Path) -> None:
    document, diagnostics = openapi(tree(docs_tree, paths="GET /things/{{id}}/x"), tmp_path)
    (path,) = document["paths"]
    assert path == "/things/{id}/x"
    operation = document["paths"][path]["get"]
    assert operation["operationId"] == "get_thing"
    assert [(p["name"], p["in"]) for p in operation["parameters"]] == [("id", "path")]
    assert not [d for d in diagnostics if d["code"] == "GEN503"]


def test_a_brace_that_wraps_no_placeholder_leaves_its_path_out_with_gen503(docs_tree: DocsTree, tmp_path: Path) -> None:
    paths = "GET /things/{id/x\nGET /things/{a{b}c}/y\nGET /things/{id}/z"
    document, diagnostics = openapi(tree(docs_tree, paths=paths), tmp_path)
    # The one valid path holds the operation, under its bare name.
    assert list(document["paths"]) == ["/things/{id}/z"]
    assert document["paths"]["/things/{id}/z"]["get"]["operationId"] == "get_thing"
    left_out = [(d["line"], d["message"]) for d in diagnostics if d["code"] == "GEN503"]
    assert [line for line, _ in left_out] == [PATH_LINE, PATH_LINE + 1]
    assert "request path /things/{id/x of operation get_thing has a brace" in left_out[0][1]


def test_an_operation_whose_every_path_has_a_stray_brace_is_left_out(docs_tree: DocsTree, tmp_path: Path) -> None:
    document, diagnostics = openapi(tree(docs_tree, paths="GET /things/{id/x"), tmp_path)
    assert document["paths"] == {}
    reasons = {d["line"]: d["message"] for d in diagnostics if d["code"] == "GEN503"}
    assert "braces that wrap no placeholder, so it is not in the document" in reasons[BODY_LINE]


def test_valid_template_and_stray_braces() -> None:
    assert valid_template("/a/{{b}}/c") == ("/a/{b}/c", ["b"])
    assert valid_template("/a/{{{b}}}/c/{{b}}") == ("/a/{b}/c/{c-b}", ["b", "c-b"])
    assert not stray_brace(valid_template("/a/{{b}}/c")[0])
    for path in ("/a/{b", "/a/b}", "/a/{b{c}d}", "/a/}{", "/a/" + "{" * 50_000):  # the run: in linear time
        assert stray_brace(valid_template(path)[0]), path[:20]


def test_unspellable_says_where() -> None:
    assert unspellable({"a": [1.5, {"b": "x"}], "c": None}) is None
    assert "at $.a[1].b (read as NaN:" in str(unspellable({"a": [1, {"b": float("nan")}]}))
    assert "too long for Python's int (over 4,300 digits) at $[0]" in str(unspellable([LongInteger("9" * 5000)]))


def test_writers_never_write_a_lone_surrogate() -> None:
    data = {"k\ud800": ["\udfff", "ok \U0001f600"]}
    expected = {"k\ufffd": ["\ufffd", "ok \U0001f600"]}
    assert yaml.safe_load(to_yaml(data)) == expected
    text = openapi_json(data)
    text.encode("utf-8")
    assert strict_json(text) == expected
