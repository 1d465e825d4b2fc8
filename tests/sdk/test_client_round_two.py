"""The client's second round of hardening: what a server (or a caller's input) does ends in a value or an ``SdkError``.

docs-input's client (``fleet``) and the runtime's own client (``generator.sdk.runtime``)
are driven through httpx's MockTransport, or a raw TCP server where h11 must see the request:

- an empty success where a value is due is a ``ResponseError``, unless the reader spec
  starts with ``?`` (an empty body reads as None); ``A`` reads an untyped answer as JSON or bytes;
- a next link that names a page already read raises ``PagingError`` instead of looping;
- a query option holding ``://`` stays in the query: only a next link is an absolute URL;
- ``Authorization``, ``Cookie`` and ``Proxy-Authorization`` given by ``headers=`` do not
  follow a redirect to another origin;
- a Content-Encoding the client does not decode itself (br, zstd...) is refused, never
  handed to httpx's unbounded decoders, and 3,000 of them are a ``ResponseError``;
- a ``Retry-After`` of ``²``, of 20 digits or an impossible date waits the backoff or the cap;
- a token with a newline raises ``InvalidHeaderError`` without ever showing its text.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import threading
import time
import traceback
import typing
import zlib
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from clientkit import Handler, RawServer, fleet, raw_server  # noqa: F401 - fixtures

from generator.sdk.runtime import _answers, _http, errors
from generator.sdk.runtime import types as runtime_types

BASE = "https://example.test/beta"
VEHICLE = b'{"id": "v1", "displayName": "Van"}'
JSON = {"content-type": "application/json"}
Reply = Callable[[httpx.Request], httpx.Response]
Start = Callable[[Handler], RawServer]


def mock(fleet: Any, reply: Reply, **options: Any) -> tuple[Any, list[httpx.Request]]:
    """docs-input's client answering through ``reply``, and the requests it sent."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply(request)

    options.setdefault("retry", None)
    return fleet.Client(BASE, token="t0k", transport=httpx.MockTransport(handler), **options), seen


def answering(status: int = 200, content: bytes = b"", headers: Any = None) -> Reply:
    """Always the same answer, streamed: ``content=`` would have httpx read (and decode) it at once."""
    return lambda request: httpx.Response(status, stream=httpx.ByteStream(content), headers=headers if headers is not None else JSON)


def untyped(fleet: Any, spec: str, **options: Any) -> Any:
    """A GET of ``/fleet`` read by ``spec``, as a generated method sends it."""
    client, _ = mock(fleet, options.pop("reply"))
    send = fleet._http.with_response(client._send) if options.pop("with_response", False) else client._send
    return send("GET", "/fleet", fleet._codecs.Reader(spec), options)


# -- 1. an empty body where a value is due ------------------------------------------------------
@pytest.mark.parametrize("status", [200, 204])
@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("M:vehicle:Vehicle", "a JSON body (a Vehicle), not an empty body"),
        ("P:M:vehicle:Vehicle", "a JSON body (a collection of Vehicle), not an empty body"),
        ("V:int", "a JSON body (a value of type int), not an empty body"),
        ("V:[str", "a JSON body (a list of str), not an empty body"),
        ("I", "an integer, not an empty body"),
    ],
)
def test_an_empty_success_where_a_value_is_due_is_a_response_error(fleet: Any, spec: str, says: str, status: int) -> None:
    with pytest.raises(fleet.errors.ResponseError) as raised:
        untyped(fleet, spec, reply=answering(status))
    assert says in str(raised.value) and raised.value.status_code == status, str(raised.value)


def test_a_method_that_promises_a_model_refuses_a_204(fleet: Any) -> None:
    client, _ = mock(fleet, answering(204))
    with pytest.raises(fleet.errors.ResponseError, match=r"a JSON body \(a Vehicle\), not an empty body"):
        client.fleet.vehicles["v1"].get()  # ``-> Vehicle``: None would be a lie


