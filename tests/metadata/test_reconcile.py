"""The docs and the service's metadata joined: one finding per disagreement, at the line to fix.

The sample docs (``docs-input/``) and their metadata (``docs-input/metadata.xml``, which
disagrees with the pages on purpose, once per finding kind; its comment lists them) are
joined once; each test checks one kind of finding where the fix goes, and what the joined
model takes from each side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.metadata.addressing import Addresser
from generator.metadata.csdl import read_metadata
from generator.model import ApiModel
from generator.model.diagnostics import CODES, Diagnostic
from generator.sources import Sources, load_sources

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs-input"
METADATA = DOCS / "metadata.xml"


@pytest.fixture(scope="module")
def joined() -> Sources:
    return load_sources(DOCS, metadata=METADATA)


@pytest.fixture(scope="module")
def findings(joined: Sources) -> list[Diagnostic]:
    return [d for d in joined.loaded.model.diagnostics if d.code.startswith("GEN7")]


def line_of(page: str, text: str) -> int:
    """The line of ``page`` (under docs-input) that starts with ``text``."""
    lines = (DOCS / page).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def found(findings: list[Diagnostic], code: str) -> list[tuple[str, int, str | None]]:
    return sorted((d.file, d.line, d.member) for d in findings if d.code == code)


def test_every_finding_kind_of_the_sample_is_found(findings: list[Diagnostic]) -> None:
    kinds = {d.code for d in findings}
    assert kinds == {code for code in CODES if code.startswith("GEN71") or code.startswith("GEN72")}


def test_a_property_the_page_lacks_is_reported_after_its_last_row(findings: list[Diagnostic]) -> None:
    last_row = line_of("resources/vehicle.md", "|currentLocation|")
    assert ("resources/vehicle.md", last_row, "color") in found(findings, "GEN711")
    assert ("resources/vehicle.md", last_row, "features") in found(findings, "GEN711")


def test_a_documented_property_the_service_lacks_is_reported_at_its_row(findings: list[Diagnostic]) -> None:
    assert found(findings, "GEN712") == [("resources/driver.md", line_of("resources/driver.md", "|mobilePhone|"), "mobilePhone")]


def test_a_property_on_the_base_that_the_service_has_on_a_subtype(findings: list[Diagnostic]) -> None:
    row = line_of("resources/fleetasset.md", "|homeLocation|")
    assert found(findings, "GEN713") == [("resources/fleetasset.md", row, "homeLocation")]


def test_a_name_in_another_case(findings: list[Diagnostic]) -> None:
    row = line_of("resources/chargingstation.md", "|maxPowerKw|")
    assert found(findings, "GEN714") == [("resources/chargingstation.md", row, "maxPowerKW")]


def test_type_mismatches_name_both_types(findings: list[Diagnostic]) -> None:
    messages = {d.member: d.message for d in findings if d.code == "GEN715"}
    assert messages["licenseClass"] == "licenseClass is licenseClass in the service, documented as String with its possible values listed"
    assert messages["workOrderNumber"] == "workOrderNumber is String in the service, documented as Int64"
    assert messages["openDays"].endswith("a collection of dayOfWeek in the service, documented as a collection of weekday")
    collection = [d for d in findings if d.code == "GEN716"]
    assert [(d.member, d.line) for d in collection] == [("amenities", line_of("resources/chargingstation.md", "|amenities|"))]


def test_an_unstated_base_is_one_finding_not_one_per_row(findings: list[Diagnostic]) -> None:
    # trip's notes row is the service's fleetEvent's: it follows from the base, and is not reported
    assert found(findings, "GEN717") == [("resources/trip.md", line_of("resources/trip.md", "# trip"), None)]
    assert not [d for d in findings if d.file == "resources/trip.md" and d.code != "GEN717"]


def test_kind_and_enum_members(findings: list[Diagnostic]) -> None:
    kind = [d for d in findings if d.code == "GEN718"]
    assert [d.file for d in kind] == ["resources/maintenancerecord.md"]
    members = sorted(d.message for d in findings if d.code == "GEN719")
    assert members == ["the page lists 1 member the service's fuelType does not have: hydrogen",
                       "the service's fuelType has 1 member the page lacks: lpg"]


def test_types_on_one_side_only(findings: list[Diagnostic]) -> None:
    undocumented = {d.type for d in findings if d.code == "GEN720"}
    assert {"microsoft.graph.fleetEvent", "microsoft.graph.dayOfWeek"} <= undocumented
    assert all(d.file == "metadata.xml" and d.line > 0 for d in findings if d.code == "GEN720")
    assert found(findings, "GEN722") == [("resources/enums.md", line_of("resources/enums.md", "### weekday values"), None)]


def test_a_page_named_after_its_collection_is_the_type_it_documents(findings: list[Diagnostic], joined: Sources) -> None:
    named = [d for d in findings if d.code == "GEN723"]
    assert [(d.file, d.line) for d in named] == [("resources/geofences.md", line_of("resources/geofences.md", "# geofences"))]
    assert "after fleet.geofences" in named[0].message and "the service's type is geofence" in named[0].message
    geofence = joined.loaded.model.types["microsoft.graph.geofence"]
    assert geofence.source == "resources/geofences.md" and "microsoft.graph.geofences" not in joined.loaded.model.types


def test_a_documented_path_the_service_cannot_address(findings: list[Diagnostic]) -> None:
    unaddressable = [d for d in findings if d.code == "GEN721"]
    assert [(d.file, d.line) for d in unaddressable] == [("api/driver-get.md", line_of("api/driver-get.md", "GET /users/"))]
    assert "no entity set, singleton or import named 'users'" in unaddressable[0].message


def test_the_coverage_summary_groups_what_no_path_reaches(joined: Sources) -> None:
    assert joined.coverage is not None
    groups = {group.what: group for group in joined.coverage.groups}
    assert groups["entity sets and singletons"].undocumented == ("geofences",)
    assert groups["bound actions and functions"].undocumented == ("fleet (getUtilization)", "vehicle (lock)")
    assert groups["bound actions and functions"].total == 3


# -- the joined model: shapes from the service, words and places from the docs ------------------------
def test_shapes_come_from_the_service(joined: Sources) -> None:
    model: ApiModel = joined.loaded.model
    vehicle = model.types["microsoft.graph.vehicle"]
    assert vehicle.property("color") is not None and vehicle.property("color").description.startswith("The colour")
    driver = model.types["microsoft.graph.driver"]
    assert driver.property("licenseClass").type.name == "microsoft.graph.licenseClass"
    assert driver.property("photo").type.name == "Edm.Stream"
    station = model.types["microsoft.graph.chargingStation"]
    assert station.property("maxPowerKW") is not None and station.property("amenities").type.collection
    assert model.types["microsoft.graph.trip"].base == "microsoft.graph.fleetEvent"
    assert model.types["microsoft.graph.maintenanceRecord"].kind.value == "complex"
    assert model.types["microsoft.graph.vehicleFeatures"].flags


def test_words_and_places_come_from_the_docs(joined: Sources) -> None:
    model: ApiModel = joined.loaded.model
    vehicle = model.types["microsoft.graph.vehicle"]
    assert vehicle.source == "resources/vehicle.md" and "road vehicle" in vehicle.description
    vin = vehicle.property("vin")
    assert vin.file == "resources/vehicle.md" and vin.line == line_of("resources/vehicle.md", "|vin|")
    assert [op.name for op in model.operations] == sorted(op.name for op in model.operations) and model.operations
    assert len(model.examples) == len(load_sources(DOCS).loaded.model.examples)  # every example of the docs


def test_what_only_the_docs_have_stays_marked(joined: Sources) -> None:
    model: ApiModel = joined.loaded.model
    phone = model.types["microsoft.graph.driver"].property("mobilePhone")
    assert phone is not None and phone.unconfirmed
    assert model.types["microsoft.graph.weekday"].unconfirmed
    assert not model.types["microsoft.graph.driver"].property("email").unconfirmed


def test_without_metadata_the_model_is_the_docs_alone() -> None:
    alone = load_sources(DOCS).loaded.model
    assert alone.types["microsoft.graph.vehicle"].property("color") is None
    assert not [d for d in alone.diagnostics if d.code.startswith("GEN7")]


# -- addressing, rule by rule -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def addresser() -> Addresser:
    return Addresser(read_metadata(METADATA))


@pytest.mark.parametrize("path", [
    "/fleet", "/fleet/vehicles", "/fleet/vehicles/{id}", "/fleet/vehicles('v1')/assignedDriver/$ref",
    "/fleet/vehicles/{id}/microsoft.graph.electricVehicle", "/fleet/vehicles/{id}/scheduleMaintenance",
    "/fleet/drivers/{id}/photo/$value", "/fleet/vehicles/{id}/telemetrySessions/{id}", "/fleet/vehicles/$count",
    "/fleet/getUtilization(period=duration'P7D')", "/fleet/vehicles/V-1234", "/geofences/{id}",
    "/fleet/chargingStations/{id}/homeLocation/postalCode",
    "/fleet/reports/{id}/{column}",  # a dynamic property of an open type
    "/fleet/reports/{id}/{column}/total",  # of which the metadata says nothing more
    "/fleet/vehicles/{id}/.../telemetrySessions/{id}",  # an ellipsis: walked up to it
])
def test_paths_the_service_can_address(addresser: Addresser, path: str) -> None:
    assert addresser.problem(path) is None


@pytest.mark.parametrize(("path", "reason"), [
    ("/users/{id}", "no entity set, singleton or import named 'users'"),
    ("/fleet/vehicles/{id}/wheels", "vehicle has no property or operation 'wheels'"),
    ("/fleet/vehicles/{id}/batteryCapacityKwh", "the path needs a cast, /microsoft.graph.electricVehicle"),
    ("/fleet/{id}", "is a key, but fleet is a single object"),
    ("/fleet/vehicles/{id}/microsoft.graph.driver", "does not derive from"),
    ("/fleet/vehicles/{id}/lock/again", "nothing can follow the action lock"),
    ("/fleet/vehicles/{id}/{size}", "is a key, but vehicle is a single object"),  # vehicle is not open
    ("/fleet/wheels/.../rims", "fleet has no property or operation 'wheels'"),
])
def test_paths_it_cannot_and_why(addresser: Addresser, path: str, reason: str) -> None:
    problem = addresser.problem(path)
    assert problem is not None and reason in problem


# -- what the service's surface reaches ---------------------------------------------------------------
SURFACE = """<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="test.api" Alias="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" /></EntityType>
  <EntityType Name="thing" BaseType="t.entity">
    <Property Name="detail" Type="t.detail" /><NavigationProperty Name="anything" Type="t.entity" />
  </EntityType>
  <EntityType Name="report" BaseType="t.entity" />
  <EntityType Name="item" BaseType="t.entity" />
  <ComplexType Name="detail" Abstract="true" />
  <ComplexType Name="detailA" BaseType="t.detail" />
  <ComplexType Name="loose" />
  <Function Name="reports"><ReturnType Type="Collection(t.report)" /></Function>
  <EntityContainer Name="c"><EntitySet Name="things" EntityType="t.thing" />
    <FunctionImport Name="reports" Function="t.reports" /></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"""


def test_a_reference_to_the_root_every_entity_derives_from_reaches_none_of_them(tmp_path: Path) -> None:
    from generator.metadata.reconcile import _addressable, _referenced

    path = tmp_path / "surface.xml"
    path.write_text(SURFACE, encoding="utf-8")
    service = read_metadata(path)
    assert service.read, service.diagnostics
    # A report row only a function returns is addressed by no key; the navigation typed as the root says nothing.
    assert {"test.api.thing", "test.api.entity"} <= _addressable(service)
    assert not {"test.api.report", "test.api.item"} & _addressable(service)
    # A subtype of a referenced type is referenced (a value may be any subtype); nothing names the loose one.
    referenced = _referenced(service)
    assert {"test.api.detail", "test.api.detailA", "test.api.report"} <= referenced
    assert "test.api.loose" not in referenced and "test.api.item" not in referenced


PAGES = {
    "resources/gadget.md": """# gadget resource type

