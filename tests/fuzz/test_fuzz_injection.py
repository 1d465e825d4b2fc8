"""Injection: names and texts from pages are data, never code.

A docs tree whose property, type, enum member, parameter and operation names and whose
descriptions are Python and Jinja payloads is built (with black, as ``gen build`` does),
imported and round-tripped. Then every generated module is read as code: its identifiers
are all ones ``naming`` makes, it calls and imports nothing that the templates do not call
and import for an ordinary tree, no payload survives outside a string literal, and the
payloads that are data (JSON names) are there as literals, unchanged. A sentinel payload
proves that nothing ran.
"""

from __future__ import annotations

import ast
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fuzzlib
from fuzzlib import (
    HOSTILE_NAMES,
    HOSTILE_TEXTS,
    Stages,
    calls_and_imports,
    check_package,
    check_tree,
    code_without_strings,
    fresh_package,
    fuzz_settings,
    identifiers,
    is_safe_identifier,
    string_constants,
    write_tree,
)
from generator.sdk.build import build
from generator.sdktest import run_tests

# Names that must never be code in a generated module (the templates use none of them),
# and the statement separator (no template line needs one).
FORBIDDEN_NAMES = frozenset(
    {"__import__", "eval", "exec", "system", "os", "subprocess", "open", "compile", "globals", "__globals__",
     "__subclasses__", "__builtins__", "__base__", "cycler", "setattr", "delattr", "breakpoint", "input"}
)


def _payloads(sentinel: Path) -> list[str]:
    return [
        f'__import__("os").system("touch {sentinel}")',
        f"__import__('builtins').open('{sentinel}', 'w')",
        f'a"; open("{sentinel}", "w"); "',
        f"a'; open('{sentinel}', 'w'); '",
        f'x)\nopen("{sentinel}", "w")\n(',
        f'"""\nopen("{sentinel}", "w")\n"""',
        "{{ cycler.__init__.__globals__.os.system('touch " + str(sentinel) + "') }}",
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    ]


def _cell(text: str) -> str:
    """A table cell that reads back as exactly ``text`` (Markdown punctuation escaped)."""
    for char in "\\`*_[]<>&!#":
        text = text.replace(char, "\\" + char)
    return text.replace("|", "\\|").replace("\n", " ")