@pytest.mark.parametrize("spec", ["?M:vehicle:Vehicle", "?P:M:vehicle:Vehicle", "?V:int", "?V:[str", "?I", "?B", "?A"])
@pytest.mark.parametrize("status", [200, 202, 204])
def test_a_question_mark_reads_an_empty_body_as_none(fleet: Any, spec: str, status: int) -> None:
    assert untyped(fleet, spec, reply=answering(status)) is None
    response = untyped(fleet, spec, reply=answering(status), with_response=True)
    assert response.status_code == status and response.value is None


def test_a_question_mark_still_reads_a_body(fleet: Any) -> None:
    assert untyped(fleet, "?M:vehicle:Vehicle", reply=answering(content=VEHICLE)).display_name == "Van"
    assert untyped(fleet, "?V:int", reply=answering(content=b'{"value": 7}')) == 7
    link = BASE + "/fleet?$skiptoken=2"
    pages = {
        "/beta/fleet": b'{"value": [{"id": "v1"}], "@odata.nextLink": "%s"}' % link.encode(),
        "/beta/fleet?$skiptoken=2": b'{"value": [{"id": "v2"}]}',
    }
    reply: Reply = lambda request: httpx.Response(200, content=pages[request.url.raw_path.decode()], headers=JSON)
    page = untyped(fleet, "?P:M:vehicle:Vehicle", reply=reply)
    assert isinstance(page, fleet.types.Page) and [v.id for v in page.iter_all()] == ["v1", "v2"]  # the next page: "?" kept
    answers = fleet._answers  # the spec's "?" is the answer's business: the data's reader is the same
    assert answers.reader("?P:M:vehicle:Vehicle") is answers.reader("P:M:vehicle:Vehicle")
    with pytest.raises(fleet.errors.ResponseError, match="not null"):
        untyped(fleet, "?M:vehicle:Vehicle", reply=answering(content=b"null"))  # a body of null is not an empty body


# -- 2. an answer whose type the docs do not name ------------------------------------------------
UNTYPED = [
    (b'{"n": 1.50, "big": 12345678901234567890123, "ok": true}', "application/json", "json"),
    (b'{"a": [1, 2]}', "application/problem+json; charset=utf-8", "json"),
    (b'[1, "a", null]', None, "json"),  # no content type: JSON when it parses
    (b"42", None, "json"),
    (b"plain words", None, "bytes"),
    (b'{"a": 1}', "text/plain", "bytes"),  # says it is text: the bytes as sent
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "bytes"),
    (b"", "application/json", "none"),
]


