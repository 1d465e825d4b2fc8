"""The navigation planner (sdk/render/navigation.py) on small hand-made models, without a build.

Each documented path becomes a walk from the client: attributes for words and casts, an
item for a key, a call for parameters in parentheses, a method for the last segment; a path
no reader takes is skipped with the reason.
"""

from __future__ import annotations

from generator.model import ApiModel, Operation, Property, TypeDef, TypeRef
from generator.sdk.render.methods import MethodKind, StepKind
from generator.sdk.render.navigation import plan_navigation
from generator.sdk.render.tree import Navigation, PathNode

NS = "microsoft.graph"


def model(*operations: tuple[str, str, str]) -> ApiModel:
    """Users and messages, and one operation per (name, HTTP method, path); an operation named
    ``list_...`` answers a collection."""
    entity = TypeDef("entity", NS, "entity", properties=[Property("id", TypeRef("Edm.String"))])
    user = TypeDef("user", NS, "entity", base=f"{NS}.entity")
    message = TypeDef("message", NS, "entity", base=f"{NS}.entity")
    types = {t.qualified: t for t in (entity, user, message)}
    ops = [Operation(name, name, f"api/{name}.md", 1, method, [path], response_collection=name.startswith("list_"))
           for name, method, path in operations]
    return ApiModel(types=types, operations=ops)


def node_at(navigation: Navigation, *walk: str) -> PathNode:
    """Follow attributes by segment ("users") and items ("{}")."""
    node = navigation.root
    for step in walk:
        if step == "{}":
            assert node.key is not None, f"no item under {node.segment!r}"
            node = node.key
        else:
            node = node.children[step.lower()]
    return node


def test_words_and_keys_are_attributes_and_items_and_the_verb_is_the_method() -> None:
    navigation = plan_navigation(model(
        ("list_messages", "GET", "/users/{id}/messages"),
        ("get_message", "GET", "/users/{user-id}/messages/{message-id}"),
        ("delete_message", "DELETE", "/users/{user-id}/messages/{message-id}"),
    ), "pkg")
    assert navigation.skipped == []
    messages = node_at(navigation, "users", "{}", "messages")
    assert messages.attribute == "messages" and set(messages.methods) == {"list", "count"}  # a listed collection counts
    item = node_at(navigation, "users", "{}", "messages", "{}")
    assert set(item.methods) == {"get", "delete"}
    assert sorted(node_at(navigation, "users").key_names) == ["id", "user-id"]  # every spelling the pages use
    (endpoint,) = [e for e in navigation.endpoints if e.operation.name == "get_message"]
    assert [s.kind for s in endpoint.steps] == [StepKind.ATTR, StepKind.KEY, StepKind.ATTR, StepKind.KEY]
    assert (endpoint.method, endpoint.node) == ("get", item)


def test_an_odata_segment_is_a_method_of_the_node_before_it() -> None:
    navigation = plan_navigation(model(
        ("get_content", "GET", "/users/{id}/messages/{id}/$value"),
        ("count_messages", "GET", "/users/{id}/messages/$count"),
    ), "pkg")
    assert navigation.skipped == []
    assert node_at(navigation, "users", "{}", "messages", "{}").methods["get_value"].kind is MethodKind.GET_VALUE
    assert node_at(navigation, "users", "{}", "messages").methods["count"].kind is MethodKind.COUNT


def test_a_key_in_parentheses_and_a_call_with_parameters() -> None:
    navigation = plan_navigation(model(
        ("get_user", "GET", "/users('{id}')"),
        ("get_format", "GET", "/drives/{id}/range(address='{address}')/format"),
        ("used_range", "GET", "/drives/{id}/usedRange(valuesOnly={valuesOnly})"),
    ), "pkg")
    assert navigation.skipped == []
    assert node_at(navigation, "users").key_format == "('{}')"
    # A call inside the path is a callable node; a call at its end is a function method.
    ranged = node_at(navigation, "drives", "{}", "range")
    assert [(p.json, p.python) for p in ranged.call_params] == [("address", "address")]
    assert "get" in node_at(navigation, "drives", "{}", "range", "format").methods
    function = node_at(navigation, "drives", "{}").methods["used_range"]
    assert function.kind is MethodKind.FUNCTION and [p.json for p in function.call_params] == ["valuesOnly"]


def test_an_action_leaf_is_a_method_not_a_node() -> None:
    navigation = plan_navigation(model(("send_mail", "POST", "/users/{id}/sendMail")), "pkg")
    item = node_at(navigation, "users", "{}")
    (method,) = item.methods.values()
    assert (method.name, method.kind, method.suffix) == ("send_mail", MethodKind.ACTION, "/sendMail")
    assert "sendmail" not in item.children


def test_a_path_no_reader_takes_is_skipped_with_the_reason() -> None:
    navigation = plan_navigation(model(
        ("odd", "GET", "/users/.../messages"),
        ("inner_value", "GET", "/users/$value/messages"),
        ("list_users", "GET", "/users"),
    ), "pkg")
    reasons = {operation.name: reason for operation, _, reason in navigation.skipped}
    assert set(reasons) == {"odd", "inner_value"}
    assert "$value is not the last segment" in reasons["inner_value"]
    assert "list" in node_at(navigation, "users").methods


def test_two_kinds_of_key_under_one_node_are_refused() -> None:
    navigation = plan_navigation(model(
        ("by_segment", "GET", "/users/{id}"),
        ("by_path", "GET", "/users/{path}:/messages"),
    ), "pkg")
    ((operation, _, reason),) = navigation.skipped
    assert "a second kind of key" in reason


def test_a_key_in_parentheses_and_a_key_segment_are_one_key() -> None:
    """OData addresses an entity as ``users('k')`` or ``users/k``: one key, written the first way read."""
    navigation = plan_navigation(model(
        ("by_segment", "GET", "/users/{id}"),
        ("by_parentheses", "GET", "/users({id})/messages"),
    ), "pkg")
    assert navigation.skipped == []
    assert {e.path for e in navigation.endpoints} == {"/users/{id}", "/users({id})/messages"}


def test_a_sample_key_in_a_documented_path_is_a_key() -> None:
    """A page that writes a GUID or a number where ``{id}`` belongs documents the item's path."""
    navigation = plan_navigation(model(
        ("by_placeholder", "GET", "/users/{id}"),
        ("by_sample", "GET", "/users/3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e/messages/11003"),
    ), "pkg")
    assert navigation.skipped == []
    endpoint = next(e for e in navigation.endpoints if e.operation.name == "by_sample")
    assert [step.kind.value for step in endpoint.steps] == ["attr", "key", "attr", "key"]
