"""Views of the path nodes (``PKG/paths/*.py``) for ``templates/paths/node.py.j2``.

One class per node of the navigation plan: its attributes (children), its item (key),
its call (parameters of a call segment), and its methods with their annotations, readers
and docstrings. Annotations in node modules spell builtins as ``_b.list`` and so on:
a method named ``list`` would otherwise shadow the builtin in the class body.
"""

from __future__ import annotations

import collections
import re
from typing import TYPE_CHECKING, Any

from ...model.kinds import ExampleKind, Location
from ...model import ApiModel, Operation, TypeRef
from ...model.paths import under_base
from .filters import Code, pystr
from .layout import ClassRef
from .navigation import REF_METHODS, Method, Node
from .properties import AnyKind, CollectionKind, Kind, ModelKind, kind_of

if TYPE_CHECKING:
    from . import _Renderer

_BUILTIN = re.compile(r"(?<![\w.])(list|str|int|float|bool|bytes|dict|object|type)\b")
STREAMS = frozenset({"Edm.Stream", "microsoft.graph.stream"})
_VERB_DOC = {
    "list": "A page of the collection.",
    "get": "Read the item.",
    "create": "Create an item in the collection.",
    "update": "Update the item: a model read from the service sends only the fields changed since.",
    "replace": "Replace the item.",
    "delete": "Delete the item.",
    "get_value": "The content (``$value``), as bytes.",
    "replace_value": "Upload the content (``$value``): the bytes are the request body.",
    "delete_value": "Delete the content (``$value``).",
    "count": "The number of items (``$count``).",
    "add_ref": "Add a reference (``$ref``) to an existing object, by id, URL or model.",
    "replace_ref": "Set the reference (``$ref``) to an existing object, by id, URL or model.",
    "update_ref": "Update the reference (``$ref``) to an existing object, by id, URL or model.",
    "remove_ref": "Remove the reference (``$ref``).",
}
# What a method answers when its page names no type: JSON as a JSON value, anything else as bytes.
UNTYPED_ANSWER = "_rt.JsonValue | _b.bytes | None"
# Methods that answer nothing, whatever a page says of the response.
_ANSWER_NOTHING = frozenset({"delete", "delete_value", "remove_ref", *REF_METHODS})
DEFAULT_CONTENT_TYPE = "application/octet-stream"
# A Content-Type header row whose description starts with a media type ("image/jpeg. Required.").
_MEDIA_TYPE = re.compile(r"\s*`?([A-Za-z0-9][\w.+-]*/[\w.+-]*[A-Za-z0-9])`?(?![\w/])")


def documented_content_type(operations: list[Operation]) -> str:
    """The media type an upload's page documents in its Content-Type header row, if one."""
    for operation in operations:
        for parameter in operation.parameters:
            if parameter.location is Location.HEADER and parameter.name.lower() == "content-type":
                match = _MEDIA_TYPE.match(parameter.description)
                if match and "json" not in match.group(1).lower():
                    return match.group(1)
    return DEFAULT_CONTENT_TYPE