@pytest.mark.parametrize(("body", "content_type", "reads_as"), UNTYPED, ids=lambda v: repr(v)[:20] if isinstance(v, bytes) else None)
def test_an_untyped_answer_is_json_or_bytes(fleet: Any, body: bytes, content_type: str | None, reads_as: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    value = untyped(fleet, "A", reply=answering(content=body, headers=headers))
    if reads_as == "json":
        assert not isinstance(value, bytes) and fleet._runtime.dumps(value) == body.decode()  # lossless: 1.50 stays 1.50
    elif reads_as == "bytes":
        assert value == body and isinstance(value, bytes)
    else:
        assert value is None
    assert untyped(fleet, "A", reply=answering(204, headers={})) is None


def test_an_untyped_answer_that_says_json_and_is_not_is_a_response_error(fleet: Any) -> None:
    with pytest.raises(fleet.errors.ResponseError, match="expected JSON"):
        untyped(fleet, "A", reply=answering(content=b'{"a": '))
    with pytest.raises(fleet.errors.ResponseError, match="nested less deeply"):
        untyped(fleet, "A", reply=answering(content=b"[" * 100_000 + b"]" * 100_000))


def test_json_value_is_a_public_recursive_alias(fleet: Any) -> None:
    for module in (runtime_types, fleet.types):
        members = typing.get_args(module.JsonValue)
        assert "JsonValue" in module.__all__ and len(members) == 7, members
        assert {type(None), bool, int, float, str} <= set(members) and {typing.get_origin(m) for m in members[5:]} == {list, dict}


# -- 3. a next link that names a page already read ------------------------------------------------
def pages_linking(links: dict[str, str | None]) -> Reply:
    """Pages by URL (``https://example.test/beta/...``), each naming the next; 500 after 20 requests: no hang."""
    count = [0]

    def reply(request: httpx.Request) -> httpx.Response:
        count[0] += 1
        if count[0] > 20:
            return httpx.Response(500, content=b"looped", headers={})
        url = str(request.url)
        body: dict[str, Any] = {"value": [{"id": url.rpartition("=")[2] if "=" in url else "first"}]}
        if links[url] is not None:
            body["@odata.nextLink"] = links[url]
        return httpx.Response(200, json=body)

    return reply


FIRST = BASE + "/fleet/vehicles"
SECOND = BASE + "/fleet/vehicles?$skiptoken=2"


@pytest.mark.parametrize(
    ("links", "repeated"),
    [({FIRST: SECOND, SECOND: SECOND}, SECOND), ({FIRST: SECOND, SECOND: FIRST}, FIRST), ({FIRST: FIRST}, FIRST)],
    ids=["itself", "the first page", "the first page itself"],
)
def test_iter_all_stops_at_a_next_link_it_has_read(fleet: Any, links: dict[str, str | None], repeated: str) -> None:
    client, seen = mock(fleet, pages_linking(links))
    page = client.fleet.vehicles.list()
    read: list[str] = []
    with pytest.raises(fleet.errors.PagingError) as raised:
        for vehicle in page.iter_all():
            read.append(vehicle.id)
    assert isinstance(raised.value, fleet.errors.SdkError) and raised.value.link == repeated and repeated in str(raised.value)
    assert read == ["first", "2"][: len(links)] and len(seen) == len(links)  # every page once, none twice


def test_next_page_refuses_a_link_to_the_page_itself(fleet: Any) -> None:
    client, seen = mock(fleet, pages_linking({FIRST: FIRST}))
    page = client.fleet.vehicles.list()
    assert page.url == FIRST
    with pytest.raises(fleet.errors.PagingError):
        page.next_page()
    assert len(seen) == 1
    normal, _ = mock(fleet, pages_linking({FIRST: SECOND, SECOND: None}))
    assert [v.id for v in normal.fleet.vehicles.list().iter_all()] == ["first", "2"]


def test_the_async_iter_all_stops_too(fleet: Any) -> None:
    read: list[str] = []

    async def run() -> None:
        handler = pages_linking({FIRST: SECOND, SECOND: SECOND})
        async with fleet.AsyncClient(BASE, token="t", transport=httpx.MockTransport(handler), retry=None) as client:
            page = await client.fleet.vehicles.list()
            second = await page.next_page()
            with pytest.raises(fleet.errors.PagingError):
                await second.next_page()  # its next link is its own URL
            async for vehicle in page.iter_all():
                read.append(vehicle.id)

    with pytest.raises(fleet.errors.PagingError):
        asyncio.run(run())
    assert read == ["first", "2"]


# -- 4. "://" in a query option ------------------------------------------------------------------
def test_a_filter_holding_a_scheme_stays_in_the_query(fleet: Any) -> None:
    client, seen = mock(fleet, answering(content=b'{"value": []}'))
    condition = "identifierUris/any(x:x eq 'api://app')"
    assert client.fleet.vehicles.list(filter=condition, query={"next": "https://x.test/"}).value == []
    (request,) = seen
    assert (request.url.scheme, request.url.host, request.url.path) == ("https", "example.test", "/beta/fleet/vehicles")
    assert parse_qs(request.url.query.decode()) == {"$filter": [condition], "next": ["https://x.test/"]}
    assert b"%20eq%20" in request.url.raw_path  # percent-encoded, in the query


# -- 5. credentials given by headers= stay at the base URL's origin ----------------------------------
def redirecting(request: httpx.Request) -> httpx.Response:
    if request.url.host == "example.test":
        return httpx.Response(302, headers={"Location": "https://files.other.test/v1.json"})
    return httpx.Response(200, content=VEHICLE, headers=JSON)


CALLER = {"authorization": "Bearer caller", "Cookie": "session=1", "X-Trace": "1"}


def test_caller_credentials_do_not_follow_a_redirect_to_another_origin(fleet: Any) -> None:
    client, seen = mock(fleet, redirecting, headers={"Proxy-Authorization": "Basic cHJveHk=", "X-Client": "c"})
    assert client.fleet.vehicles["v1"].get(headers=CALLER).id == "v1"
    here, there = seen
    assert here.headers.get_list("authorization") == ["Bearer caller"]  # the caller's, once: not the token's too
    assert here.headers["cookie"] == "session=1" and here.headers["proxy-authorization"] == "Basic cHJveHk="
    assert there.url.host == "files.other.test"
    for name in ("authorization", "cookie", "proxy-authorization"):
        assert name not in there.headers, name
    assert there.headers["x-trace"] == "1" and there.headers["x-client"] == "c"  # the rest follow


def test_the_async_client_leaves_them_out_too(fleet: Any) -> None:
    seen: list[httpx.Request] = []

    async def run() -> Any:
        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return redirecting(request)

        async with fleet.AsyncClient(BASE, transport=httpx.MockTransport(handler), headers={"Cookie": "a=1"}, retry=None) as client:
            return await client.fleet.vehicles["v1"].get(headers={"Authorization": "Bearer caller"})

    assert asyncio.run(run()).id == "v1"
    assert seen[0].headers["authorization"] == "Bearer caller" and seen[0].headers["cookie"] == "a=1"
    assert "authorization" not in seen[1].headers and "cookie" not in seen[1].headers


# -- 6. Content-Encodings the client does not decode itself -------------------------------------------
class Unbounded:
    """A stand-in for httpx's brotli/zstd decoders (whole pieces decoded at once): it must never be used."""

    made: list[str] = []

    def __init__(self) -> None:
        Unbounded.made.append("decoder")

    def decode(self, data: bytes) -> bytes:
        return data * 1000

    def flush(self) -> bytes:
        return b""


@pytest.fixture
def unbounded_decoders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    Unbounded.made = []
    for name in ("br", "zstd", "compress", "x-unknown"):
        monkeypatch.setitem(httpx._decoders.SUPPORTED_DECODERS, name, Unbounded)  # as if brotli, zstandard... were installed
    yield Unbounded.made


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "x-unknown", "gzip, br", "BR"])
def test_a_content_encoding_the_client_does_not_decode_is_refused(fleet: Any, unbounded_decoders: list[str], coding: str) -> None:
    body = b"\x1b\x2f\x00\xf8\xa5\x90\x00\x00" * 100  # what a brotli bomb might begin with: it is never decoded
    client, seen = mock(fleet, answering(content=body, headers={**JSON, "Content-Encoding": coding}))
    with pytest.raises(fleet.errors.ResponseError) as raised:
        client.fleet.vehicles["v1"].get()
    message = str(raised.value)
    assert "does not decode" in message and coding.rpartition(" ")[2].lower() in message, message
    assert unbounded_decoders == [] and seen[0].headers["accept-encoding"] == "gzip, deflate"


