"""The formats of ``gen lint``: text, ``gen-lint/1`` JSON, SARIF 2.1.0, GitHub annotations.

Each is a pure function of a LintReport, so the same findings always give the same bytes.
JSON and SARIF carry suppressed findings too (marked so); text and GitHub annotations,
written for people, show only what is in force.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import posixpath
import re
from typing import Any, Callable

from .. import __version__
from ..model.diagnostics import CODES, SEVERITY_RANK, Diagnostic, FindingKind
from ..report import github
from ..report.documents import document_text, versioned
from .findings import LintReport
from ..model.counting import by_count, counted

LINT_FORMAT = "gen-lint/1"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
GITHUB_CAP = 10  # annotations per level: GitHub shows about ten per level and step
# Code scanning and annotations are for what a team acts on: notes only when asked for.
DEFAULT_MIN_SEVERITY = {"sarif": "warning", "github": "warning"}
# A SARIF rule is named by its code's kind ("invalid-json"); a kind that names no family
# of codes (CODES' "other") leaves the name to the code's title.
_UNNAMED_KINDS = frozenset({FindingKind.OTHER})


def render(report: LintReport, fmt: str, prefix: str = "", min_severity: str | None = None) -> str:
    """``prefix`` turns docs-relative paths into repository-relative ones (every format);
    findings below ``min_severity`` (default: warning for SARIF and GitHub, info otherwise)
    are left out."""
    floor = min_severity or DEFAULT_MIN_SEVERITY.get(fmt, "info")
    kept = LintReport(tuple(f for f in report.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[floor]), report.coverage)
    return FORMATS[fmt](kept, prefix)


# -- text ---------------------------------------------------------------------------------


def render_text(report: LintReport, prefix: str = "") -> str:
    active = report.active
    lines = [_text_line(finding, prefix) for finding in active]
    lines.append("")
    lines.append(summary_line(report))
    for code, count in report.counts():
        rule = CODES[code]
        lines.append(f"  {code} {count:>6}  {rule.severity:<7}  [{rule.kind}] {rule.title}")
    if report.coverage is not None:
        lines += ["", *report.coverage.lines()]
    return "\n".join(lines) + "\n"


def _text_line(finding: Diagnostic, prefix: str = "") -> str:
    path = _path(prefix, finding.file)
    where = f"{path}:{finding.line}" if finding.line else path
    return f"{where}: {finding.severity} {finding.code} [{finding.kind}] {finding.message}"


def summary_line(report: LintReport) -> str:
    active = report.active
    by_severity = {level: sum(1 for f in active if f.severity == level) for level in ("error", "warning", "info")}
    suppressed = len(report.findings) - len(active)
    return (
        f"{counted(len(active), 'finding')} ({counted(by_severity['error'], 'error')}, "
        f"{counted(by_severity['warning'], 'warning')}, {by_severity['info']} info); {suppressed} suppressed"
    )


# -- gen-lint/1 ---------------------------------------------------------------------------


def render_json(report: LintReport, prefix: str = "") -> str:
    findings = [
        {**finding.as_dict(), "file": _path(prefix, finding.file), "suppressed": finding.suppressed}
        for finding in report.findings
    ]
    if report.coverage is None:
        return document_text(versioned(LINT_FORMAT, findings=findings))
    return document_text(versioned(LINT_FORMAT, findings=findings, coverage=report.coverage.as_dict()))


# -- SARIF 2.1.0 ----------------------------------------------------------------------------


def render_sarif(report: LintReport, prefix: str = "") -> str:
    return document_text(sarif_document(report, prefix))


def sarif_document(report: LintReport, prefix: str = "") -> dict[str, Any]:
    codes = sorted(CODES)
    index = {code: number for number, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gen",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_sarif_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(finding, index[finding.code], prefix) for finding in report.findings],
                **({"properties": {"coverage": report.coverage.as_dict()}} if report.coverage is not None else {}),
            }
        ],
    }


def _sarif_rule(code: str) -> dict[str, Any]:
    rule = CODES[code]
    return {
        "id": code,
        "name": _camel(rule.title if rule.kind in _UNNAMED_KINDS else rule.kind.value),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{code} ({rule.kind}, {rule.severity} by default): {rule.title}."},
        "help": {"text": f"{rule.title[:1].upper()}{rule.title[1:]}. To silence it where the docs are right, write "
                         f"<!-- gen: suppress {code} member -- reason --> on the page or a "
                         f"[[tool.gen.suppress]] entry (see gen's README, Diagnostics)."},
        **({"helpUri": f"{_documentation()}#diagnostics"} if _documentation() else {}),
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"kind": rule.kind.value, "tags": [rule.kind.value]},
    }


@functools.cache
def _documentation() -> str:
    """The README's address as gen's package metadata declares it (``Documentation`` in
    ``[project.urls]``); none declared, no rule has a ``helpUri`` rather than a made-up one."""
    import importlib.metadata  # (only SARIF asks: every command imports this module for its formats)

    try:
        urls = importlib.metadata.metadata("gen-docs-sdk").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return ""
    found = [url.strip() for label, _, url in (entry.partition(",") for entry in urls) if label.strip().lower() == "documentation"]
    return found[0] if found else ""


def _camel(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", text) if word)


def _sarif_result(finding: Diagnostic, rule_index: int, prefix: str) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _path(prefix, finding.file), "uriBaseId": "%SRCROOT%"}}
    if finding.line > 0:
        location["region"] = {"startLine": finding.line}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
        "properties": {"kind": finding.kind.value, "type": finding.type, "member": finding.member},
        "partialFingerprints": {"genFinding/v1": fingerprint(finding, prefix)},
    }
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": finding.suppression_kind or "external", "status": "accepted", "justification": finding.suppressed_by or ""}
        ]
    return result


# -- GitHub workflow commands -------------------------------------------------------------------


def fingerprint(finding: Diagnostic, prefix: str = "") -> str:
    """Stable across edits that move a finding's line: code, path, type, member, pointer, message."""
    parts = (finding.code, _path(prefix, finding.file), finding.type or "", finding.member or "", finding.pointer or "")
    text = "\x1f".join(parts + (re.sub(r"\d+", "#", finding.message),))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def render_github(report: LintReport, prefix: str = "") -> str:
    """``::error file=...,line=...,title=CODE::message`` per finding in force, at most
    ``GITHUB_CAP`` per level; a plain summary line counts the rest by code."""
    lines = []
    shown: collections.Counter[str] = collections.Counter()
    rest: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for finding in report.active:
        if shown[finding.severity] >= GITHUB_CAP:
            rest[finding.severity][finding.code] += 1
            continue
        shown[finding.severity] += 1
        properties = [f"file={github.escape_property(_path(prefix, finding.file))}"]
        if finding.line > 0:
            properties.append(f"line={finding.line}")
        properties.append(f"title={github.escape_property(f'{finding.code} [{finding.kind}]')}")
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {','.join(properties)}::{github.escape_data(finding.message)}")
    for level in ("error", "warning", "info"):
        if rest[level]:
            by_code = ", ".join(f"{code} {count}" for code, count in by_count(rest[level]))
            lines.append(f"gen lint: {sum(rest[level].values())} more {level} findings not annotated ({by_code})")
    if report.coverage is not None:
        lines += [f"gen lint: {line.strip()}" for line in report.coverage.lines()[1:]]
    return "\n".join(lines) + ("\n" if lines else "")


def _path(prefix: str, file: str) -> str:
    """A docs-relative path made repository-relative (``../pyproject.toml`` included)."""
    return posixpath.normpath(prefix + file) if prefix else file


def _text(report: LintReport, prefix: str) -> str:
    return render_text(report, prefix)


def _json(report: LintReport, prefix: str) -> str:
    return render_json(report, prefix)


# --format choices of gen lint, in the order --help lists them (text is the default).
FORMATS: dict[str, Callable[[LintReport, str], str]] = {
    "text": _text,
    "json": _json,
    "sarif": render_sarif,
    "github": render_github,
}
