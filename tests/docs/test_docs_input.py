"""What gen reads from docs-input/, the project's own sample API (a fictional fleet API).

docs-input/ is written to use every construct of ../shared/specs/dialect.md, the defects
included. Each test pins what the resolved model holds for one construct, so that a
parser or resolver change that misreads a construct fails here, on the page that shows
it. Line numbers are looked up in the page text, not hard-coded, so that editing a page
above a construct does not break its test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.diagnostics import CODES, Diagnostic
from generator.model import ApiModel, Example, Operation, Property, TypeDef, TypeRef

DOCS = Path(__file__).resolve().parents[2] / "docs-input"
G = "microsoft.graph"
T = "microsoft.graph.fleetTelemetry"


# -- helpers -------------------------------------------------------------------------------
def line_of(page: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line of a docs-input page holding ``needle``."""
    text = (DOCS / page).read_bytes().decode("utf-8", errors="replace")
    seen = 0
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found {occurrence}x in {page}")


def diags(model: ApiModel, code: str | None = None, file: str | None = None) -> list[Diagnostic]:
    return [
        d for d in model.diagnostics if (code is None or d.code == code) and (file is None or d.file == file)
    ]


def typedef(model: ApiModel, qualified: str) -> TypeDef:
    assert qualified in model.types, f"{qualified} is not in the model"
    return model.types[qualified]


def prop(model: ApiModel, qualified: str, name: str) -> Property:
    found = typedef(model, qualified).property(name)
    assert found is not None, f"{qualified} declares no {name!r}"
    return found


def names(model: ApiModel, qualified: str) -> list[str]:
    return [p.name for p in typedef(model, qualified).properties]


def members(model: ApiModel, qualified: str) -> list[str]:
    return [m.name for m in typedef(model, qualified).members]


def operation(model: ApiModel, name: str) -> Operation:
    found = model.operation(name)
    assert found is not None, f"no operation {name}"
    return found


def examples_of(model: ApiModel, file: str, kind: str | None = None) -> list[Example]:
    return [e for e in model.examples if e.file == file and (kind is None or e.kind.value == kind)]


def one_example(model: ApiModel, file: str, kind: str) -> Example:
    found = examples_of(model, file, kind)
    assert len(found) == 1, f"{file}: {len(found)} {kind} examples"
    return found[0]


