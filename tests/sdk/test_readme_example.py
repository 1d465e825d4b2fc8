"""The generated README's first example runs, as written, on the SDK it ships with.

The example's code is taken from the README of the docs-input SDK and executed with the
package's ``Client`` answering through httpx's MockTransport (a page, a count, an item, an
update, a 404): every call it makes exists and answers what the comments say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from clientkit import fleet  # noqa: F401 - a fixture


def first_python_block(readme: str) -> str:
    match = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    assert match is not None, "the README has no python example"
    return match.group(1)


def answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/$count"):
        return httpx.Response(200, text="2", headers={"content-type": "text/plain"})
    if path.endswith("/missing"):
        return httpx.Response(404, json={"error": {"code": "NotFound", "message": "no such item"}}, headers={"request-id": "r1"})
    if request.method == "PATCH":
        return httpx.Response(204)
    if path.endswith("/some-id"):
        return httpx.Response(200, json={"id": "some-id", "displayName": "Van"})
    return httpx.Response(200, json={"value": [{"id": "v1"}, {"id": "v2"}]})


def test_the_readmes_first_example_runs(fleet: Any, capsys: Any) -> None:
    readme = (Path(fleet.__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    code = first_python_block(readme)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    class Client(fleet.Client):  # type: ignore[misc,name-defined]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, transport=httpx.MockTransport(handler), **kwargs)

    code = code.replace(f"from {fleet.__name__} import Client, ", f"from {fleet.__name__} import ")
    exec(compile(code, "README.md", "exec"), {"Client": Client, "get_token": lambda: "token"})  # noqa: S102
    printed = capsys.readouterr().out.split()
    assert printed[:3] == ["v1", "v2", "2"]  # the page's items, then the count
    assert printed[3:5] == ["404", "r1"]
    methods = [(request.method, request.url.path.rsplit("/", 1)[-1]) for request in seen]
    assert ("PATCH", "some-id") in methods and methods[-1] == ("GET", "missing")
    patched = next(request for request in seen if request.method == "PATCH")
    assert json.loads(patched.content) == {"displayName": "New name"}  # only what changed since get()
