"""The CSDL reader: every element of OData CSDL 4.0/4.01 it reads, and every way it refuses a file.

Each case is a small document written here; hostile files (an entity bomb, an external
entity, a file over the size limit, a 10,000-deep nesting) end in one GEN701 with the
line, never a traceback and never an expansion.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.metadata import read_metadata
from generator.metadata.xml import MAX_METADATA_BYTES

EDMX = 'xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"'
EDM = 'xmlns="http://docs.oasis-open.org/odata/ns/edm"'


def document(*schemas: str, references: str = "", version: str = "4.0") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<edmx:Edmx Version="{version}" {EDMX}>\n{references}'
        "<edmx:DataServices>\n" + "\n".join(schemas) + "\n</edmx:DataServices>\n</edmx:Edmx>\n"
    )


def schema(namespace: str, body: str, alias: str = "") -> str:
    named = f' Alias="{alias}"' if alias else ""
    return f'<Schema Namespace="{namespace}"{named} {EDM}>\n{body}\n</Schema>'


SERVICE = document(
    schema("contoso.api", """
<TypeDefinition Name="money" UnderlyingType="Edm.Decimal" />
<EnumType Name="color"><Member Name="red" /><Member Name="green" /><Member Name="blue" Value="7" /></EnumType>
<EnumType Name="rights" IsFlags="true"><Member Name="read" Value="1" /><Member Name="write" Value="2" /></EnumType>
<EntityType Name="thing" Abstract="true">
  <Key><PropertyRef Name="id" /></Key>
  <Property Name="id" Type="Edm.String" Nullable="false" />
  <Annotation Term="Core.Description" String="Anything with an id." />
</EntityType>
<EntityType Name="widget" BaseType="api.thing" OpenType="true" HasStream="true">
  <Property Name="price" Type="api.money" />
  <Property Name="colors" Type="Collection(api.color)" />
  <Property Name="rights" Type="api.rights" />
  <Property Name="made" Type="Edm.DateTimeOffset" />
  <Property Name="size" Type="api.size" />
  <Property Name="spot" Type="Edm.GeographyPoint" />
  <NavigationProperty Name="parts" Type="Collection(api.widget)" ContainsTarget="true" />
  <NavigationProperty Name="maker" Type="other.maker" />
</EntityType>
<ComplexType Name="size"><Property Name="width" Type="Edm.Int32" /><Property Name="height" Type="Edm.Int64" /></ComplexType>
<Action Name="paint" IsBound="true">
  <Parameter Name="bindingParameter" Type="api.widget" />
  <Parameter Name="color" Type="api.color" Nullable="false" />
  <ReturnType Type="api.widget" />
</Action>
<Function Name="delta" IsBound="true" IsComposable="true">
  <Parameter Name="bindingParameter" Type="Collection(api.widget)" />
  <ReturnType Type="Collection(api.widget)" />
</Function>
<Function Name="today"><ReturnType Type="Edm.Date" /></Function>
<EntityContainer Name="service">
  <EntitySet Name="widgets" EntityType="api.widget"><NavigationPropertyBinding Path="maker" Target="makers" /></EntitySet>
  <EntitySet Name="makers" EntityType="other.maker" />
  <Singleton Name="me" Type="other.maker" />
  <FunctionImport Name="today" Function="api.today" />
</EntityContainer>
<Annotations Target="api.widget/price"><Annotation Term="Org.OData.Core.V1.LongDescription" String="What it costs." /></Annotations>
""", alias="api"),
    schema("contoso.other", """
