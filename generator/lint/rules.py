"""``gen lint``: the docs checked against themselves, as findings with stable codes.

``RULES`` names every source of findings, in order; a new rule is one function of a
``LintInput`` plus one line there:

* the model's own diagnostics (reading, parsing and resolving: GEN0xx, GEN2xx, GEN3xx);
* every example checked against the model (``conformance/``: GEN101-GEN111, GEN114);
* complete response examples that miss properties (GEN116, ApiDoctor's check);
* the examples of each operation page: a request with no response (GEN112), a response
  status that differs from the one the Response section documents (GEN113), a request URL
  that instantiates none of the page's documented paths (GEN115);
* the pages' relative links checked against the files of the tree (GEN207, ``links.py``).

Suppressions (``suppress.py``) then mark findings as suppressed. ``lint_model`` is pure;
``lint_tree`` takes a tree loaded with its page scans (``load(..., scan=True)``), so the
pages are read once, by the load: links from the scans, suppression lines from the facts.
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Sequence

import attrs

from ..model.kinds import ExampleKind
from ..config import Config
from ..model import ApiModel, Example, Operation
from ..model.diagnostics import SEVERITY_RANK, Diagnostic, diag
from ..model.index import ModelIndex
from ..model.paths import match_path, readings
from ..docs.parse.links import PageLinks
from ..docs import Loaded
from .conformance import ExampleChecker
from .gather import gather
from .findings import LintReport
from .links import TreeFiles, link_findings, tree_files
from .suppress import RuleLines, SuppressionRule, apply_rules, config_origin, config_rules, page_rule_lines, page_rules

if TYPE_CHECKING:  # (the metadata's modules load only for a lint with --metadata: a tenth of a lint's start)
    from ..metadata.coverage import Coverage


@attrs.frozen
class LintInput:
    """What the rules read: the model (with its index) and, when known, the pages' links."""

    model: ApiModel
    index: ModelIndex
    pages: Mapping[str, PageLinks] | None = None
    tree: TreeFiles | None = None


def model_diagnostics(lint: LintInput) -> Iterable[Diagnostic]:
    return lint.model.diagnostics


# The findings an example of a kind shows by convention, not reported: a JSON representation
# block shows types as placeholders.
_CONVENTIONS: dict[ExampleKind, tuple[str, ...]] = {ExampleKind.RESOURCE: ("GEN108",)}


def example_findings(lint: LintInput, examples: Sequence[Example] | None = None) -> Iterator[Diagnostic]:
    """Every example (or those given) checked against the model."""
    checker = ExampleChecker(lint.index)
    for example in lint.model.examples if examples is None else examples:
        for finding in checker.example(example, _CONVENTIONS.get(example.kind, ())):
            message = finding.message if not finding.pointer else f"{finding.message} (at {finding.pointer})"
            yield attrs.evolve(finding, file=example.file, message=message)


def required_findings(lint: LintInput) -> Iterator[Diagnostic]:
    """GEN116: a complete response example misses properties (ApiDoctor's check)."""
    checker = ExampleChecker(lint.index)
    for example in lint.model.examples:
        for finding in checker.missing_required(example):
            yield attrs.evolve(finding, file=example.file)


def pairing_findings(lint: LintInput) -> Iterator[Diagnostic]:
    """GEN112 (request example with no response after it) and GEN113 (status mismatch)."""
    model = lint.model
    operations = {operation.source: operation for operation in model.operations}
    by_page: dict[str, list[Example]] = collections.defaultdict(list)
    for example in model.examples:
        by_page[example.file].append(example)
    for file, examples in sorted(by_page.items()):
        examples.sort(key=lambda example: example.line)
        operation = operations.get(file)
        name = operation.name if operation else None
        for index, example in enumerate(examples):
            following = examples[index + 1] if index + 1 < len(examples) else None
            # An unannotated JSON block right after a request is its response, whatever its
            # section heading (pages write "**Response**" as bold text, not as a heading).
            if example.kind is ExampleKind.REQUEST and (following is None or following.kind not in (ExampleKind.RESPONSE, ExampleKind.EXAMPLE)):
                yield diag(
                    "GEN112",
                    file,
                    example.line,
                    "request example has no response example after it"
                    + (f" ({example.name})" if example.name else ""),
                    type=name,
                )
            status = example.http.status if example.http else None
            documented = operation.response_status if operation else None
            if example.kind is ExampleKind.RESPONSE and status and documented and status != documented:
                yield diag(
                    "GEN113",
                    file,
                    example.line,
                    f"response example has status {status}, but the Response section documents {documented}",
                    type=name,
                )


