"""``gen test`` replays by the rules of OData and the dialect, and docs that contradict themselves.

Function calls written as OData writes them, paths the SDK reaches (sample keys, keys in
parentheses, ``$count``, a version placeholder, another page's path), answers it reads (204
or the type on request, 202 Accepted, a redirect to a report's content), and the exact reason
for every request that cannot be replayed.

Each page is a small method page on the widget of test_gen_test; a page may hold several
examples (each a replay row). The server compares the request it receives with the
example's, so a matched row means the SDK sent the example's literals back as written.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import DocsTree
from generator.sdktest import run_tests
from generator.sdktest.calls import match, parts
from test_gen_test import PERMISSIONS, WIDGET, api_page

WIDGET_JSON = '{\n  "id": "w-1",\n  "color": "red"\n}'
ANSWER = "HTTP/1.1 200 OK\nContent-type: application/json\n\n" + WIDGET_JSON


def method_page(title: str, http: str, requests: list[str], extra: str = "", answer: str = ANSWER,
                response: str = "a [widget](../resources/widget.md) object") -> str:
    """A GET page: its HTTP request block, optional sections, and one example pair per request URL."""
    examples = "".join(f"""
### Request {number}

<!-- {{ "blockType": "request", "name": "example_{number}" }} -->

```http
{request}
```

### Response {number}

<!-- {{ "blockType": "response", "@odata.type": "microsoft.graph.widget" }} -->

```http
{answer}
```
""" for number, request in enumerate(requests, 1))
    return f"""
---
title: "{title}"
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

{title} of a [widget](../resources/widget.md).
{PERMISSIONS}
## HTTP request

<!-- {{ "blockType": "ignored" }} -->

```http
{http}
```
{extra}
## Request body

Don't supply a request body for this method.

## Response

If successful, this function returns a `200 OK` response code and {response} in the response body.

## Examples
{examples}"""


FUNCTION_PARAMETERS = """
## Function parameters

|Parameter|Type|Description|
|:---|:---|:---|
|day|Date|The day.|
|id|Guid|The painter.|
|coats|Int32|How many coats.|
|dry|Boolean|Whether it dries first.|
|shade|String|The shade.|
|name|String|The painter's name.|
|at|DateTimeOffset|When.|
"""
BASE = "GET https://graph.microsoft.com/v1.0/widgets/w-1"


def replays(docs_tree: DocsTree, pages: dict[str, str]) -> list[tuple[int, str, str]]:
    root = docs_tree({"resources/widget.md": WIDGET, **pages})
    return [(row.line, row.outcome, row.reason) for row in run_tests(root).replays]


def test_function_arguments_in_a_parameter_table_are_sent_as_the_literals_the_example_writes(docs_tree: DocsTree) -> None:
    """The path documents the function bare; its table types the arguments; each literal goes back as written."""
    calls = [
        "forecast(day=2018-03-05)", "forecast(id=dce468b2-68b2-dce4-b268-e4dcb268e4dc)", "forecast(coats=5,dry=true)",
        "forecast(coats=1.50)", "forecast(shade=microsoft.graph.shade'dark')", "forecast(name='O''Brien')",
        "forecast(name=%27a%20b%27)", "forecast(at=2021-05-24T10:00:00Z)", "forecast(DAY=2018-03-05)", "forecast()",
    ]
    page = method_page("widget: forecast", "GET /widgets/{widget-id}/forecast", [f"{BASE}/{c}" for c in calls], FUNCTION_PARAMETERS)
    rows = replays(docs_tree, {"api/widget-forecast.md": page})
    assert [outcome for _, outcome, _ in rows] == ["matched"] * len(calls), rows


def test_a_bare_argument_takes_any_odata_literal(docs_tree: DocsTree) -> None:
    """``f(day={day})`` writes what it is given: a date, a string in quotes, an enum member."""
    calls = ["forecast(day=2018-03-05)", "forecast(day='2018-03-05')", "forecast(day=microsoft.graph.shade'dark')",
             "forecast(day='it''s')", "forecast(day=dce468b2-68b2-dce4-b268-e4dcb268e4dc)"]
    page = method_page("widget: forecast", "GET /widgets/{widget-id}/forecast(day={day})", [f"{BASE}/{c}" for c in calls])
    rows = replays(docs_tree, {"api/widget-forecast.md": page})
    assert [outcome for _, outcome, _ in rows] == ["matched"] * len(calls), rows


def test_a_quoted_argument_and_an_enum_members_type(docs_tree: DocsTree) -> None:
    """``'{shade}'`` quotes the value; an enum member may name its type or not (OData 4.01); a bare word is no literal."""
    calls = ["tint(shade='dark')", "tint(shade=microsoft.graph.shade'dark')", "tint(shade=dark)"]
    page = method_page("widget: tint", "GET /widgets/{widget-id}/tint(shade='{shade}')", [f"{BASE}/{c}" for c in calls])
    rows = replays(docs_tree, {"api/widget-tint.md": page})
    assert [outcome for _, outcome, _ in rows] == ["matched", "matched", "not-replayable"], rows
    assert rows[2][2] == "the example's argument shade=dark cannot be sent as written: the path writes it in quotes ('...'), the example as dark"


@pytest.mark.parametrize("documented", ["cell(row={row},column={column})", "cell(row=n,column=n)", "cell(row=<row>,column=<column>)"])
def test_arguments_go_to_their_own_parameters_in_any_order(docs_tree: DocsTree, documented: str) -> None:
    """Arguments match by name (a swapped pair would reach the server as another request), and a
    value the page writes in the documented path, placeholder or sample, is the caller's."""
    page = method_page("widget: cell", f"GET /widgets/{{widget-id}}/{documented}",
                       [f"{BASE}/cell(row=5,column=6)", f"{BASE}/cell(Column=6,row=5)"])
    rows = replays(docs_tree, {"api/widget-cell.md": page})
    assert [outcome for _, outcome, _ in rows] == ["matched", "matched"], rows


