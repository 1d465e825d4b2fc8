"""Views of the path nodes (``PKG/paths/*.py``) for ``templates/paths/node.py.j2``.

One module per distinct node, with two classes: the node of a ``Client`` (its methods return
values) and of an ``AsyncClient`` (awaited); each method has one signature in each. A view
holds the node's attributes (children), its item (key), its call (parameters of a call
segment), and its methods with their annotations, readers and docstrings. Annotations use
public names only (``str``, ``Any``, ``Unset``, ``List``, the models): a method named
``list`` would shadow the builtin in the class body, so collections are ``List[...]``.
"""

from __future__ import annotations

import collections
import re
from typing import Any

import attrs

from ...model import ApiModel, Operation, TypeRef
from ...model.kinds import ExampleKind, Location
from ...model.paths import under_base
from .filters import Code, pystr
from .imports import Import, local_names
from .layout import ClassRef, Layout
from .methods import MethodKind
from .properties import AnyKind, CollectionKind, Kind, ModelKind, kind_of, names_used
from .tree import Method, PathNode
from ...model.counting import most_common

STREAMS = frozenset({"Edm.Stream"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # answers whose content waits at their Location
# What a method answers when its page names no type: JSON as a JSON value, anything else as bytes.
UNTYPED_ANSWER = "JsonValue | bytes | None"
DEFAULT_CONTENT_TYPE = "application/octet-stream"
# A Content-Type header row whose description starts with a media type ("image/jpeg. Required.").
_MEDIA_TYPE = re.compile(r"\s*`?([A-Za-z0-9][\w.+-]*/[\w.+-]*[A-Za-z0-9])`?(?![\w/])")
_ANY_MAPPING = "Mapping[str, Any]"


@attrs.frozen
class NodeContext:
    """What node views read: the model, where each class lives, and what the examples show."""

    model: ApiModel
    layout: Layout
    package: str
    bodies_shown: frozenset[str]  # operations whose request examples carry a JSON body


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


@attrs.frozen
class _Answer:
    """What a method returns: its annotations (sync, async) and the readers of ``_codecs``."""

    sync: str
    asynchronous: str
    read: str
    read_async: str = ""  # when it differs (a page: awaited for the next one)

    @property
    def reader_async(self) -> str:
        return self.read_async or self.read


class NodeViews:
    def __init__(self, context: NodeContext) -> None:
        self.context = context
        self.model = context.model
        self.references = reference_collections(context.model)
        self.api_references = collections.Counter(c for found in self.references.values() for c in found)

    def module_path(self, node: PathNode) -> str:
        return f"{self.context.package}.paths.{node.module}"

    def kind_of(self, type_ref: TypeRef) -> Kind:
        return kind_of(type_ref, self.model, self.context.layout)

    def view(self, node: PathNode) -> dict[str, Any]:
        linked = [*node.children.values(), *([node.key] if node.key is not None else [])]
        names, imports = self._local_names(node, linked)
        methods = [self.method_view(node, method, names) for _, method in sorted(node.methods.items())]
        return {
            "name": node.class_name,
            "async_name": node.async_name,
            "paths": node.displays[:3],
            "more_paths": max(0, len(node.displays) - 3),
            "imports": imports,
            "node_imports": sorted({(self.module_path(other), other.class_name, other.async_name) for other in linked
                                    if other.class_name != node.class_name}),
            "children": [self._child_view(child) for child in sorted(node.children.values(), key=lambda c: c.attribute)],
            "key": self._key_view(node),
            "call": [
                {"python": p.python, "json": pystr(p.json), "template": pystr(p.template), "display": p.json}
                for p in node.call_params
            ],
            "methods": methods,
            **self._names_used(node, methods, bool(imports or linked)),
            "streams": any(m["stream"] for m in methods),
            "uses_codecs": bool(methods),
            "uses_http": bool(node.call_params) or any("_http." in m["send_body"] + m["suffix"] for m in methods),
        }

    def _local_names(self, node: PathNode, linked: list[PathNode]) -> tuple[dict[ClassRef, str], list[Import]]:
        """The module's names for the models its methods name, clear of its own classes' names."""
        references: list[ClassRef | None] = []
        for method in node.methods.values():
            references += self._references(method)
        taken = {node.class_name, node.async_name, *(n.class_name for n in linked), *(n.async_name for n in linked)}
        return local_names(self.context.package, None, references, taken=taken)

    @staticmethod
    def _names_used(node: PathNode, methods: list[dict[str, Any]], type_checking: bool) -> dict[str, list[str]]:
        """The runtime and typing names the module's annotations use (unused imports are errors)."""
        annotations = [text for m in methods for text in (m["returns_sync"], m["returns_async"], m["body"] or "",
                                                            *(p["annotation"] for p in m["params"]))]
        runtime_names, typing_names = names_used(annotations)
        uses_unset = any(m["params"] for m in methods) or bool(node.call_params)
        return {
            "runtime_names": sorted({*runtime_names, *(["UNSET"] if uses_unset else []),
                                     *(["Model"] if any(m["ref"] for m in methods) else [])}),
            "typing_names": sorted({*typing_names, *(["Unpack"] if methods else []),
                                    *(["Any"] if node.call_params else []),
                                    *(["TYPE_CHECKING"] if type_checking else [])}),
        }

    def _child_view(self, child: PathNode) -> dict[str, Any]:
        return {
            "attribute": child.attribute,
            "segment": pystr("/" + child.segment),
            "display": child.segment,
            "cls": child.class_name,
            "async_cls": child.async_name,
            "module": self.module_path(child),
        }

    def _key_view(self, node: PathNode) -> dict[str, Any] | None:
        if node.key is None:
            return None
        return {
            "cls": node.key.class_name,
            "async_cls": node.key.async_name,
            "module": self.module_path(node.key),
            "format": pystr(node.key_format),
            "names": ", ".join(node.key_names),
        }

    def _references(self, method: Method) -> list[ClassRef | None]:
        """The classes the method's annotations name (and no others: unused imports are errors)."""
        refs: list[ClassRef | None] = []
        responses = [op.response_type for op in method.operations if op.response_type]
        if responses and not method.kind.answers_nothing and method.kind not in (MethodKind.GET_VALUE, MethodKind.COUNT):
            refs.append(self.kind_of(TypeRef(self.common_type(responses))).referenced())
        requests = [op.request_type for op in method.operations if op.request_type]
        if requests and (method.kind.writes or method.kind is MethodKind.ACTION) and not method.sends_content:
            refs.append(self.kind_of(TypeRef(self.common_type(requests))).referenced())
        for keyword in method.keywords:
            if keyword.parameter is not None:
                refs.append(self.kind_of(keyword.parameter.type).referenced())
        return refs

    # -- one method --------------------------------------------------------------------------------
    def method_view(self, node: PathNode, method: Method, names: dict[ClassRef, str]) -> dict[str, Any]:
        operations = method.operations
        answer = self.returns(method, operations, names)
        body = self.body(method, operations, names)
        params = self.params(method, names)
        content_type = documented_content_type(operations) if method.sends_content else ""
        primary = self.primary(operations, answer)
        paths = [endpoint.path for endpoint in method.endpoints] or [node.displays[0] + method.suffix]
        summary = self.summary(method, primary)
        return {
            "name": method.name,
            "http": method.http,
            "suffix": Code(self.suffix(method, params)),
            "read": Code(answer.read),
            "read_async": Code(answer.reader_async),
            "returns_sync": Code(answer.sync),
            "returns_async": Code(answer.asynchronous),
            "body": Code(body) if body else None,
            "ref": method.kind.sends_ref,
            "content": method.sends_content,
            "content_type": pystr(content_type),
            "params": [{"python": p["python"], "annotation": Code(p["annotation"])} for p in params],
            "send_body": Code(self.send_body(method, operations, body, params)),
            "summary": summary,
            "first_line": summary.split("\n", 1)[0].rstrip("."),
            "request_line": f"{method.http} {paths[0]}",
            "args": self.args_doc(method, body, params, content_type),
            "returns_doc": answer.sync,
            "permissions": [f"{kind}: {value}" for kind, value in primary.permissions] if primary else [],
            "permissions_page": primary.source if primary else "",
            "sources": sorted({op.source for op in operations if op.source}),
            "stream": method.kind.stream or ("stream" if answer.read == "_c.BYTES" and method.kind is MethodKind.GET else ""),
        }

    def suffix(self, method: Method, params: list[dict[str, Any]]) -> str:
        call_params = [p for p in params if p["in_url"]]
        if not call_params:
            return pystr(method.suffix)
        items = ", ".join(f"({pystr(p['json'])}, {pystr(p['template'])}, {p['python']})" for p in call_params)
        return f"{pystr(method.suffix)} + _http.call_segment([{items}])"

    def send_body(self, method: Method, operations: list[Operation], body: str | None, params: list[dict[str, Any]]) -> str:
        if method.kind.sends_ref:
            return f"self._ref_body(ref, {pystr(self.reference_collection(operations))})"
        if method.sends_content:
            return "_http.content_body(content), content_type"
        if body is not None:
            return f"_http.body_of(body{', changes_only=True' if method.kind is MethodKind.UPDATE else ''})"
        if params and not any(p["in_url"] for p in params):
            pairs = ", ".join(f"{pystr(p['json'])}: {p['python']}" for p in params)
            return f"_http.body_of(_http.without_unset({{{pairs}}}) or None)"
        return "None"

    def primary(self, operations: list[Operation], answer: _Answer) -> Operation | None:
        """The operation whose page the docstring quotes: the one that answers the method's type."""
        if not operations:
            return None
        return next((op for op in operations if op.response_type and op.response_type.rpartition(".")[2] in answer.sync),
                    operations[0])

    def reference_collection(self, operations: list[Operation]) -> str:
        """Where an id given to a ``$ref`` method lives: what the method's examples show, else
        what the API's reference examples show most, else "" (the client takes URLs only)."""
        counts = collections.Counter(c for operation in operations for c in self.references.get(operation.name, ()))
        counts = counts or self.api_references
        return most_common(counts) if counts else ""

    def summary(self, method: Method, operation: Operation | None) -> str:
        text = ((operation.description or operation.title) if operation else "").strip()
        verb = method.kind.doc or f"The ``{method.segment}`` {method.kind}."
        if method.kind is MethodKind.UPDATE:
            return f"{text}\n\n{verb}" if text else verb
        return text or verb

    def args_doc(
        self, method: Method, body: str | None, params: list[dict[str, Any]], content_type: str = ""
    ) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        if method.kind.sends_ref:
            rows.append(("ref", "the object to reference: its id, its URL, or the model."))
        if method.sends_content:
            rows.append(("content", "the content to upload, as bytes (``path.read_bytes()``)."))
            rows.append(("content_type", f"its media type (default ``{content_type}``)."))
        if body is not None:
            rows.append(("body", "the request body (a model, or JSON data as a mapping)."))
        for p in params:
            rows.append((p["python"], p["description"] or f"the ``{p['json']}`` parameter."))
        rows.append(("**options", "OData query options (select, expand, filter, orderby, top, skip, search, count), query, "
                     "headers, timeout, deadline. ``with_response(method)(...)`` answers the ``Response``."))
        return rows

    def returns(self, method: Method, operations: list[Operation], names: dict[ClassRef, str]) -> _Answer:
        """The annotations and the reader; an optional answer reads an empty body as None."""
        fixed = _FIXED_ANSWERS.get(method.kind)
        if fixed is not None:
            return fixed
        typed = [op for op in operations if op.response_type]
        if method.kind.answers_nothing or (operations and not typed and all(op.response_status == 204 for op in operations)):
            return _Answer("None", "None", "_c.NOTHING")
        if not typed:  # the page names no type: whatever comes back, as JSON or as bytes
            return _Answer(UNTYPED_ANSWER, UNTYPED_ANSWER, "_c.ANSWER")
        if typed[0].response_type in STREAMS or all(op.response_status in REDIRECTS for op in operations):
            return _Answer("bytes", "bytes", "_c.BYTES")  # a redirect leads to the content (a report's CSV)
        # 204 No Content, or 202 Accepted (the work is still to be done): the body may be empty; a
        # page that documents 204 and a type answers the type on request (``Prefer: return=representation``).
        empty = any(op.response_status in (202, 204) for op in typed)
        optional = method.http in ("PATCH", "PUT") or empty or len(typed) < len(operations)
        kind = self.kind_of(TypeRef(self.common_type([op.response_type or "" for op in typed])))
        return _typed_answer(kind, names, typed[0].response_collection, optional)

    def common_type(self, qualified: list[str]) -> str:
        """The nearest type every one of them is (several pages document one path for subtypes;
        GEN212 and GEN213 report them), else any JSON value."""
        return self.model.common_base(qualified) or "Edm.Untyped"

    def body(self, method: Method, operations: list[Operation], names: dict[ClassRef, str]) -> str | None:
        if not (method.kind.writes or method.kind is MethodKind.ACTION) or method.sends_content:
            return None
        typed = [op.request_type for op in operations if op.request_type]
        if typed:
            kind = self.kind_of(TypeRef(self.common_type(typed)))
            return f"{kind.annotation(names)} | {_ANY_MAPPING}" if isinstance(kind, ModelKind) else _ANY_MAPPING
        if not method.takes_body and method.kind is MethodKind.ACTION and (method.keywords or operations[0].body_parameters):
            return None
        if method.kind.writes or any(op.name in self.context.bodies_shown for op in operations):
            return _ANY_MAPPING
        return None

    def params(self, method: Method, names: dict[ClassRef, str]) -> list[dict[str, Any]]:
        views: list[dict[str, Any]] = []
        for keyword in method.keywords:
            parameter = keyword.parameter
            annotation = self._annotation(parameter.type, names) if parameter else "str | Unset"
            views.append({
                "json": keyword.json, "python": keyword.python, "template": keyword.template,
                "in_url": keyword.in_url, "annotation": annotation,
                "description": parameter.description if parameter else "",
            })
        return views

    def _annotation(self, type_ref: TypeRef, names: dict[ClassRef, str]) -> str:
        return f"{self.kind_of(type_ref).annotation(names, 'List')} | None | Unset"


_FIXED_ANSWERS = {
    MethodKind.GET_VALUE: _Answer("bytes", "bytes", "_c.BYTES"),
    MethodKind.COUNT: _Answer("int", "int", "_c.COUNT"),
}


def _typed_answer(kind: Kind, names: dict[ClassRef, str], collection: bool, optional: bool) -> _Answer:
    tail = " | None" if optional else ""

    def read(reader: str) -> str:
        return f"{reader}.or_none()" if optional else reader

    if isinstance(kind, ModelKind):
        annotation = kind.annotation(names)
        if collection:
            codec = kind.codec(names)
            return _Answer(f"Page[{annotation}]{tail}", f"AsyncPage[{annotation}]{tail}", read(f"_c.page({codec})"),
                           read(f"_c.async_page({codec})"))
        return _Answer(annotation + tail, annotation + tail, read(f"_c.model({kind.codec(names)})"))
    if isinstance(kind, AnyKind):
        return _Answer("Any", "Any", "_c.value(_c.ANY).or_none()")
    element = CollectionKind(kind) if collection else kind
    text = element.annotation(names, "List") + tail
    return _Answer(text, text, read(f"_c.value({element.codec(names)})"))
