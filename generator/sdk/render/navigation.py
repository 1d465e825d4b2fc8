"""Navigation: the documented paths as a tree of path nodes, each a class of the client.

Every documented path is read segment by segment (``/users/{id}/messages/{id}/$value``):

* a word (``users``) or a type cast (``microsoft.graph.group``) is a child node, reached
  by an attribute named after the segment in snake_case (a cast by its type's name);
* a key (``{id}``, ``{item-path}:`` after ``root:``, ``borders({sideIndex})``) is the
  item of its node, reached by indexing;
* a call with parameters (``range(address='{address}')``) makes its node callable with
  those parameters as keyword arguments;
* at the end of a path, a segment that is no property name (``sendMail``, ``delta``), a
  call, or a POST with documented parameters is an action or function: a method of the
  node before it, named after the segment; ``$value``, ``$count`` and ``$ref`` are methods
  of the node before them, by the HTTP method (``SPECIAL_OF``: ``get_value``,
  ``replace_value``, ``count``, ``add_ref``, ``replace_ref``, ``remove_ref``...);
* everything else is a method of its node named by its HTTP method: ``list`` (a GET that
  answers a collection), ``get``, ``create`` (POST), ``update`` (PATCH), ``replace``
  (PUT), ``delete``.

Nothing here comes from a page title. A path with a segment none of these rules reads
(``...``, ``~``) is left out and listed in ``Navigation.skipped`` with the reason. Nodes
with the same content (the same methods of the same operations and the same children) share
one class, so ``/me/messages`` and ``/users/{id}/messages`` are one class.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from typing import Iterator

import attrs

from ...model import naming
from ...model import ApiModel, Operation, Parameter

VERBS = ("list", "get", "create", "update", "replace", "delete")
# The methods of the OData segments, by (segment, HTTP method): a PUT of ``$value`` uploads
# the content (a photo), a PUT of ``$ref`` sets a single-valued reference (a manager).
SPECIAL_OF = {
    ("$value", "GET"): "get_value", ("$value", "PUT"): "replace_value", ("$value", "DELETE"): "delete_value",
    ("$count", "GET"): "count",
    ("$ref", "POST"): "add_ref", ("$ref", "PUT"): "replace_ref", ("$ref", "PATCH"): "update_ref",
    ("$ref", "DELETE"): "remove_ref",
}
SPECIAL_METHODS = tuple(dict.fromkeys(SPECIAL_OF.values()))
REF_METHODS = frozenset({"add_ref", "replace_ref", "update_ref"})  # they send {"@odata.id": ...}
_VERB_OF = {"POST": "create", "PATCH": "update", "PUT": "replace", "DELETE": "delete"}
# Names a node class uses itself, and the keyword arguments every method takes.
RESERVED = frozenset({"with_response", "select", "expand", "filter", "orderby", "top", "skip", "search",
                      "count", "query", "headers", "timeout", "deadline", "self", "body", "key", "ref"})

_KEY = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUALIFIED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\((.*)\)")
_CALL_ITEM = re.compile(r"\s*([A-Za-z_][\w.]*)\s*=\s*('(?:[^']|'')*'|[^,]+?)\s*(?:,|$)")


@attrs.define(eq=False)
class CallParam:
    """A parameter written into a call segment: ``name=template`` (``{}`` is the value)."""

    json: str
    python: str
    template: str  # "'{}'" (quoted), "{}" (bare), "microsoft.graph.x'{}'", or "" (a literal: written as an OData literal)


@attrs.define(eq=False)
class Step:
    """One step from the client to a node: an attribute, an index or a call."""

    kind: str  # "attr" | "key" | "call"
    node: Node | None = None  # the node an attribute leads to (attr)
    placeholder: int = -1  # which placeholder of the path holds the key (key)
    arguments: tuple[tuple[str, int | str], ...] = ()  # (python name, placeholder index or literal text) (call)

    @property
    def name(self) -> str:
        return self.node.attribute if self.node is not None else ""


@attrs.define(eq=False)
class Endpoint:
    """One documented (operation, path): the node it is a method of, and how to reach it."""

    operation: Operation
    path: str
    steps: list[Step]
    arguments: tuple[tuple[str, int | str], ...] = ()  # a function's call parameters (method keywords)
    method: str = ""  # the Python method, once planned
    node: Node | None = None


@attrs.define(eq=False)
class Keyword:
    """A keyword argument of an action or function: a body field, or a value in the URL."""

    python: str
    json: str
    in_url: bool
    template: str = ""  # how a call segment writes it (see ``CallParam``)
    parameter: Parameter | None = None  # as documented, when the page documents it


@attrs.define(eq=False)
class Method:
    """A method of a node: every operation documented for it (one verb or one action)."""

    name: str
    kind: str  # a verb, "action", "function", or one of SPECIAL_METHODS
    http: str
    suffix: str = ""  # URL text after the node's path: "/sendMail", "/$value"
    segment: str = ""  # the action's or function's name as documented
    call_params: list[CallParam] = attrs.Factory(list)
    endpoints: list[Endpoint] = attrs.Factory(list)
    keywords: list[Keyword] = attrs.Factory(list)
    sends_content: bool = False  # the body is the content itself (bytes), not JSON

    @property
    def takes_body(self) -> bool:
        """A positional ``body``: creates, updates, replaces, and actions with a typed body."""
        if self.kind in ("create", "update", "replace"):
            return True
        return self.kind == "action" and any(op.request_type for op in self.operations)

    @property
    def operations(self) -> list[Operation]:
        seen: dict[str, Operation] = {}
        for endpoint in self.endpoints:
            seen.setdefault(endpoint.operation.name, endpoint.operation)
        return list(seen.values())


@attrs.define(eq=False)
class Node:
    segment: str  # as documented ("users", "microsoft.graph.group"); "" for the root
    attribute: str = ""
    children: dict[str, Node] = attrs.Factory(dict)  # by the segment in lower case
    key: Node | None = None
    key_format: str = "/{}"  # how the key is written after the node's path
    key_names: list[str] = attrs.Factory(list)
    call_params: list[CallParam] = attrs.Factory(list)
    endpoints: list[tuple[str, Endpoint, str]] = attrs.Factory(list)  # (HTTP method, endpoint, special segment)
    methods: dict[str, Method] = attrs.Factory(dict)
    paths: list[str] = attrs.Factory(list)  # display paths that reach the node
    is_call_leaf: bool = False
    # Filled by naming:
    displays: list[str] = attrs.Factory(list)  # where the class is reached (the first node's list)
    class_name: str = ""
    module: str = ""
    signature: str = ""

    def below(self) -> list[Node]:
        """The nodes one step down: children in order, then the item node."""
        return [*self.children.values(), *([self.key] if self.key is not None else [])]

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, parents first (iteratively: paths may be deep)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.below()))

    def walk_up(self) -> list[Node]:
        """Every node below this one and then itself, children before their parent."""
        order: list[Node] = []
        stack: list[tuple[Node, bool]] = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.below()))
        return order


@attrs.define
class Navigation:
    root: Node
    classes: list[Node] = attrs.Factory(list)  # one node per class, in module order
    endpoints: list[Endpoint] = attrs.Factory(list)
    skipped: list[tuple[Operation, str, str]] = attrs.Factory(list)  # (operation, path, reason)


def nav_name(segment: str) -> str:
    """The attribute (or action method) for a path segment: its snake_case, a cast by its last part."""
    word = segment.rpartition(".")[2] if "." in segment else segment
    name = naming.snake(word) or "segment"
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED or name in VERBS or name in SPECIAL_METHODS:
        name += "_"
    return name


def plan_navigation(model: ApiModel, package: str) -> Navigation:
    root = Node(segment="")
    navigation = Navigation(root=root)
    properties = {prop.name.lower() for typedef in model.types.values() for prop in typedef.properties}
    type_names = {typedef.name.lower() for typedef in model.types.values()}
    for operation in sorted(model.operations, key=lambda op: op.name):
        for path in operation.paths:
            problem = _add(root, operation, path)
            if problem:
                navigation.skipped.append((operation, path, problem))
    _place_methods(root, properties, type_names, navigation)
    _mark_content_uploads(root, _stream_properties(model))
    _prune(root)
    for node in root.walk():
        for method in node.methods.values():
            _plan_keywords(method)
    _name_classes(root, navigation, package)
    for node in root.walk():
        for method in node.methods.values():
            for endpoint in method.endpoints:
                endpoint.method = method.name
                endpoint.node = node
                navigation.endpoints.append(endpoint)
    return navigation


# -- reading paths ---------------------------------------------------------------------------
def _segments(path: str) -> list[str]:
    return [part for part in path.strip().split("/") if part]


def _add(root: Node, operation: Operation, path: str) -> str | None:
    """Put one documented path into the tree; a reason when it cannot be navigated."""
    parts = _segments(path)
    node = root
    steps: list[Step] = []
    placeholders = 0
    index = 0
    http = (operation.method or "GET").upper()
    special = ""
    while index < len(parts):
        part = parts[index]
        last = index == len(parts) - 1
        if part in ("$value", "$count", "$ref"):
            if not last:
                return f"{part} is not the last segment"
            special = part
            break
        if part.startswith("$"):
            return f"segment {part!r} is not a documented OData segment"
        colon_key = index + 1 < len(parts) and part.endswith(":") and _is_key(parts[index + 1].rstrip(":"))
        if colon_key and parts[index + 1].endswith(":") and _WORD.fullmatch(part[:-1]):
            node = _child(node, part[:-1])
            steps.append(Step("attr", node))
            problem = _key(node, ":/{}:", parts[index + 1][:-1])
            if problem:
                return problem
            node = node.key  # type: ignore[assignment]
            steps.append(Step("key", placeholder=placeholders))
            placeholders += 1
            index += 2
            continue
        if _is_key(part) or (part.endswith(":") and _is_key(part[:-1])):
            fmt = "/{}:" if part.endswith(":") else "/{}"
            problem = _key(node, fmt, part.rstrip(":"))
            if problem:
                return problem
            node = node.key  # type: ignore[assignment]
            steps.append(Step("key", placeholder=placeholders))
            placeholders += 1
        elif _WORD.fullmatch(part) or _QUALIFIED.fullmatch(part):
            node = _child(node, part)
            steps.append(Step("attr", node))
        elif (call := _CALL.fullmatch(part)) is not None:
            name, inner = call.group(1), call.group(2).strip()
            if not (_WORD.fullmatch(name) or _QUALIFIED.fullmatch(name)):
                return f"segment {part!r} is not a name"
            node = _child(node, name)
            steps.append(Step("attr", node))
            if not inner:
                pass  # ``delta()``: the plain segment
            elif _is_key(inner) or (inner.startswith("'") and inner.endswith("'") and _is_key(inner[1:-1])):
                problem = _key(node, "('{}')", inner.strip("'"))
                if problem:
                    return problem
                node = node.key  # type: ignore[assignment]
                steps.append(Step("key", placeholder=placeholders))
                placeholders += 1
            else:
                items = _call_items(inner)
                if items is None:
                    return f"the parameters of {part!r} are not name=value pairs"
                arguments: list[tuple[str, int | str]] = []
                for json_name, value in items:
                    param = _call_param(node, json_name, value)
                    count = len(_KEY.findall(value))
                    arguments.append((param.python, placeholders) if param.template else (param.python, value))
                    placeholders += count
                steps.append(Step("call", arguments=tuple(arguments)))
                node.is_call_leaf = node.is_call_leaf or last
        else:
            return f"segment {part!r} is neither a name, a key nor a call"
        index += 1
    endpoint = Endpoint(operation, path, steps)
    if path not in node.paths:
        node.paths.append(path)
    node.endpoints.append((http, endpoint, special))
    return None


def _is_key(text: str) -> bool:
    return _KEY.fullmatch(text) is not None


def _child(node: Node, segment: str) -> Node:
    found = node.children.get(segment.lower())
    if found is None:
        found = node.children[segment.lower()] = Node(segment=segment)
    return found


def _key(node: Node, fmt: str, placeholder: str) -> str | None:
    if node.key is None:
        node.key = Node(segment="")
        node.key_format = fmt
    elif node.key_format != fmt:
        return f"a second kind of key under {node.segment or '/'!r} ({fmt!r} beside {node.key_format!r})"
    name = placeholder.strip("{}").split("|")[0].strip() or "id"
    if name not in node.key_names:
        node.key_names.append(name)
    return None


def _call_items(inner: str) -> list[tuple[str, str]] | None:
    items: list[tuple[str, str]] = []
    position = 0
    for match in _CALL_ITEM.finditer(inner):
        if match.start() != position:
            return None
        items.append((match.group(1), match.group(2).strip()))
        position = match.end()
    return items if items and position == len(inner) else None


def _call_param(node: Node, json_name: str, value: str) -> CallParam:
    for param in node.call_params:
        if param.json.lower() == json_name.lower():
            return param
    template = _KEY.sub("{}", value) if len(_KEY.findall(value)) == 1 else ""
    taken = {p.python for p in node.call_params}
    python = naming.unique([nav_name(json_name)], taken=taken)[0]
    param = CallParam(json_name, python, template)
    node.call_params.append(param)
    return param


# -- methods -----------------------------------------------------------------------------------
# What a client has beside the root's paths: a root segment of these names gets a trailing "_".
CLIENT_NAMES = frozenset({
    "send", "close", "aclose", "retry", "base_url", "timeout", "deadline", "max_response_bytes", "with_options",
    "page_at", "upload", "stream", "scopes", "path",
})


def _place_methods(root: Node, properties: set[str], type_names: set[str], navigation: Navigation) -> None:
    for node in root.walk_up():
        _place_node_methods(node, properties, type_names, navigation, CLIENT_NAMES if node is root else frozenset())


def _place_node_methods(
    node: Node, properties: set[str], type_names: set[str], navigation: Navigation, reserved: frozenset[str] = frozenset()
) -> None:
    """One node's methods and attribute names, once the nodes below it have theirs."""
    for lower, child in list(node.children.items()):
        if _is_operation(child, properties, type_names):
            del node.children[lower]
            _as_operation_methods(node, child, navigation)
    for http, endpoint, special in node.endpoints:
        _add_method(node, http, endpoint, special, navigation)
    # Attributes: snake_case of each segment; a method of the same name keeps the name.
    taken = set(node.methods) | reserved
    for lower in sorted(node.children):
        child = node.children[lower]
        name = nav_name(child.segment)
        if "." in child.segment and (name in taken):
            name = naming.snake(child.segment.replace(".", "_"))
        while name in taken:
            name += "_"
        child.attribute = name
        taken.add(name)


