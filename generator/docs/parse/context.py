"""PageContext: what every reader of a page needs, built once per page.

The page is tokenised once (block level); the front matter, the annotation bound to each
fence, the title, the namespace and the page's kind are read here, before any reader
runs. Readers (``readers/``) only read the context: none sets state another depends on.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from ...model.diagnostics import Diagnostic, diag
from ...model.kinds import ExampleKind
from ..read import DEFAULT_MAX_EXAMPLE_BYTES, Page
from . import tables
from .annotations import Annotation, read_annotation
from .facts import EnumFacts, Example, OperationFacts, PageKind, Suppression, TypeFacts
from .frontmatter import split_front_matter
from .http import looks_like_http
from .inline import parse_inline
from markdown_it.token import Token

from .markdown import Block, Comment, Fence, Heading, Paragraph, Table, blocks_of, is_tab_heading, tokenize

DEFAULT_NAMESPACE = "microsoft.graph"

TITLE = re.compile(
    r"^`?(?P<name>[A-Za-z_][\w.]*)`?\s+(?:\((?:preview|deprecated)\)\s+)?"
    r"(?P<word>resource|complex|entity|enum|enumeration)(?P<typeword>\s+types?)?\b",
    re.IGNORECASE,
)
NAMESPACE = re.compile(r"^\s*namespace\s*:\s*`?([A-Za-z_][\w.]*)`?", re.IGNORECASE)
VALUES_HEADING = re.compile(r"^`?([A-Za-z_][\w.]*)`?\s+(?:enum\s+)?values$", re.IGNORECASE)
HTTP_SECTIONS = ("http request", "http requests")


@attrs.frozen
class PageContext:
    path: str
    digest: str
    fields: dict[str, str]
    tokens: list[Token]  # the page's one tokenisation (block level), which blocks are read from
    lines: list[str]  # the page's body, line by line
    blocks: list[Block]
    references: dict[str, dict[str, str]]
    annotations: dict[int, Annotation]  # block index of a fence -> its annotation
    title: str
    title_line: int
    namespace: str
    doc_type: str | None
    title_match: re.Match[str] | None
    kind: PageKind
    max_example_bytes: int

    def resource_annotations(self) -> list[Annotation]:
        return _resource_annotations(self.annotations)

    def resource_annotation(self, title_name: str | None) -> Annotation | None:
        """The page's resource annotation: the one that names the title's type, else the first.

        Without a title (``None``), only an annotation that is the only type the page names.
        """
        return resource_annotation(self.resource_annotations(), title_name)


@attrs.frozen
class Read:
    """What one reader found on a page."""

    types: tuple[TypeFacts, ...] = ()
    enums: tuple[EnumFacts, ...] = ()
    operation: OperationFacts | None = None
    examples: tuple[Example, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def page_context(page: Page, max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> tuple[PageContext, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    fields, body, had_front_matter = split_front_matter(page.text)
    if not had_front_matter:
        problems.append(diag("GEN006", page.path, 1, "page has no front matter (---) block"))
    tokens, references = tokenize(body)
    lines = body.split("\n")
    blocks = blocks_of(tokens, lines)
    annotations = _bind_annotations(page.path, blocks, problems)
    heading = next((b for b in blocks if isinstance(b, Heading) and b.level == 1 and not is_tab_heading(b.text)), None)
    title = parse_inline(heading.text).text if heading else fields.get("title", "")
    if not title:
        problems.append(diag("GEN311", page.path, 1, "page has no H1 title and no front-matter title"))
    doc_type = fields.get("doc_type")
    title_match = TITLE.match(title)
    kind = _kind(page.path, blocks, annotations, doc_type, title_match, problems)
    context = PageContext(
        path=page.path,
        digest=page.digest,
        fields=fields,
        tokens=tokens,
        lines=lines,
        blocks=blocks,
        references=references,
        annotations=annotations,
        title=title,
        title_line=heading.line if heading else 1,
        namespace=_namespace(blocks),
        doc_type=doc_type,
        title_match=title_match,
        kind=kind,
        max_example_bytes=max_example_bytes,
    )
    return context, problems


def _bind_annotations(path: str, blocks: list[Block], problems: list[Diagnostic]) -> dict[int, Annotation]:
    """Annotation comments keyed by the index of the fence they describe."""
    bound: dict[int, Annotation] = {}
    pending: Annotation | None = None
    for index, block in enumerate(blocks):
        if isinstance(block, Comment):
            annotation = read_annotation(block.content, block.line)
            if annotation is None:
                continue
            if annotation.problem:
                problems.append(_annotation_problem(path, annotation, block.line))
            if annotation.values is not None and not annotation.is_page_annotation:
                pending = annotation
        elif isinstance(block, Fence):
            if pending is not None:
                bound[index] = pending
            pending = None
        elif isinstance(block, Heading) and is_tab_heading(block.text):
            continue
        elif isinstance(block, (Paragraph, Table, Heading)):
            pending = None
    return bound


def _annotation_problem(path: str, annotation: Annotation, line: int) -> Diagnostic:
    ignored = annotation.values is None
    return diag(
        "GEN303",
        path,
        annotation.problem_line or line,
        f"annotation is not valid JSON ({annotation.problem})" + ("; it was ignored" if ignored else "; read tolerantly"),
        severity="error" if ignored else "warning",
    )


def _namespace(blocks: list[Block]) -> str:
    for block in blocks:
        if isinstance(block, Paragraph):
            match = NAMESPACE.match(block.text)
            if match:
                return match.group(1).rstrip(".")
    return DEFAULT_NAMESPACE


def _kind(
    path: str,
    blocks: list[Block],
    annotations: dict[int, Annotation],
    doc_type: str | None,
    title_match: re.Match[str] | None,
    problems: list[Diagnostic],
) -> PageKind:
    """What the page documents: as its title says, else its HTTP request section, else its
    doc_type, else a resource annotation; a doc_type that disagrees is a finding."""
    declared = PageKind.of_doc_type(doc_type)
    has_http_section = any(is_request_block(b) for b in blocks if isinstance(b, Fence))
    from_title = _title_kind(title_match, has_http_section)
    from_annotation = None if has_http_section or from_title else _annotation_kind(annotations)
    from_http = PageKind.API if has_http_section else None
    kind = from_title or from_http or declared or from_annotation or PageKind.CONCEPTUAL
    if doc_type is not None:
        problems += _doc_type_problems(path, doc_type, declared, kind)
    return kind


def _title_kind(title_match: re.Match[str] | None, has_http_section: bool) -> PageKind | None:
    if title_match is None:
        return None
    if has_http_section and not title_match.group("typeword"):
        return None  # "Get resource" is an operation on a resource, not a type's page
    return PageKind.of_title_word(title_match.group("word"))


def _annotation_kind(annotations: dict[int, Annotation]) -> PageKind | None:
    """A resource page by its one resource annotation that names a type."""
    annotated = resource_annotation(_resource_annotations(annotations), None)
    return PageKind.RESOURCE if annotated and odata_type(annotated) else None


def _doc_type_problems(path: str, doc_type: str, declared: PageKind | None, kind: PageKind) -> list[Diagnostic]:
    if declared is None:
        return [diag("GEN007", path, 1, f"doc_type {doc_type!r} is not a known page type")]
    if declared is not kind:
        return [diag("GEN007", path, 1, f"doc_type {doc_type!r} says {declared}, but the page reads as {kind}")]
    return []


def _resource_annotations(annotations: dict[int, Annotation]) -> list[Annotation]:
    """The annotations of the page's resource blocks (``"blockType": "resource"``, in any case)."""
    return [a for a in annotations.values() if a.values and _block_kind(a.values) is ExampleKind.RESOURCE]


