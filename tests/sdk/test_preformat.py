"""The layout stage (issue 25): rendered code laid out as black will, so black formats it in one pass.

Two properties: black's output never depends on the layout (``black(laid_out(x).text) == black(x)``,
so the SDK is the same file either way), and for the shapes the templates write the layout
is already black's (``laid_out(x).text == black(laid_out(x).text)``, which is what makes black's pass
the only one).
"""

from __future__ import annotations

import keyword
from pathlib import Path

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from black.mode import TargetVersion

from generator.model import ApiModel
from generator.sdk.build import prepare
from generator.sdk.preformat import laid_out
from generator.sdk.render import Options

MODE = black.Mode(target_versions={TargetVersion.PY311})
GENERATED = Path(__file__).resolve().parents[2] / "generated"


def formatted(source: str) -> str:
    return black.format_str(source, mode=MODE)


SHAPES = {
    "a call that fits after its bracket": (
        "class A:\n    created_date_time: DateTimeOffset | None | Unset = _rt.field('createdDateTime', _c.DATE_TIME_OFFSET)\n"
    ),
    "nested calls exploded": (
        "class A:\n    def get(self):\n        return self._send('GET', '', _c.model(_c.ModelOf['DeviceManagementTemplateSettingCategory']"
        "('device_management_template_setting_category', 'DeviceManagementTemplateSettingCategory')), options)\n"
    ),
    "a trailer after the split bracket": (
        "class A:\n    def get(self):\n        return self._send('PATCH', '', _c.model(_c.ModelOf['DeviceManagementTemplate']"
        "('device_management_template', 'DeviceManagementTemplate')).or_none(), options, _http.body_of(body, changes_only=True))\n"
    ),
    "a signature whose parameters fit on one line": (
        "class A:\n    def get(self, **options: Unpack[Options]) -> DeviceManagementTemplateSettingCategoryWithALongName:\n        pass\n"
    ),
    "a lone parameter gets black's comma": (
        "class A:\n    @property\n    def setting_definitions(self) -> AsyncDeviceManagementCategoriesItemSettingDefinitionsAndMore:\n        pass\n"
    ),
    "parameters exploded": (
        "class A:\n    def update(self, body: DeviceManagementTemplateSettingCategory | Mapping[str, Any], **options: Unpack[Options]) -> None:\n"
        "        pass\n"
    ),
    "a parameter whose annotation is wrapped": (
        "class A:\n    def update(self, body: UserExperienceAnalyticsAppHealthAppPerformanceByOSVersionAndMore | Mapping[str, Any], "
        "**options: Unpack[Options]) -> None:\n        pass\n"
    ),
    "an import exploded": (
        "if TYPE_CHECKING:\n    from graph_beta.paths.item_categories_item_settings import AsyncItemCategoriesItemSettings, ItemCategoriesItemSettings\n"
    ),
    "a display always exploded": "__all__ = ['AsyncDeviceManagementTemplateSettingCategoryItem', 'DeviceManagementTemplateSettingCategoryItem']\n",
    "a one-tuple is not a magic comma": "__slots__ = ('spec',)\n",
    "an or split": (
        "class A:\n    def f(self):\n        return self._send('POST', '/replyAll', _c.ANSWER, options, _http.body_of(_http.without_unset("
        "{'comment': comment, 'message': message, 'toRecipients': to_recipients}) or None))\n"
    ),
    "a + split": (
        "class A:\n    def f(self):\n        return self._send('GET', '/getActivitiesByInterval' + _http.call_segment([('startDateTime', '', start), "
        "('endDateTime', '', end), ('interval', '', interval)]), _c.ANSWER, options)\n"
    ),
    "a value in black's parentheses": (
        "class A:\n    subject_alternative_name_type: SubjectAlternativeNameType | None | Unset = _rt.field('subjectAlternativeNameType', "
        "_c.EnumOf['SubjectAlternativeNameType']('subject_alternative_name_type', 'SubjectAlternativeNameType'))\n"
    ),
    "an annotation in black's parentheses": (
        "class A:\n    certificate_subject_alternative_name_format: SubjectAlternativeNameType | None | Unset = _rt.field("
        "'certificateSubjectAlternativeNameFormat', _c.EnumOf['SubjectAlternativeNameType']('subject_alternative_name_type', 'SubjectAlternativeNameType'))\n"
    ),
    "a long string value": "class A:\n    CORPORATE_OWNED_DEDICATED_DEVICE_WITH_AZURE_AD_SHARED_MODE = 'corporateOwnedDedicatedDeviceWithAzureADSharedMode'\n",
    "a decorator": "@_rt.model('microsoft.graph.deviceManagementConfigurationSimpleSettingCollectionInstanceTemplate', polymorphic=True)\nclass A:\n    pass\n",
    "a long class line": "class AsyncTenantRelationshipsManagedTenantsDeviceCompliancePolicySettingStateSummarysItem(AsyncNode):\n    pass\n",
    "blank lines as black keeps them": "import a\nx = 1\n\n\n\n\nclass A:\n    x = 1\n\n\n    def f(self):\n        pass\n\n\n",
    "a docstring's closing quotes": (
        'class A:\n    async def f(self):\n        """List approvalSteps (``GET\n        /identityGovernance/entitlementManagement/accessPackageAssignmentApprovals/{id}/steps``; '
        'see ``ApprovalSteps.list``)."""\n        return 1\n'
    ),
    "a docstring's blank line": 'def f():\n    """Update it\n        \n    More."""\n',
    "a display the template broke, its items too long": (
        "CLASSES: dict[str, tuple[str, str]] = {\n    'microsoft.graph.aadUserConversationMember': ('aad_user_conversation_member', "
        "'AadUserConversationMember'),\n    'microsoft.graph.Json': ('json', 'Json'),\n}\n"
    ),
    "a signature the template broke, with its comma": (
        "class A:\n    def __call__(\n        self, *, address: Any = UNSET,\n    ) -> WorkbookWorksheetRange:\n        pass\n"
    ),
    "a call's lone argument with a comma": "x = f(a)(\n    b,\n)\n",
    "an attribute docstring keeps its closing quotes": (
        "class A:\n    x: int = 1\n    \"\"\"A description ending in a long path that runs past the line: see\n"
        "    /subscriptions/{subscription-id}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/images/x.\"\"\"\n"
    ),
}


