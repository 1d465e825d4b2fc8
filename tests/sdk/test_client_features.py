"""What the best SDKs give their users, in the generated client's runtime.

docs-input's client (``fleet``) and the runtime itself (``generator.sdk.runtime``) are
driven through httpx's MockTransport, or a raw TCP server where a real connection must
break; nothing goes to the network:

- retries: full jitter (seedable), ``Retry-After`` honoured and capped, statuses by method
  (a POST only after 429 or 503), connections that failed for idempotent methods only;
- credentials: a str, a function, a credential (``get_token(*scopes)``, azure-identity's
  shape, sync and ``aio``), cached until shortly before it expires, one fresh token and one
  more try after a 401; never in a message or a log line;
- one log line per request (no secrets), the ``User-Agent``, a ``client-request-id`` per
  call that errors carry; ``with_options`` copies sharing the pool; ``http_client=``;
- pages: ``count``, ``delta_link``, ``iter_pages``, ``follow_delta``, ``page_at``;
- downloads streamed in chunks within ``max_response_bytes``; upload sessions in chunks.
"""

from __future__ import annotations

import asyncio
import collections
import gzip
import io
import logging
import random
import re
import socket
import threading
import time
import uuid
import warnings
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator

import httpx
import pytest

from generator.sdk.runtime._codecs import Reader as _reader

from clientkit import Handler, RawServer, fleet, raw_server  # noqa: F401 - fixtures

from generator.sdk.render import runtime_module
from generator.sdk.runtime import _http, _retry, _telemetry, errors

BASE = "https://example.test/beta"
VEHICLE = {"id": "v1", "displayName": "Van"}
JSON = {"content-type": "application/json"}
PKG = "hd_fleet_sdk"
Reply = Callable[[httpx.Request], httpx.Response]
Start = Callable[[Handler], RawServer]
AccessToken = collections.namedtuple("AccessToken", ["token", "expires_on"])  # azure-core's shape


