"""Where the API lives, as its examples show: the service root and the hosts they call.

The SDK's default base URL, the OpenAPI document's server and its version all come from
here. A page also shows requests that are not calls of the API (the notification the
service posts to a bot's own URL): only a URL whose path is one its operation documents
says where the API lives.
"""

from __future__ import annotations

import collections
from typing import Iterable

from .api import ApiModel, Operation
from .counting import most_common
from .paths import VERSION_SEGMENT, match_path, readings


Call = tuple[str, str, str]  # (scheme, host, the rest) of an example's absolute URL that calls the API


def service_root(model: ApiModel, calls: list[Call] | None = None) -> str | None:
    """The most common ``scheme://host[/version]`` of the examples' calls (None: no absolute URL);
    ``calls`` are the model's ``call_urls`` when the caller has them already."""
    counts: collections.Counter[str] = collections.Counter()
    for scheme, host, path in call_urls(model) if calls is None else calls:
        version = path.split("/", 1)[0]
        root = f"{scheme}://{host}"
        if VERSION_SEGMENT.fullmatch(version):
            root += "/" + version
        counts[root] += 1
    return most_common(counts) if counts else None


def api_version(root: str | None) -> str | None:
    """The version segment of a service root (``beta``, ``v1.0``), if it has one."""
    if root is None:
        return None
    segment = root.partition("://")[2].partition("/")[2]
    return segment if VERSION_SEGMENT.fullmatch(segment) else None


def hosts(model: ApiModel, calls: list[Call] | None = None) -> list[str]:
    """The distinct ``scheme://host`` of the examples' calls (case-insensitive), sorted."""
    return sorted({f"{scheme}://{host}".lower() for scheme, host, _ in (call_urls(model) if calls is None else calls)})


def call_urls(model: ApiModel) -> list[Call]:
    """(scheme, host, the rest) of each example's absolute URL that calls a documented path."""
    return list(_call_urls(model))


def _call_urls(model: ApiModel) -> Iterable[Call]:
    operations = {operation.name: operation for operation in model.operations}
    for example in model.examples:
        http = example.http
        if http is None or not http.url or "://" not in http.url or http.url_problem:
            continue
        operation = operations.get(example.operation or "")
        if operation is None or not _calls(operation, http.path or ""):
            continue
        scheme, _, rest = http.url.partition("://")
        host, _, path = rest.partition("/")
        yield scheme, host, path


def _calls(operation: Operation, path: str) -> bool:
    return any(match_path(template, reading) is not None for template in operation.paths for reading, _ in readings(path))