def _stream_properties(model: ApiModel) -> frozenset[str]:
    """The names (lower case) of the properties documented as a stream (a file's ``content``)."""
    return frozenset(
        prop.name.lower()
        for typedef in model.types.values()
        for prop in typedef.properties
        if prop.type.name == "Edm.Stream" and not prop.type.collection
    )


def _mark_content_uploads(root: Node, streams: frozenset[str]) -> None:
    """Methods whose body is the content itself: a PUT of ``$value``, and a PUT of a stream
    property (``/items/{id}/content``) for which no page documents a JSON request type."""
    for node in root.walk():
        for method in node.methods.values():
            if method.kind == "replace_value":
                method.sends_content = True
            elif method.kind == "replace" and node.segment.lower() in streams:
                method.sends_content = not any(op.request_type for op in method.operations)


# First words of functions documented without parentheses (``delta``, ``getRemediationSummary``).
FUNCTION_WORDS = frozenset({"get", "delta", "has", "is", "are", "check", "find", "search", "export", "verify",
                            "filter", "compare", "validate", "lookup", "retrieve", "download", "preview", "supported"})


def _prune(root: Node) -> None:
    """Drop the nodes with no method below them (what is left of skipped paths)."""
    for node in root.walk_up():
        for lower, child in list(node.children.items()):
            if _is_empty(child):
                del node.children[lower]
        if node.key is not None and _is_empty(node.key):
            node.key = None