@pytest.mark.parametrize("source", SHAPES.values(), ids=SHAPES.keys())
def test_the_shapes_the_templates_write_are_laid_out_as_black_writes_them(source: str) -> None:
    layout = laid_out(source)
    assert layout.text == formatted(source)
    assert formatted(layout.text) == layout.text
    assert layout.sure  # (so the build does not run black on it)


UNSURE = {
    "a comprehension": "x = [transform(item, with_a_long_argument_name) for item in a_rather_long_collection_name if item is not None]\n",
    "a comment": "x = call(argument_one, argument_two, argument_three, argument_four)  # a comment that makes it long\n",
    "a subscript": "x: dict[SomeRatherLongKeyTypeName, SomeRatherLongValueTypeName | AnotherTypeName | None] = {}\n",
    "not Python": "def (:\n",
}


@pytest.mark.parametrize("source", UNSURE.values(), ids=UNSURE.keys())
def test_what_it_is_unsure_of_is_left_to_black_and_changes_nothing(source: str) -> None:
    layout = laid_out(source)
    if source.startswith("def (:"):
        assert layout == (source, False)
        return
    assert formatted(layout.text) == formatted(source)
    assert not layout.sure  # (so the build gives it to black)


def test_every_file_of_the_sample_sdk_formats_the_same_and_the_templates_in_one_pass(docs_input_model: ApiModel) -> None:
    """The committed SDK is black's formatting of the render without this stage: the same files."""
    files, _ = prepare(docs_input_model, Options(package="fleet_sdk"))
    templated = sure = 0
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        layout = laid_out(text)
        result = formatted(layout.text)
        assert result == (GENERATED / path).read_text(encoding="utf-8"), path
        if layout.sure:  # (the build writes such a file without black: it must be black's already)
            sure += 1
            assert result == layout.text, f"{path}: laid out as sure, but black would change it"
        if "/models/" in path or "/paths/" in path:
            templated += 1
            assert result == layout.text, f"{path}: black would change the layout (a second pass)"
            if not path.endswith("__init__.py"):  # (a package's lazy imports hold clauses: black's)
                assert layout.sure, f"{path}: a model's or a path's file left to black"
    assert templated > 20 and sure >= templated - 2  # (all but the two packages' __init__)


