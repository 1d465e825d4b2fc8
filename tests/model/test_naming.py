"""Naming rules (generator/naming.py): every page name becomes a safe, stable Python name.

Property-based (hypothesis) over arbitrary text, plus the cases the docs actually show:
leading digits, non-ASCII letters, ``@odata.type``, ``files/fileName``,
``x (deprecated)``, keywords, builtins and names that differ only in case.
"""

from __future__ import annotations

import ast
import keyword
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import naming

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"

# Text as pages write names: identifiers, punctuation, digits, non-ASCII letters, spaces.
NAME_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),
)
ANY_NAME = st.text(NAME_ALPHABET, max_size=40)
DOCS_LIKE = st.one_of(
    ANY_NAME,
    st.from_regex(r"[a-zA-Z@$][a-zA-Z0-9_.@/ ()-]{0,30}", fullmatch=True),
    st.sampled_from(
        [
            "@odata.type", "files/fileName", "fleetNumber (deprecated)", "from", "class", "id",
            "type", "filter", "format", "set", "list", "range", "str", "None", "True", "match",
            "case", "_", "__init__", "1stPlace", "3dModel", "école", "Größe", "naïve", "ID", "Id",
            "macOSVpnConfiguration", "iOSDevice", "con", "CON", "Aux", "lpt1", "com9", "nul",
            "", " ", "-", "@", "models", "api", "tests", "self", "client", "body", "query",
        ]
    ),
)

SOFT_KEYWORDS = {"_", "case", "match", "type"}  # as of Python 3.12; "type" is not soft in 3.11


def is_python_name(name: str) -> bool:
    return (
        name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
        and name not in SOFT_KEYWORDS
    )


# -- attributes and functions ---------------------------------------------------------------
@given(DOCS_LIKE)
def test_attribute_names_are_safe_identifiers(text: str) -> None:
    name = naming.attribute_name(text)
    assert is_python_name(name), name
    assert name not in naming.RESERVED_ATTRIBUTES
    assert not name.startswith("_"), "attrs strips a leading underscore from __init__ arguments"
    assert name == name.lower()
    assert naming.attribute_name(text) == name  # deterministic


@given(DOCS_LIKE)
def test_function_names_are_safe_identifiers(text: str) -> None:
    name = naming.function_name(text)
    assert is_python_name(name), name
    assert name not in naming.RESERVED_ATTRIBUTES
    assert not name.startswith("_")
    assert naming.function_name(text) == name


@given(DOCS_LIKE)
def test_function_names_never_shadow_the_operation_decorator(text: str) -> None:
    # ``def operation(...)`` in an api module would replace the decorator the next function uses.
    assert naming.function_name(text) not in naming.RESERVED_FUNCTIONS
    assert naming.function_name("operation") == "operation_"
    assert naming.function_name("") == "operation_"


@given(DOCS_LIKE)
def test_module_names_never_shadow_what_the_models_package_uses(text: str) -> None:
    # Importing ``models/importlib.py`` would replace the ``importlib`` that __getattr__ calls.
    assert naming.module_name(text) not in naming.RESERVED_MODULES
    assert naming.module_name("importlib") == "importlib_"
    assert naming.module_name("__getattr__") == "getattr_"  # the builtin __getattr__ calls


def test_reserved_modules_cover_the_names_the_models_init_uses() -> None:
    tree = ast.parse((GENERATED / "fleet_sdk" / "models" / "__init__.py").read_text(encoding="utf-8"))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound_locally = {"name", "module", "value"}
    lower = {name for name in used - bound_locally if name[0].islower()}
    assert {"importlib", "getattr"} <= lower
    annotations_only = {"str", "dict", "tuple", "list"}  # never evaluated (from __future__ import annotations)
    assert lower <= naming.RESERVED_MODULES | annotations_only, lower - naming.RESERVED_MODULES


@given(DOCS_LIKE)
def test_class_names_are_safe_identifiers_with_a_capital(text: str) -> None:
    name = naming.class_name(text)
    assert name.isascii() and name.isidentifier() and not keyword.iskeyword(name), name
    assert name not in naming.RESERVED_CLASSES
    assert name[0].isupper(), "class names never clash with (lower-case) attributes and modules"
    assert naming.class_name(text) == name


@given(DOCS_LIKE)
def test_module_names_are_safe_file_names(text: str) -> None:
    name = naming.module_name(text)
    # Soft keywords are fine as module names (``from .match import Match``).
    assert name.isascii() and name.isidentifier() and not keyword.iskeyword(name), name
    assert len(name) <= naming.MAX_FILE_STEM
    assert name.lower() not in naming.WINDOWS_RESERVED
    assert name == name.lower()
    assert naming.module_name(text) == name