def test_an_error_answer_in_such_a_coding_keeps_its_status(fleet: Any, unbounded_decoders: list[str]) -> None:
    client, _ = mock(fleet, answering(503, b"\x1b\x2f\x00", {"Content-Encoding": "br"}))
    with pytest.raises(fleet.errors.ServerError) as raised:
        client.fleet.vehicles["v1"].get()
    assert raised.value.status_code == 503 and raised.value.content == b"" and unbounded_decoders == []


def test_the_async_client_refuses_it_too(fleet: Any, unbounded_decoders: list[str]) -> None:
    async def run() -> Any:
        transport = httpx.MockTransport(answering(content=b"\x1b\x2f\x00" * 10, headers={**JSON, "Content-Encoding": "zstd"}))
        async with fleet.AsyncClient(BASE, transport=transport, retry=None) as client:
            return await client.fleet.vehicles["v1"].get()

    with pytest.raises(fleet.errors.ResponseError, match="does not decode 'zstd'"):
        asyncio.run(run())
    assert unbounded_decoders == []


@functools.cache
def gzipped(layers: int) -> bytes:
    """VEHICLE in ``layers`` gzip streams, one inside the other (stored blocks: quick to make)."""
    data = VEHICLE
    for _ in range(layers):
        stream = zlib.compressobj(0, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        data = stream.compress(data) + stream.flush()
    return data


def nested(layers: int) -> Reply:
    return answering(content=gzipped(layers), headers={**JSON, "Content-Encoding": ", ".join(["gzip"] * layers)})


def test_three_thousand_content_encodings_are_a_response_error(fleet: Any) -> None:
    client, _ = mock(fleet, nested(3000))
    with pytest.raises(fleet.errors.SdkError) as raised:
        client.fleet.vehicles["v1"].get()
    assert isinstance(raised.value, fleet.errors.ResponseError) and "at most 8 Content-Encodings, not 3000" in str(raised.value)
    assert mock(fleet, nested(8))[0].fleet.vehicles["v1"].get().id == "v1"  # eight are decoded, without recursion
    with pytest.raises(fleet.errors.ResponseError, match="at most 8"):
        mock(fleet, nested(9))[0].fleet.vehicles["v1"].get()


def test_decoding_is_iterative() -> None:
    """However long a chain ``_decoded`` is given, it holds a stack, not Python frames."""
    chain = [_answers._Inflate(True) for _ in range(3000)]
    assert b"".join(_answers._decoded(chain, gzipped(3000))) == VEHICLE


# -- 7. Retry-After ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "wait"),
    [
        ("²", 0.5),  # "²".isdigit() is True; float("²") raises
        ("¹²", 0.5),
        ("٣", 0.5),  # an Arabic-Indic three: a digit to Python, not to HTTP
        ("-5", 0.5),
        ("nan", 0.5),
        ("1.5", 0.5),
        ("99999999999999999999", 30.0),  # capped
        ("9" * 5000, 30.0),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),  # a date in the past: now
        ("Sun, 06 Nov 1994 08:49:37 +9999", 0.5),  # an offset of 99 hours: datetime refuses it
        ("Sun, 06 Nov 99999 08:49:37 GMT", 0.5),  # the year 99999: datetime refuses it
        ("Mon, 01 Jan 0001 00:00:00 GMT", 0.0),  # read as 2001: in the past
        ("0", 0.0),
        (" 7 ", 7.0),
    ],
)
def test_a_retry_after_that_is_not_readable_waits_the_backoff(header: str, wait: float) -> None:
    assert _http.Retry(max_delay=30.0, backoff=0.5).delay(0, header) == wait