def test_an_argument_the_sdk_refuses_is_a_mismatch_not_a_crash(docs_tree: DocsTree) -> None:
    """A bare argument that would end the call (a collection's comma): the SDK refuses it, and
    the run says so on that row (a failure of the SDK, not of the docs)."""
    page = method_page("widget: forecast", "GET /widgets/{widget-id}/forecast(day={day})", [f"{BASE}/forecast(day=[1,2])"])
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-forecast.md": page})
    assert outcome == "mismatch"
    assert reason.startswith("ValueError: '[1,2]' cannot be a bare argument") and "the server received nothing" in reason


def test_a_placeholder_in_the_example_is_no_literal(docs_tree: DocsTree) -> None:
    """(The reader writes an example's <day> as {day}.)"""
    page = method_page("widget: forecast", "GET /widgets/{widget-id}/forecast", [f"{BASE}/forecast(day=<day>)"], FUNCTION_PARAMETERS)
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-forecast.md": page})
    assert outcome == "not-replayable"
    assert reason == "the example's argument day={day} cannot be sent as written: {day} is a placeholder, not an OData literal"


def test_a_bare_word_where_a_literal_belongs(docs_tree: DocsTree) -> None:
    """``shade=dark`` for a parameter of the table: a string or an enum member is quoted in OData."""
    page = method_page("widget: forecast", "GET /widgets/{widget-id}/forecast", [f"{BASE}/forecast(shade=dark)"], FUNCTION_PARAMETERS)
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-forecast.md": page})
    assert (outcome, reason) == ("not-replayable", "the example's argument shade=dark cannot be sent as written: dark is no "
                                 "OData literal (a string or an enum member is written in quotes)")


def test_an_argument_the_page_does_not_document(docs_tree: DocsTree) -> None:
    page = method_page("widget: forecast", "GET /widgets/{widget-id}/forecast", [f"{BASE}/forecast(hue=2)"], FUNCTION_PARAMETERS)
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-forecast.md": page})
    assert outcome == "not-replayable"
    assert reason == "the docs contradict themselves: the example passes 'hue' in the function call, which the page does not document"


