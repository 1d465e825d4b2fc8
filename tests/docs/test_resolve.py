"""Resolution rules on small inline trees: bases, kinds, the entity root, declared rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import model_of, resource_page

page = resource_page


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
    assert base.kind.value == derived.kind.value == "entity"
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
    assert [(p.name, p.location.value) for p in operation.body_parameters] == [("scope", "function")]
    assert operation.response_type == "Edm.String" and operation.response_collection
    assert "microsoft.graph.scope" not in model.types


# -- one type, several pages ------------------------------------------------------------------
def test_pages_that_document_one_type_merge_and_the_page_named_after_it_leads(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/intune-shared-member.md": page("member", "|deviceCount|Int32|Devices.|"),
            "resources/member.md": page(
                "member", "|displayName|String|Name.|\n|deviceCount|Int32|Devices.|", "Inherits from [party](party.md)."
            ),
            "resources/party.md": page("party", "|origin|String|Where from.|"),
        },
        tmp_path,
    )
    member = model.types["microsoft.graph.member"]
    assert member.source == "resources/member.md"
    assert [p.name for p in member.properties] == ["displayName", "deviceCount"]
    assert member.base == "microsoft.graph.party"
    assert not [d for d in model.diagnostics if d.code in ("GEN203", "GEN206", "GEN210")]


def test_a_property_two_pages_type_differently_is_one_finding_naming_both(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/a-member.md": page("member", "|rank|String|Rank.|"),
            "resources/member.md": page("member", "|rank|Int32|Rank.|"),
        },
        tmp_path,
    )
    assert [p.type.name for p in model.types["microsoft.graph.member"].properties] == ["Edm.Int32"]
    conflicts = [d for d in model.diagnostics if d.code == "GEN210"]
    assert len(conflicts) == 1
    assert conflicts[0].file == "resources/a-member.md" and "resources/member.md" in conflicts[0].message


def test_names_that_differ_only_in_case_are_one_property_and_one_finding(tmp_path: Path) -> None:
    model = model_of({"resources/gadget.md": page("gadget", "|serialId|String|Serial.|\n|serialID|String|Again.|")}, tmp_path)
    assert [p.name for p in model.types["microsoft.graph.gadget"].properties] == ["serialId"]
    assert [d.code for d in model.diagnostics if d.member == "serialID"] == ["GEN210"]


def test_an_inherited_row_never_renames_its_owners_property(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/entity.md": page("entity", "|id|String|The identifier.|"),
            "resources/gadget.md": page("gadget", "|Id|String|Key. Inherited from [entity](entity.md)|\n|size|Int32|Size.|"),
        },
        tmp_path,
    )
    assert [p.name for p in model.types["microsoft.graph.entity"].properties] == ["id"]
    finding = next(d for d in model.diagnostics if d.code == "GEN205")
    assert finding.member == "Id" and "case" in finding.message


def test_a_base_known_only_from_inherited_rows_is_abstract_and_keeps_the_usual_spelling(tmp_path: Path) -> None:
    rows = "|{name}|String|Key. Inherited from [record](record.md)|\n|own{n}|Int32|Own.|"
    model = model_of(
        {
            "resources/a.md": page("alpha", rows.format(name="Id", n=1)),
            "resources/b.md": page("beta", rows.format(name="id", n=2)),
            "resources/c.md": page("gamma", rows.format(name="id", n=3)),
        },
        tmp_path,
    )
    record = model.types["microsoft.graph.record"]
    assert record.abstract and record.source is None
    assert [p.name for p in record.properties] == ["id"]


# -- names ------------------------------------------------------------------------------------
def test_the_resource_annotation_names_the_type_whatever_the_title_says(tmp_path: Path) -> None:
    annotated = '\n<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.%s" } -->\n```json\n{}\n```\n'
    facet = page("x", "|duration|Int64|Length.|").replace("# x resource type", "# Audio facet") + annotated % "audio"
    renamed = page("vendors", "|number|String|Number.|") + annotated % "vendor"
    model = model_of({"resources/audio.md": facet, "resources/vendor.md": renamed}, tmp_path)
    assert "microsoft.graph.audio" in model.types and "microsoft.graph.vendor" in model.types
    assert "microsoft.graph.vendors" not in model.types


def test_no_types_from_prose(tmp_path: Path) -> None:
    rows = (
        "|inheritedFrom|String|Set when it is inherited from an ancestor. Read-only.|\n"
        "|settings|String|Some are inherited from the template.|"
    )
    api = "# Get resource\n\nNamespace: microsoft.graph\n\n## HTTP request\n```http\nGET /things/{id}/content\n```\n"
    model = model_of({"resources/thing.md": page("thing", rows), "api/resource-get.md": api}, tmp_path)
    assert {t.name for t in model.types.values()} == {"thing"}
    assert [p.name for p in model.types["microsoft.graph.thing"].properties] == ["inheritedFrom", "settings"]


# -- bases ------------------------------------------------------------------------------------
BASE_PHRASES = [
    "A subclass of [shape](shape.md). It is round.",
    "This resource is the derivative of the [shape](shape.md) resource.",
    "Open things show up in a property, which is derived from the [shape](shape.md) abstract type.",
    "Represents a circle. Inherited from [shape](shape.md) entity.",
    "Inherits from base class [shape](shape.md).",
    "The circle inherits all the properties from [shape](shape.md).",
    "Inherits from **shape**.",
]


@pytest.mark.parametrize("intro", BASE_PHRASES)
def test_every_phrasing_of_a_base_names_it(intro: str, tmp_path: Path) -> None:
    model = model_of(
        {"resources/shape.md": page("shape", "|area|Double|Area.|"), "resources/circle.md": page("circle", "|r|Double|R.|", intro)},
        tmp_path,
    )
    assert model.types["microsoft.graph.circle"].base == "microsoft.graph.shape"


SUBTYPE_PHRASES = [
    "This is a base class; the derived types are [circle](circle.md) and [square](square.md).",
    "This is a base type for shapes that have an area, for example, [circle](circle.md), [square](square.md).",
    "The [circle](circle.md) and [square](square.md) resources both inherit from this base type.",
    "## Derived types\n\n|Type|Description|\n|:--|:--|\n|[circle](circle.md)|Round.|\n|[square](square.md)|Square.|\n\n## More",
]


@pytest.mark.parametrize("intro", SUBTYPE_PHRASES)
def test_a_base_page_naming_its_subtypes_gives_them_their_base(intro: str, tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/shape.md": page("shape", "|area|Double|Area.|", intro),
            "resources/circle.md": page("circle", "|r|Double|R.|"),
            "resources/square.md": page("square", "|side|Double|Side.|"),
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.circle"].base == "microsoft.graph.shape"
    assert model.types["microsoft.graph.square"].base == "microsoft.graph.shape"


def test_a_base_class_for_things_in_a_container_does_not_make_the_container_a_subtype(tmp_path: Path) -> None:
    intro = "Represents a base class for actions in the [schedule](schedule.md) of a review."
    model = model_of(
        {"resources/action.md": page("action", "|a|String|A.|", intro), "resources/schedule.md": page("schedule", "|s|String|S.|")},
        tmp_path,
    )
    assert model.types["microsoft.graph.schedule"].base is None


def test_all_things_inherit_from_x_is_not_this_pages_base(tmp_path: Path) -> None:
    intro = "All the session controls inherit from [control](control.md)."
    model = model_of(
        {"resources/controls.md": page("controls", "|a|String|A.|", intro), "resources/control.md": page("control", "|c|String|C.|")},
        tmp_path,
    )
    assert model.types["microsoft.graph.controls"].base is None


def test_a_root_only_base_annotation_is_weaker_than_the_pages_sentence(tmp_path: Path) -> None:
    annotation = '\n<!-- { "blockType": "resource", "baseType": "microsoft.graph.entity", "@odata.type": "microsoft.graph.contact" } -->\n```json\n{}\n```\n'
    model = model_of(
        {
            "resources/item.md": page("outlookItem", "|id|String|Key.|\n|categories|String collection|Tags.|"),
            "resources/contact.md": page("contact", "|nickName|String|Nick.|", "Inherits from [outlookItem](item.md).")
            + annotation,
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.contact"].base == "microsoft.graph.outlookItem"


# -- kinds ------------------------------------------------------------------------------------
ACTION = """\
# gadget: {name}

