"""The view digest (sdk/render/digest.py): equal views give equal digests, any difference another."""

from __future__ import annotations

import enum
import importlib.metadata
import importlib.util
import sys
import types
from pathlib import Path

import attrs
import pytest

from generator.sdk import fingerprint as fingerprint_module
from generator.sdk.render import digest as digest_module
from generator.sdk.render.digest import Pending, view_digest
from generator.sdk.render.filters import Code


@attrs.frozen
class _Row:
    name: str
    annotation: Code


@attrs.frozen
class _OtherRow:  # the same fields as _Row: a template may print the two differently
    name: str
    annotation: Code


class _Colour(enum.Enum):
    RED = "red"


def test_equal_views_have_one_digest_and_any_change_another() -> None:
    view = {"name": "trip", "fields": [_Row("a", Code("int"))], "kinds": {"x", "y", "z"}, "colour": _Colour.RED}
    same = {"name": "trip", "fields": [_Row("a", Code("int"))], "kinds": {"z", "y", "x"}, "colour": _Colour.RED}
    assert view_digest("t.j2", view) == view_digest("t.j2", same) is not None
    changes = [
        {**view, "name": "trips"},
        {**view, "fields": [_Row("a", Code("str"))]},
        {**view, "fields": [_OtherRow("a", Code("int"))]},
        {**view, "kinds": {"x", "y"}},
        {**view, "extra": None},
    ]
    digests = {view_digest("t.j2", changed) for changed in changes} | {view_digest("u.j2", view)}
    assert None not in digests and len(digests) == len(changes) + 1 and view_digest("t.j2", view) not in digests


def test_a_view_without_a_canonical_form_has_no_digest_so_its_file_is_always_rendered() -> None:
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert view_digest("t.j2", {"thing": object()}) is None
    assert view_digest("t.j2", {"cycle": cyclic}) is None


def test_a_ready_file_has_no_digest_and_gives_its_text() -> None:
    ready = Pending.ready("x = 1\n")
    assert ready.view is None and ready.make() == "x = 1\n"


def test_another_python_or_jinja_renders_every_view_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock's fingerprint covers gen's code, templates and Jinja; the digest covers Python."""
    before = view_digest("t.j2", {"name": "trip"})
    monkeypatch.setattr(digest_module, "_RENDERERS", "python (3, 99)")
    assert view_digest("t.j2", {"name": "trip"}) != before


def test_another_jinja_is_another_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprint reads the template engine's source (not its version: no metadata to import)."""
    engine = tmp_path / "jinja2"
    engine.mkdir()
    (engine / "__init__.py").write_text("x = 1\n")
    stand_in = types.ModuleType("jinja2")
    stand_in.__spec__ = importlib.util.spec_from_file_location("jinja2", engine / "__init__.py", submodule_search_locations=[str(engine)])
    monkeypatch.setitem(sys.modules, "jinja2", stand_in)  # (find_spec answers from here)
    first = fingerprint_module.fingerprint()
    assert fingerprint_module.fingerprint() == first
    (engine / "lexer.py").write_text("y = 2\n")
    second = fingerprint_module.fingerprint()
    (engine / "__init__.py").write_text("x = 2\n")
    assert len({first, second, fingerprint_module.fingerprint()}) == 3


def test_black_version_is_the_installed_one() -> None:
    assert fingerprint_module.black_version() == importlib.metadata.version("black")
