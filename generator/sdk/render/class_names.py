"""Names of the path classes: one class per distinct node, named after its own place.

Nodes with the same content (the same methods of the same operations, the same children)
share one class, so ``/me/calendars`` and ``/users/{id}/calendars`` are one class. A class
is named after what its place is, in the API's words, so that the name is true of every
place that shares it: a collection or a relationship is its owner's type and its segment
(``UserCalendars``: the calendars of a user), an item is its type (``CalendarItem``), a path
at the top is its segment (``Me``, ``Users``), a cast its owner and type (``UserAsGroup``).
Where two different classes would take one name, each is named after its own path
(``MeDriveItemsItem``); only where two paths read the same words does a number follow.
"""

from __future__ import annotations

import collections
import hashlib

import attrs

from ...model import ApiModel, naming
from .methods import MethodKind
from .tree import Navigation, PathNode

_TYPED_METHODS = (MethodKind.GET, MethodKind.LIST, MethodKind.UPDATE, MethodKind.REPLACE, MethodKind.CREATE)


@attrs.define(eq=False)
class _Place:
    """Where a node is reached: its parent, its display path, and the words of that path."""

    node: PathNode
    parent: PathNode | None
    display: str
    words: list[str]


def name_classes(root: PathNode, navigation: Navigation, model: ApiModel) -> None:
    """Each distinct node's class and module name, in module order (parents first)."""
    _signatures(root)
    places = _places(root)
    firsts: dict[str, PathNode] = {}
    by_class: dict[str, list[_Place]] = collections.defaultdict(list)
    for place in places:
        first = firsts.setdefault(place.node.signature, place.node)
        if place.node is not first:
            first.paths.extend(path for path in place.node.paths if path not in first.paths)
        first.displays.append(place.display or "/")
        by_class[place.node.signature].append(place)
    types = _resource_types(root, model)
    order = list(firsts.values())
    names = _unique_names(order, by_class, types)
    modules = naming.unique([naming.module_name(name) for name in names], taken=["__init__"], fold_case=True)
    for node, name, module in zip(order, names, modules):
        node.class_name, node.module = name, module
        navigation.classes.append(node)
    for node in root.walk():
        first = firsts[node.signature]
        node.class_name, node.module = first.class_name, first.module


# -- where each node is ---------------------------------------------------------------------------
def _places(root: PathNode) -> list[_Place]:
    """Every node at every place, parents first, children in name order, then the item node."""
    found: list[_Place] = []
    stack = [_Place(root, None, "", [])]
    while stack:
        place = stack.pop()
        found.append(place)
        stack.extend(reversed(_below(place)))
    return found


def _below(place: _Place) -> list[_Place]:
    node = place.node
    below = []
    for lower in sorted(node.children):
        child = node.children[lower]
        word = child.segment.rpartition(".")[2]
        below.append(_Place(child, node, place.display + "/" + child.segment, [*place.words, word]))
    if node.key is not None:
        key = "{" + (node.key_names[0] if node.key_names else "key") + "}"
        below.append(_Place(node.key, node, place.display + node.key_format.replace("{}", key), [*place.words, "Item"]))
    return below


def _resource_types(root: PathNode, model: ApiModel) -> dict[int, str]:
    """The type each node addresses (by ``id(node)``): its methods' type, else its parent's
    property of its segment's name, else (an item) its collection's."""
    types: dict[int, str] = {}
    for place in _places(root):
        node, parent = place.node, place.parent
        owner = types.get(id(parent)) if parent is not None else None
        found = _own_type(node) or (_property_type(model, owner, node.segment) if owner and node.segment else None)
        if found is None and parent is not None and parent.key is node:
            found = owner
        if found:
            types[id(node)] = found
    return types


def _own_type(node: PathNode) -> str | None:
    for kind in _TYPED_METHODS:
        method = node.methods.get(kind.value)
        for operation in method.operations if method else ():
            found = operation.response_type or operation.request_type
            if found and not found.startswith("Edm."):
                return found
    return None


