"""Navigation: the documented paths as a tree of path nodes, each a class of the client.

Every documented path is read segment by segment (``/users/{id}/messages/{id}/$value``),
each segment by the first of ``SEGMENT_READERS`` that takes it:

* an OData segment (``$value``, ``$count``, ``$ref``) ends the path: a method of the node
  before it, by the HTTP method (``get_value``, ``count``, ``add_ref``...);
* a key (``{id}``, ``{item-path}:`` after ``root:``) is the item of its node, reached by
  indexing;
* a word (``users``) or a type cast (``microsoft.graph.group``) is a child node, reached
  by an attribute named after the segment in snake_case (a cast by its type's name);
* a call (``range(address='{address}')``, ``borders({sideIndex})``) makes its node callable
  with those parameters as keyword arguments, or keyed;
* a key's sample value where a placeholder belongs (``/classes/11003``, a GUID) is a key too;

``placing`` then turns a leaf that is no property (``sendMail``, ``delta``) into an action or
function method of the node before it, and gives every node its verbs (``list``, ``get``,
``create``, ``update``, ``replace``, ``delete``); ``class_names`` names one class per
distinct node after its own place. Nothing here comes from a page title. A path with a
segment no reader takes (``...``, ``~``) is left out and listed in ``Navigation.skipped``.
"""

from __future__ import annotations

import re
from typing import Callable

import attrs

from ...model import naming
from ...model import ApiModel, Operation
from ...model.paths import CALL_ITEM, PLACEHOLDER, is_sample_key, placeholder_name, placeholder_shape
from . import class_names, placing
from .identifiers import nav_name
from .methods import SPECIAL_SEGMENTS, StepKind
from .tree import CallParam, Endpoint, Navigation, PathNode, Step

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUALIFIED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\((.*)\)")



def plan_navigation(model: ApiModel, package: str) -> Navigation:
    root = PathNode(segment="")
    navigation = Navigation(root=root)
    for operation in sorted(model.operations, key=lambda op: op.name):
        for path in operation.paths:
            problem = _PathReader(root, operation, path).read()
            if problem:
                navigation.skipped.append((operation, path, problem))
    placing.place(root, model, navigation)
    class_names.name_classes(root, navigation, model)
    for node in root.walk():
        for method in node.methods.values():
            for endpoint in method.endpoints:
                endpoint.method = method.name
                endpoint.node = node
                navigation.endpoints.append(endpoint)
    return navigation


# -- reading paths ---------------------------------------------------------------------------
@attrs.define
class _PathReader:
    """One documented path put into the tree, segment by segment."""

    root: PathNode
    operation: Operation
    path: str
    node: PathNode = attrs.field(init=False)
    parts: list[str] = attrs.field(init=False)
    steps: list[Step] = attrs.Factory(list)
    placeholders: int = 0
    index: int = 0
    special: str = ""

    def __attrs_post_init__(self) -> None:
        self.node = self.root
        self.parts = [part for part in self.path.strip().split("/") if part]

    def read(self) -> str | None:
        """Every segment read, or why the path cannot be navigated."""
        while self.index < len(self.parts) and not self.special:
            part = self.parts[self.index]
            outcome = _first_reading(self, part)
            if outcome is None:
                return f"segment {part!r} is neither a name, a key nor a call"
            if outcome:
                return outcome
        endpoint = Endpoint(self.operation, self.path, self.steps)
        if self.path not in self.node.paths:
            self.node.paths.append(self.path)
        self.node.endpoints.append(((self.operation.method or "GET").upper(), endpoint, self.special))
        return None

    @property
    def last(self) -> bool:
        return self.index == len(self.parts) - 1

    def attr(self, segment: str) -> None:
        self.node = _child(self.node, segment)
        self.steps.append(Step(StepKind.ATTR, self.node))

    def keyed(self, fmt: str, placeholder: str) -> str:
        """Step into the node's item; "" or why its key is another kind than before."""
        problem = _key(self.node, fmt, placeholder)
        if problem:
            return problem
        assert self.node.key is not None
        self.node = self.node.key
        self.steps.append(Step(StepKind.KEY, placeholder=self.placeholders))
        self.placeholders += 1
        return ""


# Each reader takes a segment (returning "" when read, or a problem) or leaves it (None).
Reader = Callable[[_PathReader, str], "str | None"]


def _first_reading(reader: _PathReader, part: str) -> str | None:
    """What the first reader that takes ``part`` made of it ("" or a problem); None: no reader took it."""
    for read in SEGMENT_READERS:
        outcome = read(reader, part)
        if outcome is not None:
            return outcome
    return None


def _special(reader: _PathReader, part: str) -> str | None:
    if part in SPECIAL_SEGMENTS:
        if not reader.last:
            return f"{part} is not the last segment"
        reader.special = part
        return ""
    return f"segment {part!r} is not a documented OData segment" if part.startswith("$") else None


