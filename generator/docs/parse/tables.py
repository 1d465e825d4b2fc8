"""Tables: recognised by header and section, read into rows of the right kind.

137 distinct header rows occur in the dialect; they reduce to a handful of kinds
(``TableKind``). ``TABLE_RULES`` names them in the order they are tried (as markdown-it's
block rules are): the first rule whose header words and section match decides. The
section heading above a table decides the ambiguous ones (``Name|Type|Description`` is
a property table under "Properties" and a parameter table under "Request body").
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Callable

import attrs

from ...model.diagnostics import Diagnostic, diag
from ...model.kinds import Location, Word
from .enums import possible_values
from .facts import MemberRow, MethodRow, Parameter, Permission, PropertyRow, TypeLink
from .inline import InlineLink, normalise_space, parse_inline, strip_html
from .markdown import Heading, Table, TableRow, is_tab_heading
from .typecell import is_type_name, read_type_cell


class TableKind(Word):
    """What a table holds, as its header and section say."""

    PROPERTIES = "properties"
    RELATIONSHIPS = "relationships"
    MEMBERS = "members"
    PARAMETERS = "parameters"
    HEADERS = "headers"
    PERMISSIONS = "permissions"
    METHODS = "methods"
    OTHER = "other"


@attrs.frozen
class Header:
    """A table's header as the rules read it: its first cell, the others, how many cells."""

    first: str
    rest: frozenset[str]
    width: int

    @classmethod
    def of(cls, cells: tuple[str, ...]) -> Header:
        keys = [header_key(cell) for cell in cells]
        return cls(keys[0], frozenset(keys[1:]), len(keys))

    @property
    def typed(self) -> bool:
        """A column gives the type ("Type", "Type of value")."""
        return any(cell.startswith("type") for cell in self.rest)


def _anywhere(_: object) -> bool:
    return True


# Section tests: what the title of the section above the table must say.
def _mentions(*words: str) -> Callable[[str], bool]:
    return lambda section: any(word in section for word in words)


def _enum_section(section: str) -> bool:
    """An "x values" section, or one about members or an enum."""
    return section.endswith("values") or "member" in section or "enum" in section


# Column tests: what the cells after the first must say.
def _typed(header: Header) -> bool:
    return header.typed


def _two_or_more(header: Header) -> bool:
    return header.width >= 2


def _at_most_two(header: Header) -> bool:
    return header.width <= 2


def _valued_untyped(header: Header) -> bool:
    return "value" in header.rest and "type" not in header.rest


def _described(header: Header) -> bool:
    return "description" in header.rest


@attrs.frozen
class TableRule:
    """One way to recognise a kind of table.

    ``first`` are the words the first header cell may be (prefixes, with ``prefix``);
    ``columns`` and ``section`` are what the other cells and the section title must say.
    """

    kind: TableKind
    first: tuple[str, ...]
    columns: Callable[[Header], bool] = _anywhere
    section: Callable[[str], bool] = _anywhere
    prefix: bool = False

    def matches(self, header: Header, section: str) -> bool:
        first = header.first.startswith(self.first) if self.prefix else header.first in self.first
        return first and self.columns(header) and self.section(section)


_PROPERTY = ("property", "property name", "properties")
_HEADER = ("header", "header name", "request header")
_PARAMETER = ("name", "parameter", "parameter name")

# Tried in order; the first that matches decides (TableKind.OTHER when none does).
TABLE_RULES: tuple[TableRule, ...] = (
    TableRule(TableKind.PERMISSIONS, ("permission",), prefix=True),
    TableRule(TableKind.METHODS, ("method", "methods"), columns=_two_or_more),
    TableRule(TableKind.RELATIONSHIPS, ("relationship", "relationship name", "navigation property", "relationships")),
    TableRule(TableKind.MEMBERS, ("member", "members", "enum member", "enum value", "enumeration member")),
    # Value|Description, or Name|Value without a type, under an enum's section.
    TableRule(TableKind.MEMBERS, ("value",), columns=_at_most_two, section=_enum_section),
    TableRule(TableKind.MEMBERS, ("name",), columns=_valued_untyped, section=_enum_section),
    TableRule(TableKind.HEADERS, _HEADER + ("name",), section=_mentions("header")),
    TableRule(TableKind.HEADERS, _HEADER),
    # Property|Type tables: the section tells relationships and parameters apart.
    TableRule(TableKind.RELATIONSHIPS, _PROPERTY, columns=_typed, section=_mentions("relationship")),
    TableRule(TableKind.PARAMETERS, _PROPERTY, columns=_typed, section=_mentions("parameter")),
    TableRule(TableKind.PROPERTIES, _PROPERTY, columns=_typed),
    # Name|Type tables: properties or relationships by their section, else parameters.
    TableRule(TableKind.PROPERTIES, ("name",), columns=_typed, section=_mentions("propert")),
    TableRule(TableKind.RELATIONSHIPS, ("name",), columns=_typed, section=_mentions("relationship")),
    TableRule(TableKind.PARAMETERS, _PARAMETER + ("query parameter", "parameters"), columns=_typed),
    TableRule(TableKind.PARAMETERS, _PARAMETER, columns=_described),
)

