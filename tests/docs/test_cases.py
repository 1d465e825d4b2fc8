"""Parser cases as data files: ``cases/<name>.md`` is a page, a separator line, and the facts
the parse must find in it (JSON): all of them, compared whole, as black's and markdown-it-py's
fixtures are. An empty field is left out (absent means empty: no ``diagnostics`` key means the
page must read without one), so a parser that starts warning on a clean page fails its case.

One file per construct of ``../shared/specs/dialect.md`` (at least); a fixed misreading is
one new file. The cases go through the parse's public entry point only (``parse_text``),
so they hold whatever the parser's insides become.

    python tests/docs/test_cases.py NAME.md   # print the facts of a case's page, to write one
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from generator.docs import parse_text

CASES = Path(__file__).resolve().parent / "cases"
SEPARATOR = "\n=== expected facts ===\n"
_UNCHECKED = {"digest", "body", "json_text"}  # raw text, repeated in other facts


def facts_of(page: str, path: str) -> Any:
    """The page's facts as plain JSON values, without empty fields."""
    return _plain(attrs.asdict(parse_text(page, path), recurse=True))


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):  # a word of a vocabulary (PageKind.API): its public spelling
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in _UNCHECKED and v not in (None, "", (), [], {}, False)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _mismatch(expected: Any, actual: Any, where: str = "") -> str | None:
    """Where ``actual`` first differs from ``expected`` (the same keys, the same items), or None."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in [*expected, *(k for k in actual if k not in expected)]:
            if key not in actual:
                return f"{where}/{key}: missing (expected {expected[key]!r})"
            if key not in expected:
                return f"{where}/{key}: not expected, got {actual[key]!r}"
            found = _mismatch(expected[key], actual[key], f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(actual) == len(expected):
        for index, (want, got) in enumerate(zip(expected, actual)):
            found = _mismatch(want, got, f"{where}/{index}")
            if found:
                return found
        return None
    return None if expected == actual else f"{where or '/'}: expected {expected!r}, got {actual!r}"


def _split(case: Path) -> tuple[str, Any]:
    page, _, expected = case.read_text(encoding="utf-8").partition(SEPARATOR)
    return page, json.loads(expected)


@pytest.mark.parametrize("case", sorted(CASES.glob("*.md")), ids=lambda case: case.stem)
def test_parser_case(case: Path) -> None:
    page, expected = _split(case)
    problem = _mismatch(expected, facts_of(page, f"resources/{case.name}"))
    assert problem is None, f"{case.name}: {problem}"


def test_the_comparer_pins_absence() -> None:
    """A case holds every fact: a new diagnostic, key or item fails it, as a changed value does."""
    clean = {"path": "p.md", "types": [{"name": "a"}]}
    assert _mismatch(clean, dict(clean)) is None
    assert _mismatch(clean, {**clean, "diagnostics": [{"code": "GEN301"}]}) == "/diagnostics: not expected, got [{'code': 'GEN301'}]"
    assert _mismatch(clean, {**clean, "types": [{"name": "a", "base": "b"}]}) is not None
    assert _mismatch(clean, {**clean, "types": [{"name": "a"}, {"name": "b"}]}) is not None
    assert _mismatch(clean, {"path": "p.md"}) is not None


if __name__ == "__main__":
    for name in sys.argv[1:]:
        text = (CASES / name).read_text(encoding="utf-8").partition(SEPARATOR)[0]
        print(json.dumps(facts_of(text, f"resources/{name}"), indent=1, ensure_ascii=False))