@given(DOCS_LIKE)
def test_enum_member_names_are_safe(text: str) -> None:
    name = naming.enum_member_name(text)
    assert name.isascii() and name.isidentifier() and not keyword.iskeyword(name), name
    assert not name.startswith("_"), "enum treats _names_ as private, not as members"
    assert name == name.upper()
    assert name not in ("NAME", "VALUE")
    assert naming.enum_member_name(text) == name


@given(st.lists(st.sampled_from(["macOS", "vpn", "Vpn", "VPN", "1st", "x", "ü"]), min_size=1, max_size=4))
def test_snake_case_has_no_empty_or_edge_underscores(parts: list[str]) -> None:
    text = naming.snake("".join(parts))
    assert "__" not in text
    assert not text.startswith("_") and not text.endswith("_")
    assert text == text.lower()


def _snake_by_groups(name: str) -> str:
    """snake as first written: each boundary matched as two groups and written back around an underscore."""
    import re

    text = naming.ascii_word(name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z0-9])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"_+", "_", text).strip("_").lower()


@settings(max_examples=500)
@given(st.one_of(DOCS_LIKE, st.text(st.sampled_from("aAbBzZ09_.-é"), max_size=16)))
def test_snake_finds_the_boundaries_the_group_patterns_found(text: str) -> None:
    # snake marks where words start by position (lookarounds); the names it gives must be the
    # ones the group patterns gave, or every module and attribute of a generated SDK would move.
    assert naming.snake(text) == _snake_by_groups(text)


# -- the cases the docs show ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("json_name", "attribute"),
    [
        ("macOSVpnConfiguration", "mac_os_vpn_configuration"),
        ("displayName", "display_name"),
        ("@odata.type", "odata_type_"),  # "odata_type" is the Model property
        ("files/fileName", "files_file_name"),
        ("fleetNumber (deprecated)", "fleet_number_deprecated"),
        ("1stPlace", "field_1st_place"),
        ("3", "field_3"),
        ("from", "from_"),
        ("class", "class_"),
        ("import", "import_"),
        ("None", "none"),
        ("match", "match_"),
        ("case", "case_"),
        ("type", "type_"),
        ("set", "set_"),
        ("list", "list_"),
        ("str", "str_"),
        ("model", "model"),  # a model's field keeps its name: Message(body=...), Vehicle(model=...)
        ("body", "body"),
        ("headers", "headers"),
        ("additionalProperties", "additional_properties_"),
        ("toDict", "to_dict_"),
        # Builtins the generated code does not use stay as they are: a field named ``id``
        # only shadows the builtin inside the class body, where nothing calls it.
        ("id", "id"),
        ("filter", "filter"),
        ("format", "format"),
        ("range", "range"),
        ("ID", "id"),
        ("", "field"),
        ("@", "field"),
        ("_", "field"),
    ],
)
def test_attribute_name_examples(json_name: str, attribute: str) -> None:
    assert naming.attribute_name(json_name) == attribute


def test_non_ascii_letters_stay_distinct() -> None:
    names = [naming.attribute_name(text) for text in ("größe", "grosse", "grösse", "groesse")]
    assert all(name.isascii() for name in names)
    assert len(set(names)) == len(names), names
    assert naming.class_name("école") != naming.class_name("ecole")
    assert naming.module_name("école").isascii()


@pytest.mark.parametrize(
    ("type_name", "class_", "module"),
    [
        ("macOSVpnConfiguration", "MacOSVpnConfiguration", "mac_os_vpn_configuration"),
        ("appleVpnConnectionType", "AppleVpnConnectionType", "apple_vpn_connection_type"),
        ("3dModel", "Type3dModel", "m_3d_model"),
        ("class", "Class", "class_"),
        ("none", "None_", "none"),
        ("model", "Model_", "model"),
        ("page", "Page_", "page"),
        ("enum", "Enum_", "enum"),
        ("con", "Con", "con_"),
        ("Aux", "Aux", "aux_"),
        ("lpt1", "Lpt1", "lpt1_"),
        ("models", "Models", "models_"),
        ("", "Type", "module"),
    ],
)
def test_class_and_module_name_examples(type_name: str, class_: str, module: str) -> None:
    assert naming.class_name(type_name) == class_
    assert naming.module_name(type_name) == module


