"""``gen build``: the package it writes for docs-input/, construct by construct, and how it writes it.

The SDK is built into a temporary folder under its own package name and imported; what
must hold in a fresh interpreter (lazy imports) runs in a subprocess; import times are
measured by bench/imports.py.
Also: mypy --strict and black --check on the output, byte-identical rebuilds, the lock
file, the no-change fast path, incremental formatting, the user's own files, refusing a
foreign folder, the committed generated/ as a golden record, and the corpus.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import re
import inspect
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

import generator.sdk.format
from generator.sdk.build import BuildReport, build
from generator.model import ApiModel
from generator.sdk.render.layout import plan
from generator.sdk.lock import LOCK_NAME
from helpers import run_gen

build_module = importlib.import_module("generator.sdk.build")
ahead_module = importlib.import_module("generator.sdk.ahead")
write_module = importlib.import_module("generator.sdk.write")  # (the package's ``build`` is the function)

ROOT = Path(__file__).resolve().parents[2]
DOCS_INPUT = ROOT / "docs-input"
GENERATED = ROOT / "generated"
PKG = "tb_fleet_sdk"  # unique to this test module
G = "microsoft.graph"
VENV_BIN = Path(sys.executable).parent


def edit_location(docs: Path) -> None:
    """Edit one description of docs-input's location page: one model's text changes."""
    page = docs / "resources" / "location.md"
    page.write_text(page.read_text(encoding="utf-8").replace("as the geocoder returned it", "as the geocoder wrote it"),
                    encoding="utf-8")


def tree(folder: Path, ignore: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every file below ``folder``: {relative posix path: bytes}."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not (set(relative.split("/")) & ignore):
            files[relative] = path.read_bytes()
    return files


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.rglob("*")}


def python(code: str, path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=timeout)


def importable(out_dir: Path, report: BuildReport, package: str) -> Iterator[tuple[Path, BuildReport]]:
    """A built SDK on sys.path for the module's tests, and forgotten again afterwards."""
    sys.path.insert(0, str(out_dir))
    try:
        yield out_dir, report
    finally:
        sys.path.remove(str(out_dir))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BuildReport]]:
    out_dir = tmp_path_factory.mktemp("build") / "sdk"
    yield from importable(out_dir, build(DOCS_INPUT, out_dir, PKG, jobs=1), PKG)


@pytest.fixture(scope="module")
def model(built: tuple[Path, BuildReport]) -> ApiModel:
    assert built[1].model is not None
    return built[1].model


@pytest.fixture(scope="module")
def models(built: tuple[Path, BuildReport]) -> Any:
    return importlib.import_module(PKG + ".models")


@pytest.fixture(scope="module")
def rt(built: tuple[Path, BuildReport]) -> Any:
    return importlib.import_module(PKG + "._runtime")


# -- the package layout ---------------------------------------------------------------------------
def test_the_examples_are_one_file_a_folder_and_first_letter_of_their_pages(built: tuple[Path, BuildReport], model: ApiModel) -> None:
    from generator.sdk.render.package import examples_file

    out_dir, _ = built
    shards = sorted((out_dir / "tests" / "examples").glob("*.json"))
    assert len(shards) > 1
    cases = [(shard.name, case) for shard in shards for case in json.loads(shard.read_text(encoding="utf-8"))]
    assert all(examples_file(case["file"]) == f"tests/examples/{name}" for name, case in cases)
    parsed = [e for e in model.examples if e.parsed and isinstance(e.value, (dict, list))]
    assert sorted((case["file"], case["line"]) for _, case in cases) == sorted((e.file, e.line) for e in parsed)
    assert examples_file("api/user-get.md") == "tests/examples/api-u.json"
    assert examples_file("Root.md") == "tests/examples/r.json"
    assert examples_file("API/Docs/x.md") == examples_file("api/docs/Xylophone.md") == "tests/examples/api-docs-x.json"
    assert examples_file("a b:c/Äpfel.md") == "tests/examples/a_b_c-_.json"  # safe in any file system


def test_layout_of_the_output_folder(built: tuple[Path, BuildReport]) -> None:
    out_dir, report = built
    assert not report.up_to_date and report.files == len(tree(out_dir)) - 1  # the lock is extra
    for path in ("pyproject.toml", f"{PKG}/__init__.py", f"{PKG}/py.typed", f"{PKG}/_runtime.py", f"{PKG}/client.py",
                 f"{PKG}/errors.py", f"{PKG}/_http.py", f"{PKG}/_answers.py", f"{PKG}/types.py", f"{PKG}/paths/__init__.py", "README.md",
                 f"{PKG}/models/__init__.py", "tests/test_examples.py",
                 LOCK_NAME, "gen-schema.json",
                 f"{PKG}/models/fleet_telemetry/__init__.py", f"{PKG}/models/fleet_telemetry/telemetry_session.py"):
        assert (out_dir / path).is_file(), path
    import tomllib

    project = tomllib.loads((out_dir / "pyproject.toml").read_text())["project"]
    assert project["name"] == "tb-fleet-sdk"
    assert sorted(d.split(">")[0] for d in project["dependencies"]) == ["attrs", "httpx"]  # nothing else
    # Only the package, its tests, its project file, the schema and the lock: nothing else.
    assert {p.split("/")[0] for p in tree(out_dir)} == {PKG, "tests", "pyproject.toml", "README.md", "gen-schema.json", LOCK_NAME}


