"""XML from outside, read safely into a small tree of elements that know their line.

A service's metadata is a file gen did not write: it is hostile until read. defusedxml's
SAX parser refuses a DTD, entity declarations (billion laughs) and external references
before expat expands anything; gen bounds the file's size before reading and the nesting
depth and element count while reading. Every way to fail is a ``XmlProblem`` with the line,
never an exception a user sees.
"""

from __future__ import annotations

import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from pathlib import Path
from typing import Iterator

import attrs
from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

MAX_METADATA_BYTES = 64 * 1024 * 1024  # the largest published $metadata is about 5 MB
MAX_DEPTH = 64  # CSDL nests about ten deep
MAX_ELEMENTS = 2_000_000  # a 64 MB file of empty elements: memory stays bounded


@attrs.define(eq=False)
class Element:
    """One XML element: its namespace and local name, attributes, line, children and text."""

    namespace: str
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[Element] = attrs.Factory(list)
    text: str = ""

    def get(self, name: str, default: str = "") -> str:
        return self.attributes.get(name, default)

    def each(self, *tags: str) -> Iterator[Element]:
        """The children with one of these local names, in document order."""
        return (child for child in self.children if child.tag in tags)


@attrs.frozen
class XmlProblem:
    line: int
    message: str


class _Stop(Exception):
    """A bound was crossed while reading: the message says which."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self, max_depth: int, max_elements: int) -> None:
        super().__init__()
        self.stack: list[Element] = []
        self.root: Element | None = None
        self.count = 0
        self.max_depth = max_depth
        self.max_elements = max_elements
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def _line(self) -> int:
        return int(self.locator.getLineNumber() or 0) if self.locator is not None else 0

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: xml.sax.xmlreader.AttributesNSImpl) -> None:
        self.count += 1
        if len(self.stack) >= self.max_depth:
            raise _Stop(self._line(), f"elements nest deeper than {self.max_depth} levels")
        if self.count > self.max_elements:
            raise _Stop(self._line(), f"more than {self.max_elements:,} elements")
        values = {local: value for (uri, local), value in attrs.items() if not uri}
        element = Element(name[0] or "", name[1], values, self._line())
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack and len(self.stack[-1].text) < 1_000_000:
            self.stack[-1].text += content


def read_xml(
    path: Path, max_bytes: int = MAX_METADATA_BYTES, max_depth: int = MAX_DEPTH, max_elements: int = MAX_ELEMENTS
) -> Element | XmlProblem:
    """The document's root element, or the problem that stopped the read (with its line)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return XmlProblem(0, f"cannot read the file: {error.strerror or error}")
    if size > max_bytes:
        return XmlProblem(0, f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-metadata-bytes)")
    builder = _Builder(max_depth, max_elements)
    parser = make_parser()
    parser.forbid_dtd = True  # CSDL never needs one; a DTD is how entity bombs start
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(builder)
    try:
        with path.open("rb") as handle:
            source = xml.sax.xmlreader.InputSource()
            source.setByteStream(handle)  # no system id: a file name that is not UTF-8 must not reach expat
            parser.parse(source)
    except _Stop as stop:
        return XmlProblem(stop.line, stop.args[0])
    except DefusedXmlException as refused:
        return XmlProblem(builder._line(), f"refused: {_refusal(refused)}")
    except xml.sax.SAXParseException as error:
        return XmlProblem(error.getLineNumber() or 0, f"not well-formed XML: {error.getMessage()}")
    except (xml.sax.SAXException, OSError, UnicodeError, ValueError) as error:
        return XmlProblem(builder._line(), f"cannot read the XML: {error}")
    if builder.root is None:
        return XmlProblem(0, "the file holds no XML element")
    return builder.root


def _refusal(error: DefusedXmlException) -> str:
    name = type(error).__name__
    if name == "DTDForbidden":
        return "the file declares a DTD (metadata needs none; entity expansion is how XML bombs work)"
    if name == "EntitiesForbidden":
        return "the file declares entities (an XML bomb or an external entity is never expanded)"
    if name == "ExternalReferenceForbidden":
        return "the file refers to an external resource, which gen never fetches"
    return str(error)