def request_path_findings(lint: LintInput) -> Iterator[Diagnostic]:
    """GEN115: a request example whose URL is none of the paths its page documents.

    Paths compare as Graph compares them (``x('k')`` is ``x/k``; a documented function path
    may leave out the arguments the example passes).
    """
    model = lint.model
    operations: dict[str, list[Operation]] = collections.defaultdict(list)
    for operation in model.operations:
        operations[operation.source].append(operation)
    for example in model.examples:
        http = example.http
        if example.kind is not ExampleKind.REQUEST or http is None or not http.path or http.url_problem:
            continue
        documented = [path for operation in operations.get(example.file, []) for path in operation.paths]
        if not documented:
            continue
        if not any(match_path(template, path) is not None for template in documented for path, _ in readings(http.path)):
            yield diag(
                "GEN115",
                example.file,
                example.line,
                f"request example URL path {http.path} matches none of the documented paths ({', '.join(documented)})",
                type=operations[example.file][0].name,
            )


def link_rule(lint: LintInput) -> Iterable[Diagnostic]:
    if lint.pages is None or lint.tree is None:
        return ()
    return link_findings(lint.pages, lint.tree)


# Every rule, in the order its findings are gathered (the report sorts them afterwards).
RULES: tuple[Callable[[LintInput], Iterable[Diagnostic]], ...] = (
    model_diagnostics,
    example_findings,
    required_findings,
    pairing_findings,
    request_path_findings,
    link_rule,
)


def lint_model(
    model: ApiModel,
    pages: Mapping[str, PageLinks] | None = None,
    tree: TreeFiles | None = None,
    extra_rules: Sequence[SuppressionRule] = (),
    page_rule_lines: RuleLines | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LintReport:
    """All findings of a model (and of its pages' links, when given), suppressions applied.

    ``extra_rules`` are suppressions from outside the pages (the configuration);
    ``progress`` is told (rules run, rules in all).
    """
    lint = LintInput(model, ModelIndex(model), pages, tree)
    findings = gather(lint, progress)
    suppressions = page_rules(model, page_rule_lines or {}) + list(extra_rules)
    return LintReport(apply_rules(findings, suppressions))


def lint_tree(
    loaded: Loaded, root: Path, config: Config, progress: Callable[[int, int], None] | None = None,
    coverage: Coverage | None = None,
) -> LintReport:
    """Lint a tree loaded with ``scan=True``: links come from that one read, and the lines of
    suppression comments from the pages' facts."""
    if loaded.scans is None:
        raise ValueError("lint_tree needs a tree loaded with scan=True")
    pages = {scan.path: scan.links for scan in loaded.scans}
    origin, lines = config_origin(config, root)
    report = lint_model(
        loaded.model,
        pages=pages,
        tree=tree_files(root),
        extra_rules=config_rules(config.suppress, origin, lines),
        page_rule_lines=page_rule_lines(loaded.pages),
        progress=progress,
    )
    return attrs.evolve(report, coverage=coverage)


def repository_prefix(root: Path, fallback: bool = True) -> str:
    """What turns a docs-relative path into one relative to the repository (or the docs' parent).

    Code-scanning tools and GitHub annotations resolve paths against the repository root;
    the repository is found by its ``.git`` (no git command is run).
    """
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            relative = root.relative_to(folder).as_posix()
            return "" if relative == "." else relative + "/"
    return root.name + "/" if fallback else ""
