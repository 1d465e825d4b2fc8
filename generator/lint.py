"""``gen lint``: the docs checked against themselves, as findings with stable codes.

Findings come from four places:

* the model's own diagnostics (reading, parsing and resolving: GEN0xx, GEN2xx, GEN3xx);
* every example checked against the model (``conformance.py``: GEN101-GEN111, GEN114);
* the pages' relative links checked against the files of the tree (GEN207);
* the examples of each operation page: a request with no response (GEN112), a response
  status that differs from the one the Response section documents (GEN113), a request URL
  that instantiates none of the page's documented paths (GEN115).

Suppressions (a ``<!-- gen: suppress CODE [member] -- reason -->`` comment on a page, or a
``[[tool.gen.suppress]]`` entry in pyproject.toml) mark findings as suppressed: they stay
in the JSON and SARIF output, and do not count for the exit status. A suppression must
give a reason (GEN401), name a known code (GEN402) and match something (GEN403).

``lint_model`` is pure; ``lint_tree`` does the reading (page texts for links, the file
list of the tree) and calls it.
"""

from __future__ import annotations

import collections
import concurrent.futures
import fnmatch
import multiprocessing
import os
import posixpath
import re
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import attrs

from .conformance import Checker
from .config import Config, Suppression
from .model.diagnostics import CODES, SEVERITY_RANK, Diagnostic, Severity
from .model import ApiModel, Example, Operation
from .parse.links import PageLinks, page_links
from .model.paths import match_path, readings
from .pipeline import PARALLEL_THRESHOLD, Loaded
from .read import PageFile, read_page

@attrs.frozen
class LintFinding:
    """A finding as ``gen-lint/1`` reports it, with the suppression that silences it, if any."""

    code: str
    severity: Severity
    file: str
    line: int
    message: str
    type: str | None = None
    member: str | None = None
    suppressed_by: str | None = None  # the reason given
    suppression_kind: str | None = None  # "inSource" (page comment) | "external" (config)

    @property
    def kind(self) -> str:
        return CODES[self.code].kind

    @property
    def suppressed(self) -> bool:
        return self.suppressed_by is not None

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        return (self.file, self.line, self.code, self.member or "", self.type or "", self.message)

    def as_dict(self) -> dict[str, object]:
        """The ``gen-lint/1`` finding object (``specs/reports.md``), keys in the documented order."""
        return {**self.diagnostic().as_dict(), "suppressed": self.suppressed}

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.file, self.line, self.code, self.message, self.severity, self.type, self.member)


@attrs.frozen
class LintReport:
    findings: tuple[LintFinding, ...]

    @property
    def active(self) -> list[LintFinding]:
        return [finding for finding in self.findings if not finding.suppressed]

    def counts(self) -> list[tuple[str, int]]:
        """(code, count) of unsuppressed findings, most frequent first."""
        counter = collections.Counter(finding.code for finding in self.active)
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))

    def failing(self, fail_on: str) -> list[LintFinding]:
        """Unsuppressed findings at or above ``fail_on`` (none for "none")."""
        if fail_on == "none":
            return []
        threshold = SEVERITY_RANK[fail_on]
        return [finding for finding in self.active if SEVERITY_RANK[finding.severity] >= threshold]


@attrs.frozen
class Rule:
    """A suppression in force: where it applies, and where it is written."""

    code: str  # a code, or a pattern such as GEN1*
    reason: str
    kind: str  # "inSource" | "external"
    origin: str  # file that holds the suppression (page, or the configuration file)
    line: int
    file: str | None = None  # page (inSource) or glob over docs-relative paths (external)
    type: str | None = None
    member: str | None = None

    def matches(self, finding: LintFinding) -> bool:
        if not fnmatch.fnmatchcase(finding.code, self.code):
            return False
        if self.kind == "inSource":
            if finding.file != self.file:
                return False
            # The word after the code names the member, or the type a finding is about.
            return self.member is None or self.member == finding.member or _type_matches(self.member, finding.type)
        if self.file is not None and not fnmatch.fnmatchcase(finding.file, self.file):
            return False
        if self.type is not None and not _type_matches(self.type, finding.type):
            return False
        return self.member is None or self.member == finding.member


