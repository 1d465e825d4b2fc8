"""The fuzz harness: hostile docs trees, and the invariants every stage of gen must keep.

Used by the tests in this folder (small budget, CI) and by ``bench/fuzz.py`` (a larger
campaign that keeps going after a failure and counts unique failures).

* ``docs_trees()``: a hypothesis strategy for whole docs trees in the Graph dialect
  (resource pages with property and relationship tables, enum pages and ``x values``
  sections, api pages with HTTP blocks, annotations and JSON examples), whose names and
  texts are drawn from ordinary words, Python keywords and builtins, names the generated
  code uses itself, injection attempts, path tricks, non-ASCII and random text.
* ``mutated_trees()``: real corpus pages (read from ../shared/corpus at test time, never
  copied into the repository) cut, spliced and salted with hostile bytes.
* ``check_tree()``: runs a tree through schema, build, the generated package, test, lint
  and drift in-process and raises ``InvariantError`` (or lets an exception escape) when
  an invariant breaks. Which stages run is chosen by the caller.

The budget: ``GEN_FUZZ_EXAMPLES`` (examples per property test; default small for CI) and
``GEN_FUZZ_SCALE`` (multiplies the sizes of huge cells, repeated rows, deep nesting).
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import pkgutil
import io
import json
import keyword
import logging
import os
import re
import sys
import tempfile
import tokenize
import tomllib
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from generator.sdk.build import build
from generator.config import Config
from generator.model.diagnostics import CODES, Diagnostic
from generator.model.diff import diff_models
from generator.model import ApiModel
from generator.docs import Limits, Loaded, load
from generator.model.schema import schema_json
from generator.model.schema import model_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = (CORPUS / "graph-beta-2021-07", CORPUS / "graph-beta-2020-01")
DOCS_INPUT = ROOT / "docs-input"

EXAMPLES = int(os.environ.get("GEN_FUZZ_EXAMPLES", "0") or 0)
SCALE = max(1, int(os.environ.get("GEN_FUZZ_SCALE", "1") or 1))

# Diagnostics about a whole file (it could not be read at all) may have line 0.
FILE_LEVEL_CODES = frozenset({"GEN001", "GEN004", "GEN005"})


def fuzz_settings(default: int, **overrides: Any) -> settings:
    """Hypothesis settings for a fuzz property: ``default`` examples unless GEN_FUZZ_EXAMPLES says."""
    options: dict[str, Any] = {
        "max_examples": EXAMPLES or default,
        "deadline": None,
        "suppress_health_check": list(HealthCheck),
        "print_blob": True,
    }
    options.update(overrides)
    return settings(**options)


# -- names and texts a page can hold ---------------------------------------------------------

ORDINARY_NAMES = [
    "id", "displayName", "createdDateTime", "value", "status", "items", "owner", "parent",
    "macOSVpnConfiguration", "iOSDevice", "HTMLContent", "x", "a1", "userPrincipalName",
]
PYTHON_NAMES = [
    "class", "from", "import", "def", "None", "True", "False", "self", "cls", "type", "match",
    "case", "_", "__init__", "__class__", "__dict__", "__getattr__", "__all__", "__name__",
    "__import__", "eval", "exec", "print", "list", "dict", "str", "int", "object", "super",
    "mro", "register", "annotations", "typing", "attrs", "datetime", "importlib", "json",
]
GENERATED_NAMES = [
    "to_dict", "from_dict", "additional_properties", "odata_type", "_json_fields", "_json_order",
    "_odata_name", "_dispatch", "UNSET", "Unset", "Model", "OpenEnum", "Page", "_rt", "_t",
    "operation", "Operation", "client", "Client", "body", "query", "headers", "timeout",
    "models", "api", "tests", "registry", "_registry", "_runtime", "errors", "py", "known",
    "NAME", "VALUE", "name", "_missing_", "_value_", "__pycache__", "_MODULES", "_SUBPACKAGES",
]
HOSTILE_NAMES = [
    '__import__("os").system("x")',
    'a"; import os; "',
    "a'; import os; '",
    "x\nimport os",
    "x)\nimport os\n(",
    "{{ x }}", "{% if x %}y{% endif %}", "{# c #}", "${x}", "%s%s", "\\", "a\\nb", '"""', "'''",
    "../../etc/passwd", "/etc/passwd", "..", ".", "./x", "C:\\x", "x/../../y", "~", "\x00",
    "con", "CON", "aux", "nul", "com1", "lpt9", "prn.txt", "x" * 300, "A" * 120,
    "é", "日本語", "ǅ", "ﬁ", "Ⅻ", "١٢٣", "𝔘𝔫𝔦", "a\u200bb", "\u202eevil\u202c", "\u2066x\u2069",
    "Ünïcödé", "straße", "STRASSE", "Name", "NAME", "nAmE", "dž", "Dž", "DŽ",
    "", " ", "-", "_x", "__x__", "1abc", "123", "-1", "@odata.type", "site@odata.bind",
    "files/fileName", "x (deprecated)", "00000000-0000-0000-0000-000000000000",
]
HOSTILE_TEXTS = [
    '"""', '""""""', "'''", "\\", "\\\\", '\\"', "\\u0041", "\\N{BULLET}", "{{ x }}", "{% raw %}",
    "{% endraw %}", "{#", "#}", "\x00", "\x07", "\x1b[31m", "\x7f", "\r", "\u2028", "\u2029",
    "\u202e", "\u200f", "\ufeff", "\t", '"', "'", "`", "```", "|", "\\|", "<!--", "-->",
    "<script>", "&lt;", "&#0;", "*/", "/*", "#", "# type: ignore", "\n\n", "    ", "€", "😀",
    '__import__("os").system("x")', "');import os;('", "]]", "[[", "%(x)s",
]

