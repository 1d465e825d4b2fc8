"""Diagnostics: every problem gen finds in a docs tree, as a value.

Problems are collected, never raised: a bad page costs a diagnostic, not the run.
Each code has a fixed kind (the shared vocabulary of ``specs/reports.md``), a default
severity and a one-line title. Codes are a public interface: never renumber one.
"""

from __future__ import annotations

import collections
from typing import Iterable, Literal

import attrs

from .kinds import Word
from .counting import by_count
from .pickling import constructed

# A finding's severity as it is written (gen-lint/1, CODES): one of FindingSeverity's words.
Severity = Literal["error", "warning", "info"]


class FindingSeverity(Word):
    """How much a finding matters, least first: the vocabulary of ``--min-severity`` and ``--fail-on``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Higher is more severe: a threshold keeps what ranks at or above it."""
        return _FINDING_RANK[self]

    @property
    def can_fail(self) -> bool:
        """Whether ``--fail-on`` may name it: info findings never fail a run."""
        return self is not FindingSeverity.INFO

    @classmethod
    def words(cls, most_first: bool = False) -> list[str]:
        """``--min-severity`` choices: least first (the global option), or most first (``gen lint``)."""
        words = [severity.value for severity in cls]
        return words[::-1] if most_first else words

    @classmethod
    def fail_on_choices(cls) -> list[str]:
        """``gen lint --fail-on`` and ``[tool.gen.lint] fail-on``: error, warning, none (never fails)."""
        return [severity.value for severity in reversed(cls) if severity.can_fail] + ["none"]


_FINDING_RANK = {severity: index for index, severity in enumerate(FindingSeverity)}
# A severity's word -> its rank (what filters and --fail-on compare).
SEVERITY_RANK: dict[str, int] = {severity.value: severity.rank for severity in FindingSeverity}


class FindingKind(Word):
    """The class of defect a code names: the shared vocabulary of ``specs/reports.md``, which
    tools outside gen read (several codes may share a kind). A kind no consumer knows is no kind."""

    UNKNOWN_PROPERTY = "unknown-property"
    MISSING_PROPERTY = "missing-property"
    WRONG_JSON_TYPE = "wrong-json-type"
    EXPECTED_ARRAY = "expected-array"
    EXPECTED_OBJECT = "expected-object"
    ENUM_VALUE_UNKNOWN = "enum-value-unknown"
    BAD_DATE_TIME = "bad-date-time"
    BAD_URL = "bad-url"
    PLACEHOLDER_VALUE = "placeholder-value"
    ODATA_TYPE_MISMATCH = "odata-type-mismatch"
    INVALID_JSON = "invalid-json"
    INVALID_ANNOTATION = "invalid-annotation"
    UNANNOTATED_EXAMPLE = "unannotated-example"
    UNRESOLVED_TYPE = "unresolved-type"
    BROKEN_LINK = "broken-link"
    BASE_CYCLE = "base-cycle"
    DUPLICATE_DEFINITION = "duplicate-definition"
    DUPLICATE_PROPERTY = "duplicate-property"
    INHERITED_PROPERTY_MISSING = "inherited-property-missing"
    MISSING_URL = "missing-url"
    PLACEHOLDER_URL = "placeholder-url"
    TODO_PERMISSIONS = "todo-permissions"
    UNPAIRED_REQUEST = "unpaired-request"
    STATUS_MISMATCH = "status-mismatch"
    OTHER = "other"


@attrs.frozen
class DiagnosticCode:
    code: str
    kind: FindingKind
    severity: Severity
    title: str


def _codes(*rows: tuple[str, str, Severity, str]) -> dict[str, DiagnosticCode]:
    """The table below, each kind read as a word of the vocabulary (an unknown one fails at import)."""
    return {code: DiagnosticCode(code, FindingKind(kind), severity, title) for code, kind, severity, title in rows}