def _type_matches(pattern: str, qualified: str | None) -> bool:
    if qualified is None:
        return False
    short = qualified.rpartition(".")[2]
    return (
        pattern == qualified
        or pattern.lower() == short.lower()
        or fnmatch.fnmatchcase(qualified, pattern)
    )


# -- the pure core ----------------------------------------------------------------------------


@attrs.frozen
class TreeFiles:
    """Every file and folder of a docs tree (docs-relative POSIX paths), for link checks."""

    paths: frozenset[str]
    lowered: frozenset[str]

    @classmethod
    def of(cls, paths: Iterable[str]) -> TreeFiles:
        items = frozenset(paths)
        return cls(items, frozenset(path.lower() for path in items))

    def has(self, path: str) -> bool:
        return path in self.paths or path.lower() in self.lowered


def lint_model(
    model: ApiModel,
    pages: Mapping[str, PageLinks] | None = None,
    tree: TreeFiles | None = None,
    extra_rules: Sequence[Rule] = (),
    page_rule_lines: Mapping[tuple[str, str, str | None], int] | None = None,
) -> LintReport:
    """All findings of a model (and of its pages' links, when given), suppressions applied.

    ``extra_rules`` are suppressions from outside the pages (the configuration).
    """
    findings: list[LintFinding] = [_from_diagnostic(d) for d in model.diagnostics]
    findings += example_findings(model)
    findings += pairing_findings(model)
    findings += request_path_findings(model)
    if pages is not None and tree is not None:
        findings += link_findings(pages, tree)
    rules = page_rules(model, page_rule_lines or {}) + list(extra_rules)
    return apply_rules(findings, rules)


def _from_diagnostic(diagnostic: Diagnostic) -> LintFinding:
    return LintFinding(
        diagnostic.code,
        diagnostic.severity,
        diagnostic.file,
        diagnostic.line,
        diagnostic.message,
        diagnostic.type,
        diagnostic.member,
    )


def example_findings(model: ApiModel) -> Iterator[LintFinding]:
    checker = Checker(model)
    for example in model.examples:
        for finding in checker.example(example):
            message = finding.message if not finding.path else f"{finding.message} (at {finding.path})"
            yield LintFinding(
                finding.code, finding.severity, example.file, finding.line, message, finding.type, finding.member
            )


def pairing_findings(model: ApiModel) -> Iterator[LintFinding]:
    """GEN112 (request example with no response after it) and GEN113 (status mismatch)."""
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
            if example.kind == "request" and (following is None or following.kind not in ("response", "example")):
                yield LintFinding(
                    "GEN112",
                    CODES["GEN112"].severity,
                    file,
                    example.line,
                    "request example has no response example after it"
                    + (f" ({example.name})" if example.name else ""),
                    name,
                )
            status = example.http.status if example.http else None
            documented = operation.response_status if operation else None
            if example.kind == "response" and status and documented and status != documented:
                yield LintFinding(
                    "GEN113",
                    CODES["GEN113"].severity,
                    file,
                    example.line,
                    f"response example has status {status}, but the Response section documents {documented}",
                    name,
                )


def request_path_findings(model: ApiModel) -> Iterator[LintFinding]:
    """GEN115: a request example whose URL is none of the paths its page documents.

    Paths compare as Graph compares them (``x('k')`` is ``x/k``; a documented function path
    may leave out the arguments the example passes).
    """
    operations: dict[str, list[Operation]] = collections.defaultdict(list)
    for operation in model.operations:
        operations[operation.source].append(operation)
    for example in model.examples:
        http = example.http
        documented = [path for operation in operations.get(example.file, []) for path in operation.paths]
        if example.kind != "request" or http is None or not http.path or http.url_problem or not documented:
            continue
        if not any(match_path(template, path) is not None for template in documented for path, _ in readings(http.path)):
            yield LintFinding(
                "GEN115",
                CODES["GEN115"].severity,
                example.file,
                example.line,
                f"request example URL path {http.path} matches none of the documented paths ({', '.join(documented)})",
                operations[example.file][0].name,
            )