_IDENT_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
camel_names = st.builds(
    lambda head, parts: head + "".join(part[:1].upper() + part[1:] for part in parts),
    st.text(_IDENT_START, min_size=1, max_size=8),
    st.lists(st.text(_IDENT_START + "0123456789", min_size=1, max_size=6), max_size=3),
)
names = st.one_of(
    camel_names,
    st.sampled_from(ORDINARY_NAMES + PYTHON_NAMES + GENERATED_NAMES),
    st.sampled_from(HOSTILE_NAMES),
    st.text(max_size=12),
)
# Names a type can have and still be read as one (titles, "x values" headings, links).
type_names = st.one_of(
    camel_names,
    st.sampled_from(ORDINARY_NAMES + PYTHON_NAMES + GENERATED_NAMES),
    st.sampled_from(["é", "日本語", "ǅ", "ﬁ", "Ⅻ", "x١٢٣", "Ünïcödé", "straße", "STRASSE", "con", "aux",
                     "x" * 300, "A" * 120, "_x", "__x__", "dž", "Dž", "DŽ", "x.y", "a.b.c"]),
)
namespaces = st.one_of(
    st.just("microsoft.graph"),
    st.sampled_from(["microsoft.graph.callRecords", "microsoft.graph.security", "microsoft.graph.termStore",
                     "microsoft.graph.models", "microsoft.graph.api", "microsoft.graph.tests", "microsoft.graph.con",
                     "microsoft.graph.Security", "other", "microsoft..graph", "microsoft.graph.",
                     "microsoft.graph." + "x" * 120 + "." + "y" * 120 + "." + "z" * 120]),
    st.builds(lambda parts: ".".join(parts), st.lists(camel_names, min_size=1, max_size=4)),
)
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE_TEXTS),
    st.lists(st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=8)), max_size=6).map("".join),
)
TYPE_CELLS = [
    "String", "string", "Int32", "Boolean", "DateTimeOffset", "Edm.Guid", "Binary", "Duration",
    "Double", "Date", "TimeOfDay", "Int64", "Json", "object", "Enumeration", "String collection",
    "Collection(Edm.String)", "string, maximum size 20", "None", "", "??", "int[]", "`x`",
]


@st.composite
def type_cells(draw: st.DrawFn, known: Sequence[str]) -> str:
    choice = draw(st.integers(0, 5))
    if choice == 0 or not known:
        return draw(st.sampled_from(TYPE_CELLS))
    target = draw(st.sampled_from(list(known)))
    if choice == 1:
        return f"[{target}]({_file_of(target)})"
    if choice == 2:
        return f"[{target}]({_file_of(target)}) collection"
    if choice == 3:
        return f"Collection({target})"
    if choice == 4:
        return f"[{draw(names)}]({draw(st.sampled_from(['x.md', '../resources/x.md', '#x-values', 'http://e/x', '', '../../../../etc/passwd']))})"
    return draw(texts)


def _file_of(type_name: str) -> str:
    return type_name.rpartition(".")[2].lower() + ".md"


def cell(text: str) -> str:
    """Most cells keep their pipes escaped; hostile ones need not be (the fuzz decides)."""
    return text.replace("\n", " ")


@st.composite
def property_rows(draw: st.DrawFn, known: Sequence[str], count: int | None = None) -> list[str]:
    rows = []
    for _ in range(count if count is not None else draw(st.integers(0, 6))):
        name = draw(names)
        type_cell = draw(type_cells(known))
        description = draw(texts)
        extra = draw(st.sampled_from(["", "", " Required.", " Read-only.", " Inherited from [entity](entity.md).",
                                      " Possible values are: `a`, `b`, `unknownFutureValue`.",
                                      " Possible values are: `class`, `None`, `__init__`, `NAME`, `name`."]))
        rows.append(f"|{cell(name)}|{cell(type_cell)}|{cell(description + extra)}|")
    return rows