def test_a_retry_after_date_ahead_is_waited() -> None:
    from email.utils import formatdate

    ahead = _http.Retry(max_delay=30.0).delay(0, formatdate(time.time() + 10, usegmt=True))
    assert 8.0 <= ahead <= 10.0, ahead


def test_a_superscript_retry_after_is_retried_not_raised(fleet: Any) -> None:
    superscript = httpx.Response(429, headers=[(b"Retry-After", "²".encode())])
    answers = iter([superscript, httpx.Response(200, content=VEHICLE, headers=JSON)])
    client, seen = mock(fleet, lambda request: next(answers), retry=fleet.Retry(attempts=1, backoff=0.0))
    assert client.fleet.vehicles["v1"].get().id == "v1" and len(seen) == 2


# -- 8. nothing a server sends escapes as another error -------------------------------------------------
ODD_ANSWERS: dict[str, tuple[Reply, type[errors.SdkError] | None]] = {
    "Content-Length: ²": (answering(content=VEHICLE, headers=[(b"Content-Length", "²".encode())]), None),
    "5,000 digits of Content-Length": (
        answering(content=VEHICLE, headers={"Content-Length": "9" * 5000}), errors.ResponseTooLargeError,  # int() would raise
    ),
    "a Location that is no URL": (answering(302, headers={"Location": "http://[oops/x"}), errors.ResponseError),
    "a next link that is no URL": (answering(content=b'{"value": [], "@odata.nextLink": "http://[oops/x"}'), None),  # httpx encodes it
    "a gzip body that is not gzip": (answering(content=b"nope", headers={"Content-Encoding": "gzip"}), errors.ResponseError),
}