def _is_empty(node: Node) -> bool:
    return not node.methods and not node.children and node.key is None


def _is_operation(child: Node, properties: set[str], type_names: set[str]) -> bool:
    """A leaf segment is an action or function, not a navigation property."""
    if child.children or child.key is not None or not child.endpoints:
        return False
    methods = {http for http, _, _ in child.endpoints}
    if any(special for _, _, special in child.endpoints) or not methods <= {"GET", "POST"} or len(methods) > 1:
        return False
    if child.is_call_leaf:
        return True
    last = child.segment.rpartition(".")[2]
    if "." in child.segment and last.lower() in type_names:
        return False  # a type cast
    operations = [endpoint.operation for _, endpoint, _ in child.endpoints]
    if methods == {"GET"}:
        first = naming.snake(last).partition("_")[0]
        primitive = any((op.response_type or "").startswith("Edm.") or op.response_type in _STREAMS for op in operations)
        return first in FUNCTION_WORDS or primitive or any(op.name.endswith("_function") for op in operations)
    if any(op.body_parameters or op.name.endswith("_action") for op in operations):
        return True
    creates = any(op.request_type is not None and op.request_type == op.response_type for op in operations)
    return not creates and last.lower() not in properties


_STREAMS = frozenset({"microsoft.graph.stream", "microsoft.graph.string"})