# -- models: classes, bases, attributes, docstrings -------------------------------------------------
def test_every_type_is_a_class_and_python_inheritance_mirrors_the_docs(model: ApiModel, rt: Any) -> None:
    layout = plan(model, PKG)
    checked = 0
    for qualified, typedef in model.types.items():
        cls = rt.load_class(layout.classes[qualified].reference)
        if typedef.kind.value == "enum":
            assert issubclass(cls, rt.OpenEnum), qualified
            continue
        expected = rt.load_class(layout.classes[typedef.base].reference) if typedef.base else rt.Model
        assert cls.__bases__ == (expected,), qualified
        assert cls._odata_name == qualified
        checked += 1
    assert checked == 14


def test_inheritance_chain_of_vehicles(models: Any, rt: Any) -> None:
    assert [c.__name__ for c in models.ElectricVehicle.__mro__[:6]] == [
        "ElectricVehicle", "Vehicle", "FleetAsset", "Entity", "Model", "object"
    ]
    assert models.ChargingStation.__bases__ == (models.FleetAsset,)
    assert models.Location.__bases__ == (rt.Model,)
    assert issubclass(models.fleet_telemetry.TelemetrySession, models.Entity)
    # Inherited properties are fields of the subclass, in the docs' order, base first.
    names = list(models.ElectricVehicle._json_fields)
    assert names[:3] == ["id", "displayName", "status"] and names[-1] == "preconditioningEnabled"
    assert names.index("vin") < names.index("batteryCapacityKwh")


def test_attributes_map_to_the_exact_json_names(model: ApiModel, rt: Any) -> None:
    import attrs

    layout = plan(model, PKG)
    for qualified, typedef in model.types.items():
        if typedef.kind.value == "enum":
            continue
        cls = rt.load_class(layout.classes[qualified].reference)
        fields = attrs.fields_dict(cls)
        for prop in typedef.properties:
            attribute, codec = cls._json_fields[prop.name]
            assert attribute in fields, (qualified, prop.name)
            assert attribute.isidentifier()
    vehicle = rt.load_class("vehicle:Vehicle")._json_fields
    assert vehicle["class"][0] == "class_" and vehicle["model"][0] == "model"
    assert vehicle["fleetNumber"][0] == "fleet_number"  # "fleetNumber (deprecated)" on the page
    assert vehicle["licensePlate"][0] == "license_plate"
    trip = rt.load_class("trip:Trip")._json_fields
    assert (trip["from"][0], trip["to"][0], trip["type"][0]) == ("from_", "to", "type_")
    assert rt.load_class("fleet_report:FleetReport")._json_fields["filter"][0] == "filter"


# The annotation of each field: one row per Edm primitive, enum, complex and collection.
FIELD_TYPES = {
    ("Vehicle", "vin"): "str | None | Unset",
    ("Vehicle", "model_year"): "int | None | Unset",
    ("Vehicle", "odometer_km"): "float | None | Unset",
    ("Vehicle", "class_"): "VehicleClass | None | Unset",
    ("Vehicle", "current_location"): "Location | None | Unset",
    ("Vehicle", "maintenance_records"): "list[MaintenanceRecord] | None | Unset",
    ("Vehicle", "engine_hours"): "Duration | None | Unset",
    ("Vehicle", "registration_expiry_date"): "Date | None | Unset",
    ("FleetAsset", "tags"): "list[str] | None | Unset",
    ("FleetAsset", "created_date_time"): "DateTimeOffset | None | Unset",
    ("Driver", "shift_start_time"): "TimeOfDay | None | Unset",
    ("Driver", "photo"): "Base64 | None | Unset",
    ("Fleet", "organization_id"): "Guid | None | Unset",
    ("ElectricVehicle", "preconditioning_enabled"): "bool | None | Unset",
    ("Trip", "stops"): "list[Location] | None | Unset",
    ("MaintenanceRecord", "work_order_number"): "int | None | Unset",
    ("ChargingStation", "open_days"): "list[Weekday] | None | Unset",
}


def _annotation(cls: Any, name: str) -> str:
    import attrs

    return str(attrs.fields_dict(cls)[name].type)


def test_field_types(models: Any) -> None:
    found = {(cls, field): _annotation(getattr(models, cls), field) for cls, field in FIELD_TYPES}
    assert found == FIELD_TYPES


def test_two_classes_of_one_name_are_told_apart_by_alias(models: Any) -> None:
    annotation = _annotation
    session = models.fleet_telemetry.TelemetrySession
    # Two classes named Location: the sub-namespace one and the main one, told apart by alias.
    assert annotation(session, "last_known_location") == "Location | None | Unset"
    assert annotation(session, "depot").startswith("Location_") and "Unset" in annotation(session, "depot")
    source = Path(sys.modules[session.__module__].__file__ or "").read_text()
    alias = annotation(session, "depot").split(" ")[0]
    assert f"from {PKG}.models.location import Location as {alias}" in source
    assert f"from {PKG}.models.fleet_telemetry.location import Location\n" in source


