"""Uploads and references: ``$value`` and stream properties take bytes, ``$ref`` takes an object.

- A PUT of ``$value`` (a photo) is ``replace_value(content)``; a PUT of a property the docs
  type as a stream (``/reports/{id}/content``), with no JSON request type, is
  ``replace(content)``. The bytes are the body as given, with the media type the page's
  Content-Type header row names (``application/octet-stream`` when it names none).
- A PUT of ``$ref`` (set a single-valued reference) is ``replace_ref(ref)``.
- Every documented path the client cannot navigate is a GEN602 that names it.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from clientkit import fleet  # noqa: F401 - a fixture

from generator.model import ApiModel, Operation, Parameter, Property, TypeDef, TypeRef
from generator.sdk.render.navigation import plan_navigation
from generator.sdk.unreachable import unreachable_paths

REPORT = {"id": "r1", "displayName": "Odometer", "format": "csv"}


def recording(fleet: Any, answer: httpx.Response) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    return fleet.Client("https://example.test/beta", token="t", transport=httpx.MockTransport(handler), retry=None), seen


def test_a_value_upload_sends_the_bytes_with_the_documented_media_type(fleet: Any) -> None:
    api, seen = recording(fleet, httpx.Response(204))
    photo = b"\xff\xd8\xff\xe0 not JSON \x00"
    assert api.fleet.drivers["d1"].photo.replace_value(photo) is None
    request = seen[0]
    assert (request.method, request.url.path) == ("PUT", "/beta/fleet/drivers/d1/photo/$value")
    assert request.content == photo and request.headers["Content-Type"] == "image/jpeg"  # the page's header row


def test_a_stream_property_upload_answers_the_documented_model(fleet: Any) -> None:
    api, seen = recording(fleet, httpx.Response(200, json=REPORT))
    report = api.fleet.reports["r1"].content.replace(bytearray(b"vin,km\nX1,12\n"), content_type="text/csv")
    assert type(report).__name__ == "FleetReport" and report.display_name == "Odometer"
    assert seen[0].method == "PUT" and seen[0].url.path == "/beta/fleet/reports/r1/content"
    assert seen[0].content == b"vin,km\nX1,12\n" and seen[0].headers["Content-Type"] == "text/csv"


def test_an_upload_of_text_is_refused_before_any_request(fleet: Any) -> None:
    api, seen = recording(fleet, httpx.Response(204))
    with pytest.raises(TypeError, match="content must be bytes, not str"):
        api.fleet.drivers["d1"].photo.replace_value("a photo")
    assert seen == []


def test_replace_ref_sets_a_single_valued_reference(fleet: Any) -> None:
    api, seen = recording(fleet, httpx.Response(204))
    driver = "https://example.test/beta/fleet/drivers/d1"
    assert api.fleet.vehicles["v1"].assigned_driver.replace_ref(driver) is None
    assert (seen[0].method, seen[0].url.path) == ("PUT", "/beta/fleet/vehicles/v1/assignedDriver/$ref")
    assert json.loads(seen[0].content) == {"@odata.id": driver}
    assert seen[0].headers["Content-Type"] == "application/json"


# -- planning ------------------------------------------------------------------------------------------
NS = "microsoft.graph"


def _model(*operations: Operation) -> ApiModel:
    entity = TypeDef("item", NS, "entity", properties=[
        Property("id", TypeRef("Edm.String")), Property("content", TypeRef("Edm.Stream")),
        Property("notes", TypeRef("Edm.String")), Property("owner", TypeRef(f"{NS}.item"), navigation=True),
    ])  # fmt: skip
    return ApiModel(types={entity.qualified: entity}, operations=list(operations))


def _op(name: str, http: str, *paths: str, **kwargs: Any) -> Operation:
    return Operation(name, name, f"api/{name}.md", 7, http, list(paths), **kwargs)


def _methods(model: ApiModel) -> dict[tuple[str, str], bool]:
    """{(display path of the node, method name): sends_content}."""
    navigation = plan_navigation(model, "pkg")
    return {
        (endpoint.node.displays[0] if endpoint.node else "", endpoint.method): endpoint.node.methods[endpoint.method].sends_content
        for endpoint in navigation.endpoints
        if endpoint.node is not None
    }


def test_each_odata_segment_verb_is_a_method_and_uploads_take_bytes() -> None:
    model = _model(
        _op("put_value", "PUT", "/items/{id}/photo/$value"),
        _op("delete_value", "DELETE", "/items/{id}/photo/$value"),
        _op("put_ref", "PUT", "/items/{id}/owner/$ref", request_type=f"{NS}.item"),
        _op("patch_ref", "PATCH", "/items/{id}/owner/$ref"),
        _op("put_content", "PUT", "/items/{id}/content"),
        _op("put_notes", "PUT", "/items/{id}/notes"),  # no stream: a JSON body
        _op("patch_content", "PATCH", "/items/{id}/content", request_type=f"{NS}.item"),  # a JSON command
    )
    assert _methods(model) == {
        ("/items/{id}/photo", "replace_value"): True,
        ("/items/{id}/photo", "delete_value"): False,
        ("/items/{id}/owner", "replace_ref"): False,
        ("/items/{id}/owner", "update_ref"): False,
        ("/items/{id}/content", "replace"): True,
        ("/items/{id}/content", "update"): False,
        ("/items/{id}/notes", "replace"): False,
    }


def test_a_stream_put_with_a_documented_json_type_sends_json() -> None:
    model = _model(_op("put_content", "PUT", "/items/{id}/content", request_type=f"{NS}.item"))
    assert _methods(model) == {("/items/{id}/content", "replace"): False}


def test_a_path_the_client_cannot_navigate_is_a_gen602_that_names_it() -> None:
    model = _model(
        _op("get_item", "GET", "/items/{id}", "/items/{id}/.../deeper"),
        _op("get_odd", "GET", "/~/items"),
        _op("get_ref", "GET", "/items/{id}/owner/$ref"),
    )
    findings = unreachable_paths(plan_navigation(model, "pkg"))
    by_path = {f.message.split(" is not in the SDK")[0]: f for f in findings}
    assert sorted(by_path) == ["GET /items/{id}/.../deeper", "GET /items/{id}/owner/$ref", "GET /~/items"]
    assert all(f.code == "GEN602" and f.severity == "warning" and f.line == 7 for f in findings)
    assert by_path["GET /items/{id}/.../deeper"].file == "api/get_item.md"
    assert "segment '...'" in by_path["GET /items/{id}/.../deeper"].message
    assert "the SDK reaches the operation by its other paths" in by_path["GET /items/{id}/.../deeper"].message
    assert "the operation is not in the SDK" in by_path["GET /~/items"].message
    assert "{placeholder}" in by_path["GET /~/items"].message  # what to do next
    assert "the client has no method for it" in by_path["GET /items/{id}/owner/$ref"].message


def test_a_documented_content_type_header_is_the_default(fleet: Any) -> None:
    from generator.sdk.render.nodes import documented_content_type

    def upload(description: str) -> Operation:
        return _op("u", "PUT", "/x/$value", parameters=[Parameter("Content-Type", TypeRef("Edm.String"), "header", True, description)])

    assert documented_content_type([upload("image/jpeg. Required.")]) == "image/jpeg"
    assert documented_content_type([upload("`text/csv`")]) == "text/csv"
    assert documented_content_type([upload("application/json. Required.")]) == "application/octet-stream"
    assert documented_content_type([upload("Nature of the data in the body of an entity.")]) == "application/octet-stream"
    assert documented_content_type([_op("u", "PUT", "/x/$value")]) == "application/octet-stream"
