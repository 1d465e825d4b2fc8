"""The kinds of a path node's methods, one record each: what a method is, and what it does.

A documented (HTTP method, last segment) becomes one kind: a verb of the node (``list``,
``get``, ``create``, ``update``, ``replace``, ``delete``), a method of an OData segment
(``$value``, ``$count``, ``$ref``), or an action or function by its own name. Each record
carries what navigation, render and replay ask of it (its docstring's verb line, whether it
answers nothing, sends a reference, takes a body, has a streaming twin), so that a new
kind is one member and every stage's ``if`` is a lookup.
"""

from __future__ import annotations

import enum

from ...model.kinds import Word


class MethodKind(Word):
    LIST = "list"
    GET = "get"
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    GET_VALUE = "get_value"
    REPLACE_VALUE = "replace_value"
    DELETE_VALUE = "delete_value"
    COUNT = "count"
    ADD_REF = "add_ref"
    REPLACE_REF = "replace_ref"
    UPDATE_REF = "update_ref"
    REMOVE_REF = "remove_ref"
    ACTION = "action"
    FUNCTION = "function"

    @property
    def doc(self) -> str:
        """The docstring line a method says of itself when its page gives no description."""
        return _DOC.get(self, "")

    @property
    def is_verb(self) -> bool:
        """Named after the HTTP method, not after a segment (``list``, ``get``, ``create``...)."""
        return self in _VERBS

    @property
    def is_call(self) -> bool:
        """An action or function, named after its segment."""
        return self in (MethodKind.ACTION, MethodKind.FUNCTION)

    @property
    def answers_nothing(self) -> bool:
        """Whatever a page says of the response, the answer has no body."""
        return self in _ANSWER_NOTHING

    @property
    def sends_ref(self) -> bool:
        """Its body is ``{"@odata.id": ...}``: a reference to an existing object."""
        return self in (MethodKind.ADD_REF, MethodKind.REPLACE_REF, MethodKind.UPDATE_REF)

    @property
    def writes(self) -> bool:
        """Creates, updates or replaces: its body is the resource (a model or a mapping)."""
        return self in (MethodKind.CREATE, MethodKind.UPDATE, MethodKind.REPLACE)

    @property
    def stream(self) -> str:
        """The name of its streaming twin (``stream_value`` beside ``get_value``), or ""."""
        return "stream_value" if self is MethodKind.GET_VALUE else ""

    @classmethod
    def of_verb(cls, http: str, collection: bool) -> MethodKind | None:
        """The verb of a request on a node: a GET is ``list`` when it answers a collection."""
        if http == "GET":
            return cls.LIST if collection else cls.GET
        return _VERB_OF.get(http)

    @classmethod
    def of_special(cls, segment: str, http: str) -> MethodKind | None:
        """The method of an OData segment by HTTP method (a PUT of ``$value`` uploads the content)."""
        return _SPECIAL_OF.get((segment, http))


class StepKind(enum.Enum):
    """One step from the client to a node."""

    ATTR = "attr"  # an attribute (a path segment)
    KEY = "key"  # indexing (a key segment)
    CALL = "call"  # a call with the segment's parameters


_VERBS = frozenset({MethodKind.LIST, MethodKind.GET, MethodKind.CREATE, MethodKind.UPDATE, MethodKind.REPLACE, MethodKind.DELETE})
_VERB_OF = {"POST": MethodKind.CREATE, "PATCH": MethodKind.UPDATE, "PUT": MethodKind.REPLACE, "DELETE": MethodKind.DELETE}
SPECIAL_SEGMENTS = ("$value", "$count", "$ref")
_SPECIAL_OF = {
    ("$value", "GET"): MethodKind.GET_VALUE, ("$value", "PUT"): MethodKind.REPLACE_VALUE,
    ("$value", "DELETE"): MethodKind.DELETE_VALUE, ("$count", "GET"): MethodKind.COUNT,
    ("$ref", "POST"): MethodKind.ADD_REF, ("$ref", "PUT"): MethodKind.REPLACE_REF,
    ("$ref", "PATCH"): MethodKind.UPDATE_REF, ("$ref", "DELETE"): MethodKind.REMOVE_REF,
}  # fmt: skip
_ANSWER_NOTHING = frozenset({
    MethodKind.DELETE, MethodKind.DELETE_VALUE, MethodKind.REMOVE_REF, MethodKind.ADD_REF, MethodKind.REPLACE_REF,
    MethodKind.UPDATE_REF,
})  # fmt: skip
_DOC = {
    MethodKind.LIST: "A page of the collection.",
    MethodKind.GET: "Read the item.",
    MethodKind.CREATE: "Create an item in the collection.",
    MethodKind.UPDATE: "Update the item: a model read from the service sends only the fields changed since.",
    MethodKind.REPLACE: "Replace the item.",
    MethodKind.DELETE: "Delete the item.",
    MethodKind.GET_VALUE: "The content (``$value``), as bytes.",
    MethodKind.REPLACE_VALUE: "Upload the content (``$value``): the bytes are the request body.",
    MethodKind.DELETE_VALUE: "Delete the content (``$value``).",
    MethodKind.COUNT: "The number of items (``$count``).",
    MethodKind.ADD_REF: "Add a reference (``$ref``) to an existing object, by id, URL or model.",
    MethodKind.REPLACE_REF: "Set the reference (``$ref``) to an existing object, by id, URL or model.",
    MethodKind.UPDATE_REF: "Update the reference (``$ref``) to an existing object, by id, URL or model.",
    MethodKind.REMOVE_REF: "Remove the reference (``$ref``).",
}
# Every method name a node class uses itself (a segment of the same name gets a "_").
METHOD_NAMES = frozenset(kind.value for kind in MethodKind if not kind.is_call) | {"stream_value", "stream"}
