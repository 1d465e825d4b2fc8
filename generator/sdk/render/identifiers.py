"""Python names for what a path shows: attributes for segments, keywords for parameters.

A node class has its own methods and the keyword arguments every method takes; a segment
or a parameter of the same name gets a trailing ``_`` (``filter_``, ``list_``), as do Python
keywords and the builtins the class's annotations use.
"""

from __future__ import annotations

import keyword

from ...model import naming
from .methods import METHOD_NAMES

# Names a node class uses itself, and the keyword arguments every method takes.
RESERVED = frozenset({"select", "expand", "filter", "orderby", "top", "skip", "search", "query", "headers", "timeout",
                      "deadline", "self", "body", "key", "ref", "options",
                      # builtins and typing names its annotations use, so that no attribute shadows one
                      "str", "int", "float", "bool", "bytes", "object", "type", "dict"})

def nav_name(segment: str) -> str:
    """The attribute (or action method) for a path segment: its snake_case, a cast by its last part."""
    word = segment.rpartition(".")[2] if "." in segment else segment
    name = naming.snake(word) or "segment"
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED or name in METHOD_NAMES:
        name += "_"
    return name


def param_name(json_name: str) -> str:
    name = naming.attribute_name(json_name)
    if name in RESERVED or name in METHOD_NAMES or name in ("content", "content_type"):
        name += "_"
    return name