def _field_docstrings(path: Path, class_name: str) -> dict[str, str]:
    module = ast.parse(path.read_text(encoding="utf-8"))
    (cls,) = [n for n in module.body if isinstance(n, ast.ClassDef) and n.name == class_name]
    docs: dict[str, str] = {}
    for node, following in zip(cls.body, cls.body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                docs[node.target.id] = " ".join(str(following.value.value).split())
    return docs


def test_docstrings_come_from_the_descriptions(built: tuple[Path, BuildReport], models: Any) -> None:
    out_dir, _ = built
    assert " ".join(models.Vehicle.__doc__.split()) == (
        "A road vehicle that belongs to the fleet. Vehicles that run on batteries are represented by the derived "
        "electricVehicle type."
    )
    assert models.Location.__doc__.startswith("A named place on a map")
    assert models.AssetStatus.__doc__.startswith("The life-cycle state of a fleetAsset")
    fields = _field_docstrings(out_dir / PKG / "models" / "vehicle.py", "Vehicle")
    assert fields["vin"] == "The vehicle identification number stamped on the chassis. Required."
    assert fields["engine_hours"] == "The total running time of the engine, for example PT5120H30M."
    assert fields["fleet_number"] == "The number painted on the vehicle before 2019. Use displayName instead."
    report = _field_docstrings(out_dir / PKG / "models" / "fleet_report.py", "FleetReport")
    assert report["columns"] == "The columns of the output, separated by pipes, such as vin|odometerKm|status."
    members = _field_docstrings(out_dir / PKG / "models" / "connector_type.py", "ConnectorType")
    assert members == {}  # enum members are assignments, not annotations: checked below
    source = (out_dir / PKG / "models" / "connector_type.py").read_text()
    assert 'CHADEMO = "chademo"\n    """CHAdeMO DC connector."""' in source
    assert "(from resources/vehicle.md)" in (out_dir / PKG / "models" / "vehicle.py").read_text().splitlines()[0]


def test_enums_and_their_members(model: ApiModel, rt: Any, models: Any) -> None:
    layout = plan(model, PKG)
    for qualified, typedef in model.types.items():
        if typedef.kind.value == "enum":
            cls = rt.load_class(layout.classes[qualified].reference)
            assert [m.value for m in cls] == [m.name for m in typedef.members], qualified
    assert [m.name for m in models.VehicleClass] == ["LIGHT", "MEDIUM", "HEAVY", "BUS", "UNKNOWN_FUTURE_VALUE"]
    assert models.ConnectorType.CCS2.value == "ccs2" and models.ConnectorType.TYPE1 == "type1"
    assert models.ReportFormat.PARQUET == "parquet"  # a section of the shared enums page
    assert [m.value for m in models.Weekday][:2] == ["monday", "tuesday"]  # a one-column members table
    assert models.MaintenanceRecordType.TIRE_CHANGE == "tireChange"  # "Enumeration" with possible values
    assert models.DutyStatus.SLEEPER_BERTH == "sleeperBerth"


def test_main_and_sub_namespace_models_are_importable(built: tuple[Path, BuildReport]) -> None:
    out_dir, _ = built
    code = f"""
from {PKG}.models import MacOSVpnConfiguration
"""
    assert python(code, out_dir).returncode != 0  # not in docs-input: a clean ImportError
    code = f"""
import {PKG}.models as models
from {PKG}.models import Vehicle, AssetStatus, Location
from {PKG}.models.fleet_telemetry import TelemetrySession, Location as TelemetryLocation
import {PKG}.models.fleet_telemetry as ft
assert ft.TelemetrySession is TelemetrySession and models.fleet_telemetry is ft
assert TelemetryLocation is not Location
assert "Vehicle" in dir(models) and "fleet_telemetry" in models.__all__
assert sorted(ft.__all__) == ["Location", "TelemetrySession"]
try:
    models.NoSuchThing
except AttributeError:
    print("ok")
"""
    result = python(code, out_dir)
    assert result.stdout.strip() == "ok", result.stderr


# -- path nodes ----------------------------------------------------------------------------------
def _node(*steps: str) -> Any:
    """The class of a path node, from the client by attributes ("[]": the item)."""
    import pkgutil

    paths = importlib.import_module(f"{PKG}.paths")
    classes = {}
    for info in pkgutil.iter_modules(paths.__path__):
        module = importlib.import_module(f"{PKG}.paths.{info.name}")
        classes.update({name: getattr(module, name) for name in module.__all__})
    node = importlib.import_module(f"{PKG}.client").Client
    for step in steps:
        function = node.__getitem__ if step == "[]" else getattr(node, step).fget
        node = classes[inspect.signature(function).return_annotation.split("[")[0]]
    return node


def test_every_documented_path_is_a_method_of_a_path_node(model: ApiModel, built: tuple[Path, BuildReport]) -> None:
    layout = plan(model, PKG)
    assert layout.navigation is not None
    paths = {(op.name, path) for op in model.operations for path in op.paths}
    assert {(e.operation.name, e.path) for e in layout.navigation.endpoints} == paths
    assert len(paths) == 17 and not layout.navigation.skipped
    for endpoint in layout.navigation.endpoints:
        assert endpoint.node is not None
        cls = getattr(importlib.import_module(f"{PKG}.paths.{endpoint.node.module}"), endpoint.node.class_name)
        method = getattr(cls, endpoint.method)
        doc = inspect.getdoc(method) or ""
        assert f"``{endpoint.node.methods[endpoint.method].http} " in doc


def test_method_signatures(built: tuple[Path, BuildReport]) -> None:
    item = _node("fleet", "vehicles", "[]")
    update = inspect.signature(item.update)
    assert list(update.parameters) == ["self", "body", "options"]  # one signature; with_response(item.update) for the Response
    assert update.parameters["body"].annotation == "Vehicle | Mapping[str, Any]"
    assert update.return_annotation == "Vehicle | None"
    assert {"get", "update", "delete", "schedule_maintenance"} <= set(vars(item))
    action = inspect.signature(item.schedule_maintenance)
    assert list(action.parameters) == ["self", "type_", "priority", "scheduled_date_time", "notes", "options"]
    assert action.parameters["scheduled_date_time"].annotation == "DateTimeOffset | None | Unset"
    collection = _node("fleet", "vehicles")
    assert {"list", "create"} <= set(vars(collection))
    assert "create" in vars(_node("fleet", "trips"))
    assert "list" in vars(_node("fleet", "drivers", "[]", "trips"))
    assert "get" in vars(_node("users", "[]", "driver_profile"))
    assert "get" in vars(_node("fleet", "vehicles", "[]", "telemetry_sessions", "[]"))


def test_method_docstrings_say_method_path_and_permissions(built: tuple[Path, BuildReport]) -> None:
    doc = inspect.getdoc(_node("fleet", "vehicles", "[]").update) or ""
    assert doc.startswith("Update vehicle")
    assert "``PATCH /fleet/vehicles/{vehicle-id}``" in doc
    assert "Args:" in doc and "Returns:" in doc and "Raises:" in doc
    assert "- Application: Fleet.ReadWrite.All" in doc
    assert "Documented in api/vehicle-update.md." in doc


# -- a fresh interpreter: laziness and import time ----------------------------------------------------
def test_importing_the_package_imports_no_model(built: tuple[Path, BuildReport]) -> None:
    out_dir, _ = built
    code = f"""
import sys, json
before = set(sys.modules)
import {PKG}
package = sorted(m for m in set(sys.modules) - before if m.startswith("{PKG}"))
heavy = sorted(m for m in ("attrs", "httpx", "json") if m in set(sys.modules) - before)
from {PKG}.models import ElectricVehicle
models = sorted(m for m in sys.modules if m.startswith("{PKG}"))
third = sorted(m for m in ("httpx",) if m in sys.modules)
print(json.dumps([package, heavy, models, third]))
"""
    result = python(code, out_dir)
    assert result.returncode == 0, result.stderr
    package, heavy, models, third = json.loads(result.stdout)
    assert package == [PKG]
    assert heavy == []
    prefix = PKG + ".models."
    assert models == sorted(
        [PKG, f"{PKG}._codecs", f"{PKG}._runtime", f"{PKG}._values", f"{PKG}.models"]
        + [prefix + m for m in ("electric_vehicle", "vehicle", "fleet_asset", "entity")]
    )
    assert third == []  # models never need the HTTP client


def test_one_model_imports_only_its_bases_and_the_runtime(built: tuple[Path, BuildReport]) -> None:
    out_dir, _ = built
    code = f"""
import sys
from {PKG}.models.fleet_telemetry import TelemetrySession
print(sorted(m for m in sys.modules if m.startswith("{PKG}")))
TelemetrySession.from_dict({{"depot": {{"displayName": "x"}}}})  # references load on first use
print(sorted(m for m in sys.modules if m.startswith("{PKG}")))
"""
    result = python(code, out_dir)
    first, second = result.stdout.splitlines()
    assert ast.literal_eval(first) == sorted(
        [PKG, f"{PKG}._codecs", f"{PKG}._runtime", f"{PKG}._values", f"{PKG}.models", f"{PKG}.models.entity",
         f"{PKG}.models.fleet_telemetry",
         f"{PKG}.models.fleet_telemetry.telemetry_session"]
    )
    assert f"{PKG}.models.location" in ast.literal_eval(second)
    assert f"{PKG}.models.vehicle" not in ast.literal_eval(second)


# -- the generated code passes the tools ------------------------------------------------------------
def test_generated_package_passes_mypy_strict(built: tuple[Path, BuildReport], tmp_path: Path) -> None:
    out_dir, _ = built
    result = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), PKG],
        cwd=out_dir, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_generated_output_passes_black_check(built: tuple[Path, BuildReport]) -> None:
    out_dir, _ = built
    result = subprocess.run(
        [str(VENV_BIN / "black"), "--check", "--target-version", "py311", "."],
        cwd=out_dir, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "would be left unchanged" in result.stderr


def test_generated_examples_test_runs_green(built: tuple[Path, BuildReport]) -> None:
    out_dir, _ = built
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=out_dir, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout


# -- determinism, the lock, caching ----------------------------------------------------------------
def test_output_is_byte_identical_across_builds_and_jobs(
    built: tuple[Path, BuildReport], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir, _ = built
    first = tree(out_dir)
    # In parallel: black in worker processes (small chunks, so that small docs use them too).
    monkeypatch.setattr(generator.sdk.format, "STREAM_CHUNK_BYTES", 1)
    parallel = build(DOCS_INPUT, tmp_path / "parallel", PKG, jobs=2)
    assert parallel.formatted == len([p for p in first if p.endswith(".py")])
    assert tree(tmp_path / "parallel") == first
    result = run_gen("-q", "build", str(DOCS_INPUT), "-o", str(tmp_path / "cli"), "--package", PKG, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "cli") == first


def test_lock_file_records_every_file_with_its_hash(built: tuple[Path, BuildReport]) -> None:
    out_dir, _ = built
    lock = json.loads((out_dir / LOCK_NAME).read_text())
    assert lock["format"] == "gen-lock/1" and lock["package"] == PKG
    assert set(lock["generator"]) == {"version", "fingerprint", "black"}
    files = tree(out_dir)
    assert set(lock["files"]) == set(files) - {LOCK_NAME}
    for path, entry in lock["files"].items():
        assert entry["sha256"] == hashlib.sha256(files[path]).hexdigest(), path
        assert len(entry["source"]) == 64
    assert list(lock["files"]) == sorted(lock["files"])


def test_second_build_is_up_to_date_and_writes_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "sdk"
    first = build(DOCS_INPUT, out_dir, "nochange_sdk", jobs=1)
    assert not first.up_to_date
    before = stamps(out_dir)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    again = build(DOCS_INPUT, out_dir, "nochange_sdk", jobs=1)
    assert again.up_to_date and again.written is None and again.formatted == 0
    assert again.files == first.files
    assert stamps(out_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no staging folder left behind
    result = run_gen("build", str(DOCS_INPUT), "-o", str(out_dir), "--package", "nochange_sdk")
    assert result.returncode == 0 and "up to date" in result.stderr + result.stdout
    assert stamps(out_dir) == before
    # A hand-edited generated file is noticed and put back.
    edited = out_dir / "nochange_sdk" / "models" / "trip.py"
    original = edited.read_bytes()
    edited.write_bytes(original + b"# edited\n")
    repaired = build(DOCS_INPUT, out_dir, "nochange_sdk", jobs=1)
    assert not repaired.up_to_date and repaired.written is not None
    assert repaired.written.changed == ["nochange_sdk/models/trip.py"]
    assert edited.read_bytes() == original


def test_editing_a_page_rebuilds_and_formats_only_changed_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, docs)
    out_dir = tmp_path / "sdk"
    first = build(docs, out_dir, "edit_sdk", jobs=1)
    assert first.formatted == len([p for p in tree(out_dir) if p.endswith(".py")])
    page = docs / "resources" / "location.md"
    text = page.read_text(encoding="utf-8")
    assert "as the geocoder returned it" in text
    page.write_text(text.replace("as the geocoder returned it", "as the geocoder wrote it"), encoding="utf-8")
    untouched = out_dir / "edit_sdk" / "models" / "vehicle.py"
    before = untouched.stat()
    second = build(docs, out_dir, "edit_sdk", jobs=1)
    # An unchanged file is linked into the new output, not written again (same inode, same bytes).
    assert untouched.stat().st_ino == before.st_ino and untouched.stat().st_size == before.st_size
    assert not second.up_to_date
    assert second.formatted == 1  # models/location.py only; every other file reuses its formatted text
    assert second.reused == first.formatted - 1 and first.reused == 0
    # ...and only its template ran: every other rendered file's view is the one the lock records.
    views = [entry["view"] for entry in json.loads((out_dir / LOCK_NAME).read_text())["files"].values() if "view" in entry]
    assert len(views) > 40 and first.unrendered == 0 and second.unrendered == len(views) - 1
    assert second.written is not None
    assert second.written.changed == ["edit_sdk/models/location.py", "gen-schema.json"]  # the lock is not a generated file
    assert "as the geocoder wrote it" in (out_dir / "edit_sdk" / "models" / "location.py").read_text()
    # A change of the docs that changes no generated file still records the new inputs.
    lock_before = (out_dir / LOCK_NAME).read_bytes()
    page.write_text(page.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    blank = build(docs, out_dir, "edit_sdk", jobs=1)
    assert blank.written is not None and blank.written.changed == [] and blank.written.swapped
    assert (out_dir / LOCK_NAME).read_bytes() != lock_before
    assert build(docs, out_dir, "edit_sdk", jobs=1).up_to_date
    # A change that reaches many files: a new property on the base of every entity.
    entity = docs / "resources" / "entity.md"
    entity.write_text(
        entity.read_text(encoding="utf-8").replace(
            "|id|String|", "|etag|String|The version of the object.|\n|id|String|"
        ),
        encoding="utf-8",
    )
    third = build(docs, out_dir, "edit_sdk", jobs=1)
    assert third.written is not None
    changed_py = [p for p in third.written.changed if p.endswith(".py")]
    assert third.formatted == len(changed_py) >= 1
    assert "edit_sdk/models/entity.py" in changed_py and "edit_sdk/models/vehicle.py" not in changed_py
    assert third.unrendered < len(views) - 1  # the new base property reaches more views than one


def test_an_edited_build_renders_ahead_in_workers_and_writes_what_a_cold_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an output of the same generator to reuse and two workers, the render's jobs run in the
    workers (``ahead``): the same files and counts as a cold build in one process."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, docs)
    ran: list[int] = []
    real = ahead_module.render_ahead

    def spy(*args: Any, **kwargs: Any) -> Any:
        ran.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ahead_module, "render_ahead", spy)
    first = build(docs, tmp_path / "two", "ahead_sdk", jobs=2)
    assert not ran and first.unrendered == 0  # nothing to reuse: the build renders as it goes
    edit_location(docs)
    steps: list[tuple[int, int]] = []
    second = build(docs, tmp_path / "two", "ahead_sdk", jobs=2, progress=lambda done, total: steps.append((done, total)))
    assert ran == [1]
    views = [entry for entry in json.loads((tmp_path / "two" / LOCK_NAME).read_text())["files"].values() if "view" in entry]
    assert second.formatted == 1 and second.unrendered == len(views) - 1  # models/location.py alone was rendered
    assert (second.files, second.files) in steps  # the bar reached every file while the workers judged them
    cold = build(docs, tmp_path / "one", "ahead_sdk", jobs=1)
    assert tree(tmp_path / "two") == tree(tmp_path / "one") and second.files == cold.files


def test_a_file_kept_by_its_view_is_linked_as_it_is_and_never_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write stage compares only the files that were rendered: a kept file's bytes were checked
    against the lock when it was kept. Where links fail, the old file is copied."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, docs)
    out_dir = tmp_path / "sdk"
    build(docs, out_dir, "kept_sdk", jobs=1)
    edit_location(docs)
    compared: list[str] = []
    real_differs = write_module._differs
    monkeypatch.setattr(write_module, "_differs", lambda path, data: compared.append(path) or real_differs(path, data))
    monkeypatch.setattr(write_module, "_linked", lambda source, target: False)  # a file system without hard links
    edited = build(docs, out_dir, "kept_sdk", jobs=1)
    assert edited.written is not None and edited.written.changed == ["gen-schema.json", "kept_sdk/models/location.py"]
    assert 0 < len(compared) < edited.files - edited.unrendered + 2  # the rendered files and the lock, no kept one
    assert not any(path.endswith("/vehicle.py") for path in compared)
    cold = build(docs, tmp_path / "cold", "kept_sdk", jobs=1)
    assert tree(out_dir) == tree(tmp_path / "cold") and edited.files == cold.files


def test_a_build_does_not_link_files_another_build_rewrote_while_it_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept file is linked unread: when another build has written the output since this one
    began (its lock records other bytes for that file), this one refuses, and the output stays
    the other build's, whole."""
    first_docs, second_docs = tmp_path / "first", tmp_path / "second"
    shutil.copytree(DOCS_INPUT, first_docs)
    shutil.copytree(DOCS_INPUT, second_docs)
    out_dir = tmp_path / "sdk"
    build(first_docs, out_dir, "race_sdk", jobs=1)
    edit_location(first_docs)
    station = second_docs / "resources" / "chargingstation.md"
    text = station.read_text(encoding="utf-8")
    station.write_text(text.replace("How many vehicles can charge at the same time.", "How many charge at once."), encoding="utf-8")
    real_write = build_module.write_output

    def another_build_first(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(build_module, "write_output", real_write)
        build(second_docs, out_dir, "race_sdk", jobs=1)  # (it writes the output while the first one renders)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(build_module, "write_output", another_build_first)
    with pytest.raises(write_module.WriteError, match="changed while this build ran"):
        build(first_docs, out_dir, "race_sdk", jobs=1)
    cold = build(second_docs, tmp_path / "cold", "race_sdk", jobs=1)
    assert tree(out_dir) == tree(tmp_path / "cold") and cold.files > 0


def test_a_file_is_taken_by_its_view_only_from_the_same_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another gen (code, templates or black) may render the same view differently: its files are rendered again."""
    out_dir = tmp_path / "sdk"
    first = build(DOCS_INPUT, out_dir, "view_sdk", jobs=1)
    real = build_module.generator_info()
    monkeypatch.setattr(build_module, "generator_info", lambda: {**real, "fingerprint": "another"})
    other = build(DOCS_INPUT, out_dir, "view_sdk", jobs=1)
    assert not other.up_to_date and other.unrendered == 0 and other.formatted == 0  # the same text: black's output is reused
    assert other.reused == first.formatted
    monkeypatch.setattr(build_module, "generator_info", lambda: real)
    again = build(DOCS_INPUT, out_dir, "view_sdk", jobs=1)  # (the lock now names the other gen)
    assert again.unrendered == 0
    cold = build(DOCS_INPUT, tmp_path / "cold", "view_sdk", jobs=1)
    assert cold.unrendered == 0 and tree(out_dir) == tree(tmp_path / "cold")


def test_user_files_survive_rebuilds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, docs)
    out_dir = tmp_path / "sdk"
    build(docs, out_dir, "user_sdk", jobs=1)
    mine = {
        "NOTES.md": b"my notes\n",
        "user_sdk/extensions.py": b"X = 1\n",
        ".venv/bin/activate": b"# venv\n",
        "tests/test_mine.py": b"def test_x():\n    pass\n",
    }
    for path, data in mine.items():
        (out_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / path).write_bytes(data)
    (docs / "resources" / "fleetreport.md").unlink()  # a generated file goes away
    report = build(docs, out_dir, "user_sdk", jobs=1)
    assert report.written is not None and report.written.kept_user_files == len(mine)
    assert "user_sdk/models/fleet_report.py" in report.written.removed
    assert not (out_dir / "user_sdk" / "models" / "fleet_report.py").exists()
    for path, data in mine.items():
        assert (out_dir / path).read_bytes() == data, path
    lock = json.loads((out_dir / LOCK_NAME).read_text())
    assert not set(mine) & set(lock["files"])  # never claimed by gen
    # A user file where gen now wants to write is not overwritten.
    (docs / "resources" / "x.md").write_text((DOCS_INPUT / "resources" / "fleetreport.md").read_text(encoding="utf-8"))
    (out_dir / "user_sdk" / "models" / "fleet_report.py").write_text("# mine\n")
    result = run_gen("-q", "build", str(docs), "-o", str(out_dir), "--package", "user_sdk")
    assert result.returncode == 2 and "was not written by gen" in result.stderr
    assert (out_dir / "user_sdk" / "models" / "fleet_report.py").read_text() == "# mine\n"


def test_build_refuses_a_foreign_folder_without_force(tmp_path: Path) -> None:
    out_dir = tmp_path / "somebody-else"
    out_dir.mkdir()
    (out_dir / "important.txt").write_text("keep me")
    result = run_gen("build", str(DOCS_INPUT), "-o", str(out_dir), "--package", "foreign_sdk")
    assert result.returncode == 2
    assert "--force" in result.stderr and "not empty" in result.stderr
    assert [p.name for p in out_dir.iterdir()] == ["important.txt"]
    result = run_gen("-q", "build", str(DOCS_INPUT), "-o", str(out_dir), "--package", "foreign_sdk", "--force")
    assert result.returncode == 0, result.stderr
    assert (out_dir / "important.txt").read_text() == "keep me"
    assert (out_dir / LOCK_NAME).is_file() and (out_dir / "foreign_sdk" / "__init__.py").is_file()
    # An empty folder needs no --force.
    (tmp_path / "empty").mkdir()
    assert run_gen("-q", "build", str(DOCS_INPUT), "-o", str(tmp_path / "empty"), "--package", "e_sdk").returncode == 0


def test_build_rejects_an_invalid_package_name(tmp_path: Path) -> None:
    result = run_gen("build", str(DOCS_INPUT), "-o", str(tmp_path / "x"), "--package", "my-sdk")
    assert result.returncode == 2 and "my_sdk" in result.stderr
    assert not (tmp_path / "x").exists()


# -- the golden record: generated/ is what gen build writes ------------------------------------------
def _ignored_by_git(paths: list[str]) -> set[str]:
    """Paths below generated/ that git ignores (caches of tools run there); none without git."""
    try:
        result = subprocess.run(
            ["git", "check-ignore", "--stdin"], cwd=ROOT, input="\n".join(f"generated/{p}" for p in paths),
            capture_output=True, text=True, timeout=30,
        )
    except OSError:
        return {p for p in paths if set(p.split("/")) & {"__pycache__", ".mypy_cache", ".pytest_cache"}}
    if result.returncode not in (0, 1):
        return {p for p in paths if set(p.split("/")) & {"__pycache__", ".mypy_cache", ".pytest_cache"}}
    return {line.removeprefix("generated/") for line in result.stdout.splitlines()}


def test_committed_generated_folder_is_what_gen_build_writes(tmp_path: Path) -> None:
    fresh_dir = tmp_path / "generated"
    result = run_gen("-q", "build", "docs-input", "-o", str(fresh_dir), "--package", "fleet_sdk")
    assert result.returncode == 0, result.stderr
    fresh = tree(fresh_dir)
    committed = tree(GENERATED)
    committed = {p: data for p, data in committed.items() if p not in _ignored_by_git(sorted(committed))}
    fix = "generated/ is stale: run `.venv/bin/gen build docs-input` and commit the result"
    assert sorted(committed) == sorted(fresh), fix
    differing = [path for path in fresh if fresh[path] != committed[path]]
    assert differing == [], f"{fix} (differs: {differing})"


# -- the corpus ---------------------------------------------------------------------------------------
CORPUS_PKG = "corpus_build_sdk"
VPN_PAGES = (
    "api/intune-deviceconfig-macosvpnconfiguration-",
    "resources/intune-deviceconfig-macosvpnconfiguration.md",
)


@pytest.fixture(scope="module")
def corpus_sdk(corpus_2021: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BuildReport]]:
    out_dir = tmp_path_factory.mktemp("corpus") / "sdk"
    yield from importable(out_dir, build(corpus_2021, out_dir, CORPUS_PKG), CORPUS_PKG)


@pytest.mark.slow
@pytest.mark.corpus
def test_corpus_mac_os_vpn_configuration_round_trips_every_example(corpus_sdk: tuple[Path, BuildReport]) -> None:
    out_dir, report = corpus_sdk
    assert report.model is not None and report.files > 1500
    rt = importlib.import_module(CORPUS_PKG + "._runtime")
    from_models = importlib.import_module(CORPUS_PKG + ".models")
    MacOSVpnConfiguration = from_models.MacOSVpnConfiguration
    assert from_models.AppleVpnConnectionType.CISCO_ANY_CONNECT == "ciscoAnyConnect"
    examples = [e for e in report.model.examples if e.file.startswith(VPN_PAGES) and e.parsed]
    assert {e.file.rsplit("-", 1)[-1] for e in examples} >= {"create.md", "get.md", "list.md", "update.md"}
    checked = 0
    for example in examples:
        data = rt.loads(example.json_text)
        if isinstance(data, dict) and isinstance(data.get("value"), list):
            items = data["value"]  # a collection response
        elif rt.wrapped(data):
            items = [data["value"]]  # a single object wrapped as {"value": {...}}
        else:
            items = [data]
        out = []
        for item in items:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", rt.UnknownEnumValueWarning)
                instance = MacOSVpnConfiguration.from_dict(item)
            assert type(instance) is MacOSVpnConfiguration, (example.file, example.line)
            assert instance.additional_properties.keys() <= {"@odata.type", "@odata.context"} | _declared_keys(
                instance, item
            ), (example.file, example.line, instance.additional_properties)
            out.append(instance.to_dict())
            checked += 1
        if isinstance(data, dict) and isinstance(data.get("value"), list):
            result: Any = {**data, "value": out}
        elif rt.wrapped(data):
            result = {**data, "value": out[0]}
        else:
            result = out[0]
        assert rt.dumps(result) == rt.dumps(data), (example.file, example.line)
    assert checked >= 6


def _declared_keys(instance: Any, item: dict[str, Any]) -> set[str]:
    """Declared keys (kept as they were when the docs' value does not fit the declared type)."""
    return {key for key in item if key in type(instance)._json_fields}


@pytest.mark.slow
@pytest.mark.corpus
def test_corpus_package_imports_lazily(corpus_sdk: tuple[Path, BuildReport]) -> None:
    """One model imports its own chain of bases and nothing else (how fast: bench/imports.py)."""
    out_dir, _ = corpus_sdk
    code = f"""
import sys
from {CORPUS_PKG}.models import MacOSVpnConfiguration
print(sorted(m for m in sys.modules if m.startswith("{CORPUS_PKG}")))
"""
    result = python(code, out_dir)
    prefix = CORPUS_PKG + ".models."
    assert ast.literal_eval(result.stdout) == sorted(
        [CORPUS_PKG, CORPUS_PKG + "._codecs", CORPUS_PKG + "._runtime", CORPUS_PKG + "._values", CORPUS_PKG + ".models"]
        + [prefix + m for m in ("mac_os_vpn_configuration", "apple_vpn_configuration", "device_configuration", "entity")]
    )


@pytest.mark.slow
@pytest.mark.corpus
def test_corpus_package_passes_mypy(corpus_sdk: tuple[Path, BuildReport], tmp_path: Path) -> None:
    out_dir, _ = corpus_sdk
    result = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--cache-dir", str(tmp_path / "cache"), CORPUS_PKG],
        cwd=out_dir, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


@pytest.mark.slow
def test_generated_package_installs_with_pip(built: tuple[Path, BuildReport], tmp_path: Path) -> None:
    out, _ = built
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target), str(out)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    package = next(p.name for p in out.iterdir() if (p / "py.typed").is_file())
    assert (target / package / "py.typed").is_file()
    probe = subprocess.run(
        [sys.executable, "-c", f"import {package}.models as m; print(len(m.__all__))"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0 and int(probe.stdout) > 10, probe.stderr


@pytest.mark.slow
@pytest.mark.corpus
def test_corpus_entity_reads_its_own_id_and_no_attribute_is_renamed_id_2(corpus_sdk: tuple[Path, BuildReport]) -> None:
    # One page's "Id ... Inherited from [entity]" row once renamed every entity's id (issue 10).
    out_dir, _ = corpus_sdk
    models = importlib.import_module(CORPUS_PKG + ".models")
    assert models.Entity.from_dict({"id": "x"}).id == "x"
    assert models.Entity.from_dict({"id": "x"}).to_dict() == {"id": "x"}
    renamed = [
        path.name
        for path in (out_dir / CORPUS_PKG / "models").rglob("*.py")
        if re.search(r"\bid_2\b", path.read_text(encoding="utf-8"))
    ]
    assert renamed == []


def test_a_build_that_finds_nothing_changed_loads_no_parser_renderer_black_or_console(cache: Path, tmp_path: Path) -> None:
    """Half of such a build's time is imports: what it does not need, it does not load."""
    out_dir = tmp_path / "sdk"
    build(DOCS_INPUT, out_dir, "quick_sdk", jobs=1)
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"try:\n    main(['-q', 'build', {str(DOCS_INPUT)!r}, '-o', {str(out_dir)!r}])\n"
        "except SystemExit as done:\n    assert done.code == 0, done.code\n"
        "print(sorted({name.partition('.')[0] for name in sys.modules} & {'black', 'jinja2', 'markdown_it', 'rich'}))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
