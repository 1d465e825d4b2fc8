"""The document assembled: info, servers, paths and components, each in a fixed order."""

from __future__ import annotations

from typing import Any

import attrs

from ..model.api import ApiModel
from ..model.json_values import document_text
from ..model.service import api_version, service_root
from ..model.diagnostics import Diagnostic
from .bodies import Bodies
from .examples import LONE_SURROGATE, Examples, ExampleSchema
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
    paths = Paths(model, parameters, Bodies(model, schemas, examples), diagnostics).paths_object()
    # After the paths: they name the OData options and examples the components hold.
    components: dict[str, Any] = {"schemas": schemas.components()}
    if parameters.used:
        components["parameters"] = parameters.components()
    if examples.named:
        components["examples"] = examples.components()
    components["securitySchemes"] = security_schemes(model.operations)
    document: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": _info(model)}
    servers = _servers(model)
    if servers:
        document["servers"] = servers
    document["paths"] = paths
    document["components"] = components
    return OpenApi(document, sorted(diagnostics, key=Diagnostic.sort_key), examples.schemas())


def openapi_json(document: dict[str, Any]) -> str:
    """The document as JSON in UTF-8 text: a lone surrogate left in any string is U+FFFD, as in YAML."""
    return LONE_SURROGATE.sub("\ufffd", document_text(document))


def _info(model: ApiModel) -> dict[str, Any]:
    return {
        "title": f"{model.main_namespace} API",
        "version": api_version(service_root(model)) or "unversioned",
        "description": f"Built by gen from {model.pages} reference pages "
        f"({len(model.types)} types, {len(model.operations)} operations).",
    }


def _servers(model: ApiModel) -> list[dict[str, str]]:
    """The service root the examples call, if they show one."""
    root = service_root(model)
    return [{"url": root}] if root is not None else []