def _as_operation_methods(parent: Node, child: Node, navigation: Navigation) -> None:
    name = nav_name(child.segment)
    http = child.endpoints[0][0]
    kind = "function" if http == "GET" else "action"
    method = parent.methods.get(name)
    if method is None:
        method = parent.methods[name] = Method(name, kind, http, "/" + child.segment, child.segment, child.call_params)
    for endpoint_http, endpoint, _ in child.endpoints:
        if endpoint_http != method.http:
            navigation.skipped.append((endpoint.operation, endpoint.path, f"{endpoint_http} beside {method.http} for {child.segment!r}"))
            continue
        if endpoint.steps and endpoint.steps[-1].kind == "call":
            endpoint.arguments = endpoint.steps[-1].arguments
            endpoint.steps = endpoint.steps[:-1]
        if endpoint.steps and endpoint.steps[-1].kind == "attr":
            endpoint.steps = endpoint.steps[:-1]
        method.endpoints.append(endpoint)


def _add_method(node: Node, http: str, endpoint: Endpoint, special: str, navigation: Navigation) -> None:
    operation = endpoint.operation
    if special:
        name = kind = SPECIAL_OF.get((special, http), "")
    elif http == "GET":
        name = kind = "list" if operation.response_collection else "get"
    else:
        name = kind = _VERB_OF.get(http, "")
    if not name:
        navigation.skipped.append((operation, endpoint.path, f"{http} {special or 'on a path node'} has no method"))
        return
    method = node.methods.get(name)
    if method is None:
        method = node.methods[name] = Method(name, kind, http, "/" + special if special else "")
    method.endpoints.append(endpoint)


