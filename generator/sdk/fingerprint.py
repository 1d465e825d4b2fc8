"""What identifies the code that renders an SDK: gen's version, the source files that shape
the output, the templates, and black's version (``gen check`` compares them with the lock).

Its own module, light to import: a build that finds nothing changed needs the fingerprint,
not the renderer, black or the parser.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from .. import __version__
from ..docs.cache import library_sources

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # generator/


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they are at the top level."""
    installed = _PACKAGE_ROOT / "templates"
    if installed.is_dir():
        return installed
    return _PACKAGE_ROOT.parent / "templates"


# The parts of gen whose code shapes the output: the wings that read docs and metadata and
# write an SDK, and the model between them. The readers of a model (lint, drift, sdktest, the
# OpenAPI exporter, the model diff) do not: editing them leaves every built SDK current.
_SHAPING = ("model", "docs", "metadata", "sources.py", "sdk")
_NOT_SHAPING = ("model/diff.py", "model/diff_details.py", "model/changes.py")


def shaping_files() -> list[Path]:
    """The source files whose code shapes a build's output (what ``fingerprint`` hashes)."""
    files: list[Path] = []
    for name in _SHAPING:
        part = _PACKAGE_ROOT / name
        files += sorted(part.rglob("*.py")) if part.is_dir() else [part] if part.is_file() else []
    return [path for path in files if not path.relative_to(_PACKAGE_ROOT).as_posix().startswith(_NOT_SHAPING)]


# What runs the templates: another version may print the same context differently.
_TEMPLATE_ENGINE = ("jinja2", "markupsafe")


def fingerprint() -> str:
    """Identifies what renders the output: gen's version, its shaping code, its templates and
    the template engine's code."""
    package = _PACKAGE_ROOT
    files = shaping_files()
    files += sorted(path for path in templates_dir().rglob("*.j2"))
    digest = hashlib.sha256(f"{__version__}\0".encode())
    for path in files:
        digest.update(path.relative_to(path.parents[1] if path.suffix == ".j2" else package).as_posix().encode())
        digest.update(b"\0" + path.read_bytes())
    for name in _TEMPLATE_ENGINE:
        digest.update(f"\0{name}\0".encode())
        sources = library_sources(name)
        for path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        if not sources:  # (a zipped install)
            digest.update(_installed_version(name).encode())
    return digest.hexdigest()


def _installed_version(name: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def black_version() -> str:
    """black's version, from the module black's build writes it to (else its installed metadata)."""
    try:
        version = getattr(importlib.import_module("_black_version"), "version", None)
    except ImportError:
        version = None
    return version if isinstance(version, str) else _installed_version("black")