<EntityType Name="maker" BaseType="api.thing"><Property Name="name" Type="Edm.String" /></EntityType>
""", alias="other"),
    references='<edmx:Reference Uri="https://example.org/Core.xml"><edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" /></edmx:Reference>\n',
)


def write(tmp_path: Path, text: str, name: str = "service.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def service(tmp_path: Path) -> object:
    return read_metadata(write(tmp_path, SERVICE), "service.xml")


def test_types_kinds_bases_and_flags(service: object) -> None:
    model = service.model  # type: ignore[attr-defined]
    thing, widget, maker = (model.types[n] for n in ("contoso.api.thing", "contoso.api.widget", "contoso.other.maker"))
    assert (thing.kind.value, thing.abstract, thing.key, thing.description) == ("entity", True, "id", "Anything with an id.")
    assert (widget.base, widget.open_type, widget.has_stream) == ("contoso.api.thing", True, True)
    assert maker.base == "contoso.api.thing"  # an alias of another schema
    assert model.types["contoso.api.size"].kind.value == "complex"
    color, rights = model.types["contoso.api.color"], model.types["contoso.api.rights"]
    assert [(m.name, m.value) for m in color.members] == [("red", 0), ("green", 1), ("blue", 7)]
    assert rights.flags and not color.flags
    assert model.main_namespace == "contoso.api"


def test_properties_resolve_aliases_definitions_and_collections(service: object) -> None:
    widget = service.model.types["contoso.api.widget"]  # type: ignore[attr-defined]
    types = {p.name: (p.type.name, p.type.collection, p.navigation) for p in widget.properties}
    assert types == {
        "price": ("Edm.Decimal", False, False),  # a TypeDefinition is its underlying type
        "colors": ("contoso.api.color", True, False),
        "rights": ("contoso.api.rights", False, False),
        "made": ("Edm.DateTimeOffset", False, False),
        "size": ("contoso.api.size", False, False),
        "spot": ("Edm.Untyped", False, False),  # no counterpart in gen: GEN704
        "parts": ("contoso.api.widget", True, True),
        "maker": ("contoso.other.maker", False, True),
    }
    assert widget.property("price").description == "What it costs."  # an Annotations element, by its Target
    assert widget.property("price").line > 0 and widget.property("price").file == "service.xml"


def test_operations_and_the_container(service: object) -> None:
    operations = {op.name: op for op in service.operations}  # type: ignore[attr-defined]
    paint, delta, today = operations["paint"], operations["delta"], operations["today"]
    assert (paint.kind.value, paint.binding.name, [p.name for p in paint.parameters], paint.returns.name) == (
        "action", "contoso.api.widget", ["color"], "contoso.api.widget")
    assert paint.parameters[0].required and delta.binding.collection and delta.composable
    assert today.binding is None and today.returns.name == "Edm.Date"
    container = {m.name: (m.kind.value, m.target, m.bindings) for m in service.container}  # type: ignore[attr-defined]
    assert container == {
        "widgets": ("entity-set", "contoso.api.widget", (("maker", "makers"),)),
        "makers": ("entity-set", "contoso.other.maker", ()),
        "me": ("singleton", "contoso.other.maker", ()),
        "today": ("function-import", "contoso.api.today", ()),
    }


def test_a_type_the_metadata_does_not_define_is_reported_at_its_line(tmp_path: Path) -> None:
    text = document(schema("x", '<EntityType Name="a">\n<Property Name="b" Type="x.nowhere" />\n</EntityType>'))
    service = read_metadata(write(tmp_path, text), "m.xml")
    found = [(d.code, d.file, d.line) for d in service.diagnostics]
    assert found == [("GEN703", "m.xml", text.split("\n").index('<Property Name="b" Type="x.nowhere" />') + 1)]
    assert service.model.types["x.a"].property("b").type.name == "Edm.Untyped"


def test_only_the_4_0_and_4_01_vocabulary_is_read(tmp_path: Path) -> None:
    assert read_metadata(write(tmp_path, document(schema("x", ""), version="4.01"))).read
    old = read_metadata(write(tmp_path, document(schema("x", ""), version="3.0")))
    assert not old.read and old.diagnostics[0].code == "GEN702" and "3.0" in old.diagnostics[0].message
    other = read_metadata(write(tmp_path, "<html><body>Sign in</body></html>"))
    assert not other.read and other.diagnostics[0].code == "GEN702" and "not OData CSDL" in other.diagnostics[0].message


# -- hostile and broken files: one GEN701 each, with the line, within the limits ----------------------
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">&lol9;</edmx:Edmx>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE edmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">&secret;</edmx:Edmx>
"""


@pytest.mark.parametrize(("text", "words"), [
    (BOMB, "DTD"),
    (EXTERNAL, "DTD"),
    ('<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">\n<edmx:DataServices>\n<Schema', "not well-formed"),
    ("<a>" * 10_000 + "</a>" * 10_000, "deeper than"),
    ("", "not well-formed"),
], ids=["billion-laughs", "external-entity", "truncated", "10000-deep", "empty"])
def test_hostile_or_broken_xml_is_one_diagnostic(tmp_path: Path, text: str, words: str) -> None:
    service = read_metadata(write(tmp_path, text), "m.xml")
    assert not service.read and [d.code for d in service.diagnostics] == ["GEN701"]
    assert words in service.diagnostics[0].message and service.diagnostics[0].file == "m.xml"


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:  # a sparse 200 MB file: the size is checked before any read
        handle.truncate(200 * 1024 * 1024)
    service = read_metadata(path, "huge.xml")
    assert not service.read and "over the" in service.diagnostics[0].message
    assert f"{MAX_METADATA_BYTES:,}" in service.diagnostics[0].message


def test_a_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    service = read_metadata(tmp_path / "nowhere.xml", "nowhere.xml")
    assert not service.read and service.diagnostics[0].code == "GEN701"


def test_a_file_in_a_folder_whose_name_is_not_utf8_is_read(tmp_path: Path) -> None:
    import os

    from generator.metadata.xml import XmlProblem, read_xml

    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")  # Latin-1: no UTF-8 name for it
    os.mkdir(folder)
    path = Path(os.fsdecode(os.path.join(folder, b"metadata.xml")))
    path.write_bytes(b'<?xml version="1.0"?><edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"/>')
    assert not isinstance(read_xml(path), XmlProblem)