def mock(fleet: Any, reply: Reply, **options: Any) -> tuple[Any, list[httpx.Request]]:
    """docs-input's client answering through ``reply``, and the requests it sent."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply(request)

    options.setdefault("retry", None)
    options.setdefault("token", "t0k")
    return fleet.Client(BASE, transport=httpx.MockTransport(handler), **options), seen


def amock(fleet: Any, reply: Reply, **options: Any) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply(request)

    options.setdefault("retry", None)
    return fleet.AsyncClient(BASE, transport=httpx.MockTransport(handler), **options), seen


def answers(*replies: httpx.Response | Exception) -> Reply:
    """Each request gets the next answer (an exception is raised, as a broken connection)."""
    queue = list(replies)

    def reply(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return reply


def ok(body: Any = VEHICLE, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


def retried(**options: Any) -> _retry.Retry:
    return _retry.Retry(**{"attempts": 2, "backoff": 0.0, **options})


# -- 1. retries ------------------------------------------------------------------------------------
def test_the_backoff_is_full_jitter_capped_by_max_delay() -> None:
    half = _retry.Retry(backoff=0.5, max_delay=3.0, jitter=lambda: 0.5)
    assert [half.wait(attempt, None) for attempt in range(5)] == [0.25, 0.5, 1.0, 1.5, 1.5]  # 0.5, 1, 2, 3 (capped), 3
    assert half.delay(2, None) == 2.0  # the ceiling, as before
    seeded = [_retry.Retry(jitter=random.Random(7).random) for _ in range(2)]
    assert [seeded[0].wait(1, None) for _ in range(5)] == [seeded[1].wait(1, None) for _ in range(5)]  # repeatable
    waits = {_retry.Retry(backoff=1.0).wait(2, None) for _ in range(200)}  # the default: random.random
    assert len(waits) > 100 and all(0.0 <= wait <= 4.0 for wait in waits)


def test_a_retry_after_is_waited_as_told_and_capped() -> None:
    never = _retry.Retry(max_delay=30.0, jitter=lambda: 0.0)
    assert never.wait(0, "2") == 2.0 and never.wait(0, "120") == 30.0  # no jitter on what the service asked for
    assert never.wait(0, "soon") == 0.0  # unreadable: the backoff, jittered


def test_the_client_waits_what_the_retry_says(fleet: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(fleet._clients.time, "sleep", waits.append)
    told, capped = httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(429, headers={"Retry-After": "99"})
    reply = answers(told, httpx.Response(503), capped, ok())
    client, seen = mock(fleet, reply, retry=fleet.Retry(attempts=3, backoff=0.5, max_delay=20.0, jitter=lambda: 0.5))
    assert client.fleet.vehicles["v1"].get().id == "v1" and len(seen) == 4
    assert waits == [7.0, 0.5, 20.0]  # Retry-After; half of 0.5 * 2; Retry-After capped


STATUS_RULES = [
    ("GET", 504, True), ("HEAD", 503, True), ("PUT", 504, True), ("DELETE", 429, True), ("OPTIONS", 503, True),
    ("POST", 429, True), ("POST", 503, True), ("PATCH", 503, True),  # refused before acting
    ("POST", 504, False), ("PATCH", 504, False),  # the gateway gave up: the service may have acted
    ("GET", 500, False), ("POST", 500, False),  # not in Retry.statuses
]  # fmt: skip


@pytest.mark.parametrize(("method", "status", "again"), STATUS_RULES)
def test_which_answers_are_retried_depends_on_the_method(fleet: Any, method: str, status: int, again: bool) -> None:
    client, seen = mock(fleet, answers(httpx.Response(status), ok()), retry=retried())
    assert client.retry.retries_status(method, status) is again
    if again:
        client._send(method, "/fleet/vehicles", _reader("?A"), {})
    else:
        with pytest.raises(fleet.ApiError) as raised:
            client._send(method, "/fleet/vehicles", _reader("?A"), {})
        assert raised.value.status_code == status
    assert len(seen) == (2 if again else 1)


BROKEN = [
    httpx.ConnectError("refused"), httpx.ConnectTimeout("slow to connect"),
    httpx.ReadError("reset by peer"), httpx.RemoteProtocolError("closed without an answer"),
]  # fmt: skip


@pytest.mark.parametrize("failure", BROKEN, ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST", "PATCH"])
def test_a_connection_that_failed_is_retried_for_idempotent_methods_only(fleet: Any, method: str, failure: Exception) -> None:
    client, seen = mock(fleet, answers(failure, ok()), retry=retried())
    never_sent = isinstance(failure, (httpx.ConnectError, httpx.ConnectTimeout))
    if method in ("POST", "PATCH") and not never_sent:  # a broken connection may have carried it: never sent twice
        with pytest.raises(fleet.TransportError) as raised:
            client._send(method, "/fleet/vehicles", _reader("?A"), {})
        assert isinstance(raised.value.__cause__, type(failure)) and len(seen) == 1
    else:
        assert client._send(method, "/fleet/vehicles", _reader("?A"), {}) == VEHICLE and len(seen) == 2


def test_a_read_that_timed_out_is_not_retried(fleet: Any) -> None:
    client, seen = mock(fleet, answers(httpx.ReadTimeout("slow"), ok()), retry=retried())
    with pytest.raises(fleet.TransportError):
        client.fleet.vehicles["v1"].get()
    assert len(seen) == 1


def test_a_connection_the_server_drops_is_retried_over_the_network(fleet: Any, raw_server: Start) -> None:
    body = b'{"id": "v1"}'

    def flaky(connection: socket.socket, stop: threading.Event) -> None:
        if len(server.requests) % 2:  # every other connection closes without an answer
            return
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
        connection.sendall(head + body)

    server = raw_server(flaky)
    with fleet.Client(server.url, token="t", retry=retried(), timeout=5.0) as client:
        assert client.fleet.vehicles["v1"].get().id == "v1" and len(server.requests) == 2
        with pytest.raises(fleet.TransportError) as raised:  # a POST is never sent twice
            client._send("POST", "/fleet/vehicles", _reader("?A"), {}, b"{}")
        assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError) and len(server.requests) == 3


def test_the_async_client_retries_by_the_same_rules(fleet: Any) -> None:
    async def run() -> tuple[Any, int, int]:
        client, seen = amock(fleet, answers(httpx.ConnectError("refused"), ok(), httpx.Response(504)), retry=retried())
        async with client:
            vehicle = await client.fleet.vehicles["v1"].get()
            with pytest.raises(fleet.ServerError):
                await client._send("POST", "/fleet/vehicles", _reader("?A"), {}, b"{}")
        return vehicle, len(seen), client.retry.attempts

    vehicle, sent, _ = asyncio.run(run())
    assert vehicle.id == "v1" and sent == 3  # the GET twice, the POST once


# -- 2. credentials ----------------------------------------------------------------------------------
class Credential:
    """azure-identity's TokenCredential: ``get_token(*scopes)`` -> ``.token``, ``.expires_on``."""

    def __init__(self, *tokens: str, lifetime: float = 3600.0) -> None:
        self.tokens = list(tokens)
        self.lifetime = lifetime
        self.asked: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.asked.append(scopes)
        return AccessToken(self.tokens[min(len(self.asked), len(self.tokens)) - 1], int(time.time() + self.lifetime))


