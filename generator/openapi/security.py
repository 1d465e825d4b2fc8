"""Security: the two OAuth2 schemes of the Microsoft identity platform and the scopes pages name."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from ..model.api import Operation

DELEGATED, APPLICATION = "delegated", "application"
# The Microsoft identity platform endpoints that issue tokens for Graph-style APIs.
AUTHORIZE_URL = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
TOKEN_URL = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
_SCOPE = re.compile(r"[A-Za-z][\w\-]*(?:\.[\w\-]+)+")


def permission_scopes(permissions: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The scopes a permissions table names, by scheme.

    A row's kind says the scheme; Intune's indented sub-rows ("Policy Set", ...) belong to
    the scheme of the row above them. "Not supported", TODOs and prose are no scopes.
    """
    out: dict[str, list[str]] = {DELEGATED: [], APPLICATION: []}
    scheme: str | None = None
    for kind, value in permissions:
        lowered = kind.lower()
        if lowered.startswith("delegated"):
            scheme = DELEGATED
        elif lowered.startswith("application"):
            scheme = APPLICATION
        if scheme is None or "todo" in value.lower():
            continue
        for scope in _SCOPE.findall(value):
            if scope not in out[scheme]:
                out[scheme].append(scope)
    return out


def operation_security(ops: list[Operation]) -> list[dict[str, list[str]]]:
    """Each named scope is one alternative ("one of the following permissions is required")."""
    delegated: list[str] = []
    application: list[str] = []
    for op in ops:
        scopes = permission_scopes(op.permissions)
        delegated += [s for s in scopes[DELEGATED] if s not in delegated]
        application += [s for s in scopes[APPLICATION] if s not in application]
    if not delegated and not application:
        # The page names no scope: a token of either kind, scopes unknown.
        return [{DELEGATED: []}, {APPLICATION: []}]
    return [{DELEGATED: [s]} for s in delegated] + [{APPLICATION: [s]} for s in application]


def security_schemes(operations: Iterable[Operation]) -> dict[str, Any]:
    """Both schemes, each listing every scope some operation page names (with how many)."""
    delegated: Counter[str] = Counter()
    application: Counter[str] = Counter()
    for op in operations:
        scopes = permission_scopes(op.permissions)
        delegated.update(scopes[DELEGATED])
        application.update(scopes[APPLICATION])
    return {
        DELEGATED: {
            "type": "oauth2",
            "description": "Delegated permissions: the app acts for a signed-in user.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": AUTHORIZE_URL,
                    "tokenUrl": TOKEN_URL,
                    "scopes": _scopes(delegated),
                }
            },
        },
        APPLICATION: {
            "type": "oauth2",
            "description": "Application permissions: the app acts as itself, with no signed-in user.",
            "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": _scopes(application)}},
        },
    }


def _scopes(counts: Counter[str]) -> dict[str, str]:
    return {name: f"Named by the permissions of {counts[name]} operation page(s)." for name in sorted(counts)}