@pytest.mark.parametrize("case", list(ODD_ANSWERS))
def test_nothing_a_server_sends_escapes_as_another_error(fleet: Any, case: str) -> None:
    answer, expected = ODD_ANSWERS[case]
    elsewhere = answering(content=VEHICLE)
    client, _ = mock(fleet, lambda request: answer(request) if request.url.host == "example.test" else elsewhere(request))

    def call() -> Any:
        if "next link" in case:
            return list(client.fleet.vehicles.list().iter_all())
        return client.fleet.vehicles["v1"].get()

    if expected is not None:
        with pytest.raises(fleet.errors.SdkError) as raised:
            call()
        assert type(raised.value).__name__ == expected.__name__, repr(raised.value)
    elif "next link" in case:
        assert call() == []  # the other host's answer: an object without a value array, an empty page
    else:
        assert call().id == "v1"


# -- 9. a token is never shown ---------------------------------------------------------------------------
SECRET = "s3cr3t-t0ken"
BAD_TOKENS = [SECRET + "\n", SECRET + "\r\nX-Evil: 1", " " + SECRET, SECRET + " ", "s3cr3t-tøken", "s3cr3t\x00t0ken", SECRET + "\x7f"]


def served_vehicle(connection: socket.socket, stop: threading.Event) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(VEHICLE)
    connection.sendall(head + VEHICLE)


def shown(error: BaseException) -> str:
    """Everything an error shows: its message, its repr, its traceback and those of its causes."""
    return "".join(traceback.format_exception(error)) + repr(error) + repr(error.__cause__) + repr(error.__context__)


@pytest.mark.parametrize("provided", [False, True], ids=["str", "provider"])
@pytest.mark.parametrize("token", BAD_TOKENS, ids=repr)
def test_a_token_no_header_can_carry_is_refused_and_never_shown(fleet: Any, raw_server: Start, token: str, provided: bool) -> None:
    server = raw_server(served_vehicle)
    client = fleet.Client(server.url, token=(lambda: token) if provided else token, retry=None, timeout=5.0)
    with pytest.raises(fleet.errors.SdkError) as raised:
        client.fleet.vehicles["v1"].get()
    error = raised.value
    assert isinstance(error, fleet.errors.InvalidHeaderError) and isinstance(error, ValueError), repr(error)
    assert "token" in str(error) and "trailing newline" in str(error)
    assert "s3cr3t" not in shown(error) and "t0ken" not in shown(error) and "tøken" not in shown(error)
    assert server.requests == []  # refused before anything was sent
    client.close()
    good = fleet.Client(server.url, token=SECRET, retry=None, timeout=5.0)
    assert good.fleet.vehicles["v1"].get().id == "v1" and b"Bearer " + SECRET.encode() in server.requests[0]
    good.close()


def test_the_async_client_never_shows_a_token_either(fleet: Any, raw_server: Start) -> None:
    server = raw_server(served_vehicle)

    async def token() -> str:
        return SECRET + "\n"

    async def run() -> Any:
        async with fleet.AsyncClient(server.url, token=token, retry=None, timeout=5.0) as client:
            return await client.fleet.vehicles["v1"].get()

    with pytest.raises(fleet.errors.InvalidHeaderError) as raised:
        asyncio.run(run())
    assert SECRET not in shown(raised.value) and server.requests == []


def test_a_header_value_no_header_can_carry_is_named_not_shown(fleet: Any, raw_server: Start) -> None:
    server = raw_server(served_vehicle)
    client = fleet.Client(server.url, token=SECRET, retry=None, timeout=5.0)
    for headers in ({"X-Api-Key": "k3y-" + SECRET + "\n"}, {"Authorization": "Bearer " + SECRET + "\r\n"}):
        with pytest.raises(fleet.errors.InvalidHeaderError) as raised:
            client.fleet.vehicles["v1"].get(headers=headers)
        assert next(iter(headers)) in str(raised.value) and SECRET not in shown(raised.value)
    with pytest.raises(fleet.errors.InvalidHeaderError, match="is not a header name"):
        client.fleet.vehicles["v1"].get(headers={"X Bad": "1"})
    with pytest.raises(fleet.errors.InvalidHeaderError):
        fleet.Client(server.url, headers={"X-Api-Key": SECRET + "\n"})  # the client's own headers: at once
    assert server.requests == []
    client.close()
