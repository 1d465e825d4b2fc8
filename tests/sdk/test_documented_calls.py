"""Every documented call answers what its page says: the wrong answers of round two.

An inline docs tree (a user, its base, a message, a profile photo, a report) built into a
package without black, then driven through httpx's MockTransport:

- a request line with a query string (``GET /me?$expand=manager``) is a use of the page
  that documents ``GET /me``, not a second operation whose type widens ``me.get()``;
- pages that document one method and path with different answers are a finding that
  names both pages (GEN212 for one family, GEN213 otherwise);
- request blocks under sub-headings of "HTTP request" are operations (``$value``);
- a GET whose page names no type answers JSON as a JSON value and anything else as bytes;
- a model's field keeps its documented name (``Message(body=...)``).
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from generator.docs import load
from generator.model import ApiModel
from generator.sdk.build import build

PKG = "calls_sdk"


def resource(name: str, rows: list[str], base: str | None = "entity", relationships: tuple[str, ...] = (), word: str = "resource") -> str:
    lines = ["---", f'title: "{name} {word} type"', "doc_type: resourcePageType", "---", "",
             f"# {name} {word} type", "", "Namespace: microsoft.graph", ""]
    if base:
        lines += [f"Inherits from [{base}]({base.lower()}.md).", ""]
    lines += ["## Properties", "", "|Property|Type|Description|", "|---|---|---|", *rows, ""]
    if relationships:
        lines += ["## Relationships", "", "|Relationship|Type|Description|", "|---|---|---|", *relationships, ""]
    return "\n".join(lines)


def method_page(title: str, request_section: list[str], response: str) -> str:
    lines = ["---", f'title: "{title}"', "doc_type: apiPageType", "---", "", f"# {title}", "",
             "Namespace: microsoft.graph", "", "## HTTP request", "", *request_section, "", "## Response", "", response, ""]
    return "\n".join(lines)


def http(*lines: str) -> list[str]:
    return ['<!-- { "blockType": "ignored" } -->', "", "```http", *lines, "```", ""]


def returns(what: str) -> str:
    return f"If successful, this method returns a `200 OK` response code and {what} in the response body."


PAGES = {
    "resources/entity.md": resource("entity", ["|id|String|The identifier.|"], base=None),
    "resources/directoryobject.md": resource("directoryObject", ["|deletedDateTime|DateTimeOffset|When it was deleted.|"]),
    "resources/user.md": resource(
        "user", ["|displayName|String|The name.|"], base="directoryObject",
        relationships=("|manager|[directoryObject](directoryobject.md)|The manager.|", "|photo|[profilePhoto](profilephoto.md)|The photo.|"),
    ),
    "resources/profilephoto.md": resource("profilePhoto", ["|height|Int32|The height.|"]),
    "resources/itembody.md": resource("itemBody", ["|content|String|The text.|"], base=None, word="complex"),
    "resources/message.md": resource("message", ["|subject|String|The subject.|", "|body|[itemBody](itembody.md)|The body.|"]),
    "api/user-get.md": method_page(
        "Get user", http("GET /me", "GET /users/{id | userPrincipalName}"), returns("a [user](../resources/user.md) object")
    ),
    "api/user-list.md": method_page(
        "List users", http("GET /users"), returns("a collection of [user](../resources/user.md) objects")
    ),
    "api/user-list-manager.md": method_page(
        "List manager",
        ["Get the manager:", *http("GET /me/manager", "GET /users/{id}/manager"),
         "Get the management chain:", *http("GET /me?$expand=manager", "GET /users?$expand=manager($levels=n)")],
        returns("a [directoryObject](../resources/directoryobject.md) object"),
    ),
    "api/profilephoto-get.md": method_page(
        "Get photo",
        ["### Get the photo", *http("GET /me/photo/$value"), "### Get the metadata of the photo", *http("GET /me/photo")],
        returns("a [profilePhoto](../resources/profilephoto.md) object"),
    ),
    "api/report-get.md": method_page("Get report", http("GET /reports/getUsage(period='{period}')"), returns("the report")),
    "api/directoryobject-get.md": method_page(
        "Get deleted item", http("GET /directory/deletedItems/{id}"), returns("a [directoryObject](../resources/directoryobject.md) object")
    ),
    "api/user-get-deleted.md": method_page(
        "Get deleted user", http("GET /directory/deletedItems/{id}"), returns("a [user](../resources/user.md) object")
    ),
    "api/message-get.md": method_page("Get message", http("GET /me/messages/{id}"), returns("a [message](../resources/message.md) object")),
    "api/message-get-wrong.md": method_page(
        "List message", http("GET /me/messages/{id}"), returns("a collection of [message](../resources/message.md) objects")
    ),
}


def write_tree(root: Path) -> Path:
    for relative, text in PAGES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("calls") / "docs")


@pytest.fixture(scope="module")
def model(tree: Path) -> ApiModel:
    return load(tree).model


@pytest.fixture(scope="module")
def sdk(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("calls-sdk") / "sdk"
    build(tree, out, PKG, jobs=1, format_code=False)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(f"{PKG}.client")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PKG or n.startswith(PKG + ".")]:
            del sys.modules[name]


def answering(sdk: Any, response: httpx.Response) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    return sdk.Client("https://example.test/v1.0", token="t", transport=httpx.MockTransport(handler), retry=None), seen


def returned(method: Any) -> str:
    """The return annotation a user's type checker sees, as written (one signature per method)."""
    return str(inspect.signature(method).return_annotation)