Namespace: microsoft.graph

## HTTP request
```http
POST /gadgets/{{id}}/{name}
```

## Response
If successful, this action returns a `201 Created` response code and a [{type}](../resources/{type}.md) collection in the response body.
"""


def test_what_an_action_returns_or_creates_is_no_evidence_of_an_entity(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/gadget.md": page("gadget", "|id|String|Key.|") + '\n<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.gadget" } -->\n```json\n{}\n```\n',
            "resources/result.md": page("result", "|code|Int32|Code.|"),
            "api/gadget-check.md": ACTION.format(name="check", type="result"),
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.gadget"].kind.value == "entity"
    assert model.types["microsoft.graph.result"].kind.value == "complex"


def test_a_key_property_without_its_row_is_no_evidence_of_an_entity(tmp_path: Path) -> None:
    annotation = '\n<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.span" } -->\n```json\n{}\n```\n'
    model = model_of({"resources/span.md": page("span", "|start|DateTimeOffset|Start.|") + annotation}, tmp_path)
    assert model.types["microsoft.graph.span"].kind.value == "complex"


# -- tables -----------------------------------------------------------------------------------
def test_a_row_without_a_leading_pipe_that_has_all_its_cells_is_a_row(tmp_path: Path) -> None:
    model = model_of({"resources/call.md": page("call", "|state|String|State.|\nmyParticipantId | String | Mine.|")}, tmp_path)
    assert [p.name for p in model.types["microsoft.graph.call"].properties] == ["state", "myParticipantId"]


def test_tables_that_are_not_the_types_properties_are_left_out(tmp_path: Path) -> None:
    extra = (
        "\n### Example: a definition\n\n|Property|Type|Description|\n|:--|:--|:--|\n|Version|Integer|Set to 1.|\n"
        "\n## Instance attributes\n\n|Property|Type|Description|\n|:--|:--|:--|\n|@microsoft.graph.downloadUrl|String|A URL.|\n"
    )
    rows = "|name|String|Name.|\n|@microsoft.graph.mode|String|Migration mode.|\n|file/versions|[v](v.md) collection|Path.|"
    model = model_of({"resources/policy.md": page("policy", rows) + extra}, tmp_path)
    assert [p.name for p in model.types["microsoft.graph.policy"].properties] == ["name"]


def test_tables_are_read_by_their_section(tmp_path: Path) -> None:
    under_title = "# score resource type\n\nNamespace: microsoft.graph\n\n|Name|Type|Description|\n|:--|:--|:--|\n|value|Double|The score.|\n"
    mislabelled = page("blob", "|data|Binary|Bytes.|").replace("|Property|Type|Description|", "| Method | Return Type | Description |")
    model = model_of({"resources/score.md": under_title, "resources/blob.md": mislabelled}, tmp_path)
    assert [(p.name, p.type.name) for p in model.types["microsoft.graph.score"].properties] == [("value", "Edm.Double")]
    assert [(p.name, p.type.name) for p in model.types["microsoft.graph.blob"].properties] == [("data", "Edm.Binary")]


# -- type cells -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cell, collection",
    [
        ("[column][]", False),
        ("[Column][col]", False),
        ("[column]", False),
        ("Collection([column][])", True),
        ("Collection([column](columndefinition.md))", True),
        ("**[column][]** collection", True),
    ],
)
def test_every_markdown_link_form_is_a_link(cell: str, collection: bool, tmp_path: Path) -> None:
    definitions = "\n[column]: columndefinition.md\n[col]: columndefinition.md\n"
    model = model_of(
        {
            # The link text says "column"; the definition's page, not the text, decides.
            "resources/columndefinition.md": page("columnDefinition", "|name|String|Name.|"),
            "resources/site.md": page("site", f"|columns|{cell}|Columns.|") + definitions,
        },
        tmp_path,
    )
    columns = model.types["microsoft.graph.site"].properties[0]
    assert (columns.type.name, columns.type.collection) == ("microsoft.graph.columnDefinition", collection)


def test_numeric_is_a_decimal(tmp_path: Path) -> None:
    model = model_of({"resources/ledger.md": page("ledger", "|balance|numeric|Balance.|")}, tmp_path)
    assert model.types["microsoft.graph.ledger"].properties[0].type.name == "Edm.Decimal"


# -- enums ------------------------------------------------------------------------------------
ENUM_PAGE = "# {name} enum type\n\nNamespace: microsoft.graph\n\n## Members\n|Member|Value|Description|\n|:--|:--|:--|\n{rows}\n"


def test_bit_valued_members_make_a_flags_enum(tmp_path: Path) -> None:
    rows = "|none|0|None.|\n|email|1|Email.|\n|upn|2|UPN.|\n|dns|4|DNS.|"
    plain = "|low|0|Low.|\n|mid|1|Mid.|\n|high|2|High.|\n|top|3|Top.|"
    model = model_of(
        {"resources/san.md": ENUM_PAGE.format(name="sanType", rows=rows), "resources/level.md": ENUM_PAGE.format(name="level", rows=plain)},
        tmp_path,
    )
    assert model.types["microsoft.graph.sanType"].flags
    assert not model.types["microsoft.graph.level"].flags


def test_two_members_valued_1_and_2_are_bits_when_the_enum_name_is_plural(tmp_path: Path) -> None:
    two = "|keyEncipherment|1|Key.|\n|digitalSignature|2|Signature.|"
    with_zero = "|none|0|None.|\n|guest|1|Guest.|\n|domain|2|Domain.|"
    model = model_of(
        {
            "resources/usages.md": ENUM_PAGE.format(name="keyUsages", rows=two),
            "resources/kind.md": ENUM_PAGE.format(name="applicationType", rows=two),
            "resources/status.md": ENUM_PAGE.format(name="signatureStatus", rows=two),
            "resources/accounts.md": ENUM_PAGE.format(name="allowedAccounts", rows=with_zero),
        },
        tmp_path,
    )
    flags = {name: model.types[f"microsoft.graph.{name}"].flags for name in ("keyUsages", "applicationType", "signatureStatus", "allowedAccounts")}
    assert flags == {"keyUsages": True, "applicationType": False, "signatureStatus": False, "allowedAccounts": False}


def test_possible_values_of_a_string_row_that_one_enum_holds_are_that_enum(tmp_path: Path) -> None:
    rows = "|low|0|Low.|\n|normal|1|Normal.|\n|high|2|High.|"
    model = model_of(
        {
            "resources/importance.md": ENUM_PAGE.format(name="importance", rows=rows),
            "resources/note.md": page(
                "note",
                "|importance|String|How much. Possible values are: `low`, `normal`, `high`.|\n"
                "|mood|String|Possible values are: `low`, `calm`.|",
            ),
        },
        tmp_path,
    )
    importance, mood = model.types["microsoft.graph.note"].properties
    assert importance.type.name == "microsoft.graph.importance"
    assert mood.type.name == "Edm.String"


def test_of_several_enums_that_hold_the_possible_values_the_one_with_exactly_those_members_wins(tmp_path: Path) -> None:
    days = "|sunday|0|Sunday.|\n|monday|1|Monday.|"
    schedule = "|everyday|0|Every day.|\n|sunday|1|Sunday.|\n|monday|2|Monday.|"
    model = model_of(
        {
            "resources/day.md": ENUM_PAGE.format(name="dayOfWeek", rows=days),
            "resources/schedule.md": ENUM_PAGE.format(name="weeklySchedule", rows=schedule),
            "resources/pattern.md": page(
                "pattern",
                "|daysOfWeek|String collection|Possible values are: `sunday`, `monday`.|\n"
                "|firstDay|String|Possible values are: `sunday`, `monday`, `unknownFutureValue`.|",
            ),
        },
        tmp_path,
    )
    assert [p.type.name for p in model.types["microsoft.graph.pattern"].properties] == ["microsoft.graph.dayOfWeek"] * 2


def test_possible_values_that_one_member_short_of_an_enum_named_after_owner_and_property_are_it(tmp_path: Path) -> None:
    status = "|unknown|0|Unknown.|\n|newAlert|1|New.|\n|inProgress|2|In progress.|\n|resolved|3|Resolved.|"
    generic = "|notStarted|0|Not started.|\n|running|1|Running.|\n|failed|2|Failed.|"
    listed = "Possible values are: `unknown`, `newAlert`, `inProgress`, `resolved`, `dismissed`."
    model = model_of(
        {
            "resources/status.md": ENUM_PAGE.format(name="alertStatus", rows=status),
            "resources/printState.md": ENUM_PAGE.format(name="printJobState", rows=generic),
            "resources/history.md": page(
                "alertHistoryState",
                f"|status|String|{listed}|\n|state|String|Possible values are: `notStarted`, `running`, `failed`, `paused`.|",
            ),
            "resources/other.md": page("incident", f"|status|String|{listed[:-1]}, `closed`.|"),
        },
        tmp_path,
    )
    status_row, state_row = model.types["microsoft.graph.alertHistoryState"].properties
    assert status_row.type.name == "microsoft.graph.alertStatus"  # all but `dismissed` are members
    assert state_row.type.name == "Edm.String"  # printJobState is not named after alertHistoryState
    assert model.types["microsoft.graph.incident"].properties[0].type.name == "Edm.String"  # two are not members


def test_the_evolvable_sentinel_is_a_member_and_never_a_warning(tmp_path: Path) -> None:
    rows = "|low|0|Low.|\n|high|1|High.|"
    model = model_of(
        {
            "resources/level.md": ENUM_PAGE.format(name="level", rows=rows),
            "resources/note.md": page(
                "note", "|level|[level](level.md)|Possible values are: `low`, `high`, `unknownFutureValue`.|"
            ),
        },
        tmp_path,
    )
    assert [m.name for m in model.types["microsoft.graph.level"].members] == ["low", "high", "unknownFutureValue"]
    assert not [d for d in model.diagnostics if d.code == "GEN208"]


GET_PAGE = """\
---
doc_type: apiPageType
---
# Get {name}

