"""The document assembled: info, servers, paths and components, each in a fixed order."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import attrs

from ..api import ApiModel, Example
from ..diagnostics import Diagnostic
from .bodies import Bodies
from .examples import Examples, ExampleSchema
from .parameters import Parameters
from .paths import Paths
from .schemas import Schemas
from .security import security_schemes

OPENAPI_VERSION = "3.1.0"


@attrs.frozen
class OpenApi:
    document: dict[str, Any]
    diagnostics: list[Diagnostic]
    examples: list[ExampleSchema]


def openapi_document(model: ApiModel) -> OpenApi:
    """The OpenAPI 3.1 document of a model, its diagnostics, and each example's schema."""
    diagnostics: list[Diagnostic] = []
    schemas = Schemas(model)
    examples = Examples(model)
    parameters = Parameters(schemas, examples)
    paths = Paths(model, parameters, Bodies(model, schemas, examples), diagnostics).build()
    # After the paths: they name the OData options and examples the components hold.
    components: dict[str, Any] = {"schemas": schemas.components()}
    if parameters.used:
        components["parameters"] = parameters.components()
    if examples.named:
        components["examples"] = examples.components()
    components["securitySchemes"] = security_schemes(model.operations)
    document: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": _info(model)}
    servers = _servers(model.examples)
    if servers:
        document["servers"] = servers
    document["paths"] = paths
    document["components"] = components
    return OpenApi(document, sorted(diagnostics, key=Diagnostic.sort_key), examples.schemas())


def openapi_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _info(model: ApiModel) -> dict[str, Any]:
    return {
        "title": f"{model.main_namespace} API",
        "version": _api_version(model.examples),
        "description": f"Built by gen from {model.pages} reference pages "
        f"({len(model.types)} types, {len(model.operations)} operations).",
    }


def _servers(examples: list[Example]) -> list[dict[str, str]]:
    """The service root most request examples call (the URL before the path)."""
    roots: Counter[str] = Counter()
    for example in examples:
        http = example.http
        if http and http.url and http.path and http.url.startswith("http"):
            at = http.url.find(http.path, http.url.find("//") + 2)
            if at > 0:
                roots[http.url[:at]] += 1
    if not roots:
        return []
    return [{"url": min(roots, key=lambda root: (-roots[root], root))}]


def _api_version(examples: list[Example]) -> str:
    servers = _servers(examples)
    segment = servers[0]["url"].rstrip("/").rpartition("/")[2] if servers else ""
    return segment if re.fullmatch(r"v?\d+(\.\d+)*|beta", segment) else "unversioned"
