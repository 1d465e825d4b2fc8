"""A type the docs show holding values that are no objects takes any JSON (issue 26): the
dialect's "Json" for a range's cell values. What decides is what the examples show, not the
type's name: a shapeless type whose examples only hold objects stays a model class."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any, Iterator

import attrs
import pytest

from conftest import DocsTree
from generator.sdk.build import build
from helpers import RESOURCE

PKG = "openjson_sdk"

GET_SHEET = """\
---
doc_type: apiPageType
---
# Get sheet

## HTTP request
```http
GET /sheets/{id}
```

## Response
<!-- { "blockType": "response", "@odata.type": "microsoft.graph.sheet" } -->
```json
{
  "id": "1",
  "cells": [[1, "two", null], [true, 2.5, "x"]],
  "marker": {},
  "note": "a plain string"
}
```
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("openjson") / "docs"
    pages = {
        "resources/sheet.md": RESOURCE.format(
            name="sheet", intro="A sheet.",
            rows="|id|String|The id.|\n|cells|[anyValue](anyvalue.md)|The cells' values.|\n"
                 "|marker|[flagFacet](flagfacet.md)|Set on marked sheets.|\n|note|[anyValue](anyvalue.md)|A note.|"),
        "resources/anyvalue.md": RESOURCE.format(name="anyValue", intro="Data in JSON.", rows=""),
        "resources/flagfacet.md": RESOURCE.format(name="flagFacet", intro="A marker.", rows=""),
        "api/sheet-get.md": GET_SHEET,
    }
    for relative, text in pages.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    out = root.parent / "sdk"
    build(root, out, PKG, jobs=1, format_code=False)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(f"{PKG}.models")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PKG or n.startswith(PKG + ".")]:
            del sys.modules[name]


def test_a_type_shown_holding_arrays_and_strings_takes_any_json(sdk: Any) -> None:
    sheet = sdk.Sheet.from_dict({"id": "1", "cells": [[1, "two", None]], "note": "a plain string", "marker": {}})
    assert sheet.cells == [[1, "two", None]] and sheet.note == "a plain string"
    assert sheet.to_dict() == {"id": "1", "cells": [[1, "two", None]], "note": "a plain string", "marker": {}}
    fields = attrs.fields_dict(sdk.Sheet)
    assert str(fields["cells"].type) == "Any | None | Unset"


def test_a_shapeless_type_shown_only_as_objects_stays_a_model(sdk: Any) -> None:
    sheet = sdk.Sheet.from_dict({"marker": {}})
    assert isinstance(sheet.marker, sdk.FlagFacet)
    assert "FlagFacet" in str(attrs.fields_dict(sdk.Sheet)["marker"].type)


def test_the_rule_reads_the_examples_not_the_name(docs_tree: DocsTree) -> None:
    from generator.docs import load_model
    from generator.model.open_json import open_json_types

    resource = RESOURCE.format(name="json", intro="Data in JSON.", rows="")
    holder = RESOURCE.format(name="holder", intro="Holds.", rows="|value|[json](json.md)|A value.|")
    model = load_model(docs_tree({"resources/json.md": resource, "resources/holder.md": holder}))
    assert open_json_types(model) == frozenset()  # named Json, but nothing shows it holding a non-object