def link_findings(pages: Mapping[str, PageLinks], tree: TreeFiles) -> Iterator[LintFinding]:
    """GEN207: relative links to files that are not in the tree, or to anchors a page lacks.

    One finding per page and target (at its first link), saying how many links share it.
    """
    anchors_of = {path.lower(): links.anchors for path, links in pages.items()}
    severity = CODES["GEN207"].severity
    for page in sorted(pages):
        problems: dict[str, tuple[int, str, int]] = {}  # target -> (first line, message, count)
        for link in pages[page].links:
            problem = _link_problem(page, link.path, link.anchor, tree, anchors_of)
            if problem is None:
                continue
            key = link.href
            line, message, count = problems.get(key, (link.line, problem, 0))
            problems[key] = (line, message, count + 1)
        for _, (line, message, count) in sorted(problems.items(), key=lambda item: item[1][0]):
            more = f" ({count} links on this page)" if count > 1 else ""
            yield LintFinding("GEN207", severity, page, line, message + more)


def _link_problem(
    page: str, path: str, anchor: str | None, tree: TreeFiles, anchors_of: Mapping[str, frozenset[str]]
) -> str | None:
    if path:
        folder = posixpath.dirname(page)
        target = posixpath.normpath(posixpath.join(folder, path))
        if target == ".." or target.startswith("../"):
            return f"link to {path!r} points outside the docs tree"
        if not tree.has(target):
            if "." not in posixpath.basename(target) and tree.has(target + ".md"):
                target += ".md"
            else:
                return f"link to {path!r}: {target} is not in the tree"
    else:
        target = page
    if not anchor or anchor.lower().startswith("tab/"):
        return None  # DocFX tab anchors are made by the renderer, not the page
    known = anchors_of.get(target.lower())
    if known is None or anchor.lower() in known:
        return None
    where = "this page" if target == page else target
    return f"link to '#{anchor}': {where} has no heading or anchor {anchor!r}"


# -- suppressions ------------------------------------------------------------------------------


def page_rules(model: ApiModel, lines: Mapping[tuple[str, str, str | None], int]) -> list[Rule]:
    return [
        Rule(code, reason, "inSource", file, lines.get((file, code, member), 0), file=file, member=member)
        for file, code, member, reason in model.suppressions
    ]


def config_rules(suppressions: Sequence[Suppression], origin: str, lines: Sequence[int] = ()) -> list[Rule]:
    return [
        Rule(
            item.code,
            item.reason,
            "external",
            origin,
            lines[index] if index < len(lines) else 0,
            file=item.file,
            type=item.type,
            member=item.member,
        )
        for index, item in enumerate(suppressions)
    ]


def apply_rules(findings: Iterable[LintFinding], rules: Sequence[Rule]) -> LintReport:
    used = [False] * len(rules)
    result: list[LintFinding] = []
    for finding in findings:
        for index, rule in enumerate(rules):
            if rule.matches(finding):
                used[index] = True
                finding = attrs.evolve(finding, suppressed_by=rule.reason, suppression_kind=rule.kind)
                break
        result.append(finding)
    result += _rule_findings(rules, used)
    return LintReport(tuple(sorted(set(result), key=LintFinding.sort_key)))


def _rule_findings(rules: Sequence[Rule], used: Sequence[bool]) -> Iterator[LintFinding]:
    for rule, was_used in zip(rules, used):
        where = "configuration" if rule.kind == "external" else "page"
        if not rule.reason.strip():
            yield _finding("GEN401", rule, f"{where} suppression of {rule.code} gives no reason (write '-- reason')")
        if not any(fnmatch.fnmatchcase(code, rule.code) for code in CODES):
            yield _finding("GEN402", rule, f"{where} suppression names {rule.code!r}, which is not a gen code")
        elif not was_used:
            target = f" for {rule.member or rule.type}" if rule.member or rule.type else ""
            yield _finding("GEN403", rule, f"{where} suppression of {rule.code}{target} matches no finding")


def _finding(code: str, rule: Rule, message: str) -> LintFinding:
    return LintFinding(code, CODES[code].severity, rule.origin, rule.line, message, rule.type, rule.member)


# -- reading a tree ---------------------------------------------------------------------------

_SUPPRESS_LINE = re.compile(r"<!--\s*gen\s*:\s*(?:suppress|disable)\s+(\S+)(?:\s+(?!--)(\S+))?", re.IGNORECASE)