@st.composite
def annotations(draw: st.DrawFn, block_type: str, type_name: str | None = None) -> str:
    values: dict[str, Any] = {"blockType": block_type}
    if type_name:
        values["@odata.type"] = type_name
    if draw(st.booleans()):
        values["name"] = draw(names)
    if draw(st.booleans()):
        values[draw(st.sampled_from(["truncated", "isCollection", "baseType", "keyProperty", "openType"]))] = draw(
            st.one_of(st.booleans(), names, st.just("true"))
        )
    text = json.dumps(values, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:
        text = text[:-1] + ",}"  # tolerated: a trailing comma
    if draw(st.integers(0, 19)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # broken
    return f"<!-- {text} -->"


json_keys = st.one_of(names, st.text(max_size=10))
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False),
    texts, st.sampled_from(["2021-07-01T10:00:00Z", "PT1H", "00000000-0000-0000-0000-000000000000", "String", "#x.y"]),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(json_keys, children, max_size=5)),
    max_leaves=12,
)


@st.composite
def json_bodies(draw: st.DrawFn, type_name: str | None = None) -> str:
    value = draw(st.dictionaries(json_keys, json_values, max_size=6))
    if type_name and draw(st.booleans()):
        value = {"@odata.type": "#" + type_name, **value}
    shape = draw(st.integers(0, 9))
    if shape == 1:
        value = {"value": [value]}
    text = json.dumps(value, indent=2, ensure_ascii=draw(st.booleans()))
    if shape == 2:
        text = text.replace("\n}", ",\n}", 1)  # trailing comma
    elif shape == 3:
        depth = draw(st.integers(1, 300 * SCALE))
        text = "[" * depth + text + "]" * draw(st.integers(0, depth))
    elif shape == 4:
        text = text[: draw(st.integers(0, len(text)))]
    elif shape == 5:
        text = text.replace('"', "\u201c", 2)
    elif shape == 6:
        text = "{ // comment\n" + text[1:]
    return text


@st.composite
def dialect_extras(draw: st.DrawFn, known: Sequence[str]) -> list[str]:
    """DocFX and dialect furniture: includes, alerts, tab headings, reference links, suppressions."""
    extras = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.integers(0, 6))
        target = draw(st.sampled_from(list(known) or ["x"]))
        if kind == 0:
            extras += ["[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]", ""]
        elif kind == 1:
            extras += ["> [!NOTE]", f"> {cell(draw(texts))}", ""]
        elif kind == 2:
            extras += ["# [HTTP](#tab/http)", "", "# [C#](#tab/csharp)", "", "---", ""]
        elif kind == 3:
            extras += [f"See [{target}][] and [{draw(names)}][ref].", "", f"[{target}]: {_file_of(target)}",
                       f"[ref]: {draw(st.sampled_from(['../x.md', '#anchor', 'http://e/x', '../../../../../etc/passwd']))}", ""]
        elif kind == 4:
            code = draw(st.sampled_from(["GEN101", "GEN201", "gen999", "", "GEN3*"]))
            extras += [f"<!-- gen: suppress {code} {cell(draw(names))} -- {cell(draw(texts))} -->", ""]
        elif kind == 5:
            extras += [f'<a name="{cell(draw(names))}"></a>', f"<a id='{cell(draw(texts))}'>", ""]
        else:
            extras += [f"Inherits from **{target}**.", ""]
    return extras


@st.composite
def resource_page(draw: st.DrawFn, name: str, namespace: str, known: Sequence[str]) -> str:
    word = draw(st.sampled_from(["resource", "complex", "entity", "resource"]))
    lines = [
        "---",
        f'title: "{name} {word} type"',
        f"doc_type: {draw(st.sampled_from(['resourcePageType', 'enumPageType', 'apiPageType', 'x']))}",
        "---",
        "",
        f"# {name} {word} type",
        "",
        f"Namespace: {namespace}",
        "",
        draw(texts),
        "",
    ]
    if known and draw(st.booleans()):
        base = draw(st.sampled_from(list(known)))
        lines += [f"Inherits from [{base}]({_file_of(base)}).", ""]
    lines += draw(dialect_extras(known))
    lines += ["## Properties", "", "|Property|Type|Description|", "|:---|:---|:---|"]
    lines += draw(property_rows(known, draw(st.integers(0, 8))))
    lines.append("")
    if draw(st.booleans()):
        enum = draw(type_names)
        lines += ["", f"### {enum} values", "", "|Member|Value|Description|", "|:---|:---|:---|"]
        for index, member in enumerate(draw(st.lists(names, max_size=6))):
            lines.append(f"|{cell(member)}|{index}|{cell(draw(texts))}|")
        lines.append("")
    if draw(st.booleans()):
        lines += ["## Relationships", "", "|Relationship|Type|Description|", "|:---|:---|:---|"]
        lines += draw(property_rows(known, draw(st.integers(0, 3))))
        lines.append("")
    if draw(st.booleans()):
        lines += ["## JSON representation", "", draw(annotations("resource", f"{namespace}.{name}")), "", "```json",
                  draw(json_bodies(f"{namespace}.{name}")), "```", ""]
    return "\n".join(lines) + "\n"