def test_module_names_are_cut_to_100_characters() -> None:
    long = "veryLong" * 30
    assert len(naming.module_name(long)) == naming.MAX_FILE_STEM
    assert naming.module_name(long) == naming.module_name(long)


@pytest.mark.parametrize(("value", "member"), [
    ("ciscoAnyConnect", "CISCO_ANY_CONNECT"),
    ("ikEv2", "IK_EV2"),
    ("3des", "V_3DES"),
    ("name", "NAME_"),
    ("value", "VALUE_"),
    ("none", "NONE"),
    ("", "EMPTY"),
    ("_", "EMPTY"),
])
def test_enum_member_name_examples(value: str, member: str) -> None:
    assert naming.enum_member_name(value) == member


# -- unique() -------------------------------------------------------------------------------
NAMES = st.lists(st.sampled_from(["a", "A", "a_2", "b", "B_2", "x" * 100, "X" * 100, "x" * 99]), max_size=12)


@given(NAMES, st.lists(st.sampled_from(["a", "b", "registry"]), max_size=3))
def test_unique_gives_distinct_names_in_order(names: list[str], taken: list[str]) -> None:
    result = naming.unique(names, taken=taken)
    assert len(result) == len(names)
    assert len(set(result)) == len(result)
    assert not set(result) & set(taken)
    for original, got in zip(names, result):
        assert got.startswith(original)
    # The first occurrence of a name that is free keeps it: stable order, page order wins.
    seen: set[str] = set(taken)
    for original, got in zip(names, result):
        if original not in seen and original not in result[: result.index(got)]:
            assert got == original
        seen.add(got)
    assert naming.unique(names, taken=taken) == result  # deterministic


@given(NAMES)
def test_unique_module_names_are_distinct_ignoring_case_and_short(names: list[str]) -> None:
    result = naming.unique(names, taken=["registry"], fold_case=True)
    assert len({name.lower() for name in result}) == len(result)
    assert "registry" not in {name.lower() for name in result}
    assert all(len(name) <= naming.MAX_FILE_STEM for name in result)


def test_names_differing_only_in_case() -> None:
    assert naming.class_name("vehicle") == naming.class_name("Vehicle") == "Vehicle"
    assert naming.unique([naming.class_name("vehicle"), naming.class_name("Vehicle")]) == ["Vehicle", "Vehicle_2"]
    modules = naming.unique([naming.module_name("vehicle"), naming.module_name("Vehicle")], fold_case=True)
    assert modules == ["vehicle", "vehicle_2"]
    attributes = naming.unique([naming.attribute_name("ID"), naming.attribute_name("id")])
    assert attributes == ["id", "id_2"]
    # Case only matters for modules when asked: Vehicle.py and vehicle.py are one file on macOS.
    assert naming.unique(["Ab", "ab"]) == ["Ab", "ab"]
    assert naming.unique(["Ab", "ab"], fold_case=True) == ["Ab", "ab_2"]


# -- namespaces -----------------------------------------------------------------------------
@given(st.lists(st.one_of(DOCS_LIKE, st.from_regex(r"[a-z][a-zA-Z]{20,60}", fullmatch=True)), min_size=1, max_size=8))
def test_namespace_modules_are_safe_folder_names(parts: list[str]) -> None:
    name = naming.namespace_module("microsoft.graph." + ".".join(parts), "microsoft.graph")
    assert name is not None
    assert name.isascii() and name.isidentifier() and not keyword.iskeyword(name), name
    assert len(name) <= naming.MAX_FILE_STEM
    assert name.lower() not in naming.WINDOWS_RESERVED


def test_long_namespaces_give_short_folder_names() -> None:
    name = naming.namespace_module("microsoft.graph." + ".".join(["abcdefghijklmnopqrstuvwxyz"] * 5), "microsoft.graph")
    assert name is not None and len(name) == naming.MAX_FILE_STEM


def test_namespace_module_examples() -> None:
    assert naming.namespace_module("microsoft.graph", "microsoft.graph") is None
    assert naming.namespace_module("microsoft.graph.callRecords", "microsoft.graph") == "call_records"
    assert naming.namespace_module("microsoft.graph.fleetTelemetry", "microsoft.graph") == "fleet_telemetry"
    assert naming.namespace_module("microsoft.graph.ediscovery", "microsoft.graph") == "ediscovery"
    assert naming.namespace_module("contoso.things", "microsoft.graph") == "contoso_things"


