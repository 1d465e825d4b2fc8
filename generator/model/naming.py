"""Names from pages to Python: identifiers, class names, module and file names.

Every escaping rule for names lives here, so that one tested place decides what a page
can and cannot put into generated code. Rules, in order:

* only ASCII letters, digits and ``_`` survive; any other character becomes ``_``
  (non-ASCII letters as ``u`` + their code point, so that distinct names stay distinct);
* camelCase and PascalCase become snake_case for attributes, functions and modules;
  class names keep the type name with its first letter upper-cased;
* a leading digit gets a ``field_`` / ``Type`` / ``m_`` prefix (attribute / class / module);
* keywords, soft keywords used as names in generated code, and names the generated code
  itself uses (``str``, ``list``, ``to_dict``, ...) get a trailing ``_``;
* names that collide after all this get ``_2``, ``_3``, ... in a stable order (the order
  of the page), and module names are unique case-insensitively (for macOS and Windows);
* file names are at most 100 characters, and never a reserved Windows device name.
"""

from __future__ import annotations

import functools

import keyword
import sys
import re
import unicodedata
from typing import Iterable

# Where a word starts inside a camelCase name: after capitals, before a capital and a small letter
# (``HTMLPage``), and between a small letter and a capital (``userId``). Positions, not groups: a
# replacement without group references is written by the regex engine, not by Python (a third of snake).
_CAMEL_BOUNDARY_1 = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z0-9])")
_CAMEL_BOUNDARY_2 = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_UNDERSCORES = re.compile(r"_+")
MAX_FILE_STEM = 100

# Names a model class body would shadow: the builtins its annotations name, the Model
# API, and ``self`` (attrs' ``__init__`` takes it). Anything else keeps its name, so that
# ``Message(body=...)`` works as the docs spell it.
RESERVED_ATTRIBUTES = frozenset(
    {
        "str", "int", "float", "bool", "bytes", "list", "dict", "object", "tuple", "set", "type",
        "additional_properties", "from_dict", "to_dict", "odata_type", "self", "cls",
    }
)
# Module-level names of the generated api modules (the decorator every function uses).
RESERVED_FUNCTIONS = frozenset({"operation"})
# Names the models packages' ``__init__`` uses at run time (module globals and builtins):
# a submodule of the same name would replace it as an attribute of the package once imported.
RESERVED_MODULES = frozenset({"models", "api", "tests", "importlib", "getattr", "globals", "sorted"})
# Names a generated module imports by name (the runtime's types, typing's): a class never takes one.
RESERVED_CLASSES = frozenset(
    {"None", "True", "False", "Any", "Unset", "Model", "Enum", "OpenEnum", "OpenFlagsEnum", "ClassVar", "TYPE_CHECKING",
     "Page", "AsyncPage", "Response", "JsonValue", "Date", "DateTimeOffset", "TimeOfDay", "Duration", "Guid", "Base64",
     "List", "Mapping", "Sequence", "Unpack", "Options", "SyncNode", "AsyncNode"}
)
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9_]")


def ascii_word(name: str) -> str:
    """Keep ASCII letters, digits and underscores; everything else becomes ``_``."""
    if name.isascii():  # (NFKC leaves ASCII as it is; the loop below would only replace the rest)
        return _NOT_ASCII_WORD.sub("_", name)
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", name):
        if char.isascii() and (char.isalnum() or char == "_"):
            out.append(char)
        elif char.isalpha() or char.isdigit():
            out.append(f"_u{ord(char):04x}_")
        else:
            out.append("_")
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)  # render asks for the same names again and again
def snake(name: str) -> str:
    """``macOSVpnConfiguration`` -> ``mac_os_vpn_configuration``."""
    text = ascii_word(name)
    text = _CAMEL_BOUNDARY_1.sub("_", text)
    text = _CAMEL_BOUNDARY_2.sub("_", text)
    return _UNDERSCORES.sub("_", text).strip("_").lower()