_GROUP_ROW = re.compile(r"^\s*(\*\*|__).*(\*\*|__)\s*$")
_DEPRECATED = re.compile(r"\s*\((?:deprecated|obsolete|preview)[^)]*\)\s*$", re.IGNORECASE)
_INHERITED = re.compile(r"inherited\s+from", re.IGNORECASE)
_PATH_NAME = re.compile(r"^[A-Za-z_]\w*(?:/(?:[A-Za-z_]\w*|\{[^{}/]+\}))+$")


def header_key(cell: str) -> str:
    text = strip_html(cell).replace("*", "").replace("_", " ")
    return normalise_space(text).lower()


@functools.lru_cache(maxsize=4096)
def section_title(section: tuple[Heading, ...]) -> str:
    """Lower-cased title of the nearest real heading above a block."""
    for heading in reversed(section):
        text = getattr(heading, "text", "")
        if not is_tab_heading(text):
            return heading_title(text)
    return ""


@functools.lru_cache(maxsize=16384)  # (headings repeat across pages: "Properties", "Response")
def heading_title(text: str) -> str:
    """A heading's text as sections are compared: lower case, no markup, single spaces."""
    return normalise_space(strip_html(text).replace("*", "")).lower()


def table_kind(table: Table) -> TableKind:
    return _table_kind(table.header, section_title(table.section))


@functools.lru_cache(maxsize=4096)
def _table_kind(raw_header: tuple[str, ...], section: str) -> TableKind:
    """The kind of the first rule that matches."""
    if not raw_header:
        return TableKind.OTHER
    header = Header.of(raw_header)
    return next((rule.kind for rule in TABLE_RULES if rule.matches(header, section)), TableKind.OTHER)


def _rows(table: Table, path: str, problems: list[Diagnostic]) -> list[TableRow]:
    """Data rows, without group sub-heading rows; malformed rows noted, not dropped."""
    width = len(table.header)
    rows: list[TableRow] = []
    for row in table.rows:
        if row.continuation and rows:
            # A line break inside a cell: the line belongs to the previous row's last cell.
            previous = rows[-1]
            text = " ".join(cell for cell in row.cells if cell.strip())
            rows[-1] = TableRow(previous.cells[:-1] + ((previous.cells[-1] + " " + text).strip(),), previous.line)
            problems.append(diag("GEN305", path, row.line, "a cell continues on the next line; read as part of the row above"))
            continue
        filled = [cell for cell in row.cells if cell.strip()]
        if len(filled) == 1 and _GROUP_ROW.match(row.cells[0]) and width > 1:
            continue
        if not filled:
            continue
        if len(row.cells) != width:
            problems.append(
                diag(
                    "GEN305",
                    path,
                    row.line,
                    f"row has {len(row.cells)} cells, header has {width}; "
                    + ("missing cells read as empty" if len(row.cells) < width else "extra cells ignored"),
                )
            )
        cells = tuple(row.cells[:width]) + ("",) * max(0, width - len(row.cells))
        rows.append(TableRow(cells, row.line))
    return rows


def _column(table: Table, *names: str) -> int | None:
    header = [header_key(cell) for cell in table.header]
    for name in names:
        for index, cell in enumerate(header):
            if cell == name or cell.startswith(name):
                return index
    return None


