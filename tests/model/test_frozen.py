"""The ApiModel is frozen once resolved: no stage that reads it can change it.

Its fields cannot be reassigned (attrs raises), and the stages that read it (render, lint,
the OpenAPI exporter, gen test's examples) leave it equal to a deep copy taken before.
"""

from __future__ import annotations

import copy
from pathlib import Path

import attrs
import pytest

from generator.lint import lint_model
from generator.model import ApiModel
from generator.openapi import openapi_document
from generator.sdk.render import Options, render_package
from generator.sources import load_sources

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def joined() -> ApiModel:
    """docs-input joined with its metadata: the model with the most stages behind it."""
    return load_sources(ROOT / "docs-input", metadata=ROOT / "docs-input" / "metadata.xml").loaded.model


def test_fields_cannot_be_reassigned(joined: ApiModel) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        joined.types = {}  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        joined.main_namespace = "other"  # type: ignore[misc]


def test_the_readers_leave_the_model_as_they_found_it(joined: ApiModel) -> None:
    before = copy.deepcopy(joined)
    assert before == joined and before.types  # the comparison is deep and has something to compare
    render_package(joined, Options("frozen_sdk"))
    lint_model(joined)
    openapi_document(joined)
    assert joined == before
