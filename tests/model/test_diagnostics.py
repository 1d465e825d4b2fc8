"""The diagnostic codes: every code's kind is a word of the shared vocabulary that tools
outside gen read (``../shared/specs/reports.md``), and the vocabulary is that list."""

from __future__ import annotations

import re

import pytest

from conftest import SHARED
from generator.model.diagnostics import CODES, FindingKind

REPORTS_SPEC = SHARED / "specs" / "reports.md"


def spec_kinds(text: str) -> set[str]:
    """The kinds listed after "one of:" in the lint section of the reports spec."""
    lint = text[text.index("## `gen lint"):]
    listed = lint[lint.index("one of:") + len("one of:"):]
    listed = listed[: listed.index(". ")]  # the list ends with the sentence
    listed = re.sub(r"\([^)]*\)", "", listed)  # a word's gloss: "wrong-json-type (string where ...)"
    return {word.strip() for word in re.split(r",\s*", listed.replace("\n", " ")) if word.strip()}


def test_the_vocabulary_is_the_specs_list() -> None:
    if not REPORTS_SPEC.is_file():
        pytest.skip(f"{REPORTS_SPEC} is absent: this test needs ../shared/specs (present in CI)")
    assert {kind.value for kind in FindingKind} == spec_kinds(REPORTS_SPEC.read_text(encoding="utf-8"))


def test_every_code_has_a_kind_of_the_vocabulary() -> None:
    assert all(isinstance(code.kind, FindingKind) for code in CODES.values())
    assert CODES["GEN116"].kind is FindingKind.MISSING_PROPERTY  # was "missing-required-property"


def test_an_unknown_kind_is_refused_when_the_table_is_read() -> None:
    from generator.model.diagnostics import _codes

    with pytest.raises(ValueError):
        _codes(("GEN999", "missing-required-property", "warning", "a kind no consumer knows"))