@st.composite
def enum_page(draw: st.DrawFn, name: str, namespace: str) -> str:
    header = draw(st.sampled_from(["|Member|Value|Description|", "|Member|", "|Value|Description|", "|Member|Value|"]))
    width = header.count("|") - 1
    lines = ["---", "doc_type: enumPageType", "---", "", f"# {name} enum type", "", f"Namespace: {namespace}", "",
             draw(texts), "", header, "|" + ":---|" * width]
    for index, member in enumerate(draw(st.lists(names, max_size=8))):
        cells = [cell(member), str(index), cell(draw(texts))][:width]
        lines.append("|" + "|".join(cells) + "|")
    return "\n".join(lines) + "\n"


PATHS = ["/things", "/things/{id}", "/me/things/{thing-id}/items/{item-id}", "/things/{id | userPrincipalName}",
         "/things/<id>", "things", "/things(id='{x}')", "/things/{}", "/{a}/{a}/{a}", "/x?$filter=a eq 'b'",
         "/things/{id}/microsoft.graph.doIt", "/../../etc", "/things/{__import__('os')}", "/things/{class}/{None}"]


@st.composite
def api_page(draw: st.DrawFn, known: Sequence[str]) -> str:
    title = draw(st.one_of(st.builds(lambda verb, target: f"{verb} {target}",
                                     st.sampled_from(["Get", "List", "Create", "Update", "Delete", "doIt"]),
                                     st.sampled_from(list(known) or ["thing"])), texts))
    method = draw(st.sampled_from(["GET", "POST", "PATCH", "PUT", "DELETE", "get", "OPTIONS"]))
    paths = draw(st.lists(st.one_of(st.sampled_from(PATHS), st.builds(lambda n: "/x/{" + n + "}", names)),
                          min_size=1, max_size=3))
    lines = ["---", f"title: {json.dumps(title)}", "doc_type: apiPageType", "---", "", f"# {title}", "",
             "Namespace: microsoft.graph", "", draw(texts), ""]
    lines += draw(dialect_extras(known))
    lines += ["## Permissions", "", "|Permission type|Permissions (from least to most privileged)|", "|:---|:---|",
              f"|Delegated (work or school account)|{cell(draw(texts))}|", "|Application|TODO|", ""]
    lines += ["## HTTP request", "", '<!-- { "blockType": "ignored" } -->', "", "```http"]
    lines += [f"{method} {path}" for path in paths] + ["```", ""]
    if draw(st.booleans()):
        lines += ["## Path parameters", "", "|Parameter|Type|Description|", "|:---|:---|:---|"]
        lines += draw(property_rows(known, draw(st.integers(0, 3)))) + [""]
    lines += ["## Request headers", "", "|Name|Description|", "|:---|:---|", "|Authorization|Bearer {token}. Required.|",
              f"|{cell(draw(names))}|{cell(draw(texts))}|", ""]
    lines += ["## Request body", ""]
    if known and draw(st.booleans()):
        target = draw(st.sampled_from(list(known)))
        lines += [f"In the request body, supply a JSON representation of a [{target}](../resources/{_file_of(target)}) object.", ""]
    if draw(st.booleans()):
        lines += ["|Parameter|Type|Description|", "|:---|:---|:---|"]
        lines += draw(property_rows(known, draw(st.integers(0, 4)))) + [""]
    response_type = draw(st.sampled_from(list(known) or ["thing"]))
    collection = draw(st.booleans())
    lines += ["## Response", "",
              f"If successful, this method returns a `{draw(st.sampled_from(['200 OK', '201 Created', '204 No Content']))}` "
              f"response code and {'a collection of ' if collection else 'a '}[{response_type}](../resources/{_file_of(response_type)}) "
              f"{'objects' if collection else 'object'} in the response body.", ""]
    lines += ["## Examples", "", "### Request", "", draw(annotations("request")), "", "```http",
              f"{method} https://graph.microsoft.com/beta{draw(st.sampled_from(paths)).replace('{', '').replace('}', '')}",
              "Content-Type: application/json", "", draw(json_bodies(response_type)), "```", ""]
    lines += ["### Response", "", draw(annotations("response", f"microsoft.graph.{response_type}")), "", "```http",
              f"HTTP/1.1 {draw(st.sampled_from(['200 OK', '201 Created', '204 No Content', '999 X']))}",
              "Content-type: application/json", "", draw(json_bodies(response_type)), "```", ""]
    return "\n".join(lines) + "\n"