def test_path_parameters_no_path_holds_are_the_functions(docs_tree: DocsTree) -> None:
    """"Path parameters" of a function the page writes bare: the call is part of the path."""
    table = "\n## Path parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n|row|Int32|The row.|\n|column|Int32|The column.|\n"
    page = method_page("widget: cell", "GET /widgets/{widget-id}/cell", [f"{BASE}/cell(row=5,column=6)"], table)
    assert [outcome for _, outcome, _ in replays(docs_tree, {"api/widget-cell.md": page})] == ["matched"]


def test_a_sample_key_in_the_documented_path_is_a_key(docs_tree: DocsTree) -> None:
    """``GET /widgets/3e0f...`` documents the item path with a sample key where ``{id}`` belongs."""
    page = method_page("Get widget", "GET /widgets/3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e", [BASE, f"{BASE}/parts/11003"])
    page = page.replace("/widgets/3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e", "/widgets/3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e\n"
                        "GET /widgets/3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e/parts/10001", 1)
    rows = replays(docs_tree, {"api/widget-get.md": page})
    assert [outcome for _, outcome, _ in rows] == ["matched", "matched"], rows


def test_a_key_in_parentheses_and_a_key_segment_are_one_key(docs_tree: DocsTree) -> None:
    """Pages that write ``/widgets('{id}')`` beside ``/widgets/{id}``: the SDK reads one key."""
    get = method_page("Get widget", "GET /widgets('{widget-id}')", [f"{BASE}"])
    parts_page = method_page("List widget parts", "GET /widgets/{widget-id}/parts", [f"{BASE}/parts"])
    rows = replays(docs_tree, {"api/widget-get.md": get, "api/widget-list-parts.md": parts_page})
    assert [outcome for _, outcome, _ in rows] == ["matched", "matched"], rows


def test_a_count_of_a_documented_collection_and_a_version_placeholder(docs_tree: DocsTree) -> None:
    """``$count`` of a listed collection is its ``count()``; ``/{version}/`` is the version segment."""
    page = method_page("List widgets", "GET /widgets", [
        "GET https://graph.microsoft.com/v1.0/widgets/$count", "GET https://graph.microsoft.com/{version}/widgets"],
        response="a collection of [widget](../resources/widget.md) objects",
        answer='HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  "value": []\n}')
    page = page.replace('HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  "value": []\n}',
                        "HTTP/1.1 200 OK\nContent-type: text/plain\n\n42", 1)
    get = method_page("Get widget", "GET /widgets/{widget-id}", [BASE])  # ($count is no key of it)
    rows = replays(docs_tree, {"api/widget-get.md": get, "api/widget-list.md": page})
    assert [outcome for _, outcome, _ in rows] == ["matched", "matched", "matched"], rows


def test_a_cast_no_page_documents_says_so(docs_tree: DocsTree) -> None:
    page = method_page("List widgets", "GET /widgets", ["GET https://graph.microsoft.com/v1.0/widgets/microsoft.graph.gadget"],
                       response="a collection of [widget](../resources/widget.md) objects",
                       answer='HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  "value": []\n}')
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-list.md": page})
    assert outcome == "not-replayable"
    assert reason == ("the example casts a documented path to microsoft.graph.gadget (/widgets/microsoft.graph.gadget), "
                      "which no page documents: the SDK has functions for documented paths only")


def test_a_request_another_page_documents_is_sent_by_its_function(docs_tree: DocsTree) -> None:
    """The example's path is not its page's, but another page documents it for the same method."""
    get = method_page("Get widget", "GET /widgets/{widget-id}", [f"{BASE}"])
    other = method_page("Get my widget", "GET /me/widget", [f"{BASE}"])
    rows = replays(docs_tree, {"api/widget-get.md": get, "api/me-widget-get.md": other})
    assert [outcome for _, outcome, _ in rows] == ["matched", "matched"], rows


