"""Facts that pages repeat, unpickled once per process: one object for all equal ones.

A tree's pages are loaded from the parse cache by unpickling their facts; a frozen attrs
record is unpickled through a Python ``__setstate__`` per object, most of a warm load.
Many records are equal across pages (the type cell "String", the link to one type's page,
the permission "User.Read.All"), so a record class marked ``interned`` is pickled as a call
to a cache of equal values: each distinct value is built once, the rest are a lookup.
Facts are frozen, so sharing one object between pages changes nothing they say.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import attrs

Record = TypeVar("Record")


def interned(cls: type[Record]) -> type[Record]:
    """Mark a frozen attrs class whose fields all take positional values as interned when unpickled."""
    assert all(field.init and not field.kw_only for field in attrs.fields(cls)), cls  # type: ignore[arg-type]
    cls.__reduce__ = _reduce  # type: ignore[assignment,method-assign]
    return cls


@functools.lru_cache(maxsize=1 << 16)  # (the distinct values of a large tree are a few thousand)
def _unpickled(cls: type[Any], values: tuple[Any, ...]) -> Any:
    return cls(*values)


def _reduce(record: Any) -> tuple[Any, tuple[type[Any], tuple[Any, ...]]]:
    return _unpickled, (type(record), attrs.astuple(record, recurse=False))
