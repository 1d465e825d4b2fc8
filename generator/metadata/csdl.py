"""OData CSDL XML (4.0 and 4.01) read into the model's vocabulary, for any service.

What a ``$metadata`` document says, element by element:

* ``edmx:Reference``/``edmx:Include``: other documents' namespaces and their aliases
  (vocabularies such as ``Org.OData.Core.V1`` as ``Core``);
* ``Schema`` (several per document, each a namespace, perhaps with an ``Alias``):
  ``EntityType`` and ``ComplexType`` (``BaseType``, ``Abstract``, ``OpenType``,
  ``HasStream``, ``Key``), their ``Property`` (every Edm primitive, ``Collection(...)``,
  ``Nullable``) and ``NavigationProperty`` (``ContainsTarget``, collections);
  ``EnumType`` (``IsFlags``, member values); ``TypeDefinition`` (read as its underlying
  primitive); bound and unbound ``Action`` and ``Function`` (parameters, return type,
  ``IsComposable``); the ``EntityContainer`` (``EntitySet``, ``Singleton``,
  ``ActionImport``, ``FunctionImport``, ``NavigationPropertyBinding``);
* ``Core.Description`` and ``Core.LongDescription``, inline or in ``Annotations``
  elements that target a type, a property or a member.

A name is resolved through its schema's namespace or alias; one that the document does
not define is a GEN703 at its line, read as any JSON value. Nothing here raises.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import attrs

from ..model.kinds import Location, TypeKind, Word
from ..model import ApiModel, EnumMember, Parameter, Property, TypeDef, TypeRef, edm
from ..model.diagnostics import Diagnostic, Severity, diag
from .xml import Element, XmlProblem, read_xml
from ..model.counting import most_common

EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"
VERSIONS = ("4.0", "4.01")
CORE = "Org.OData.Core.V1"
_COLLECTION = re.compile(r"Collection\((.+)\)")


class OperationKind(Word):
    """A service operation: an action (POST, may change state) or a function (GET, composable)."""

    ACTION = "action"
    FUNCTION = "function"

    @classmethod
    def of_csdl(cls, element: str) -> OperationKind | None:
        return {"Action": cls.ACTION, "Function": cls.FUNCTION}.get(element)


class RootKind(Word):
    """Where a URL starts: a member of the entity container."""

    ENTITY_SET = "entity-set"
    SINGLETON = "singleton"
    ACTION_IMPORT = "action-import"
    FUNCTION_IMPORT = "function-import"

    @property
    def csdl_element(self) -> str:
        return _ROOT_ELEMENTS[self][0]

    @property
    def target_attribute(self) -> str:
        """The attribute that names its type or operation."""
        return _ROOT_ELEMENTS[self][1]

    @property
    def addresses_entities(self) -> bool:
        return self in (RootKind.ENTITY_SET, RootKind.SINGLETON)

    @classmethod
    def of_csdl(cls, element: str) -> RootKind | None:
        return next((kind for kind in cls if kind.csdl_element == element), None)


_ROOT_ELEMENTS = {
    RootKind.ENTITY_SET: ("EntitySet", "EntityType"),
    RootKind.SINGLETON: ("Singleton", "Type"),
    RootKind.ACTION_IMPORT: ("ActionImport", "Action"),
    RootKind.FUNCTION_IMPORT: ("FunctionImport", "Function"),
}


@attrs.frozen
class ServiceOperation:
    """An action or function of the service, bound to a type or not."""

    name: str
    namespace: str
    kind: OperationKind
    binding: TypeRef | None  # the type of the bound parameter; None: unbound (an import)
    parameters: tuple[Parameter, ...]
    returns: TypeRef | None
    composable: bool
    line: int

    @property
    def qualified(self) -> str:
        return f"{self.namespace}.{self.name}"


@attrs.frozen
class ContainerMember:
    """An entity set, a singleton or an action or function import: where URLs start."""

    name: str
    kind: RootKind
    target: str  # the entity type, or the qualified action or function
    line: int
    bindings: tuple[tuple[str, str], ...] = ()  # (navigation path, target set)


@attrs.define
class Metadata:
    """What the service's metadata says, in the model's vocabulary, and what went wrong reading it."""

    file: str
    model: ApiModel = attrs.Factory(ApiModel)
    operations: list[ServiceOperation] = attrs.Factory(list)
    container: list[ContainerMember] = attrs.Factory(list)
    namespaces: tuple[str, ...] = ()
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    deprecated: set[str] = attrs.Factory(set)  # "ns.type" and "ns.type/property" that Core.Revisions deprecates
    read: bool = False  # False: the file could not be used at all (the diagnostics say why)


def read_metadata(path: Path, display: str | None = None, max_bytes: int | None = None) -> Metadata:
    """The metadata of ``path``; ``display`` is how findings name the file."""
    file = display or str(path)
    root = read_xml(path) if max_bytes is None else read_xml(path, max_bytes)
    metadata = Metadata(file)
    if isinstance(root, XmlProblem):
        metadata.diagnostics.append(diag("GEN701", file, root.line, f"metadata not read: {root.message}"))
        return metadata
    problem = _envelope_problem(root)
    if problem:
        metadata.diagnostics.append(diag("GEN702", file, root.line, problem))
        return metadata
    _Reader(root, metadata).read()
    metadata.read = True
    return metadata


def _envelope_problem(root: Element) -> str | None:
    if root.namespace != EDMX or root.tag != "Edmx":
        return f"the root element is {root.tag!r}, not edmx:Edmx: this is not OData CSDL XML"
    version = root.get("Version")
    if version not in VERSIONS:
        return f"CSDL version {version!r} is not one gen reads ({' or '.join(VERSIONS)})"
    if not any(child.tag == "DataServices" for child in root.children):
        return "the document has no edmx:DataServices element"
    return None


class _Reader:
    """One pass to learn every name, one to read every element."""

    def __init__(self, root: Element, metadata: Metadata) -> None:
        self.root = root
        self.metadata = metadata
        self.file = metadata.file
        self.aliases: dict[str, str] = {}
        self.schemas = [s for d in root.each("DataServices") for s in d.each("Schema") if s.namespace == EDM]
        self.declared: dict[str, TypeKind] = {}  # qualified type name -> its kind
        self.definitions: dict[str, str] = {}  # a TypeDefinition -> its underlying primitive
        self.descriptions: dict[str, str] = {}  # annotation target -> description
        self.elements: dict[str, Element] = {}  # qualified type -> its element
        self.types: dict[str, TypeDef] = {}  # what the model will hold, as read

    def read(self) -> None:
        self._learn_names()
        for schema in self.schemas:
            self._read_annotations(schema)
        for schema in self.schemas:
            namespace = schema.get("Namespace")
            for element in schema.children:
                self._read_element(namespace, element)
        counts = collections.Counter(t.namespace for t in self.types.values())
        self.metadata.namespaces = tuple(sorted({s.get("Namespace") for s in self.schemas if s.get("Namespace")}))
        main = most_common(counts) if counts else self.metadata.model.main_namespace
        self.metadata.model = ApiModel(types=dict(sorted(self.types.items())), main_namespace=main)

    # -- names --------------------------------------------------------------------------------------
    def _learn_names(self) -> None:
        for reference in self.root.each("Reference"):
            for include in reference.each("Include"):
                if include.get("Alias") and include.get("Namespace"):
                    self.aliases[include.get("Alias")] = include.get("Namespace")
        for schema in self.schemas:
            namespace = schema.get("Namespace")
            if not namespace:
                self._problem("GEN702", schema.line, "a Schema without a Namespace is left out")
                continue
            if schema.get("Alias"):
                self.aliases[schema.get("Alias")] = namespace
            for element in schema.children:
                name = element.get("Name")
                kind = TypeKind.of_csdl(element.tag)
                if kind is not None and name:
                    self.declared[f"{namespace}.{name}"] = kind
                    self.elements[f"{namespace}.{name}"] = element
                elif element.tag == "TypeDefinition" and name:
                    self.definitions[f"{namespace}.{name}"] = element.get("UnderlyingType", "Edm.String")

    def qualify(self, name: str) -> str:
        """A name with its alias replaced by the namespace (``graph.user`` -> ``microsoft.graph.user``)."""
        head, dot, last = name.strip().rpartition(".")
        if dot and head in self.aliases:
            return f"{self.aliases[head]}.{last}"
        return name.strip()

    def type_ref(self, text: str, line: int) -> TypeRef:
        """A Type attribute as a TypeRef: collections, aliases, definitions; unknown names reported."""
        collection = _COLLECTION.fullmatch(text.strip())
        inner = collection.group(1) if collection else text
        name = self.qualify(inner)
        if name in self.definitions:
            name = self.qualify(self.definitions[name])
        if name.startswith("Edm."):
            if edm.get(name) is None:
                self._problem("GEN704", line, f"{name} has no counterpart in gen: read as any JSON value", severity="info")
                name = edm.UNTYPED
        elif name not in self.declared and name not in self.definitions:
            self._problem("GEN703", line, f"{inner!r} names a type the metadata does not define: read as any JSON value")
            name = edm.UNTYPED
        return TypeRef(name, collection is not None)

    # -- descriptions -------------------------------------------------------------------------------
    def _term(self, term: str) -> str:
        return self.qualify(term)

    def _description(self, element: Element) -> str:
        found: dict[str, str] = {}
        for annotation in element.each("Annotation"):
            term = self._term(annotation.get("Term"))
            if term in (f"{CORE}.Description", f"{CORE}.LongDescription"):
                text = annotation.get("String") or "".join(c.text for c in annotation.each("String"))
                found.setdefault(term.rpartition(".")[2], text.strip())
        return found.get("Description") or found.get("LongDescription") or ""

    def _read_annotations(self, schema: Element) -> None:
        for annotations in schema.each("Annotations"):
            target = self.qualify(annotations.get("Target").partition("/")[0])
            member = annotations.get("Target").partition("/")[2]
            key = f"{target}/{member}" if member else target
            text = self._description(annotations)
            if text:
                self.descriptions.setdefault(key, text)
            if self._is_deprecated(annotations):
                self.metadata.deprecated.add(key)

    def _is_deprecated(self, element: Element) -> bool:
        """A ``Core.Revisions`` annotation with a record of kind ``Deprecated``."""
        for annotation in element.each("Annotation"):
            if self._term(annotation.get("Term")) != f"{CORE}.Revisions":
                continue
            for value in _descendants(annotation, "PropertyValue"):
                if value.get("Property") == "Kind":
                    kind = value.get("EnumMember") or "".join(c.text for c in value.each("EnumMember"))
                    if kind.strip().endswith("/Deprecated"):
                        return True
        return False

    def _described(self, element: Element, target: str) -> str:
        return self._description(element) or self.descriptions.get(target, "")

    # -- elements -----------------------------------------------------------------------------------
    def _read_element(self, namespace: str, element: Element) -> None:
        kind = TypeKind.of_csdl(element.tag)
        if kind is TypeKind.ENUM:
            self._enum(namespace, element)
        elif kind is not None:
            self._structured(namespace, element)
        elif OperationKind.of_csdl(element.tag) is not None:
            self._operation(namespace, element)
        elif element.tag == "EntityContainer":
            self._container(element)

    def _structured(self, namespace: str, element: Element) -> None:
        name = element.get("Name")
        qualified = f"{namespace}.{name}"
        base = self.qualify(element.get("BaseType")) if element.get("BaseType") else None
        if base is not None and self.declared.get(base) not in (TypeKind.ENTITY, TypeKind.COMPLEX):
            self._problem("GEN703", element.line, f"{name}'s base type {element.get('BaseType')!r} is not defined in the metadata")
            base = None
        keys = [ref.get("Name") for key in element.each("Key") for ref in key.each("PropertyRef")]
        if self._is_deprecated(element):
            self.metadata.deprecated.add(qualified)
        typedef = TypeDef(
            name=name,
            namespace=namespace,
            kind=self.declared[qualified],
            base=base,
            abstract=element.get("Abstract") == "true",
            open_type=element.get("OpenType") == "true",
            source=None,
            line=element.line,
            description=self._described(element, qualified),
            properties=[self._property(qualified, child) for child in element.each("Property", "NavigationProperty")],
            key=",".join(keys) or None,
            has_stream=element.get("HasStream") == "true",
        )
        self.types[qualified] = typedef

    def _property(self, owner: str, element: Element) -> Property:
        name = element.get("Name")
        return Property(
            name=name,
            type=self.type_ref(element.get("Type", "Edm.String"), element.line),
            navigation=element.tag == "NavigationProperty",
            description=self._described(element, f"{owner}/{name}"),
            file=self.file,
            line=element.line,
        )

    def _enum(self, namespace: str, element: Element) -> None:
        name = element.get("Name")
        qualified = f"{namespace}.{name}"
        members: list[EnumMember] = []
        next_value = 0
        for member in element.each("Member"):
            value = _integer(member.get("Value"), next_value)
            members.append(EnumMember(member.get("Name"), value, self._described(member, f"{qualified}/{member.get('Name')}")))
            next_value = value + 1
        self.types[qualified] = TypeDef(
            name=name,
            namespace=namespace,
            kind=TypeKind.ENUM,
            source=None,
            line=element.line,
            description=self._described(element, qualified),
            members=members,
            flags=element.get("IsFlags") == "true",
        )

    def _operation(self, namespace: str, element: Element) -> None:
        parameters = [
            Parameter(p.get("Name"), self.type_ref(p.get("Type", "Edm.String"), p.line), Location.BODY, p.get("Nullable") == "false")
            for p in element.each("Parameter")
        ]
        bound = element.get("IsBound") == "true"
        binding = parameters.pop(0).type if bound and parameters else None
        returns = next((self.type_ref(r.get("Type", "Edm.String"), r.line) for r in element.each("ReturnType")), None)
        self.metadata.operations.append(
            ServiceOperation(
                name=element.get("Name"),
                namespace=namespace,
                kind=OperationKind.of_csdl(element.tag) or OperationKind.FUNCTION,
                binding=binding,
                parameters=tuple(parameters),
                returns=returns,
                composable=element.get("IsComposable") == "true",
                line=element.line,
            )
        )

    def _container(self, element: Element) -> None:
        for child in element.children:
            kind = RootKind.of_csdl(child.tag)
            if kind is None:
                continue
            target = self.qualify(child.get(kind.target_attribute))
            if kind.addresses_entities and self.declared.get(target) is not TypeKind.ENTITY:
                self._problem("GEN703", child.line, f"{child.get('Name')} names {child.get(kind.target_attribute)!r}, "
                              "not an entity type of the metadata")
                continue
            bindings = tuple((b.get("Path"), b.get("Target")) for b in child.each("NavigationPropertyBinding"))
            self.metadata.container.append(ContainerMember(child.get("Name"), kind, target, child.line, bindings))

    def _problem(self, code: str, line: int, message: str, severity: Severity | None = None) -> None:
        self.metadata.diagnostics.append(diag(code, self.file, line, message, severity=severity))


def _descendants(element: Element, tag: str) -> list[Element]:
    found: list[Element] = []
    stack = list(element.children)
    while stack:
        current = stack.pop()
        if current.tag == tag:
            found.append(current)
        stack.extend(current.children)
    return found


def _integer(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default