# fmt: off
CODES: dict[str, DiagnosticCode] = _codes(
    # GEN0xx: reading the tree
    ("GEN001", "other", "error", "page is binary or unreadable"),
    ("GEN002", "other", "warning", "page is not valid UTF-8 (read with replacement characters)"),
    ("GEN003", "other", "warning", "page is empty"),
    ("GEN004", "other", "error", "page exceeds the size limit and was skipped"),
    ("GEN005", "other", "warning", "symlink pointing outside the docs tree was not followed"),
    ("GEN006", "other", "warning", "front matter is missing or malformed"),
    ("GEN007", "other", "info", "doc_type is unknown or contradicts the page"),
    ("GEN008", "other", "error", "page content is not in the repository (a Git LFS pointer, or a missing git object)"),
    # GEN1xx: examples checked against the tables
    ("GEN101", "unknown-property", "warning", "example key is not a documented property"),
    ("GEN102", "wrong-json-type", "warning", "example value has the wrong JSON type"),
    ("GEN103", "expected-array", "warning", "collection property holds a non-array value"),
    ("GEN104", "expected-object", "warning", "structured property holds a non-object value"),
    ("GEN105", "enum-value-unknown", "warning", "example value is not a member of the enum"),
    ("GEN106", "bad-date-time", "warning", "date/time value is not in the documented format"),
    ("GEN107", "bad-url", "info", "URL value is not a valid absolute URL"),
    ("GEN108", "placeholder-value", "info", "example value is a type placeholder, not data"),
    ("GEN109", "odata-type-mismatch", "warning", "@odata.type names a type that does not fit"),
    ("GEN110", "missing-property", "info", "required property missing from a complete example"),
    ("GEN111", "other", "info", "derived-type example has no @odata.type"),
    ("GEN112", "unpaired-request", "info", "request example has no response example"),
    ("GEN113", "status-mismatch", "warning", "response example status differs from the documented one"),
    ("GEN114", "wrong-json-type", "warning", "request body does not fit the documented body type"),
    ("GEN115", "other", "warning", "request example URL matches none of the documented paths"),
    ("GEN116", "missing-property", "warning", "response example misses a property its type declares"),
    # GEN2xx: the model across pages
    ("GEN201", "unresolved-type", "warning", "type reference does not resolve to a documented type"),
    ("GEN202", "base-cycle", "error", "base types form a cycle"),
    ("GEN203", "duplicate-definition", "warning", "type is defined on more than one page"),
    ("GEN204", "other", "warning", "pages disagree about a type"),
    ("GEN205", "inherited-property-missing", "warning", "row says inherited, but the base does not declare it"),
    ("GEN206", "duplicate-property", "warning", "property is listed twice"),
    ("GEN207", "broken-link", "info", "relative link points to a page that is not in the tree"),
    ("GEN208", "other", "warning", "enum members differ between pages"),
    ("GEN209", "duplicate-definition", "warning", "operation name is used by more than one page"),
    ("GEN210", "other", "warning", "pages disagree about a property (its type, or the case of its name)"),
    ("GEN211", "other", "info", "a request line with a query string uses another page's operation"),
    ("GEN212", "duplicate-definition", "info", "pages document one method and path for a type and its subtypes"),
    ("GEN213", "duplicate-definition", "warning", "pages document one method and path with different responses"),
    # GEN3xx: page syntax
    ("GEN301", "invalid-json", "error", "example body is not JSON"),
    ("GEN302", "invalid-json", "info", "example body is not strict JSON (read tolerantly)"),
    ("GEN303", "invalid-annotation", "warning", "annotation comment is not valid JSON"),
    ("GEN304", "unannotated-example", "info", "example block has no annotation"),
    ("GEN305", "other", "info", "table row has more or fewer cells than the header"),
    ("GEN306", "unresolved-type", "warning", "type cell is not a recognisable type"),
    ("GEN307", "missing-url", "error", "request URL is a 'not found' placeholder"),
    ("GEN308", "placeholder-url", "warning", "request URL is a placeholder"),
    ("GEN309", "todo-permissions", "warning", "permission cell is a TODO"),
    ("GEN310", "other", "warning", "HTTP block cannot be read"),
    ("GEN311", "other", "info", "page has no title"),
    ("GEN312", "other", "info", "example block is not JSON (other content type)"),
    ("GEN313", "bad-url", "warning", "request URL holds a control or invisible character (not used)"),
    ("GEN314", "broken-link", "warning", "type cell holds a link with a bracket or parenthesis missing (read as the link)"),
    # GEN4xx: suppressions (gen lint)
    ("GEN401", "other", "warning", "suppression has no reason"),
    ("GEN402", "other", "warning", "suppression names an unknown code"),
    ("GEN403", "other", "info", "suppression matches no finding"),
    # GEN5xx: the OpenAPI document (gen schema --format openapi)
    ("GEN501", "duplicate-definition", "info", "pages document the same method and path: merged into one OpenAPI operation"),
    ("GEN502", "other", "info", "example does not validate against its schema in the OpenAPI document"),
    ("GEN503", "other", "info", "example or operation has no place in the OpenAPI document"),
    # GEN6xx: the SDK (gen build)
    ("GEN601", "other", "warning", "type is too large for one generated module: the SDK keeps its first rows"),
    ("GEN602", "other", "warning", "documented path cannot be navigated: the SDK leaves it out"),
    # GEN7xx: the service's metadata (--metadata), and where the docs disagree with it
    ("GEN701", "other", "error", "metadata file cannot be read (malformed, too large, too deep, or refused as hostile)"),
    ("GEN702", "other", "error", "metadata is not OData CSDL 4.0/4.01 of the documented service"),
    ("GEN703", "unresolved-type", "warning", "metadata names a type it does not define"),
    ("GEN704", "other", "info", "metadata uses an Edm type that gen reads as any JSON value"),
    ("GEN711", "missing-property", "warning", "the service has a property that the type's page lacks"),
    ("GEN712", "unknown-property", "warning", "the page documents a property that the service does not have"),
    ("GEN713", "other", "warning", "the page documents a property on another type than the service (a base or a subtype)"),
    ("GEN714", "other", "warning", "the page spells a name in another case than the service"),
    ("GEN715", "wrong-json-type", "warning", "the page gives a property another type than the service"),
    ("GEN716", "expected-array", "warning", "the page and the service disagree whether a property is a collection"),
    ("GEN717", "other", "warning", "the page never states the type's base, or states another one than the service"),
    ("GEN718", "other", "warning", "the page documents an entity that the service has as a complex type, or the reverse"),
    ("GEN719", "enum-value-unknown", "warning", "the page's enum members differ from the service's"),
    ("GEN720", "other", "warning", "the service has a type that no page defines"),
    ("GEN721", "bad-url", "warning", "the metadata cannot address a documented path or operation"),
    ("GEN722", "other", "warning", "the page defines a type that the service does not have"),
    ("GEN723", "other", "warning", "the page names its type after the collection that holds it, not as the service does"),
)
# fmt: on


