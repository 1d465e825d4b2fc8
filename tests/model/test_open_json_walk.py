"""The examples' walk for open JSON types looks only into values that can lead to a shapeless
type; what it finds is what a walk into every value finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import DocsTree
from generator.docs.load import load_model
from generator.model import ApiModel
from generator.model.api import TypeRef
from generator.model.open_json import _shapeless, _Walk, open_json_types, shown_open
from helpers import RESOURCE


class _Everything(frozenset[str]):
    def __contains__(self, _name: object) -> bool:
        return True


def _found_by_walking_everything(model: ApiModel) -> frozenset[str]:
    """``open_json_types`` without its pruning: every value of every request and response."""
    return shown_open(model, _shapeless(model), _Walk(model, _Everything()))


GET_HOLDER = """\
---
doc_type: apiPageType
---
# Get holder

## HTTP request
```http
GET /holders/{id}
```

## Response
<!-- { "blockType": "response", "@odata.type": "microsoft.graph.holder" } -->
```json
{"id": "1", "report": {"title": "t", "data": [1, "two"]}, "note": {"text": "inside a note"}}
```
"""


def _pages(**extra: str) -> dict[str, str]:
    return {
        "resources/holder.md": RESOURCE.format(
            name="holder", intro="Holds a report.",
            rows="|id|String|The id.|\n|report|[report](report.md)|The report.|\n|note|[note](note.md)|A note.|"),
        "resources/note.md": RESOURCE.format(name="note", intro="A note.", rows="|text|String|The text.|"),
        "resources/basereport.md": RESOURCE.format(
            name="baseReport", intro="A report's base.", rows="|data|[anyValue](anyvalue.md)|The data.|"),
        "resources/report.md": RESOURCE.format(
            name="report", intro="A report.\n\nInherits from [baseReport](basereport.md).",
            rows="|title|String|The title.|"),
        "resources/anyvalue.md": RESOURCE.format(name="anyValue", intro="Any data.", rows=""),
        "api/holder-get.md": GET_HOLDER,
        **extra,
    }


def test_a_shapeless_value_found_through_a_property_and_a_base(docs_tree: DocsTree) -> None:
    model = load_model(docs_tree(_pages()))
    assert model.types["microsoft.graph.report"].base == "microsoft.graph.baseReport"
    assert open_json_types(model) == {"microsoft.graph.anyValue"} == _found_by_walking_everything(model)


def test_values_that_lead_to_no_shapeless_type_are_not_looked_into(docs_tree: DocsTree, monkeypatch: Any) -> None:
    model = load_model(docs_tree(_pages()))
    seen: list[Any] = []
    walked = _Walk.typed_values

    def recording(self: _Walk, declared: TypeRef, value: Any, depth: int) -> Any:
        seen.append(value)
        return walked(self, declared, value, depth)

    monkeypatch.setattr(_Walk, "typed_values", recording)
    assert open_json_types(model) == {"microsoft.graph.anyValue"}
    # The walk went into the report (its base's data can be any JSON), not into the note.
    assert [1, "two"] in seen and {"text": "inside a note"} in seen
    assert "inside a note" not in seen


def test_the_pruned_walk_finds_what_the_whole_walk_finds_in_docs_input(docs_input_model: ApiModel) -> None:
    assert open_json_types(docs_input_model) == _found_by_walking_everything(docs_input_model)


@pytest.mark.slow
def test_the_pruned_walk_finds_what_the_whole_walk_finds_in_the_full_tree(corpus_full: Path) -> None:
    model = load_model(corpus_full)
    assert open_json_types(model) == _found_by_walking_everything(model)
