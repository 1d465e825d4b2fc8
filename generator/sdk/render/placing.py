"""Methods of the path nodes: which leaf is an action or function, and which verb each request is.

A leaf segment that no page documents as a property, reached by one HTTP method, is an
action (POST) or a function (GET) of the node before it, named after the segment; every
other documented request is a verb of its node (``MethodKind.of_verb``) or a method of an
OData segment (``MethodKind.of_special``). A collection documented with ``list`` also has
``count`` (``$count``), documented or not. Nodes left with no method below them are pruned.
"""

from __future__ import annotations

from ...model import naming
from ...model import ApiModel, Operation, Parameter
from ...model.kinds import Location
from ...model.paths import PLACEHOLDER
from .identifiers import nav_name, param_name
from .methods import MethodKind, StepKind
from .tree import Endpoint, Keyword, Method, Navigation, PathNode

# What a client has beside the root's paths: a root segment of these names gets a trailing "_".
CLIENT_NAMES = frozenset({
    "send", "close", "aclose", "retry", "base_url", "timeout", "deadline", "max_response_bytes", "with_options",
    "page_at", "upload", "stream", "scopes", "path",
})
# First words of functions documented without parentheses (``delta``, ``getRemediationSummary``).
FUNCTION_WORDS = frozenset({"get", "delta", "has", "is", "are", "check", "find", "search", "export", "verify",
                            "filter", "compare", "validate", "lookup", "retrieve", "download", "preview", "supported"})


def place(root: PathNode, model: ApiModel, navigation: Navigation) -> None:
    """Every node's methods, attribute names, uploads and keywords; empty nodes dropped."""
    properties = {prop.name.lower() for typedef in model.types.values() for prop in typedef.properties}
    type_names = {typedef.name.lower() for typedef in model.types.values()}
    for node in root.walk_up():
        _place_node(node, _Known(properties, type_names), navigation, CLIENT_NAMES if node is root else frozenset())
    _mark_content_uploads(root, _stream_properties(model))
    _prune(root)
    for node in root.walk():
        _add_count(node)
        for method in node.methods.values():
            _plan_keywords(method)


class _Known:
    """What the model knows of names: property names and type names (lower case)."""

    def __init__(self, properties: set[str], type_names: set[str]) -> None:
        self.properties = properties
        self.type_names = type_names


def _place_node(node: PathNode, known: _Known, navigation: Navigation, reserved: frozenset[str]) -> None:
    """One node's methods and attribute names, once the nodes below it have theirs."""
    for lower, child in list(node.children.items()):
        if is_operation(child, known):
            del node.children[lower]
            _as_call_method(node, child, navigation)
    for http, endpoint, special in node.endpoints:
        _add_method(node, http, endpoint, special, navigation)
    _name_attributes(node, reserved)


def _name_attributes(node: PathNode, reserved: frozenset[str]) -> None:
    """Attributes: snake_case of each segment; a method of the same name keeps the name."""
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


# -- is a leaf an action or a function? ------------------------------------------------------------
def is_operation(child: PathNode, known: _Known) -> bool:
    """A leaf segment is an action or function, not a navigation property."""
    https = {http for http, _, _ in child.endpoints}
    if not _plain_leaf(child, https):
        return False
    if child.is_call_leaf:
        return True
    last = child.segment.rpartition(".")[2]
    if "." in child.segment and last.lower() in known.type_names:
        return False  # a type cast
    operations = [endpoint.operation for _, endpoint, _ in child.endpoints]
    if https == {"GET"}:
        return _is_function(last, operations)
    return _is_action(last, operations, known)


def _plain_leaf(child: PathNode, https: set[str]) -> bool:
    """No node below it, no OData segment, and one HTTP method: GET or POST."""
    if child.children or child.key is not None or not child.endpoints:
        return False
    return not any(special for _, _, special in child.endpoints) and len(https) == 1 and https <= {"GET", "POST"}


def _is_function(last: str, operations: list[Operation]) -> bool:
    first_word = naming.snake(last).partition("_")[0]
    primitive = any((op.response_type or "").startswith("Edm.") for op in operations)
    named = any(op.name.endswith("_function") for op in operations)
    return first_word in FUNCTION_WORDS or primitive or named or any(_has_function_parameters(op) for op in operations)


def _has_function_parameters(operation: Operation) -> bool:
    """A GET page with a "Function parameters" table, or path parameters that no path holds."""
    return bool(function_parameters(operation))


def function_parameters(operation: Operation) -> list[Parameter]:
    """A GET page's parameters that go in its function call: a "Function parameters" table's
    (the parser files them with a body's: a GET has none), and a "Path parameters" table's rows
    that no documented path has a placeholder for (the call is part of the path)."""
    placed = {name.strip().lower() for path in operation.paths for found in PLACEHOLDER.findall(path) for name in found.split("|")}
    return [
        p for p in operation.parameters
        if p.location in (Location.FUNCTION, Location.BODY) or p.location is Location.PATH and p.name.lower() not in placed
    ]


