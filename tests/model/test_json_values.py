"""gen's JSON writer against the standard library's: the same text for every value JSON can hold."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from generator.model.json_values import LongInteger, document_text, indented_json

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()  # (floats: NaN and infinities too)
_keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(_values, st.sampled_from([0, 1, 2, 4]), st.booleans())
def test_indented_json_is_what_the_standard_library_writes(value: Any, indent: int, ascii_only: bool) -> None:
    assert indented_json(value, indent, ensure_ascii=ascii_only) == json.dumps(value, indent=indent, ensure_ascii=ascii_only)


def test_strings_and_numbers_of_every_kind() -> None:
    value = {"é\n\"\\": ["\u2028", "\ud800", "𝄞", "\x00"], 1: -0.0, 2.5: math.inf, True: -math.inf, None: math.nan,
             "big": 10**40, "nested": [[], {}, [{}], {"a": []}]}
    for ascii_only in (False, True):
        assert indented_json(value, 2, ensure_ascii=ascii_only) == json.dumps(value, indent=2, ensure_ascii=ascii_only)
    assert document_text(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("value", [{"a": object()}, [LongInteger("1" * 5000)], {(1, 2): "tuple key"}])
def test_what_json_cannot_hold_is_a_type_error_as_in_the_standard_library(value: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, indent=2)
    with pytest.raises(TypeError):
        indented_json(value, 2)


_flat = st.dictionaries(st.text(), st.none() | st.booleans() | st.integers() | st.text(), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(_flat | st.dictionaries(st.text(), _flat, max_size=3), max_size=4), st.sampled_from([0, 1, 2, 4]),
       st.booleans())
def test_flat_objects_written_in_one_call_are_what_the_standard_library_writes(
    value: Any, indent: int, ascii_only: bool
) -> None:
    assert indented_json(value, indent, ensure_ascii=ascii_only) == json.dumps(value, indent=indent, ensure_ascii=ascii_only)


def test_flat_objects_go_to_the_c_encoder_and_the_rest_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.model import json_values

    made: list[str] = []
    real = json_values._c_make_encoder
    assert real is not None, "the accelerator is built in CPython"

    def spy(*options: Any) -> Any:
        made.append(options[5])  # the item separator: where the object's lines start
        return real(*options)

    monkeypatch.setattr(json_values, "_c_make_encoder", spy)
    finding = {"code": "GEN101", "line": 3, "type": None, "suppressed": False, "message": "\u00e9 \"x\"\n"}
    value = {"findings": [finding, {**finding, "line": 4}], "coverage": {"ratio": 0.5, "big": [1]}}
    assert document_text(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert made == [",\n      "]  # one encoder for the findings' depth; the float and the list are not flat
    monkeypatch.setattr(json_values, "_c_make_encoder", None)  # without the accelerator: the same text
    assert document_text(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def test_flat_objects_keep_braces_and_breaks_inside_their_strings() -> None:
    tricky = ["}, {", "},\n      {", "{\"a\": 1}", "}", "{", "[{", "}]", "\n"]
    value = {"findings": [{"message": text, "line": index, "x": None} for index, text in enumerate(tricky)],
             "one": [{"only": "}"}], "mixed": [{"a": 1}, {}], "nested": [[{"a": "}, {"}], [{"b": [1]}]]}
    for indent in (0, 1, 2, 4):
        for ascii_only in (False, True):
            assert indented_json(value, indent, ensure_ascii=ascii_only) == json.dumps(value, indent=indent,
                                                                                      ensure_ascii=ascii_only)
