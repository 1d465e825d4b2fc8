"""A user program against the SDK of the 2,524-page corpus, talking to local servers.

The corpus (``../shared/corpus/graph-beta-2021-07``) is built once; ``USER_PROGRAM`` is
written as a Graph developer would write it (navigation, typed options, paging, an update
of what changed, an action, retries, typed errors, ``with_response``, async, ``$value``
through a redirect to another origin, ``$count``, ``graph_sdk.types``, wire names), runs in
its own interpreter against two servers on 127.0.0.1, and passes ``mypy --strict`` (and
``pyright --strict`` where pyright runs), narrowing with truthiness.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from generator.sdk.build import build

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PKG = "graph_sdk"

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

USER_PROGRAM = '''
"""What a Graph developer writes: run as ``python program.py BASE_URL OTHER_ORIGIN``."""

from __future__ import annotations

import asyncio
import sys

import attrs

from graph_sdk import AsyncClient, Client, NotFoundError, with_response
from graph_sdk.client import Retry
from graph_sdk.models import DeviceConfiguration, MacOSVpnConfiguration, User
from graph_sdk.types import UNSET, DateTimeOffset, Page, Response, Unset

base, other = sys.argv[1], sys.argv[2]


class Token:
    def __init__(self, token: str) -> None:
        self.token, self.expires_on = token, 4102444800


class Credential:
    """azure-identity's shape: get_token(*scopes) -> AccessToken."""

    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str) -> Token:
        self.scopes.append(scopes)
        return Token("user-token")


credential = Credential()
client = Client(base, token=credential, retry=Retry(max_delay=0.0))

# the most basic call: /me is a User, typed and at run time (a query string elsewhere widens nothing)
me: User = client.me.get()
assert type(me) is User and me.display_name == "Me"

# list with top and select; two pages of the most derived classes
users = client.users.list(top=2, select=["id", "displayName"])
assert isinstance(users, Page) and [u.to_dict()["id"] for u in users.value] == ["u1"]  # (the corpus declares "Id" and "id")
configurations = client.device_management.device_configurations.list()
kinds = [type(c).__name__ for c in configurations.iter_all()]
assert kinds == ["Windows10GeneralConfiguration", "MacOSVpnConfiguration"], kinds
last = configurations.next_page()
assert last is not None and last.next_link is None

# narrowing with truthiness: UNSET is falsy (Literal[False]), None too
for configuration in configurations.iter_all():
    if isinstance(configuration, MacOSVpnConfiguration) and configuration.server and configuration.server.address:
        print("vpn server", configuration.server.address.upper())
    if configuration.display_name:
        print("name", configuration.display_name.strip())

# get (a 429 first, retried), then an update of what changed
user = client.users["u1"].get()
assert isinstance(user, User) and user.device_enrollment_limit == 5
user.device_enrollment_limit = 10
updated = client.users["u1"].update(user)
assert updated is None  # 204 No Content: the annotation says User | None

# an action, by its segment, with its documented parameters as keywords
client.users["u1"].export_personal_data(storage_location="https://store.example/u1")

# a 404 is a NotFoundError with case-insensitive headers and the OData error
try:
    client.users["missing"].get()
    raise AssertionError("no error")
except NotFoundError as error:
    assert error.status_code == 404 and error.headers["request-id"] == error.headers["Request-ID"] == "r-404"
    assert error.error is not None and error.error.code == "Request_ResourceNotFound"

# with_response: status, headers, value, for any method
response: Response[DeviceConfiguration] = with_response(client.device_management.device_configurations["c1"].get)()
assert isinstance(response, Response) and response.status_code == 200 and response.headers["etag"] == "W/1"
assert isinstance(response.value, DeviceConfiguration)

# a copy with other defaults, sharing the connections
quick = client.with_options(timeout=5.0, headers={"Prefer": "return=minimal"})
assert quick.users["u1"].transitive_reports.count(headers={"ConsistencyLevel": "eventual"}) == 12

# $value: bytes, through a redirect to another origin (which must not see the token), and as a stream
content: bytes = client.me.messages["m1"].attachments["a1"].get_value()
assert content == b"%PDF-1.4 attachment"
with client.me.messages["m1"].attachments["a1"].stream_value() as download:
    assert b"".join(download.iter_bytes(4)) == b"%PDF-1.4 attachment"
assert credential.scopes and credential.scopes[0] == (base.split("/", 3)[0] + "//" + base.split("/", 3)[2] + "/.default",)

# $count: an int
reports: int = client.users["u1"].transitive_reports.count(headers={"ConsistencyLevel": "eventual"})
assert reports == 12

# graph_sdk.types and the wire names
stamp = DateTimeOffset("2021-07-01T10:00:00.1234567Z")
assert stamp.value is not None and stamp.value.year == 2021 and not UNSET and isinstance(UNSET, Unset)
wire = {f.name: f.metadata["json"] for f in attrs.fields(MacOSVpnConfiguration) if "json" in f.metadata}
assert wire["display_name"] == "displayName" and wire["last_modified_date_time"] == "lastModifiedDateTime"


async def main() -> list[str]:
    async with AsyncClient(base, token="user-token") as api:
        page = await api.users.list(top=2, select=["id", "displayName"])
        return [str(u.to_dict()["id"]) async for u in page.iter_all()]

