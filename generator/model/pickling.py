"""Records unpickled fast: built by their class's own ``__init__``, and repeated ones built once.

A tree's pages are loaded from the parse cache by unpickling their facts. attrs unpickles
a frozen record through a Python ``__setstate__`` that loops over the field names (stored
in every record's pickle): most of a warm load. A record class marked ``constructed`` is
pickled as a call to the class with its fields' values instead: half the time, half the
bytes. Many records are equal across pages (the type cell "String", the link to one
type's page, the permission "User.Read.All"), so a class marked ``interned`` is pickled as
a call to a cache of equal values: each distinct value is built once, the rest are a
lookup. Facts are frozen, so sharing one object between pages changes nothing they say.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, Callable, TypeVar

import attrs

Record = TypeVar("Record")


def constructed(cls: type[Record]) -> type[Record]:
    """Mark a frozen attrs class whose fields all take positional values as unpickled by a call to it."""
    values = _field_values(cls)
    cls.__reduce__ = lambda record: (cls, values(record))  # type: ignore[assignment,method-assign]
    return cls


def interned(cls: type[Record]) -> type[Record]:
    """Mark a frozen attrs class whose fields all take positional values as interned when unpickled."""
    values = _field_values(cls)
    cls.__reduce__ = lambda record: (_unpickled, (cls, values(record)))  # type: ignore[assignment,method-assign]
    return cls


@functools.lru_cache(maxsize=1 << 16)  # (the distinct values of a large tree are a few thousand)
def _unpickled(cls: type[Any], values: tuple[Any, ...]) -> Any:
    return cls(*values)


def _field_values(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """What calls ``cls`` back into an equal record: its fields' values, in order. A field that
    ``__init__`` does not take positionally refuses the mark; a converter must give back a value
    it made (``Location(Location.BODY)``), as the values pass through it again."""
    fields = attrs.fields(cls)
    assert fields and all(field.init and not field.kw_only for field in fields), cls
    if len(fields) == 1:
        name = fields[0].name
        return lambda record: (getattr(record, name),)
    getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*(field.name for field in fields))
    return getter
