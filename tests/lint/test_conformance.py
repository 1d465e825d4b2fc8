"""``generator.conformance``: JSON example values checked against the resolved model.

One small docs tree (a widget entity with one property of each kind, an enum, an
abstract complex type with a subtype, an unrelated type, an update page) is built once;
each code is asserted on the smallest value that shows it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.lint.conformance import (
    check_example,
    check_value,
    is_placeholder,
    locate,
    pointer,
)
from generator.model.diagnostics import CODES, Diagnostic, FindingKind
from generator.model import ApiModel, Example, TypeRef
from generator.docs import load_model

G = "microsoft.graph."
WIDGET = TypeRef(G + "widget")
PART = TypeRef(G + "part")


def _resource(name: str, rows: str, intro: str = "", extra: str = "") -> str:
    return (
        f'---\ntitle: "{name} resource type"\ndoc_type: resourcePageType\n---\n\n'
        f"# {name} resource type\n\nNamespace: microsoft.graph\n\n{intro}\n\n"
        "## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n" + textwrap.dedent(rows).strip() + "\n" + extra
    )


WIDGET_ROWS = """
| id | String | The identifier. Read-only. |
| name | String | The name. Required. |
| size | Int32 | The size. |
| weight | Double | The weight. |
| enabled | Boolean | Whether it is on. |
| color | [widgetColor](widgetcolor.md) | The color. |
| createdDateTime | DateTimeOffset | When it was made. |
| madeOn | Date | The day it was made. |
| opensAt | TimeOfDay | When it opens. |
| lifetime | Duration | How long it lasts. |
| serial | Guid | The serial number. |
| tags | String collection | Tags. |
| part | [part](part.md) | The main part. |
| parts | [part](part.md) collection | All parts. |
| webUrl | String | The URL of the widget page. |
| status | String | The status. Possible values are: `active`, `retired`. |
| extra | Untyped | Anything. |
"""

UPDATE_PAGE = """\
---
title: "Update widget"
doc_type: apiPageType
---

# Update widget

Namespace: microsoft.graph

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
PATCH /widgets/{id}
```

## Request body

In the request body, supply a JSON representation of the [widget](../resources/widget.md) object.

## Response

If successful, this method returns a `200 OK` response code and an updated [widget](../resources/widget.md) object in the response body.

## Example

### Request

<!-- { "blockType": "request", "name": "update_widget" } -->
```http
PATCH https://graph.microsoft.com/beta/widgets/1
Content-type: application/json

