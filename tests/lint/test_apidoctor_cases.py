"""ApiDoctor's schema-validator cases, transcribed: gen gives ApiDoctor's verdicts.

Each case restates one test of ApiDoctor's ``SchemaValidatorTests`` (OneDrive/apidoctor,
``ApiDoctor.Validation.UnitTests``) with data of our own: a resource page whose JSON
representation is the schema ApiDoctor builds ("simple": a string, a URL, a number, a
date, a float), and a response example on an operation page. ApiDoctor's codes map to
gen's: ExpectedTypeDifferent -> GEN102 (wrong-json-type), AdditionalPropertyDetected ->
GEN101 (unknown-property), RequiredPropertiesMissing -> GEN116 (missing-property),
ExpectedNonArrayValue -> one finding of wrong JSON type. The request-body cases follow
ApiDoctor's request validation: POST, PATCH and PUT bodies against the page's body type
and its request-body table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.lint import lint_model
from generator.model.diagnostics import CODES, FindingKind

from helpers import model_of

RESOURCE = """\
---
title: "simple resource type"
doc_type: resourcePageType
---

# simple resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:--|:--|:--|
| stringProp | String | A string. |
| urlProp | String | A URL. |
| numberProp | Int64 | A number. |
| dateProp | DateTimeOffset | A date. |
| floatProp | Double | A float. |
| children | [simple](simple.md) collection | Child items. |

## Relationships

| Relationship | Type | Description |
|:--|:--|:--|
| owner | [simple](simple.md) | The owner. Navigation only. |

## JSON representation

<!-- {ANNOTATION} -->

```json
{
  "stringProp": "String",
  "urlProp": "String",
  "numberProp": 1024,
  "dateProp": "String (timestamp)",
  "floatProp": 1.5,
  "children": [{"@odata.type": "microsoft.graph.simple"}]
}
```
"""

GET_PAGE = """\
---
title: "Get simple"
doc_type: apiPageType
---

# Get simple

Namespace: microsoft.graph

## HTTP request

```http
GET /simples/{id}
```

## Response

If successful, this method returns a `200 OK` response code and a [simple](../resources/simple.md) object in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "get_simple" } -->

```http
GET https://graph.microsoft.com/beta/simples/1
```

### Response

<!-- {RESPONSE} -->

```http
HTTP/1.1 200 OK
Content-Type: application/json

BODY
```
"""

UPDATE_PAGE = """\
---
title: "Update simple"
doc_type: apiPageType
---

# Update simple

Namespace: microsoft.graph

## HTTP request

```http
METHOD /simples/{id}
```

## Request body

In the request body, supply a JSON representation of the [simple](../resources/simple.md) object.

| Property | Type | Description |
|:--|:--|:--|
| stringProp | String | A string. |
| numberProp | Int64 | A number. |
| note | String | A note the service keeps with the change. |

## Response

If successful, this method returns a `200 OK` response code and an updated [simple](../resources/simple.md) object in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "update_simple" } -->

```http
METHOD https://graph.microsoft.com/beta/simples/1
Content-Type: application/json

BODY
```

### Response

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.simple" } -->

