"""The runtime every generated model shares (templates/package/_runtime.py.j2), in a built SDK.

docs-input/ is built into a temporary folder under its own package name and imported.
Hypothesis writes JSON text (nested arrays and objects, big integers, ``-0``, floats with
trailing zeros or exponents, unicode, ``@odata.type`` and unknown keys) and checks that
reading it into models and writing it back gives the same bytes, for the generic
``Model`` and for generated classes, with values that fit their declared types and
values that do not.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import sys
import uuid
import warnings
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.sdk.build import build

ROOT = Path(__file__).resolve().parents[2]
DOCS_INPUT = ROOT / "docs-input"
PKG = "rt_fleet_sdk"  # unique to this test module: other modules import other packages


class SDK:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.package = importlib.import_module(PKG)
        self.rt: Any = importlib.import_module(PKG + "._runtime")
        self.models: Any = importlib.import_module(PKG + ".models")
        self.client: Any = importlib.import_module(PKG + ".client")
        self.errors: Any = importlib.import_module(PKG + ".errors")


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SDK]:
    out_dir = tmp_path_factory.mktemp("runtime") / "sdk"
    report = build(DOCS_INPUT, out_dir, PKG, jobs=1)
    assert not report.up_to_date and report.files > 30
    sys.path.insert(0, str(out_dir))
    try:
        yield SDK(out_dir)
    finally:
        sys.path.remove(str(out_dir))
        for name in [n for n in sys.modules if n == PKG or n.startswith(PKG + ".")]:
            del sys.modules[name]


# -- JSON text strategies -----------------------------------------------------------------------
WS = st.sampled_from(["", " ", "\n  ", "\t"])
NUMBER_TEXT = st.from_regex(r"-?(0|[1-9][0-9]{0,30})(\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?", fullmatch=True)
INT_TEXT = st.one_of(
    st.from_regex(r"-?(0|[1-9][0-9]{0,40})", fullmatch=True),
    st.sampled_from(["-0", "0", "9007199254740993", "-123456789012345678901234567890"]),
)
FLOAT_TEXT = st.one_of(
    NUMBER_TEXT,
    st.sampled_from(["1.50", "1e3", "1E+03", "-0.0", "0.10", "2.5e-7", "1.0000000000000000001", "3.0", "1e400"]),
)
INTERESTING_STRINGS = [
    "", "String", "String (identifier)", "2016-12-31T23:58:46.8102575+03:00", "2021-07-01", "13:45:00.0000000",
    "PT1H30M", "-P1DT2.5S", "3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e", "aGVsbG8=", "inService", "light", "ccs2",
    "unknownFutureValue", "IN_SERVICE", "#microsoft.graph.electricVehicle", "\u00e9\u00e8\u4e2d\U0001f600", "\\", '"',
]
STRING_VALUE = st.one_of(st.text(max_size=12), st.sampled_from(INTERESTING_STRINGS))


@st.composite
def string_text(draw: st.DrawFn, values: st.SearchStrategy[str] = STRING_VALUE) -> str:
    return json.dumps(draw(values), ensure_ascii=draw(st.booleans()))


ODATA_TYPES = [
    "#microsoft.graph.vehicle", "#microsoft.graph.electricVehicle", "#microsoft.graph.chargingStation",
    "microsoft.graph.fleetAsset", "#microsoft.graph.entity", "#microsoft.graph.location",
    "#microsoft.graph.fleetTelemetry.location", "#Microsoft.Graph.ElectricVehicle", "#microsoft.graph.unknownThing",
    "#microsoft.graph.assetStatus", "", "#",
]
SCALAR_TEXT = st.one_of(
    st.sampled_from(["null", "true", "false"]), NUMBER_TEXT, INT_TEXT, FLOAT_TEXT, string_text()
)
KEYS = ["@odata.type", "@odata.context", "unknownKey", "id", "value", "vin", "displayName", "status", "class",
        "modelYear", "homeLocation", "tags", "additional_properties", "_json_order", "", "\u00e9"]
KEY_TEXT = st.one_of(string_text(st.sampled_from(KEYS)), string_text(st.text(max_size=6)))


def _array(items: list[str], ws: str) -> str:
    return "[" + ws + ("," + ws).join(items) + ws + "]"


def _object(pairs: list[tuple[str, str]], ws: str) -> str:
    return "{" + ws + ("," + ws).join(f"{key}{ws}:{ws}{value}" for key, value in pairs) + ws + "}"


def _containers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    odata = st.tuples(st.just('"@odata.type"'), st.one_of(string_text(st.sampled_from(ODATA_TYPES)), SCALAR_TEXT))
    pair = st.one_of(st.tuples(KEY_TEXT, children), odata)
    return st.one_of(
        st.builds(_array, st.lists(children, max_size=4), WS),
        st.builds(_object, st.lists(pair, max_size=6), WS),
    )


JSON_TEXT = st.recursive(SCALAR_TEXT, _containers, max_leaves=25)
OBJECT_TEXT = st.builds(
    _object,
    st.lists(
        st.one_of(
            st.tuples(KEY_TEXT, JSON_TEXT),
            st.tuples(st.just('"@odata.type"'), string_text(st.sampled_from(ODATA_TYPES))),
        ),
        max_size=8,
    ),
    WS,
)

# Values that fit a codec spec of the runtime's field table.
DATE_TIMES = st.datetimes(
    min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31), timezones=st.just(dt.timezone.utc)
)


@st.composite
def date_time_text(draw: st.DrawFn) -> str:
    moment = draw(DATE_TIMES)
    digits = draw(st.sampled_from(["", ".", ".1", ".8102575", ".123456789"]))
    zone = draw(st.sampled_from(["Z", "z", "+03:00", "-08:00", "+0530", ""]))
    head = f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S")
    return head + ("" if digits == "." else digits) + zone


def fitting(sdk: SDK, spec: str, depth: int) -> st.SearchStrategy[str]:
    """JSON text of a value that the declared type accepts."""
    if spec.startswith("["):
        return st.builds(_array, st.lists(st.one_of(fitting(sdk, spec[1:], depth), st.just("null")), max_size=3), WS)
    kind, _, reference = spec.partition(":")
    if kind == "E":
        members = [member.value for member in sdk.rt.load_class(reference)]
        return string_text(st.one_of(st.sampled_from(members), st.sampled_from(["parked", "IN_SERVICE", "String"])))
    if kind == "M":
        if depth <= 0:
            return st.just("{}")
        return instance_text(sdk, sdk.rt.load_class(reference), depth - 1).map(lambda drawn: drawn[0])
    simple: dict[str, st.SearchStrategy[str]] = {
        "str": string_text(),
        "stream": string_text(),
        "int": INT_TEXT,
        "float": st.one_of(FLOAT_TEXT, INT_TEXT),
        "bool": st.sampled_from(["true", "false"]),
        "any": JSON_TEXT,
        "DateTimeOffset": string_text(date_time_text()),
        "Date": string_text(st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)),
        "TimeOfDay": string_text(st.times().map(lambda t: t.isoformat())),
        "Duration": string_text(st.sampled_from(["PT1H30M", "-P1DT2.5S", "P2W", "PT0S", "P1Y2M", "PT11820H15M"])),
        "Guid": string_text(st.uuids().map(str)),
        "Base64": string_text(st.binary(max_size=12).map(lambda b: __import__("base64").b64encode(b).decode())),
    }
    return simple[spec]


@st.composite
def instance_text(draw: st.DrawFn, sdk: SDK, cls: Any, depth: int = 2) -> tuple[str, set[str]]:
    """An object for ``cls``: some declared keys with fitting values, some unfitting, some unknown.

    Returns the text and the declared JSON names that were given fitting values.
    """
    fields: dict[str, tuple[str, Any]] = cls._json_fields
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=len(fields))) if fields else []
    pairs: list[tuple[str, str]] = []
    fit: set[str] = set()
    for name in chosen:
        spec = fields[name][1].spec
        if draw(st.integers(0, 3)):
            pairs.append((json.dumps(name), draw(fitting(sdk, spec, depth))))
            fit.add(name)
        else:
            pairs.append((json.dumps(name), draw(JSON_TEXT)))
    extra = draw(st.lists(st.tuples(KEY_TEXT, JSON_TEXT), max_size=3))
    for key, value in extra:
        if json.loads(key) not in chosen:
            pairs.append((key, value))
    if draw(st.booleans()):
        pairs.append(('"@odata.type"', draw(string_text(st.sampled_from(ODATA_TYPES)))))
    order = draw(st.permutations(pairs))
    return _object(list(order), draw(WS)), fit - {json.loads(k) for k, _ in extra}


def round_trip(sdk: SDK, cls: Any, data: Any) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sdk.rt.UnknownEnumValueWarning)
        return str(sdk.rt.dumps(cls.from_dict(data).to_dict()))


# -- lossless numbers ---------------------------------------------------------------------------
@given(st.lists(st.one_of(NUMBER_TEXT, INT_TEXT, FLOAT_TEXT), min_size=1, max_size=8))
def test_loads_and_dumps_keep_the_exact_number_text(sdk: SDK, numbers: list[str]) -> None:
    text = "[" + ", ".join(numbers) + "]"
    data = sdk.rt.loads(text)
    assert sdk.rt.dumps(data) == text
    assert data == json.loads(text)  # the same values, only their spelling is remembered
    for number in numbers:
        assert sdk.rt.dumps(sdk.rt.loads(number)) == number


def test_integers_too_long_for_python_are_kept_as_text(sdk: SDK) -> None:
    rt = sdk.rt
    for text in ("7" * 5000, "-" + "1" * 4301, "9" * 400_000):
        value = rt.loads(text)
        assert isinstance(value, rt.JsonLongInt) and rt.dumps({"n": [value]}) == '{"n": [' + text + "]}"
    assert rt.loads("7" * 5000) == rt.loads("7" * 5000) != rt.loads("7" * 5001)
    assert type(rt.loads("7" * 4300)) is int  # at Python's limit it is still an int


def test_number_spellings_python_would_change(sdk: SDK) -> None:
    rt = sdk.rt
    for text in ("-0", "1.50", "1e3", "1E+03", "-0.0e0", "123456789012345678901234567890.0", "1e400"):
        value = rt.loads(text)
        assert rt.dumps(value) == text
        assert rt.dumps({"a": [value]}) == '{"a": [' + text + "]}"
    assert isinstance(rt.loads("-0"), rt.JsonInt) and rt.loads("-0") == 0
    assert isinstance(rt.loads("1.50"), rt.JsonFloat) and rt.loads("1.50") == 1.5
    assert type(rt.loads("12")) is int and type(rt.loads("1.5")) is float  # plain when Python agrees
    big = "123456789012345678901234567890"
    assert rt.loads(big) == int(big) and rt.dumps(rt.loads(big)) == big
    assert rt.loads(b'{"x": 1.10}') == {"x": 1.1}


@given(JSON_TEXT, st.sampled_from([None, 1, 2, 4]))
def test_dumps_writes_what_the_json_module_writes(sdk: SDK, text: str, indent: int | None) -> None:
    data = json.loads(text)
    assert sdk.rt.dumps(data, indent=indent) == json.dumps(data, indent=indent, ensure_ascii=False)


# -- lossless round trips -----------------------------------------------------------------------
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(OBJECT_TEXT)
def test_generic_model_round_trips_any_object(sdk: SDK, text: str) -> None:
    data = sdk.rt.loads(text)
    assert round_trip(sdk, sdk.rt.Model, data) == sdk.rt.dumps(data)


CLASSES = [
    "Entity", "FleetAsset", "Vehicle", "ElectricVehicle", "ChargingStation", "Driver", "Fleet", "FleetReport",
    "Location", "MaintenanceRecord", "Trip",
]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@pytest.mark.parametrize("name", CLASSES)
@given(data=st.data())
def test_generated_classes_round_trip_fitting_and_unfitting_values(sdk: SDK, name: str, data: st.DataObject) -> None:
    cls = getattr(sdk.models, name)
    text, fit = data.draw(instance_text(sdk, cls))
    loaded = sdk.rt.loads(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sdk.rt.UnknownEnumValueWarning)
        instance = cls.from_dict(loaded)
        out = instance.to_dict()
    assert isinstance(instance, cls)
    assert sdk.rt.dumps(out) == sdk.rt.dumps(loaded)
    assert list(out) == list(loaded)  # the key order of the input
    for json_name in fit:
        attribute = type(instance)._json_fields[json_name][0]
        assert json_name not in instance.additional_properties, json_name
        assert getattr(instance, attribute) is not sdk.rt.UNSET


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_telemetry_session_of_the_sub_namespace_round_trips(sdk: SDK, data: st.DataObject) -> None:
    cls = sdk.models.fleet_telemetry.TelemetrySession
    text, _ = data.draw(instance_text(sdk, cls))
    loaded = sdk.rt.loads(text)
    assert round_trip(sdk, cls, loaded) == sdk.rt.dumps(loaded)


def test_values_that_do_not_fit_are_kept_as_they_were(sdk: SDK) -> None:
    text = (
        '{"modelYear": "2019", "odometerKm": "4.2", "tags": "city", "vin": 17, "homeLocation": [1, 2],'
        ' "registrationExpiryDate": "13 May 2025", "engineHours": 5, "class": 3, "future": {"a": -0}}'
    )
    data = sdk.rt.loads(text)
    vehicle = sdk.models.Vehicle.from_dict(data)
    assert vehicle.model_year is sdk.rt.UNSET and vehicle.vin is sdk.rt.UNSET
    assert vehicle.additional_properties["modelYear"] == "2019"
    assert vehicle.additional_properties["homeLocation"] == [1, 2]
    assert sdk.rt.dumps(vehicle.to_dict()) == sdk.rt.dumps(data)


def test_fitting_values_are_typed(sdk: SDK) -> None:
    text = (
        '{"@odata.type": "#microsoft.graph.vehicle", "id": "v1", "modelYear": 2019, "odometerKm": 612345.20,'
        ' "tags": ["a", "b"], "class": "heavy", "status": "inService", "homeLocation": {"latitude": 41.2357,'
        ' "longitude": -8.6110}, "engineHours": "PT11820H15M", "registrationExpiryDate": "2025-05-13",'
        ' "createdDateTime": "2019-05-14T08:00:00.1234567Z", "maintenanceRecords": [{"workOrderNumber": 880412}]}'
    )
    vehicle = sdk.models.Vehicle.from_dict(sdk.rt.loads(text))
    assert vehicle.additional_properties == {"@odata.type": "#microsoft.graph.vehicle"}
    assert vehicle.id == "v1" and vehicle.model_year == 2019 and vehicle.tags == ["a", "b"]
    assert vehicle.class_ is sdk.models.VehicleClass.HEAVY
    assert vehicle.status is sdk.models.AssetStatus.IN_SERVICE
    assert isinstance(vehicle.home_location, sdk.models.Location)
    assert vehicle.home_location.longitude == -8.611
    assert isinstance(vehicle.engine_hours, sdk.rt.Duration)
    assert vehicle.engine_hours.value == dt.timedelta(hours=11820, minutes=15)
    assert isinstance(vehicle.registration_expiry_date, sdk.rt.Date)
    assert vehicle.registration_expiry_date.value == dt.date(2025, 5, 13)
    assert vehicle.created_date_time == "2019-05-14T08:00:00.1234567Z"
    assert isinstance(vehicle.maintenance_records[0], sdk.models.MaintenanceRecord)
    assert vehicle.odata_type == "#microsoft.graph.vehicle"
    assert sdk.rt.dumps(vehicle.to_dict()) == sdk.rt.dumps(sdk.rt.loads(text))
    assert sdk.rt.dumps(vehicle.to_dict()) == text.replace("612345.20", "612345.20")  # exact, trailing zero kept


# -- text-preserving primitives -----------------------------------------------------------------
@given(date_time_text())
def test_date_time_offset_keeps_its_text_and_parses(sdk: SDK, text: str) -> None:
    value = sdk.rt.DateTimeOffset(text)
    assert sdk.rt.DateTimeOffset.accepts(text)
    assert str(value) == text and sdk.rt.dumps(value) == json.dumps(text)
    parsed = value.value
    assert parsed is not None
    assert f"{parsed.year:04d}" + parsed.strftime("-%m-%dT%H:%M:%S") == text[:19]


def test_date_time_offset_seven_digits(sdk: SDK) -> None:
    rt = sdk.rt
    text = "2016-12-31T23:58:46.8102575+03:00"
    value = rt.DateTimeOffset(text)
    assert str(value) == text
    assert value.value == dt.datetime(2016, 12, 31, 23, 58, 46, 810257, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    fleet = sdk.models.Fleet.from_dict(rt.loads('{"createdDateTime": "' + text + '"}'))
    assert fleet.created_date_time == text and fleet.to_dict() == {"createdDateTime": text}
    assert rt.DateTimeOffset("2024-03-01T06:12:40z").value == dt.datetime(2024, 3, 1, 6, 12, 40, tzinfo=dt.timezone.utc)
    assert rt.DateTimeOffset.of(dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)) == "2024-03-01T00:00:00Z"
    assert rt.DateTimeOffset("99999-01-01T00:00:00Z").value is None  # accepted, out of datetime's range
    for bad in ("String (timestamp)", "2016-12-31", "yesterday", "2016-12-31T23:58:46.8102575+03:00 "):
        assert not rt.DateTimeOffset.accepts(bad), bad


def test_duration(sdk: SDK) -> None:
    rt = sdk.rt
    assert rt.Duration("PT1H30M").value == dt.timedelta(hours=1, minutes=30)
    assert rt.Duration("-P1DT2.5S").value == -dt.timedelta(days=1, seconds=2.5)
    assert rt.Duration("P2W").value == dt.timedelta(weeks=2)
    assert rt.Duration("pt5s").value == dt.timedelta(seconds=5)
    assert rt.Duration("P1Y2M").value is None  # years and months have no fixed length
    assert rt.Duration.of(dt.timedelta(minutes=90)) == "PT5400S"
    assert rt.Duration(rt.Duration.of(dt.timedelta(seconds=-2.5))).value == dt.timedelta(seconds=-2.5)
    for good in ("PT1H30M", "P1D", "PT0S", "P1Y2M3DT4H5M6.5S", "-PT1M"):
        assert rt.Duration.accepts(good), good
    for bad in ("String (duration)", "1:30:00", "P", "PT", "T1H", "P1H", ""):
        assert not rt.Duration.accepts(bad), bad


def test_guid_accepts_and_rejects(sdk: SDK) -> None:
    rt = sdk.rt
    guid = "3e0fe7a3-e7a3-3e0f-a3e7-0f3ea3e70f3e"
    assert rt.Guid.accepts(guid) and rt.Guid.accepts(guid.upper()) and rt.Guid.accepts(guid.replace("-", ""))
    assert rt.Guid(guid).value == uuid.UUID(guid) and rt.Guid.of(uuid.UUID(guid)) == guid
    for bad in ("Guid", "String (identifier)", guid[:-1], guid + "0", "{" + guid + "}", "zzzzzzzz-e7a3-3e0f-a3e7-0f3ea3e70f3e"):
        assert not rt.Guid.accepts(bad), bad


def test_date_accepts_and_rejects(sdk: SDK) -> None:
    rt = sdk.rt
    assert rt.Date.accepts("2021-07-01") and rt.Date("2021-07-01").value == dt.date(2021, 7, 1)
    assert rt.Date.of(dt.date(2021, 7, 1)) == "2021-07-01"
    assert rt.Date("2021-02-30").value is None
    for bad in ("Date", "2021-7-1", "2021-07-01T00:00:00Z", "01/07/2021"):
        assert not rt.Date.accepts(bad), bad


def test_time_of_day_accepts_and_rejects(sdk: SDK) -> None:
    rt = sdk.rt
    assert rt.TimeOfDay.accepts("13:45:00.0000000") and rt.TimeOfDay("13:45:00.0000000").value == dt.time(13, 45)
    assert rt.TimeOfDay("11:58:00.4320000").value == dt.time(11, 58, 0, 432000)
    assert rt.TimeOfDay.accepts("06:00") and rt.TimeOfDay.of(dt.time(6, 30)) == "06:30:00"
    assert rt.TimeOfDay("25:00:00").value is None
    for bad in ("String (time of day)", "1:00", "13:45:00Z", "1pm"):
        assert not rt.TimeOfDay.accepts(bad), bad


def test_base64_accepts_and_rejects(sdk: SDK) -> None:
    rt = sdk.rt
    assert rt.Base64.accepts("aGVsbG8=") and rt.Base64("aGVsbG8=").value == b"hello"
    assert rt.Base64("aGVsbG8").value == b"hello"  # padding may be left out
    assert rt.Base64("-_8=").value == b"\xfb\xff" and rt.Base64.of(b"\xfb\xff") == "+/8="
    for bad in ("not base64!", "a=b", "String (binary)"):
        assert not rt.Base64.accepts(bad), bad


def test_primitive_values_in_models_keep_their_text(sdk: SDK) -> None:
    rt = sdk.rt
    text = (
        '{"hireDate": "2018-09-03", "shiftStartTime": "06:00:00.0000000", "photo": "aGVsbG8=",'
        ' "dutyStatus": "driving"}'
    )
    driver = sdk.models.Driver.from_dict(rt.loads(text))
    assert isinstance(driver.hire_date, rt.Date) and isinstance(driver.shift_start_time, rt.TimeOfDay)
    assert isinstance(driver.photo, rt.Base64) and driver.photo.value == b"hello"
    assert driver.duty_status is sdk.models.DutyStatus.DRIVING
    assert rt.dumps(driver.to_dict()) == text
    fleet = sdk.models.Fleet.from_dict({"organizationId": "4a2a226a-c3cb-494c-a8a7-2a9dd771a766"})
    assert isinstance(fleet.organization_id, rt.Guid)
    assert fleet.organization_id.value == uuid.UUID("4a2a226a-c3cb-494c-a8a7-2a9dd771a766")
    record = sdk.models.MaintenanceRecord.from_dict(rt.loads('{"workOrderNumber": 9007199254740993, "cost": 10.50}'))
    assert record.work_order_number == 9007199254740993
    assert rt.dumps(record.to_dict()) == '{"workOrderNumber": 9007199254740993, "cost": 10.50}'


# -- UNSET and None -----------------------------------------------------------------------------
def test_unset_and_none_stay_distinct(sdk: SDK) -> None:
    rt, Location = sdk.rt, sdk.models.Location
    assert rt.UNSET is rt.Unset() and not rt.UNSET and repr(rt.UNSET) == "UNSET"
    assert sdk.package.UNSET is rt.UNSET  # lazily re-exported by the package
    absent = Location(display_name="Depot")
    null = Location(display_name="Depot", address=None)
    assert "address" not in absent.to_dict() and absent.to_dict()["displayName"] == "Depot"
    assert null.to_dict()["address"] is None
    parsed = Location.from_dict({"address": None})
    assert parsed.address is None and parsed.display_name is rt.UNSET
    assert parsed.to_dict() == {"address": None}
    assert Location.from_dict({}).to_dict() == {}


# -- enums --------------------------------------------------------------------------------------
def test_enum_members_and_unknown_values(sdk: SDK) -> None:
    rt, AssetStatus = sdk.rt, sdk.models.AssetStatus
    assert issubclass(AssetStatus, rt.OpenEnum) and issubclass(AssetStatus, str)
    assert [m.value for m in AssetStatus] == ["available", "inService", "underMaintenance", "retired", "unknownFutureValue"]
    assert AssetStatus("inService") is AssetStatus.IN_SERVICE and AssetStatus.IN_SERVICE.known
    assert AssetStatus.IN_SERVICE == "inService" and str(AssetStatus.IN_SERVICE) == "inService"
    with pytest.warns(rt.UnknownEnumValueWarning, match="parked"):
        parked = AssetStatus("parked")
    assert parked.value == "parked" and parked.known is False and parked == "parked"
    # A value spelled like a member's Python name is not that member.
    with pytest.warns(rt.UnknownEnumValueWarning):
        named = AssetStatus("IN_SERVICE")
    assert named.known is False and named is not AssetStatus.IN_SERVICE


def test_unknown_enum_values_survive_a_round_trip_with_a_warning(sdk: SDK) -> None:
    rt = sdk.rt
    text = '{"status": "parked", "class": "light", "fuelType": "String"}'
    with pytest.warns(rt.UnknownEnumValueWarning) as caught:
        vehicle = sdk.models.Vehicle.from_dict(rt.loads(text))
    assert {str(w.message).split("'")[1] for w in caught} == {"parked", "String"}
    assert vehicle.status.known is False and vehicle.status.value == "parked"
    assert vehicle.class_.known is True
    assert "status" not in vehicle.additional_properties
    assert rt.dumps(vehicle.to_dict()) == text
    with pytest.warns(rt.UnknownEnumValueWarning):
        station = sdk.models.ChargingStation.from_dict({"openDays": ["monday", "someday"], "connectorTypes": ["ccs2"]})
    assert [day.known for day in station.open_days] == [True, False]
    assert station.to_dict() == {"openDays": ["monday", "someday"], "connectorTypes": ["ccs2"]}


# -- @odata.type dispatch -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("base", "odata_type", "expected"),
    [
        ("Vehicle", "#microsoft.graph.electricVehicle", "ElectricVehicle"),
        ("Vehicle", "microsoft.graph.electricVehicle", "ElectricVehicle"),
        ("Vehicle", "#Microsoft.Graph.ELECTRICVEHICLE", "ElectricVehicle"),
        ("Entity", "#microsoft.graph.electricVehicle", "ElectricVehicle"),
        ("FleetAsset", "#microsoft.graph.chargingStation", "ChargingStation"),
        ("Model", "#microsoft.graph.vehicle", "Vehicle"),
        ("Vehicle", "#microsoft.graph.vehicle", "Vehicle"),
        # Never a class that is not a subclass of the one asked for:
        ("Vehicle", "#microsoft.graph.chargingStation", "Vehicle"),
        ("ElectricVehicle", "#microsoft.graph.vehicle", "ElectricVehicle"),
        ("Location", "#microsoft.graph.fleetTelemetry.location", "Location"),
        ("Vehicle", "#microsoft.graph.assetStatus", "Vehicle"),  # an enum is not a model
        ("Vehicle", "#microsoft.graph.someFutureVehicle", "Vehicle"),
    ],
)
def test_odata_type_dispatch(sdk: SDK, base: str, odata_type: str, expected: str) -> None:
    cls = sdk.rt.Model if base == "Model" else getattr(sdk.models, base)
    data = {"@odata.type": odata_type, "id": "x", "batteryCapacityKwh": 52.0}
    instance = cls.from_dict(data)
    assert type(instance).__name__ == expected
    assert isinstance(instance, cls)
    assert instance.to_dict() == data


def test_dispatch_in_nested_values_and_collections(sdk: SDK) -> None:
    rt = sdk.rt
    fleet = sdk.models.Fleet.from_dict(
        {"vehicles": [{"@odata.type": "#microsoft.graph.electricVehicle", "rangeKm": 71.0}, {"vin": "Y"}]}
    )
    assert [type(v).__name__ for v in fleet.vehicles] == ["ElectricVehicle", "Vehicle"]
    assert fleet.vehicles[0].range_km == 71.0
    telemetry = sdk.models.fleet_telemetry
    session = telemetry.TelemetrySession.from_dict({"lastKnownLocation": {"speedKmh": 0.0}, "depot": {"address": "a"}})
    assert type(session.last_known_location) is telemetry.Location
    assert type(session.depot) is sdk.models.Location
    assert telemetry.Location is not sdk.models.Location
    assert rt.dumps(session.to_dict()) == '{"lastKnownLocation": {"speedKmh": 0.0}, "depot": {"address": "a"}}'


@given(st.sampled_from(ODATA_TYPES), st.sampled_from(CLASSES + ["Model"]))
def test_dispatch_never_leaves_the_class_asked_for(sdk: SDK, odata_type: str, name: str) -> None:
    cls = sdk.rt.Model if name == "Model" else getattr(sdk.models, name)
    instance = cls.from_dict({"@odata.type": odata_type})
    assert isinstance(instance, cls)
    assert instance.to_dict() == {"@odata.type": odata_type}


def test_dispatch_is_a_registry_lookup(sdk: SDK) -> None:
    registry = importlib.import_module(PKG + "._registry").CLASSES
    assert registry["microsoft.graph.electricVehicle"] == ("electric_vehicle", "ElectricVehicle")
    assert registry["microsoft.graph.fleetTelemetry.location"] == ("fleet_telemetry.location", "Location")
    assert "microsoft.graph.assetStatus" not in registry  # enums are not dispatched to
    for name, (module, class_name) in registry.items():
        cls = sdk.rt.load_class(f"{module}:{class_name}")
        assert cls._odata_name == name


# -- constructed instances ------------------------------------------------------------------------
def test_constructed_instances_name_their_type(sdk: SDK) -> None:
    rt, models = sdk.rt, sdk.models
    van = models.ElectricVehicle(display_name="Van 14", vin="VF1", class_=models.VehicleClass.LIGHT, range_km=176.0)
    data = van.to_dict()
    assert list(data)[0] == "@odata.type" and data["@odata.type"] == "#microsoft.graph.electricVehicle"
    assert data == {
        "@odata.type": "#microsoft.graph.electricVehicle",
        "displayName": "Van 14",
        "vin": "VF1",
        "class": "light",
        "rangeKm": 176.0,
    }
    # Inherited fields come first, in the order of the docs; the base reads it back as the subclass.
    again = models.Vehicle.from_dict(data)
    assert type(again) is models.ElectricVehicle and again.range_km == 176.0 and again.to_dict() == data
    assert models.Vehicle(vin="X").to_dict() == {"@odata.type": "#microsoft.graph.vehicle", "vin": "X"}
    # An @odata.type the caller set wins, and is not written twice.
    own = models.Vehicle(vin="X", additional_properties={"@odata.type": "#microsoft.graph.vehicle"})
    assert rt.dumps(own.to_dict()) == '{"vin": "X", "@odata.type": "#microsoft.graph.vehicle"}'
    # A parsed instance writes exactly what it read: no @odata.type added.
    assert models.Vehicle.from_dict({"vin": "X"}).to_dict() == {"vin": "X"}
    nested = models.Trip(from_=models.Location(latitude=1.5), stops=[]).to_dict()
    assert nested["from"]["latitude"] == 1.5 and nested["stops"] == []


def test_models_are_keyword_only_attrs_classes(sdk: SDK) -> None:
    import attrs

    Vehicle = sdk.models.Vehicle
    assert attrs.has(Vehicle)
    with pytest.raises(TypeError):
        Vehicle("VIN")  # keyword-only
    vehicle = Vehicle(vin="A")
    assert vehicle == Vehicle(vin="A") and vehicle != Vehicle(vin="B")
    assert Vehicle.from_dict({"vin": "A"}) == vehicle  # equality ignores how it was made


def test_key_order_of_the_input_is_reproduced(sdk: SDK) -> None:
    rt = sdk.rt
    text = '{"zeta": 1, "vin": "V", "@odata.type": "#microsoft.graph.vehicle", "id": "1", "alpha": [], "make": "M"}'
    vehicle = sdk.models.Vehicle.from_dict(rt.loads(text))
    assert rt.dumps(vehicle.to_dict()) == text
    vehicle.model = "FH"  # set after reading: appended after the keys that were read
    assert list(vehicle.to_dict()) == ["zeta", "vin", "@odata.type", "id", "alpha", "make", "model"]


# -- pages and the client -------------------------------------------------------------------------
def test_page_reader(sdk: SDK) -> None:
    rt = sdk.rt
    answers = importlib.import_module(PKG + "._answers")
    read = answers.page_of(answers.model_reader("vehicle:Vehicle"))
    page = read({"@odata.nextLink": "https://next", "value": [{"@odata.type": "#microsoft.graph.electricVehicle"}]})
    assert isinstance(page, rt.Page) and page.next_link == "https://next"
    assert type(page.value[0]) is sdk.models.ElectricVehicle
    assert answers.model_reader("vehicle:Vehicle")({"value": {"vin": "x"}}).vin == "x"  # an action's wrapped result
    assert rt.read_value("int")({"value": 5}) == 5
    assert rt.read_value("E:asset_status:AssetStatus")({"value": "retired"}) is sdk.models.AssetStatus.RETIRED


def test_sync_client_sends_the_documented_request(sdk: SDK) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = '{"@odata.type": "#microsoft.graph.electricVehicle", "id": "a b", "odometerKm": 0.0}'
        return httpx.Response(200, content=body.encode(), headers={"content-type": "application/json"})

    client = sdk.client.Client("https://example.test/beta", token=lambda: "t0k", transport=httpx.MockTransport(handler))
    body = sdk.models.Vehicle.from_dict(sdk.rt.loads('{"status": "underMaintenance", "odometerKm": 1.50}'))
    sdk.rt.forget_loaded(body)  # sent whole, as a model built by hand
    result = client.fleet.vehicles["a b/c"].update(body, select=["id"])
    request = seen[0]
    assert request.method == "PATCH"
    assert request.url.raw_path == b"/beta/fleet/vehicles/a%20b%2Fc?$select=id"
    assert request.headers["authorization"] == "Bearer t0k"
    assert request.headers["content-type"] == "application/json"
    assert request.content == b'{"status": "underMaintenance", "odometerKm": 1.50}'
    assert type(result) is sdk.models.ElectricVehicle and sdk.rt.dumps(result.odometer_km) == "0.0"
    client.fleet.vehicles["v1"].schedule_maintenance(
        type_="repair", scheduled_date_time=sdk.rt.DateTimeOffset("2024-03-06T07:30:00Z")
    )
    assert seen[1].url.path == "/beta/fleet/vehicles/v1/scheduleMaintenance"
    assert json.loads(seen[1].content) == {"type": "repair", "scheduledDateTime": "2024-03-06T07:30:00Z"}
    client.close()


def test_errors_are_typed(sdk: SDK) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        error = {"error": {"code": "NotFound", "message": "No vehicle", "innerError": {"request-id": "r1"}}}
        return httpx.Response(404, json=error, headers={"x-ms-ag": "1"})

    with sdk.client.Client("https://example.test", transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(sdk.errors.ApiError) as raised:
            client.fleet.vehicles["missing"].get()
    error = raised.value
    assert error.status_code == 404 and error.headers["x-ms-ag"] == "1"
    assert error.error == sdk.errors.ODataError("NotFound", "No vehicle", {"request-id": "r1"}, [])
    assert "NotFound" in str(error)
    assert isinstance(sdk.package.ApiError, type) and sdk.package.ApiError is sdk.errors.ApiError


def test_async_client_against_a_live_server(sdk: SDK, httpserver: Any) -> None:
    httpserver.expect_oneshot_request(
        "/fleet/drivers/b7ca 9e/trips", method="GET", query_string={"$top": "2"},
        headers={"Authorization": "Bearer async-token"},
    ).respond_with_data(
        '{"@odata.nextLink": "https://next", "value": [{"id": "t1", "distanceKm": 17.40, "type": "business"}]}',
        content_type="application/json",
    )
    async def token() -> str:
        return "async-token"

    async def run() -> Any:
        transport = httpx.AsyncHTTPTransport(retries=0)
        async with sdk.client.AsyncClient(httpserver.url_for("/"), token=token, transport=transport) as client:
            return await client.fleet.drivers["b7ca 9e"].trips.list(top=2)

    page = asyncio.run(run())
    httpserver.check_assertions()
    assert isinstance(page, sdk.rt.AsyncPage) and page.next_link == "https://next"
    (trip,) = page.value
    assert type(trip) is sdk.models.Trip and trip.type_ is sdk.models.TripType.BUSINESS
    assert sdk.rt.dumps(trip.to_dict()) == '{"id": "t1", "distanceKm": 17.40, "type": "business"}'


def test_a_flags_enum_value_names_several_members_and_is_typed(sdk: SDK) -> None:
    rt, ChargingAmenity = sdk.rt, sdk.models.ChargingAmenity
    assert issubclass(ChargingAmenity, rt.OpenFlagsEnum)
    with warnings.catch_warnings():
        warnings.simplefilter("error", rt.UnknownEnumValueWarning)
        station = sdk.models.ChargingStation.from_dict({"amenities": "restroom,wifi"})
    assert station.amenities.known and station.amenities.members == [ChargingAmenity.RESTROOM, ChargingAmenity.WIFI]
    assert station.to_dict() == {"amenities": "restroom,wifi"}
    assert ChargingAmenity("cafe") is ChargingAmenity.CAFE
    with pytest.warns(rt.UnknownEnumValueWarning):
        odd = ChargingAmenity("cafe,pool")
    assert not odd.known and odd.value == "cafe,pool"


def test_the_evolvable_sentinel_is_a_value_of_every_enum_without_a_warning(sdk: SDK) -> None:
    rt, ConnectorType, Weekday = sdk.rt, sdk.models.ConnectorType, sdk.models.Weekday
    assert "unknownFutureValue" not in [member.value for member in Weekday]  # its page does not list it
    with warnings.catch_warnings():
        warnings.simplefilter("error", rt.UnknownEnumValueWarning)
        sentinel = Weekday("unknownFutureValue")
    assert sentinel.known and sentinel.value == "unknownFutureValue"
    assert ConnectorType("unknownFutureValue") is ConnectorType.UNKNOWN_FUTURE_VALUE