# Last words that end in "s" and are not plurals: status, class, analysis, alias, canvas.
_SINGULAR_ENDINGS = ("ss", "us", "is", "as", "os")


def is_plural(name: str) -> bool:
    """Whether a camelCase name's last word is an English plural (``keyUsages``, not ``accessStatus``)."""
    word = snake(name).rpartition("_")[2]
    return len(word) > 2 and word.endswith("s") and not word.endswith(_SINGULAR_ENDINGS)


def attribute_name(json_name: str) -> str:
    """A Python attribute for a JSON property name (not yet de-duplicated)."""
    name = snake(json_name) or "field"
    if name[0].isdigit():
        name = "field_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_ATTRIBUTES:
        name += "_"
    return name


def function_name(text: str) -> str:
    name = snake(text) or "operation"
    if name[0].isdigit():
        name = "op_" + name
    reserved = name in RESERVED_ATTRIBUTES or name in RESERVED_FUNCTIONS
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or reserved:
        name += "_"
    return name


def class_name(type_name: str) -> str:
    """The type name with its first letter upper-cased (a public interface)."""
    name = _UNDERSCORES.sub("_", ascii_word(type_name)).strip("_") or "Type"
    if name[0].isdigit():
        name = "Type" + name
    name = name[0].upper() + name[1:]
    if keyword.iskeyword(name) or name in RESERVED_CLASSES:
        name += "_"
    return name


def enum_member_name(value: str) -> str:
    """``ciscoAnyConnect`` -> ``CISCO_ANY_CONNECT``."""
    name = snake(value).upper() or "EMPTY"
    if name[0].isdigit():
        name = "V_" + name
    if keyword.iskeyword(name) or name.startswith("_") or name in {"NAME", "VALUE"}:
        name += "_"
    return name


def module_name(type_name: str) -> str:
    """A module (and file) name: snake_case, not a device name, not too long."""
    name = snake(type_name) or "module"
    if name[0].isdigit():
        name = "m_" + name
    if keyword.iskeyword(name) or name in WINDOWS_RESERVED or name in RESERVED_MODULES:
        name += "_"
    return name[:MAX_FILE_STEM]


# Top-level names a generated package must not take: it would shadow them for its own users.
_SHADOWED_BY_A_PACKAGE = frozenset(sys.stdlib_module_names) | {"attrs", "attr", "httpx", "typing_extensions"}


def package_name_problem(package: str) -> str | None:
    """Why ``package`` cannot name a generated SDK (None when it can), with a name that can."""
    if module_name(package) != package:
        return f"{package!r} is not a valid Python module name (try {module_name(package)!r})"
    if package in _SHADOWED_BY_A_PACKAGE:
        return (f"{package!r} is the name of a module the SDK or its users import (Python's own or a dependency): "
                f"the package would shadow it (try {package + '_sdk'!r})")
    return None


def unique(names: Iterable[str], taken: Iterable[str] = (), fold_case: bool = False) -> list[str]:
    """De-duplicate names in order: later duplicates get ``_2``, ``_3``, ..."""
    used = {_key(name, fold_case) for name in taken}
    result: list[str] = []
    for name in names:
        candidate = name
        counter = 2
        while _key(candidate, fold_case) in used:
            suffix = f"_{counter}"
            candidate = (name[: MAX_FILE_STEM - len(suffix)] if fold_case else name) + suffix
            counter += 1
        used.add(_key(candidate, fold_case))
        result.append(candidate)
    return result


def _key(name: str, fold_case: bool) -> str:
    return name.lower() if fold_case else name


def namespace_module(namespace: str, main: str) -> str | None:
    """Sub-module of ``PKG.models`` for a namespace: ``microsoft.graph.callRecords`` -> ``call_records``."""
    if namespace == main:
        return None
    rest = namespace[len(main) + 1 :] if namespace.startswith(main + ".") else namespace
    return "_".join(module_name(part) for part in rest.split(".") if part)[:MAX_FILE_STEM] or "other"