def _block_kind(values: dict[str, Any]) -> ExampleKind:
    return ExampleKind.of_block(str(values.get("blockType", "")).lower())


def resource_annotation(candidates: list[Annotation], title_name: str | None) -> Annotation | None:
    short = (title_name or "").rpartition(".")[2].lower()
    for annotation in candidates:
        if odata_type(annotation).rpartition(".")[2].lower() == short:
            return annotation
    if title_name is None:
        return candidates[0] if len({odata_type(a) for a in candidates}) == 1 else None
    return candidates[0] if candidates else None


def odata_type(annotation: Annotation) -> str:
    """The ``@odata.type`` an annotation names, without its ``#``; "" when none."""
    values: dict[str, Any] = annotation.values or {}
    value = values.get("@odata.type") or values.get("@type")  # older pages say "@type"
    return value.strip().lstrip("#") if isinstance(value, str) else ""


def is_values_section(section: str) -> bool:
    return bool(VALUES_HEADING.match(section))


def is_request_block(fence: Fence) -> bool:
    """A fence of the "HTTP request" section: right under its heading, or an HTTP block
    under one of its sub-headings ("### Get the photo", "### Get the metadata")."""
    if tables.section_title(fence.section) in HTTP_SECTIONS:
        return True
    if in_example(fence.section) or not any(tables.heading_title(h.text) in HTTP_SECTIONS for h in fence.section):
        return False
    return looks_like_http(fence.content)


@functools.lru_cache(maxsize=4096)  # (asked of every block; a page's blocks share their sections)
def in_example(section: tuple[object, ...]) -> bool:
    return any("example" in getattr(h, "text", "").lower() for h in section)


def first_paragraph(ctx: PageContext) -> str:
    """The page's description: the first paragraph under its title."""
    seen_title = False
    for block in ctx.blocks:
        if isinstance(block, Heading) and block.level == 1 and not is_tab_heading(block.text):
            seen_title = True
        elif isinstance(block, Heading) and seen_title and block.level > 1:
            return ""
        elif isinstance(block, Paragraph) and seen_title and not block.quoted:
            text = block.text.strip()
            if NAMESPACE.match(text) or text.startswith("[!") or text.startswith(">"):
                continue
            return parse_inline(text.split("\n")[0] if len(text) > 2000 else text).text
    return ""
