"""Example values against Edm primitives: placeholders, dates, GUIDs, URLs, numbers.

The per-primitive JSON checks derive from ``model/edm.py``: a primitive's ``json`` facet
names which function of ``CHECKS`` applies to its values.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from typing import Any, Callable, Collection, Sequence

from ...model.kinds import TypeKind
from ...model import Operation, Property, TypeDef, TypeRef, edm
from ...model.json_values import LongInteger
from ...model.edm import is_placeholder

_DATE = r"-?\d{4,}-(?P<month>\d\d)-(?P<day>\d\d)"
_TIME = r"(?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
_DATE_TIME_OFFSET = re.compile(rf"^{_DATE}[Tt]{_TIME}(?P<zone>[Zz]|[+-]\d\d:\d\d)?$")
_DATE_ONLY = re.compile(rf"^{_DATE}$")
_TIME_OF_DAY = re.compile(rf"^{_TIME}$")
_DURATION = re.compile(
    r"^-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$"
)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_URL_NAME = re.compile(r"(?:^|[a-z0-9])(?:Url|Uri|URL|URI|Link)$|^(?:url|uri|link|href)$")
_URL_DESCRIPTION = re.compile(r"^(?:the |a |an )?(?:url|uri)\b|\b(?:url|uri) (?:of|to|for|that|where)\b", re.IGNORECASE)
_WORD = re.compile(r"^[A-Za-z_]\w*$")
_NUMBER_WORDS = ("NaN", "INF", "-INF")
# Primitives that hold any JSON value (Edm.Untyped, Edm.Stream): their values are not checked.
ANY = tuple(primitive.name for primitive in edm.PRIMITIVES if primitive.json == "any")


def is_url_property(prop: Property) -> bool:
    """Properties whose string values are URLs: by name (webUrl, contentUri, ...) or by description."""
    return _names_url(prop.name, prop.description)


@functools.lru_cache(maxsize=16384)  # (asked of every string value of an example: the same properties again and again)
def _names_url(name: str, description: str) -> bool:
    return bool(_URL_NAME.search(name) or _URL_DESCRIPTION.search(description))


def is_absolute_url(text: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(text.strip())
    except ValueError:
        return False
    if not parts.scheme or " " in text.strip():
        return False
    return bool(parts.netloc) or parts.scheme.lower() in ("mailto", "urn", "tel", "data", "ms-settings")


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, LongInteger)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def short(qualified: str) -> str:
    return qualified.rpartition(".")[2]


def _date_problem(name: str, text: str) -> str | None:
    """Why a string is not an Edm date/time value, or None when it is one."""
    if name == "Edm.DateTimeOffset":
        match = _DATE_TIME_OFFSET.match(text)
        if match is None:
            return "is not an ISO 8601 date and time (yyyy-mm-ddThh:mm:ssZ)"
        if match.group("zone") is None:
            return "has no time zone (add Z or an offset such as +01:00)"
        return _ranges(match)
    if name == "Edm.Date":
        match = _DATE_ONLY.match(text)
        return "is not a date (yyyy-mm-dd)" if match is None else _ranges(match)
    if name == "Edm.TimeOfDay":
        match = _TIME_OF_DAY.match(text)
        return "is not a time of day (hh:mm:ss)" if match is None else _ranges(match)
    if name == "Edm.Duration":
        return None if _DURATION.match(text) else "is not an ISO 8601 duration (such as PT1H30M)"
    return None


def _ranges(match: re.Match[str]) -> str | None:
    limits = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 60)}
    groups = match.groupdict()
    for field, (low, high) in limits.items():
        text = groups.get(field)
        if text is not None and not low <= int(text) <= high:
            return f"has {field} {text}, out of range"
    return None




def url_like(prop: Property, value: str) -> bool:
    """Absolute URLs; a ...Uri property may also hold a relative reference (OMA-URIs: ./Vendor/...)."""
    if is_absolute_url(value):
        return True
    return prop.name.lower().endswith("uri") and value.startswith(("./", "/"))


def not_listed(value: str, names: Collection[str]) -> list[str]:
    """Items of a (possibly comma-separated, as flag enums are) value that are not listed."""
    if value in names:
        return []
    items = [item.strip() for item in value.split(",")] if "," in value else [value]
    return [item for item in items if item not in names]


def listing(names: Sequence[str], limit: int = 8) -> str:
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


def has_body(operation: Operation) -> bool:
    """Functions (GET) document their parameters like a body; only other methods have one."""
    return (operation.method or "POST").upper() not in ("GET", "DELETE", "HEAD")


def is_type_stub(value: Any) -> bool:
    """``{"@odata.type": "microsoft.graph.x"}`` alone: the JSON-representation way to name a type."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@odata.type"), str)


