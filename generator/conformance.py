"""Example values checked against the model: does each JSON example fit its documented type?

The docs carry thousands of JSON examples next to the property tables that describe them;
where the two disagree, one of them is wrong. This module states the disagreement as
findings with stable codes (GEN1xx of ``diagnostics.CODES``), each at a JSON pointer inside
the example and, where the key can be found in the example's text, at its source line.

Pure and reusable: ``gen lint`` reports the findings, ``gen test`` counts an example as
"typed" when it has none. Nothing here reads files or prints.

Decisions worth knowing:

* ``null`` is always accepted: the tables say nothing about nullability.
* OData control information (``@odata.type``, ``x@odata.bind``, any key holding ``@``) is
  never a property and never a defect.
* ``@odata.type`` names the class an object is checked against when it is the declared type
  or derives from it; when it names a known type that does not derive from the declared one,
  that is GEN109 (GEN114 for the top of a request body) and the object is checked against the
  type it names, since that is how a client would read it. An ``@odata.type`` the model does
  not know makes the object unresolved: its known keys are checked, unknown keys are not
  reported (they may belong to the undocumented subtype).
* A malformed ``Edm.Guid`` is GEN102 (wrong-json-type): the string is not a value of the
  declared type. GEN106 is kept for dates and times, so that its kind (bad-date-time) stays
  true for tools that group by kind.
* A type placeholder ("String", "String (timestamp)", "Int32", "[String]", ...) is GEN108
  *instead of* the type error it would otherwise be, one finding per value; a placeholder that
  happens to fit the declared JSON type ("String" in a string property) is GEN108 too, as it
  is not data. A value that is a member of the declared enum or of the property's "possible
  values" is never a placeholder.
* Enum values may be comma-separated lists of members (Graph flag enums), whatever the model
  knows about flags.
* A body ``{"value": [...]}`` (with only ``@`` annotations besides) whose declared type has no
  ``value`` property is read as a collection response even when nothing says so.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any, Generator, Iterator, Sequence

import attrs

from .model.diagnostics import CODES, Severity
from .model import ApiModel, Example, Operation, Property, TypeDef, TypeRef

UNTYPED = TypeRef("Edm.Untyped")


@attrs.frozen
class Finding:
    """One way an example value does not fit the model."""

    code: str
    path: str  # JSON pointer (RFC 6901) into the example body; "" is the body itself
    message: str
    type: str | None = None  # qualified type that declares the member (or the value's type)
    member: str | None = None  # the property (key) concerned
    line: int = 0  # source line in the page, when known (set by check_example)

    @property
    def kind(self) -> str:
        return CODES[self.code].kind

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity


# -- public API ---------------------------------------------------------------------------


def check_example(model: ApiModel, example: Example) -> list[Finding]:
    """Findings of one example, in document order, each with a source line."""
    return checker_for(model).example(example)


def check_value(model: ApiModel, type_ref: TypeRef, value: Any, path: str = "") -> Iterator[Finding]:
    """Findings of one JSON value against a type reference (no lines: see check_example)."""
    return checker_for(model).value(type_ref, value, _pointer_parts(path))


def checker_for(model: ApiModel) -> Checker:
    """A Checker with its caches, reused while the same model object is checked.

    The model is treated as immutable once checked, as every stage after resolve does;
    the last model checked stays referenced until another one is checked.
    """
    global _cached
    if _cached is None or _cached.model is not model:
        _cached = Checker(model)
    return _cached


_cached: Checker | None = None


def example_root(model: ApiModel, example: Example) -> tuple[TypeRef, Operation | None]:
    """The type an example body is documented to hold, and its operation."""
    return checker_for(model).root(example)


# -- values -------------------------------------------------------------------------------

_PLACEHOLDER_WORDS = (
    r"string|int16|int32|int64|integer|int|number|double|single|decimal|float|boolean|bool|byte|"
    r"guid|uuid|date|datetime|datetimeoffset|timeofday|time|duration|timestamp|binary|stream|"
    r"url|uri|enum|enumeration"
)
_PLACEHOLDER = re.compile(
    rf"^\[?\s*(?:edm\.)?(?:{_PLACEHOLDER_WORDS})\s*(?:\([^()]*\))?\s*(?:collection)?\s*\]?$"
    rf"|^(?:{_PLACEHOLDER_WORDS})[-_]value$"
    r"|^collection\((?:edm\.)?\w+\)$"
    r"|^@odata\.type\s*:",
    re.IGNORECASE,
)
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
_INTEGERS = {"Edm.Int16": 16, "Edm.Int32": 32, "Edm.Int64": 64, "Edm.Byte": 8, "Edm.SByte": 8}
_DECIMALS = ("Edm.Double", "Edm.Single", "Edm.Decimal")
_NUMBER_WORDS = ("NaN", "INF", "-INF")
_ANY = ("Edm.Untyped", "Edm.Stream")


def is_placeholder(text: str) -> bool:
    """A type name standing where a value should be ("String (identifier)", "[Int32]", ...)."""
    return len(text) < 80 and bool(_PLACEHOLDER.match(text.strip()))


def is_url_property(prop: Property) -> bool:
    """Properties whose string values are URLs: by name (webUrl, contentUri, ...) or by description."""
    return bool(_URL_NAME.search(prop.name) or _URL_DESCRIPTION.search(prop.description))


def is_absolute_url(text: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(text.strip())
    except ValueError:
        return False
    if not parts.scheme or " " in text.strip():
        return False
    return bool(parts.netloc) or parts.scheme.lower() in ("mailto", "urn", "tel", "data", "ms-settings")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _short(qualified: str) -> str:
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


# -- JSON pointers and source lines ----------------------------------------------------------

Parts = tuple[str, ...]


def pointer(parts: Sequence[str]) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def _pointer_parts(path: str) -> Parts:
    if not path:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:])


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def locate(json_text: str, wanted: set[Parts]) -> dict[Parts, int]:
    """1-based line in ``json_text`` of each wanted path: its key, or its array element.

    One pass of a small tokenizer over the (strict) JSON text, stopping once all are found.
    """
    found: dict[Parts, int] = {}
    if () in wanted:
        found[()] = 1
    if not wanted - found.keys():
        return found
    stack: list[list[Any]] = []  # [is_object, path, next index | current key, expecting key]
    line, last = 1, 0
    for match in _TOKEN.finditer(json_text):
        start = match.start()
        line += json_text.count("\n", last, start)
        last = start
        token = match.group()
        top = stack[-1] if stack else None
        if token in ",:":
            continue
        if token in "}]":
            if stack:
                stack.pop()
            continue
        if top is not None and top[0] and top[3]:
            key = _unquote(token)
            top[2], top[3] = key, False
            path = top[1] + (key,)
            if path in wanted and path not in found:
                found[path] = line
                if len(found) == len(wanted):
                    break
            continue
        path = _value_path(top)
        if token == "{":
            stack.append([True, path, None, True])
        elif token == "[":
            stack.append([False, path, 0, False])
        if top is not None:
            if top[0]:
                top[3] = True
            else:
                top[2] += 1
                if path in wanted and path not in found:
                    found[path] = line
                    if len(found) == len(wanted):
                        break
    return found


def _value_path(top: list[Any] | None) -> Parts:
    if top is None:
        return ()
    path: Parts = top[1]
    return path + (str(top[2]),)


def _unquote(token: str) -> str:
    if token.startswith('"') and token.endswith('"'):
        inner = token[1:-1]
        if "\\" not in inner:
            return inner
        try:
            return str(json.loads(token))
        except ValueError:
            return inner
    return token


# -- the checker -----------------------------------------------------------------------------


class Checker:
    """Checks values against one model; caches property maps and subtype indexes per type."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self._properties: dict[str, dict[str, Property]] = {}
        self._lower_names: dict[str, str] | None = None
        self._derived: dict[str, list[str]] | None = None
        self._descendant_keys: dict[str, dict[str, list[str]]] = {}
        self._ancestors: dict[str, frozenset[str]] = {}
        self._operations: dict[str, Operation] | None = None
        self._documented: dict[str, bool] = {}

    # -- lookups ------------------------------------------------------------------------
    def properties(self, qualified: str) -> dict[str, Property]:
        cached = self._properties.get(qualified)
        if cached is None:
            cached = {prop.name: prop for prop in self.model.all_properties(qualified)}
            self._properties[qualified] = cached
        return cached

    def ancestors(self, qualified: str) -> frozenset[str]:
        cached = self._ancestors.get(qualified)
        if cached is None:
            cached = frozenset(t.qualified for t in self.model.ancestors(qualified))
            self._ancestors[qualified] = cached
        return cached

    def documented(self, qualified: str) -> bool:
        """Whether a type's full property list is known: it has a page and every base is in the model.

        A type known only from rows that claim it ("Inherited from [x]", a request body table),
        or one whose base is missing from the tree, may have properties the model has not seen,
        so a key it does not list is not reported as unknown.
        """
        cached = self._documented.get(qualified)
        if cached is None:
            typedef = self.model.types.get(qualified)
            cached = typedef is not None and typedef.source is not None
            seen = {qualified}
            while cached and typedef is not None and typedef.base and typedef.base not in seen:
                seen.add(typedef.base)
                typedef = self.model.types.get(typedef.base)
                cached = typedef is not None
            self._documented[qualified] = cached
        return cached

    def derives(self, qualified: str, base: str) -> bool:
        return qualified == base or base in self.ancestors(qualified)

    def find_type(self, name: str) -> TypeDef | None:
        """The type an ``@odata.type`` value names: qualified, any case, or a short name."""
        name = name.strip().lstrip("#").strip()
        if not name:
            return None
        exact = self.model.types.get(name)
        if exact is not None:
            return exact
        if self._lower_names is None:
            self._lower_names = {}
            shorts: dict[str, list[str]] = {}
            for qualified in self.model.types:
                self._lower_names[qualified.lower()] = qualified
                shorts.setdefault(_short(qualified).lower(), []).append(qualified)
            for short, names in shorts.items():
                main = f"{self.model.main_namespace}.{short}".lower()
                self._lower_names.setdefault("." + short, self._lower_names.get(main, sorted(names)[0]))
        lowered = name.lower()
        hit = self._lower_names.get(lowered)
        if hit is None and (lowered.startswith("graph.") or "." not in lowered):
            hit = self._lower_names.get("." + lowered.rpartition(".")[2])
        return self.model.types.get(hit) if hit else None

    def operation(self, name: str | None) -> Operation | None:
        if name is None:
            return None
        if self._operations is None:
            self._operations = {operation.name: operation for operation in self.model.operations}
        return self._operations.get(name)

    def _subtype_declaring(self, qualified: str) -> dict[str, list[str]]:
        """For a type with subtypes: property name -> the (transitive) subtypes that declare it."""
        cached = self._descendant_keys.get(qualified)
        if cached is not None:
            return cached
        if self._derived is None:
            self._derived = self.model.derived()
        own = self.properties(qualified)
        result: dict[str, list[str]] = {}
        seen = {qualified}
        queue = list(self._derived.get(qualified, []))
        while queue:
            sub = queue.pop(0)
            if sub in seen:
                continue
            seen.add(sub)
            queue.extend(self._derived.get(sub, []))
            for name in self.properties(sub):
                if name not in own:
                    result.setdefault(name, []).append(sub)
        self._descendant_keys[qualified] = result
        return result

    # -- examples -----------------------------------------------------------------------
    def root(self, example: Example) -> tuple[TypeRef, Operation | None]:
        operation = self.operation(example.operation)
        declared: str | None = example.type
        if example.kind == "request" and operation is not None and operation.request_type:
            declared = operation.request_type
            named = self.find_type(example.type) if example.type_source == "annotation" and example.type else None
            if named is not None and self.derives(named.qualified, declared):
                declared = named.qualified
        elif (
            example.kind == "response"
            and operation is not None
            and operation.response_type
            and example.type_source in ("odata.type", "operation")
        ):
            declared = operation.response_type
        return (TypeRef(declared) if declared else UNTYPED), operation

    def example(self, example: Example) -> list[Finding]:
        if not example.parsed or example.value is None:
            return []
        root, _ = self.root(example)
        complete = example.kind in ("resource", "response") and not example.truncated
        findings = list(self._example_body(example, root, complete))
        return self._with_lines(example, findings)

    def _example_body(self, example: Example, root: TypeRef, complete: bool) -> Iterator[Finding]:
        value = example.value
        if example.collection or self._looks_like_collection(root, value):
            if isinstance(value, list) or isinstance(value, dict) and isinstance(value.get("value"), list):
                yield from self._collection_body(TypeRef(root.name), value, complete)
                return
        operation = self.operation(example.operation)
        if example.kind == "request":
            if root.name == UNTYPED.name and operation is not None and operation.body_parameters and _has_body(operation):
                yield from self._parameters(operation, value, complete)
                return
            if isinstance(value, dict) and root.name != UNTYPED.name:
                yield from self._request_type_check(root, value)
        yield from self._single_body(root, value, complete, example.kind == "request")

    def _collection_body(self, element: TypeRef, value: Any, complete: bool) -> Iterator[Finding]:
        """A collection response: ``{"value": [...]}`` (with @odata annotations) or a bare array."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from self._value(element, item, (str(index),), None, None, complete)
            return
        for key in value:
            if key != "value" and "@" not in key:
                yield Finding(
                    "GEN101",
                    pointer((key,)),
                    f"{key!r} is not part of a collection response (only 'value' and @odata annotations are)",
                    member=key,
                )
        for index, item in enumerate(value["value"]):
            yield from self._value(element, item, ("value", str(index)), None, None, complete)

    def _single_body(self, root: TypeRef, value: Any, complete: bool, request: bool) -> Iterator[Finding]:
        if self._wraps_scalar(root, value):
            # Functions and actions return a primitive or enum as {"value": x}.
            yield from self._value(root, value["value"], ("value",), None, None, complete)
            return
        wrapped = self._wrapped_single(root, value)
        if wrapped is not None:
            if not self.documented(wrapped.qualified):
                # 'value' may be a property the model has not seen: check the inner object quietly.
                yield from self._value(root, value["value"], ("value",), None, None, complete)
                return
            yield Finding(
                "GEN101",
                "/value",
                f"'value' is not a property of {wrapped.name}: the body wraps one {wrapped.name} in "
                "{\"value\": ...}, which only collection responses do",
                wrapped.qualified,
                "value",
            )
            yield from self._value(root, value["value"], ("value",), None, None, complete)
            return
        yield from self._value(root, value, (), None, None, complete, top_request=request)

    def _parameters(self, operation: Operation, value: Any, complete: bool) -> Iterator[Finding]:
        """An action's body: an object whose keys are the documented body parameters."""
        if not isinstance(value, dict):
            yield Finding("GEN104", "", f"{_json_type(value)} where an object of body parameters is expected")
            return
        parameters = {parameter.name: parameter for parameter in operation.body_parameters}
        for key, item in value.items():
            if "@" in key:
                continue
            parameter = parameters.get(key)
            if parameter is None:
                near = next((name for name in parameters if name.lower() == key.lower()), None)
                hint = f" (did you mean {near!r}? JSON keys are case-sensitive)" if near else ""
                yield Finding(
                    "GEN101",
                    pointer((key,)),
                    f"{key!r} is not a documented body parameter of {operation.title or operation.name}{hint}",
                    member=key,
                )
                continue
            prop = Property(parameter.name, parameter.type, description=parameter.description)
            yield from self._value(parameter.type, item, (key,), prop, None, complete)

    def _wraps_scalar(self, root: TypeRef, value: Any) -> bool:
        if not isinstance(value, dict) or "value" not in value or root.collection:
            return False
        if any(key != "value" and not key.startswith("@") for key in value):
            return False
        typedef = self.model.types.get(root.name)
        return root.is_primitive and root.name not in _ANY or typedef is not None and typedef.kind == "enum"

    def _wrapped_single(self, root: TypeRef, value: Any) -> TypeDef | None:
        """The declared type when the body is ``{"value": {object}}`` and the type has no 'value'."""
        if not isinstance(value, dict) or not isinstance(value.get("value"), dict):
            return None
        if any(key != "value" and not key.startswith("@") for key in value):
            return None
        typedef = self.model.types.get(root.name)
        if typedef is None or typedef.kind == "enum" or "value" in self.properties(root.name):
            return None
        return typedef

    def _looks_like_collection(self, root: TypeRef, value: Any) -> bool:
        if not isinstance(value, dict) or not isinstance(value.get("value"), list):
            return False
        if any(key != "value" and not key.startswith("@") for key in value):
            return False
        typedef = self.model.types.get(root.name)
        return typedef is None or typedef.kind == "enum" or "value" not in self.properties(root.name)

    def _request_type_check(self, root: TypeRef, value: dict[str, Any]) -> Iterator[Finding]:
        odata = value.get("@odata.type")
        if not isinstance(odata, str):
            return
        named = self.find_type(odata)
        declared = self.model.types.get(root.name)
        if named is None or declared is None or self.derives(named.qualified, declared.qualified):
            return
        yield Finding(
            "GEN114",
            "/@odata.type",
            f"request body says it is {odata.lstrip('#')}, but the page documents a "
            f"{declared.name} body (and {named.name} does not derive from it)",
            type=declared.qualified,
        )

    @staticmethod
    def _with_lines(example: Example, findings: list[Finding]) -> list[Finding]:
        if not findings:
            return findings
        wanted = {_pointer_parts(f.path) for f in findings}
        if "\n" in example.json_text:
            lines = locate(example.json_text, wanted)
        else:
            lines = {}
        return [
            attrs.evolve(f, line=example.body_line + lines.get(_pointer_parts(f.path), 1) - 1)
            for f in findings
        ]

    # -- values -------------------------------------------------------------------------
    def value(self, type_ref: TypeRef, value: Any, parts: Parts = ()) -> Iterator[Finding]:
        return self._value(type_ref, value, parts, None, None, False)

    def _value(
        self,
        type_ref: TypeRef,
        value: Any,
        parts: Parts,
        prop: Property | None,
        owner: str | None,
        complete: bool,
        top_request: bool = False,
    ) -> Iterator[Finding]:
        if value is None:
            return
        member = prop.name if prop else None
        typedef = None if type_ref.is_primitive else self.model.types.get(type_ref.name)
        if typedef is not None and _is_json_type(typedef):
            typedef = None
        if not isinstance(value, list):
            why = self._placeholder_reason(value, type_ref, typedef, prop)
            if why is not None:
                declared = _short(type_ref.name) + (" collection" if type_ref.collection else "")
                yield Finding("GEN108", pointer(parts), f"{why}, not a value of type {declared}", owner, member)
                return
        if type_ref.collection:
            if isinstance(value, list):
                element = TypeRef(type_ref.name)
                for index, item in enumerate(value):
                    yield from self._value(element, item, parts + (str(index),), prop, owner, complete)
                return
            yield Finding(
                "GEN103",
                pointer(parts),
                f"{_json_type(value)} where a collection of {_short(type_ref.name)} is declared",
                owner,
                member,
            )
            return
        if type_ref.name in _ANY or (typedef is None and not type_ref.is_primitive):
            yield from self._untyped(value, parts, complete)
        elif typedef is None:
            yield from self._primitive(type_ref.name, value, parts, prop, owner)
        elif typedef.kind == "enum":
            yield from self._enum(typedef, value, parts, owner, member)
        elif isinstance(value, dict):
            yield from self._object(typedef, value, parts, complete, top_request)
        else:
            yield Finding(
                "GEN104",
                pointer(parts),
                f"{_json_type(value)} where a {typedef.name} object is declared",
                owner,
                member,
            )

    def _placeholder_reason(
        self, value: Any, type_ref: TypeRef, typedef: TypeDef | None, prop: Property | None
    ) -> str | None:
        """Why a value is a placeholder rather than data, or None when it is not one."""
        if type_ref.name in _ANY:
            return None
        if _is_type_stub(value):
            # {"@odata.type": "x"} names a type; it is data only where an object is declared.
            if type_ref.collection or type_ref.is_primitive or (typedef is not None and typedef.kind == "enum"):
                return f"{{\"@odata.type\": {value['@odata.type']!r}}} is a type placeholder"
            return None
        if not isinstance(value, str):
            return None
        allowed: tuple[str, ...] = ()
        if typedef is not None and typedef.kind == "enum":
            allowed = tuple(member.name for member in typedef.members)
        elif prop is not None and prop.allowed_values:
            allowed = prop.allowed_values
        if value in allowed:
            return None
        text = value.strip()
        if is_placeholder(text):
            return f"{value!r} is a type placeholder"
        if typedef is not None and self._names_type(text, typedef):
            return f"{value!r} names the type"
        if prop is not None and text.lower() == prop.name.lower() + "-value":
            return f"{value!r} is a placeholder"
        if "|" in text:
            choices = [item.strip() for item in text.split("|")]
            if all(item in allowed if allowed else _WORD.match(item) for item in choices):
                return f"{value!r} lists the choices"
        return None

    def _untyped(self, value: Any, parts: Parts, complete: bool) -> Iterator[Finding]:
        """Anything goes, but objects that say what they are are checked as that."""
        if isinstance(value, dict):
            odata = value.get("@odata.type")
            named = self.find_type(odata) if isinstance(odata, str) else None
            if named is not None and named.kind != "enum":
                yield from self._object(named, value, parts, complete, False)
                return
            for key, item in value.items():
                if isinstance(item, (dict, list)):
                    yield from self._untyped(item, parts + (key,), complete)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    yield from self._untyped(item, parts + (str(index),), complete)

    @staticmethod
    def _names_type(value: str, typedef: TypeDef) -> bool:
        text = value.strip().lstrip("#").lower()
        return text in (typedef.qualified.lower(), typedef.name.lower())

    # -- objects ------------------------------------------------------------------------
    def _object(
        self, declared: TypeDef, value: dict[str, Any], parts: Parts, complete: bool, top_request: bool
    ) -> Iterator[Finding]:
        typedef, strict = declared, True
        odata = value.get("@odata.type")
        if isinstance(odata, str) and odata.strip("# "):
            named = self.find_type(odata)
            if named is None:
                strict = False  # an undocumented type: its own keys cannot be judged
            elif named.kind == "enum" or not self.derives(named.qualified, declared.qualified):
                if not top_request:  # the top of a request body is GEN114's (see _request_type_check)
                    yield Finding(
                        "GEN109",
                        pointer(parts + ("@odata.type",)),
                        f"@odata.type {odata.lstrip('#')!r} does not derive from the declared {declared.name}",
                        declared.qualified,
                        parts[-1] if parts and not parts[-1].isdigit() else None,
                    )
                if named.kind != "enum":
                    typedef = named
            else:
                typedef = named
        properties = self.properties(typedef.qualified)
        strict = strict and self.documented(typedef.qualified)
        if strict and odata is None:
            typedef, properties = yield from self._dispatch_by_keys(typedef, value, parts, properties)
        for key, item in value.items():
            if "@" in key:
                continue  # OData control information and instance annotations
            prop = properties.get(key)
            if prop is None:
                if strict and not typedef.open_type:
                    yield self._unknown(typedef, key, parts, properties)
                continue
            yield from self._value(prop.type, item, parts + (key,), prop, typedef.qualified, complete)
        if complete and strict:
            yield from self._required(typedef, value, parts, properties)

    def _dispatch_by_keys(
        self, typedef: TypeDef, value: dict[str, Any], parts: Parts, properties: dict[str, Property]
    ) -> Generator[Finding, None, tuple[TypeDef, dict[str, Property]]]:
        """GEN111: keys only a subtype declares, and no @odata.type to say which subtype.

        A generator that returns (type, properties) to check the object against: the
        subtype that declares most of those keys, so that they are not also reported as
        unknown.
        """
        unknown = [key for key in value if "@" not in key and key not in properties]
        if not unknown or not (typedef.abstract or typedef.qualified in self._derived_map()):
            return typedef, properties
        declaring = self._subtype_declaring(typedef.qualified)
        votes: dict[str, int] = {}
        for key in unknown:
            for sub in declaring.get(key, ()):
                votes[sub] = votes.get(sub, 0) + 1
        if not votes:
            return typedef, properties
        best = sorted(votes.items(), key=lambda item: (-item[1], item[0]))[0][0]
        subtype = self.model.types[best]
        keys = [key for key in unknown if best in declaring.get(key, ())]
        yield Finding(
            "GEN111",
            pointer(parts),
            f"object has {', '.join(map(repr, keys[:3]))}{'...' if len(keys) > 3 else ''} which only "
            f"subtype {subtype.name} of {typedef.name} declares, and no @odata.type; "
            f"add \"@odata.type\": \"#{subtype.qualified}\"",
            typedef.qualified,
            parts[-1] if parts and not parts[-1].isdigit() else None,
        )
        return subtype, self.properties(subtype.qualified)

    def _derived_map(self) -> dict[str, list[str]]:
        if self._derived is None:
            self._derived = self.model.derived()
        return self._derived

    @staticmethod
    def _unknown(typedef: TypeDef, key: str, parts: Parts, properties: dict[str, Property]) -> Finding:
        lowered = key.lower()
        near = next((name for name in properties if name.lower() == lowered), None)
        hint = f" (did you mean {near!r}? JSON keys are case-sensitive)" if near else ""
        return Finding(
            "GEN101",
            pointer(parts + (key,)),
            f"{key!r} is not a property of {typedef.name}{hint}",
            typedef.qualified,
            key,
        )

    @staticmethod
    def _required(typedef: TypeDef, value: dict[str, Any], parts: Parts, properties: dict[str, Property]) -> Iterator[Finding]:
        for name, prop in properties.items():
            if prop.required and not prop.navigation and name not in value:
                yield Finding(
                    "GEN110",
                    pointer(parts),
                    f"required property {name!r} of {typedef.name} is missing (mark the example truncated if it is partial)",
                    typedef.qualified,
                    name,
                )

    # -- enums and primitives -------------------------------------------------------------
    def _enum(self, typedef: TypeDef, value: Any, parts: Parts, owner: str | None, member: str | None) -> Iterator[Finding]:
        if not isinstance(value, str):
            yield Finding(
                "GEN102", pointer(parts), f"{_json_type(value)} where a {typedef.name} (string) is declared", owner, member
            )
            return
        names = {m.name for m in typedef.members}
        missing = _not_listed(value, names)
        if not missing or not names:
            return
        lowered = {name.lower(): name for name in names}
        hints = [f"{item!r} (member is {lowered[item.lower()]!r})" for item in missing if item.lower() in lowered]
        detail = "; differs in case: " + ", ".join(hints) if hints else ""
        yield Finding(
            "GEN105",
            pointer(parts),
            f"{', '.join(map(repr, missing))} {'is' if len(missing) == 1 else 'are'} not "
            f"{'a member' if len(missing) == 1 else 'members'} of {typedef.name} ({_listing(sorted(names))}){detail}",
            owner,
            member,
        )

    def _primitive(self, name: str, value: Any, parts: Parts, prop: Property | None, owner: str | None) -> Iterator[Finding]:
        member = prop.name if prop else None
        problem, code = _primitive_problem(name, value)
        if problem is not None:
            yield Finding(code, pointer(parts), problem, owner, member)
            return
        if not isinstance(value, str) or prop is None or name != "Edm.String":
            return
        if prop.allowed_values and _not_listed(value, set(prop.allowed_values)):
            yield Finding(
                "GEN105",
                pointer(parts),
                f"{value!r} is not one of the possible values of {prop.name} ({_listing(prop.allowed_values)})",
                owner,
                member,
            )
        elif value and is_url_property(prop) and not _url_like(prop, value):
            yield Finding("GEN107", pointer(parts), f"{value!r} is not an absolute URL", owner, member)


