"""Example URLs read against documented paths, and their OData literals, for the replay.

A documented path names a function's arguments (``/reports/getUserDetail(period='{period}')``,
``/range/cell(row=<row>,column=<column>)``, ``/filterByCurrentUser(on='reviewer')``); whatever
value a page writes there, a placeholder or a sample, is the caller's to give. ``match`` reads
an example path against a documented one: keys in the template's placeholders, arguments by
name (in any order, any case), and the arguments of a last segment the page documents bare.

An argument is an OData literal (``'D7'``, ``'O''Brien'``, ``2018-03-05``, a GUID, ``5``,
``true``, ``microsoft.graph.timeZoneStandard'Iana'``). ``sdk_value`` turns one into what the
SDK is given so that it writes the same literal back: into the parameter's documented
template, or as a literal of its kind (a ``Date`` is written bare, a string quoted).
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import attrs

from ..model.paths import PLACEHOLDER, is_sample_key, match_path

_NAME = re.compile(r"[A-Za-z_@$][\w.@$-]*")
_CALL = re.compile(r"([^()]+)\((.*)\)", re.DOTALL)
# A literal in quotes: a string, or with a prefix, an enum member (``ns.type'member'``),
# a duration (``duration'P1D'``) or binary (``binary'AQID'``); '' is a quote inside.
QUOTED = re.compile(r"([A-Za-z_][\w.]*)?'((?:[^']|'')*)'", re.DOTALL)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"-?\d{4,}-\d\d-\d\d")
_DATE_TIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?", re.IGNORECASE)
_TIME = re.compile(r"\d\d:\d\d(?::\d\d(?:\.\d+)?)?")
# Bare literals of a type the SDK's runtime writes bare, by the ``_values`` class that holds it.
_BARE_KINDS = ((_GUID, "Guid"), (_DATE_TIME, "DateTimeOffset"), (_DATE, "Date"), (_TIME, "TimeOfDay"))
# The prefixes OData 4.01 lets a quoted literal leave out: an enum's type, "duration".
OPTIONAL_PREFIX = re.compile(r"(?<=[(,=])\s*(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|duration)(?=')", re.IGNORECASE)


class NotWritable(Exception):
    """The SDK cannot write the example's argument as the example does; the message says why."""


@attrs.frozen
class Call:
    """A call segment: ``name(a=1,b='x')``, its arguments as written (name, literal)."""

    name: str
    items: tuple[tuple[str, str], ...]


Part = str | Call


@attrs.frozen
class Matched:
    """How an example path fills a documented one."""

    keys: tuple[str | None, ...]  # per placeholder of the template, left to right (None: inside a call)
    calls: tuple[dict[str, tuple[str, str]], ...]  # per call segment: name (lower case) -> (name, literal)
    extra: tuple[tuple[str, str], ...] = ()  # the arguments of a last segment the template writes bare


def parts(path: str) -> list[Part]:
    """The path's segments; a key in parentheses (``x('k')``, ``x(5)``) is a segment of its own."""
    found: list[Part] = []
    for segment in _segments(path):
        found.extend(_read_segment(segment))
    return found


def _segments(path: str) -> list[str]:
    """Split at each "/" outside parentheses (and outside quotes within them)."""
    found: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in path:
        if depth and char == "'":
            quoted = not quoted  # '' closes and opens again: the same text
        elif not quoted and char in "()":
            depth = depth + 1 if char == "(" else max(0, depth - 1)
        elif char == "/" and not depth:
            found.append("".join(current))
            current = []
            continue
        current.append(char)
    found.append("".join(current))
    start, end = int(found[0] == ""), len(found) - int(len(found) > 1 and found[-1] == "")
    return found[start:end]  # an empty segment inside (``a//b``) is one the SDK cannot send


def _read_segment(segment: str) -> list[Part]:
    call = _CALL.fullmatch(segment)
    if call is None:
        return [segment]
    name, inner = call.group(1), call.group(2).strip()
    if not inner:
        return [Call(name, ())]
    quoted = QUOTED.fullmatch(inner)
    if quoted is not None and quoted.group(1) is None:
        return [name, quoted.group(2).replace("''", "'")]
    if not any(char in inner for char in "=',"):
        return [name, inner]  # a bare key (``borders(2)``, ``x({id})``)
    items = call_items(inner)
    return [Call(name, items)] if items is not None else [segment]


def call_items(inner: str) -> tuple[tuple[str, str], ...] | None:
    """``a='x', n=5`` -> (("a", "'x'"), ("n", "5")): split at commas outside quotes and
    brackets; None unless every item is name=value."""
    items: list[tuple[str, str]] = []
    for item in _split_items(inner):
        name, equals, value = item.partition("=")
        if not equals or not _NAME.fullmatch(name.strip()):
            return None
        items.append((name.strip(), value.strip()))
    return tuple(items)


def _split_items(inner: str) -> list[str]:
    items: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in inner:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "[{":
            depth += 1
        elif not quoted and char in "]}":
            depth = max(0, depth - 1)
        elif char == "," and not quoted and not depth:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return items


