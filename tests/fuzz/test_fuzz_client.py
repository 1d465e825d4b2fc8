"""The generated client addresses the documented resource, whatever a key or an argument holds.

For any text as a key, in each of the four ways a key follows its path (``/{}``,
``('{}')``, ``:/{}:``, ``/{}:``), the request is sent to exactly one segment under the
collection that decodes back to the key, or refused with ``ValueError`` before anything
is sent; for any argument of a call, the call segment reads back as the same arguments.
"""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from generator.sdk.runtime._codecs import Reader as _reader
from hypothesis import example, given
from hypothesis import strategies as st

from fuzzlib import HOSTILE_NAMES, HOSTILE_TEXTS, fuzz_settings
from generator.sdk.runtime import _http

BASE = "https://example.test/beta"
COLLECTION = "/drives/d1/items"
FORMATS = ["/{}", "('{}')", ":/{}:", "/{}:"]

keys = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.sampled_from(["", ".", "..", "./", "../..", "%2e%2E", "%", "?", "#", "'", "''", "a/../b"] + HOSTILE_NAMES + HOSTILE_TEXTS),
    st.lists(st.sampled_from([".", "/", "%", "?", "#", "'", "(", ")", "\x00", "\u202e", "a"]), max_size=8).map("".join),
)


def recorder() -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return _http.SyncClient(BASE, transport=httpx.MockTransport(handler), retry=None, deadline=None), seen


@given(key=keys, fmt=st.sampled_from(FORMATS))
@fuzz_settings(300)
@example(key="..", fmt="/{}")
@example(key=".", fmt="/{}")
@example(key="", fmt="/{}")
def test_any_key_addresses_one_item_of_its_collection(key: str, fmt: str) -> None:
    client, seen = recorder()
    collection = _http.SyncNode(client, COLLECTION)
    try:
        item = _http.SyncNode(client, collection._item_path(fmt, key))
    except ValueError:
        assert key in ("", ".", "..") or any(unicodedata.category(c) == "Cs" for c in key), repr(key)
        return
    item._send("DELETE", "", _reader("N"), {})
    (request,) = seen
    raw = request.url.raw_path.decode("ascii")
    assert "?" not in raw and "#" not in raw, raw
    prefix, written = "/beta" + COLLECTION, fmt.replace("'{}'", "{}")
    assert raw.startswith(prefix) and request.url.path.startswith(prefix), raw  # nothing climbed out
    rest = raw[len(prefix):]
    head, _, tail = written.partition("{}")
    assert rest.startswith(head) and rest.endswith(tail) and "/" not in rest[len(head) : len(rest) - len(tail)], raw
    text = unquote(rest[len(head) : len(rest) - len(tail)], errors="strict")
    assert text == (f"'{key.replace(chr(39), chr(39) * 2)}'" if "'{}'" in fmt else key), (raw, key)


values = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(HOSTILE_TEXTS + ["../..", "a,b=c", "x')", "',y='", "%2F"]),
)


@given(value=values, items=st.lists(values, max_size=3))
@fuzz_settings(200)
def test_any_argument_stays_one_argument_of_its_call(value: str, items: list[str]) -> None:
    segment = _http.call_segment([("a", "'{}'", value), ("b", "", items), ("c", "", value), ("n", "{}", 5)])
    assert "/" not in segment and "?" not in segment and "#" not in segment, segment
    quoted = "'" + value.replace("'", "''") + "'"
    assert unquote(segment) == f"(a={quoted},b={_http.dumps(items)},c={quoted},n=5)"
    try:
        bare = _http.call_segment([("a", "{}", value)])
    except ValueError:
        assert set(value) & set(",()='\"/"), repr(value)
    else:
        assert unquote(bare) == f"(a={value})" and "/" not in bare
