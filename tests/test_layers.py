"""The import rules of ``../shared/specs/architecture.md``, and the size limits of the layout.

* ``model`` imports nothing of gen; ``docs`` imports ``model``; ``metadata`` (the second
  front half, CSDL) imports ``model``; ``sources`` (the front door) joins ``docs`` and
  ``metadata``;
* ``sdk``, ``lint``, ``drift`` and ``sdktest`` import ``model`` and ``docs`` and not each
  other, except that ``sdktest`` may import ``sdk`` and ``lint.conformance``; ``sdk`` and
  ``sdktest`` load through ``sources``, and ``lint`` reads the metadata's coverage;
* ``openapi`` (the OpenAPI exporter, a reader of the model like lint) imports ``model``;
* only ``cli`` imports everything.

Beside the wings, four mechanisms every wing may use: ``parallel`` (the one process
pool), ``lazy`` (faces that load their wing on first use), ``report`` (output, documents, GitHub escaping; lint, drift and sdktest only; it reads
``model``) and
``config`` (for lint's suppressions). ``generator/__init__.py`` (``__version__``, and
``missing_module``, what a Python without gen's dependencies is told) is readable by all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

ALLOWED: dict[str, set[str]] = {
    "model": {"model"},
    "docs": {"model", "docs", "parallel", "lazy"},
    "metadata": {"model", "metadata", "lazy"},
    "sources": {"model", "docs", "metadata", "parallel"},
    "sdk": {"model", "docs", "sdk", "parallel", "sources", "metadata"},
    "lint": {"model", "docs", "lint", "config", "report", "metadata", "lazy", "parallel"},
    "drift": {"model", "docs", "drift", "report"},
    "openapi": {"model", "openapi"},
    "sdktest": {"model", "docs", "sdktest", "sdk", "lint.conformance", "parallel", "sources"},
    "report": {"report", "model"},
    "parallel": set(),
    "lazy": set(),
    "console": {"model"},
    "exits": {"report", "sources"},  # how a run ends: the outcomes main catches
    "config": {"docs", "config", "model"},
}


_PACKAGE_ROOT = {"__version__", "missing_module"}  # (what generator/__init__.py defines)


def _wing(module: str) -> str:
    """generator.lint.conformance.values -> lint.conformance (sub-wing kept for lint only)."""
    parts = module.split(".")[1:]
    if not parts:
        return ""
    if parts[0] in _PACKAGE_ROOT:
        return ""
    first = parts[0]
    if first == "lint" and len(parts) > 1 and parts[1] == "conformance":
        return "lint.conformance"
    return first


def _imports(path: Path) -> list[tuple[str, int]]:
    """Absolute names of the gen modules a file imports (relative imports resolved)."""
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    here = list(relative.parts)
    if here[-1] == "__init__":
        here = here[:-1]
    else:
        here = here[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""]
            found += [(name, node.lineno) for name in names if name.startswith("generator")]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("generator")]
    return found


def _sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_follow_the_layer_rules(path: Path) -> None:
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    wing = _wing(module)
    if wing in ("cli", "__main__", "__init__", ""):
        return  # only cli imports everything
    allowed = ALLOWED.get(wing.split(".")[0] if wing != "lint.conformance" else "lint")
    assert allowed is not None, f"{module}: wing {wing!r} has no import rule in this test"
    for name, line in _imports(path):
        target = _wing(name)
        if target in ("", "__init__"):
            continue  # generator itself: __version__
        ok = target in allowed or target.split(".")[0] in allowed
        if wing == "lint.conformance":
            ok = target in {"model", "lint.conformance"}
        assert ok, f"{module}:{line} imports {name} ({wing} may import {sorted(allowed)})"


def test_model_imports_nothing_of_gen_beyond_itself() -> None:
    for path in (PACKAGE / "model").rglob("*.py"):
        for name, line in _imports(path):
            assert name.startswith("generator.model"), f"{path.name}:{line} imports {name}"


# -- sizes --------------------------------------------------------------------------------

MAX_TOP_MODULES = 9  # cli, config, console, exits, lazy, parallel, sources, __init__, __main__
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 250
SIZE_EXEMPT_MODULES: set[str] = set()
SIZE_EXEMPT_CLASSES: set[str] = set()


def test_top_of_generator_holds_few_modules() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_every_rule_is_of_a_wing_that_exists_and_every_wing_has_one() -> None:
    """A rule for a wing that is gone, or a wing without a rule, is a stale map."""
    wings = {path.stem for path in PACKAGE.iterdir() if path.suffix == ".py" or path.is_dir()}
    wings -= {"cli", "__main__", "__init__", "__pycache__"}
    assert set(ALLOWED) == wings


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_and_classes_are_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    relative = path.relative_to(PACKAGE).as_posix()
    if not any(relative.endswith(name) for name in SIZE_EXEMPT_MODULES):
        assert text.count("\n") <= MAX_MODULE_LINES, f"{relative} has {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef) and node.name not in SIZE_EXEMPT_CLASSES:
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_CLASS_LINES, f"{relative}: class {node.name} has {length} lines"