def test_a_report_that_redirects_to_its_content(docs_tree: DocsTree) -> None:
    """A function documented as ``302 Found`` answers the content its Location leads to, as bytes."""
    page = method_page("widget: getReport", "GET /widgets/getReport(period='{period}')",
                       ["GET https://graph.microsoft.com/v1.0/widgets/getReport(period='D7')"],
                       answer="HTTP/1.1 302 Found\nLocation: https://reports.example.net/data/download/x")
    page = page.replace("this function returns a `200 OK` response code and a [widget](../resources/widget.md) object "
                        "in the response body", "this function returns a `302 Found` response that redirects to the "
                        "report; that URL can be found in the `Location` header")
    assert [outcome for _, outcome, _ in replays(docs_tree, {"api/widget-getreport.md": page})] == ["matched"]


# -- docs that contradict themselves, each said exactly -------------------------------------------------
def test_one_object_shown_for_a_documented_collection(docs_tree: DocsTree) -> None:
    page = method_page("List widgets", "GET /widgets", ["GET https://graph.microsoft.com/v1.0/widgets"],
                       response="a collection of [widget](../resources/widget.md) objects")
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-list.md": page})
    assert outcome == "not-replayable"
    assert reason == "the docs contradict themselves: the page documents a collection of microsoft.graph.widget, the example shows one object"


def test_an_example_sent_with_another_method(docs_tree: DocsTree) -> None:
    page = method_page("Get widget", "GET /widgets/{widget-id}", ["DELETE https://graph.microsoft.com/v1.0/widgets/w-1"])
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-get.md": page})
    assert outcome == "not-replayable"
    assert reason.startswith("the docs contradict themselves: the example sends DELETE /widgets/w-1, the page documents GET")


def test_a_body_parameter_spelled_otherwise(docs_tree: DocsTree) -> None:
    """JSON names are case-sensitive: the SDK sends the table's ``color``, the example ``Color``."""
    import test_gen_test

    page = test_gen_test.PAINT.replace('"color": "red",\n  "coats"', '"Color": "red",\n  "coats"', 1)
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-paint.md": page})
    assert outcome == "not-replayable"
    assert reason == "the docs contradict themselves: the parameter table names 'color', the example's body sends 'Color'"


def test_a_reference_answered_with_a_body(docs_tree: DocsTree) -> None:
    page = api_page(
        "Add widget part", "POST /widgets/{widget-id}/parts/$ref", "In the request body, supply a reference.",
        "If successful, this method returns a `201 Created` response code and a [widget](../resources/widget.md) object in the response body.",
        'POST https://graph.microsoft.com/v1.0/widgets/w-1/parts/$ref\nContent-type: application/json\n\n'
        '{\n  "@odata.id": "https://graph.microsoft.com/v1.0/widgets/w-2"\n}',
        "", "HTTP/1.1 201 Created\nContent-type: application/json\n\n" + WIDGET_JSON,
    )
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-post-parts.md": page})
    assert outcome == "not-replayable"
    assert reason == ("a $ref request is answered with no content (OData), so its method returns None; "
                      "the example shows a microsoft.graph.widget body")


def test_a_204_shown_with_a_text_body(docs_tree: DocsTree) -> None:
    """No Content with content that is not JSON (a line the fence swallowed): the status and the body
    disagree, as for a JSON body."""
    page = api_page(
        "Delete widget", "DELETE /widgets/{widget-id}", "Don't supply a request body for this method.",
        "If successful, this method returns a `204 No Content` response code.",
        "DELETE https://graph.microsoft.com/v1.0/widgets/w-1", "", "HTTP/1.1 204 No Content\n\n`\u00e9\u00e9 a line the fence swallowed",
    )
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-delete.md": page})
    assert (outcome, reason) == ("not-replayable", "the docs contradict themselves: a 204 No Content response example with a body")


