"""Which resource a call addresses is the documented path's, whatever a key, an argument or the docs hold.

- A key is one segment: ``/``, ``?``, ``#`` and ``%`` are percent-encoded, and an empty key,
  ``.`` and ``..`` (which would name the collection or the resource above it) are refused.
- A call's argument stays one argument: a bare value's ``,`` and ``=`` are encoded, a
  collection's JSON text holds no ``/``.
- The default base URL is the docs' examples' host; when they name more than one, the
  client has none and ``base_url`` is required. The README says where the default comes from.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

import httpx
import pytest

from clientkit import fleet  # noqa: F401 - a fixture

from generator.docs import load_model
from generator.sdk.render import Options, render_package
from generator.sdk.runtime import _http

ROOT = Path(__file__).resolve().parents[2]


def recording(fleet: Any) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return fleet.Client("https://example.test/beta", token="t", transport=httpx.MockTransport(handler), retry=None), seen


@pytest.mark.parametrize("key", ["", ".", ".."])
def test_empty_and_dot_keys_are_refused_before_anything_is_sent(fleet: Any, key: str) -> None:
    client, seen = recording(fleet)
    with pytest.raises(ValueError, match="is not a key"):
        client.fleet.vehicles[key].delete()
    with pytest.raises(ValueError, match="is not a key"):
        client.fleet.vehicles["v1"].telemetry_sessions[key]
    node = _http.SyncNode(client, "/workbook/tables")
    with pytest.raises(ValueError):
        node._item_path("('{}')", key)  # a key in parentheses too
    with pytest.raises(ValueError):
        node._ref_body(key)  # add_ref's id
    assert seen == []


@pytest.mark.parametrize("key", ["a/b", "../x", "./..", "a?b=c", "a#b", "100%", "%2E%2E", "a\\b", "x\x00y", "a b", "é"])
def test_a_key_is_one_segment_whatever_it_holds(fleet: Any, key: str) -> None:
    client, seen = recording(fleet)
    client.fleet.vehicles[key].delete()
    raw = seen[0].url.raw_path.decode("ascii")
    assert "?" not in raw and "#" not in raw
    head, _, segment = raw.rpartition("/")
    assert head == "/beta/fleet/vehicles" and unquote(segment) == key, raw


def arguments(segment: str) -> list[tuple[str, str]]:
    """A call segment's (name, value) pairs as a server reads them: split at the commas
    outside quotes (``''`` escapes one) and brackets, then each value decoded."""
    assert segment[0] == "(" and segment[-1] == ")", segment
    items, current, quote, depth = [], "", "", 0
    for char in segment[1:-1].replace("%27", "'"):
        if quote:
            quote = "" if char == quote else quote  # '' closes and reopens: the same text
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(current)
            current = ""
            continue
        current += char
    items.append(current)
    return [(item.partition("=")[0], unquote(item.partition("=")[2])) for item in items]


def test_a_call_argument_stays_one_argument() -> None:
    segment = _http.call_segment([
        ("start", "{}", "2021-01-01T00:00:00+01:00"),
        ("ids", "", ["../../users", "a/b)", "x','y"]),
        ("address", "'{}'", "A1'),x=('"),
        ("name", "", "../a,b=c)"),
    ])
    assert "/" not in segment and "?" not in segment, segment
    expected = [
        ("start", "2021-01-01T00:00:00+01:00"),
        ("ids", '["../../users", "a/b)", "x\',\'y"]'),
        ("address", "'A1''),x=('''"),
        ("name", "'../a,b=c)'"),
    ]
    assert arguments(segment) == expected, segment
    for bare in ("2021,end=x", "1)", "a/b", "x'y", "(1"):
        with pytest.raises(ValueError, match="cannot be a bare argument"):
            _http.call_segment([("start", "{}", bare)])  # no reading of the segment could keep it whole


def test_a_bare_argument_takes_a_whole_literal_in_quotes() -> None:
    """``f(period={period})`` given ``'D7'`` or an enum member with its type writes it as it is:
    quotes that open and close (``''`` a quote inside) end nothing."""
    for literal in ("'D7'", "'it''s, (fine)'", "microsoft.graph.shade'dark'", "''"):
        segment = _http.call_segment([("period", "{}", literal)])
        assert unquote(segment) == f"(period={literal})" and "/" not in segment, segment
    for bare in ("'D7", "'a'b'", "'a'x"):
        with pytest.raises(ValueError, match="cannot be a bare argument"):
            _http.call_segment([("period", "{}", bare)])


def test_typed_values_are_written_as_odata_literals() -> None:
    """A date, time or GUID is bare, a duration and binary carry their prefix, a number read
    from JSON keeps its text; a string is quoted (``Date`` text that is no date, too)."""
    from generator.sdk.runtime import _values

    import datetime
    import uuid

    cases = [
        (_values.Date("2018-03-05"), "2018-03-05"), (datetime.date(2018, 3, 5), "2018-03-05"),
        (_values.DateTimeOffset("2021-05-24T10:00:00+01:00"), "2021-05-24T10:00:00+01:00"),
        (_values.Guid("dce468b2-68b2-dce4-b268-e4dcb268e4dc"), "dce468b2-68b2-dce4-b268-e4dcb268e4dc"),
        (uuid.UUID("dce468b2-68b2-dce4-b268-e4dcb268e4dc"), "dce468b2-68b2-dce4-b268-e4dcb268e4dc"),
        (_values.TimeOfDay("13:45:00"), "13:45:00"), (_values.Duration("P1D"), "duration'P1D'"),
        (_values.loads("1.50"), "1.50"), (_values.Date("x,y"), "'x,y'"), ("2018-03-05", "'2018-03-05'"),
    ]
    for value, literal in cases:
        assert unquote(_http.call_segment([("a", "", value)])) == f"(a={literal})", (value, literal)


# -- the base URL ----------------------------------------------------------------------------------
@pytest.fixture
def two_hosts(tmp_path: Path) -> Iterator[Any]:
    """docs-input with one example sent to another host, rendered and imported."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs-input", docs)
    page = docs / "api" / "vehicle-delete.md"
    page.write_text(page.read_text(encoding="utf-8").replace("https://graph.microsoft.com/", "https://tokens.example.net/"), encoding="utf-8")
    out = tmp_path / "out"
    for relative, text in render_package(load_model(docs), Options("hosts_sdk")).files.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("hosts_sdk.client"), (out / "README.md").read_text(encoding="utf-8")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "hosts_sdk" or n.startswith("hosts_sdk.")]:
            del sys.modules[name]