@attrs.frozen
class PageScan:
    path: str
    links: PageLinks
    suppress_lines: tuple[tuple[str, str | None, int], ...]  # (code, member, line)


def scan_page(path: str, text: str) -> PageScan:
    """Links, anchors and the lines of suppression comments of one page's text."""
    lines = []
    if "gen" in text:
        for number, source in enumerate(text.split("\n"), 1):
            for match in _SUPPRESS_LINE.finditer(source):
                member = match.group(2)
                lines.append((match.group(1).upper(), member if member and member != "-->" else None, number))
    return PageScan(path, page_links(text), tuple(lines))


def _scan_file(file: PageFile, max_bytes: int) -> PageScan | None:
    page, _ = read_page(file, max_bytes)  # problems were reported when the model was loaded
    if page is None:
        return None
    try:
        return scan_page(page.path, page.text)
    except Exception:  # noqa: BLE001 - as in the parse stage, a bug on one page must not stop the run
        return None


def _scan_chunk(files: list[PageFile], max_bytes: int) -> list[PageScan | None]:
    return [_scan_file(file, max_bytes) for file in files]


def scan_files(files: Sequence[PageFile], max_bytes: int, jobs: int | None = None) -> list[PageScan]:
    """Every page scanned; in worker processes for large trees, as the parse stage does."""
    workers = max(1, jobs) if jobs is not None else (1 if len(files) < PARALLEL_THRESHOLD else min(os.cpu_count() or 1, 8))
    if workers <= 1:
        results = _scan_chunk(list(files), max_bytes)
    else:
        chunks = [list(files[index::workers * 4]) for index in range(workers * 4)]
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = [scan for chunk in pool.map(_scan_chunk, chunks, [max_bytes] * len(chunks)) for scan in chunk]
    return sorted((scan for scan in results if scan is not None), key=lambda scan: scan.path)


def tree_files(root: Path) -> TreeFiles:
    """Every file and folder under root (hidden ones too: links may point at them)."""
    paths: list[str] = []
    root = root.resolve()
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(directory)
        relative = base.relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        paths.extend(prefix + name for name in dirnames)
        paths.extend(prefix + name for name in filenames)
    return TreeFiles.of(paths)


def config_origin(config: Config, root: Path) -> tuple[str, list[int]]:
    """The configuration file as findings name it, and the line of each [[tool.gen.suppress]].

    Like every finding's file, the name is relative to the docs root (``../pyproject.toml``),
    so that the repository prefix of SARIF and GitHub output applies to it too.
    """
    if config.path is None:
        return "pyproject.toml", []
    try:
        origin = os.path.relpath(config.path.resolve(), root.resolve())
    except ValueError:  # another drive (Windows)
        origin = str(config.path)
    try:
        text = config.path.read_text(encoding="utf-8")
    except OSError:
        return origin, []
    lines = [number for number, line in enumerate(text.split("\n"), 1) if re.match(r"\s*\[\[\s*tool\.gen\.suppress\s*\]\]", line)]
    return Path(origin).as_posix(), lines


def lint_tree(loaded: Loaded, root: Path, config: Config) -> LintReport:
    """Lint a loaded docs tree: read its pages again for links, then ``lint_model``."""
    scans = scan_files(loaded.files, config.max_page_bytes, config.jobs)
    pages = {scan.path: scan.links for scan in scans}
    rule_lines: dict[tuple[str, str, str | None], int] = {}
    for scan in scans:
        for code, member, line in scan.suppress_lines:
            rule_lines.setdefault((scan.path, code, member), line)
    origin, lines = config_origin(config, root)
    return lint_model(
        loaded.model,
        pages=pages,
        tree=tree_files(root),
        extra_rules=config_rules(config.suppress, origin, lines),
        page_rule_lines=rule_lines,
    )


def repository_prefix(root: Path) -> str:
    """What turns a docs-relative path into one relative to the repository (or the docs' parent).

    Code-scanning tools and GitHub annotations resolve paths against the repository root;
    the repository is found by its ``.git`` (no git command is run).
    """
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            relative = root.relative_to(folder).as_posix()
            return "" if relative == "." else relative + "/"
    return root.name + "/"