class AsyncCredential(Credential):
    """azure.identity.aio's: ``get_token`` is a coroutine."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        await asyncio.sleep(0)
        return Credential.get_token(self, *scopes)


def bearer(request: httpx.Request) -> str:
    return str(request.headers.get("authorization", ""))


def test_a_credential_is_asked_for_the_default_scope_and_its_token_is_cached(fleet: Any) -> None:
    credential = Credential("c1")
    client, seen = mock(fleet, lambda request: ok(), token=credential)
    for _ in range(3):
        client.fleet.vehicles["v1"].get()
    assert credential.asked == [("https://example.test/.default",)] and client.scopes == ("https://example.test/.default",)
    assert [bearer(request) for request in seen] == ["Bearer c1"] * 3
    graph = fleet.Client("https://graph.microsoft.com/v1.0", token=credential)
    assert graph.scopes == ("https://graph.microsoft.com/.default",)
    custom, _ = mock(fleet, lambda request: ok(), token=Credential("c"), scopes=["api://app/.default"])
    custom.fleet.vehicles["v1"].get()
    assert custom.scopes == ("api://app/.default",) and custom._tokens._credential.asked == [("api://app/.default",)]


def test_a_token_about_to_expire_is_asked_for_again(fleet: Any) -> None:
    credential = Credential("c1", "c2", lifetime=60.0)  # within the refresh margin (300 s)
    client, seen = mock(fleet, lambda request: ok(), token=credential)
    client.fleet.vehicles["v1"].get()
    client.fleet.vehicles["v1"].get()
    assert len(credential.asked) == 2 and [bearer(request) for request in seen] == ["Bearer c1", "Bearer c2"]


def refusing(stale: str) -> Reply:
    expired = {"error": {"code": "InvalidAuthenticationToken"}}
    return lambda request: httpx.Response(401, json=expired) if bearer(request) == stale else ok()


@pytest.mark.parametrize("kind", ["credential", "function"])
def test_a_401_gets_one_fresh_token_and_one_more_try(fleet: Any, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    credential = Credential("s3cr3t-old", "s3cr3t-new")
    token = credential if kind == "credential" else (lambda: credential.get_token().token)
    client, seen = mock(fleet, refusing("Bearer s3cr3t-old"), token=token)
    with caplog.at_level(logging.DEBUG, logger=PKG):
        assert client.fleet.vehicles["v1"].get().id == "v1"
    assert [bearer(request) for request in seen] == ["Bearer s3cr3t-old", "Bearer s3cr3t-new"]
    assert "fresh token" in caplog.text and "s3cr3t" not in caplog.text
    always, seen = mock(fleet, lambda request: httpx.Response(401), token=Credential("a", "b", "c"))
    with pytest.raises(fleet.AuthError) as raised:
        always.fleet.vehicles["v1"].get()
    assert len(seen) == 2 and raised.value.status_code == 401  # once, not again and again


def test_a_str_token_cannot_be_refreshed_so_a_401_stands(fleet: Any) -> None:
    client, seen = mock(fleet, lambda request: httpx.Response(401), token="s3cr3t")
    with pytest.raises(fleet.AuthError) as raised:
        client.fleet.vehicles["v1"].get()
    assert len(seen) == 1 and "s3cr3t" not in str(raised.value)


def test_a_401_from_another_origin_keeps_the_token(fleet: Any) -> None:
    credential = Credential("c1", "c2")
    away = httpx.Response(302, headers={"Location": "https://cdn.other.test/x"})
    reply: Reply = lambda request: away if request.url.host == "example.test" else httpx.Response(401)
    client, seen = mock(fleet, reply, token=credential)
    with pytest.raises(fleet.AuthError):
        client._send("GET", "/fleet/vehicles", _reader("?A"), {})
    assert len(seen) == 2 and len(credential.asked) == 1  # the token never went there: no refresh


def test_the_async_client_takes_an_aio_credential_and_a_coroutine_function(fleet: Any) -> None:
    credential = AsyncCredential("a1", "a2")
    calls: list[str] = []

    async def provider() -> str:
        calls.append("called")
        return "p1" if len(calls) == 1 else "p2"

    async def run() -> tuple[list[str], list[str]]:
        first, seen = amock(fleet, refusing("Bearer a1"), token=credential)
        second, seen_too = amock(fleet, refusing("Bearer p1"), token=provider)
        async with first, second:
            await first.fleet.vehicles["v1"].get()
            await first.fleet.vehicles["v1"].get()
            await second.fleet.vehicles["v1"].get()
        return [bearer(r) for r in seen], [bearer(r) for r in seen_too]

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no coroutine left unawaited
        sent, sent_too = asyncio.run(run())
    assert sent == ["Bearer a1", "Bearer a2", "Bearer a2"] and len(credential.asked) == 2  # cached after the refresh
    assert sent_too == ["Bearer p1", "Bearer p2"] and len(calls) == 2


@pytest.mark.parametrize(
    "token", [AsyncCredential("a"), lambda: asyncio.sleep(0, "t"), lambda: 42], ids=["aio credential", "coroutine", "int"]
)
def test_a_client_given_what_it_cannot_use_raises_a_credential_error(fleet: Any, token: Any) -> None:
    client, seen = mock(fleet, lambda request: ok(), token=token)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(fleet.CredentialError) as raised:
            client.fleet.vehicles["v1"].get()
    assert isinstance(raised.value, fleet.SdkError) and seen == []


def test_a_failing_credential_is_a_credential_error_with_its_cause(fleet: Any) -> None:
    class Failing:
        def get_token(self, *scopes: str) -> Any:
            raise PermissionError("no managed identity here")

    client, seen = mock(fleet, lambda request: ok(), token=Failing())
    with pytest.raises(fleet.CredentialError, match="no managed identity") as raised:
        client.fleet.vehicles["v1"].get()
    assert isinstance(raised.value.__cause__, PermissionError) and seen == []
    with pytest.raises(TypeError, match="token must be"):
        fleet.Client(BASE, token=42)


# -- 3. logs, 4. User-Agent, 5. client-request-id ---------------------------------------------------
def test_each_request_is_logged_once_without_secrets(fleet: Any, caplog: pytest.LogCaptureFixture) -> None:
    reply = answers(httpx.Response(503, headers={"request-id": "srv-1"}), ok(**{"request-id": "srv-2"}))
    client, seen = mock(fleet, reply, token="s3cr3t-t0ken", retry=fleet.Retry(attempts=1, backoff=0.5, jitter=lambda: 0.5))
    secrets = {"sig": "s1gn4ture", "client_secret": "cl13nt", "code": "0auth-c0de", "accessToken": "acc3ss"}
    with caplog.at_level(logging.DEBUG, logger=PKG):
        client.fleet.vehicles["v1"].get(query={**secrets, "api-version": "2"})
    records = [record for record in caplog.records if record.name == PKG]
    assert [record.levelname for record in records] == ["DEBUG", "INFO", "DEBUG"]
    call_id = seen[0].headers["client-request-id"]
    first, retry, second = (record.getMessage() for record in records)
    assert first.startswith("GET https://example.test/beta/fleet/vehicles/v1?sig=REDACTED&client_secret=REDACTED&code=REDACTED")
    assert "accessToken=REDACTED&api-version=2 -> 503 in " in first and re.search(r" in \d+ ms ", first)
    assert "(request-id: srv-1, client-request-id: " + call_id + ")" in first
    assert "-> 200" in second and "request-id: srv-2" in second and call_id in second
    assert retry.startswith("retrying GET ") and "after 503 in 0.25 s (retry 1; client-request-id: " + call_id in retry
    for value in [*secrets.values(), "s3cr3t", "Bearer", "uthorization"]:
        assert value not in caplog.text, value


def test_a_failed_connection_is_logged_by_its_kind(fleet: Any, caplog: pytest.LogCaptureFixture) -> None:
    client, _ = mock(fleet, answers(httpx.ConnectError("refused"), ok()), retry=retried())
    with caplog.at_level(logging.DEBUG, logger=PKG):
        client.fleet.vehicles["v1"].get()
    messages = [record.getMessage() for record in caplog.records if record.name == PKG]
    assert "-> ConnectError in " in messages[0] and "after ConnectError in 0.00 s" in messages[1] and "-> 200" in messages[2]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h.test/p?sig=abc&se=2030&sp=r", "https://h.test/p?sig=REDACTED&se=2030&sp=r"),  # a SAS URL
        ("https://h.test/p?$skiptoken=X1&$deltatoken=D2&$top=5", "https://h.test/p?$skiptoken=X1&$deltatoken=D2&$top=5"),
        ("https://h.test/p?X-Api-Key=k&apiKey=k&password=p&refresh_token=r&id=7",
         "https://h.test/p?X-Api-Key=REDACTED&apiKey=REDACTED&password=REDACTED&refresh_token=REDACTED&id=7"),
        ("https://user:pa55@h.test/p#frag", "https://user:REDACTED@h.test/p"),
        ("https://h.test/p?flag&code=", "https://h.test/p?flag&code=REDACTED"),
        ("https://h.test/p?tempauth=t&assignedTo=me&keyword=k", "https://h.test/p?tempauth=REDACTED&assignedTo=me&keyword=k"),
    ],
)
def test_secret_looking_query_values_are_redacted(url: str, shown: str) -> None:
    assert _telemetry.redact(url) == shown


def test_the_user_agent_names_the_sdk_gen_httpx_and_python(fleet: Any) -> None:
    client, seen = mock(fleet, lambda request: ok())
    client.fleet.vehicles["v1"].get()
    agent = seen[0].headers["user-agent"]
    assert re.fullmatch(rf"hd-fleet-sdk/\S+ gen/\S+ httpx/{re.escape(httpx.__version__)} python/3\.\d+\.\d+\S*", agent), agent
    assert agent.split()[0] == "hd-fleet-sdk/" + fleet.__version__
    own, seen = mock(fleet, lambda request: ok(), headers={"user-agent": "my-app/1"})
    own.fleet.vehicles["v1"].get()
    own.fleet.vehicles["v1"].get(headers={"User-Agent": "my-job/2"})
    assert [request.headers.get_list("user-agent") for request in seen] == [["my-app/1"], ["my-job/2"]]


def test_the_version_slots_are_filled_by_render() -> None:
    text = runtime_module("_telemetry.py", version="'1.2.0'", generator="'0.1.0'")
    assert "\nSDK_VERSION = '1.2.0'\n" in text and "\nGEN_VERSION = '0.1.0'\n" in text


def test_one_client_request_id_per_call_across_retries_and_redirects(fleet: Any) -> None:
    reply = answers(httpx.Response(503), httpx.Response(302, headers={"Location": "https://cdn.other.test/v1"}), ok(), ok(), ok())
    client, seen = mock(fleet, reply, retry=retried())
    client.fleet.vehicles["v1"].get()
    ids = [request.headers["client-request-id"] for request in seen]
    assert len(set(ids)) == 1 and uuid.UUID(ids[0]).version == 4 and seen[2].url.host == "cdn.other.test"
    client.fleet.vehicles["v1"].get()
    assert seen[3].headers["client-request-id"] != ids[0]
    client.fleet.vehicles["v1"].get(headers={"Client-Request-Id": "mine"})  # a caller's is kept
    assert seen[4].headers.get_list("client-request-id") == ["mine"]


def test_errors_carry_the_client_request_id_next_to_the_service_request_id(fleet: Any) -> None:
    missing = httpx.Response(404, json={"error": {"code": "NotFound", "message": "no such vehicle"}}, headers={"request-id": "srv-9"})
    html = httpx.Response(200, content=b"<html>", headers={"content-type": "text/html", "request-id": "srv-10"})
    client, seen = mock(fleet, answers(missing, html))
    with pytest.raises(fleet.NotFoundError) as raised:
        client.fleet.vehicles["v1"].get()
    sent = seen[0].headers["client-request-id"]
    assert raised.value.client_request_id == sent and raised.value.request_id == "srv-9"
    assert str(raised.value) == f"HTTP 404: NotFound: no such vehicle (request-id: srv-9, client-request-id: {sent})"
    with pytest.raises(fleet.ResponseError) as wrong:
        client.fleet.vehicles["v1"].get()
    assert wrong.value.request_id == "srv-10" and wrong.value.client_request_id == seen[1].headers["client-request-id"]
    assert str(wrong.value).endswith(f"(request-id: srv-10, client-request-id: {wrong.value.client_request_id})")
    broken, seen = mock(fleet, answers(httpx.ConnectError("refused")), headers={"client-request-id": "given-id"})
    with pytest.raises(fleet.TransportError) as failed:
        broken.fleet.vehicles["v1"].get()
    assert failed.value.client_request_id == "given-id" == seen[0].headers["client-request-id"]
    assert "client-request-id: given-id" in str(failed.value)


# -- 6. with_options, 7. http_client ----------------------------------------------------------------------
def test_with_options_is_a_copy_with_other_defaults_sharing_the_pool(fleet: Any) -> None:
    reply = answers(httpx.Response(503), ok(), httpx.Response(503), ok(), ok({"id": "v1", "pad": "x" * 500}))
    client, seen = mock(fleet, reply, retry=retried(), headers={"X-App": "a"})
    quick = client.with_options(timeout=5.0, deadline=10.0, retry=None, headers={"X-Job": "j"}, max_response_bytes=200)
    assert isinstance(quick, fleet.Client) and quick._http is client._http
    assert (quick.timeout, quick.deadline, quick.retry.attempts, quick.max_response_bytes) == (5.0, 10.0, 0, 200)
    assert (client.timeout, client.deadline, client.retry.attempts) == (30.0, 300.0, 2)  # the original is unchanged
    with pytest.raises(fleet.ServerError):
        quick.fleet.vehicles["v1"].get()  # no retry: its nodes send through the copy
    assert quick.fleet.vehicles["v1"].get().id == "v1"
    assert client.fleet.vehicles["v1"].get().id == "v1" and len(seen) == 4  # the original retries
    assert seen[0].headers["x-job"] == "j" and seen[0].headers["x-app"] == "a" and "x-job" not in seen[2].headers
    assert seen[0].extensions["timeout"]["read"] == 5.0 and seen[2].extensions["timeout"]["read"] == 30.0
    with pytest.raises(fleet.ResponseTooLargeError):
        quick.fleet.vehicles["v1"].get()
    with pytest.raises(ValueError):
        client.with_options(deadline=0)
    quick.close()
    assert not client._http.is_closed  # the pool is the original's
    client.close()
    with pytest.raises(fleet.TransportError, match="the client is closed"):
        quick.fleet.vehicles["v1"].get()


def test_the_async_with_options_shares_the_pool_too(fleet: Any) -> None:
    async def run() -> tuple[bool, bool, str]:
        client, seen = amock(fleet, lambda request: ok())
        async with client:
            async with client.with_options(headers={"X-Job": "j"}) as copy:
                await copy.fleet.vehicles["v1"].get()
            still_open = not client._http.is_closed
        return still_open, client._http.is_closed, seen[0].headers["x-job"]

    assert asyncio.run(run()) == (True, True, "j")


def test_a_callers_http_client_is_used_and_never_closed(fleet: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "example.test":
            return httpx.Response(302, headers={"Location": "https://cdn.other.test/v1"})
        return ok()

    mine = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True, headers={"X-Proxy-Tag": "p"})
    with fleet.Client(BASE, token="t0k", http_client=mine, retry=None) as client:
        assert client.fleet.vehicles["v1"].get().id == "v1"
    assert not mine.is_closed and len(seen) == 2  # the SDK's redirects, not httpx's: the token stays home
    assert seen[0].headers["authorization"] == "Bearer t0k" and "authorization" not in seen[1].headers
    assert seen[0].headers["x-proxy-tag"] == "p"  # the caller's client's own headers go along
    mine.close()
    with pytest.raises(TypeError, match="not both"):
        fleet.Client(BASE, http_client=httpx.Client(), transport=httpx.MockTransport(handler))


def test_an_async_callers_http_client_is_never_closed(fleet: Any) -> None:
    async def run() -> bool:
        async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: ok())) as mine:
            async with fleet.AsyncClient(BASE, http_client=mine) as client:
                await client.fleet.vehicles["v1"].get()
            return mine.is_closed

    assert asyncio.run(run()) is False


def test_the_runtimes_clients_are_context_managers() -> None:
    with _http.SyncClient("https://example.test", transport=httpx.MockTransport(lambda request: ok())) as client:
        assert client._send("GET", "/x", _reader("A"), {}) == VEHICLE
    assert client._http.is_closed

    async def run() -> bool:
        async with _http.AsyncClient("https://example.test", transport=httpx.MockTransport(lambda request: ok())) as aclient:
            await aclient._send("GET", "/x", _reader("A"), {})
        return bool(aclient._http.is_closed)

    assert asyncio.run(run())


# -- 8. pages: count, delta links ------------------------------------------------------------------------
DELTA = BASE + "/fleet/vehicles?$deltatoken=d1"
NEXT = BASE + "/fleet/vehicles?$skiptoken=2"
PAGES: dict[str, dict[str, Any]] = {
    BASE + "/fleet/vehicles": {"@odata.count": 3, "value": [{"id": "v1"}], "@odata.nextLink": NEXT},
    NEXT: {"value": [{"id": "v2"}, {"id": "v3"}], "@odata.deltaLink": DELTA},
    DELTA: {"value": [{"@odata.type": "#microsoft.graph.electricVehicle", "id": "v4"}], "@odata.deltaLink": DELTA + "x"},
}


def paged(request: httpx.Request) -> httpx.Response:
    return ok(PAGES[str(request.url).removesuffix("?$count=true")])


def test_a_page_has_its_count_and_delta_link(fleet: Any) -> None:
    client, _ = mock(fleet, paged)
    first = client.fleet.vehicles.list(count=True)
    assert first.count == 3 and type(first.count) is int and first.delta_link is None and first.follow_delta() is None
    pages = list(first.iter_pages())
    assert [[v.id for v in page.value] for page in pages] == [["v1"], ["v2", "v3"]]
    assert pages[-1].delta_link == DELTA and pages[-1].count is None
    for odd in (True, "3", 3.5):
        assert fleet.types.Page([], raw={"@odata.count": odd}).count is None


def test_follow_delta_reads_the_changes_with_the_same_reader(fleet: Any) -> None:
    client, seen = mock(fleet, paged)
    last = list(client.fleet.vehicles.list().iter_pages())[-1]
    changes = last.follow_delta()
    assert str(seen[-1].url) == DELTA and seen[-1].headers["authorization"] == "Bearer t0k"
    assert [type(v).__name__ for v in changes.value] == ["ElectricVehicle"] and changes.delta_link == DELTA + "x"


def test_page_at_resumes_from_a_link_kept_between_runs(fleet: Any) -> None:
    client, seen = mock(fleet, paged)
    kept = DELTA  # stored as a string by an earlier run
    page = client.page_at(kept, item=fleet.models.Vehicle, headers={"Prefer": "odata.maxpagesize=1"})
    assert isinstance(page, fleet.types.Page) and page.value[0].id == "v4" and type(page.value[0]).__name__ == "ElectricVehicle"
    assert seen[0].headers["prefer"] == "odata.maxpagesize=1" and page.delta_link == DELTA + "x"
    assert client.page_at("/fleet/vehicles", item=fleet.models.Vehicle).next_page().value[0].id == "v2"  # a path works too
    with pytest.raises(TypeError, match="model class"):
        client.page_at(kept, item=dict)


def test_async_pages_do_the_same(fleet: Any) -> None:
    async def run() -> tuple[int | None, list[list[str]], str, str]:
        client, _ = amock(fleet, paged)
        async with client:
            first = await client.fleet.vehicles.list()
            pages = [page async for page in first.iter_pages()]
            changes = await pages[-1].follow_delta()
            resumed = await client.page_at(DELTA, item=fleet.models.Vehicle)
        return first.count, [[v.id for v in p.value] for p in pages], changes.value[0].id, resumed.delta_link

    assert asyncio.run(run()) == (3, [["v1"], ["v2", "v3"]], "v4", DELTA + "x")


# -- 9. downloads -------------------------------------------------------------------------------------------
class Tracked(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent in pieces that records whether the client closed it."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces
        self.closed = False
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.sent += 1
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            self.sent += 1
            yield piece

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


PHOTO = bytes(range(256)) * 40  # 10,240 bytes


def photo_answer(stream: Tracked, **headers: str) -> Reply:
    return lambda request: httpx.Response(200, stream=stream, headers={"content-type": "image/jpeg", **headers})


def test_a_node_streams_a_download_in_chunks(fleet: Any) -> None:
    body = Tracked([PHOTO[:5000], PHOTO[5000:]])
    api, seen = mock(fleet, photo_answer(body, **{"content-length": str(len(PHOTO))}))
    download = api.fleet.drivers["d1"].photo._stream("GET", "/$value", {"headers": {"X-Trace": "1"}})
    assert seen == []  # nothing is sent until it is entered
    with download as photo:
        assert (photo.status_code, photo.content_type, photo.content_length) == (200, "image/jpeg", len(PHOTO))
        chunks = list(photo.iter_bytes(4096))
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 2048] and b"".join(chunks) == PHOTO
    assert body.closed and seen[0].url.path == "/beta/fleet/drivers/d1/photo/$value" and seen[0].headers["x-trace"] == "1"
    assert photo.client_request_id == seen[0].headers["client-request-id"]
    with pytest.raises(RuntimeError, match="read already"):
        list(photo.iter_bytes())


def test_leaving_the_context_early_closes_the_connection(fleet: Any) -> None:
    body = Tracked([b"x" * 100_000] * 50)
    api, _ = mock(fleet, photo_answer(body))
    with api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}) as photo:
        for _ in photo.iter_bytes(1000):
            break
    assert body.closed and body.sent < 50
    again = Tracked([PHOTO])
    api, _ = mock(fleet, photo_answer(again))
    assert b"".join(api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}).iter_bytes()) == PHOTO  # not entered: opened and closed
    assert again.closed


def test_a_download_is_bounded_after_decompression(fleet: Any) -> None:
    zeros = gzip.compress(bytes(3 * 1024 * 1024))
    api, _ = mock(fleet, photo_answer(Tracked([zeros]), **{"content-encoding": "gzip"}), max_response_bytes=1024 * 1024)
    with api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}) as photo:
        assert photo.content_length is None  # the body is compressed: its length is not the content's
        with pytest.raises(fleet.ResponseTooLargeError) as raised:
            for _ in photo.iter_bytes(65536):
                pass
    assert raised.value.limit == 1024 * 1024 and raised.value.client_request_id == photo.client_request_id
    small = gzip.compress(PHOTO)
    api, _ = mock(fleet, photo_answer(Tracked([small[:100], small[100:]]), **{"content-encoding": "gzip"}))
    with api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}) as photo:
        assert photo.read() == PHOTO
    huge = Tracked([b"x"])
    api, _ = mock(fleet, photo_answer(huge, **{"content-length": str(10**9), "request-id": "srv-3"}), max_response_bytes=1024)
    with pytest.raises(fleet.ResponseTooLargeError) as at_head:
        api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}).open()  # fails at the head, before the body
    assert at_head.value.request_id == "srv-3" and at_head.value.client_request_id and huge.closed and huge.sent == 0


def test_a_download_is_sent_like_every_call(fleet: Any) -> None:
    body = Tracked([PHOTO])
    reply = answers(httpx.Response(503), httpx.Response(302, headers={"Location": "https://cdn.other.test/p.jpg"}),
                    httpx.Response(200, stream=body, headers={"content-type": "image/jpeg"}))
    api, seen = mock(fleet, reply, retry=retried())
    with api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}) as photo:
        assert photo.read() == PHOTO
    assert len(seen) == 3 and "authorization" not in seen[2].headers and body.closed
    missing, _ = mock(fleet, lambda request: httpx.Response(404, json={"error": {"code": "NoPhoto", "message": "none"}}))
    with pytest.raises(fleet.NotFoundError) as raised:
        with missing.fleet.drivers["d1"].photo._stream("GET", "/$value", {}):
            pass
    assert raised.value.client_request_id and raised.value.error.code == "NoPhoto"


def test_the_deadline_bounds_the_answer_not_a_slow_reader(fleet: Any, raw_server: Start) -> None:
    def slow_body(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 8\r\nConnection: close\r\n\r\n")
        for _ in range(8):
            if stop.wait(0.1):
                return
            connection.sendall(b"x")

    server = raw_server(slow_body)
    with fleet.Client(server.url, deadline=0.3, timeout=5.0, retry=None) as api:
        started = time.monotonic()
        with api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}) as photo:
            assert photo.read() == b"x" * 8  # 0.8 s of body: a download takes as long as it takes
        assert time.monotonic() - started >= 0.7
        with pytest.raises(fleet.DeadlineExceededError):  # a method that reads the body is still bounded
            api.fleet.drivers["d1"].photo._send("GET", "/$value", _reader("B"), {})


def test_an_async_download(fleet: Any) -> None:
    body = Tracked([PHOTO[:3000], PHOTO[3000:]])

    async def run() -> tuple[list[int], str]:
        api, _ = amock(fleet, photo_answer(body))
        async with api:
            async with api.fleet.drivers["d1"].photo._stream("GET", "/$value", {}) as photo:
                sizes = [len(chunk) async for chunk in photo.aiter_bytes(4000)]
                return sizes, photo.content_type

    assert asyncio.run(run()) == ([4000, 4000, 2240], "image/jpeg") and body.closed


# -- 10. upload sessions -------------------------------------------------------------------------------------
UNIT = 320 * 1024
UPLOAD_URL = "https://up.other.test/session/abc?tempauth=s3cr3t"


class Session:
    """An upload session as OneDrive runs one: 202 and nextExpectedRanges, then 201 and the item."""

    def __init__(self, size: int, fail: dict[int, list[int]] | None = None) -> None:
        self.size = size
        self.received = bytearray()
        self.fail = fail or {}  # chunk number -> statuses to answer first
        self.requests: list[httpx.Request] = []
        self.chunks = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "GET":
            return ok({"nextExpectedRanges": [f"{len(self.received)}-"]})
        statuses = self.fail.get(self.chunks)
        if statuses:
            return httpx.Response(statuses.pop(0), headers={"Retry-After": "0"})
        self.chunks += 1
        found = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", request.headers["content-range"])
        assert found is not None
        first, last, total = map(int, found.groups())
        assert total == self.size and last - first + 1 == len(request.content)
        if first != len(self.received):
            return httpx.Response(416)
        self.received += request.content
        if len(self.received) == self.size:
            return httpx.Response(201, json={"id": "item-1", "size": self.size})
        expected = [f"{len(self.received)}-{self.size - 1}"]
        return httpx.Response(202, json={"expirationDateTime": "2030-01-01T00:00:00Z", "nextExpectedRanges": expected})


def content(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def test_an_upload_session_sends_chunks_with_content_range_and_no_credentials(fleet: Any, caplog: pytest.LogCaptureFixture) -> None:
    data = content(2 * UNIT + 1000)
    session = Session(len(data))
    progress: list[tuple[int, int]] = []
    client = fleet.Client(BASE, token="t0k", headers={"Cookie": "c=1"}, transport=httpx.MockTransport(session))
    with caplog.at_level(logging.DEBUG, logger=PKG):
        item = client.upload(UPLOAD_URL, data, chunk_size=UNIT, on_progress=lambda done, total: progress.append((done, total)))
    assert "PUT https://up.other.test/session/abc?tempauth=REDACTED -> 202" in caplog.text and "s3cr3t" not in caplog.text
    assert item == {"id": "item-1", "size": len(data)} and bytes(session.received) == data
    assert [r.headers["content-range"] for r in session.requests] == [
        f"bytes 0-{UNIT - 1}/{len(data)}", f"bytes {UNIT}-{2 * UNIT - 1}/{len(data)}", f"bytes {2 * UNIT}-{len(data) - 1}/{len(data)}",
    ]
    assert progress == [(UNIT, len(data)), (2 * UNIT, len(data)), (len(data), len(data))]
    for request in session.requests:
        assert request.method == "PUT" and "authorization" not in request.headers and "cookie" not in request.headers
        assert request.headers["content-type"] == "application/octet-stream" and str(request.url) == UPLOAD_URL
    same_origin = fleet.Client(BASE, token="t0k", transport=httpx.MockTransport(Session(10)))
    same_origin.upload(BASE + "/uploads/1", b"0123456789")  # even at the API's own origin: pre-authenticated
    assert "authorization" not in same_origin._http._transport.handler.requests[0].headers


def test_an_upload_goes_on_from_where_the_session_expects(fleet: Any) -> None:
    data = content(3 * UNIT)
    session = Session(len(data))
    lossy = session.__call__

    def forgetful(request: httpx.Request) -> httpx.Response:  # the session kept only 1,000 bytes of the first chunk
        answer = lossy(request)
        if len(session.requests) == 1:
            del session.received[1000:]
            return httpx.Response(202, json={"nextExpectedRanges": ["1000-"]})
        return answer

    client = fleet.Client(BASE, transport=httpx.MockTransport(forgetful))
    assert client.upload(UPLOAD_URL, io.BytesIO(data), chunk_size=UNIT)["id"] == "item-1"
    assert session.requests[1].headers["content-range"].startswith("bytes 1000-") and bytes(session.received) == data


def test_a_chunk_is_sent_again_after_a_5xx_as_the_retry_says(fleet: Any) -> None:
    data = content(2 * UNIT)
    session = Session(len(data), fail={1: [500, 503]})
    client = fleet.Client(BASE, transport=httpx.MockTransport(session), retry=retried())
    assert client.upload(UPLOAD_URL, data, chunk_size=UNIT)["id"] == "item-1" and len(session.requests) == 4
    stubborn = Session(len(data), fail={1: [500]})
    with pytest.raises(fleet.ServerError):
        fleet.Client(BASE, transport=httpx.MockTransport(stubborn), retry=None).upload(UPLOAD_URL, data, chunk_size=UNIT)


def test_a_416_asks_the_session_where_it_stands(fleet: Any) -> None:
    data = content(2 * UNIT)
    session = Session(len(data))
    session.received += data[:UNIT]  # as if the first chunk's answer was lost
    client = fleet.Client(BASE, transport=httpx.MockTransport(session))
    assert client.upload(UPLOAD_URL, data, chunk_size=UNIT)["id"] == "item-1"
    assert [r.method for r in session.requests] == ["PUT", "GET", "PUT"] and bytes(session.received) == data


def test_an_upload_reads_a_file_from_its_position(fleet: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = content(UNIT + 10)
    path.write_bytes(b"HEADER" + data)
    session = Session(len(data))
    with path.open("rb") as file:
        file.seek(6)
        assert fleet.Client(BASE, transport=httpx.MockTransport(session)).upload(UPLOAD_URL, file, chunk_size=UNIT)["id"] == "item-1"
    assert bytes(session.received) == data


def test_a_session_that_does_not_move_on_is_a_response_error(fleet: Any) -> None:
    stuck: Reply = lambda request: httpx.Response(202, json={"nextExpectedRanges": ["0-"]})
    with pytest.raises(fleet.ResponseError, match="moves on"):
        fleet.Client(BASE, transport=httpx.MockTransport(stuck)).upload(UPLOAD_URL, content(UNIT + 1), chunk_size=UNIT)


@pytest.mark.parametrize(("given", "chunk_size", "error"), [
    (b"x", 1000, ValueError), (b"x", 0, ValueError), (b"x", 200 * UNIT, ValueError), (b"", UNIT, ValueError), ("text", UNIT, TypeError),
])  # fmt: skip
def test_upload_arguments_are_checked_before_anything_is_sent(fleet: Any, given: Any, chunk_size: int, error: type[Exception]) -> None:
    client, seen = mock(fleet, lambda request: ok())
    with pytest.raises(error):
        client.upload(UPLOAD_URL, given, chunk_size=chunk_size)
    assert seen == []


def test_an_async_upload(fleet: Any) -> None:
    data = content(UNIT + 5)
    session = Session(len(data))

    async def run() -> Any:
        async with fleet.AsyncClient(BASE, token="t", transport=httpx.MockTransport(session)) as client:
            return await client.upload(UPLOAD_URL, data, chunk_size=UNIT)

    assert asyncio.run(run())["id"] == "item-1" and bytes(session.received) == data
    assert all("authorization" not in request.headers for request in session.requests)


# -- every error is an SdkError -------------------------------------------------------------------------------
def test_the_new_errors_are_sdk_errors(fleet: Any) -> None:
    assert issubclass(fleet.CredentialError, fleet.SdkError) and issubclass(errors.CredentialError, errors.SdkError)
    for name in ("CredentialError", "PagingError", "InvalidHeaderError"):
        assert name in fleet.__all__ and getattr(fleet, name) is getattr(fleet.errors, name)
    for name in ("Download", "AsyncDownload", "TokenCredential", "AsyncTokenCredential", "AccessToken"):
        assert name in fleet.types.__all__
