"""gen schema --format openapi: the OpenAPI 3.1 document of a docs tree (issue 16).

What must hold: the document for docs-input/ and for the corpus validates with
openapi-spec-validator; every documented example validates against its schema or is a
GEN502/GEN503 finding saying why not; bad input costs a diagnostic, never validity; and
real consumers (openapi-python-client, datamodel-code-generator) build code from the
corpus document (the slow test at the end, in a venv of their own).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from generator.model import ApiModel
from generator.openapi import EDM_SCHEMAS, OpenApi, openapi_document, permission_scopes, to_yaml, valid_template
from generator.openapi.validate import ExampleReport, check_examples, openapi_output
from generator.docs import load_model
from helpers import ROOT, run_gen

SCHEMAS = "#/components/schemas/"


@pytest.fixture(scope="module")
def docs_openapi(docs_input_model: ApiModel) -> OpenApi:
    return openapi_document(docs_input_model)


@pytest.fixture(scope="module")
def docs_document(docs_openapi: OpenApi) -> dict[str, Any]:
    return docs_openapi.document


def operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (path, method, operation)."""
    return {
        operation["operationId"]: (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def own_properties(schema: dict[str, Any]) -> dict[str, Any]:
    """The properties a component declares itself (beside its allOf base)."""
    parts = [schema, *schema.get("allOf", [])]
    return {name: value for part in parts for name, value in part.get("properties", {}).items()}


# -- docs-input ---------------------------------------------------------------------------


def test_docs_input_document_validates(docs_document: dict[str, Any]) -> None:
    validate(docs_document)
    assert docs_document["openapi"] == "3.1.0"
    assert docs_document["servers"] == [{"url": "https://graph.microsoft.com/beta"}]


def test_document_is_deterministic(docs_input_model: ApiModel, tmp_path: Path) -> None:
    first, _, _ = openapi_output(docs_input_model)
    again, _, _ = openapi_output(load_model(ROOT / "docs-input"))
    assert first == again
    cli = run_gen("-q", "schema", "docs-input", "--format", "openapi")
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == first
    assert list(json.loads(first)["paths"]) == sorted(json.loads(first)["paths"])


def test_yaml_when_the_output_ends_in_yaml(tmp_path: Path, docs_document: dict[str, Any]) -> None:
    for name in ("openapi.yaml", "openapi.YML"):
        out = tmp_path / name
        result = run_gen("schema", "docs-input", "--format", "openapi", "-o", str(out), "--diagnostics", str(tmp_path / "d.json"))
        assert result.returncode == 0, result.stderr
        assert not out.read_text().lstrip().startswith("{")
        assert yaml.safe_load(out.read_text()) == docs_document
        validate(yaml.safe_load(out.read_text()))
    codes = {d["code"] for d in json.loads((tmp_path / "d.json").read_text())["diagnostics"]}
    assert {"GEN307", "GEN502", "GEN503"} <= codes  # the model's diagnostics and the document's


def test_inheritance_discriminator_and_descriptions(docs_document: dict[str, Any]) -> None:
    schemas = docs_document["components"]["schemas"]
    vehicle = schemas["microsoft.graph.vehicle"]
    assert vehicle["allOf"][0] == {"$ref": SCHEMAS + "microsoft.graph.fleetAsset"}
    assert vehicle["x-gen"]["source"] == "resources/vehicle.md"
    asset = schemas["microsoft.graph.fleetAsset"]
    mapping = asset["discriminator"]["mapping"]
    # every known descendant, transitively; the abstract base itself is not a value
    assert mapping == {
        f"#microsoft.graph.{name}": SCHEMAS + f"microsoft.graph.{name}"
        for name in ("chargingStation", "electricVehicle", "vehicle")
    }
    assert asset["discriminator"]["propertyName"] == "@odata.type"
    assert "@odata.type" in own_properties(asset)
    assert "An abstract type" in asset["description"]
    assert "discriminator" not in schemas["microsoft.graph.electricVehicle"]  # no subtypes


def test_properties_nullable_read_only_and_edm_formats(docs_document: dict[str, Any]) -> None:
    schemas = docs_document["components"]["schemas"]
    asset = own_properties(schemas["microsoft.graph.fleetAsset"])
    assert asset["createdDateTime"] == {
        "type": ["string", "null"],
        "format": "date-time",
        "description": "When the asset was registered. Read-only.",
        "readOnly": True,
    }
    assert asset["acquiredDate"]["format"] == "date"
    assert asset["tags"] == {"type": ["array", "null"], "items": {"type": "string"}, "description": asset["tags"]["description"]}
    assert asset["status"]["anyOf"] == [{"$ref": SCHEMAS + "microsoft.graph.assetStatus"}, {"type": "null"}]
    formats = {
        (value.get("format"), value["type"][0])
        for schema in schemas.values()
        for value in own_properties(schema).values()
        if isinstance(value.get("type"), list)
    }
    for pair in [("date-time", "string"), ("date", "string"), ("time", "string"), ("duration", "string"),
                 ("uuid", "string"), ("int32", "integer"), ("int64", "integer"), ("double", "number"),
                 ("byte", "string"), ("binary", "string")]:
        assert pair in formats, pair
    assert {EDM_SCHEMAS[name].get("format") for name in EDM_SCHEMAS} >= {
        "date-time", "date", "time", "duration", "uuid", "int32", "int64", "double", "byte", "binary"}


def test_enums_are_open_and_document_unknown_future_value(docs_document: dict[str, Any]) -> None:
    status = docs_document["components"]["schemas"]["microsoft.graph.assetStatus"]
    known, other = status["anyOf"]
    assert known == {"type": "string", "enum": ["available", "inService", "underMaintenance", "retired", "unknownFutureValue"]}
    assert other == {"type": "string"}
    assert "`unknownFutureValue` is the evolvable-enum sentinel" in status["description"]
    assert "- `inService`: The asset is in use." in status["description"]


def test_paths_operation_ids_and_parameters(docs_document: dict[str, Any]) -> None:
    ops = operations(docs_document)
    assert len(ops) == sum(len(item) for item in docs_document["paths"].values())  # ids unique
    # /fleet/vehicles/{id} (get) and {vehicle-id} (patch, delete) are one template
    assert {ops[name][0] for name in ("get_vehicle", "update_vehicle", "delete_vehicle")} == {"/fleet/vehicles/{vehicle-id}"}
    assert ops["get_vehicle_2"][0] == "/fleet/drivers/{driver-id}/assignedVehicle"  # its second documented path
    assert ops["get_driver_2"][0] == "/users/{id}/driverProfile"  # {id|userPrincipalName}
    path, method, session = ops["get_telemetrysession"]
    assert [(p["name"], p["in"], p["required"]) for p in session["parameters"]] == [
        ("vehicle-id", "path", True), ("telemetrySession-id", "path", True)]
    assert session["parameters"][0]["description"] == "The identifier of the vehicle."
    assert session["externalDocs"]["url"] == "api/fleettelemetry-telemetrysession-get.md"
    assert session["x-gen"] == {"source": "api/fleettelemetry-telemetrysession-get.md", "line": 10}
    assert session["summary"] == "Get telemetrySession"
    # OData query options the page's own request example uses, as shared parameters
    listed = ops["list_vehicles"][2]
    assert listed["parameters"] == [{"$ref": "#/components/parameters/odata.filter"}, {"$ref": "#/components/parameters/odata.top"}]
    assert docs_document["components"]["parameters"]["odata.top"]["schema"] == {"type": "integer", "minimum": 0}


def test_bodies_responses_and_examples(docs_document: dict[str, Any]) -> None:
    ops = operations(docs_document)
    listed = ops["list_vehicles"][2]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"]["properties"]["value"] == {"type": "array", "items": {"$ref": SCHEMAS + "microsoft.graph.vehicle"}}
    assert "@odata.nextLink" in listed["schema"]["properties"]
    [example] = listed["examples"].values()
    component = docs_document["components"]["examples"][example["$ref"].rpartition("/")[2]]
    assert component["value"]["value"][0]["displayName"]
    assert component["x-gen"]["source"] == "api/fleet-list-vehicles.md"
    create = ops["create_vehicle"][2]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {"$ref": SCHEMAS + "microsoft.graph.vehicle"}
    assert list(create["responses"]) == ["201"]
    action = ops["vehicle_schedulemaintenance"][2]["requestBody"]["content"]["application/json"]["schema"]
    assert action["required"] == ["type", "scheduledDateTime"]
    assert action["properties"]["scheduledDateTime"]["format"] == "date-time"
    assert ops["delete_vehicle"][2]["responses"] == {"204": {"description": "No Content"}}
    report = ops["get_fleetreport_content"][2]["responses"]["200"]
    assert report["content"] == {"text/csv": {"schema": {"type": "string"}}}


def test_security_schemes_and_scopes(docs_document: dict[str, Any]) -> None:
    schemes = docs_document["components"]["securitySchemes"]
    assert schemes["delegated"]["type"] == schemes["application"]["type"] == "oauth2"
    assert set(schemes["delegated"]["flows"]["authorizationCode"]["scopes"]) == {
        "Fleet.Read.All", "Fleet.ReadWrite.All", "FleetReport.Read.All", "FleetReport.ReadWrite.All", "FleetTelemetry.Read.All"}
    assert "clientCredentials" in schemes["application"]["flows"]
    ops = operations(docs_document)
    # "one of the following permissions": each scope is an alternative
    assert ops["list_trips"][2]["security"] == [
        {"delegated": ["Fleet.Read.All"]}, {"delegated": ["Fleet.ReadWrite.All"]},
        {"application": ["Fleet.Read.All"]}, {"application": ["Fleet.ReadWrite.All"]}]


def test_permission_rows_intune_sub_rows_and_todos() -> None:
    rows = [
        ("Delegated (work or school account)", ""),
        ("Policy Set", "DeviceManagementApps.ReadWrite.All, DeviceManagementApps.Read.All"),
        ("Delegated (personal Microsoft account)", "Not supported."),
        ("Application", "**TODO: Determine AppOnly scopes **"),
        ("Mobile app management (MAM)", "Sites.Read.All and Files.Read"),
    ]
    assert permission_scopes(rows) == {
        "delegated": ["DeviceManagementApps.ReadWrite.All", "DeviceManagementApps.Read.All"],
        "application": ["Sites.Read.All", "Files.Read"],
    }


def test_docs_input_examples_validate(docs_openapi: OpenApi) -> None:
    report = check_examples(docs_openapi)
    by_file = {(d.file, d.line): d for d in report.findings}
    # Every request and response example of the docs validates against its operation's schema;
    # resource pages show type placeholders ("String (timestamp)"), which are said to be that.
    for placed in docs_openapi.examples:
        example = placed.example
        finding = by_file.get((example.file, example.body_line or example.line))
        if placed.pointer is None:
            assert finding is not None and finding.code == "GEN503", example
        elif example.kind in ("request", "response"):
            assert finding is None, finding
        elif finding is not None and example.file != "resources/electricvehicle.md":
            assert finding.code == "GEN502" and "type placeholders" in finding.message, finding
    # The one real defect: a number written as a string (gen lint says GEN102 there too).
    [invalid] = [d for d in report.findings if "does not validate" in d.message]
    assert invalid.file == "resources/electricvehicle.md" and "$.rangeKm: '4.2' is not of type 'number'" in invalid.message
    assert (report.checked, report.valid, report.placeholders, report.invalid, report.no_schema) == (31, 18, 12, 1, 2)


# -- bad input ----------------------------------------------------------------------------

API_PAGE = """\
---
title: "{title}"
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

{description}

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|{scopes}|
|Application|Not supported.|

## HTTP request

```http
{request}
```

## Request headers

|Name|Description|
|:---|:---|
|Authorization|Bearer {{token}}. Required.|
|Prefer|return=minimal. Optional.|
|Bad header name|A row misread as a header.|

## Query parameters

|Parameter|Type|Description|
|:---|:---|:---|
|startDateTime|DateTimeOffset|The start of the window. Required.|

## Response

If successful, this method returns a `{status}` response code and a [{response}](../resources/{response_page}.md) object in the response body.

## Example

### Request

<!-- {{ "blockType": "request", "name": "{name}" }} -->

```http
{example_request}
```

### Response

<!-- {{ "blockType": "response", "@odata.type": "microsoft.graph.{response}" }} -->

```http
HTTP/1.1 {status}
Content-type: application/json

{body}
```
"""


def api_page(**fields: str) -> str:
    values = {"description": "", "scopes": "Fleet.ReadWrite.All", "status": "201 Created", "response": "vehicle",
              "response_page": "vehicle", "body": "{}", "name": "example"}
    values.update(fields)
    values.setdefault("example_request", values["request"])
    return API_PAGE.format(**values)


def bad_tree(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    shutil.copytree(ROOT / "docs-input", root)
    pages = {
        # a second page for POST /fleet/vehicles (one per subtype, as Intune does)
        "api/fleet-post-electricvehicles.md": api_page(
            title="Create electricVehicle", request="POST /fleet/vehicles", response="electricVehicle",
            response_page="electricvehicle",
            body='{"@odata.type": "#microsoft.graph.electricVehicle", "batteryCapacityKwh": "lots"}',
        ),
        # a repeated placeholder, alternatives in a placeholder, TODO permissions
        "api/odd-paths.md": api_page(
            title="Odd paths", request="GET /users/{id|userPrincipalName}/fleets/{id}/vehicles/{ vehicle id }",
            scopes="**TODO: Determine scopes **", status="200 OK",
            example_request="GET https://graph.microsoft.com/beta/users/a/fleets/b/vehicles/c?$select=vin&$expand=x&startDateTime=2020&custom=1",
        ),
        # no request path at all
        "api/no-path.md": api_page(title="No path", request="GET ** Entity URI not found"),
        "api/garbage.md": "\x00\x01 binary garbage",
    }
    for relative, text in pages.items():
        (root / relative).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_bad_input_is_diagnosed_and_the_document_still_validates(tmp_path: Path) -> None:
    model = load_model(bad_tree(tmp_path))
    text, diagnostics, report = openapi_output(model)
    document = json.loads(text)
    validate(document)
    codes = {d.code for d in diagnostics}
    assert {"GEN501", "GEN502", "GEN503"} <= codes
    ops = operations(document)
    # The two pages for POST /fleet/vehicles are one operation whose body is their common
    # base; the page about that base names it.
    create = ops["create_vehicle"][2]
    assert "create_electricvehicle" not in ops
    assert create["x-gen"]["merged"] == [{"source": "api/fleet-post-electricvehicles.md", "line": 6}]
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {"$ref": SCHEMAS + "microsoft.graph.vehicle"}
    assert len(create["responses"]["201"]["content"]["application/json"]["examples"]) == 2
    merged = [d for d in diagnostics if d.code == "GEN501"]
    assert [d.file for d in merged] == ["api/fleet-post-electricvehicles.md"]
    # valid templates: alternatives dropped, a repeated name told apart, spaces made a name
    path, _, odd = ops["odd_paths"]
    assert path == "/users/{id}/fleets/{fleets-id}/vehicles/{vehicleid}"
    names = [(p.get("name") or p["$ref"].rpartition("/")[2], p.get("in")) for p in odd["parameters"]]
    assert names == [("id", "path"), ("fleets-id", "path"), ("vehicleid", "path"), ("startDateTime", "query"),
                     ("odata.select", None), ("odata.expand", None), ("custom", "query"), ("Prefer", "header")]
    start = odd["parameters"][3]
    assert start["schema"]["format"] == "date-time" and start["required"] is True
    assert odd["security"] == [{"delegated": []}, {"application": []}]  # a TODO names no scope
    invalid = [d for d in report.findings if d.file == "api/fleet-post-electricvehicles.md"]
    assert invalid and "'lots' is not of type 'number'" in invalid[0].message


def test_valid_template() -> None:
    assert valid_template("/a/{x|y}/b/{x}") == ("/a/{x}/b/{b-x}", ["x", "b-x"])
    assert valid_template("me/{}") == ("/me/{param}", ["param"])
    assert valid_template("/a/{ b c }") == ("/a/{b-c}", ["b-c"])
    assert valid_template("/r(period='{period_value}')") == ("/r(period='{period_value}')", ["period_value"])


# -- YAML ---------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_yaml_reads_back_as_the_same_data(value: Any) -> None:
    assert yaml.safe_load(to_yaml(value)) == value


def test_yaml_keys_over_the_implicit_key_limit_are_explicit() -> None:
    data = {"k" * 1025: {"a": 1}, "\u00e9" * 300: "v", "short": ["x" * 2000]}
    assert yaml.safe_load(to_yaml(data)) == data


def test_yaml_quotes_what_yaml_would_misread() -> None:
    data = {"yes": "no", "on": None, "200": "3.1.0", "@odata.type": "#x", "": "", "a\u2028b": "line\nbreak", "k": []}
    text = to_yaml(data)
    assert yaml.safe_load(text) == data
    assert '"yes": "no"' in text and '"200": "3.1.0"' in text and "k: []" in text


# -- the corpus ---------------------------------------------------------------------------


def test_the_openapi_package_face_only_re_exports() -> None:
    """generator.openapi is a package whose __init__ imports from its modules, and no more."""
    import ast
    import importlib

    import generator.openapi as face

    path = Path(face.__file__ or "")
    assert path.name == "__init__.py", f"{path} is a module, not the face of a package"
    imported: list[str] = []
    for index, node in enumerate(ast.parse(path.read_text(encoding="utf-8")).body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            importlib.import_module(f"{face.__name__}.{node.module}")
            imported += [alias.asname or alias.name for alias in node.names]
            continue
        targets = node.targets if isinstance(node, ast.Assign) else []
        assert [getattr(t, "id", None) for t in targets] == ["__all__"], f"line {node.lineno}: not a re-export"
    assert sorted(face.__all__) == sorted(imported)
    assert all(getattr(face, name, None) is not None for name in face.__all__)


@pytest.fixture(scope="module")
def corpus_output(corpus_2021_model: ApiModel) -> tuple[str, ExampleReport]:
    text, _, report = openapi_output(corpus_2021_model)
    return text, report


@pytest.mark.corpus
def test_corpus_document_validates(corpus_output: tuple[str, ExampleReport]) -> None:
    text, _ = corpus_output
    started = time.perf_counter()
    validate(json.loads(text))
    print(f"openapi-spec-validator: corpus document ({len(text) // 1024} KiB) valid in {time.perf_counter() - started:.1f}s")


@pytest.mark.corpus
def test_corpus_examples_validate_or_are_reported(corpus_output: tuple[str, ExampleReport]) -> None:
    _, report = corpus_output
    print(f"corpus examples: {report.checked} checked, {report.valid} valid, {report.placeholders} placeholders only, "
          f"{report.invalid} invalid, {report.no_schema} without a schema")
    assert len(report.findings) == report.checked - report.valid + report.no_schema  # each one is reported
    assert report.valid >= 0.8 * report.checked
    assert report.invalid <= 50


# -- real consumers -----------------------------------------------------------------------

CONSUMERS = ("openapi-python-client==0.29.1", "datamodel-code-generator==0.89.0")


def consumer_venv() -> Path:
    """A venv holding the two generators, kept between runs (GEN_OPENAPI_TOOLS overrides where)."""
    venv = Path(os.environ.get("GEN_OPENAPI_TOOLS", ROOT / ".gen-tmp-openapi-tools"))
    stamp = venv / "gen-installed.txt"
    if stamp.is_file() and stamp.read_text() == "\n".join(CONSUMERS):
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *CONSUMERS],
                   check=True, capture_output=True, text=True)
    stamp.write_text("\n".join(CONSUMERS))
    return venv


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "warning" in line.lower() or "unable to" in line.lower()]


@pytest.mark.slow
@pytest.mark.corpus
def test_real_consumers_build_code_from_the_corpus_document(corpus_output: tuple[str, ExampleReport], tmp_path: Path) -> None:
    venv = consumer_venv()
    spec = tmp_path / "openapi.json"
    spec.write_text(corpus_output[0], encoding="utf-8")
    (tmp_path / "config.json").write_text('{"post_hooks": []}')  # no ruff on this machine

    started = time.perf_counter()
    client = subprocess.run(
        [str(venv / "bin" / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "none",
         "--config", str(tmp_path / "config.json"), "--output-path", str(tmp_path / "client")],
        capture_output=True, text=True, timeout=1200,
    )
    client_seconds = time.perf_counter() - started
    assert client.returncode == 0, client.stdout[-3000:] + client.stderr[-3000:]
    client_warnings = warning_lines(client.stdout + client.stderr)
    imported = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import importlib, pkgutil, client.api.default as api, client.models as models\n"
         "names = [m.name for m in pkgutil.iter_modules(api.__path__)]\n"
         "[importlib.import_module('client.api.default.' + n) for n in names]\n"
         "print(f'{len(names)} api modules, {len(models.__all__)} models')"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert imported.returncode == 0, imported.stderr[-3000:]

    started = time.perf_counter()
    models = subprocess.run(
        [str(venv / "bin" / "datamodel-codegen"), "--input", str(spec), "--input-file-type", "openapi",
         "--output", str(tmp_path / "models"), "--output-model-type", "pydantic_v2.BaseModel",
         "--target-python-version", "3.11", "--formatters", "builtin"],
        capture_output=True, text=True, timeout=1200,
    )
    models_seconds = time.perf_counter() - started
    assert models.returncode == 0, models.stderr[-3000:]
    model_warnings = warning_lines(models.stdout + models.stderr)
    loaded = subprocess.run([str(venv / "bin" / "python"), "-c", "import microsoft.graph, microsoft._internal"],
                            cwd=tmp_path / "models", capture_output=True, text=True, timeout=600)
    assert loaded.returncode == 0, loaded.stderr[-3000:]

    print(f"openapi-python-client: {client_seconds:.1f}s, {len(client_warnings)} warnings, "
          f"the client imports ({imported.stdout.strip()})")
    print(f"datamodel-code-generator: {models_seconds:.1f}s, {len(model_warnings)} warnings")
    assert client_warnings == [] and model_warnings == [], client_warnings + model_warnings