def _item_path(reader: _PathReader, part: str) -> str | None:
    """``root:`` then ``/{item-path}:``: an attribute and a key written between colons."""
    parts, index = reader.parts, reader.index
    following = parts[index + 1] if index + 1 < len(parts) else ""
    if not (part.endswith(":") and _WORD.fullmatch(part[:-1]) and following.endswith(":") and _is_key(following[:-1])):
        return None
    reader.attr(part[:-1])
    problem = reader.keyed(":/{}:", following[:-1])
    reader.index += 2
    return problem


def _key_segment(reader: _PathReader, part: str) -> str | None:
    if not (_is_key(part) or (part.endswith(":") and _is_key(part[:-1]))):
        return None
    problem = reader.keyed("/{}:" if part.endswith(":") else "/{}", part.rstrip(":"))
    reader.index += 1
    return problem


def _name_segment(reader: _PathReader, part: str) -> str | None:
    if not (_WORD.fullmatch(part) or _QUALIFIED.fullmatch(part)):
        return None
    reader.attr(part)
    reader.index += 1
    return ""


def _call_segment(reader: _PathReader, part: str) -> str | None:
    call = _CALL.fullmatch(part)
    if call is None:
        return None
    name, inner = call.group(1), call.group(2).strip()
    if not (_WORD.fullmatch(name) or _QUALIFIED.fullmatch(name)):
        return f"segment {part!r} is not a name"
    reader.attr(name)
    problem = _call_inside(reader, part, inner)
    reader.index += 1
    return problem


def _call_inside(reader: _PathReader, part: str, inner: str) -> str:
    if not inner:
        return ""  # ``delta()``: the plain segment
    if _is_key(inner) or (inner.startswith("'") and inner.endswith("'") and _is_key(inner[1:-1])):
        return reader.keyed("('{}')", inner.strip("'"))
    items = _call_items(inner)
    if items is None:
        return f"the parameters of {part!r} are not name=value pairs"
    arguments: list[tuple[str, int | str]] = []
    for json_name, value in items:
        param = _call_param(reader.node, json_name, value)
        arguments.append((param.python, reader.placeholders) if param.template else (param.python, value))
        reader.placeholders += len(PLACEHOLDER.findall(value))
    reader.steps.append(Step(StepKind.CALL, arguments=tuple(arguments)))
    reader.node.is_call_leaf = reader.node.is_call_leaf or reader.last
    return ""


def _sample_key(reader: _PathReader, part: str) -> str | None:
    """A key's sample value after a collection (``/classes/11003``): the page wrote it where a
    placeholder belongs, so it is a key (``model.paths.is_sample_key``; replay reads it so too)."""
    if not (is_sample_key(part) and reader.steps and reader.steps[-1].kind is StepKind.ATTR):
        return None
    problem = reader.keyed("/{}", "{}")
    reader.index += 1
    return problem


# Tried in turn for each segment, as markdown-it tries its block rules.
SEGMENT_READERS: tuple[Reader, ...] = (_special, _item_path, _key_segment, _name_segment, _call_segment, _sample_key)


def _is_key(text: str) -> bool:
    return PLACEHOLDER.fullmatch(text) is not None


def _child(node: PathNode, segment: str) -> PathNode:
    found = node.children.get(segment.lower())
    if found is None:
        found = node.children[segment.lower()] = PathNode(segment=segment)
    return found


# OData addresses an entity as ``x('k')`` or ``x/k`` (key as segment): one key, written the first way read.
_SAME_KEY = frozenset({"/{}", "('{}')"})


def _key(node: PathNode, fmt: str, placeholder: str) -> str | None:
    if node.key is None:
        node.key = PathNode(segment="")
        node.key_format = fmt
    elif node.key_format != fmt and not {node.key_format, fmt} <= _SAME_KEY:
        return f"a second kind of key under {node.segment or '/'!r} ({fmt!r} beside {node.key_format!r})"
    name = placeholder_name(placeholder) or "id"
    if name not in node.key_names:
        node.key_names.append(name)
    return None


def _call_items(inner: str) -> list[tuple[str, str]] | None:
    """``a='x', n={n}`` -> [("a", "'x'"), ("n", "{n}")]: the call arguments of ``model.paths``'s
    grammar, every character of the text in one of them (else None: not name=value pairs)."""
    items: list[tuple[str, str]] = []
    position = 0
    for match in CALL_ITEM.finditer(inner):
        if inner[position : match.start()].strip(" ,") or (items and "," not in inner[position : match.start()]):
            return None
        items.append((match.group(1), match.group(2).strip()))
        position = match.end()
    return items if items and not inner[position:].strip() else None


def _call_param(node: PathNode, json_name: str, value: str) -> CallParam:
    for param in node.call_params:
        if param.json.lower() == json_name.lower():
            return param
    template = placeholder_shape(value) if len(PLACEHOLDER.findall(value)) == 1 else ""
    taken = {p.python for p in node.call_params}
    python = naming.unique([nav_name(json_name)], taken=taken)[0]
    param = CallParam(json_name, python, template)
    node.call_params.append(param)
    return param