@st.composite
def docs_trees(draw: st.DrawFn, max_types: int = 4, max_apis: int = 3) -> dict[str, bytes]:
    """A small docs tree in the dialect: {relative path: page bytes}."""
    pages: dict[str, str] = {}
    declared: list[str] = []
    for _ in range(draw(st.integers(1, max_types))):
        name = draw(type_names)
        namespace = draw(namespaces)
        kind = draw(st.sampled_from(["resource", "resource", "enum"]))
        text = draw(resource_page(name, namespace, declared) if kind == "resource" else enum_page(name, namespace))
        path = f"resources/{_safe_file(name)}-{len(pages)}.md"
        pages[path] = text
        declared.append(name if namespace == "microsoft.graph" else f"{namespace}.{name}")
    for index in range(draw(st.integers(0, max_apis))):
        pages[f"api/op-{index}.md"] = draw(api_page(declared))
    encoded = {path: text.encode("utf-8", "surrogatepass") for path, text in pages.items()}
    if draw(st.integers(0, 4)) == 0:
        target = draw(st.sampled_from(sorted(encoded)))
        encoded[target] = apply_mutations(encoded[target], draw(mutations(3)))
    return encoded


def _safe_file(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]


# -- mutations of real pages ----------------------------------------------------------------

JUNK = [
    b"|", b"||", b"\\|", b"`", b"``", b"```", b"```http\n", b"```json\n", b"\n```\n", b"~~~\n", b"[", b"]", b"](",
    b"[x][", b"![", b"<!--", b"-->", b"<!-- {", b'<!-- {"blockType": "request"} -->\n', b"{", b"}", b'"', b"\\",
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\r\n", b"\t", b"\x0b", b"\x0c",
    b"\xe2\x80\xae", b"\xe2\x80\xa8", b'"""', b"{{ x }}", b"{% if x %}", b"# ", b"\n# x resource type\n",
    b"## Properties\n", b"\n|Property|Type|Description|\n|:---|:---|:---|\n", b"\n|Member|Value|\n|:---|:---|\n",
    b"> ", b"- ", b"1. ", b"    ", b"&lt;", b"&#0;", b"&#xD800;", b"<br>", b"<a name='x'>", b"<a ", b"\n---\n",
    b"Inherited from [x](x.md)", b"Possible values are: `a`, `b`.", b"\nNamespace: microsoft.graph.x\n",
    b"\nInherits from [entity](entity.md).\n", b"GET /x/{id}\n", b"HTTP/1.1 200 OK\n", b"\n\n", b"*", b"**", b"_",
    b"<", b">", b"&", b"\xf0\x9f\x98\x80", b"\xcc\x81", b"\xd8\xa7", b"'", b"/*", b"//", b"...",
]


@attrs.frozen
class Mutation:
    kind: str
    where: float  # 0..1 of the page
    size: int = 0
    payload: bytes = b""


@st.composite
def mutations(draw: st.DrawFn, max_count: int = 6) -> list[Mutation]:
    found = []
    for _ in range(draw(st.integers(1, max_count))):
        kind = draw(st.sampled_from(["delete", "truncate", "insert", "insert", "insert", "duplicate", "bytes",
                                     "huge", "deep", "long_line", "repeat_line", "swap", "strip_pipes", "nul_late"]))
        where = draw(st.floats(0, 1))
        size = 0
        payload = b""
        if kind in ("delete", "duplicate"):
            size = draw(st.integers(1, 400))
        elif kind == "insert":
            payload = b"".join(draw(st.lists(st.sampled_from(JUNK), min_size=1, max_size=4)))
        elif kind == "bytes":
            payload = draw(st.binary(min_size=1, max_size=16))
        elif kind == "huge":
            size = draw(st.integers(1, 20_000 * SCALE))
            payload = draw(st.sampled_from([b"x", b"|", b"[", b"`", b"<a ", b"\\", b"{", b"*", b" ", b"\xc3\xa9"]))
        elif kind == "deep":
            size = draw(st.integers(10, 1500 * SCALE))
            payload = draw(st.sampled_from([b"[", b"{\"a\":", b"> ", b"- ", b"  - ", b"(", b"<!--"]))
        elif kind == "long_line":
            size = draw(st.integers(1, 50_000 * SCALE))
        elif kind == "repeat_line":
            size = draw(st.integers(2, 1000 * SCALE))
        elif kind == "swap":
            size = draw(st.integers(0, 10_000))
        found.append(Mutation(kind, where, size, payload))
    return found


def apply_mutations(data: bytes, found: Iterable[Mutation]) -> bytes:
    for mutation in found:
        data = _apply(data, mutation)
    return data


