"""Every Edm primitive has every facet, and each stage's table is derived from the one record."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.model import edm
from generator.docs.parse import typecell

GENERATED = Path(__file__).resolve().parents[2] / "generated"
PACKAGE = "fleet_sdk"


@pytest.mark.parametrize("primitive", edm.PRIMITIVES, ids=lambda p: p.name)
def test_every_primitive_has_every_facet(primitive: edm.Primitive) -> None:
    assert primitive.name.startswith("Edm.") and primitive.short
    assert primitive.spellings and all(s == s.lower() and not s.startswith("edm.") for s in primitive.spellings)
    assert primitive.python and primitive.codec
    assert primitive.json in edm.JSON_CHECKS
    assert isinstance(primitive.placeholders, tuple)
    assert primitive.short.lower() in primitive.spellings  # the OData name itself is a spelling


def test_spellings_are_unique_and_parse_reads_them() -> None:
    spellings = [s for p in edm.PRIMITIVES for s in p.spellings]
    assert len(spellings) == len(set(spellings))
    assert typecell.PRIMITIVES == edm.spellings()
    for primitive in edm.PRIMITIVES:
        assert typecell.primitive_name(primitive.name) == primitive.name


@pytest.fixture(scope="module")
def codecs() -> Iterator[Any]:
    """The committed SDK's ``_codecs`` module (the runtime as every generated package has it)."""
    sys.path.insert(0, str(GENERATED))
    before = set(sys.modules)
    try:
        yield importlib.import_module(f"{PACKAGE}._codecs")
    finally:
        sys.path.remove(str(GENERATED))
        for name in set(sys.modules) - before:
            del sys.modules[name]


@pytest.mark.parametrize("primitive", edm.PRIMITIVES, ids=lambda p: p.name)
def test_every_codec_is_one_the_runtime_defines(primitive: edm.Primitive, codecs: Any) -> None:
    """Render names ``_c.<constant>``; the runtime must define it, as a codec it can decode with."""
    codec = getattr(codecs, primitive.constant, None)
    assert isinstance(codec, codecs.Codec), f"_codecs has no codec {primitive.constant}"
    assert codec.spec == primitive.codec
    codec.decode("x")  # a codec the runtime does not know raises here (KeyError), whatever the value


def test_every_primitive_has_a_json_schema() -> None:
    from generator.openapi import EDM_SCHEMAS

    for primitive in edm.PRIMITIVES:
        assert EDM_SCHEMAS[primitive.name] == primitive.openapi
        assert primitive.openapi or primitive.name == edm.UNTYPED  # only "any JSON value" is the empty schema


def test_placeholder_words_are_spellings() -> None:
    every = set(edm.spellings())
    assert set(edm.placeholder_words()) <= every
