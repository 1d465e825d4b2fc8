"""A documented path with a control or invisible character is reported and left out, never built on.

C0 controls, DEL, C1 controls, format characters (zero-width, bidirectional), line and
paragraph separators, and U+FFFD (what a NUL or a byte that is not UTF-8 became) belong in
no URL: httpx refuses most of them, so every call of a method built on such a path would
fail, and the others address something else than the page shows. The request line is
reported as GEN313 and its path not used; the page's other paths still work.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzlib import fuzz_settings
from generator.docs import load_model
from generator.docs.parse.http import INVISIBLE_REASON, placeholder_code, request_line
from generator.sdk.render import Options, render_package

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://example.test/beta"
INVISIBLE = ["\x00", "\x01", "\t", "\x1f", "\x7f", "\x85", "\x9f", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd"]


@given(char=st.one_of(st.sampled_from(INVISIBLE), st.characters(categories=("Cc", "Cf", "Zl", "Zp"))), at=st.integers(0, 30))
@fuzz_settings(200)
def test_a_request_line_with_an_invisible_character_is_not_used(char: str, at: int) -> None:
    url = "/fleet/vehicles/{vehicle-id}/check(mode='{m}')"
    line = request_line("POST", url[:at] + char + url[at:], 1)
    assert line.placeholder is not None and line.placeholder.startswith(INVISIBLE_REASON), line
    assert placeholder_code(line.placeholder) == "GEN313" and line.path == ""


@pytest.mark.parametrize("char", ["\x1f", "\x7f", "\x85", "\u2028", "\u202e", "\x00"])
def test_a_documented_path_with_a_control_character_is_reported_and_left_out(tmp_path: Path, char: str) -> None:
    docs = tmp_path / "docs"
    for page in (ROOT / "docs-input").rglob("*.md"):
        target = docs / page.relative_to(ROOT / "docs-input")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.read_bytes())
    page = docs / "api" / "vehicle-delete.md"
    text = page.read_text(encoding="utf-8")
    hostile = f"DELETE /fleet/vehicles/{{vehicle-id}}/re{char}tire\nDELETE /fleet/vehicles/{{vehicle-id}}/check(mode='{{m}}{char}')\n"
    padding = "<!-- " + "p" * 9000 + " -->\n\n" if char == "\x00" else ""  # past the binary sniff: a NUL reads as U+FFFD
    page.write_text(text.replace("# Delete vehicle\n", "# Delete vehicle\n\n" + padding, 1).replace(
        "DELETE /fleet/vehicles/{vehicle-id}\n", "DELETE /fleet/vehicles/{vehicle-id}\n" + hostile), encoding="utf-8")
    model = load_model(docs)
    (operation,) = [op for op in model.operations if op.name == "delete_vehicle"]
    assert operation.paths == ["/fleet/vehicles/{vehicle-id}"]
    reported = [d for d in model.diagnostics if d.code == "GEN313"]
    assert len(reported) == 2 and all(d.file == "api/vehicle-delete.md" for d in reported), reported
    package = f"ctl_{ord(char):x}_sdk"
    out = tmp_path / "out"
    for relative, source in render_package(model, Options(package)).files.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(source, encoding="utf-8")
    for source in (out / package).rglob("*.py"):
        assert char not in source.read_text(encoding="utf-8"), source
    sys.path.insert(0, str(out))
    try:
        client_module = importlib.import_module(f"{package}.client")
        seen: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(204)

        client = client_module.Client(BASE, transport=httpx.MockTransport(handler), retry=None)
        assert client.fleet.vehicles["v1"].delete() is None
        assert seen[0].method == "DELETE" and seen[0].url.raw_path == b"/beta/fleet/vehicles/v1"
        assert not hasattr(client.fleet.vehicles["v1"], "check")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