def _apply(data: bytes, m: Mutation) -> bytes:
    at = int(m.where * len(data))
    lines = data.split(b"\n")
    line_at = min(len(lines) - 1, int(m.where * len(lines)))
    if m.kind == "delete":
        return data[:at] + data[at + m.size :]
    if m.kind == "truncate":
        return data[:at]
    if m.kind in ("insert", "bytes"):
        return data[:at] + m.payload + data[at:]
    if m.kind == "duplicate":
        return data[:at] + data[at : at + m.size] * 2 + data[at + m.size :]
    if m.kind == "huge":
        return data[:at] + m.payload * m.size + data[at:]
    if m.kind == "deep":
        return data[:at] + m.payload * m.size + data[at:]
    if m.kind == "long_line":
        lines[line_at] = lines[line_at] + b" word" * (m.size // 5 + 1)
        return b"\n".join(lines)
    if m.kind == "repeat_line":
        # Thousands of rows: a table row (or any line) repeated.
        rows = [index for index, line in enumerate(lines) if line.startswith(b"|")]
        index = rows[int(m.where * len(rows)) % len(rows)] if rows else line_at
        return b"\n".join(lines[: index + 1] + [lines[index]] * m.size + lines[index + 1 :])
    if m.kind == "swap":
        other = m.size % len(lines)
        lines[line_at], lines[other] = lines[other], lines[line_at]
        return b"\n".join(lines)
    if m.kind == "strip_pipes":
        lines[line_at] = lines[line_at].replace(b"|", b"")
        return b"\n".join(lines)
    if m.kind == "nul_late":
        cut = max(at, 9000) if len(data) > 9000 else at
        return data[:cut] + b"\x00" + data[cut:]
    raise ValueError(m.kind)


_corpus_pages: list[tuple[Path, str]] | None = None


def corpus_pages() -> list[tuple[Path, str]]:
    """(corpus root, relative path) of every page of the shared corpus; empty when absent."""
    global _corpus_pages
    if _corpus_pages is None:
        found: list[tuple[Path, str]] = []
        for root in CORPORA:
            if root.is_dir():
                found += [(root, path.relative_to(root).as_posix()) for path in sorted(root.rglob("*.md"))]
        _corpus_pages = found
    return _corpus_pages


@st.composite
def mutated_trees(draw: st.DrawFn, max_pages: int = 3) -> dict[str, bytes]:
    """A few corpus pages (at their own relative paths), each mutated or left as it is."""
    pages = corpus_pages()
    tree: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, max_pages))):
        root, relative = draw(st.sampled_from(pages))
        data = (root / relative).read_bytes()
        if draw(st.integers(0, 3)) != 0:
            data = apply_mutations(data, draw(mutations()))
        tree[relative] = data
    return tree


def write_tree(root: Path, pages: dict[str, bytes]) -> Path:
    for relative, data in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    root.mkdir(parents=True, exist_ok=True)
    return root


# -- invariants -----------------------------------------------------------------------------


class InvariantError(AssertionError):
    """An invariant of gen broke on an input (not a crash: a wrong or unsafe result)."""


def page_line_counts(root: Path) -> dict[str, int]:
    """Lines of every file under root, as gen numbers them (decoded as read.py decodes them)."""
    from generator.docs.read import decode_page, printable

    counts: dict[str, int] = {}
    for directory, dirnames, filenames in os.walk(root):
        base = Path(directory)
        for name in dirnames + filenames:
            path = base / name
            relative = printable(path.relative_to(root).as_posix())
            counts[relative] = 1
            if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                continue  # not followed by gen either
            if not path.is_file():
                continue
            page, _ = decode_page(relative, path.read_bytes())
            if page is not None:
                counts[relative] = page.text.count("\n") + 1
            else:
                counts[relative] = path.read_bytes().count(b"\n") + 1
    return counts


def check_diagnostics(diagnostics: Iterable[Diagnostic], lines: dict[str, int]) -> None:
    for found in diagnostics:
        if not isinstance(found, Diagnostic):
            raise InvariantError(f"not a Diagnostic: {found!r}")
        if found.code not in CODES:
            raise InvariantError(f"unknown code in {found!r}")
        if "internal error" in found.message:
            raise InvariantError(f"a bug reported as a diagnostic: {found!r}")
        if found.file not in lines:
            raise InvariantError(f"diagnostic names no file of the tree: {found!r}")
        if not isinstance(found.line, int) or found.line < 0 or found.line > lines[found.file] + 1:
            raise InvariantError(f"diagnostic line outside its page ({lines[found.file]} lines): {found!r}")
        if found.line == 0 and found.code not in FILE_LEVEL_CODES:
            raise InvariantError(f"diagnostic without a line: {found!r}")


# Control, bidirectional-override, zero-width and line-separator characters: none may reach
# generated source raw (string literals escape them, docstrings and comments drop them).
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                       "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")

_package_counter = [0]


def fresh_package() -> str:
    _package_counter[0] += 1
    return f"fz{os.getpid()}_{_package_counter[0]}"


def check_written_paths(out: Path) -> list[Path]:
    """Every file of the output is a plain file inside it; returns them."""
    out_real = out.resolve()
    found = []
    for directory, dirnames, filenames in os.walk(out):
        for name in dirnames + filenames:
            path = Path(directory) / name
            if path.is_symlink():
                raise InvariantError(f"gen wrote a symlink: {path}")
            if not path.resolve().is_relative_to(out_real):
                raise InvariantError(f"written outside the output folder: {path}")
            if len(name.encode()) > 255 - 10:
                raise InvariantError(f"file name too long for some file systems: {name!r}")
            stem = name.split(".")[0].lower()
            if stem in {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}:
                raise InvariantError(f"reserved Windows device name: {path}")
            if path.is_file():
                found.append(path)
    lowered: dict[str, Path] = {}
    for path in found:
        key = path.relative_to(out).as_posix().lower()
        if key in lowered:
            raise InvariantError(f"file names differ only in case: {path} and {lowered[key]}")
        lowered[key] = path
    return found


