"""A body that is not what the method promises is a typed error, never a value.

docs-input's client is driven through httpx's MockTransport: a vehicle's ``get()``
promises a ``Vehicle`` (a JSON object), ``list()`` a page of them, ``count()``-like
readers an integer. Malformed JSON, HTML, ``null``, an array or a string where an object
is due, and JSON nested deeper than Python recurses raise ``ResponseError`` with the
status, the content type and the first bytes of the body.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.sdk.runtime._codecs import Reader as _reader

from clientkit import fleet  # noqa: F401 - a fixture

VEHICLE = b'{"id": "v1", "displayName": "Van"}'
DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a": ' * 50_000 + b"1" + b"}" * 50_000


def client_answering(fleet: Any, body: bytes, content_type: str | None = "application/json", status: int = 200) -> Any:
    headers = {"content-type": content_type} if content_type is not None else {}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers)

    return fleet.Client("https://example.test", token="t", transport=httpx.MockTransport(handler), retry=None)


WRONG_MODELS = [
    (b'{"id": "v1", ', "application/json", "expected JSON"),
    (b"<html><body>Sign in</body></html>", "text/html; charset=utf-8", "a JSON content type"),
    (b"null", "application/json", "not null"),
    (b'[{"id": "v1"}]', "application/json", "not an array"),
    (b'"v1"', "application/json", "not a string"),
    (b"42", "application/json;odata.metadata=minimal", "not a number"),
    (DEEP_ARRAY, "application/json", "nested less deeply"),
    (DEEP_OBJECT, "application/json", "nested less deeply"),
    (b"\xff\xfe{}", None, "expected JSON"),
]


@pytest.mark.parametrize(("body", "content_type", "says"), WRONG_MODELS, ids=lambda v: repr(v)[:24] if isinstance(v, bytes) else None)
def test_a_model_method_refuses_what_is_not_a_json_object(fleet: Any, body: bytes, content_type: str | None, says: str) -> None:
    client = client_answering(fleet, body, content_type)
    with pytest.raises(fleet.ResponseError) as raised:
        client.fleet.vehicles["v1"].get()
    error = raised.value
    assert isinstance(error, fleet.SdkError) and not isinstance(error, RecursionError)
    assert error.status == error.status_code == 200 and error.content_type == (content_type or "")
    assert error.body_head == body[:200].decode("utf-8", "replace") and says in str(error), str(error)
    assert len(str(error)) < 600


@pytest.mark.parametrize("body", [b'{"value": "x"}', b'{"value": [1, 2]}', b'{"value": [null]}', b"null", b'"page"', DEEP_ARRAY])
def test_a_page_refuses_what_is_not_a_collection_of_objects(fleet: Any, body: bytes) -> None:
    with pytest.raises(fleet.ResponseError):
        client_answering(fleet, body).fleet.vehicles.list()


def test_what_fits_is_still_read(fleet: Any) -> None:
    assert client_answering(fleet, VEHICLE).fleet.vehicles["v1"].get().display_name == "Van"
    assert client_answering(fleet, VEHICLE, content_type=None).fleet.vehicles["v1"].get().id == "v1"  # no type: JSON is tried
    assert client_answering(fleet, b'{"value": {"id": "v1"}}').fleet.vehicles["v1"].get().id == "v1"  # an action's wrapping
    page = client_answering(fleet, b'[{"id": "v1"}]').fleet.vehicles.list()  # a bare array, as pages sometimes show
    assert [v.id for v in page.value] == ["v1"]
    assert client_answering(fleet, b"", status=204).fleet.vehicles["v1"].update({"displayName": "x"}) is None


def test_error_bodies_that_nest_too_deeply_are_still_typed_errors(fleet: Any) -> None:
    for body in (DEEP_ARRAY, DEEP_OBJECT, b"<html>oops</html>"):
        with pytest.raises(fleet.ServerError) as raised:
            client_answering(fleet, body, status=500).fleet.vehicles["v1"].get()
        assert raised.value.error is None and raised.value.status_code == 500


def test_an_integer_body_that_is_not_an_integer(fleet: Any) -> None:
    client = client_answering(fleet, b"forty-two", "text/plain")
    with pytest.raises(fleet.ResponseError, match="an integer"):
        client._send("GET", "/fleet/vehicles/$count", _reader("I"), {})  # count()'s reader
    assert issubclass(fleet.ResponseTooLargeError, fleet.ResponseError)
    assert issubclass(fleet.DeadlineExceededError, fleet.TransportError) and issubclass(fleet.ApiError, fleet.SdkError)