def hostile_pages(sentinel: Path) -> dict[str, str]:
    payloads = _payloads(sentinel)
    names = payloads + [
        "class", "None", "self", "__init__", "__class__", "to_dict", "additional_properties", "_json_fields",
        "type", "match", "_", "name", "Name", "NAME", "nAmE", "Ünïcödé", "straße", "STRASSE", "日本語",
        "x" * 300, "con", "../../etc/passwd", "operation", "client", "body", "query",
    ]
    texts = payloads + [t for t in HOSTILE_TEXTS if t != "\x00"] + ['end with a quote"', 'end with an escaped quote \\"', "\\"]
    rows = "\n".join(f"|{_cell(name)}|String|{_cell(texts[i % len(texts)])}|" for i, name in enumerate(names))
    enum_rows = "\n".join(
        f"|{_cell(name)}|{i}|{_cell(texts[(i + 3) % len(texts)])}|" for i, name in enumerate(names)
    )
    example = {name: f"value of {name}" for name in names}
    example["kind"] = "class"
    example["@odata.type"] = "#microsoft.graph.thing"
    body_rows = "\n".join(f"|{_cell(name)}|String|{_cell(texts[(i + 5) % len(texts)])}|" for i, name in enumerate(names[:12]))
    thing = f"""\
---
title: "thing resource type"
doc_type: resourcePageType
---

# thing resource type

Namespace: microsoft.graph

{_cell(payloads[0])} {_cell(payloads[6])} \"\"\" \\ {{{{ }}}} {{% %}} \u202eevil\u202c \x07

## Properties

|Property|Type|Description|
|:---|:---|:---|
{rows}
|kind|[thingKind](#thingkind-values)|The kind.|

### thingKind values

|Member|Value|Description|
|:---|:---|:---|
{enum_rows}

## JSON representation

<!-- {{"blockType": "resource", "@odata.type": "microsoft.graph.thing", "keyProperty": "id"}} -->

```json
{json.dumps(example, indent=2)}
```
"""
    # Types named like Python and like each other (only case differs), and non-ASCII names.
    others = {}
    for index, type_name in enumerate(["class", "None", "self", "__init__", "Model", "Other", "OTHER", "Ünïcödé",
                                       "con", "aux", "models", "x" * 300, "_registry", "_runtime"]):
        others[f"resources/other{index}.md"] = f"""\
---
doc_type: resourcePageType
---

# {type_name} resource type

Namespace: microsoft.graph

A type named {type_name}.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|{_cell(payloads[index % len(payloads)])}|[thing](thing.md)|{_cell(texts[index])}|
|value|String collection|Values.|
"""
    request = {name: "x" for name in names[:12]}
    api = f"""\
---
title: "{_cell(payloads[1]).replace('"', "'")}"
doc_type: apiPageType
---

# Update thing

Namespace: microsoft.graph

{_cell(payloads[2])}

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|{_cell(payloads[3])}|

## HTTP request

<!-- {{ "blockType": "ignored" }} -->

```http
POST /things/{{{payloads[0]}}}/items/{{class}}/{{None}}/{{self}}
POST /things/{{x | {_cell(payloads[2])}}}
```

## Request body

|Parameter|Type|Description|
|:---|:---|:---|
{body_rows}

## Response

If successful, this method returns a `200 OK` response code and a [thing](../resources/thing.md) object in the response body.

## Examples

### Request

<!-- {json.dumps({"blockType": "request", "name": payloads[4]})} -->

```http
POST https://graph.microsoft.com/beta/things/a/items/b/c/d
Content-Type: application/json

{json.dumps(request, indent=2)}
```

### Response

<!-- {json.dumps({"blockType": "response", "@odata.type": "microsoft.graph.thing"})} -->

```http
HTTP/1.1 200 OK
Content-type: application/json

{json.dumps(example, indent=2)}
```
"""
    pages = {"resources/thing.md": thing, "api/thing-update.md": api, **others}
    return pages


_BASELINE: dict[str, set[str]] = {}


def baseline(scratch: Path) -> tuple[set[str], set[str], set[str]]:
    """What the templates call and import, from a build of the sample docs (docs-input)."""
    if not _BASELINE:
        out = scratch / "baseline"
        package = fresh_package()
        build(fuzzlib.DOCS_INPUT, out, package, jobs=1, format_code=False)
        calls: set[str] = set()
        imports: set[str] = set()
        words: set[str] = set()
        for path in out.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            found_calls, found_imports = calls_and_imports(ast.parse(source))
            calls |= found_calls
            imports |= {_generic(name, package) for name in found_imports}
            words |= set(code_without_strings(source).split())
        _BASELINE["calls"], _BASELINE["imports"], _BASELINE["words"] = calls, imports, words
    return _BASELINE["calls"], _BASELINE["imports"], _BASELINE["words"]


def _generic(module: str, package: str) -> str:
    if module == package or module.startswith(package + "."):
        parts = module.split(".")
        # PKG.models.x -> PKG.models.*: the modules of types differ from tree to tree.
        return ".".join(["PKG", *parts[1:2], *(["*"] if len(parts) > 2 else [])])
    return module


