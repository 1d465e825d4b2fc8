"""The navigation tree's data: path nodes, their methods, and how the client reaches them.

``navigation`` builds the tree from the documented paths, ``placing`` gives each node its
methods, ``class_names`` names the classes; render and replay read it. No logic here but
walking the tree.
"""

from __future__ import annotations

from typing import Iterator

import attrs

from ...model import Operation, Parameter
from .methods import MethodKind, StepKind


@attrs.define(eq=False)
class CallParam:
    """A parameter written into a call segment: ``name=template`` (``{}`` is the value)."""

    json: str
    python: str
    template: str  # "'{}'" (quoted), "{}" (bare), "microsoft.graph.x'{}'", or "" (a literal: written as an OData literal)


@attrs.define(eq=False)
class Step:
    """One step from the client to a node: an attribute, an index or a call."""

    kind: StepKind
    node: PathNode | None = None  # the node an attribute leads to (attr)
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
    node: PathNode | None = None


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
    kind: MethodKind
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
        if self.kind.writes:
            return True
        return self.kind is MethodKind.ACTION and any(op.request_type for op in self.operations)

    @property
    def operations(self) -> list[Operation]:
        seen: dict[str, Operation] = {}
        for endpoint in self.endpoints:
            seen.setdefault(endpoint.operation.name, endpoint.operation)
        return list(seen.values())


@attrs.define(eq=False)
class PathNode:
    segment: str  # as documented ("users", "microsoft.graph.group"); "" for the root and items
    attribute: str = ""
    children: dict[str, PathNode] = attrs.Factory(dict)  # by the segment in lower case
    key: PathNode | None = None
    key_format: str = "/{}"  # how the key is written after the node's path
    key_names: list[str] = attrs.Factory(list)
    call_params: list[CallParam] = attrs.Factory(list)
    endpoints: list[tuple[str, Endpoint, str]] = attrs.Factory(list)  # (HTTP method, endpoint, special segment)
    methods: dict[str, Method] = attrs.Factory(dict)
    paths: list[str] = attrs.Factory(list)  # display paths that reach the node
    is_call_leaf: bool = False
    # Filled by class_names:
    displays: list[str] = attrs.Factory(list)  # where the class is reached (the first node's list)
    class_name: str = ""
    module: str = ""
    signature: str = ""

    @property
    def async_name(self) -> str:
        """The class of the same node for an ``AsyncClient``."""
        return "Async" + self.class_name

    def below(self) -> list[PathNode]:
        """The nodes one step down: children in order, then the item node."""
        return [*self.children.values(), *([self.key] if self.key is not None else [])]

    def walk(self) -> Iterator[PathNode]:
        """This node and every node below it, parents first (iteratively: paths may be deep)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.below()))

    def walk_up(self) -> list[PathNode]:
        """Every node below this one and then itself, children before their parent."""
        order: list[PathNode] = []
        stack: list[tuple[PathNode, bool]] = [(self, False)]
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
    root: PathNode
    classes: list[PathNode] = attrs.Factory(list)  # one node per class, in module order
    endpoints: list[Endpoint] = attrs.Factory(list)
    skipped: list[tuple[Operation, str, str]] = attrs.Factory(list)  # (operation, path, reason)