def _property_type(model: ApiModel, owner: str, segment: str) -> str | None:
    if owner not in model.types:
        return None
    wanted = segment.lower()
    prop = next((p for p in model.all_properties(owner) if p.name.lower() == wanted), None)
    return prop.type.name if prop is not None and not prop.type.is_primitive else None


# -- names ------------------------------------------------------------------------------------------
def _unique_names(order: list[PathNode], by_class: dict[str, list[_Place]], types: dict[int, str]) -> list[str]:
    """The place name of each class; where two classes take one, each takes its path's words."""
    names = [_place_name(by_class[node.signature], types) for node in order]
    counts = collections.Counter(names)
    for index, node in enumerate(order):
        if counts[names[index]] > 1:
            names[index] = _path_name(by_class[node.signature][0].words, 4)
    counts = collections.Counter(names)
    for index, node in enumerate(order):
        if counts[names[index]] > 1:
            names[index] = _path_name(by_class[node.signature][0].words, 0)
    return naming.unique(names)


def _place_name(places: list[_Place], types: dict[int, str]) -> str:
    """The name the class's places give: one in the API's types when the places' words differ
    (``/me`` and ``/users/{id}`` share ``UserItem``), the most common, then the first by name."""
    named = [_name_at(place, types) for place in places]
    if len({name for name, _ in named}) > 1:
        named += [(_pascal(_short(types[id(places[0].node)])) + "Item", 0)] if id(places[0].node) in types else []
    candidates = collections.Counter(named)
    return sorted(candidates.items(), key=lambda item: (item[0][1], -item[1], item[0][0]))[0][0][0]


def _name_at(place: _Place, types: dict[int, str]) -> tuple[str, int]:
    """The name a place gives, and how much it says of every place (0: in the API's types)."""
    node, parent = place.node, place.parent
    if parent is None:
        return "Root", 0
    own = types.get(id(node))
    if parent.key is node:  # an item: what it is
        return (_pascal(_short(own)) + "Item", 0) if own else (_path_name(place.words, 3), 2)
    segment = node.segment
    owner = types.get(id(parent))
    if "." in segment:  # a cast: the owner as the type
        return _owner_word(place, types) + "As" + _pascal(segment.rpartition(".")[2]), 0 if owner else 1
    if place.words[:-1] == []:  # at the top: its segment
        return _pascal(segment), 1
    return _owner_word(place, types) + _pascal(segment), 0 if owner else 1


def _owner_word(place: _Place, types: dict[int, str]) -> str:
    """The type of the node the segment belongs to, else that node's own path words."""
    parent = place.parent
    owner = types.get(id(parent)) if parent is not None else None
    return _pascal(_short(owner)) if owner else _path_name(place.words[:-1], 2)


def _path_name(words: list[str], last: int) -> str:
    """PascalCase of the path's last ``last`` words (all of them for 0)."""
    chosen = words[-last:] if last else words
    return "".join(_pascal(word) for word in chosen if word) or "Root"


def _pascal(word: str) -> str:
    return naming.class_name(naming.snake(word).title().replace("_", ""))


def _short(qualified: str | None) -> str:
    return (qualified or "").rpartition(".")[2]


# -- what makes two nodes one class ----------------------------------------------------------------
def _signatures(root: PathNode) -> None:
    """Each node's signature from its own content and its children's (computed first)."""
    for node in root.walk_up():
        digest = hashlib.sha256()
        digest.update(repr((node.key_format, [(p.json, p.template) for p in node.call_params])).encode())
        for name in sorted(node.methods):
            method = node.methods[name]
            digest.update(repr((name, method.kind.value, method.http, method.suffix, [op.name for op in method.operations],
                                [(p.json, p.template) for p in method.call_params])).encode())
        for lower in sorted(node.children):
            child = node.children[lower]
            digest.update(repr(("child", child.attribute, child.segment, child.signature)).encode())
        if node.key is not None:
            digest.update(repr(("key", node.key.signature)).encode())
        node.signature = digest.hexdigest()