# -- the reserved lists cover what the generated code itself uses ----------------------------
def _annotation_names(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        annotations: list[ast.expr] = []
        if isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                if argument.annotation is not None:
                    annotations.append(argument.annotation)
            if node.returns is not None:
                annotations.append(node.returns)
        for annotation in annotations:
            found |= {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    return found


def test_reserved_names_cover_every_lower_case_name_generated_annotations_use() -> None:
    """A field or function named like a name an annotation uses would shadow it (mypy fails)."""
    files = [*(GENERATED / "fleet_sdk" / "models").rglob("*.py"), *(GENERATED / "fleet_sdk" / "api").rglob("*.py")]
    assert len(files) > 20
    used: set[str] = set()
    for path in files:
        used |= _annotation_names(ast.parse(path.read_text(encoding="utf-8")))
    lower = {name for name in used if name[0].islower()}
    assert {"str", "int", "float", "bool", "list"} <= lower
    assert lower <= naming.RESERVED_ATTRIBUTES, lower - naming.RESERVED_ATTRIBUTES
    # Everything else an annotation names is a class: upper-case, so never a field or module.
    others = {name for name in used - lower if not name.startswith("_")}  # _rt, _t: module aliases
    assert others and all(name[0].isupper() for name in others), others


@settings(max_examples=50)
@given(st.lists(DOCS_LIKE, min_size=1, max_size=10))
def test_attribute_names_of_one_class_are_unique_after_mangling(json_names: list[str]) -> None:
    distinct = list(dict.fromkeys(json_names))
    attributes = naming.unique([naming.attribute_name(name) for name in distinct], taken=["id"])
    assert len(set(attributes)) == len(attributes)
    assert "id" not in attributes
    assert all(is_python_name(name) for name in attributes)


# -- the layout: names decided for a whole package ------------------------------------------
CLASH_PAGES = {
    "resources/telemetry.md": """
        # fleetTelemetry resource type

        Namespace: microsoft.graph

        Telemetry settings of the fleet.

        ## Properties

        |Property|Type|Description|
        |:---|:---|:---|
        |enabled|Boolean|Whether telemetry is on.|
        |Enabled|Boolean|The same name in another case.|
        |class|String|A keyword.|
        """,
    "resources/session.md": """
        # session resource type

        Namespace: microsoft.graph.fleetTelemetry

        A session in a sub-namespace whose folder is called like the type above.

        ## Properties

        |Property|Type|Description|
        |:---|:---|:---|
        |id|String|The key.|
        """,
    "resources/vehicle-lower.md": """
        # vehicle resource type

        Namespace: microsoft.graph

        One spelling.

        ## Properties

        |Property|Type|Description|
        |:---|:---|:---|
        |id|String|The key.|
        """,
    "resources/vehicle-underscore.md": """
        # vehicle_ resource type

        Namespace: microsoft.graph

        Another name that gives the same class and module name.

        ## Properties

        |Property|Type|Description|
        |:---|:---|:---|
        |id|String|The key.|
        """,
}


def test_layout_keeps_files_and_folders_apart_and_names_unique(tmp_path: Path) -> None:
    from generator.sdk.render.layout import plan
    from helpers import model_of

    model = model_of(CLASH_PAGES, tmp_path)
    layout = plan(model, "pkg")
    assert layout.subpackages == {"microsoft.graph.fleetTelemetry": "fleet_telemetry"}
    main_modules = [ref.module for ref in layout.classes.values() if "." not in ref.module]
    # ``models/fleet_telemetry.py`` beside ``models/fleet_telemetry/`` would be unimportable.
    assert "fleet_telemetry" not in main_modules
    assert layout.classes["microsoft.graph.fleetTelemetry"].name == "FleetTelemetry"
    assert layout.classes["microsoft.graph.fleetTelemetry.session"].module == "fleet_telemetry.session"
    assert len({m.lower() for m in main_modules}) == len(main_modules)
    class_names = [ref.name for ref in layout.classes.values() if "." not in ref.module]
    assert len(set(class_names)) == len(class_names)
    vehicle, vehicle_ = layout.classes["microsoft.graph.vehicle"], layout.classes["microsoft.graph.vehicle_"]
    assert (vehicle.name, vehicle.module) == ("Vehicle", "vehicle")  # sorted qualified names: vehicle first
    assert (vehicle_.name, vehicle_.module) == ("Vehicle_2", "vehicle_2")
    attributes = layout.attributes["microsoft.graph.fleetTelemetry"]
    # Names that differ only in case are one property (GEN210), so no attribute needs a number.
    assert attributes == {"enabled": "enabled", "class": "class_"}
    assert [d.member for d in model.diagnostics if d.code == "GEN210"] == ["Enabled"]
