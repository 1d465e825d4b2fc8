"""Round trips: every JSON example through the generated models and back, and its typing.

Lossless means ``dumps(Class.from_dict(loads(text)).to_dict()) == dumps(loads(text))``
with the SDK's own number-preserving ``loads``/``dumps``, so ``-0``, ``1.50`` and
seven-digit fractions count. Typed means lossless with no finding from the conformance
checker (every key a declared property, every value of its declared type).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

import attrs

from ..model.kinds import TypeKind
from ..lint.conformance import ExampleChecker
from ..parallel import Progress
from ..model.index import ModelIndex
from ..model import ApiModel, Example, bodies
from ..sdk.render.layout import Layout

TYPED, LOSSLESS, LOSSY, NOT_PARSED, NOT_JSON = "typed", "lossless", "lossy", "not-parsed", "not-json"


@attrs.frozen
class ExampleRow:
    file: str
    line: int
    kind: str
    type: str | None
    outcome: str
    codes: tuple[str, ...] = ()
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "kind": self.kind,
            "type": self.type,
            "outcome": self.outcome,
            "codes": list(self.codes),
            "detail": self.detail,
        }


def round_trips(
    model: ApiModel, layout: Layout, runtime: ModuleType, progress: Progress | None = None
) -> list[ExampleRow]:
    checker = ExampleChecker(ModelIndex(model))
    rows: list[ExampleRow] = []
    for done, example in enumerate(model.examples, 1):
        row = _row(model, layout, runtime, checker.example, example)
        if row is not None:
            rows.append(row)
        if progress is not None:
            progress(done, len(model.examples))
    return rows


def _row(
    model: ApiModel,
    layout: Layout,
    runtime: ModuleType,
    check: Callable[[Example], list[Any]],
    example: Example,
) -> ExampleRow | None:
    def row(outcome: str, codes: tuple[str, ...] = (), detail: str = "") -> ExampleRow:
        return ExampleRow(example.file, example.line, example.kind.value, example.type, outcome, codes, detail)

    if example.parsed is None:
        if example.http is not None and not _has_body(example):
            return None  # a request line with no body is not a JSON example
        return row(NOT_JSON, (), "body is not JSON (another content type); not checked")
    if example.parsed is False:
        return row(NOT_PARSED, ("GEN301",), example.error or "body is not JSON")
    data = runtime.loads(example.json_text)
    model_class = _model_class(model, layout, runtime, example.type)
    difference = _lossy(runtime, model_class, data, example.collection)
    if difference is not None:
        return row(LOSSY, (), difference)
    findings = check(example)
    codes = tuple(sorted({finding.code for finding in findings}))
    detail = "; ".join(f"{f.code} {f.pointer or '/'}: {f.message}" for f in findings[:5])
    if len(findings) > 5:
        detail += f"; and {len(findings) - 5} more"
    return row(TYPED if not codes else LOSSLESS, codes, detail)


def _has_body(example: Example) -> bool:
    return bool(example.json_text) or bool(example.error)


def _model_class(model: ApiModel, layout: Layout, runtime: ModuleType, qualified: str | None) -> Any:
    typedef = model.types.get(qualified or "")
    ref = layout.class_of(qualified) if qualified else None
    if typedef is None or ref is None or typedef.kind is TypeKind.ENUM:
        return runtime.Model
    return runtime.load_class(ref.reference)


def _lossy(runtime: ModuleType, model_class: Any, data: Any, collection: bool) -> str | None:
    """None when the round trip gives the input back; else where it first differs."""
    result = through_models(runtime, model_class, data, collection)
    before, after = runtime.dumps(data), runtime.dumps(result)
    if before == after:
        return None
    index = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    return f"round trip differs at character {index}: {before[max(0, index - 30):index + 30]!r} became {after[max(0, index - 30):index + 30]!r}"


def through_models(runtime: ModuleType, model_class: Any, data: Any, collection: bool) -> Any:
    """The data read into models and written back (elements of collections one by one)."""

    def one(item: Any) -> Any:
        return model_class.from_dict(item).to_dict() if isinstance(item, dict) else item

    if bodies.holds_value_list(data) and (collection or not _declares_value(model_class)):
        return {**data, "value": [one(item) for item in data["value"]]}
    if isinstance(data, list):
        return [one(item) for item in data]
    return one(data)


def _declares_value(model_class: Any) -> bool:
    return "value" in getattr(model_class, "_json_fields", {})


def summary(rows: list[ExampleRow]) -> dict[str, int]:
    counted = [row for row in rows if row.outcome != NOT_JSON]
    parsed = [row for row in counted if row.outcome in (TYPED, LOSSLESS, LOSSY)]
    lossless = [row for row in parsed if row.outcome in (TYPED, LOSSLESS)]
    return {
        "examples": len(counted),
        "parsed": len(parsed),
        "lossless": len(lossless),
        "typed": sum(1 for row in lossless if row.outcome == TYPED),
    }