def test_two_hosts_in_the_examples_make_base_url_required(two_hosts: Any) -> None:
    client_module, readme = two_hosts
    for cls in (client_module.Client, client_module.AsyncClient):
        with pytest.raises(TypeError, match="needs base_url") as raised:
            cls(token="t")
        assert "https://graph.microsoft.com" in str(raised.value) and "https://tokens.example.net" in str(raised.value)
    assert client_module.Client("https://graph.example/v1.0").base_url == "https://graph.example/v1.0"
    assert "is required" in readme and "tokens.example.net" in readme


def test_one_host_keeps_the_default_and_the_readme_says_where_it_comes_from(fleet: Any) -> None:
    assert fleet.Client(token="t").base_url == "https://graph.microsoft.com/beta"
    readme = (Path(fleet.__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Base URL", 1)[1].split("\n## ", 1)[0]
    assert "docs' examples" in section and "token" in section and "base_url" in section and "production" in section


def test_a_request_to_a_path_no_operation_documents_names_no_host(tmp_path: Path) -> None:
    """A notification the service posts to a bot's own URL is not where the API lives."""
    from generator.openapi import openapi_document
    from generator.model.service import hosts
    from generator.sdk.render import base_url

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs-input", docs)
    page = docs / "api" / "vehicle-delete.md"
    notification = "\n#### Notification\n\n```http\nPOST https://bot.example.org/api/callbacks\nContent-Type: application/json\n\n{}\n```\n"
    page.write_text(page.read_text(encoding="utf-8") + notification, encoding="utf-8")
    model = load_model(docs)
    assert any(e.http and "bot.example.org" in (e.http.url or "") for e in model.examples)
    assert hosts(model) == ["https://graph.microsoft.com"]
    assert base_url(model) == "https://graph.microsoft.com/beta"
    # The OpenAPI document's server is the same root, from the same place.
    document = openapi_document(model).document
    assert document["servers"] == [{"url": "https://graph.microsoft.com/beta"}]
    assert document["info"]["version"] == "beta"