def _is_action(last: str, operations: list[Operation], known: _Known) -> bool:
    if any(op.body_parameters or op.name.endswith("_action") for op in operations):
        return True
    creates = any(op.request_type is not None and op.request_type == op.response_type for op in operations)
    return not creates and last.lower() not in known.properties


# -- methods ----------------------------------------------------------------------------------------
def _as_call_method(parent: PathNode, child: PathNode, navigation: Navigation) -> None:
    name = nav_name(child.segment)
    http = child.endpoints[0][0]
    kind = MethodKind.FUNCTION if http == "GET" else MethodKind.ACTION
    method = parent.methods.get(name)
    if method is None:
        method = parent.methods[name] = Method(name, kind, http, "/" + child.segment, child.segment, child.call_params)
    for endpoint_http, endpoint, _ in child.endpoints:
        if endpoint_http != method.http:
            navigation.skipped.append((endpoint.operation, endpoint.path, f"{endpoint_http} beside {method.http} for {child.segment!r}"))
            continue
        if endpoint.steps and endpoint.steps[-1].kind is StepKind.CALL:
            endpoint.arguments = endpoint.steps[-1].arguments
            endpoint.steps = endpoint.steps[:-1]
        if endpoint.steps and endpoint.steps[-1].kind is StepKind.ATTR:
            endpoint.steps = endpoint.steps[:-1]
        method.endpoints.append(endpoint)


def _add_method(node: PathNode, http: str, endpoint: Endpoint, special: str, navigation: Navigation) -> None:
    operation = endpoint.operation
    if special:
        kind = MethodKind.of_special(special, http)
    else:
        kind = MethodKind.of_verb(http, operation.response_collection)
    if kind is None:
        navigation.skipped.append((operation, endpoint.path, f"{http} {special or 'on a path node'} has no method"))
        return
    method = node.methods.get(kind.value)
    if method is None:
        method = node.methods[kind.value] = Method(kind.value, kind, http, "/" + special if special else "")
    method.endpoints.append(endpoint)


def _add_count(node: PathNode) -> None:
    """``$count`` of every collection the docs list (the service counts every collection)."""
    if MethodKind.LIST.value in node.methods and MethodKind.COUNT.value not in node.methods:
        node.methods[MethodKind.COUNT.value] = Method(MethodKind.COUNT.value, MethodKind.COUNT, "GET", "/$count")


def _stream_properties(model: ApiModel) -> frozenset[str]:
    """The names (lower case) of the properties documented as a stream (a file's ``content``)."""
    return frozenset(
        prop.name.lower()
        for typedef in model.types.values()
        for prop in typedef.properties
        if prop.type.name == "Edm.Stream" and not prop.type.collection
    )


def _mark_content_uploads(root: PathNode, streams: frozenset[str]) -> None:
    """Methods whose body is the content itself: a PUT of ``$value``, and a PUT of a stream
    property (``/items/{id}/content``) for which no page documents a JSON request type."""
    for node in root.walk():
        for method in node.methods.values():
            if method.kind is MethodKind.REPLACE_VALUE:
                method.sends_content = True
            elif method.kind is MethodKind.REPLACE and node.segment.lower() in streams:
                method.sends_content = not any(op.request_type for op in method.operations)


def _prune(root: PathNode) -> None:
    """Drop the nodes with no method below them (what is left of skipped paths)."""
    for node in root.walk_up():
        for lower, child in list(node.children.items()):
            if _is_empty(child):
                del node.children[lower]
        if node.key is not None and _is_empty(node.key):
            node.key = None


def _is_empty(node: PathNode) -> bool:
    return not node.methods and not node.children and node.key is None


def _documented_parameters(method: Method) -> list[Parameter]:
    """An action's body parameters; a function's also come from a "Function parameters" table
    (the parser files those with the body's: a GET has none, so they go in the URL)."""
    operation = method.operations[0]
    found = {parameter.name.lower(): parameter for parameter in operation.body_parameters}
    if method.kind is MethodKind.FUNCTION:
        for parameter in function_parameters(operation):
            found.setdefault(parameter.name.lower(), parameter)
    return list(found.values())


def _plan_keywords(method: Method) -> None:
    if not method.kind.is_call:
        return
    keywords = [Keyword(p.python, p.json, True, p.template) for p in method.call_params]
    documented: list[Parameter] = [] if method.takes_body else _documented_parameters(method)
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
        keywords.append(Keyword(python, parameter.name, method.kind is MethodKind.FUNCTION, "", parameter))
    method.keywords = keywords
