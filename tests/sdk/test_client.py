"""The client a developer uses: navigation, methods, paging, retries, errors, redirects, async.

docs-input/ is built into a temporary folder and driven against live local servers
(pytest-httpserver on 127.0.0.1), as a user program would; a small model with ``$value``,
``$count`` and ``$ref`` segments (more than docs-input documents) is rendered beside it.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import attrs
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.model import ApiModel, Example, Operation, Parameter, Property, TypeDef, TypeRef, naming
from generator.sdk.build import build
from generator.sdk.render import Options, render_package
from generator.sdk.render.methods import MethodKind
from generator.sdk.render.navigation import plan_navigation
from generator.sdk.render.tree import Navigation, PathNode

ROOT = Path(__file__).resolve().parents[2]
DOCS_INPUT = ROOT / "docs-input"
PKG = "cl_fleet_sdk"
MINI = "cl_mini_sdk"


def _load(package: str) -> Any:
    """The package, with the submodules the tests use imported (so they are its attributes)."""
    for sub in ("client", "types", "errors", "models"):
        importlib.import_module(f"{package}.{sub}")
    return importlib.import_module(package)


def _unload(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out_dir = tmp_path_factory.mktemp("client") / "sdk"
    build(DOCS_INPUT, out_dir, PKG, jobs=1)
    sys.path.insert(0, str(out_dir))
    try:
        yield _load(PKG)
    finally:
        sys.path.remove(str(out_dir))
        _unload(PKG)


def mini_model() -> ApiModel:
    """Users with messages, attachments ($value), reports ($count) and members ($ref)."""
    ns = "microsoft.graph"
    entity = TypeDef("entity", ns, "entity", properties=[Property("id", TypeRef("Edm.String"))])
    user = TypeDef("user", ns, "entity", base=f"{ns}.entity", properties=[Property("displayName", TypeRef("Edm.String"))])
    message = TypeDef("message", ns, "entity", base=f"{ns}.entity", properties=[Property("subject", TypeRef("Edm.String"))])
    attachment = TypeDef("attachment", ns, "entity", base=f"{ns}.entity", properties=[Property("name", TypeRef("Edm.String"))])
    group = TypeDef("group", ns, "entity", base=f"{ns}.entity", properties=[Property("members", TypeRef(f"{ns}.user", True), navigation=True)])
    types = {t.qualified: t for t in (entity, user, message, attachment, group)}

    def op(name: str, method: str, path: str, **kwargs: Any) -> Operation:
        return Operation(name, name.replace("_", " "), f"api/{name}.md", 1, method, [path], **kwargs)

    operations = [
        op("list_users", "GET", "/users", response_type=f"{ns}.user", response_collection=True),
        op("get_user", "GET", "/users/{id}", response_type=f"{ns}.user"),
        op("get_message", "GET", "/users/{id}/messages/{id}", response_type=f"{ns}.message"),
        op("get_attachment_content", "GET", "/users/{id}/messages/{id}/attachments/{id}/$value", response_type="Edm.Stream"),
        op("count_reports", "GET", "/users/{id}/transitiveReports/$count", response_type="Edm.Int32"),
        op("add_member", "POST", "/groups/{id}/members/$ref"),
        op("remove_member", "DELETE", "/groups/{id}/members/{id}/$ref"),
        op("user_send_mail", "POST", "/users/{id}/sendMail",
           body_parameters=[Parameter("message", TypeRef(f"{ns}.message"), "body"), Parameter("saveToSentItems", TypeRef("Edm.Boolean"), "body")]),
        op("user_reminder_view", "GET", "/users/{id}/reminderView(startDateTime={start},endDateTime={end})",
           response_type=f"{ns}.message", response_collection=True),
        op("user_delta", "GET", "/users/delta", response_type=f"{ns}.user", response_collection=True),
        op("get_range", "GET", "/workbook/range(address='{address}')", response_type=f"{ns}.message"),
    ]
    # The docs' reference example: an id given to add_ref goes where it shows objects.
    reference = {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}
    examples = [Example("api/add_member.md", 9, "request", None, False, False, 10, True, reference, json.dumps(reference),
                        operation="add_member")]
    return ApiModel(types=types, operations=operations, examples=examples)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out_dir = tmp_path_factory.mktemp("mini")
    for relative, text in render_package(mini_model(), Options(MINI)).files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(out_dir))
    try:
        yield _load(MINI)
    finally:
        sys.path.remove(str(out_dir))
        _unload(MINI)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


def client(package: Any, server: HTTPServer, **kwargs: Any) -> Any:
    retry = package.client.Retry(max_delay=0.0)
    return package.Client(server.url_for("").rstrip("/"), token="t0k", retry=kwargs.pop("retry", retry), **kwargs)


VEHICLE = {"@odata.type": "#microsoft.graph.electricVehicle", "id": "v1", "displayName": "Van", "vin": "X1", "odometerKm": 1.50}


# -- navigation and methods ----------------------------------------------------------------------
def test_list_sends_typed_query_options_as_odata(sdk: Any, server: HTTPServer) -> None:
    server.expect_oneshot_request("/fleet/vehicles", method="GET").respond_with_json({"value": [VEHICLE]})
    page = client(sdk, server).fleet.vehicles.list(top=2, select=["id", "displayName"])
    request, _ = server.log[0]
    assert request.query_string == b"$top=2&$select=id,displayName"
    assert request.headers["Authorization"] == "Bearer t0k"
    assert isinstance(page, sdk.types.Page) and [type(v).__name__ for v in page.value] == ["ElectricVehicle"]


def test_every_option_has_its_odata_spelling(sdk: Any, server: HTTPServer) -> None:
    server.expect_request("/fleet/vehicles").respond_with_json({"value": []})
    client(sdk, server).fleet.vehicles.list(
        filter="make eq 'Volvo'", orderby=["make", "vin desc"], skip=4, search='"van"', count=True,
        expand=["assignedDriver"], query={"$format": "json"}, headers={"ConsistencyLevel": "eventual"}, timeout=5.0,
    )
    request, _ = server.log[0]
    assert request.args["$filter"] == "make eq 'Volvo'" and request.args["$orderby"] == "make,vin desc"
    assert (request.args["$skip"], request.args["$count"], request.args["$search"]) == ("4", "true", '"van"')
    assert request.args["$expand"] == "assignedDriver" and request.args["$format"] == "json"
    assert request.headers["ConsistencyLevel"] == "eventual"


def test_paging_over_two_pages_with_the_most_derived_classes(sdk: Any, server: HTTPServer) -> None:
    second = server.url_for("/fleet/vehicles") + "?$skiptoken=2"
    server.expect_ordered_request("/fleet/vehicles", query_string="").respond_with_json(
        {"@odata.nextLink": second, "value": [{"id": "v1"}, VEHICLE]}
    )
    server.expect_request("/fleet/vehicles", query_string="$skiptoken=2").respond_with_json(
        {"value": [{"@odata.type": "#microsoft.graph.electricVehicle", "id": "v3"}]}
    )
    page = client(sdk, server).fleet.vehicles.list()
    assert page.next_link == second
    items = list(page.iter_all())
    assert [(type(v).__name__, v.id) for v in items] == [("Vehicle", "v1"), ("ElectricVehicle", "v1"), ("ElectricVehicle", "v3")]
    assert server.log[1][0].headers["Authorization"] == "Bearer t0k"  # the same origin
    last = page.next_page()
    assert last is not None and last.next_page() is None


def test_get_then_update_sends_only_the_changed_fields(sdk: Any, server: HTTPServer) -> None:
    server.expect_oneshot_request("/fleet/vehicles/v1", method="GET").respond_with_json(VEHICLE)
    server.expect_oneshot_request("/fleet/vehicles/v1", method="PATCH").respond_with_data("", status=204)
    item = client(sdk, server).fleet.vehicles["v1"]
    vehicle = item.get()
    assert type(vehicle) is sdk.models.ElectricVehicle
    vehicle.display_name = "Van 12"
    vehicle.vin = None  # an explicit null is sent as null
    assert item.update(vehicle) is None  # 204: T | None says so
    sent = json.loads(server.log[1][0].get_data())
    assert sent == {"@odata.type": "#microsoft.graph.electricVehicle", "displayName": "Van 12", "vin": None}
    built = sdk.models.Vehicle(display_name="Built")  # a model built by hand sends what was set
    server.expect_oneshot_request("/fleet/vehicles/v1", method="PATCH").respond_with_data("", status=204)
    item.update(built)
    assert json.loads(server.log[2][0].get_data()) == {"@odata.type": "#microsoft.graph.vehicle", "displayName": "Built"}


def test_an_action_is_a_method_named_by_its_segment(sdk: Any, server: HTTPServer) -> None:
    server.expect_oneshot_request("/fleet/vehicles/v1/scheduleMaintenance", method="POST").respond_with_json({"id": "m1"})
    record = client(sdk, server).fleet.vehicles["v1"].schedule_maintenance(type_="repair", priority="high")
    assert type(record) is sdk.models.MaintenanceRecord and record.id == "m1"
    assert json.loads(server.log[0][0].get_data()) == {"type": "repair", "priority": "high"}


def test_429_then_200_is_retried_honouring_retry_after(sdk: Any, server: HTTPServer) -> None:
    server.expect_ordered_request("/fleet/vehicles/v1").respond_with_data("", status=429, headers={"Retry-After": "0"})
    server.expect_ordered_request("/fleet/vehicles/v1").respond_with_json(VEHICLE)
    assert client(sdk, server).fleet.vehicles["v1"].get().id == "v1"
    assert len(server.log) == 2


def test_retries_are_bounded_and_end_in_a_typed_error(sdk: Any, server: HTTPServer) -> None:
    server.expect_request("/fleet/vehicles/v1").respond_with_data("", status=503, headers={"Retry-After": "0"})
    retry = sdk.client.Retry(attempts=2, max_delay=0.0)
    with pytest.raises(sdk.errors.ServerError) as raised:
        client(sdk, server, retry=retry).fleet.vehicles["v1"].get()
    assert raised.value.status_code == 503 and len(server.log) == 3
    server.clear()
    server.expect_request("/fleet/vehicles/v1").respond_with_data("", status=429)
    with pytest.raises(sdk.errors.ThrottledError):
        client(sdk, server, retry=None).fleet.vehicles["v1"].get()
    assert len(server.log) == 1  # retry=None: no retry


def test_retry_after_is_capped(sdk: Any) -> None:
    retry = sdk.client.Retry(max_delay=2.0, backoff=0.5)
    assert retry.delay(0, "120") == 2.0 and retry.delay(0, None) == 0.5 and retry.delay(3, None) == 2.0
    assert retry.delay(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past


def test_404_is_a_not_found_error_with_case_insensitive_headers(sdk: Any, server: HTTPServer) -> None:
    error = {"error": {"code": "ResourceNotFound", "message": "No vehicle", "innerError": {"request-id": "r1"}}}
    server.expect_request("/fleet/vehicles/nope").respond_with_json(error, status=404, headers={"Request-Id": "r1"})
    with pytest.raises(sdk.NotFoundError) as raised:
        client(sdk, server).fleet.vehicles["nope"].get()
    found = raised.value
    assert isinstance(found, sdk.ApiError) and found.status_code == 404
    assert found.headers["request-id"] == found.headers["REQUEST-ID"] == "r1" and found.request_id == "r1"
    assert found.error.code == "ResourceNotFound" and found.error.inner_error == {"request-id": "r1"}
    for status, kind in ((401, "AuthError"), (403, "AuthError"), (500, "ServerError"), (400, "ApiError")):
        server.clear()
        server.expect_request("/fleet/vehicles/nope").respond_with_data("", status=status)
        with pytest.raises(getattr(sdk.errors, kind)) as other:
            client(sdk, server, retry=None).fleet.vehicles["nope"].get()
        assert type(other.value).__name__ == kind


def test_transport_failures_are_transport_errors(sdk: Any) -> None:
    with pytest.raises(sdk.TransportError):
        sdk.Client("http://127.0.0.1:9", token="x").fleet.vehicles.list()


def test_with_response_gives_status_headers_and_value(sdk: Any, server: HTTPServer) -> None:
    server.expect_request("/fleet/vehicles", method="POST").respond_with_json(VEHICLE, status=201, headers={"Location": "/x", "ETag": 'W/"1"'})
    response = sdk.with_response(client(sdk, server).fleet.vehicles.create)(sdk.models.Vehicle(vin="X1"))
    assert isinstance(response, sdk.types.Response) and response.status_code == 201
    assert response.headers["location"] == "/x" and response.headers["etag"] == 'W/"1"'
    assert type(response.value) is sdk.models.ElectricVehicle


def test_async_client_navigates_the_same_way(sdk: Any, server: HTTPServer) -> None:
    second = server.url_for("/fleet/drivers/d%201/trips") + "?$skiptoken=2"
    server.expect_ordered_request("/fleet/drivers/d 1/trips").respond_with_json({"@odata.nextLink": second, "value": [{"id": "t1"}]})
    server.expect_ordered_request("/fleet/drivers/d 1/trips").respond_with_json({"value": [{"id": "t2"}]})
    server.expect_ordered_request("/fleet/vehicles/v1").respond_with_data("", status=429, headers={"Retry-After": "0"})
    server.expect_ordered_request("/fleet/vehicles/v1").respond_with_json(VEHICLE)

    async def token() -> str:
        return "async-token"

    async def run() -> tuple[list[str], Any, Any]:
        async with sdk.AsyncClient(server.url_for("").rstrip("/"), token=token) as api:
            page = await api.fleet.drivers["d 1"].trips.list(top=1)
            ids = [trip.id async for trip in page.iter_all()]
            response = await sdk.with_response(api.fleet.vehicles["v1"].get)()
            return ids, page, response

    ids, page, response = asyncio.run(run())
    assert ids == ["t1", "t2"] and isinstance(page, sdk.types.AsyncPage)
    assert response.status_code == 200 and type(response.value) is sdk.models.ElectricVehicle
    assert server.log[0][0].headers["Authorization"] == "Bearer async-token"


# -- $value, $count, $ref, calls (a small model) -------------------------------------------------------
def test_value_is_bytes_through_a_cross_origin_redirect_without_the_token(mini: Any, server: HTTPServer) -> None:
    other = HTTPServer(host="127.0.0.1", port=0)
    other.start()
    try:
        other.expect_request("/blob/1").respond_with_data(b"\x00PDF-bytes", content_type="application/octet-stream")
        server.expect_request("/users/u1/messages/m1/attachments/a1/$value").respond_with_data(
            "", status=302, headers={"Location": other.url_for("/blob/1")}
        )
        content = client(mini, server).users["u1"].messages["m1"].attachments["a1"].get_value()
        assert content == b"\x00PDF-bytes"
        assert server.log[0][0].headers["Authorization"] == "Bearer t0k"
        assert "Authorization" not in other.log[0][0].headers  # another origin (another port)
    finally:
        other.clear()
        other.stop()


def test_count_is_an_int(mini: Any, server: HTTPServer) -> None:
    server.expect_request("/users/u1/transitiveReports/$count").respond_with_data("42", content_type="text/plain")
    count = client(mini, server).users["u1"].transitive_reports.count(headers={"ConsistencyLevel": "eventual"})
    assert count == 42 and type(count) is int


def test_refs_take_an_id_a_url_or_a_model(mini: Any, server: HTTPServer) -> None:
    server.expect_request("/groups/g1/members/$ref", method="POST").respond_with_data("", status=204)
    server.expect_request("/groups/g1/members/u2/$ref", method="DELETE").respond_with_data("", status=204)
    api = client(mini, server)
    assert api.groups["g1"].members.add_ref("u2") is None
    api.groups["g1"].members.add_ref(mini.models.User(id="u3"))
    api.groups["g1"].members["u2"].remove_ref()
    bodies = [json.loads(entry[0].get_data())["@odata.id"] for entry in server.log[:2]]
    assert bodies == [api.base_url + "/directoryObjects/u2", api.base_url + "/directoryObjects/u3"]
    assert server.log[2][0].method == "DELETE"


def test_a_ref_id_goes_where_the_docs_show_references_or_a_url_is_required(mini: Any, sdk: Any) -> None:
    from generator.sdk.render.nodes import reference_collections

    model = mini_model()
    assert reference_collections(model) == {"add_member": ["/directoryObjects"]}
    node = mini._http.SyncNode(mini.Client("https://example.test/v1.0"), "/groups/g1/members")
    assert json.loads(node._ref_body("u 1", "/directoryObjects")) == {"@odata.id": "https://example.test/v1.0/directoryObjects/u%201"}
    with pytest.raises(ValueError, match="pass the object's URL"):
        node._ref_body("u1", "")  # docs without a reference example: an id alone says nowhere
    assert json.loads(node._ref_body("https://x.test/users/u1", "")) == {"@odata.id": "https://x.test/users/u1"}
    # What the generated methods pass: the docs' collection, or "" when the docs show none.
    def ref_calls(model: ApiModel) -> set[str]:
        files = render_package(model, Options(MINI)).files
        return {line.split("self._ref_body(")[1] for text in files.values() for line in text.splitlines() if "self._ref_body(" in line}

    assert ref_calls(model) == {'ref, "/directoryObjects"))'}
    assert ref_calls(attrs.evolve(model, examples=[])) == {'ref, ""))'}


def test_actions_functions_and_calls(mini: Any, server: HTTPServer) -> None:
    server.expect_request("/users/u1/sendMail", method="POST").respond_with_data("", status=202)
    server.expect_request("/users/delta").respond_with_json({"value": [{"id": "u1"}]})
    server.expect_request("/users/u1/reminderView(startDateTime=2021-01-01,endDateTime=2021-01-02)").respond_with_json({"value": []})
    server.expect_request("/workbook/range(address='A1:B2')").respond_with_json({"id": "r"})
    api = client(mini, server)
    assert api.users["u1"].send_mail(message=mini.models.Message(subject="Hi"), save_to_sent_items=False) is None
    assert json.loads(server.log[0][0].get_data()) == {"message": {"subject": "Hi"}, "saveToSentItems": False}
    assert [u.id for u in api.users.delta().value] == ["u1"]
    assert api.users["u1"].reminder_view(start_date_time="2021-01-01", end_date_time="2021-01-02").value == []
    assert api.workbook.range(address="A1:B2").id == "r"  # a function ending the path: a method


# -- types -----------------------------------------------------------------------------------------------
def test_types_and_wire_names(sdk: Any) -> None:
    types = importlib.import_module(PKG + ".types")
    for name in ("UNSET", "Unset", "DateTimeOffset", "Date", "TimeOfDay", "Duration", "Guid", "Base64", "Page", "Response"):
        assert name in types.__all__ and getattr(types, name) is not None
    assert not types.UNSET and isinstance(types.UNSET, types.Unset)
    assert inspect.signature(types.Unset.__bool__).return_annotation == "Literal[False]"
    fields = attrs.fields(sdk.models.Vehicle)
    assert fields.display_name.metadata["json"] == "displayName" and fields.odometer_km.metadata["json"] == "odometerKm"
    assert {f.name: f.metadata.get("json") for f in fields if f.metadata}["vin"] == "vin"


def test_the_flat_functions_are_gone_and_the_package_has_a_readme(sdk: Any) -> None:
    root = Path(sdk.__file__).parent
    assert not (root / "api").exists()
    readme = (root.parent / "README.md").read_text(encoding="utf-8")
    assert f"from {PKG} import Client" in readme and "client.fleet" in readme


# -- names --------------------------------------------------------------------------------------------------
def check_names(navigation: Navigation) -> int:
    """Every attribute is its segment in snake_case; every method a verb or an action's segment."""
    checked = 0

    def snake_of(segment: str) -> set[str]:
        word = segment.rpartition(".")[2]
        base = naming.snake(word)
        return {base, naming.snake(segment.replace(".", "_"))}

    def plain(name: str) -> str:
        return name.rstrip("_")

    def visit(node: PathNode) -> None:
        nonlocal checked
        for child in node.children.values():
            assert plain(child.attribute) in snake_of(child.segment), (child.segment, child.attribute)
            assert not __import__("re").search(r"_\d+$", child.attribute), child.attribute
            checked += 1
            visit(child)
        if node.key is not None:
            visit(node.key)
        for name, method in node.methods.items():
            if method.kind.is_call:
                assert plain(name) in snake_of(method.segment), (method.segment, name)
            else:
                assert name == method.kind.value, name
            checked += 1

    visit(navigation.root)
    return checked


def test_names_are_segments_and_verbs(sdk: Any, mini: Any) -> None:
    from generator.docs import load_model

    for model, package in ((load_model(DOCS_INPUT), PKG), (mini_model(), MINI)):
        navigation = plan_navigation(model, package)
        assert check_names(navigation) > 5
        titles = {naming.function_name(op.title) for op in model.operations}
        methods = {name for node in navigation.classes for name in node.methods}
        assert not (methods & titles) or methods & titles <= {k.value for k in MethodKind if k.is_verb}  # nothing from a page title
    assert sorted(vars(mini.client.Client).keys() & {"users", "groups", "workbook"}) == []  # on the root class
    root = type(client_root := mini.Client("http://127.0.0.1:9"))
    assert {"users", "groups", "workbook"} <= set(dir(root)) and client_root.path == ""