Namespace: microsoft.graph

## HTTP request

```http
GET {path}
```

## Response

If successful, this method returns a `200 OK` response code and a [{name}](../resources/{name}.md) object in the response body.
"""


def methods_row(name: str, page: str) -> str:
    return f"\n## Methods\n|Method|Return type|Description|\n|:---|:---|:---|\n|[Get]({page})|[{name}]({name}.md)|Read it.|\n"


def test_a_methods_row_whose_page_reads_a_plain_property_says_nothing_of_the_kind(tmp_path: Path) -> None:
    """``GET /me/analytics/settings`` reads a property the docs list as one (not a relationship):
    the type it answers may be a complex value. A row to a page that addresses by key says entity."""
    model = model_of(
        {
            "resources/analytics.md": page("analytics", "|settings|[settings](settings.md)|The settings.|"),
            "resources/settings.md": page("settings", "|isEnabled|Boolean|On or off.|", methods_row("settings", "../api/settings-get.md")),
            "resources/gadget.md": page("gadget", "|size|Int32|The size.|", methods_row("gadget", "../api/gadget-get.md")),
            "api/settings-get.md": GET_PAGE.format(name="settings", path="/me/analytics/settings"),
            "api/gadget-get.md": GET_PAGE.format(name="gadget", path="/gadgets/{id}"),
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.settings"].kind.value == "complex"
    assert model.types["microsoft.graph.gadget"].kind.value == "entity"


def test_an_unclosed_link_in_a_type_cell_types_the_row_and_says_where(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/gadget.md": page("gadget", "|owner|[person](person.md|Who owns it.|\n|parts|[part(part.md) collection|Its parts.|"),
            "resources/person.md": page("person", "|name|String|The name.|"),
            "resources/part.md": page("part", "|weight|Double|The weight.|"),
        },
        tmp_path,
    )
    properties = {prop.name: prop.type for prop in model.types["microsoft.graph.gadget"].properties}
    assert (properties["owner"].name, properties["owner"].collection) == ("microsoft.graph.person", False)
    assert (properties["parts"].name, properties["parts"].collection) == ("microsoft.graph.part", True)
    found = sorted((d.line, d.member) for d in model.diagnostics if d.code == "GEN314")
    assert found == [(13, "owner"), (14, "parts")]


def test_a_subtype_of_phrasing_names_the_base(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/shape.md": page("shape", "|area|Double|Area.|"),
            "resources/circle.md": page("circle", "|radius|Double|Radius.|", "A circle is a subtype of [shape](shape.md)."),
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.circle"].base == "microsoft.graph.shape"


def test_a_mis_titled_base_page_takes_the_name_its_link_and_file_agree_on(tmp_path: Path) -> None:
    """shape.md is titled "polygon resource type" (a copy-paste slip); the one page deriving from
    it links "[shape](shape.md)": the link text and the file name outvote the title (issue 26)."""
    model = model_of(
        {
            "resources/shape.md": page("polygon", "|area|Double|Area.|"),
            "resources/circle.md": page("circle", "|radius|Double|Radius.|", "Inherits from [shape](shape.md)."),
        },
        tmp_path,
    )
    assert "microsoft.graph.shape" in model.types and "microsoft.graph.polygon" not in model.types
    assert model.types["microsoft.graph.circle"].base == "microsoft.graph.shape"


def test_a_lone_link_that_disagrees_with_title_and_file_leaves_the_title(tmp_path: Path) -> None:
    model = model_of(
        {
            "resources/polygon.md": page("polygon", "|area|Double|Area.|"),
            "resources/circle.md": page("circle", "|radius|Double|Radius.|", "Inherits from [shape](polygon.md)."),
        },
        tmp_path,
    )
    assert model.types["microsoft.graph.circle"].base == "microsoft.graph.polygon"