def clean_name(cell: str) -> str:
    """A property or member name as written, without markup or a "(deprecated)" tail."""
    inline = parse_inline(cell)
    name = inline.text.strip().strip("*`").strip()
    name = _DEPRECATED.sub("", name).strip()
    return name


def resolve_href(page_path: str, href: str) -> tuple[str | None, str | None]:
    """(docs-root-relative target page, anchor) of a link on a page; external links give None."""
    href = href.strip()
    if not href or "://" in href or href.startswith(("mailto:", "/")):
        anchor = href.partition("#")[2] or None if href.startswith("/") else None
        return None, anchor
    target, _, anchor = href.partition("#")
    if not target:
        return page_path, anchor or None
    parts = page_path.split("/")[:-1]
    for part in target.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts), anchor or None


# Words that start a phrase, not a type name: "inherited from a group", "from the template".
_DETERMINERS = frozenset(
    "a an the another any all each its their this that these those some other parent one".split()
)
_TYPE_WORDS = frozenset({"type", "resource", "class", "entity", "object"})


def inherited_from(description: str, page_path: str) -> TypeLink | None:
    """The owner of a row whose description says "Inherited from [x](...)".

    The marker names a type: a link right after "from", or a single type-like word that
    ends the phrase ("Inherited from baseItem."). "if it is inherited from an ancestor" is prose.
    """
    match = None
    for match in _INHERITED.finditer(description):
        pass
    if match is None:
        return None
    rest = description[match.end() :]
    inline = parse_inline(rest)
    if inline.links and rest.lstrip(" *_`").startswith("["):
        link: InlineLink = inline.links[0]
        target, anchor = resolve_href(page_path, link.href)
        return TypeLink(link.text.strip("`* "), target, anchor)
    words = inline.text.split()
    if not words:
        return None
    name = words[0].strip("`*.,;:()[]")
    ends_phrase = len(words) == 1 or words[0][-1] in ".,;)" or words[1].lower().strip(".,;)") in _TYPE_WORDS
    if name.lower() in _DETERMINERS or not ends_phrase or not is_type_name(name):
        return None
    return TypeLink(name, None)


def property_rows(
    table: Table,
    path: str,
    navigation: bool,
    references: dict[str, dict[str, str]],
    problems: list[Diagnostic],
) -> list[PropertyRow]:
    type_at = _column(table, "type", "return type")
    description_at = _column(table, "description", "notes", "remarks")
    folder = path.rpartition("/")[0]
    rows: list[PropertyRow] = []
    for row in _rows(table, path, problems):
        name_cell = row.cells[0]
        type_cell = row.cells[type_at] if type_at is not None else ""
        description_cell = row.cells[description_at] if description_at is not None else ""
        if references and "[" in type_cell and "](" not in type_cell:
            read = _property_row(name_cell, type_cell, description_cell, folder, navigation, references)
        else:
            read = _cached_property_row(name_cell, type_cell, description_cell, folder, navigation)
        if read is not None:
            rows.append(_at_line(read, row.line))
    return rows


_ROW_FIELDS = tuple(field.name for field in attrs.fields(PropertyRow))
_ROW_VALUES = operator.attrgetter(*_ROW_FIELDS)
_LINE_FIELD = _ROW_FIELDS.index("line")


def _at_line(row: PropertyRow, line: int) -> PropertyRow:
    """``row`` as read at ``line`` (``attrs.evolve``'s result, without its generic walk: this runs
    for every row of every property table)."""
    values = list(_ROW_VALUES(row))
    values[_LINE_FIELD] = line
    return PropertyRow(*values)


@functools.lru_cache(maxsize=32768)
def _cached_property_row(
    name_cell: str, type_cell: str, description_cell: str, folder: str, navigation: bool
) -> PropertyRow | None:
    # Derived pages repeat their bases' rows word for word: read each distinct row once.
    return _property_row(name_cell, type_cell, description_cell, folder, navigation, None)