def reference_collections(model: ApiModel) -> dict[str, list[str]]:
    """For each operation, the collections its request examples' ``{"@odata.id": URL}`` bodies
    address objects in: the URL below the API's version, without its last segment (the id)."""
    found: dict[str, list[str]] = {}
    for example in model.examples:
        value = example.value if example.kind is ExampleKind.REQUEST and example.parsed else None
        if not (isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@odata.id"), str)):
            continue
        path = under_base(value["@odata.id"])
        collection = path.rstrip("/").rpartition("/")[0] if path else ""
        if collection and example.operation:
            found.setdefault(example.operation, []).append(collection)
    return found


def builtins(annotation: str) -> str:
    return _BUILTIN.sub(r"_b.\1", annotation)


class NodeViews:
    def __init__(self, renderer: _Renderer) -> None:
        self.r = renderer
        self.model: ApiModel = renderer.model
        self.package = renderer.package
        self.references = reference_collections(renderer.model)
        self.api_references = collections.Counter(c for found in self.references.values() for c in found)

    def module_path(self, node: Node) -> str:
        return f"{self.package}.paths.{node.module}"

    def view(self, node: Node) -> dict[str, Any]:
        references: list[ClassRef | None] = []
        for method in node.methods.values():
            references += self._references(method)
        nodes = {node.class_name}
        for child in node.children.values():
            nodes.add(child.class_name)
        if node.key is not None:
            nodes.add(node.key.class_name)
        names, imports = self.r.local_names(None, references, taken=nodes)
        node_imports = sorted(
            {(self.module_path(other), other.class_name) for other in self._linked(node) if other.class_name != node.class_name}
        )
        methods = [self.method_view(node, method, names) for _, method in sorted(node.methods.items())]
        return {
            "name": node.class_name,
            "paths": node.displays[:3],
            "more_paths": max(0, len(node.displays) - 3),
            "imports": imports,
            "node_imports": node_imports,
            "children": [
                {
                    "attribute": child.attribute,
                    "segment": pystr("/" + child.segment),
                    "display": child.segment,
                    "cls": child.class_name,
                    "module": self.module_path(child),
                }
                for _, child in sorted(node.children.items(), key=lambda item: item[1].attribute)
            ],
            "key": self._key_view(node),
            "call": [
                {"python": p.python, "json": pystr(p.json), "template": pystr(p.template), "display": p.json}
                for p in node.call_params
            ],
            "methods": methods,
            "uses_b": bool(methods) or node.key is not None,
            "uses_rt": bool(methods) or bool(node.call_params),
        }

    def _linked(self, node: Node) -> list[Node]:
        linked = list(node.children.values())
        if node.key is not None:
            linked.append(node.key)
        return linked

    def _key_view(self, node: Node) -> dict[str, Any] | None:
        if node.key is None:
            return None
        return {
            "cls": node.key.class_name,
            "module": self.module_path(node.key),
            "format": pystr(node.key_format),
            "names": ", ".join(node.key_names),
        }

    def _references(self, method: Method) -> list[ClassRef | None]:
        """The classes the method's annotations name (and no others: unused imports are errors)."""
        refs: list[ClassRef | None] = []
        responses = [op.response_type for op in method.operations if op.response_type]
        if responses and method.kind not in ("get_value", "count", *_ANSWER_NOTHING):
            refs.append(kind_of(TypeRef(self.common_type(responses)), self.model, self.r.layout).referenced())
        requests = [op.request_type for op in method.operations if op.request_type]
        if requests and method.kind in ("create", "update", "replace", "action") and not method.sends_content:
            refs.append(kind_of(TypeRef(self.common_type(requests)), self.model, self.r.layout).referenced())
        for keyword in method.keywords:
            if keyword.parameter is not None:
                refs.append(kind_of(keyword.parameter.type, self.model, self.r.layout).referenced())
        return refs

    # -- one method --------------------------------------------------------------------------------
    def method_view(self, node: Node, method: Method, names: dict[ClassRef, str]) -> dict[str, Any]:
        operations = method.operations
        first = operations[0]
        returns_sync, returns_async, read = self.returns(method, operations, names)
        body = self.body(method, operations, names)
        params = self.params(method, names)
        content_type = documented_content_type(operations) if method.sends_content else ""
        call_params = [p for p in params if p["in_url"]]
        send_body = "None"
        if method.kind in REF_METHODS:
            send_body = f"self._ref_body(ref, {pystr(self.reference_collection(operations))})"
        elif method.sends_content:
            send_body = "_http.content_body(content), content_type"
        elif body is not None:
            send_body = f"_http.body_of(body{', changes_only=True' if method.kind == 'update' else ''})"
        elif params and not call_params:
            pairs = ", ".join(f"{pystr(p['json'])}: {p['python']}" for p in params)
            send_body = f"_http.body_of(_rt.without_unset({{{pairs}}}) or None)"
        suffix: str = pystr(method.suffix)
        if call_params:
            items = ", ".join(f"({pystr(p['json'])}, {pystr(p['template'])}, {p['python']})" for p in call_params)
            suffix = f"{pystr(method.suffix)} + _http.call_segment([{items}])"
        paths = [endpoint.path for endpoint in method.endpoints]
        return {
            "name": method.name,
            "http": method.http,
            "suffix": Code(suffix),
            "read": pystr(read),
            "returns_sync": Code(returns_sync),
            "returns_async": Code(returns_async),
            "body": Code(body) if body else None,
            "ref": method.kind in REF_METHODS,
            "content": method.sends_content,
            "content_type": pystr(content_type),
            "params": [{"python": p["python"], "annotation": Code(p["annotation"])} for p in params],
            "send_body": Code(send_body),
            "summary": self.summary(method, first),
            "request_line": f"{method.http} {paths[0]}",
            "args": self.args_doc(method, body, params, content_type),
            "returns_doc": returns_sync,
            "permissions": [f"{kind}: {value}" for kind, value in first.permissions],
            "sources": sorted({op.source for op in operations if op.source}),
        }

    def reference_collection(self, operations: list[Operation]) -> str:
        """Where an id given to a ``$ref`` method lives: what the method's examples show, else
        what the API's reference examples show most, else "" (the client takes URLs only)."""
        counts = collections.Counter(c for operation in operations for c in self.references.get(operation.name, ()))
        counts = counts or self.api_references
        return min(counts.items(), key=lambda item: (-item[1], item[0]))[0] if counts else ""

    def summary(self, method: Method, operation: Operation) -> str:
        text = (operation.description or operation.title or "").strip()
        verb = _VERB_DOC.get(method.kind, f"The ``{method.segment}`` {method.kind}.")
        if method.kind == "update":
            return f"{text}\n\n{verb}" if text else verb
        return text or verb

    def args_doc(
        self, method: Method, body: str | None, params: list[dict[str, Any]], content_type: str = ""
    ) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        if method.kind in REF_METHODS:
            rows.append(("ref", "the object to reference: its id, its URL, or the model."))
        if method.sends_content:
            rows.append(("content", "the content to upload, as bytes (``path.read_bytes()``)."))
            rows.append(("content_type", f"its media type (default ``{content_type}``)."))
        if body is not None:
            rows.append(("body", "the request body (a model, or JSON data as a mapping)."))
        for p in params:
            rows.append((p["python"], p["description"] or f"the ``{p['json']}`` parameter."))
        rows.append(("with_response", "return a ``Response`` (status code, headers, value) instead of the value."))
        rows.append(("**options", "OData query options (select, expand, filter, orderby, top, skip, search, count), query, headers, timeout, deadline."))
        return rows

    def returns(self, method: Method, operations: list[Operation], names: dict[ClassRef, str]) -> tuple[str, str, str]:
        """(sync annotation, async annotation, reader spec); a spec starting "?" reads an empty body as None."""
        if method.kind == "get_value":
            return "_b.bytes", "_b.bytes", "B"
        if method.kind == "count":
            return "_b.int", "_b.int", "I"
        if method.kind in _ANSWER_NOTHING or all(op.response_status == 204 for op in operations):
            return "None", "None", "N"
        typed = [op for op in operations if op.response_type]
        if not typed:  # the page names no type: whatever comes back, as JSON or as bytes
            return UNTYPED_ANSWER, UNTYPED_ANSWER, "A"
        first = typed[0]
        optional = method.http in ("PATCH", "PUT") or any(op.response_status == 204 for op in typed) or len(typed) < len(operations)
        if first.response_type in STREAMS:
            return "_b.bytes", "_b.bytes", "B"
        common = self.common_type([op.response_type or "" for op in typed])
        kind = kind_of(TypeRef(common, False), self.model, self.r.layout)
        tail, empty = (" | None", "?") if optional else ("", "")
        if isinstance(kind, ModelKind):
            annotation = kind.annotation(names)
            if first.response_collection:
                return (f"_rt.Page[{annotation}]{tail}", f"_rt.AsyncPage[{annotation}]{tail}", empty + "P:M:" + kind.target.reference)
            return annotation + tail, annotation + tail, empty + "M:" + kind.target.reference
        if isinstance(kind, AnyKind):
            return "_t.Any", "_t.Any", "?V:any"
        if first.response_collection:
            collection = CollectionKind(kind)
            text = builtins(collection.annotation(names)) + tail
            return text, text, empty + "V:" + collection.codec()
        text = builtins(kind.annotation(names)) + tail
        return text, text, empty + "V:" + kind.codec()

    def common_type(self, qualified: list[str]) -> str:
        """The nearest type every one of them is (several pages document one path for subtypes;
        GEN212 and GEN213 report them), else any JSON value."""
        return self.model.common_base(qualified) or "Edm.Untyped"

    def body(self, method: Method, operations: list[Operation], names: dict[ClassRef, str]) -> str | None:
        if method.kind not in ("create", "update", "replace", "action") or method.sends_content:
            return None
        typed = [op.request_type for op in operations if op.request_type]
        if typed:
            kind = kind_of(TypeRef(self.common_type(typed)), self.model, self.r.layout)
            if isinstance(kind, ModelKind):
                return kind.annotation(names) + " | _t.Mapping[_b.str, _t.Any]"
            return "_t.Mapping[_b.str, _t.Any]"
        if not method.takes_body and method.kind == "action" and (method.keywords or operations[0].body_parameters):
            return None
        if method.kind in ("create", "update", "replace") or any(op.name in self.r.bodies_shown for op in operations):
            return "_t.Mapping[_b.str, _t.Any]"
        return None

    def params(self, method: Method, names: dict[ClassRef, str]) -> list[dict[str, Any]]:
        views: list[dict[str, Any]] = []
        for keyword in method.keywords:
            parameter = keyword.parameter
            annotation = self._annotation(parameter.type, names) if parameter else "_b.str | _rt.Unset"
            views.append({
                "json": keyword.json, "python": keyword.python, "template": keyword.template,
                "in_url": keyword.in_url, "annotation": annotation,
                "description": parameter.description if parameter else "",
            })
        return views

    def _annotation(self, type_ref: TypeRef, names: dict[ClassRef, str]) -> str:
        kind: Kind = kind_of(type_ref, self.model, self.r.layout)
        return builtins(f"{kind.annotation(names)} | None | _rt.Unset")