def _url_like(prop: Property, value: str) -> bool:
    """Absolute URLs; a ...Uri property may also hold a relative reference (OMA-URIs: ./Vendor/...)."""
    if is_absolute_url(value):
        return True
    return prop.name.lower().endswith("uri") and value.startswith(("./", "/"))


def _not_listed(value: str, names: set[str]) -> list[str]:
    """Items of a (possibly comma-separated, as flag enums are) value that are not listed."""
    if value in names:
        return []
    items = [item.strip() for item in value.split(",")] if "," in value else [value]
    return [item for item in items if item not in names]


def _listing(names: Sequence[str], limit: int = 8) -> str:
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


def _has_body(operation: Operation) -> bool:
    """Functions (GET) document their parameters like a body; only other methods have one."""
    return (operation.method or "POST").upper() not in ("GET", "DELETE", "HEAD")


def _is_json_type(typedef: TypeDef) -> bool:
    """Graph's ``Json`` complex type (workbook APIs) holds any JSON value."""
    return typedef.name.lower() == "json" and typedef.kind != "enum" and not typedef.properties


def _is_type_stub(value: Any) -> bool:
    """``{"@odata.type": "microsoft.graph.x"}`` alone: the JSON-representation way to name a type."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@odata.type"), str)


def _primitive_problem(name: str, value: Any) -> tuple[str | None, str]:
    """(message, code) when a JSON value does not fit an Edm primitive; (None, "") when it does."""
    got = _json_type(value)
    short = name.removeprefix("Edm.")
    if name in ("Edm.String", "Edm.Binary"):
        return (None, "") if isinstance(value, str) else (f"{got} where a {short} is declared", "GEN102")
    if name == "Edm.Boolean":
        return (None, "") if isinstance(value, bool) else (f"{got} where a Boolean is declared", "GEN102")
    if name in _INTEGERS:
        if isinstance(value, int) and not isinstance(value, bool):
            return None, ""
        return f"{got} where an integer ({short}) is declared", "GEN102"
    if name in _DECIMALS:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None, ""
        if isinstance(value, str) and value in _NUMBER_WORDS:
            return None, ""
        return f"{got} where a number ({short}) is declared", "GEN102"
    if name == "Edm.Guid":
        if not isinstance(value, str):
            return f"{got} where a Guid (string) is declared", "GEN102"
        return (None, "") if _GUID.match(value) else (f"{value!r} is not a GUID", "GEN102")
    if name in ("Edm.DateTimeOffset", "Edm.Date", "Edm.TimeOfDay", "Edm.Duration"):
        if not isinstance(value, str):
            return f"{got} where a {short} (string) is declared", "GEN102"
        problem = _date_problem(name, value)
        return (None, "") if problem is None else (f"{value!r} {problem} ({short})", "GEN106")
    if name.startswith(("Edm.Geography", "Edm.Geometry")):
        return (None, "") if isinstance(value, dict) else (f"{got} where a {short} object is declared", "GEN102")
    return None, ""  # a primitive gen does not know: accepted
