"""Depth: hierarchies and paths as deep as a tree makes them, through render and import.

Each of these once met Python's recursion limit: a chain of 150 bases in importing the
generated model (one nested import per ancestor), a base cycle of 1,000 pages in ordering
the classes, a path of 1,500 segments in planning the client's navigation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fuzzlib import fresh_package, write_tree
from generator.docs import load
from generator.model.diagnostics import MAX_MESSAGE_CHARS
from generator.sdk.build import build


def _resource(name: str, base: str | None) -> bytes:
    inherits = f"Inherits from [{base}]({base}.md).\n\n" if base else ""
    return (
        f"---\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nNamespace: microsoft.graph\n\n{inherits}"
        f"## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|p{name}|String|A property.|\n"
    ).encode()


def _chain(count: int, cycle: bool = False) -> dict[str, bytes]:
    """t0000 derives from t0001 ... so that the types' name order visits the leaf first."""
    names = [f"t{index:04d}" for index in range(count)]
    bases = names[1:] + ([names[0]] if cycle else [None])  # type: ignore[list-item]
    return {f"resources/{name}.md": _resource(name, base) for name, base in zip(names, bases)}


def _import_and_read(out: Path, package: str, leaf: str, subtype: str) -> str:
    program = (
        f"import {package}.models as models\n"
        f"value = models.{leaf}.from_dict({{'@odata.type': '#microsoft.graph.{subtype}', 'p{leaf.lower()}': 'x'}})\n"
        "print(type(value).__name__, len(type(value).__mro__))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=out, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_a_chain_of_150_bases_renders_and_imports(tmp_path: Path) -> None:
    docs = write_tree(tmp_path / "docs", _chain(150))
    package = fresh_package()
    build(docs, tmp_path / "out", package, jobs=1, format_code=False)
    # The leaf (150 classes above object's) imports, and a base dispatches to the leaf.
    assert _import_and_read(tmp_path / "out", package, "T0000", "t0000") == "T0000 152"
    assert _import_and_read(tmp_path / "out", package, "T0149", "t0000") == "T0000 152"


def test_a_base_cycle_of_1000_pages_is_one_capped_finding_and_renders(tmp_path: Path) -> None:
    docs = write_tree(tmp_path / "docs", _chain(1000, cycle=True))
    cycles = [d for d in load(docs, jobs=1).model.diagnostics if d.code == "GEN202"]
    assert len(cycles) == 1
    message = cycles[0].message
    assert len(message) < MAX_MESSAGE_CHARS + 100 and "characters left out" in message
    assert message.endswith("is dropped")  # the tail that says what gen did is kept
    build(docs, tmp_path / "out", fresh_package(), jobs=1, format_code=False)
    assert len(list((tmp_path / "out").rglob("t0*.py"))) == 1000


def test_a_path_of_1500_segments_is_navigable(tmp_path: Path) -> None:
    segments = "/".join(f"s{index}" for index in range(1500))
    page = (
        "---\ndoc_type: apiPageType\n---\n\n# Get thing\n\n## HTTP request\n\n"
        f"```http\nGET /{segments}\n```\n"
    )
    docs = write_tree(tmp_path / "docs", {"api/get.md": page.encode()})
    package = fresh_package()
    build(docs, tmp_path / "out", package, jobs=1, format_code=False)
    program = (
        f"import {package}\nnode = {package}.Client(base_url='http://localhost')\n"
        "for index in range(1500):\n    node = getattr(node, f's{index}')\n"
        "print(node.path.count('/'))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path / "out", capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "1500"