def primitive_problem(name: str, value: Any) -> tuple[str | None, str]:
    """(message, code) when a JSON value does not fit an Edm primitive; (None, "") when it does."""
    primitive = edm.get(name)
    if primitive is None:
        if name.startswith(("Edm.Geography", "Edm.Geometry")):
            got = json_type(value)
            short = name.removeprefix("Edm.")
            return (None, "") if isinstance(value, dict) else (f"{got} where a {short} object is declared", "GEN102")
        return None, ""  # a primitive gen does not know: accepted
    return _CHECKS[primitive.json](primitive, value)


def _string(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    return (None, "") if isinstance(value, str) else (f"{json_type(value)} where a {primitive.short} is declared", "GEN102")


def _boolean(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    return (None, "") if isinstance(value, bool) else (f"{json_type(value)} where a Boolean is declared", "GEN102")


def _integer(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    if isinstance(value, int) and not isinstance(value, bool):
        return None, ""
    if isinstance(value, LongInteger):
        return f"an integer of {len(value.text):,} characters, beyond every integer type, where {primitive.short} is declared", "GEN102"
    return f"{json_type(value)} where an integer ({primitive.short}) is declared", "GEN102"


def _number(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    if isinstance(value, (int, float, LongInteger)) and not isinstance(value, bool):
        return None, ""
    if isinstance(value, str) and value in _NUMBER_WORDS:
        return None, ""
    return f"{json_type(value)} where a number ({primitive.short}) is declared", "GEN102"


def _guid(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    if not isinstance(value, str):
        return f"{json_type(value)} where a Guid (string) is declared", "GEN102"
    return (None, "") if _GUID.match(value) else (f"{value!r} is not a GUID", "GEN102")


def _temporal(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    if not isinstance(value, str):
        return f"{json_type(value)} where a {primitive.short} (string) is declared", "GEN102"
    problem = _date_problem(primitive.name, value)
    return (None, "") if problem is None else (f"{value!r} {problem} ({primitive.short})", "GEN106")


def _anything(primitive: edm.Primitive, value: Any) -> tuple[str | None, str]:
    return None, ""


# One check per ``edm.JsonCheck`` (tests/lint/test_values.py checks that every kind has one).
CHECKS: dict[str, Callable[[edm.Primitive, Any], tuple[str | None, str]]] = {
    "string": _string,
    "boolean": _boolean,
    "integer": _integer,
    "number": _number,
    "guid": _guid,
    "temporal": _temporal,
    "any": _anything,
}
_CHECKS = CHECKS


def placeholder_reason(
    value: Any, type_ref: TypeRef, typedef: TypeDef | None, prop: Property | None, members: Collection[str] | None
) -> str | None:
    """Why a value is a placeholder rather than data, or None when it is not one. ``members``:
    the names of ``typedef``'s members when it is an enum (``ModelIndex.member_names``), else None."""
    if type_ref.name in ANY:
        return None
    if is_type_stub(value):
        return _stub_reason(value, type_ref, typedef)
    if not isinstance(value, str):
        return None
    allowed = _allowed(prop, members)
    return None if value in allowed else _string_reason(value, typedef, prop, allowed)


def _is_enum(typedef: TypeDef | None) -> bool:
    return typedef is not None and typedef.kind is TypeKind.ENUM


def _stub_reason(value: dict[str, Any], type_ref: TypeRef, typedef: TypeDef | None) -> str | None:
    """{"@odata.type": "x"} names a type; it is data only where an object is declared."""
    if type_ref.collection or type_ref.is_primitive or _is_enum(typedef):
        return f"{{\"@odata.type\": {value['@odata.type']!r}}} is a type placeholder"
    return None


def _allowed(prop: Property | None, members: Collection[str] | None) -> Collection[str]:
    """The values a string may be: an enum's members, or the values a property's row lists."""
    if members is not None:
        return members
    if prop is not None and prop.allowed_values:
        return prop.allowed_values
    return ()


def _string_reason(value: str, typedef: TypeDef | None, prop: Property | None, allowed: Collection[str]) -> str | None:
    """A string that is a type's name or placeholder, ``<name>-value``, or a list of the choices."""
    text = value.strip()
    if is_placeholder(text):
        return f"{value!r} is a type placeholder"
    if typedef is not None and names_type(text, typedef):
        return f"{value!r} names the type"
    if prop is not None and text.lower() == prop.name.lower() + "-value":
        return f"{value!r} is a placeholder"
    if "|" in text and _lists_choices(text, allowed):
        return f"{value!r} lists the choices"
    return None


def _lists_choices(text: str, allowed: Collection[str]) -> bool:
    """``a | b | c``: each an allowed value, or (with none known) a word."""
    choices = [item.strip() for item in text.split("|")]
    return all(item in allowed if allowed else _WORD.match(item) for item in choices)


def names_type(value: str, typedef: TypeDef) -> bool:
    text = value.strip().lstrip("#").lower()
    return text in (typedef.qualified.lower(), typedef.name.lower())

# -- objects ------------------------------------------------------------------------