def _property_row(
    name_cell: str,
    type_cell: str,
    description_cell: str,
    folder: str,
    navigation: bool,
    references: dict[str, dict[str, str]] | None,
) -> PropertyRow | None:
    name = clean_name(name_cell)
    if not name or name.startswith("@") or _PATH_NAME.match(name):
        return None  # an instance annotation (@microsoft.graph.x) or a path into another type (file/versions)
    page_path = f"{folder}/_" if folder else "_"  # links resolve against the page's folder
    spelling = read_type_cell(type_cell, references)
    description = parse_inline(description_cell).text if description_cell else ""
    owner = inherited_from(description_cell, page_path) if "nherited" in description_cell else None
    if owner is not None:
        description = _without_inherited(description)
    target, anchor = resolve_href(page_path, spelling.target) if spelling.target else (None, None)
    return PropertyRow(
        name=name,
        type=spelling,
        description=description,
        line=0,
        navigation=navigation,
        inherited_from=owner,
        enum_values=possible_values(description_cell),
        required=_says(description, "required"),
        read_only=_says(description, "read-only") or _says(description, "read only"),
        type_target=target,
        type_anchor=anchor,
    )


_INHERITED_TAIL = re.compile(r"\s*\(?inherited\s+from\s+[\w.`*]+(?:\s+type)?\)?\.?", re.IGNORECASE)


def _without_inherited(description: str) -> str:
    """The description without its "Inherited from x" remark (that is structure, not prose)."""
    return normalise_space(_INHERITED_TAIL.sub(" ", description)).replace(" .", ".")


def _says(description: str, word: str) -> bool:
    lowered = description.lower()
    index = lowered.find(word)
    if index < 0:
        return False
    # "Required." as a flag, not "required to call" in the middle of a sentence.
    before = lowered[:index].rstrip()
    after = lowered[index + len(word) :].lstrip()
    return (not before or before[-1] in ".;:)") and (not after or after[0] in ".;,)")


def member_rows(table: Table, path: str, problems: list[Diagnostic]) -> list[MemberRow]:
    value_at = _column(table, "value", "int value")
    if value_at == 0:
        value_at = None
    description_at = _column(table, "description")
    rows: list[MemberRow] = []
    for row in _rows(table, path, problems):
        name = clean_name(row.cells[0])
        if not name:
            continue
        value = row.cells[value_at].strip("` ") if value_at is not None else None
        description = parse_inline(row.cells[description_at]).text if description_at is not None else ""
        rows.append(MemberRow(name, value or None, description, row.line))
    return rows


def parameter_rows(
    table: Table, path: str, location: Location, references: dict[str, dict[str, str]], problems: list[Diagnostic]
) -> list[Parameter]:
    type_at = _column(table, "type")
    description_at = _column(table, "description")
    rows: list[Parameter] = []
    for row in _rows(table, path, problems):
        name = clean_name(row.cells[0])
        if not name:
            continue
        spelling = read_type_cell(row.cells[type_at], references) if type_at is not None else read_type_cell("")
        description = parse_inline(row.cells[description_at]).text if description_at is not None else ""
        required = _says(description, "required") and not _says(description, "not required")
        rows.append(Parameter(name, spelling, description, row.line, required, location))
    return rows


def header_rows(table: Table, path: str, problems: list[Diagnostic]) -> list[Parameter]:
    description_at = _column(table, "description", "value")
    rows: list[Parameter] = []
    for row in _rows(table, path, problems):
        name = clean_name(row.cells[0])
        if name:
            description = parse_inline(row.cells[description_at]).text if description_at is not None else ""
            required = "required" in description.lower() and "optional" not in description.lower()
            rows.append(Parameter(name, read_type_cell("String"), description, row.line, required, Location.HEADER))
    return rows


def permission_rows(table: Table, path: str, problems: list[Diagnostic]) -> list[Permission]:
    rows: list[Permission] = []
    for row in _rows(table, path, problems):
        if len(row.cells) < 2:
            continue
        kind = parse_inline(row.cells[0]).text
        value = parse_inline(row.cells[1]).text.strip()
        rows.append(Permission(kind, value, row.line))
    return rows


def method_rows(table: Table, path: str, references: dict[str, dict[str, str]], problems: list[Diagnostic]) -> list[MethodRow]:
    type_at = _column(table, "return type", "return")
    rows: list[MethodRow] = []
    for row in _rows(table, path, problems):
        inline = parse_inline(row.cells[0])
        target = resolve_href(path, inline.links[0].href)[0] if inline.links else None
        spelling = read_type_cell(row.cells[type_at], references) if type_at is not None else None
        rows.append(MethodRow(inline.text, target, spelling, row.line))
    return rows
