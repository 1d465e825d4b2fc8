"""The generated package and a user program that narrows with truthiness pass
``mypy --strict`` and ``pyright --strict`` (docs-input's SDK; the corpus's in test_sdk_user_program)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.sdk.build import build

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PKG = "ty_fleet_sdk"

USER_CODE = f'''
from __future__ import annotations

import attrs

from {PKG} import AsyncClient, Client, NotFoundError, with_response
from {PKG}.client import Retry
from {PKG}.models import ElectricVehicle, Vehicle
from {PKG}.types import UNSET, AsyncPage, Page, Response, Unset


def names(client: Client) -> list[str]:
    page: Page[Vehicle] = client.fleet.vehicles.list(top=2, select=["id", "displayName"])
    found = [v.display_name.upper() for v in page.iter_all() if v.display_name]  # narrows out None and UNSET
    nxt = page.next_page()
    return found + ([] if nxt is None else [str(len(nxt.value))])


def location(vehicle: Vehicle) -> str:
    if vehicle.current_location and vehicle.current_location.address:
        return vehicle.current_location.address.strip()
    return "unknown" if vehicle.current_location is UNSET or isinstance(vehicle.current_location, Unset) else "none"


def update(client: Client) -> Vehicle | None:
    item = client.fleet.vehicles["v1"]
    vehicle = item.get()
    vehicle.display_name = "Van 12"
    response: Response[Vehicle | None] = with_response(item.update)(vehicle)
    assert response.headers.get("etag") is None or response.status_code == 200
    try:
        item.schedule_maintenance(type_="repair")
    except NotFoundError as error:
        print(error.headers["request-id"])
    return response.value


async def battery(client: AsyncClient) -> list[float]:
    page: AsyncPage[Vehicle] = await client.fleet.vehicles.list(top=2)
    first: Response[AsyncPage[Vehicle]] = await with_response(client.fleet.vehicles.list)(top=1)
    assert first.status_code == 200
    levels: list[float] = []
    async for vehicle in page.iter_all():
        if isinstance(vehicle, ElectricVehicle) and vehicle.battery_capacity_kwh:
            levels.append(vehicle.battery_capacity_kwh)
    return levels


def wire() -> str:
    return str(attrs.fields(Vehicle).display_name.metadata["json"])


client = Client("http://127.0.0.1:9", token=lambda: "t", retry=Retry(attempts=1))
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("types") / "sdk"
    build(ROOT / "docs-input", out_dir, PKG, jobs=1)
    (out_dir / "user_code.py").write_text(USER_CODE, encoding="utf-8")
    return out_dir


def test_package_and_user_code_pass_mypy_strict(built: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c"), PKG, "user_code.py"],
        cwd=built, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_and_user_code_pass_pyright_strict(built: Path) -> None:
    pyright = shutil.which("pyright", path=str(VENV_BIN))
    if pyright is None:
        pytest.skip("pyright is not installed (the [test] extra installs it; it needs node)")
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.11", "include": [PKG, "user_code.py"]}
    (built / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run([pyright, "--pythonpath", sys.executable], cwd=built, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "0 errors" in result.stdout
