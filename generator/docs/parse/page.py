"""One page to PageFacts: front matter, title, namespace, tables, prose, code blocks.

The page is tokenised once (block level); cells and sentences that carry meaning are
parsed inline on demand. Every problem is a diagnostic with file and line.
"""

from __future__ import annotations

import re
from typing import Iterable

from ...model.diagnostics import Diagnostic, diag
from ..read import Page
from . import tables
from .annotations import Annotation, read_annotation
from .facts import (
    BaseClaim,
    EnumFacts,
    Example,
    MemberRow,
    MethodRow,
    OperationFacts,
    PageFacts,
    Parameter,
    Permission,
    PropertyRow,
    TypeFacts,
    TypeLink,
)
from .frontmatter import split_front_matter
from .http import RequestLine, looks_like_http, read_http
from .inline import parse_inline, parse_inline_with_refs, strip_html
from .markdown import Comment, Fence, Heading, Paragraph, Table, is_tab_heading, outline
from .tolerant_json import LineFinder, loads_tolerant, offset_to_line
from .typecell import primitive_name

DEFAULT_NAMESPACE = "microsoft.graph"
DEFAULT_MAX_EXAMPLE_BYTES = 2 * 1024 * 1024

_TITLE = re.compile(
    r"^`?(?P<name>[A-Za-z_][\w.]*)`?\s+(?:\((?:preview|deprecated)\)\s+)?"
    r"(?P<word>resource|complex|entity|enum|enumeration)(?:\s+type|\s+types?)?\b",
    re.IGNORECASE,
)
_NAMESPACE = re.compile(r"^\s*namespace\s*:\s*`?([A-Za-z_][\w.]*)`?", re.IGNORECASE)
_VALUES_HEADING = re.compile(r"^`?([A-Za-z_][\w.]*)`?\s+(?:enum\s+)?values$", re.IGNORECASE)
_BASE_PROSE = re.compile(
    r"(?:inherits\s+(?:properties\s+)?from|derived\s+from|derives\s+from|extends)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_REVERSE_PROSE = re.compile(r"(?:types|following|classes|these)\b[^.]*\b(?:are|is)\s+derived\s+from", re.IGNORECASE)
_QUALIFIED = re.compile(r"^(?:microsoft\.graph)(?:\.[A-Za-z_]\w*)+$")
_STATUS = re.compile(r"`?\b([1-5]\d\d)\b,?\s*([A-Za-z][A-Za-z \-]*)?`?")
_SUPPRESS = re.compile(r"^\s*<!--\s*gen\s*:\s*(?:suppress|disable)\s+(.*?)-->", re.IGNORECASE | re.DOTALL)
_CODE_LANGUAGES = {"http", "json", "msgraph-interactive", "", "javascript-json", "jsonc", "json5", "text"}


def parse_page(page: Page, max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES) -> PageFacts:
    return _PageParser(page, max_example_bytes).run()


class _PageParser:
    def __init__(self, page: Page, max_example_bytes: int) -> None:
        self.page = page
        self.path = page.path
        self.max_example_bytes = max_example_bytes
        self.problems: list[Diagnostic] = []

    # -- page level ----------------------------------------------------------------
    def run(self) -> PageFacts:
        fields, body, had_front_matter = split_front_matter(self.page.text)
        if not had_front_matter:
            self.problems.append(diag("GEN006", self.path, 1, "page has no front matter (---) block"))
        self.blocks, self.references = outline(body)
        self.annotations = self._bind_annotations()
        title_heading = next(
            (b for b in self.blocks if isinstance(b, Heading) and b.level == 1 and not is_tab_heading(b.text)),
            None,
        )
        self.title = parse_inline(title_heading.text).text if title_heading else fields.get("title", "")
        self.title_line = title_heading.line if title_heading else 1
        if not self.title:
            self.problems.append(diag("GEN311", self.path, 1, "page has no H1 title and no front-matter title"))
        self.namespace = self._namespace()
        doc_type = fields.get("doc_type")
        title_match = _TITLE.match(self.title)
        kind = self._kind(doc_type, title_match)
        examples = self.examples = self._examples()
        types: list[TypeFacts] = []
        enums = self._value_section_enums()
        operation = None
        if kind == "resource" and title_match:
            types.append(self._resource_type(title_match.group("name"), title_match.group("word").lower()))
        elif kind == "enum" and title_match:
            enums = self._enum_page(title_match.group("name")) + enums
        elif kind == "api":
            operation = self._operation()
        return PageFacts(
            path=self.path,
            kind=kind,
            title=self.title,
            namespace=self.namespace,
            doc_type=doc_type,
            types=tuple(types),
            enums=tuple(enums),
            operation=operation,
            examples=tuple(examples),
            suppressions=tuple(self._suppressions()),
            diagnostics=tuple(self.problems),
            digest=self.page.digest,
        )

    def _namespace(self) -> str:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                match = _NAMESPACE.match(block.text)
                if match:
                    return match.group(1).rstrip(".")
        return DEFAULT_NAMESPACE

    def _kind(self, doc_type: str | None, title_match: re.Match[str] | None) -> str:
        declared = _doc_kind(doc_type)
        word = title_match.group("word").lower() if title_match else None
        from_title = {"enum": "enum", "enumeration": "enum"}.get(word or "", "resource" if word else None)
        has_http_section = any(
            tables.section_title(b.section) in ("http request", "http requests") for b in self.blocks if isinstance(b, Fence)
        )
        kind = from_title or ("api" if has_http_section else None) or declared or "conceptual"
        if declared and declared != kind and doc_type is not None:
            self.problems.append(
                diag("GEN007", self.path, 1, f"doc_type {doc_type!r} says {declared}, but the page reads as {kind}")
            )
        elif doc_type is not None and declared is None:
            self.problems.append(diag("GEN007", self.path, 1, f"doc_type {doc_type!r} is not a known page type"))
        return kind

    # -- annotations and examples ---------------------------------------------------
    def _bind_annotations(self) -> dict[int, Annotation]:
        """Annotation comments keyed by the index of the fence they describe."""
        bound: dict[int, Annotation] = {}
        pending: Annotation | None = None
        for index, block in enumerate(self.blocks):
            if isinstance(block, Comment):
                annotation = read_annotation(block.content, block.line)
                if annotation is None:
                    continue
                if annotation.problem:
                    severity = "error" if annotation.values is None else "warning"
                    self.problems.append(
                        diag(
                            "GEN303",
                            self.path,
                            annotation.problem_line or block.line,
                            f"annotation is not valid JSON ({annotation.problem})"
                            + ("; it was ignored" if annotation.values is None else "; read tolerantly"),
                            severity=severity,  # type: ignore[arg-type]
                        )
                    )
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

    def _examples(self) -> list[Example]:
        examples: list[Example] = []
        for index, block in enumerate(self.blocks):
            if not isinstance(block, Fence):
                continue
            example = self._example(block, self.annotations.get(index))
            if example is not None:
                examples.append(example)
        return examples

    def _example(self, fence: Fence, annotation: Annotation | None) -> Example | None:
        language = fence.info.split()[0].lower() if fence.info.split() else ""
        values = annotation.values if annotation else None
        block_type = str(values.get("blockType", "")).strip().lower() if values else ""
        section = tables.section_title(fence.section)
        if block_type == "ignored" or section in ("http request", "http requests"):
            return None
        if language not in _CODE_LANGUAGES and not block_type:
            return None
        content = fence.content
        is_http = looks_like_http(content)
        if not block_type:
            inferred = self._infer_block_type(content, is_http, section, language)
            if inferred is None:
                return None
            block_type = inferred
            self.problems.append(
                diag("GEN304", self.path, fence.line, f"{block_type} example has no annotation comment")
            )
        http = read_http(content, fence.line + 1) if is_http else None
        body = http.body if http else content.strip()
        body_line = http.body_line if http else fence.line + 1 + _leading_blank_lines(content)
        json_ok, text, error = self._body_json(body, body_line)
        return Example(
            file=self.path,
            line=fence.line,
            language=language,
            block_type=block_type,
            annotation=values,
            annotation_line=annotation.line if annotation else 0,
            http=http,
            body=body,
            body_line=body_line,
            json_ok=json_ok,
            json_text=text,
            json_error=error,
            section=section,
        )

    @staticmethod
    def _infer_block_type(content: str, is_http: bool, section: str, language: str) -> str | None:
        if is_http:
            first = content.lstrip().split(None, 1)[0].upper() if content.strip() else ""
            return "response" if first.startswith("HTTP") else "request"
        if language in ("json", "jsonc", "json5", "javascript-json") or content.lstrip().startswith(("{", "[")):
            if "json representation" in section or "representation" in section:
                return "resource"
            if "response" in section:
                return "response"
            if "request" in section:
                return "request"
            return "example"
        return None

    def _body_json(self, body: str, line: int) -> tuple[bool | None, str, str | None]:
        if not body:
            return None, "", None
        if len(body.encode("utf-8", "surrogatepass")) > self.max_example_bytes:
            message = f"example body is over the {self.max_example_bytes:,}-byte limit; not read (raise it with gen --max-example-bytes SIZE)"
            self.problems.append(diag("GEN301", self.path, line, message, severity="warning"))
            return False, "", message
        if body[0] not in "{[\"\u201c":
            self.problems.append(diag("GEN312", self.path, line, "body is not JSON (another content type); not checked"))
            return None, "", None
        result = loads_tolerant(body)
        if not result.ok:
            where = line + offset_to_line(body, result.error_offset) - 1
            self.problems.append(diag("GEN301", self.path, where, f"body is not JSON: {result.error}"))
            return False, "", result.error
        line_of = LineFinder(body)
        for repair in result.repairs:
            where = line + line_of(repair.offset) - 1
            self.problems.append(diag("GEN302", self.path, where, f"not strict JSON: {repair.message}"))
        for offset, key in result.duplicate_keys:
            where = line + line_of(offset) - 1
            self.problems.append(diag("GEN302", self.path, where, f"duplicate key {key!r}: the last value wins"))
        return True, result.text, None

    def _suppressions(self) -> Iterable[tuple[str, str | None, str]]:
        for block in self.blocks:
            if isinstance(block, Comment):
                match = _SUPPRESS.match(block.content)
                if match:
                    spec, _, reason = match.group(1).partition("--")
                    words = spec.split()
                    for code in words[:1]:
                        yield code.upper(), (words[1] if len(words) > 1 else None), reason.strip()

    # -- resource pages ---------------------------------------------------------------
    def _resource_type(self, title_name: str, word: str) -> TypeFacts:
        resource = self._resource_annotation(title_name)
        name, namespace, from_annotation = title_name, self.namespace, False
        if "." in title_name:
            namespace, _, name = title_name.rpartition(".")
        odata_type = str(resource.values.get("@odata.type", "")).lstrip("#") if resource and resource.values else ""
        if odata_type and odata_type.rpartition(".")[2].lower() == name.lower():
            namespace, _, name = odata_type.rpartition(".")
            namespace = namespace or self.namespace
            from_annotation = True
        values = resource.values if resource and resource.values else {}
        properties: list[PropertyRow] = []
        has_relationships = False
        methods: list[MethodRow] = []
        for block in self.blocks:
            if not isinstance(block, Table):
                continue
            kind = tables.table_kind(block)
            section = tables.section_title(block.section)
            if kind == tables.PROPERTIES and not _is_values_section(section):
                properties += tables.property_rows(block, self.path, False, self.references, self.problems)
            elif kind == tables.RELATIONSHIPS:
                has_relationships = True
                properties += tables.property_rows(block, self.path, True, self.references, self.problems)
            elif kind == tables.METHODS:
                methods += tables.method_rows(block, self.path, self.references, self.problems)
        bases = list(self._annotation_base(resource)) + list(self._prose_bases())
        return TypeFacts(
            name=name,
            namespace=namespace,
            line=self.title_line,
            title_kind=word,
            description=self._first_paragraph(),
            properties=tuple(properties),
            bases=tuple(bases),
            key_property=_string_or_none(values.get("keyProperty")),
            abstract=values.get("abstract") if isinstance(values.get("abstract"), bool) else None,
            open_type=values.get("openType") is True,
            methods=tuple(methods),
            has_relationships_section=has_relationships,
            name_from_annotation=from_annotation,
            derived=tuple(self._derived_types()),
        )

    def _resource_annotation(self, title_name: str) -> Annotation | None:
        candidates = [a for a in self.annotations.values() if a.values and str(a.values.get("blockType", "")).lower() == "resource"]
        short = title_name.rpartition(".")[2].lower()
        for annotation in candidates:
            assert annotation.values is not None
            if str(annotation.values.get("@odata.type", "")).rpartition(".")[2].lower() == short:
                return annotation
        return candidates[0] if candidates else None

    def _annotation_base(self, resource: Annotation | None) -> Iterable[BaseClaim]:
        if resource and resource.values:
            base = resource.values.get("baseType")
            if isinstance(base, str) and base.strip():
                yield BaseClaim(base.strip().lstrip("#"), None, resource.line, "annotation")

    def _prose_bases(self) -> Iterable[BaseClaim]:
        for block in self.blocks:
            if not isinstance(block, Paragraph):
                continue
            if tables.section_title(block.section) not in ("", self.title.lower()) and block.section and block.section[-1].level > 1:
                continue  # only the introduction states the base type
            lowered = block.text.lower()
            if "inherit" not in lowered and "derive" not in lowered and "extends" not in lowered:
                continue
            claim = self._base_from_sentence(block)
            if claim:
                yield claim

    def _derived_types(self) -> Iterable[TypeLink]:
        """Types a page lists after "The following types are derived from x:"."""
        listing = False
        for block in self.blocks:
            if isinstance(block, Heading) and not is_tab_heading(block.text):
                listing = False
            elif isinstance(block, Paragraph) and _REVERSE_PROSE.search(block.text):
                listing = True
            elif isinstance(block, Paragraph) and listing and block.listed:
                for link in parse_inline_with_refs(block.text, self.references).links[:1]:
                    target, anchor = tables.resolve_href(self.path, link.href)
                    if target is not None:
                        yield TypeLink(link.text.strip("`* "), target, anchor)
            elif isinstance(block, (Paragraph, Table)):
                listing = False

    def _base_from_sentence(self, block: Paragraph) -> BaseClaim | None:
        if _REVERSE_PROSE.search(block.text):
            return None
        match = _BASE_PROSE.search(block.text)
        if not match:
            return None
        rest = block.text[match.end() :]
        inline = parse_inline_with_refs(rest, self.references)
        first_words = inline.text.split()
        if inline.links and (not first_words or inline.text.startswith(inline.links[0].text) or rest.lstrip().startswith("[")):
            link = inline.links[0]
            target, _ = tables.resolve_href(self.path, link.href)
            name = link.text.strip("`* ")
            if re.match(r"^[A-Za-z_][\w.]*$", name):
                return BaseClaim(name, target, block.line, "prose")
        if first_words:
            word = first_words[0].strip("`*.,;:()")
            if _QUALIFIED.match(word) or (rest.lstrip().startswith(("**", "`")) and re.match(r"^[A-Za-z_]\w*$", word)):
                return BaseClaim(word, None, block.line, "prose")
        return None

    def _first_paragraph(self) -> str:
        seen_title = False
        for block in self.blocks:
            if isinstance(block, Heading) and block.level == 1 and not is_tab_heading(block.text):
                seen_title = True
            elif isinstance(block, Heading) and seen_title and block.level > 1:
                return ""
            elif isinstance(block, Paragraph) and seen_title and not block.quoted:
                text = block.text.strip()
                if _NAMESPACE.match(text) or text.startswith("[!") or text.startswith(">"):
                    continue
                return parse_inline(text.split("\n")[0] if len(text) > 2000 else text).text
        return ""

    # -- enums --------------------------------------------------------------------------
    def _enum_page(self, title_name: str) -> list[EnumFacts]:
        namespace, _, name = title_name.rpartition(".")
        members: list[MemberRow] = []
        line = self.title_line
        for block in self.blocks:
            if isinstance(block, Table) and tables.table_kind(block) in (tables.MEMBERS, tables.PARAMETERS, tables.PROPERTIES):
                if _is_values_section(tables.section_title(block.section)):
                    continue
                members += tables.member_rows(block, self.path, self.problems)
                if members:
                    break
        return [EnumFacts(name, namespace or self.namespace, tuple(members), line, description=self._first_paragraph())]

    def _value_section_enums(self) -> list[EnumFacts]:
        """``### x values`` sections, each followed by a members table."""
        enums: list[EnumFacts] = []
        for block in self.blocks:
            if not isinstance(block, Table) or not block.section:
                continue
            heading = block.section[-1]
            match = _VALUES_HEADING.match(parse_inline(heading.text).text)
            if not match or tables.table_kind(block) in (tables.PERMISSIONS, tables.HEADERS):
                continue
            members = tables.member_rows(block, self.path, self.problems)
            if members and not any(e.name == match.group(1) for e in enums):
                namespace, _, name = match.group(1).rpartition(".")
                enums.append(
                    EnumFacts(name, namespace or self.namespace, tuple(members), heading.line, anchor=_slug(heading.text))
                )
        return enums

    # -- api pages ----------------------------------------------------------------------
    def _operation(self) -> OperationFacts:
        requests: list[RequestLine] = []
        body_type: TypeLink | None = None
        body_properties: list[PropertyRow] = []
        body_parameters: list[Parameter] = []
        parameters: list[Parameter] = []
        permissions: list[Permission] = []
        response_status: int | None = None
        response_type: TypeLink | None = None
        response_collection = False
        response_line = 0
        response_names: tuple[str, ...] = ()
        response_primitive: str | None = None
        for block in self.blocks:
            if isinstance(block, Heading):
                continue
            section = tables.section_title(getattr(block, "section", ()))
            in_example = _in_example(getattr(block, "section", ()))
            if isinstance(block, Fence) and section in ("http request", "http requests"):
                requests += self._request_lines(block)
            elif isinstance(block, Table):
                kind = tables.table_kind(block)
                if kind == tables.PERMISSIONS:
                    permissions += self._permissions(block)
                elif in_example:
                    continue
                elif "request body" in section or section == "body":
                    if kind in (tables.PROPERTIES, tables.RELATIONSHIPS):
                        body_properties += tables.property_rows(block, self.path, False, self.references, self.problems)
                    elif kind == tables.PARAMETERS:
                        body_parameters += tables.parameter_rows(block, self.path, "body", self.references, self.problems)
                elif kind == tables.HEADERS or "header" in section:
                    parameters += tables.header_rows(block, self.path, self.problems)
                elif kind == tables.PARAMETERS:
                    location = "path" if "path" in section else "query" if "query" in section else "body" if "function" in section or "action" in section else "query"
                    parameters += tables.parameter_rows(block, self.path, location, self.references, self.problems)
            elif isinstance(block, Paragraph) and not in_example:
                if "request body" in section and body_type is None:
                    body_type = self._type_link(block.text, ("representation", "supply", "object", "body"))
                elif section == "response" and response_status is None:
                    status, link, collection = self._response_sentence(block.text)
                    if status is not None or link is not None:
                        response_status, response_type, response_collection = status, link, collection
                        response_line = block.line
                        response_names = _emphasised_names(block.text)
                        if link is None:
                            response_primitive, primitive_collection = _primitive_in_sentence(block.text)
                            response_collection = response_collection or primitive_collection
        self._check_requests(requests)
        return OperationFacts(
            title=self.title,
            line=self.title_line,
            requests=tuple(requests),
            body_type=body_type,
            body_properties=tuple(body_properties),
            body_parameters=tuple(body_parameters),
            parameters=tuple(parameters),
            response_status=response_status,
            response_type=response_type,
            response_collection=response_collection,
            permissions=tuple(permissions),
            response_line=response_line,
            response_names=response_names,
            response_primitive=response_primitive,
        )

    def _request_lines(self, fence: Fence) -> list[RequestLine]:
        if not looks_like_http(fence.content):
            if fence.content.strip():
                self.problems.append(diag("GEN310", self.path, fence.line, "HTTP request block holds no request line"))
            return []
        return list(read_http(fence.content, fence.line + 1).requests)

    def _check_requests(self, requests: list[RequestLine]) -> None:
        seen: set[int] = set()
        for request in requests:
            if request.placeholder and request.line not in seen:
                seen.add(request.line)
                code = "GEN307" if "not found" in request.placeholder else "GEN308"
                self.problems.append(
                    diag(code, self.path, request.line, f"{request.placeholder}: {request.url!r}; document the real path")
                )
        for example in self.examples:
            if example.http:
                for request in example.http.requests:
                    if request.placeholder and request.line not in seen:
                        seen.add(request.line)
                        code = "GEN307" if "not found" in request.placeholder else "GEN308"
                        self.problems.append(
                            diag(code, self.path, request.line, f"example {request.placeholder}: {request.url!r}")
                        )

    def _permissions(self, table: Table) -> list[Permission]:
        rows = tables.permission_rows(table, self.path, self.problems)
        for row in rows:
            if "todo" in row.value.lower():
                self.problems.append(
                    diag("GEN309", self.path, row.line, f"permissions for {row.kind!r} are a TODO: {row.value!r}")
                )
        return rows

    def _type_link(self, text: str, cues: tuple[str, ...]) -> TypeLink | None:
        lowered = text.lower()
        if not any(cue in lowered for cue in cues):
            return None
        inline = parse_inline_with_refs(text, self.references)
        for link in inline.links:
            name = link.text.strip("`* ")
            target, anchor = tables.resolve_href(self.path, link.href)
            if re.match(r"^[A-Za-z_][\w.]*$", name) and (target is None or target.endswith(".md") or target.endswith(".txt")):
                if link.href.startswith("/") and "resources" not in link.href:
                    continue
                return TypeLink(name, target, anchor)
        return None

    def _response_sentence(self, text: str) -> tuple[int | None, TypeLink | None, bool]:
        plain = parse_inline_with_refs(text, self.references).text
        lowered = plain.lower()
        if "return" not in lowered and "respond" not in lowered:
            return None, None, False
        status_match = _STATUS.search(plain)
        status = int(status_match.group(1)) if status_match else None
        link = self._type_link(text, ("return", "respond"))
        if link is None:
            return status, None, False
        before, _, after = lowered.partition(link.name.lower())
        before, after = before[-30:], after[:25]
        collection = any(cue in before for cue in ("collection", "array of", "list of", "set of")) or bool(
            re.match(r"^\W*(?:collection|objects|resources|entities|items)\b", after)
        )
        return status, link, collection


_EMPHASIS = re.compile(r"\*\*([A-Za-z_][\w.]*)\*\*|`([A-Za-z_][\w.]*)`")


def _emphasised_names(text: str) -> tuple[str, ...]:
    """Bold or code words that could name a type ("returns a **x** object")."""
    return tuple(m.group(1) or m.group(2) for m in _EMPHASIS.finditer(text) if (m.group(1) or m.group(2)) not in ("OK",))


_RETURNS_PRIMITIVE = re.compile(
    r"\b(?:a|an|the)\s+(?:\*\*|`)?([A-Za-z][\w.]*)(?:\*\*|`)?(\s+collection)?\s+(?:in\s+the\s+response|object|value)",
    re.IGNORECASE,
)


def _primitive_in_sentence(text: str) -> tuple[str | None, bool]:
    """"returns ... a String collection in the response body" -> ("Edm.String", True)."""
    plain = parse_inline(text).text
    for match in _RETURNS_PRIMITIVE.finditer(plain):
        primitive = primitive_name(match.group(1))
        if primitive:
            return primitive, bool(match.group(2))
    return None, False


def _doc_kind(doc_type: str | None) -> str | None:
    if not doc_type:
        return None
    lowered = doc_type.strip().strip("\"'_").lower()
    for key, kind in (("enum", "enum"), ("resource", "resource"), ("api", "api"), ("conceptual", "conceptual")):
        if key in lowered:
            return kind
    return None


def _is_values_section(section: str) -> bool:
    return bool(_VALUES_HEADING.match(section))


def _in_example(section: tuple[object, ...]) -> bool:
    return any("example" in getattr(h, "text", "").lower() for h in section)


def _slug(heading: str) -> str:
    text = strip_html(parse_inline(heading).text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r"\s", "-", text.strip())


def _string_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _leading_blank_lines(content: str) -> int:
    count = 0
    for line in content.split("\n"):
        if line.strip():
            break
        count += 1
    return count
