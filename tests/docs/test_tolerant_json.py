"""The tolerant JSON reader on what Python's reader takes and JSON does not (issue 26)."""

from __future__ import annotations

import pytest

from generator.docs import parse_text
from generator.docs.parse.tolerant_json import loads_tolerant


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": 1e999}', '{"a": [1, -Infinity]}', '{"a": Infinity}', "{'a': 1E400}"])
def test_a_number_json_cannot_spell_is_no_json(text: str) -> None:
    result = loads_tolerant(text)
    assert not result.ok and result.error and "JSON" in result.error


@pytest.mark.parametrize("text", ['{"a": 1e99}', '{"a": "NaN", "b": "Infinity"}', '{"a": 1.7976931348623157e308}'])
def test_finite_numbers_and_strings_that_spell_them_are_read(text: str) -> None:
    assert loads_tolerant(text).ok


def test_an_examples_value_has_no_lone_surrogate_however_often_it_is_read() -> None:
    page = (
        "# Get thing\n\n## Response\n\n"
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.thing" } -->\n'
        "```json\n" + '{"label": "a\\ud800b"}' + "\n```\n"
    )
    (example,) = parse_text(page, "api/thing-get.md").examples
    assert example.value() == {"label": "a\ufffdb"} and "\\ud800" in example.json_text  # the text stays exact