# -- the model -------------------------------------------------------------------------------------
def line_of(tree: Path, page: str, text: str) -> int:
    return (tree / page).read_text(encoding="utf-8").split("\n").index(text) + 1


def test_a_query_string_never_makes_another_operation(model: ApiModel, tree: Path) -> None:
    manager = model.operation("list_manager")
    assert manager is not None and manager.paths == ["/me/manager", "/users/{id}/manager"]
    uses = sorted((d for d in model.diagnostics if d.code == "GEN211"), key=lambda d: d.line)
    page = "api/user-list-manager.md"
    where = [line_of(tree, page, "GET /me?$expand=manager"), line_of(tree, page, "GET /users?$expand=manager($levels=n)")]
    assert [(d.file, d.line) for d in uses] == [(page, where[0]), (page, where[1])]
    assert "get_user (api/user-get.md)" in uses[0].message and "list_users (api/user-list.md)" in uses[1].message


def test_pages_that_disagree_about_one_path_are_a_finding_naming_both(model: ApiModel) -> None:
    family = [d for d in model.diagnostics if d.code == "GEN212"]
    conflict = [d for d in model.diagnostics if d.code == "GEN213"]
    assert len(family) == 1 and "api/directoryobject-get.md" in family[0].message and "api/user-get-deleted.md" in family[0].message
    assert len(conflict) == 1 and conflict[0].severity == "warning"
    assert "api/message-get.md" in conflict[0].message and "api/message-get-wrong.md" in conflict[0].message


def test_request_blocks_under_sub_headings_are_operations(model: ApiModel) -> None:
    photo = model.operation("get_photo")
    assert photo is not None and photo.method == "GET" and photo.paths == ["/me/photo/$value", "/me/photo"]


# -- the client ------------------------------------------------------------------------------------
def test_me_get_answers_a_user_typed_and_at_run_time(sdk: Any) -> None:
    api, seen = answering(sdk, httpx.Response(200, json={"id": "u1", "displayName": "Ada"}))
    annotation = returned(type(api.me).get)
    assert "User" in annotation and "DirectoryObject" not in annotation
    user = api.me.get()
    assert type(user).__name__ == "User" and user.display_name == "Ada"
    assert type(api.users["u1"].get()).__name__ == "User"
    assert [r.url.path for r in seen] == ["/v1.0/me", "/v1.0/users/u1"]


def test_the_users_collection_is_listed_not_read_as_one_object(sdk: Any) -> None:
    api, _ = answering(sdk, httpx.Response(200, json={"value": [{"id": "u1"}, {"id": "u2"}]}))
    assert not hasattr(api.users, "get")
    assert [user.id for user in api.users.list().value] == ["u1", "u2"]


def test_a_photo_is_downloaded_as_bytes(sdk: Any) -> None:
    api, seen = answering(sdk, httpx.Response(200, content=b"\xff\xd8jpeg", headers={"content-type": "image/jpeg"}))
    assert api.me.photo.get_value() == b"\xff\xd8jpeg"
    assert seen[0].url.path == "/v1.0/me/photo/$value"


def test_an_untyped_answer_is_json_or_bytes_never_dropped(sdk: Any) -> None:
    api, _ = answering(sdk, httpx.Response(200, json={"rows": [1, 2]}))
    assert api.reports.get_usage(period="D7") == {"rows": [1, 2]}
    api, _ = answering(sdk, httpx.Response(200, content=b"user,count\nada,3\n", headers={"content-type": "text/csv"}))
    assert api.reports.get_usage(period="D7") == b"user,count\nada,3\n"
    annotation = returned(type(api.reports).get_usage)
    assert "bytes" in annotation and "JsonValue" in annotation


def test_a_field_keeps_its_documented_name(sdk: Any) -> None:
    models = importlib.import_module(f"{PKG}.models")
    message = models.Message(subject="Hi", body=models.ItemBody(content="Hello"))
    assert message.to_dict() == {"subject": "Hi", "body": {"content": "Hello"}}
