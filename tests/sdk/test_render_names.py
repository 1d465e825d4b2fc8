"""Names a user reads in hovers, tracebacks and type errors: the path classes and public signatures.

- A path class is named after its own place, in the API's words: every place that shares the
  class reads the same words (``UserCalendars`` for ``/me/calendars`` and
  ``/users/{id}/calendars``), never those of another path (no ``MeCalendars`` reached from
  ``/users``), and no name carries a collision number where its path has words of its own.
- No public signature or docstring shows a private alias (``_b.str``, ``_t.Any``,
  ``_rt.Unset``): annotations use the names a user imports.
- Only the code that shapes an SDK is in the fingerprint ``gen check`` compares.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.model import ApiModel, Operation, Property, TypeDef, TypeRef
from generator.sdk.render import Options, render_package
from generator.sdk.render.navigation import plan_navigation
from generator.sdk.fingerprint import _PACKAGE_ROOT, _NOT_SHAPING, _SHAPING, shaping_files

ROOT = Path(__file__).resolve().parents[2]
NS = "microsoft.graph"


def _entity(name: str, *props: Property) -> TypeDef:
    return TypeDef(name, NS, "entity", base=f"{NS}.entity", properties=list(props))


def _op(name: str, method: str, paths: list[str], response: str | None = None, collection: bool = False) -> Operation:
    return Operation(name, name, f"api/{name}.md", 1, method, paths, response_type=response, response_collection=collection)


def shared_model() -> ApiModel:
    """``/me`` and ``/users/{id}`` are users; their calendars are one class; /me's photo another than /groups'."""
    calendar = _entity("calendar", Property("name", TypeRef("Edm.String")))
    photo = _entity("profilePhoto", Property("height", TypeRef("Edm.Int32")))
    user = _entity("user", Property("calendars", TypeRef(f"{NS}.calendar", True), navigation=True),
                   Property("photo", TypeRef(f"{NS}.profilePhoto"), navigation=True))
    group = _entity("group", Property("photo", TypeRef(f"{NS}.profilePhoto"), navigation=True))
    root = TypeDef("entity", NS, "entity", properties=[Property("id", TypeRef("Edm.String"))])
    operations = [
        _op("get_user", "GET", ["/me", "/users/{id}"], f"{NS}.user"),
        _op("list_users", "GET", ["/users"], f"{NS}.user", True),
        _op("list_calendars", "GET", ["/me/calendars", "/users/{id}/calendars"], f"{NS}.calendar", True),
        _op("get_calendar", "GET", ["/me/calendars/{id}", "/users/{id}/calendars/{id}"], f"{NS}.calendar"),
        _op("get_photo", "GET", ["/me/photo", "/users/{id}/photo"], f"{NS}.profilePhoto"),
        _op("get_group_photo", "GET", ["/groups/{id}/photo"], f"{NS}.profilePhoto"),
        _op("update_group_photo", "PATCH", ["/groups/{id}/photo"], f"{NS}.profilePhoto"),
        _op("get_group", "GET", ["/groups/{id}"], f"{NS}.group"),
    ]
    types = {t.qualified: t for t in (root, calendar, photo, user, group)}
    return ApiModel(types=types, operations=operations)


def test_a_class_is_named_after_its_place_in_the_apis_words() -> None:
    navigation = plan_navigation(shared_model(), "names_sdk")
    by_display = {display: node.class_name for node in navigation.classes for display in node.displays}
    assert by_display["/me"] == by_display["/users/{id}"] == "UserItem"  # one class: true of both places
    assert by_display["/users"] == "Users" and by_display["/groups"] == "Groups"
    assert by_display["/me/calendars"] == by_display["/users/{id}/calendars"] == "UserCalendars"
    assert by_display["/me/calendars/{id}"] == "CalendarItem"
    assert by_display["/me/photo"] == "UserPhoto" and by_display["/groups/{id}/photo"] == "GroupPhoto"


def test_no_class_is_named_after_another_path_nor_numbered() -> None:
    navigation = plan_navigation(shared_model(), "names_sdk")
    for node in navigation.classes[1:]:  # (the root first)
        assert not re.search(r"_\d+$", node.class_name), node.class_name
        assert not re.search(r"_\d+$", node.module), node.module
        words = {word.lower() for display in node.displays for word in re.findall(r"[A-Za-z]+", display)}
        own = re.findall(r"[A-Z][a-z]*", node.class_name.removesuffix("Item"))
        # Every word of the name is a type the place addresses or a word of every one of its paths.
        types = {"user", "calendar", "profile", "photo", "group"}
        assert all(word.lower() in words | types for word in own), (node.class_name, node.displays)


def test_the_corpus_names_classes_after_their_place(corpus_2021: Path) -> None:
    from generator.docs import load_model

    navigation = plan_navigation(load_model(corpus_2021), "graph_sdk")
    names = {node.class_name for node in navigation.classes}
    numbered = sorted(name for name in names if re.search(r"_\d+$", name))
    assert not numbered, numbered[:10]


PRIVATE = re.compile(r"(?<![\w.])_(?:b|t|rt|http|c)\.")


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    from generator.docs import load_model

    return render_package(load_model(ROOT / "docs-input"), Options("names_sdk")).files


def test_no_public_signature_or_docstring_shows_a_private_alias(rendered: dict[str, str]) -> None:
    checked = 0
    for path, text in rendered.items():
        if not path.endswith(".py") or "/_" in path:
            continue  # the runtime's own modules are private
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                annotations = [arg.annotation for arg in [*node.args.args, *node.args.kwonlyargs, node.args.kwarg] if arg]
                for annotation in [*annotations, node.returns]:
                    if annotation is not None:
                        assert not PRIVATE.search(ast.unparse(annotation)), (path, node.name, ast.unparse(annotation))
                        checked += 1
                docstring = ast.get_docstring(node) or ""
                assert not PRIVATE.search(docstring), (path, node.name)
            if isinstance(node, ast.AnnAssign):
                assert not PRIVATE.search(ast.unparse(node.annotation)), (path, ast.unparse(node.annotation))
                checked += 1
    assert checked > 100


def test_the_fingerprint_hashes_only_what_shapes_an_sdk() -> None:
    assert all((_PACKAGE_ROOT / name).exists() for name in _SHAPING), "a stale entry: it shapes nothing"
    assert all((_PACKAGE_ROOT / name).exists() for name in _NOT_SHAPING), "a stale exception: it is gone"
    names = {path.relative_to(_PACKAGE_ROOT).as_posix() for path in shaping_files()}
    assert {"model/api.py", "docs/resolve/operations.py", "metadata/csdl.py", "sdk/render/nodes.py", "sources.py"} <= names
    readers = ("openapi/", "model/diff.py", "lint/", "drift/", "sdktest/", "cli.py")
    assert not [name for name in names if name.startswith(readers)]