Namespace: microsoft.graph

A gadget.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The identifier. |
| name | String | The name. |
""",
    "resources/widgetold.md": """# widgetOld resource type (deprecated)

Namespace: microsoft.graph

A widget of the old kind.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The identifier. |
""",
    "api/gadget-paint.md": """# gadget: paint

Namespace: microsoft.graph

Paint a gadget.

## HTTP request

```http
POST /gadgets/{id}/paint
```

## Request body

| Parameter | Type | Description |
|:---|:---|:---|
| shade | String | The shade. Possible values are: `light`, `dark`. |

## Response

If successful, this action returns a `204 No Content` response code.
""",
}
GADGETS = """<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EnumType Name="shade"><Member Name="light" Value="0" /><Member Name="dark" Value="1" /></EnumType>
  <EntityType Name="gadget"><Key><PropertyRef Name="id" /></Key>
    <Property Name="id" Type="Edm.String" Nullable="false" /><Property Name="name" Type="Edm.String" /></EntityType>
  <Action Name="paint" IsBound="true"><Parameter Name="bindingParameter" Type="graph.gadget" />
    <Parameter Name="shade" Type="graph.shade" /></Action>
  <EntityContainer Name="c"><EntitySet Name="gadgets" EntityType="graph.gadget" /></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"""


def test_an_enum_documented_in_a_parameter_row_and_a_page_marked_deprecated(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for relative, text in PAGES.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    (tmp_path / "metadata.xml").write_text(GADGETS, encoding="utf-8")
    joined = load_sources(docs, metadata=tmp_path / "metadata.xml").loaded.model
    findings = {(d.code, d.type): d for d in joined.diagnostics if d.code.startswith("GEN72")}
    # The action's page lists the parameter's values: the service's enum is documented there.
    assert ("GEN720", "microsoft.graph.shade") not in findings
    # A page that marks its type deprecated is a page to retire (info), not a defect of its rows.
    retired = findings[("GEN722", "microsoft.graph.widgetOld")]
    assert retired.severity == "info" and "deprecated" in retired.message
    alone = load_sources(docs).loaded.model
    assert alone.types["microsoft.graph.widgetOld"].deprecated and not alone.types["microsoft.graph.gadget"].deprecated