{
  "name": "Big",
  "colour": "red"
}
```

### Response

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.widget" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "id": "1",
  "name": "Big"
}
```
"""

PAGES = {
    "resources/widget.md": _resource("widget", WIDGET_ROWS, "A widget."),
    "resources/widgetcolor.md": (
        '---\ntitle: "widgetColor enum type"\ndoc_type: enumPageType\n---\n\n# widgetColor enum type\n\n'
        "Namespace: microsoft.graph\n\n| Member | Value | Description |\n|:--|:--|:--|\n"
        "| red | 0 | Red. |\n| blue | 1 | Blue. |\n| green | 2 | Green. |\n"
    ),
    "resources/part.md": _resource("part", "| label | String | The label. |", "A part. This is an abstract type."),
    "resources/specialpart.md": _resource(
        "specialPart",
        "| label | String | The label. Inherited from [part](part.md). |\n| power | Int32 | The power. |",
        "Inherits from [part](part.md).",
    ),
    "resources/gadget.md": _resource("gadget", "| id | String | The identifier. |\n| knob | String | A knob. |"),
    "resources/orphan.md": _resource("orphan", "| own | Int32 | Its own. |", "Inherits from [missingBase](missingbase.md)."),
    "api/widget-update.md": UPDATE_PAGE,
}


def _write(root: Path, pages: dict[str, str]) -> Path:
    for relative, text in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> ApiModel:
    return load_model(_write(tmp_path_factory.mktemp("conformance"), PAGES))


def codes(findings: Any) -> list[str]:
    return [finding.code for finding in findings]


def check(model: ApiModel, value: Any, type_ref: TypeRef = WIDGET) -> list[Diagnostic]:
    return list(check_value(model, type_ref, value))


def example(value: Any, kind: str = "resource", type_name: str | None = G + "widget", **changes: Any) -> Example:
    text = json.dumps(value, indent=2)
    fields: dict[str, Any] = dict(
        file="resources/x.md", line=10, kind=kind, type=type_name, collection=False, truncated=False,
        body_line=11, parsed=True, value=value, json_text=text,
    )
    fields.update(changes)
    return Example(**fields)


VALID = {
    "@odata.type": "#microsoft.graph.widget",
    "@odata.etag": "W/\"1\"",
    "id": "w1",
    "name": "Big",
    "size": 3,
    "weight": 2.5,
    "enabled": True,
    "color": "red",
    "createdDateTime": "2021-07-01T10:20:30.1234567Z",
    "madeOn": "2021-07-01",
    "opensAt": "08:30:00",
    "lifetime": "P1DT2H",
    "serial": "8f0e3e3c-1c35-4d3a-9d2f-7f3c7d2f5a10",
    "tags": ["a", "b"],
    "part": {"label": "L"},
    "parts": [{"label": "x"}, {"@odata.type": "#microsoft.graph.specialPart", "label": "y", "power": 3}],
    "webUrl": "https://example.com/w/1",
    "status": "active",
    "extra": {"anything": [1, "two"]},
}


# -- the model under test is what the pages say -----------------------------------------------


def test_fixture_model_has_the_expected_shape(model: ApiModel) -> None:
    widget = {prop.name: prop for prop in model.all_properties(G + "widget")}
    assert widget["color"].type == TypeRef(G + "widgetColor")
    assert widget["name"].required and not widget["size"].required
    assert widget["status"].allowed_values == ("active", "retired")
    assert model.types[G + "specialPart"].base == G + "part"
    assert model.types[G + "part"].abstract
    assert model.operation("update_widget") is not None


# -- a fitting value has no findings -----------------------------------------------------------


def test_valid_widget_has_no_findings(model: ApiModel) -> None:
    assert check(model, VALID) == []


def test_null_is_accepted_everywhere(model: ApiModel) -> None:
    value = {key: None for key in VALID if not key.startswith("@")}
    assert check(model, value) == []
    assert check(model, None) == []


def test_odata_control_information_is_never_a_property(model: ApiModel) -> None:
    value = {
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#widgets/$entity",
        "@odata.id": "widgets/1",
        "@odata.nextLink": "https://graph.microsoft.com/beta/widgets?$skip=2",
        "parts@odata.bind": ["https://graph.microsoft.com/beta/parts/1"],
        "part@odata.navigationLink": "parts/1",
        "@microsoft.graph.conflictBehavior": "rename",
        "name": "ok",
    }
    assert check(model, value) == []


# -- GEN101 unknown property ---------------------------------------------------------------------


def test_gen101_unknown_key(model: ApiModel) -> None:
    findings = check(model, {"name": "x", "colour": "red"})
    assert codes(findings) == ["GEN101"]
    assert findings[0].pointer == "/colour"
    assert findings[0].member == "colour" and findings[0].type == G + "widget"


def test_gen101_hints_at_a_key_that_differs_in_case(model: ApiModel) -> None:
    (finding,) = check(model, {"Name": "x"})
    assert finding.code == "GEN101" and "'name'" in finding.message


def test_gen101_inherited_properties_are_known(model: ApiModel) -> None:
    # specialPart inherits label from part; widget inherits id from entity.
    assert check(model, {"@odata.type": "#microsoft.graph.specialPart", "label": "l", "power": 1}, PART) == []
    assert check(model, {"id": "1"}) == []


def test_gen101_nested_object_path(model: ApiModel) -> None:
    (finding,) = check(model, {"parts": [{"label": "a"}, {"labl": "b"}]})
    assert (finding.code, finding.pointer, finding.type) == ("GEN101", "/parts/1/labl", G + "part")


# -- GEN102 wrong JSON type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("size", "3"),  # string where an integer is declared
        ("size", 2.5),  # fraction where an integer is declared
        ("size", True),  # a boolean is not a number
        ("weight", "2.5"),
        ("name", 5),  # number where a string is declared
        ("enabled", "true"),
        ("color", 0),  # enums are strings in JSON
        ("serial", "not-a-guid"),  # a malformed Guid is GEN102 (see the module docstring)
        ("serial", 12),
        ("createdDateTime", 20210701),
    ],
)
def test_gen102_wrong_json_type(model: ApiModel, key: str, value: Any) -> None:
    findings = check(model, {key: value})
    assert codes(findings) == ["GEN102"], findings
    assert findings[0].member == key


def test_gen102_double_accepts_integers_and_ieee_words(model: ApiModel) -> None:
    assert check(model, {"weight": 2}) == []
    assert check(model, {"weight": "NaN"}) == []


# -- GEN103 / GEN104 -------------------------------------------------------------------------------


def test_gen103_non_array_for_a_collection(model: ApiModel) -> None:
    assert codes(check(model, {"tags": "a"})) == ["GEN103"]
    assert codes(check(model, {"parts": {"label": "x"}})) == ["GEN103"]


def test_gen104_non_object_for_a_structured_property(model: ApiModel) -> None:
    assert codes(check(model, {"part": "a part"})) == ["GEN104"]
    assert codes(check(model, {"part": [{"label": "x"}]})) == ["GEN104"]


# -- GEN105 enum values -------------------------------------------------------------------------------


def test_gen105_value_not_in_the_enum(model: ApiModel) -> None:
    (finding,) = check(model, {"color": "purple"})
    assert finding.code == "GEN105" and "red" in finding.message


def test_gen105_flag_lists_of_members_are_accepted(model: ApiModel) -> None:
    assert check(model, {"color": "red,blue"}) == []
    assert check(model, {"color": "red, green"}) == []
    (finding,) = check(model, {"color": "red,purple"})
    assert finding.code == "GEN105" and "'purple'" in finding.message and "'red'" not in finding.message.split(" is ")[0]


def test_gen105_case_difference_is_explained(model: ApiModel) -> None:
    (finding,) = check(model, {"color": "Red"})
    assert finding.code == "GEN105" and "differs in case" in finding.message


def test_gen105_possible_values_of_a_string_property(model: ApiModel) -> None:
    assert check(model, {"status": "retired"}) == []
    assert codes(check(model, {"status": "paused"})) == ["GEN105"]


# -- GEN106 dates and times -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("createdDateTime", "2021-07-01"),
        ("createdDateTime", "2021-07-01T10:20:30"),  # no time zone
        ("createdDateTime", "2021-13-01T10:20:30Z"),  # month 13
        ("createdDateTime", "yesterday"),
        ("madeOn", "2021/07/01"),
        ("madeOn", "2021-07-01T00:00:00Z"),
        ("opensAt", "25:00:00"),
        ("opensAt", "8am"),
        ("lifetime", "1 hour"),
        ("lifetime", "P"),
        ("lifetime", "PT"),
    ],
)
def test_gen106_bad_date_time(model: ApiModel, key: str, value: str) -> None:
    assert codes(check(model, {key: value})) == ["GEN106"]


@pytest.mark.parametrize(
    "key, value",
    [
        ("createdDateTime", "2021-07-01T10:20Z"),
        ("createdDateTime", "2017-01-01T00:00:35.1329464-08:00"),
        ("opensAt", "23:59"),
        ("opensAt", "23:59:59.9999999"),
        ("lifetime", "PT1H30M"),
        ("lifetime", "-P3D"),
        ("lifetime", "PT0.5S"),
    ],
)
def test_gen106_good_date_time(model: ApiModel, key: str, value: str) -> None:
    assert check(model, {key: value}) == []


# -- GEN107 URLs ----------------------------------------------------------------------------------------


def test_gen107_url_property_holding_a_non_url(model: ApiModel) -> None:
    (finding,) = check(model, {"webUrl": "the widget page"})
    assert finding.code == "GEN107" and CODES[finding.code].severity == "info"
    assert check(model, {"webUrl": "https://contoso.com/widgets/1"}) == []
    assert check(model, {"name": "not a url, and not a URL property"}) == []


# -- GEN108 placeholders --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("name", "String"),
        ("id", "String (identifier)"),
        ("createdDateTime", "String (timestamp)"),
        ("createdDateTime", "Timestamp"),
        ("createdDateTime", "datetime-value"),
        ("serial", "Guid"),
        ("size", "Int32"),
        ("enabled", "Boolean"),
        ("tags", "[String]"),
        ("color", "String"),
        ("color", "@odata.type: microsoft.graph.widgetColor"),
        ("color", {"@odata.type": "microsoft.graph.widgetColor"}),
        ("status", "active | retired"),
        ("part", "microsoft.graph.part"),
    ],
)
def test_gen108_placeholder_instead_of_the_type_error(model: ApiModel, key: str, value: Any) -> None:
    findings = check(model, {key: value})
    assert codes(findings) == ["GEN108"], findings  # one finding per value, never also GEN10x
    assert findings[0].member == key


def test_gen108_a_member_named_like_a_type_is_data(model: ApiModel) -> None:
    assert not is_placeholder("red")
    assert is_placeholder("String (identifier)") and is_placeholder(" Int64 ") and is_placeholder("Collection(Edm.String)")
    assert not is_placeholder("Name value") and not is_placeholder("Stringent")


def test_codes_left_out_are_dropped_before_their_lines_are_found(model: ApiModel, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lint that leaves a convention's findings out (GEN108 in a JSON representation) keeps
    the others, each at its line, and walks the example's text for theirs alone."""
    from generator.lint.conformance import examples as examples_module
    from generator.model.index import ModelIndex

    shown = example({"name": "String", "size": "big", "enabled": "Boolean"}, truncated=True)
    checker = examples_module.ExampleChecker(ModelIndex(model))
    everything = checker.example(shown)
    assert codes(everything) == ["GEN108", "GEN102", "GEN108"]
    wanted: list[set[tuple[str, ...]]] = []
    real_locate = examples_module.locate

    def recorded(text: str, paths: set[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
        wanted.append(set(paths))
        return real_locate(text, paths)

    monkeypatch.setattr(examples_module, "locate", recorded)
    kept = checker.example(shown, leave_out=("GEN108",))
    assert kept == [everything[1]] and kept[0].line == 13  # (the body starts at line 11: "size" is its third line)
    assert wanted == [{("size",)}]
    only_placeholders = example({"name": "String"}, truncated=True)
    assert checker.example(only_placeholders, leave_out=("GEN108",)) == []
    assert len(wanted) == 1  # nothing kept: the text is not walked


def test_enum_members_are_read_once_per_type(model: ApiModel) -> None:
    from generator.model.index import ModelIndex

    index = ModelIndex(model)
    members = index.member_names(G + "widgetColor")
    assert members == {"red", "blue", "green"} and index.member_names(G + "widgetColor") is members
    assert index.member_names(G + "widget") == frozenset() and index.member_names(G + "nothing") == frozenset()
    assert codes(check(model, {"color": "Red"})) == ["GEN105"] and check(model, {"color": "red,blue"}) == []


# -- GEN109 / GEN111 @odata.type ---------------------------------------------------------------------------


def test_gen109_odata_type_that_does_not_derive(model: ApiModel) -> None:
    findings = check(model, {"part": {"@odata.type": "#microsoft.graph.gadget", "knob": "k"}})
    assert codes(findings) == ["GEN109"]
    assert findings[0].pointer == "/part/@odata.type"


def test_odata_type_of_a_subtype_selects_its_properties(model: ApiModel) -> None:
    value = {"part": {"@odata.type": "microsoft.graph.specialPart", "power": "high"}}
    (finding,) = check(model, value)
    assert (finding.code, finding.type, finding.pointer) == ("GEN102", G + "specialPart", "/part/power")


def test_unknown_odata_type_checks_known_keys_only(model: ApiModel) -> None:
    value = {"part": {"@odata.type": "#microsoft.graph.undocumentedPart", "label": 5, "secret": 1}}
    assert codes(check(model, value)) == ["GEN102"]  # label checked, secret not judged


def test_gen111_subtype_keys_without_odata_type(model: ApiModel) -> None:
    findings = check(model, {"part": {"label": "l", "power": 4}})
    assert codes(findings) == ["GEN111"]  # and power is not also unknown
    assert "specialPart" in findings[0].message
    assert codes(check(model, {"part": {"label": "l", "power": "x"}})) == ["GEN111", "GEN102"]


def test_type_with_a_base_missing_from_the_tree_does_not_judge_unknown_keys(model: ApiModel) -> None:
    orphan = TypeRef(G + "orphan")
    assert model.types[G + "orphan"].base == G + "missingBase" and G + "missingBase" not in model.types
    assert check(model, {"own": 1, "fromTheMissingBase": "x"}, orphan) == []
    assert codes(check(model, {"own": "one"}, orphan)) == ["GEN102"]


# -- untyped values ------------------------------------------------------------------------------------------


def test_untyped_accepts_anything_but_checks_typed_objects(model: ApiModel) -> None:
    assert check(model, {"extra": [1, {"a": None}, "x"]}) == []
    findings = check(model, {"extra": {"nested": {"@odata.type": "#microsoft.graph.part", "bogus": 1}}})
    assert codes(findings) == ["GEN101"] and findings[0].pointer == "/extra/nested/bogus"
    assert check(model, {"whatever": 1}, TypeRef(G + "notInTheModel")) == []


def test_check_value_path_prefix(model: ApiModel) -> None:
    (finding,) = check_value(model, WIDGET, {"size": "x"}, "/value/0")
    assert finding.pointer == "/value/0/size"


def test_pointer_escapes_slash_and_tilde(model: ApiModel) -> None:
    (finding,) = check(model, {"files/fileName": 1, "name": "n"})
    assert finding.pointer == "/files~1fileName"
    assert pointer(["a~b", "c/d"]) == "/a~0b/c~1d"


# -- examples: roots, collections, requests, required properties, lines --------------------------------------


def test_gen110_required_property_missing_from_a_complete_example(model: ApiModel) -> None:
    findings = check_example(model, example({"id": "1"}))
    assert codes(findings) == ["GEN110"] and findings[0].member == "name"
    assert check_example(model, example({"id": "1"}, truncated=True)) == []
    assert check_example(model, example({"id": "1"}, kind="request")) == []


def test_collection_response_checks_each_element(model: ApiModel) -> None:
    body = {"@odata.context": "x", "value": [{"name": "a"}, {"name": "b", "size": "big"}]}
    findings = check_example(model, example(body, kind="response", collection=True, truncated=True))
    assert [(f.code, f.pointer) for f in findings] == [("GEN102", "/value/1/size")]
    bare = check_example(model, example([{"name": "a", "oops": 1}], kind="response", collection=True, truncated=True))
    assert [(f.code, f.pointer) for f in bare] == [("GEN101", "/0/oops")]


def test_value_wrapper_is_read_as_a_collection_when_the_type_has_no_value(model: ApiModel) -> None:
    findings = check_example(model, example({"value": [{"name": "a", "size": "x"}]}, kind="response", truncated=True))
    assert [(f.code, f.pointer) for f in findings] == [("GEN102", "/value/0/size")]


def test_single_object_wrapped_in_value_is_reported_once_and_checked(model: ApiModel) -> None:
    findings = check_example(model, example({"value": {"name": "a", "size": "x"}}, kind="response", truncated=True))
    assert [(f.code, f.pointer) for f in findings] == [("GEN101", "/value"), ("GEN102", "/value/size")]


def test_request_body_is_checked_against_the_documented_body_type(model: ApiModel) -> None:
    request = example({"name": "x", "colour": "red"}, kind="request", type_name=None, operation="update_widget")
    assert [(f.code, f.pointer) for f in check_example(model, request)] == [("GEN101", "/colour")]


def test_gen114_request_body_whose_odata_type_contradicts_the_body_type(model: ApiModel) -> None:
    body = {"@odata.type": "#microsoft.graph.gadget", "knob": "k"}
    request = example(body, kind="request", type_name=G + "gadget", type_source="odata.type", operation="update_widget")
    findings = check_example(model, request)
    assert codes(findings) == ["GEN114"]
    assert CODES["GEN114"].kind is FindingKind.WRONG_JSON_TYPE


def test_unparsed_examples_have_no_findings(model: ApiModel) -> None:
    assert check_example(model, example(None, parsed=None)) == []
    assert check_example(model, example({"x": 1}, parsed=False)) == []


def test_findings_point_at_the_line_of_their_key(model: ApiModel) -> None:
    body = {"name": "x", "part": {"label": "l", "bogus": 1}, "tags": ["a", 5]}
    text = json.dumps(body, indent=2)
    findings = check_example(model, example(body, json_text=text, body_line=100))
    lines = text.split("\n")
    by_path = {f.pointer: f.line for f in findings}
    assert lines[by_path["/part/bogus"] - 100].strip().startswith('"bogus"')
    assert lines[by_path["/tags/1"] - 100].strip() == "5"


def test_repaired_json_falls_back_to_the_body_line(model: ApiModel) -> None:
    findings = check_example(model, example({"oops": 1, "name": "n"}, json_text='{"oops":1,"name":"n"}', body_line=40))
    assert [f.line for f in findings] == [40]


def test_locate_handles_escapes_and_nesting() -> None:
    text = '{\n  "a\\"b": [\n    {"c": 1},\n    {\n      "d": {}\n    }\n  ],\n  "e": 2\n}'
    found = locate(text, {('a"b',), ('a"b', "1"), ('a"b', "1", "d"), ("e",), ("missing",)})
    assert found == {('a"b',): 2, ('a"b', "1"): 4, ('a"b', "1", "d"): 5, ("e",): 8}


def test_examples_from_pages_end_to_end(model: ApiModel) -> None:
    by_kind = {e.kind.value: e for e in model.examples if e.file == "api/widget-update.md"}
    (finding,) = check_example(model, by_kind["request"])
    assert finding.code == "GEN101" and finding.member == "colour"
    page = UPDATE_PAGE.split("\n")
    assert '"colour"' in page[finding.line - 1]
    assert check_example(model, by_kind["response"]) == []


def test_every_finding_code_is_registered(model: ApiModel) -> None:
    samples = [{"x": 1}, {"size": "1"}, {"tags": 1}, {"part": 1}, {"color": "x"}, {"madeOn": "x"}, {"webUrl": "x"}]
    for value in samples:
        for finding in check(model, value):
            assert finding.code in CODES and finding.kind == CODES[finding.code].kind


# -- robustness: any JSON, any type, no exception -------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
TYPES = [WIDGET, PART, TypeRef(G + "widgetColor"), TypeRef("Edm.Guid"), TypeRef("Edm.Duration"),
         TypeRef(G + "part", True), TypeRef("Edm.Untyped"), TypeRef(G + "unknown")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON, type_index=st.integers(0, len(TYPES) - 1))
def test_any_json_against_any_type_gives_registered_findings(model: ApiModel, value: Any, type_index: int) -> None:
    for finding in check_value(model, TYPES[type_index], value):
        assert finding.code in CODES
        assert finding.pointer == "" or finding.pointer.startswith("/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON)
def test_any_json_example_gets_lines_within_the_body(model: ApiModel, value: Any) -> None:
    text = json.dumps(value, indent=1)
    for finding in check_example(model, example(value, json_text=text, body_line=7)):
        assert 7 <= finding.line < 7 + text.count("\n") + 1


ACTION_PAGE = """\
---
title: "widget: paint"
doc_type: apiPageType
---

# widget: paint

Namespace: microsoft.graph

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
POST /widgets/{id}/paint
```

## Request body

In the request body, provide a JSON object with the following parameters.

| Parameter | Type | Description |
|:--|:--|:--|
| color | String | The new color. |
| coats | Int32 | How many coats. |

## Response

If successful, this action returns a `204 No Content` response code.

## Example

<!-- { "blockType": "request", "name": "widget_paint" } -->
```http
POST https://graph.microsoft.com/beta/widgets/1/paint
Content-type: application/json

{
  "color": "red",
  "Coats": 2,
  "coats": "two"
}
```
"""


def test_action_bodies_are_checked_against_the_body_parameters(tmp_path: Path) -> None:
    model = load_model(_write(tmp_path / "docs", {"api/widget-paint.md": ACTION_PAGE}))
    (request,) = [e for e in model.examples if e.kind.value == "request"]
    findings = check_example(model, request)
    assert [(f.code, f.member) for f in findings] == [("GEN101", "Coats"), ("GEN102", "coats")]
    assert "'coats'" in findings[0].message  # the case hint
    assert '"Coats"' in ACTION_PAGE.split("\n")[findings[0].line - 1]


TABLE_UPDATE_PAGE = """\
---
title: "Update widget"
doc_type: apiPageType
---

# Update widget

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
PATCH /widgets/{id}
```

## Request body

In the request body, supply the values for the properties to update.

| Property | Type | Description |
|:--|:--|:--|
| name | String | The name. |
| size | Int32 | The size. |

## Response

If successful, this method returns a `204 No Content` response code.

## Example

### Request

<!-- { "blockType": "request", "name": "update_widget_by_table" } -->
```http
PATCH https://graph.microsoft.com/beta/widgets/1
Content-type: application/json

{
  "name": 5,
  "size": "big",
  "bogus": true
}
```

### Response

<!-- { "blockType": "response" } -->
```http
HTTP/1.1 204 No Content
```
"""


def test_a_request_body_table_of_the_resources_properties_checks_the_request_against_the_resource(
    docs_tree: Any,
) -> None:
    """An update page that names no body type but lists some of its resource's properties in a
    Request body table (and answers 204): the request is checked against the resource (issue 26)."""
    from generator.lint import lint_model

    root = docs_tree({
        "resources/widget.md": _resource("widget", "| id | String | Id. |\n| name | String | Name. |\n| size | Int32 | Size. |"),
        "api/widget-update.md": TABLE_UPDATE_PAGE,
    })
    found = sorted((d.code, d.member) for d in lint_model(load_model(root)).findings if d.file == "api/widget-update.md")
    assert found == [("GEN101", "bogus"), ("GEN102", "name"), ("GEN102", "size")]