MAX_MESSAGE_CHARS = 10_000  # the longest on the corpus (a GEN116 list of missing properties) is 9,941


def capped(message: str) -> str:
    """A message of at most about ``MAX_MESSAGE_CHARS``: its head and tail, the middle counted.

    Messages quote the docs (a cycle of 1,000 types, an excerpt of a broken body): a report
    line stays readable, and one finding never costs megabytes.
    """
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    head, tail = message[: MAX_MESSAGE_CHARS * 3 // 4], message[-MAX_MESSAGE_CHARS // 5 :]
    return f"{head} ... [{len(message) - len(head) - len(tail):,} characters left out] ... {tail}"


@constructed
@attrs.frozen(order=True)
class Diagnostic:
    """One problem, at one place: the one finding type of every command.

    Ordered by place so that reports are stable. An example's finding also carries a JSON
    pointer into its body; a lint finding that a suppression silences carries its reason.
    """

    file: str
    line: int
    code: str
    message: str = attrs.field(converter=capped)
    severity: Severity = attrs.field(order=False)
    type: str | None = attrs.field(default=None, order=False)
    member: str | None = attrs.field(default=None, order=False)
    pointer: str | None = attrs.field(default=None, order=False)  # RFC 6901, into an example body
    suppressed_by: str | None = attrs.field(default=None, order=False)  # the reason given
    suppression_kind: str | None = attrs.field(default=None, order=False)  # "inSource" | "external"

    @property
    def kind(self) -> FindingKind:
        return CODES[self.code].kind

    @property
    def suppressed(self) -> bool:
        return self.suppressed_by is not None

    def order(self) -> tuple[str, int, str, str]:
        """The fields attrs orders by (``<``): as a key, the same order, without its generated comparisons."""
        return (self.file, self.line, self.code, self.message)

    def sort_key(self) -> tuple[str, int, str, str, str, str, str]:
        """Place first; every field, so that equal places still sort the same in every run.

        (A key is also ten times faster than attrs' generated comparisons.)
        """
        return (*self.order(), self.severity, self.type or "", self.member or "")

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "kind": self.kind.value,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "type": self.type,
            "member": self.member,
            "message": self.message,
        }


def diag(
    code: str,
    file: str,
    line: int,
    message: str,
    *,
    type: str | None = None,
    member: str | None = None,
    severity: Severity | None = None,
    pointer: str | None = None,
) -> Diagnostic:
    """Build a diagnostic with the code's default severity."""
    return Diagnostic(
        file=file,
        line=line,
        code=code,
        message=message,
        severity=severity or CODES[code].severity,
        type=type,
        member=member,
        pointer=pointer,
    )


def count_by_code(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, int]]:
    """(code, count) pairs, most frequent first, then by code."""
    counts = collections.Counter(d.code for d in diagnostics)
    return by_count(counts)
