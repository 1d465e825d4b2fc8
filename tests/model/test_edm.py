"""Every Edm primitive has every facet, and each stage's table is derived from the one record."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.model import edm
from generator.docs.parse import typecell

RUNTIME = Path(__file__).resolve().parents[2] / "generator" / "sdk" / "runtime" / "_runtime.py"


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


def test_every_codec_is_one_the_runtime_defines() -> None:
    if not RUNTIME.is_file():
        pytest.skip("the runtime is still a template")
    tree = ast.parse(RUNTIME.read_text(encoding="utf-8"))
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    for primitive in edm.PRIMITIVES:
        assert primitive.codec in strings | names, primitive.name


def test_placeholder_words_are_spellings() -> None:
    every = set(edm.spellings())
    assert set(edm.placeholder_words()) <= every
