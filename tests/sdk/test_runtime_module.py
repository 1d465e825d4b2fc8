"""The SDK runtime as the real module gen copies into every package (``generator/sdk/runtime``)."""

from __future__ import annotations

import pytest

from generator.sdk.render import runtime_module
from generator.sdk.runtime import _runtime as rt


def test_unset_is_falsy_and_one_object() -> None:
    assert not rt.UNSET and rt.Unset() is rt.UNSET and repr(rt.UNSET) == "UNSET"


def test_numbers_keep_their_spelling() -> None:
    text = '{"a": -0, "b": 1.50, "c": 1e3}'
    assert rt.dumps(rt.loads(text)) == text


def test_dates_keep_their_text() -> None:
    value = rt.DateTimeOffset("2016-12-31T23:58:46.8102575+03:00")
    assert str(value) == "2016-12-31T23:58:46.8102575+03:00" and value.value.year == 2016


def test_slots_are_filled_and_a_missing_slot_fails_loudly() -> None:
    text = runtime_module("_runtime.py", package_doc="fleet_sdk", package="'fleet_sdk'")
    assert text.startswith('"""What every model of fleet_sdk does alike') and "\nPACKAGE = 'fleet_sdk'\n" in text
    with pytest.raises(AssertionError, match="gen: nowhere"):
        runtime_module("errors.py", nowhere="1")
