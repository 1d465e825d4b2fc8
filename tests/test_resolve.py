"""Resolution rules on small inline trees: bases, kinds, the entity root, declared rows."""

from __future__ import annotations

from pathlib import Path

from helpers import model_of

RESOURCE = """\
---
doc_type: resourcePageType
---
# {name} resource type

Namespace: microsoft.graph

{intro}

## Properties
|Property|Type|Description|
|:---|:---|:---|
{rows}
"""


def page(name: str, rows: str, intro: str = "") -> str:
    return RESOURCE.format(name=name, rows=rows, intro=intro)


def test_listed_subtypes_get_the_page_as_base(tmp_path: Path) -> None:
    intro = "The following types are derived from **shape**:\n\n* [Circle](circle.md)\n* [Square](square.md)\n"
    model = model_of(
        {
            "resources/shape.md": page("shape", "|area|Double|Area.|", intro),
            "resources/circle.md": page("circle", "|radius|Double|Radius.|"),
            "resources/square.md": page("square", "|side|Double|Side.|"),
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.circle"].base == "microsoft.graph.shape"
    assert model.types["microsoft.graph.square"].base == "microsoft.graph.shape"
    assert model.types["microsoft.graph.shape"].base is None


def test_entity_root_owns_id_and_derived_rows_are_not_redeclared(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/base.md": page("policyBase", "|id|String|Key. Read-only.|\n|displayName|String|Name.|")
            + '\n<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.policyBase" } -->\n```json\n{}\n```\n',
            "resources/derived.md": page(
                "tokenPolicy",
                "|id|String|Key. Inherited from [policyBase](base.md)|\n"
                "|displayName|String|Name.|\n"
                "|lifetime|Duration|How long.|",
                "Inherits from [policyBase](base.md)",
            ),
        },
        tmp_path,
    )
    base = model.types["microsoft.graph.policyBase"]
    derived = model.types["microsoft.graph.tokenPolicy"]
    assert base.kind == derived.kind == "entity"
    assert base.base == "microsoft.graph.entity"
    assert [p.name for p in base.properties] == ["displayName"]
    assert [p.name for p in model.types["microsoft.graph.entity"].properties] == ["id"]
    assert derived.base == "microsoft.graph.policyBase"
    assert [p.name for p in derived.properties] == ["lifetime"]


def test_a_cell_continued_on_the_next_line_stays_in_its_row(tmp_path: Path) -> None:
    rows = "|limit|Int64|The upper bound.\nValid values 0 to 100|\n|unit|String|The unit.|"
    model = model_of({"resources/quota.md": page("quota", rows)}, tmp_path)
    quota = model.types["microsoft.graph.quota"]
    assert [p.name for p in quota.properties] == ["limit", "unit"]
    assert quota.properties[0].description.endswith("Valid values 0 to 100")
    assert any(d.code == "GEN305" for d in model.diagnostics)


def test_bracketed_type_without_link_names_the_type(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/license.md": page("assignedLicense", "|skuId|Guid|The SKU.|"),
            "resources/person.md": page("person", "|licenses|[assignedLicense] collection|Licenses.|"),
        },
        tmp_path,
    )
    licenses = model.types["microsoft.graph.person"].properties[0]
    assert licenses.type.name == "microsoft.graph.assignedLicense" and licenses.type.collection


def test_get_function_parameters_come_from_the_request_body_table(tmp_path: Path) -> None:
    api = """\
# getScopes function

Namespace: microsoft.graph

## HTTP Request
``` http
GET /deviceManagement/getScopes
```

## Request body
The following table shows the parameters that can be used with this function.

|Property|Type|Description|
|:---|:---|:---|
|scope|String|The scope.|

## Response
If successful, this function returns a `200 OK` response code and a String collection in the response body.
"""
    model = model_of({"api/getscopes.md": api}, tmp_path)
    operation = model.operations[0]
    assert operation.method == "GET"
    assert [(p.name, p.location) for p in operation.body_parameters] == [("scope", "function")]
    assert operation.response_type == "Edm.String" and operation.response_collection
    assert "microsoft.graph.scope" not in model.types