def param_name(json_name: str) -> str:
    name = naming.attribute_name(json_name)
    if name in RESERVED or name in VERBS or name in ("with_response", "options", "content", "content_type"):
        name += "_"
    return name


def _plan_keywords(method: Method) -> None:
    if method.kind not in ("action", "function"):
        return
    keywords = [Keyword(p.python, p.json, True, p.template) for p in method.call_params]
    documented: list[Parameter] = [] if method.takes_body else list(method.operations[0].body_parameters)
    by_json = {keyword.json.lower(): keyword for keyword in keywords}
    rest: list[Parameter] = []
    for parameter in documented:
        found = by_json.get(parameter.name.lower())
        if found is not None:
            found.parameter = parameter
        else:
            rest.append(parameter)
    taken = {"body", "ref", "key", "self", *(k.python for k in keywords)}
    names = naming.unique([param_name(p.name) for p in rest], taken=taken)
    for parameter, python in zip(rest, names):
        keywords.append(Keyword(python, parameter.name, method.kind == "function", "", parameter))
    method.keywords = keywords


# -- classes -----------------------------------------------------------------------------------
def _signatures(root: Node) -> None:
    """Each node's signature from its own content and its children's (computed first)."""
    for node in root.walk_up():
        _signature(node)


def _signature(node: Node) -> str:
    digest = hashlib.sha256()
    digest.update(repr((node.key_format, [(p.json, p.template) for p in node.call_params])).encode())
    for name in sorted(node.methods):
        method = node.methods[name]
        digest.update(repr((name, method.kind, method.http, method.suffix, [op.name for op in method.operations],
                            [(p.json, p.template) for p in method.call_params])).encode())
    for lower in sorted(node.children):
        child = node.children[lower]
        digest.update(repr(("child", child.attribute, child.segment, child.signature)).encode())
    if node.key is not None:
        digest.update(repr(("key", node.key.signature)).encode())
    node.signature = digest.hexdigest()
    return node.signature


def _words(trail: list[str]) -> str:
    words = [naming.class_name(naming.snake(word).title().replace("_", "")) for word in trail[-3:] if word]
    return "".join(words) or "Root"


def _named_below(node: Node, trail: list[str], display: str) -> list[tuple[Node, list[str], str]]:
    """The nodes one step down, each with its trail of words and its display path."""
    below = []
    for lower in sorted(node.children):
        child = node.children[lower]
        word = child.segment.rpartition(".")[2]
        below.append((child, [*trail, word], display + "/" + child.segment))
    if node.key is not None:
        key = "{" + (node.key_names[0] if node.key_names else "key") + "}"
        below.append((node.key, [*trail, "Item"], display + node.key_format.replace("{}", key)))
    return below


def _name_classes(root: Node, navigation: Navigation, package: str) -> None:
    _signatures(root)
    by_signature: dict[str, Node] = {}
    order: list[tuple[Node, list[str]]] = []

    stack: list[tuple[Node, list[str], str]] = [(root, [], "")]
    while stack:  # parents first, children in name order, then the item node
        node, trail, display = stack.pop()
        first = by_signature.get(node.signature)
        if first is None:
            first = by_signature[node.signature] = node
            order.append((node, trail))
        else:
            for path in node.paths:
                if path not in first.paths:
                    first.paths.append(path)
        first.displays.append(display or "/")
        stack.extend(reversed(_named_below(node, trail, display)))
    names = naming.unique([_words(trail) if trail else "Root" for _, trail in order])
    modules = naming.unique([naming.module_name(name) for name in names], taken=["__init__"], fold_case=True)
    for (node, _), name, module in zip(order, names, modules):
        node.class_name = name
        node.module = module
        navigation.classes.append(node)
    for node in root.walk():
        first = by_signature[node.signature]
        node.class_name, node.module = first.class_name, first.module