def check_package(out: Path, package: str) -> None:
    """Every generated Python file compiles; the package, every model, enum and api module imports."""
    files = check_written_paths(out)
    for path in files:
        if path.suffix == ".py":
            source = path.read_text(encoding="utf-8")
            compile(source, str(path), "exec", dont_inherit=True)
            hidden = INVISIBLE.search(source)
            if hidden:  # "Trojan Source": code that reads differently from what it does
                raise InvariantError(f"{path}: invisible or bidirectional character {hidden.group()!r} in the source")
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text(encoding="utf-8"))
    sys.path.insert(0, str(out))
    try:
        root = importlib.import_module(package)
        for name in root.__all__:
            getattr(root, name)
        runtime = importlib.import_module(package + "._runtime")
        registry = importlib.import_module(package + "._registry")
        for odata_name, (module, class_name) in registry.CLASSES.items():
            cls = runtime.load_class(f"{module}:{class_name}")
            instance = cls.from_dict({"@odata.type": "#" + odata_name})
            if runtime.dumps(instance.to_dict()) != runtime.dumps({"@odata.type": "#" + odata_name}):
                raise InvariantError(f"{cls} does not round-trip its own @odata.type")
        _walk_models(importlib.import_module(package + ".models"), runtime)
        paths = importlib.import_module(package + ".paths")
        for info in pkgutil.iter_modules(paths.__path__):
            importlib.import_module(f"{package}.paths.{info.name}")
        importlib.import_module(package + ".client").Client("http://127.0.0.1:9").close()
        importlib.import_module(package + ".types")
        importlib.import_module(package + ".errors")
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
            del sys.modules[name]


def _walk_models(models: Any, runtime: Any) -> None:
    for name in models.__all__:
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, runtime.Model):
            value().to_dict()
        elif isinstance(value, type) and issubclass(value, runtime.OpenEnum):
            for member in value:
                if value(member.value) is not member and value(member.value).value != member.value:
                    raise InvariantError(f"enum member {member!r} does not read back")
        elif hasattr(value, "__all__"):
            _walk_models(value, runtime)
        else:
            raise InvariantError(f"{models.__name__}.{name} is neither a model, an enum nor a subpackage: {value!r}")


@attrs.frozen
class Stages:
    build: bool = True
    formatted: bool = False  # black (slow): the real ``gen build``
    test: bool = True  # gen test: round trips and replays
    lint: bool = True
    drift: bool = True
    schema_round_trip: bool = True


def check_pages(pages: dict[str, bytes], stages: Stages = Stages()) -> None:
    """``check_tree`` on a tree of these pages, in a scratch folder of its own."""
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
        check_tree(write_tree(Path(scratch) / "docs", pages), Path(scratch), stages)


def check_tree(root: Path, work: Path, stages: Stages = Stages(), limits: Limits = Limits(),
               against: ApiModel | None = None) -> ApiModel:
    """Run the tree through gen; raise on a broken invariant (exceptions escape as they are)."""
    lines = page_line_counts(root)
    loaded = load(root, limits, jobs=1, scan=True)
    model = loaded.model
    check_diagnostics(model.diagnostics, lines)
    _check_schema(model, stages.schema_round_trip)
    if stages.build:
        _check_build(root, work, limits, lines, stages.formatted)
    if stages.test:
        _check_test(root, limits)
    if stages.lint:
        _check_lint(loaded, root, lines)
    if stages.drift:
        _check_drift(model, against if against is not None else ApiModel())
    return model


def _check_schema(model: ApiModel, round_trip: bool) -> None:
    from generator.model.schema import model_from_schema

    schema = schema_json(model)
    json.loads(schema)
    utf8(schema, "gen schema")
    utf8(model_text(model), "gen schema --format text")
    for found in model.diagnostics:
        utf8(found.message, "a diagnostic")
    if round_trip and schema_json(model_from_schema(json.loads(schema))) != schema:
        raise InvariantError("schema JSON does not survive model_from_schema")


def _check_build(root: Path, work: Path, limits: Limits, lines: dict[str, int], formatted: bool) -> None:
    out = work / "out"
    package = fresh_package()
    report = build(root, out, package, limits, jobs=1, format_code=formatted)
    check_diagnostics(report.diagnostics, lines)
    check_package(out, package)
    if formatted:
        check_black_text(out)


