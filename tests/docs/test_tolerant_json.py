"""The tolerant JSON reader on what Python's reader takes and JSON does not (issue 26)."""

from __future__ import annotations

import pytest

from generator.docs import parse_text
from generator.docs.parse.tolerant_json import loads_tolerant
from generator.model.json_values import LongInteger


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


def test_each_read_reports_its_own_duplicate_keys() -> None:
    """The standard parser's decoder is made once and reused: what one body found is not another's."""
    assert loads_tolerant('{"a": 1, "a": 2}').duplicate_keys == ((0, "a"),)
    assert loads_tolerant('{"b": [1, {"c": 1, "c": 3}]}').duplicate_keys == ((0, "c"),)
    assert loads_tolerant('{"b": 1}').duplicate_keys == ()
    long_number = "9" * 5000  # (over Python's digits limit: read again with the hook for long integers)
    result = loads_tolerant('{"a": 1, "a": ' + long_number + "}")
    assert result.ok and result.duplicate_keys == ((0, "a"),) and isinstance(result.value["a"], LongInteger)
    assert loads_tolerant('{"d": 1}').duplicate_keys == ()


def test_a_byte_order_mark_is_not_strict_json() -> None:
    """json.loads refuses it before decoding; the reused decoder refuses it too, and the
    tolerant reader reads it as a repair."""
    result = loads_tolerant("\ufeff{}")
    assert result.ok and [repair.message for repair in result.repairs] == ["non-ASCII space used as whitespace"]


def test_the_reader_works_in_every_thread() -> None:
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(loads_tolerant, ['{"a": 1, "a": 2}', '{"b": 2}'] * 4))
    assert [r.duplicate_keys for r in results] == [((0, "a"),), ()] * 4