```http
HTTP/1.1 200 OK
```
"""

VALID = {
    "stringProp": "seattle, wa",
    "urlProp": "http://example.org",
    "numberProp": 1234567901,
    "dateProp": "2013-06-20T02:54:44.547Z",
    "floatProp": 123123.1231231231,
    "children": [],
}


def findings(tmp_path: Path, body: Any, response: dict[str, Any] | None = None, resource: dict[str, Any] | None = None) -> list[tuple[str, str | None]]:
    annotation = {"blockType": "resource", "@odata.type": "microsoft.graph.simple", **(resource or {})}
    annotation_of_response = {"blockType": "response", "@odata.type": "microsoft.graph.simple", **(response or {})}
    pages = {
        "resources/simple.md": RESOURCE.replace("{ANNOTATION}", json.dumps(annotation)),
        "api/simple-get.md": GET_PAGE.replace("{RESPONSE}", json.dumps(annotation_of_response)).replace(
            "BODY", json.dumps(body, indent=2)
        ),
    }
    return _codes(tmp_path, pages, "api/simple-get.md")


def request_findings(tmp_path: Path, method: str, body: Any) -> list[tuple[str, str | None]]:
    pages = {
        "resources/simple.md": RESOURCE.replace("{ANNOTATION}", '"blockType": "resource", "@odata.type": "microsoft.graph.simple"'),
        "api/simple-update.md": UPDATE_PAGE.replace("METHOD", method).replace("BODY", json.dumps(body, indent=2)),
    }
    return _codes(tmp_path, pages, "api/simple-update.md")


def _codes(tmp_path: Path, pages: dict[str, str], file: str) -> list[tuple[str, str | None]]:
    report = lint_model(model_of(pages, tmp_path))
    relevant = {"GEN101", "GEN102", "GEN103", "GEN104", "GEN110", "GEN116"}
    return sorted((f.code, f.member) for f in report.active if f.file == file and f.code in relevant)


# -- SchemaValidatorTests ------------------------------------------------------------------


def test_simple_type_validation_valid(tmp_path: Path) -> None:
    assert findings(tmp_path, VALID) == []


def test_simple_type_validation_wrong_property_type(tmp_path: Path) -> None:
    # Two errors, both "expected type different": a number for the string, a string for the number.
    found = findings(tmp_path, {**VALID, "stringProp": 1231234, "numberProp": "1234567901"})
    assert found == [("GEN102", "numberProp"), ("GEN102", "stringProp")]
    assert {CODES[code].kind for code, _ in found} == {FindingKind.WRONG_JSON_TYPE}


def test_simple_type_validation_extra_property(tmp_path: Path) -> None:
    assert findings(tmp_path, {**VALID, "foobar": "another value"}) == [("GEN101", "foobar")]


def test_simple_type_validation_missing_property(tmp_path: Path) -> None:
    body = {key: value for key, value in VALID.items() if key != "urlProp"}
    found = findings(tmp_path, body)
    assert found == [("GEN116", "urlProp")]
    assert CODES["GEN116"].kind is FindingKind.MISSING_PROPERTY


def test_simple_type_validation_wrong_type_array(tmp_path: Path) -> None:
    found = findings(tmp_path, {**VALID, "stringProp": ["one", "two", "three"]})
    assert found == [("GEN102", "stringProp")]  # one finding: an array where a string is declared


# -- truncation (TruncatedExampleWithRequiredPropertiesTest and the select tests) -----------


def test_truncated_response_omits_what_it_likes(tmp_path: Path) -> None:
    assert findings(tmp_path, {"stringProp": "foobar", "urlProp": "http://x.example"}, {"truncated": True}) == []


def test_untruncated_response_names_every_missing_property(tmp_path: Path) -> None:
    model_pages = findings(tmp_path, {"stringProp": "foobar"})
    assert model_pages == [("GEN116", "urlProp")]  # one finding per object, the first missing as member


def test_truncated_select_on_children_is_clean(tmp_path: Path) -> None:
    body = {**VALID, "children": [{"stringProp": "Applications"}, {"stringProp": "Attachments"}]}
    assert findings(tmp_path, body, {"truncated": True}) == []


def test_optional_properties_of_the_resource_may_be_missing(tmp_path: Path) -> None:
    body = {key: value for key, value in VALID.items() if key not in ("urlProp", "floatProp")}
    assert findings(tmp_path, body, resource={"optionalProperties": ["urlProp", "floatProp"]}) == []
    assert findings(tmp_path, body, resource={"optionalProperties": ["urlProp"]}) == [("GEN116", "floatProp")]


def test_navigation_properties_are_never_required(tmp_path: Path) -> None:
    assert ("GEN116", "owner") not in findings(tmp_path, VALID)


def test_collection_response_items_are_checked(tmp_path: Path) -> None:
    body = {"value": [VALID, {"stringProp": "only"}]}
    assert findings(tmp_path, body, {"isCollection": True}) == [("GEN116", "urlProp")]


# -- request bodies ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
def test_request_unknown_property(tmp_path: Path, method: str) -> None:
    assert request_findings(tmp_path, method, {"stringProp": "x", "bogus": 1}) == [("GEN101", "bogus")]


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
def test_request_wrong_json_type_against_the_type(tmp_path: Path, method: str) -> None:
    assert request_findings(tmp_path, method, {"numberProp": "12"}) == [("GEN102", "numberProp")]


def test_request_key_the_table_documents_is_known(tmp_path: Path) -> None:
    assert request_findings(tmp_path, "PATCH", {"stringProp": "x", "note": "why"}) == []


def test_request_value_checked_against_the_table_type(tmp_path: Path) -> None:
    assert request_findings(tmp_path, "PATCH", {"note": 5}) == [("GEN102", "note")]


def test_request_partial_body_is_no_missing_property(tmp_path: Path) -> None:
    assert request_findings(tmp_path, "PATCH", {"stringProp": "x"}) == []