def check_generated_code(
    out: Path, package: str, known: tuple[set[str], set[str], set[str]], data: list[str]
) -> None:
    """Every module of the package, read as code, holds only what the templates put there."""
    calls, imports, template_words = known
    forbidden = FORBIDDEN_NAMES - template_words
    constants: set[str] = set()
    # Path node classes are named after the tree's paths and constructed by name (child nodes).
    nodes = {
        node.name
        for path in out.rglob("paths/*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    for path in out.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for name in identifiers(tree):
            assert is_safe_identifier(name), f"{path}: identifier {name!r}"
        found_calls, found_imports = calls_and_imports(tree)
        unexpected = {call for call in found_calls if call not in calls and call not in nodes and not call.startswith("<")}
        assert not unexpected, f"{path}: calls the templates do not make: {sorted(unexpected)}"
        strange = {name for name in found_imports if _generic(name, package) not in imports and not name.startswith(".")}
        assert not strange, f"{path}: imports the templates do not make: {sorted(strange)}"
        words = set(code_without_strings(source).split())
        assert not words & forbidden, f"{path}: {sorted(words & forbidden)} outside a string literal"
        assert ";" not in words, f"{path}: a statement separator outside a string literal"
        constants.update(string_constants(tree))
    for text in data:
        assert text in constants, f"page data {text!r} is not kept as a string literal"


def test_hostile_names_and_texts_stay_data(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    docs = tmp_path / "docs"
    for relative, text in hostile_pages(sentinel).items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    package = fresh_package()
    report = build(docs, out, package, jobs=1)  # with black, as gen build does
    assert report.model is not None
    check_package(out, package)
    known = baseline(tmp_path)
    json_names = [prop.name for prop in report.model.types["microsoft.graph.thing"].properties]
    assert '__import__("os").system("touch ' + str(sentinel) + '")' in json_names
    check_generated_code(out, package, known, json_names)
    # The Jinja payloads were printed, not evaluated.
    docstrings = (out / package / "models" / "thing.py").read_text(encoding="utf-8")
    assert "cycler.__init__.__globals__" in docstrings and "__subclasses__" in docstrings
    # Round trips still hold, with every hostile key.
    tested = run_tests(docs, jobs=1)
    assert not tested.failed, [row.as_dict() for row in tested.rows if row.outcome == "lossy"]
    assert any(row.outcome == "lossless" for row in tested.rows)
    assert not sentinel.exists(), "a page ran code"


def test_names_that_differ_only_in_case_are_one_property_and_names_stay_unique(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    docs = write_tree(tmp_path / "docs", {p: t.encode() for p, t in hostile_pages(sentinel).items()})
    out = tmp_path / "out"
    package = fresh_package()
    report = build(docs, out, package, jobs=1, format_code=False)
    assert report.model is not None
    from generator.sdk.render.layout import plan

    layout = plan(report.model, package)
    attributes = layout.attributes["microsoft.graph.thing"]
    # One JSON name per property: the first spelling on the page; each other spelling is a finding.
    assert "name" in attributes and not {"Name", "NAME", "nAmE"} & set(attributes)
    case_findings = {d.member for d in report.model.diagnostics if d.code == "GEN210"}
    assert {"Name", "NAME", "nAmE"} <= case_findings
    assert len(set(attributes.values())) == len(attributes)
    modules = [ref.module.lower() for ref in layout.classes.values()]
    assert len(set(modules)) == len(modules)  # unique even on a case-insensitive file system


@fuzz_settings(25)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE_NAMES + HOSTILE_TEXTS), st.text(max_size=20)), min_size=1, max_size=8),
       st.lists(st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=30)), min_size=1, max_size=4))
def test_any_names_and_texts_stay_data(names: list[str], texts: list[str]) -> None:
    rows = "\n".join(f"|{_cell(name)}|String|{_cell(texts[i % len(texts)])}|" for i, name in enumerate(names))
    members = "\n".join(f"|{_cell(name)}|{_cell(texts[i % len(texts)])}|" for i, name in enumerate(names))
    page = (
        "---\ndoc_type: resourcePageType\n---\n\n# thing resource type\n\nNamespace: microsoft.graph\n\n"
        f"{_cell(texts[0])}\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{rows}\n\n"
        f"### thingKind values\n\n|Member|Description|\n|:---|:---|\n{members}\n"
    )
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
        docs = write_tree(Path(scratch) / "docs", {"resources/thing.md": page.encode("utf-8", "surrogatepass")})
        out = Path(scratch) / "out"
        package = fresh_package()
        report = build(docs, out, package, jobs=1, format_code=False)
        assert report.model is not None
        check_package(out, package)
        known = baseline(Path(scratch))
        thing = report.model.types.get("microsoft.graph.thing")
        data = [prop.name for prop in thing.properties] if thing else []
        check_generated_code(out, package, known, data)


@pytest.mark.parametrize("stages", [Stages(formatted=True, test=True)])
def test_hostile_tree_passes_the_whole_harness(tmp_path: Path, stages: Stages) -> None:
    docs = write_tree(tmp_path / "docs", {p: t.encode() for p, t in hostile_pages(tmp_path / "pwned").items()})
    check_tree(docs, tmp_path, stages)
    assert not (tmp_path / "pwned").exists()