# Code of the shapes the templates write, with names and strings of any length: whatever the
# layout makes of it, black's file is the same (the layout only saves black a pass).
_NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,40}", fullmatch=True).filter(lambda name: not keyword.iskeyword(name))
_STRINGS = st.text(alphabet=st.characters(codec="ascii", exclude_characters="\\\n\r'\""), max_size=60).map(repr)


def _expressions() -> st.SearchStrategy[str]:
    atoms = st.one_of(_NAMES, _STRINGS, st.integers(0, 10**6).map(str), st.just("None"))
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(_NAMES, st.lists(inner, max_size=4)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.tuples(_NAMES, _NAMES).map(lambda t: f"{t[0]}.{t[1]}"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]} or {t[1]}"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]} + {t[1]}"),
            st.lists(inner, max_size=4).map(lambda items: f"[{', '.join(items)}]"),
            st.lists(st.tuples(_STRINGS, inner), max_size=3).map(lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"),
            st.tuples(_NAMES, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        ),
        max_leaves=12,
    )


def _statements() -> st.SearchStrategy[str]:
    expression = _expressions()
    annotation = st.lists(_NAMES, min_size=1, max_size=3).map(" | ".join)
    return st.one_of(
        st.tuples(_NAMES, annotation, expression).map(lambda t: f"    {t[0]}: {t[1]} = {t[2]}\n"),
        st.tuples(_NAMES, expression).map(lambda t: f"    {t[0]} = {t[1]}\n"),
        expression.map(lambda e: f"    def f(self):\n        return {e}\n"),
        st.tuples(_NAMES, st.lists(st.tuples(_NAMES, annotation), max_size=4), annotation).map(
            lambda t: f"    def {t[0]}(self{''.join(f', {n}: {a}' for n, a in t[1])}) -> {t[2]}:\n        pass\n"
        ),
        st.tuples(_NAMES, expression).map(lambda t: f"    @{t[0]}({t[1]})\n    def g(self):\n        pass\n"),
        # statements the template broke over lines, one item a line, with or without a trailing comma
        st.tuples(_NAMES, st.lists(expression, min_size=1, max_size=4), st.booleans(), st.sampled_from(["[]", "f()", "()", "g(x)()"])).map(
            lambda t: f"    {t[0]} = {t[3][:-1]}\n" + ",\n".join(f"        {item}" for item in t[1]) + ("," if t[2] else "") + f"\n    {t[3][-1]}\n"
        ),
        st.tuples(_NAMES, st.lists(st.tuples(_NAMES, annotation), max_size=3), st.booleans(), annotation).map(
            lambda t: f"    def {t[0]}(\n        self" + "".join(f",\n        {n}: {a}" for n, a in t[1]) + ("," if t[2] else "")
            + f"\n    ) -> {t[3]}:\n        pass\n"
        ),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_statements(), min_size=1, max_size=4), st.lists(_NAMES, min_size=1, max_size=3))
def test_whatever_the_layout_makes_of_template_shaped_code_black_writes_the_same_file(statements: list[str], imports: list[str]) -> None:
    source = f"from a.b import {', '.join(imports)}\n\n\nclass A:\n" + "\n".join(statements)
    try:
        expected = formatted(source)
    except black.InvalidInput:  # (a drawn statement that is not Python: nothing to compare)
        return
    layout = laid_out(source)
    assert formatted(layout.text) == expected
    if layout.sure:  # (the build writes it as it is: it must be black's file)
        assert layout.text == expected
