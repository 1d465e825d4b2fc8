"""The digest of what a template reads: the same view renders to the same text.

A template's output is a function of its name, its context (the view) and the
generator's code and templates. A build records each rendered file's view digest in
the lock; the next build by the same generator (``generator_info``: code, templates, Jinja
and black) takes a file whose view digest is unchanged from the output as it is, without
running its template or black again. An edited page changes the views of a few files,
so only those are rendered.

The digest is of a canonical JSON encoding: attrs records as their class and fields,
enums as their class and value, sets sorted. A context it cannot encode (another kind
of object, a cycle) has no digest, and its file is always rendered.
"""

from __future__ import annotations

import enum
import hashlib
import json
import sys
from typing import Any, Callable

import attrs


@attrs.frozen
class Pending:
    """A file of the package before its template runs: the digest of its view (None: the file
    is always rendered) and the render itself, run only when the text is needed."""

    view: str | None
    make: Callable[[], str]

    @classmethod
    def ready(cls, text: str) -> Pending:
        """A file whose text is already made and has no view: the runtime's modules, the schema."""
        return cls(None, lambda: text)


def _canonical(value: object) -> object:
    """``value`` as JSON can encode it: called by the encoder for what it does not know."""
    kind = type(value)
    if attrs.has(kind):
        return [kind.__qualname__, *(getattr(value, field.name) for field in attrs.fields(kind))]
    if isinstance(value, enum.Enum):
        return [kind.__qualname__, value.value]
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"no canonical form for {kind.__qualname__}")


_ENCODER = json.JSONEncoder(default=_canonical, ensure_ascii=False, separators=(",", ":"))
# What renders a view besides what the lock's generator fingerprint covers (gen's code and
# templates, Jinja's version): Python itself (its repr, its textwrap) could print it differently.
_RENDERERS = f"python {sys.version_info[:2]}"


def view_digest(template: str, context: dict[str, Any]) -> str | None:
    """The digest of a template and its context, or None when the context has no canonical form."""
    try:
        text = _ENCODER.encode([_RENDERERS, template, context])
    except (TypeError, ValueError, RecursionError):  # ValueError: a cycle
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