def check_black_text(out: Path) -> None:
    """Every Python file is black's text: most are laid out by gen without black (``Layout.sure``),
    which must be what black writes, whatever names and strings the docs hold."""
    import black

    from generator.sdk.format import _mode

    for path in sorted(out.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if black.format_str(source, mode=_mode()) != source:
            raise InvariantError(f"{path.relative_to(out)}: black would change the file gen wrote")


def _check_test(root: Path, limits: Limits) -> None:
    from generator.sdktest import run_tests

    server_errors = _Collect()
    logging.getLogger("gen.replay").addHandler(server_errors)
    try:
        tested = run_tests(root, limits, jobs=1)
    finally:
        logging.getLogger("gen.replay").removeHandler(server_errors)
    if server_errors.records:
        raise InvariantError(f"the replay server failed: {server_errors.records[0].getMessage()[:300]}")
    broken = [row for row in tested.replays if row.outcome == "mismatch" and _crashed(row.reason)]
    if broken:  # the SDK raised (not ApiError: that is the server saying the request differs)
        # (the exception's name in the head: campaigns key failures by it, so two causes stay two)
        raise InvariantError(f"a replay broke the SDK ({broken[0].reason.split(':', 1)[0]}): {broken[0].as_dict()}")
    utf8(json.dumps(tested.as_dict(), ensure_ascii=False), "gen test --format json")
    for row in tested.rows:
        if row.outcome == "lossy":
            raise InvariantError(f"lossy round trip: {row.as_dict()}")


def _check_lint(loaded: Loaded, root: Path, lines: dict[str, int]) -> None:
    from generator.lint import lint_tree
    from generator.lint import report as lint_report

    report = lint_tree(loaded, root, Config())
    for finding in report.findings:
        if finding.file == "pyproject.toml" and finding.code.startswith("GEN4"):
            continue  # a suppression of the configuration file
        _check_finding_place(finding, lines)
    for fmt in ("text", "json", "sarif", "github"):
        text = utf8(lint_report.render(report, fmt, "docs/"), f"gen lint --format {fmt}")
        if fmt in ("json", "sarif"):
            json.loads(text)


def _check_finding_place(finding: Diagnostic, lines: dict[str, int]) -> None:
    if finding.file not in lines:
        raise InvariantError(f"lint finding names no file of the tree: {finding}")
    if finding.line < 0 or finding.line > lines[finding.file] + 1:
        raise InvariantError(f"lint finding line outside its page ({lines[finding.file]} lines): {finding}")
    if finding.line == 0 and finding.code not in FILE_LEVEL_CODES:
        raise InvariantError(f"lint finding without a line: {finding}")


def _check_drift(model: ApiModel, other: ApiModel) -> None:
    from generator.drift import report as drift_report

    if diff_models(model, model):
        raise InvariantError(f"a model drifts from itself: {diff_models(model, model)[:3]}")
    for old, new in ((other, model), (model, other)):
        changes = diff_models(old, new)
        for fmt in ("text", "json", "markdown", "github"):
            text = utf8(drift_report.render(fmt, changes, "old", "new", lambda path: "docs/" + path), f"gen drift --format {fmt}")
            if fmt == "json":
                json.loads(text)


def _crashed(reason: str) -> bool:
    first = reason.split(":", 1)[0]
    return first.isidentifier() and first.endswith(("Error", "Exception")) and first != "ApiError"


class _Collect(logging.Handler):
    """Error records of a logger (the replay server reports its failures only there)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def utf8(text: str, what: str) -> str:
    """Every output of gen is written as UTF-8: text that cannot be is a crash waiting to happen."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvariantError(f"{what} output is not encodable as UTF-8: {error}") from None
    return text


def failure_key(error: BaseException) -> str:
    """Exception type and the innermost frame inside gen: what makes two failures the same."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    inside = [frame for frame in frames if "/generator/" in frame.filename or "/fz" in frame.filename]
    frame = inside[-1] if inside else (frames[-1] if frames else None)
    where = f"{Path(frame.filename).name}:{frame.lineno}:{frame.name}" if frame else "?"
    if isinstance(error, InvariantError):
        return f"InvariantError: {str(error).split(':')[0]}"
    return f"{type(error).__name__} at {where}"


# -- the generated code, read as code --------------------------------------------------------


def code_without_strings(source: str) -> str:
    """The source with every string literal and comment removed: what would run."""
    kept = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.STRING, tokenize.COMMENT) or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            kept.append('""' if token.type == tokenize.STRING else "")
        else:
            kept.append(token.string)
    return " ".join(kept)


def calls_and_imports(tree: ast.AST) -> tuple[set[str], set[str]]:
    """Dotted names of what a module calls, and of what it imports."""
    calls: set[str] = set()
    imports: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls.add(_dotted(node.func))
        elif isinstance(node, ast.Import):
            imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imports.add("." * node.level + (node.module or ""))
    return calls, imports


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    return "<" + type(node).__name__ + ">"


def identifiers(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.update(part for part in node.name.split(".") if part)
            if node.asname:
                found.add(node.asname)
        elif isinstance(node, ast.keyword) and node.arg:
            found.add(node.arg)
    return found


def is_safe_identifier(name: str) -> bool:
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def string_constants(tree: ast.AST) -> list[str]:
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def run_with(check: Callable[[], Any]) -> BaseException | None:
    try:
        check()
    except Exception as error:  # noqa: BLE001 - the campaign counts failures
        return error
    return None