assert asyncio.run(main()) == ["u1"]
client.close()
print("ok")
'''


@pytest.fixture(scope="module")
def corpus_sdk(tmp_path_factory: pytest.TempPathFactory, corpus_full: Path) -> Path:
    out_dir = tmp_path_factory.mktemp("user-program") / "sdk"
    build(corpus_full, out_dir, PKG, jobs=2)
    return out_dir


@pytest.fixture
def servers() -> Iterator[tuple[HTTPServer, HTTPServer]]:
    api, other = HTTPServer(host="127.0.0.1", port=0), HTTPServer(host="127.0.0.1", port=0)
    api.start()
    other.start()
    try:
        yield api, other
    finally:
        for server in (api, other):
            server.clear()
            server.stop()


def expect(api: HTTPServer, other: HTTPServer) -> None:
    second = api.url_for("/deviceManagement/deviceConfigurations") + "?$skiptoken=p2"
    api.expect_request("/me", method="GET").respond_with_json({"id": "me", "displayName": "Me"})
    api.expect_request("/users", query_string="$top=2&$select=id,displayName").respond_with_json(
        {"value": [{"id": "u1", "displayName": "Adele"}]}
    )
    api.expect_request("/deviceManagement/deviceConfigurations", query_string="").respond_with_json(
        {"@odata.nextLink": second,
         "value": [{"@odata.type": "#microsoft.graph.windows10GeneralConfiguration", "id": "c0", "displayName": " Win "}]}
    )
    page2 = {"value": [{"@odata.type": "#microsoft.graph.macOSVpnConfiguration", "id": "c1",
                        "server": {"address": "vpn.example", "description": "main"}}]}
    api.expect_request("/deviceManagement/deviceConfigurations", query_string="$skiptoken=p2").respond_with_json(page2)
    answers = iter([
        Response("", status=429, headers={"Retry-After": "0"}),
        Response(json.dumps({"id": "u1", "deviceEnrollmentLimit": 5, "managedDevices": []}), content_type="application/json"),
    ])
    api.expect_request("/users/u1", method="GET").respond_with_handler(lambda request: next(answers))
    api.expect_request("/users/u1", method="PATCH").respond_with_data("", status=204)
    api.expect_request("/users/u1/exportPersonalData", method="POST").respond_with_data("", status=202)
    error = {"error": {"code": "Request_ResourceNotFound", "message": "Resource 'missing' does not exist."}}
    api.expect_request("/users/missing").respond_with_json(error, status=404, headers={"Request-Id": "r-404"})
    api.expect_request("/deviceManagement/deviceConfigurations/c1").respond_with_json(
        {"@odata.type": "#microsoft.graph.macOSVpnConfiguration", "id": "c1"}, headers={"ETag": "W/1"}
    )
    api.expect_request("/me/messages/m1/attachments/a1/$value").respond_with_data(
        "", status=302, headers={"Location": other.url_for("/blobs/a1")}
    )
    other.expect_request("/blobs/a1").respond_with_data(b"%PDF-1.4 attachment", content_type="application/pdf")
    api.expect_request("/users/u1/transitiveReports/$count").respond_with_data("12", content_type="text/plain")
    api.expect_request("/users", query_string="$top=2&$select=id,displayName").respond_with_json(
        {"value": [{"id": "u1"}]}
    )


def test_a_user_program_against_local_servers(corpus_sdk: Path, servers: tuple[HTTPServer, HTTPServer], tmp_path: Path) -> None:
    api, other = servers
    expect(api, other)
    program = tmp_path / "program.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(corpus_sdk)}
    result = subprocess.run(
        [sys.executable, str(program), api.url_for("").rstrip("/"), other.url_for("").rstrip("/")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["name Win", "vpn server VPN.EXAMPLE", "ok"], result.stdout
    api.check_assertions()
    assert [entry[1].status_code for entry in api.log if entry[0].path == "/users/u1" and entry[0].method == "GET"] == [429, 200]
    sent = [(entry[0].method, entry[0].path) for entry in api.log]
    assert ("PATCH", "/users/u1") in sent
    patch = next(entry[0] for entry in api.log if entry[0].method == "PATCH")
    assert json.loads(patch.get_data()) == {"deviceEnrollmentLimit": 10}  # only what changed
    action = next(entry[0] for entry in api.log if entry[0].path.endswith("exportPersonalData"))
    assert json.loads(action.get_data()) == {"storageLocation": "https://store.example/u1"}
    assert all(entry[0].headers.get("Authorization") == "Bearer user-token" for entry in api.log)
    assert len(other.log) == 2 and not any("Authorization" in entry[0].headers for entry in other.log)
    assert any(entry[0].headers.get("Prefer") == "return=minimal" for entry in api.log)  # with_options' headers
    assert all(entry[0].headers.get("client-request-id") for entry in api.log)
    assert all(entry[0].headers["User-Agent"].startswith("graph-sdk/") for entry in api.log)


def test_the_user_program_passes_mypy_strict(corpus_sdk: Path, tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    result = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(program)],
        cwd=corpus_sdk, capture_output=True, text=True, timeout=600, env={**os.environ, "MYPYPATH": str(corpus_sdk)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_user_program_passes_pyright_strict(corpus_sdk: Path, tmp_path: Path) -> None:
    pyright = shutil.which("pyright", path=str(VENV_BIN))
    if pyright is None:
        pytest.skip("pyright is not installed (pip install pyright; it needs node)")
    program = corpus_sdk / "user_program.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    (corpus_sdk / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11", "include": ["user_program.py"]}), encoding="utf-8"
    )
    result = subprocess.run([pyright, "--pythonpath", sys.executable], cwd=corpus_sdk, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