def match(template: str, path: str, extra: bool = False) -> Matched | None:
    """How ``path`` fills ``template``, or None. Arguments match by name whatever their values;
    with ``extra``, a last segment the template writes bare may carry arguments."""
    documented, given = parts(template), parts(path)
    if len(documented) != len(given):
        return None
    keys: list[str | None] = []
    calls: list[dict[str, tuple[str, str]]] = []
    added: tuple[tuple[str, str], ...] = ()
    for index, (want, got) in enumerate(zip(documented, given)):
        if isinstance(want, Call) and want.items:
            arguments = _call_match(want, got)
            if arguments is None:
                return None
            keys.extend(None for _, value in want.items for _ in PLACEHOLDER.findall(value))
            calls.append(arguments)
            continue
        name = want.name if isinstance(want, Call) else want  # ``delta()`` is ``delta``
        if isinstance(got, Call) or isinstance(want, Call):
            got_name, items = (got.name, got.items) if isinstance(got, Call) else (got, ())
            if not _same(name, got_name) or items and not (extra and index == len(documented) - 1):
                return None
            added = items  # the arguments a page documents in a table, not in its path
            continue
        if got.startswith("$") and not _same(want, got):
            return None  # an OData segment ($count, $value, $ref) is never a key
        values = [unquote(got)] if is_sample_key(want) else match_path("/" + want, "/" + got)
        if values is None:
            return None
        keys.extend(values)  # (the SDK reads a sample value in a documented path as a key)
    return Matched(tuple(keys), tuple(calls), added)


def below(template: str, path: str) -> str | None:
    """The path before a documented one that ``path`` ends with (``/me/drive/items/{id}`` for
    ``/workbook/tables`` and ``/me/drive/items/{id}/workbook/tables``), or None."""
    segments, documented = _segments(path), len(_segments(template))
    for start in range(max(1, len(segments) - documented - 2), len(segments)):
        if match(template, "/" + "/".join(segments[start:]), extra=True) is not None:
            return "/" + "/".join(segments[:start])
    return None


def _call_match(want: Call, got: Part) -> dict[str, tuple[str, str]] | None:
    """The example's arguments by name, when it calls the documented function with some of them."""
    name = got.name if isinstance(got, Call) else got
    if not _same(want.name, name):
        return None
    arguments = {item[0].lower(): item for item in got.items} if isinstance(got, Call) else {}
    documented = {item_name.lower() for item_name, _ in want.items}
    return arguments if set(arguments) <= documented else None


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def sdk_value(template: str, literal: str, values: ModuleType) -> Any:
    """What a call parameter is given so that the SDK writes ``literal`` back: the text that
    goes into its template (``'{}'``: a string's content; ``{}``: the literal itself), or for a
    parameter written as an OData literal (template ""), a value of the literal's kind."""
    if not template:
        return typed_value(literal, values)
    head, _, tail = template.partition("{}")
    text = unquote(literal)
    if not (head.endswith("'") and tail.startswith("'")):
        if text.lower().startswith(head.lower()) and text.lower().endswith(tail.lower()) and len(text) >= len(head + tail):
            return text[len(head) : len(text) - len(tail)]
        raise NotWritable(f"the path writes it as {template.replace('{}', '...')}, the example as {literal}")
    quoted = QUOTED.fullmatch(text)
    if quoted is None or tail[1:] and not text.endswith(tail[1:]):
        raise NotWritable(f"the path writes it in quotes ({template.replace('{}', '...')}), the example as {literal}")
    return quoted.group(2).replace("''", "'")  # an enum's type before the quotes may be left out (OData 4.01)


def typed_value(literal: str, values: ModuleType) -> Any:
    """The Python value the SDK writes as this OData literal."""
    text = unquote(literal).strip()
    if PLACEHOLDER.fullmatch(text) or text.startswith("<") and text.endswith(">"):
        raise NotWritable(f"{literal} is a placeholder, not an OData literal")
    quoted = QUOTED.fullmatch(text)
    if quoted is not None:
        prefix, content = (quoted.group(1) or "").lower(), quoted.group(2).replace("''", "'")
        if prefix in ("guid", "datetime", "datetimeoffset", "time"):  # OData 3 spellings
            raise NotWritable(f"{literal} is an OData 3 {prefix} literal; OData 4 writes it bare, as the SDK does")
        prefixed = {"duration": values.Duration, "binary": values.Base64}.get(prefix)
        return prefixed(content) if prefixed is not None else content  # (an enum member: its type may go)
    if text in ("true", "false"):
        return text == "true"
    if text == "null":
        return None
    if _NUMBER.fullmatch(text):  # the number as written (1.50 stays 1.50, 007 stays 007)
        return values.JsonFloat(text) if any(char in text for char in ".eE") else values.JsonInt(text)
    kind = next((name for pattern, name in _BARE_KINDS if pattern.fullmatch(text)), None)
    if kind is not None:
        return getattr(values, kind)(text)
    if text[:1] in "[{":
        try:
            return values.loads(text)
        except ValueError as error:
            raise NotWritable(f"{literal} is not JSON ({error})") from None
    raise NotWritable(f"{literal} is no OData literal (a string or an enum member is written in quotes)")