# -- the tree as a whole ----------------------------------------------------------------------
def test_pages_are_counted_and_the_two_unreadable_inputs_are_survived(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    files = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert "resources/zz-empty.md" in files and "api/zz-latin1.md" in files
    assert (DOCS / "resources/zz-empty.md").stat().st_size == 0
    with pytest.raises(UnicodeDecodeError):
        (DOCS / "api/zz-latin1.md").read_bytes().decode("utf-8")
    # Every page but the empty one is parsed.
    assert model.pages == len(files) - 1
    assert [(d.line, d.severity) for d in diags(model, "GEN003")] == [(1, "warning")]
    assert diags(model, "GEN003")[0].file == "resources/zz-empty.md"
    # The Latin-1 page: a warning at the line of the first non-UTF-8 byte, then read anyway.
    latin = diags(model, "GEN002")
    assert [(d.file, d.line) for d in latin] == [("api/zz-latin1.md", line_of("api/zz-latin1.md", "Frota Log"))]
    assert operation(model, "get_fleet").paths == ["/fleet"]
    response = one_example(model, "api/zz-latin1.md", "response")
    assert response.value["displayName"] == "Frota Log\ufffdstica Norte"
    assert not diags(model, "GEN001")


def test_totals(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    kinds = sorted(t.kind.value for t in model.types.values())
    assert kinds.count("entity") == 12  # geofences: a page named after its collection
    assert kinds.count("complex") == 2
    assert kinds.count("enum") == 11  # chargingAmenity, a flags enum
    assert len(model.operations) == 16
    assert len(model.examples) == 47


def test_only_the_planted_defects_are_warnings_or_errors(docs_input_model: ApiModel) -> None:
    """Most pages are correct: a new warning on docs-input is a regression or a new defect."""
    found = sorted((d.file, d.code) for d in docs_input_model.diagnostics if d.severity != "info")
    assert found == [
        ("api/chargingstation-update.md", "GEN307"),
        ("api/chargingstation-update.md", "GEN309"),
        ("api/chargingstation-update.md", "GEN309"),
        ("api/driver-get.md", "GEN303"),
        ("api/zz-latin1.md", "GEN002"),
        ("resources/location.md", "GEN006"),
        ("resources/zz-empty.md", "GEN003"),
    ]


def test_every_page_syntax_info_is_one_of_the_planted_ones(docs_input_model: ApiModel) -> None:
    # Reading and page-syntax codes (GEN0xx, GEN3xx); cross-page codes are pinned below.
    found = sorted(
        (d.file, d.code)
        for d in docs_input_model.diagnostics
        if d.severity == "info" and d.code[3] in "03"
    )
    assert found == [
        ("api/chargingstation-update.md", "GEN304"),
        ("api/chargingstation-update.md", "GEN304"),
        ("api/driver-get.md", "GEN302"),
        ("api/driver-list-trips.md", "GEN302"),
        ("api/driver-list-trips.md", "GEN302"),
        ("api/driver-update-photo.md", "GEN312"),
        ("api/fleet-post-trips.md", "GEN302"),
        ("api/fleetreport-get-content.md", "GEN312"),
        ("api/fleetreport-put-content.md", "GEN312"),
        ("api/vehicle-update.md", "GEN302"),
        ("resources/fleettelemetry-location.md", "GEN007"),
        ("resources/maintenancerecord.md", "GEN305"),
        ("resources/maintenancerecord.md", "GEN305"),
    ]
    assert all(d.code in CODES for d in docs_input_model.diagnostics)


def test_no_cross_page_problems(docs_input_model: ApiModel) -> None:
    # Unresolved types, cycles, duplicates, disagreeing pages, inherited rows the base
    # lacks, duplicate rows, enum sentences that disagree with the enum page.
    for code in ("GEN201", "GEN202", "GEN203", "GEN204", "GEN205", "GEN206", "GEN208", "GEN209", "GEN306"):
        assert not diags(docs_input_model, code), code


# -- page level ------------------------------------------------------------------------------
def test_page_without_front_matter_is_still_read(docs_input_model: ApiModel) -> None:
    (problem,) = diags(docs_input_model, "GEN006")
    assert (problem.file, problem.line) == ("resources/location.md", 1)
    location = typedef(docs_input_model, f"{G}.location")
    assert location.kind.value == "complex"
    assert location.source == "resources/location.md"


def test_doc_type_contradicting_the_folder_is_reported_and_the_page_read_by_its_title(
    docs_input_model: ApiModel,
) -> None:
    (problem,) = diags(docs_input_model, "GEN007")
    assert problem.file == "resources/fleettelemetry-location.md"
    assert "apiPageType" in problem.message
    assert typedef(docs_input_model, f"{T}.location").source == "resources/fleettelemetry-location.md"
    assert not [op for op in docs_input_model.operations if op.source == "resources/fleettelemetry-location.md"]


def test_doc_type_typos_and_quotes_are_not_reported(docs_input_model: ApiModel) -> None:
    # trip.md: resourcePageType_ ; connectortype.md: enumTypes ; fleet.md: "resourcePageType"
    for page in ("resources/trip.md", "resources/connectortype.md", "resources/fleet.md", "resources/assetstatus.md"):
        assert not diags(docs_input_model, "GEN007", page), page
    assert typedef(docs_input_model, f"{G}.trip").kind.value == "entity"
    assert typedef(docs_input_model, f"{G}.connectorType").kind.value == "enum"


def test_h1_forms(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    assert typedef(model, f"{G}.vehicle").source == "resources/vehicle.md"  # "x resource type"
    assert typedef(model, f"{G}.location").line == 1  # "x complex type", first line (no front matter)
    assert typedef(model, f"{G}.fuelType").line == line_of("resources/fueltype.md", "# fuelType enum type")
    assert operation(model, "vehicle_schedulemaintenance").title == "vehicle: scheduleMaintenance"  # "Verb x"
    assert operation(model, "update_vehicle").title == "Update vehicle"
    # The conceptual page with several enums defines no type of its own.
    assert not [t for t in model.types.values() if t.source == "resources/enums.md" and t.kind.value != "enum"]


def test_h1_differing_in_case_from_odata_type_takes_the_annotation_name(docs_input_model: ApiModel) -> None:
    assert "# FleetReport resource type" in (DOCS / "resources/fleetreport.md").read_text()
    assert typedef(docs_input_model, f"{G}.fleetReport").name == "fleetReport"
    assert f"{G}.FleetReport" not in docs_input_model.types


def test_docfx_syntax_is_not_content(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # [!INCLUDE] lines and > [!NOTE] alerts are not the description.
    vehicle = typedef(model, f"{G}.vehicle")
    assert vehicle.description.startswith("A road vehicle that belongs to the fleet.")
    fleet = typedef(model, f"{G}.fleet")
    assert fleet.description.startswith("The fleet of one organization")
    # Tab headings (# [HTTP](#tab/http)) are not titles and do not unbind the annotation.
    assert operation(model, "list_vehicles").title == "List vehicles"
    request = one_example(model, "api/fleet-list-vehicles.md", "request")
    assert request.name == "list_vehicles"
    assert request.line == line_of("api/fleet-list-vehicles.md", "```msgraph-interactive")


def test_html_entities_and_breaks_in_cells(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    closing = prop(model, f"{G}.chargingStation", "closingTime")
    assert closing.description == (
        "The time at which the station closes. Equal to openingTime for stations open all day."
    )
    assert prop(model, f"{G}.chargingStation", "pricePerKwh").description.endswith("0 for stations the fleet owns.")
    (auth,) = [p for p in operation(model, "create_vehicle").parameters if p.name == "Authorization"]
    assert auth.location.value == "header"
    assert auth.description == "Bearer <token>. Required."
    assert auth.required


def test_nbsp_zero_width_and_tabs_are_spaces(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    assert "\u00a0" in (DOCS / "resources/driver.md").read_text()
    assert prop(model, f"{G}.driver", "displayName").description == (
        "The full name of the driver, as printed on the licence."
    )
    assert prop(model, f"{G}.driver", "email").description == "The work email address of the driver."
    assert prop(model, f"{G}.driver", "hireDate").type == TypeRef("Edm.Date")  # "Date\u00a0"
    assert "\t" in (DOCS / "resources/maintenancerecord.md").read_text()
    assert prop(model, f"{G}.maintenanceRecord", "cost").type == TypeRef("Edm.Double")  # tab-separated header


def test_missing_final_newline(docs_input_model: ApiModel) -> None:
    assert not (DOCS / "resources/fueltype.md").read_bytes().endswith(b"\n")
    assert members(docs_input_model, f"{G}.fuelType")[-1] == "unknownFutureValue"


# -- tables --------------------------------------------------------------------------------
def test_property_tables_in_every_header_and_alignment_shape(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # "Property name|Type|Description" (chargingStation), bold header and |---| (driver),
    # no outer pipes (location), "| :--- |" (trip), "|:---|" (most pages).
    assert names(model, f"{G}.chargingStation") == [
        "connectorTypes", "portCount", "maxPowerKw", "isPublic", "operatorName",
        "openDays", "openingTime", "closingTime", "amenities", "pricePerKwh",
    ]  # fmt: skip
    assert names(model, f"{G}.driver")[:3] == ["displayName", "employeeNumber", "userId"]
    assert names(model, f"{G}.location") == ["displayName", "address", "latitude", "longitude", "postalCode"]
    assert names(model, f"{G}.trip")[:4] == ["from", "to", "type", "startDateTime"]


def test_relationship_tables_give_navigation_properties(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    fleet = typedef(model, f"{G}.fleet")
    navigation = [p.name for p in fleet.properties if p.navigation]
    assert navigation == ["vehicles", "drivers", "trips", "chargingStations", "reports"]
    assert not [p for p in fleet.properties if p.navigation and not p.type.collection]
    assert prop(model, f"{G}.vehicle", "assignedDriver").navigation
    assert not prop(model, f"{G}.vehicle", "currentLocation").navigation
    assert prop(model, f"{G}.trip", "driver").navigation


def test_group_rows_and_commented_out_tables_are_not_properties(docs_input_model: ApiModel) -> None:
    assert names(docs_input_model, f"{G}.vehicle") == [
        "vin", "licensePlate", "fleetNumber", "make", "model", "modelYear", "class", "fuelType",
        "grossWeightKg", "odometerKm", "engineHours", "registrationExpiryDate", "currentLocation",
        "assignedDriver", "maintenanceRecords", "telemetrySessions",
    ]  # fmt: skip
    all_names = {p.name for t in docs_input_model.types.values() for p in t.properties}
    assert not {"Identification", "Specification", "Usage", "odometerMiles"} & all_names


def test_rows_with_fewer_or_more_cells(docs_input_model: ApiModel) -> None:
    page = "resources/maintenancerecord.md"
    lines = sorted(d.line for d in diags(docs_input_model, "GEN305", page))
    assert lines == [line_of(page, "|technicianName|"), line_of(page, "|notes|String|")]
    record = f"{G}.maintenanceRecord"
    assert prop(docs_input_model, record, "technicianName").description == "The mechanic who signed off the work."
    assert prop(docs_input_model, record, "notes").type == TypeRef("Edm.String")
    assert prop(docs_input_model, record, "notes").description == ""
    assert names(docs_input_model, record)[-1] == "notes"


def test_escaped_pipe_and_pipe_in_code_span_stay_in_their_cell(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    parts = prop(model, f"{G}.maintenanceRecord", "partsReplaced")
    assert "A-100|B-200" in parts.description
    assert parts.type == TypeRef("Edm.String", True)
    columns = prop(model, f"{G}.fleetReport", "columns")
    assert columns.description.endswith("such as vin|odometerKm|status.")
    assert not diags(model, "GEN305", "resources/fleetreport.md")


def test_enum_member_tables_in_several_header_shapes(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # Member|Value|Description
    fuel = typedef(model, f"{G}.fuelType")
    assert [(m.name, m.value) for m in fuel.members] == [
        ("petrol", 0), ("diesel", 1), ("electric", 2), ("hybrid", 3), ("hydrogen", 4), ("unknownFutureValue", 5),
    ]  # fmt: skip
    assert fuel.members[1].description == "Compression-ignition engine running on diesel or biodiesel."
    # Member|Description, "| :--- |"
    status = typedef(model, f"{G}.assetStatus")
    assert members(model, f"{G}.assetStatus") == ["available", "inService", "underMaintenance", "retired", "unknownFutureValue"]
    assert all(m.value is None for m in status.members)
    assert status.members[2].description == "The asset is in the workshop and cannot be used."
    # Member|Int value|Description, no outer pipes, "--|--|--"
    connector = typedef(model, f"{G}.connectorType")
    assert [(m.name, m.value) for m in connector.members][-2:] == [("nacs", 5), ("unknownFutureValue", 6)]
    # Member|Value (a ### x values section)
    assert [(m.name, m.value) for m in typedef(model, f"{G}.reportFormat").members] == [
        ("csv", 0), ("json", 1), ("parquet", 2), ("unknownFutureValue", 3),
    ]  # fmt: skip
    # Value (one column)
    assert members(model, f"{G}.weekday") == [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]  # fmt: skip
    # Value|Description under "### vehicleClass values" on a resource page
    assert members(model, f"{G}.vehicleClass") == ["light", "medium", "heavy", "bus", "unknownFutureValue"]


def test_parameter_tables(docs_input_model: ApiModel) -> None:
    action = operation(docs_input_model, "vehicle_schedulemaintenance")
    assert [(p.name, p.type.name, p.location.value, p.required) for p in action.body_parameters] == [
        ("type", "Edm.String", "body", True),
        ("priority", "Edm.String", "body", False),
        ("scheduledDateTime", "Edm.DateTimeOffset", "body", True),
        ("notes", "Edm.String", "body", False),
    ]


def test_name_type_description_table_under_path_parameters(docs_input_model: ApiModel) -> None:
    get = operation(docs_input_model, "get_telemetrysession")
    path = [(p.name, p.location.value, p.required, p.description) for p in get.parameters if p.location.value == "path"]
    assert path == [
        ("vehicle-id", "path", True, "The identifier of the vehicle."),
        ("telemetrySession-id", "path", True, "The identifier of the telemetry session."),
    ]


def test_header_tables(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # Name|Description
    update = operation(model, "update_vehicle")
    assert [(p.name, p.location.value) for p in update.parameters if p.location.value == "header"] == [
        ("Authorization", "header"),
        ("Content-Type", "header"),
    ]
    # Header|Value
    station = operation(model, "update_chargingstation")
    assert [p.name for p in station.parameters if p.location.value == "header"] == ["Authorization", "Accept"]


def test_permission_tables(docs_input_model: ApiModel) -> None:
    assert operation(docs_input_model, "list_vehicles").permissions == [
        ("Delegated (work or school account)", "Fleet.Read.All, Fleet.ReadWrite.All"),
        ("Delegated (personal Microsoft account)", "Not supported."),
        ("Application", "Fleet.Read.All, Fleet.ReadWrite.All"),
    ]


def test_todo_permission_cells(docs_input_model: ApiModel) -> None:
    page = "api/chargingstation-update.md"
    lines = sorted(d.line for d in diags(docs_input_model, "GEN309", page))
    assert lines == [line_of(page, "TODO: Determine scopes"), line_of(page, "TODO: Determine AppOnly")]
    assert len(diags(docs_input_model, "GEN309")) == 2


# -- type cells ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("owner", "name", "expected"),
    [
        (f"{G}.entity", "id", TypeRef("Edm.String")),  # String
        (f"{G}.vehicle", "modelYear", TypeRef("Edm.Int32")),  # int
        (f"{G}.maintenanceRecord", "workOrderNumber", TypeRef("Edm.Int64")),  # Int64
        (f"{G}.fleetAsset", "lastModifiedDateTime", TypeRef("Edm.DateTimeOffset")),  # dateTimeOffset
        (f"{G}.fleet", "organizationId", TypeRef("Edm.Guid")),  # Guid
        (f"{G}.trip", "duration", TypeRef("Edm.Duration")),  # Duration
        (f"{G}.driver", "hireDate", TypeRef("Edm.Date")),  # Date
        (f"{G}.chargingStation", "openingTime", TypeRef("Edm.TimeOfDay")),  # TimeOfDay
        (f"{G}.driver", "photo", TypeRef("Edm.Binary")),  # Binary
        (f"{G}.trip", "distanceKm", TypeRef("Edm.Double")),  # Double
        (f"{T}.location", "accuracyMeters", TypeRef("Edm.Single")),  # Single
        (f"{G}.chargingStation", "isPublic", TypeRef("Edm.Boolean")),  # Boolean
        (f"{G}.fleetReport", "content", TypeRef("Edm.Stream")),  # Stream
        (f"{G}.fleetAsset", "tags", TypeRef("Edm.String", True)),  # String collection
        (f"{G}.trip", "stops", TypeRef(f"{G}.location", True)),  # Collection(location)
        (f"{T}.telemetrySession", "firmwareVersion", TypeRef("Edm.String")),  # Edm.String
        (f"{G}.electricVehicle", "connectorType", TypeRef(f"{G}.connectorType")),  # [x](../resources/x.md)
        (f"{G}.vehicle", "fuelType", TypeRef(f"{G}.fuelType")),  # [x](x.md)
        (f"{G}.trip", "driver", TypeRef(f"{G}.driver")),  # [x][]
        (f"{G}.trip", "vehicle", TypeRef(f"{G}.vehicle")),  # [x][]
        (f"{G}.vehicle", "class", TypeRef(f"{G}.vehicleClass")),  # [x](#x-values)
        (f"{G}.fleetReport", "format", TypeRef(f"{G}.reportFormat")),  # [x](enums.md#x-values)
        (f"{G}.chargingStation", "openDays", TypeRef(f"{G}.weekday", True)),  # `x` collection
        (f"{G}.trip", "type", TypeRef(f"{G}.tripType")),  # `x` (enum from its sentence)
        (f"{G}.vehicle", "telemetrySessions", TypeRef(f"{T}.telemetrySession", True)),  # [ns.x](...) collection
        (f"{G}.trip", "to", TypeRef(f"{G}.location")),  # [Location](location.md)
        (f"{G}.vehicle", "vin", TypeRef("Edm.String")),  # string, maximum size 17
        (f"{G}.maintenanceRecord", "type", TypeRef(f"{G}.maintenanceRecordType")),  # Enumeration
        (f"{G}.chargingStation", "connectorTypes", TypeRef(f"{G}.connectorType", True)),
    ],
)
def test_type_cell_spellings(docs_input_model: ApiModel, owner: str, name: str, expected: TypeRef) -> None:
    assert prop(docs_input_model, owner, name).type == expected


def test_every_type_reference_resolves(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    for typedef_ in model.types.values():
        for p in typedef_.properties:
            assert p.type.is_primitive or p.type.name in model.types, (typedef_.qualified, p.name, p.type)
            assert p.type.name != "Edm.Untyped", (typedef_.qualified, p.name)


# -- namespaces ----------------------------------------------------------------------------
def test_short_name_repeated_in_the_sub_namespace(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    main, sub = typedef(model, f"{G}.location"), typedef(model, f"{T}.location")
    assert (main.namespace, sub.namespace) == (G, T)
    assert main.kind.value == sub.kind.value == "complex"
    assert "latitude" in names(model, f"{G}.location") and "speedKmh" in names(model, f"{T}.location")
    assert "speedKmh" not in names(model, f"{G}.location")
    session = f"{T}.telemetrySession"
    assert typedef(model, session).namespace == T
    assert prop(model, session, "route").type == TypeRef(f"{T}.location", True)  # qualified link text
    assert prop(model, session, "lastKnownLocation").type == TypeRef(f"{T}.location")  # link target decides
    assert prop(model, session, "depot").type == TypeRef(f"{G}.location")  # link to the main namespace
    assert prop(model, f"{G}.trip", "from").type == TypeRef(f"{G}.location")  # page namespace preferred
    assert model.main_namespace == G


# -- enums ---------------------------------------------------------------------------------
def test_enum_naming(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    assert typedef(model, f"{G}.fuelType").naming == "page"
    assert typedef(model, f"{G}.vehicleClass").naming == "section"
    assert typedef(model, f"{G}.vehicleClass").source == "resources/vehicle.md"
    assert typedef(model, f"{G}.reportFormat").naming == "section"
    # A sentence enum behind a link to a page that does not exist takes the link's name.
    duty = typedef(model, f"{G}.dutyStatus")
    assert (duty.naming, duty.source, duty.owner) == ("link", None, (f"{G}.driver", "dutyStatus"))
    # A backticked name with a sentence.
    assert typedef(model, f"{G}.tripType").owner == (f"{G}.trip", "type")
    # "Enumeration" with possible values: named after owner and property.
    anonymous = typedef(model, f"{G}.maintenanceRecordType")
    assert (anonymous.naming, anonymous.owner) == ("anonymous", (f"{G}.maintenanceRecord", "type"))
    assert typedef(model, f"{G}.maintenanceRecordPriority").owner == (f"{G}.maintenanceRecord", "priority")


def test_possible_values_sentences_in_several_wordings(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # "Possible values are offDuty, onDuty, ..." (no colon, no code, no final period)
    assert members(model, f"{G}.dutyStatus") == ["offDuty", "onDuty", "driving", "sleeperBerth", "unknownFutureValue"]
    # "Possible values are: `a`, `b`, `c`, or `d`."
    assert members(model, f"{G}.tripType") == ["business", "personal", "commute", "unknownFutureValue"]
    # quoted items, "or" before the last, no final period
    assert members(model, f"{G}.maintenanceRecordType") == ["inspection", "repair", "tireChange", "recall"]
    # "The value can be one of a, b, c or d."
    assert members(model, f"{G}.maintenanceRecordPriority") == ["low", "normal", "high", "urgent"]
    # "Possible values: **B**, **C**, ..." on a String property: allowed values, not an enum
    license_class = prop(model, f"{G}.driver", "licenseClass")
    assert license_class.type == TypeRef("Edm.String")
    assert license_class.allowed_values == ("B", "C", "CE", "D")
    assert f"{G}.driverLicenseClass" not in model.types


def test_possible_values_sentence_agreeing_with_an_enum_page_adds_nothing(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    assert prop(model, f"{G}.fleetAsset", "status").type == TypeRef(f"{G}.assetStatus")
    assert prop(model, f"{G}.fleetAsset", "status").allowed_values is None
    # "Supported values are: `csv`, `json`, `parquet`, and `unknownFutureValue`."
    assert len(typedef(model, f"{G}.reportFormat").members) == 4


def test_valid_value_ranges_are_not_enums(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    for name in ("stateOfChargePercent", "maxChargeRateKw"):
        found = prop(model, f"{G}.electricVehicle", name)
        assert found.type == TypeRef("Edm.Int32")
        assert found.allowed_values is None
    assert "Valid values 0 to 65535" in prop(model, f"{G}.electricVehicle", "maxChargeRateKw").description
    enum_members = {m.name for t in model.types.values() for m in t.members}
    assert not {"0", "65535", "to"} & enum_members


def test_unknown_future_value_is_a_member(docs_input_model: ApiModel) -> None:
    with_sentinel = sorted(
        t.name for t in docs_input_model.types.values() if t.kind.value == "enum" and "unknownFutureValue" in members(docs_input_model, t.qualified)
    )
    assert with_sentinel == [
        "assetStatus", "connectorType", "dutyStatus", "fuelType", "reportFormat", "tripType", "vehicleClass",
    ]  # fmt: skip


# -- inheritance and kinds -----------------------------------------------------------------
def test_bases(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    expected = {
        f"{G}.entity": None,
        f"{G}.fleet": f"{G}.entity",  # "Inherits from [entity](entity.md)" mid-paragraph
        f"{G}.fleetAsset": f"{G}.entity",  # "Inherits from" line and annotation baseType
        f"{G}.vehicle": f"{G}.fleetAsset",  # "Inherits from [fleetAsset](fleetasset.md)."
        f"{G}.electricVehicle": f"{G}.vehicle",  # annotation baseType and "Inherited from" rows
        f"{G}.chargingStation": f"{G}.fleetAsset",  # "This type is derived from [fleetAsset](...)"
        f"{G}.driver": f"{G}.entity",  # annotation baseType only
        f"{G}.trip": f"{G}.entity",  # no signal: entity is the root of entity types
        f"{T}.telemetrySession": f"{G}.entity",  # in the sub-namespace, rooted in the main one
        f"{G}.location": None,
        f"{T}.location": None,
    }
    assert {name: typedef(model, name).base for name in expected} == expected


def test_three_level_chain_below_entity(docs_input_model: ApiModel) -> None:
    chain = [t.qualified for t in docs_input_model.ancestors(f"{G}.electricVehicle")]
    assert chain == [f"{G}.vehicle", f"{G}.fleetAsset", f"{G}.entity"]


def test_abstract_base_with_derived_types(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    assert typedef(model, f"{G}.fleetAsset").abstract  # "abstract": "true" (a string)
    assert typedef(model, f"{G}.entity").abstract  # "the abstract base type" in the description
    assert not typedef(model, f"{G}.vehicle").abstract
    assert model.derived()[f"{G}.fleetAsset"] == [f"{G}.chargingStation", f"{G}.vehicle"]
    assert model.derived()[f"{G}.vehicle"] == [f"{G}.electricVehicle"]


def test_inherited_rows_belong_to_their_owner(docs_input_model: ApiModel) -> None:
    """The Intune-style page repeats every base row with "Inherited from [x](...)"."""
    model = docs_input_model
    assert names(model, f"{G}.electricVehicle") == [
        "batteryCapacityKwh", "stateOfChargePercent", "maxChargeRateKw", "connectorType", "rangeKm",
        "preconditioningEnabled",
    ]  # fmt: skip
    everything = [p.name for p in model.all_properties(f"{G}.electricVehicle")]
    assert everything[:2] == ["id", "displayName"]
    assert {"vin", "class", "homeLocation", "telemetrySessions", "rangeKm"} <= set(everything)
    assert len(everything) == len(set(everything)) == 1 + 7 + 16 + 6


def test_repeated_base_rows_without_a_marker_are_not_redeclared(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # id is listed on most pages; displayName on chargingStation; only entity declares id.
    assert [t.qualified for t in model.types.values() if t.property("id")] == [f"{G}.entity"]
    assert "displayName" not in names(model, f"{G}.chargingStation")
    assert names(model, f"{G}.fleetAsset")[:2] == ["displayName", "status"]
    assert prop(model, f"{G}.entity", "id").description.startswith("The unique identifier of the object")


def test_entity_or_complex(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    entities = sorted(t.qualified for t in model.types.values() if t.kind.value == "entity")
    assert entities == sorted(
        [f"{G}.{n}" for n in ("chargingStation", "driver", "electricVehicle", "entity", "fleet", "fleetAsset",
                              "fleetReport", "geofences", "maintenanceRecord", "trip", "vehicle")]
        + [f"{T}.telemetrySession"]
    )  # fmt: skip
    complex_ = sorted(t.qualified for t in model.types.values() if t.kind.value == "complex")
    assert complex_ == sorted([f"{G}.location", f"{T}.location"])


def test_required_and_read_only_flags(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    assert prop(model, f"{G}.vehicle", "vin").required
    assert not prop(model, f"{G}.vehicle", "make").required
    assert prop(model, f"{G}.fleetAsset", "createdDateTime").read_only
    assert not prop(model, f"{G}.fleetAsset", "acquiredDate").read_only


# -- operations ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "method", "paths", "request_type", "response_type", "collection", "status"),
    [
        ("list_vehicles", "GET", ["/fleet/vehicles"], None, f"{G}.vehicle", True, 200),
        ("create_vehicle", "POST", ["/fleet/vehicles"], f"{G}.vehicle", f"{G}.vehicle", False, 201),
        ("get_vehicle", "GET", ["/fleet/vehicles/{id}", "/fleet/drivers/{driver-id}/assignedVehicle"],
         None, f"{G}.vehicle", False, 200),
        ("update_vehicle", "PATCH", ["/fleet/vehicles/{vehicle-id}"], f"{G}.vehicle", f"{G}.vehicle", False, 200),
        ("delete_vehicle", "DELETE", ["/fleet/vehicles/{vehicle-id}"], None, None, False, 204),
        ("vehicle_schedulemaintenance", "POST", ["/fleet/vehicles/{vehicle-id}/scheduleMaintenance"],
         None, f"{G}.maintenanceRecord", False, 200),
        ("get_driver", "GET", ["/fleet/drivers/{driver-id}", "/users/{id|userPrincipalName}/driverProfile"],
         None, f"{G}.driver", False, 200),
        ("list_trips", "GET", ["/fleet/drivers/{driver-id}/trips"], None, f"{G}.trip", True, 200),
        ("create_trip", "POST", ["/fleet/trips"], f"{G}.trip", f"{G}.trip", False, 201),
        ("update_chargingstation", "PATCH", [], f"{G}.chargingStation", f"{G}.chargingStation", False, 200),
        ("get_fleetreport_content", "GET", ["/fleet/reports/{fleetReport-id}/content"], None, None, False, 200),
        ("get_telemetrysession", "GET", ["/fleet/vehicles/{vehicle-id}/telemetrySessions/{telemetrySession-id}"],
         None, f"{T}.telemetrySession", False, 200),
        ("get_fleet", "GET", ["/fleet"], None, f"{G}.fleet", False, 200),
        ("update_driver_photo", "PUT", ["/fleet/drivers/{driver-id}/photo/$value"], None, None, False, 204),
        ("upload_fleetreport_content", "PUT", ["/fleet/reports/{fleetReport-id}/content"],
         None, f"{G}.fleetReport", False, 200),
        ("assign_driver", "PUT", ["/fleet/vehicles/{vehicle-id}/assignedDriver/$ref"], f"{G}.driver", None, False, 204),
    ],
)  # fmt: skip
def test_operations(
    docs_input_model: ApiModel,
    name: str,
    method: str,
    paths: list[str],
    request_type: str | None,
    response_type: str | None,
    collection: bool,
    status: int,
) -> None:
    found = operation(docs_input_model, name)
    assert (found.method, found.paths) == (method, paths)
    assert (found.request_type, found.response_type) == (request_type, response_type)
    assert (found.response_collection, found.response_status) == (collection, status)


def test_operation_sources(docs_input_model: ApiModel) -> None:
    sources = {op.name: op.source for op in docs_input_model.operations}
    assert sources["vehicle_schedulemaintenance"] == "api/vehicle-schedulemaintenance.md"
    assert sources["get_telemetrysession"] == "api/fleettelemetry-telemetrysession-get.md"
    assert all(source.startswith("api/") for source in sources.values())


def test_path_parameters_from_every_placeholder_form(docs_input_model: ApiModel) -> None:
    model = docs_input_model

    def path_names(name: str) -> list[str]:
        return [p.name for p in operation(model, name).parameters if p.location.value == "path"]

    assert path_names("get_vehicle") == ["id", "driver-id"]  # {id}, {x-id}
    assert path_names("get_driver") == ["driver-id", "id"]  # {id | userPrincipalName}
    assert path_names("list_trips") == ["driver-id"]  # <driver-id>
    assert path_names("list_vehicles") == []


def test_request_line_spellings(docs_input_model: ApiModel) -> None:
    model = docs_input_model
    # No leading slash: "GET fleet/drivers/{driver-id}".
    assert "GET fleet/drivers/{driver-id}" in (DOCS / "api/driver-get.md").read_text()
    assert operation(model, "get_driver").paths[0] == "/fleet/drivers/{driver-id}"
    # A full host of the other API version in the HTTP request section.
    assert "https://graph.microsoft.com/v1.0/fleet/reports" in (DOCS / "api/fleetreport-get-content.md").read_text()
    assert operation(model, "get_fleetreport_content").paths == ["/fleet/reports/{fleetReport-id}/content"]


def test_entity_uri_not_found_placeholder(docs_input_model: ApiModel) -> None:
    page = "api/chargingstation-update.md"
    (problem,) = diags(docs_input_model, "GEN307")
    assert (problem.file, problem.line) == (page, line_of(page, "** Entity URI for microsoft.graph.chargingStation"))
    assert problem.severity == "error"
    assert not diags(docs_input_model, "GEN308")  # a query with spaces is not a placeholder


def test_query_string_with_spaces_is_kept(docs_input_model: ApiModel) -> None:
    request = one_example(docs_input_model, "api/fleet-list-vehicles.md", "request")
    assert request.http is not None
    assert (request.http.method, request.http.path) == ("GET", "/fleet/vehicles")
    assert request.http.query == "$filter=fuelType eq 'electric'&$top=2"
    assert request.http.url_problem is None


def test_body_table_on_an_api_page_does_not_redefine_the_type(docs_input_model: ApiModel) -> None:
    # update_vehicle lists six updatable properties; vehicle keeps its own page's rows.
    assert len(names(docs_input_model, f"{G}.vehicle")) == 16
    assert prop(docs_input_model, f"{G}.vehicle", "vin").file == "resources/vehicle.md"


# -- examples ------------------------------------------------------------------------------
def test_every_block_type(docs_input_model: ApiModel) -> None:
    kinds = sorted({e.kind.value for e in docs_input_model.examples})
    assert kinds == ["example", "request", "resource", "response"]
    (example,) = [e for e in docs_input_model.examples if e.kind.value == "example"]
    assert example.file == "resources/location.md"
    assert example.type == f"{G}.location"
    assert example.line == line_of("resources/location.md", "```", 3)  # a fence with no info string
    assert example.value["displayName"] == "Harbour warehouse"
    # "ignored" blocks (the HTTP request sections) are not examples.
    page = "api/vehicle-delete.md"
    assert '"blockType": "ignored"' in (DOCS / page).read_text()
    assert [e.line for e in examples_of(docs_input_model, page)] == [
        line_of(page, "```http", 2),
        line_of(page, "```http", 3),
    ]


def test_resource_blocks(docs_input_model: ApiModel) -> None:
    resources = {e.file: e for e in docs_input_model.examples if e.kind.value == "resource"}
    assert len(resources) == 14
    assert resources["resources/fleettelemetry-location.md"].type == f"{T}.location"  # ```JSON
    assert resources["resources/entity.md"].value == {"id": "String (identifier)"}  # placeholder values
    vehicle = resources["resources/vehicle.md"]
    assert vehicle.annotation is not None and vehicle.annotation["keyProperty"] == "id"
    assert vehicle.annotation["optionalProperties"] == ["assignedDriver", "maintenanceRecords", "telemetrySessions"]


def test_annotation_separated_from_fence_by_a_blank_line(docs_input_model: ApiModel) -> None:
    page = "api/vehicle-get.md"
    request = one_example(docs_input_model, page, "request")
    assert request.name == "get_vehicle"
    assert request.annotation is not None
    assert request.annotation["sampleKeys"] == ["063acffe-3748-4349-8d7f-7ca44fb6c816"]
    assert request.line == line_of(page, "```http", 2)
    assert line_of(page, "}-->", 1) < request.line - 1  # there is a blank line between


def test_booleans_written_as_strings(docs_input_model: ApiModel) -> None:
    response = one_example(docs_input_model, "api/driver-list-trips.md", "response")
    assert response.annotation is not None
    assert response.annotation["truncated"] is True and response.annotation["isCollection"] is True
    assert response.truncated and response.collection
    assert response.type == f"{G}.trip"


def test_annotation_that_is_not_valid_json(docs_input_model: ApiModel) -> None:
    page = "api/driver-get.md"
    (problem,) = diags(docs_input_model, "GEN303")
    assert problem.file == page
    assert line_of(page, '"blockType": "response"') - 1 <= problem.line <= line_of(page, '"@odata.type": "microsoft.graph.driver",')
    response = one_example(docs_input_model, page, "response")
    assert (response.type, response.type_source) == (f"{G}.driver", "annotation")


def test_unannotated_intune_style_examples(docs_input_model: ApiModel) -> None:
    page = "api/chargingstation-update.md"
    lines = sorted(d.line for d in diags(docs_input_model, "GEN304", page))
    assert lines == [line_of(page, "``` http", 2), line_of(page, "``` http", 3)]
    request = one_example(docs_input_model, page, "request")
    response = one_example(docs_input_model, page, "response")
    assert request.annotation is None and request.name is None
    assert (request.type, request.type_source) == (f"{G}.chargingStation", "odata.type")
    assert request.http is not None and request.http.path == "/fleet/chargingStations/{chargingStationId}"
    assert response.http is not None and response.http.status == 200
    # Placeholder values, and an enum-typed property holding "String".
    assert request.value["displayName"] == "Display Name value"
    assert request.value["status"] == "String"
    assert request.value["connectorTypes"] == ["String"]


def test_page_annotation_trailers_are_not_bound_to_blocks(docs_input_model: ApiModel) -> None:
    assert "#page.annotation" in (DOCS / "resources/vehicle.md").read_text()
    for example in docs_input_model.examples:
        assert (example.annotation or {}).get("type") != "#page.annotation"


def test_collection_response_with_value(docs_input_model: ApiModel) -> None:
    response = one_example(docs_input_model, "api/fleet-list-vehicles.md", "response")
    assert response.collection and response.truncated
    assert response.type == f"{G}.vehicle"
    assert response.http is not None and response.http.status == 200
    assert [item["@odata.type"] for item in response.value["value"]] == ["#microsoft.graph.electricVehicle"] * 2


def test_derived_type_named_by_odata_type_in_the_body(docs_input_model: ApiModel) -> None:
    request = one_example(docs_input_model, "api/fleet-post-vehicles.md", "request")
    assert (request.type, request.type_source) == (f"{G}.electricVehicle", "odata.type")
    response = one_example(docs_input_model, "api/fleet-post-vehicles.md", "response")
    assert response.http is not None and response.http.status == 201


def test_trailing_comma_and_odata_bind_keys(docs_input_model: ApiModel) -> None:
    page = "api/fleet-post-trips.md"
    (repair,) = diags(docs_input_model, "GEN302", page)
    assert repair.line == line_of(page, '"notes": "Entered from the paper log book.",')
    assert "trailing comma" in repair.message
    request = one_example(docs_input_model, page, "request")
    assert request.parsed is True
    assert (request.type, request.type_source) == (f"{G}.trip", "operation")
    assert request.value["driver@odata.bind"].endswith("/fleet/drivers/b7ca9e6c-80ff-409c-adfd-e4f291f5168f")
    assert request.value["notes"] == "Entered from the paper log book."


def test_http_201_without_version(docs_input_model: ApiModel) -> None:
    response = one_example(docs_input_model, "api/fleet-post-trips.md", "response")
    assert "HTTP 201 Created" in (DOCS / "api/fleet-post-trips.md").read_text()
    assert response.http is not None and response.http.status == 201
    assert response.value["id"] == "f56f536f-65de-4eb7-a8ca-3e807961032b"


def test_comment_in_body_and_blank_line_before_headers(docs_input_model: ApiModel) -> None:
    page = "api/vehicle-update.md"
    (repair,) = diags(docs_input_model, "GEN302", page)
    assert repair.line == line_of(page, "// Only the properties that change are sent.")
    request = one_example(docs_input_model, page, "request")
    assert request.http is not None
    assert request.http.headers == (("Content-Type", "application/json"),)
    assert request.value == {"status": "underMaintenance", "registrationExpiryDate": "2026-05-13"}
    assert request.body_line == line_of(page, "// Only the properties") - 1


def test_smart_quotes(docs_input_model: ApiModel) -> None:
    page = "api/driver-get.md"
    (repair,) = diags(docs_input_model, "GEN302", page)
    assert "quote" in repair.message
    response = one_example(docs_input_model, page, "response")
    assert response.value["displayName"] == "Ana Costa"
    assert response.value["licenseClass"] == "CE"


def test_elision_nbsp_and_undocumented_key(docs_input_model: ApiModel) -> None:
    page = "api/driver-list-trips.md"
    repairs = sorted((d.line, d.message) for d in diags(docs_input_model, "GEN302", page))
    assert [line for line, _ in repairs] == [line_of(page, '"distanceKm": 17.4'), line_of(page, "    ...")]
    assert "space" in repairs[0][1] and "..." in repairs[1][1]
    response = one_example(docs_input_model, page, "response")
    (trip,) = response.value["value"]
    assert trip["distanceKm"] == 17.4
    # An example key that is not in the property table.
    assert "co2EmissionsKg" in trip
    assert typedef(docs_input_model, f"{G}.trip").property("co2EmissionsKg") is None


def test_body_that_is_not_json(docs_input_model: ApiModel) -> None:
    page = "api/fleetreport-get-content.md"
    (problem,) = diags(docs_input_model, "GEN312", page)
    assert problem.line == line_of(page, "vin,odometerKm,status")
    response = one_example(docs_input_model, page, "response")
    assert response.parsed is None and response.value is None
    assert response.http is not None and response.http.headers == (("Content-Type", "text/csv"),)
    assert not diags(docs_input_model, "GEN301")


def test_no_content_response(docs_input_model: ApiModel) -> None:
    response = one_example(docs_input_model, "api/vehicle-delete.md", "response")
    assert response.http is not None and response.http.status == 204
    assert response.parsed is None
    assert response.type is None


def test_requests_and_responses_pair_up(docs_input_model: ApiModel) -> None:
    """Every method page has one request and one response example for its operation."""
    for op in docs_input_model.operations:
        kinds = sorted(e.kind.value for e in docs_input_model.examples if e.operation == op.name)
        assert kinds == ["request", "response"], op.name
        request = next(e for e in docs_input_model.examples if e.operation == op.name and e.kind.value == "request")
        assert request.http is not None and request.http.method == op.method, op.name


def test_example_urls_match_the_documented_paths(docs_input_model: ApiModel) -> None:
    import re

    for op in docs_input_model.operations:
        if not op.paths:
            continue
        request = next(e for e in docs_input_model.examples if e.operation == op.name and e.kind.value == "request")
        assert request.http is not None and request.http.path is not None
        patterns = [re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) for path in op.paths]
        assert any(re.fullmatch(p, request.http.path) for p in patterns), (op.name, request.http.path)


# -- names ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("owner", "name"),
    [
        (f"{G}.trip", "from"),  # keyword
        (f"{G}.vehicle", "class"),  # keyword
        (f"{G}.trip", "type"),  # soft keyword / builtin
        (f"{G}.maintenanceRecord", "type"),
        (f"{G}.entity", "id"),  # builtin
        (f"{G}.fleetReport", "filter"),  # builtin
        (f"{G}.fleetReport", "format"),  # builtin
    ],
)
def test_python_keyword_and_builtin_property_names(docs_input_model: ApiModel, owner: str, name: str) -> None:
    assert prop(docs_input_model, owner, name).name == name


def test_deprecated_suffix_is_not_part_of_the_name(docs_input_model: ApiModel) -> None:
    assert "|fleetNumber (deprecated)|" in (DOCS / "resources/vehicle.md").read_text()
    assert prop(docs_input_model, f"{G}.vehicle", "fleetNumber").type == TypeRef("Edm.String")


def test_a_members_table_of_bit_values_is_a_flags_enum(docs_input_model: ApiModel) -> None:
    assert docs_input_model.types["microsoft.graph.chargingAmenity"].flags
    assert not docs_input_model.types["microsoft.graph.connectorType"].flags