def test_an_informational_answer_is_not_the_answer(docs_tree: DocsTree) -> None:
    """A 1xx is followed by the real answer, which the example does not show: the client would wait for it."""
    page = method_page("Get widget", "GET /widgets/{widget-id}", [BASE], answer="HTTP/1.1 100 Continue")
    ((_, outcome, reason),) = replays(docs_tree, {"api/widget-get.md": page})
    assert (outcome, reason) == ("not-replayable", "a 100 answer is informational (1xx): the answer that follows it is not shown")


# -- answers the SDK reads ------------------------------------------------------------------------------
def update_page(response: str, answer: str) -> str:
    return api_page(
        "Update widget", "PATCH /widgets/{widget-id}",
        "In the request body, supply the values for the properties of the [widget](../resources/widget.md) to update.",
        response,
        'PATCH https://graph.microsoft.com/v1.0/widgets/w-1\nContent-type: application/json\nPrefer: return=representation\n\n'
        '{\n  "color": "red"\n}',
        ',\n  "@odata.type": "microsoft.graph.widget"', answer,
    )


@pytest.mark.parametrize("answer", [ANSWER, "HTTP/1.1 204 No Content"])
def test_a_page_that_answers_204_or_the_type_on_request(docs_tree: DocsTree, answer: str) -> None:
    """``204 No Content``, or with ``Prefer: return=representation`` a ``200 OK`` and the widget."""
    page = update_page("If successful, this method returns `204 No Content` response and empty content. If the request "
                       "specifies `Prefer` header with `return=representation` preference, then this method returns a "
                       "`200 OK` response code and updated [widget](../resources/widget.md) object in the response body.", answer)
    assert [outcome for _, outcome, _ in replays(docs_tree, {"api/widget-update.md": page})] == ["matched"]


def test_a_page_without_a_response_section_answers_what_comes(docs_tree: DocsTree) -> None:
    """No Response section: the page says nothing of the answer, so a body is no contradiction."""
    page = method_page("Get widget", "GET /widgets/{widget-id}", [BASE])
    page = page[: page.index("## Response\n")] + page[page.index("## Examples"):]
    assert [outcome for _, outcome, _ in replays(docs_tree, {"api/widget-get.md": page})] == ["matched"]


def test_an_accepted_answer_may_come_without_a_body(docs_tree: DocsTree) -> None:
    page = api_page(
        "widget: repaint", "POST /widgets/{widget-id}/repaint", "Don't supply a request body for this method.",
        "If successful, this method returns a `202 Accepted` response code and a link to the [widget](../resources/widget.md).",
        "POST https://graph.microsoft.com/v1.0/widgets/w-1/repaint", "",
        "HTTP/1.1 202 Accepted\nLocation: https://graph.microsoft.com/v1.0/widgets/w-1",
    )
    assert [outcome for _, outcome, _ in replays(docs_tree, {"api/widget-repaint.md": page})] == ["matched"]


# -- reading example URLs -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/a/b('k')/c", ["a", "b", "k", "c"]),
        ("/a/f(x='p/q',y=2)/g", ["a", "f(x='p/q',y=2)", "g"]),
        ("/a/f(x='it''s)')", ["a", "f(x='it''s)')"]),
    ],
)
def test_a_path_splits_at_slashes_outside_calls(path: str, expected: list[str]) -> None:
    assert [part if isinstance(part, str) else f"{part.name}({','.join(f'{n}={v}' for n, v in part.items)})" for part in parts(path)] == expected


def test_matching_reads_keys_and_arguments_by_name() -> None:
    found: Any = match("/w/{id}/cell(row={r},column={c})", "/w/7/cell(column=6,ROW=5)")
    assert found.keys == ("7", None, None)
    assert found.calls == ({"column": ("column", "6"), "row": ("ROW", "5")},)
    assert match("/w/{id}/cell(row={r})", "/w/7/cell(hue=1)") is None
    assert match("/w/{id}/cell", "/w/7/cell(hue=1)") is None
    assert match("/w/{id}/cell", "/w/7/cell(hue=1)", extra=True).extra == (("hue", "1"),)  # type: ignore[union-attr]
