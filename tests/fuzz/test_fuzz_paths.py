"""Paths: nothing a page says makes gen write outside its output folder, or read outside its docs tree.

Output file names come only from sanitised identifiers: type names, namespaces, operation
names and placeholders shaped like ``../``, absolute paths, Windows device names and very
long names are built, and every file that appeared anywhere is checked against the output
folder (the scratch folder is snapshotted before and after). Symlinks in the docs tree
that lead out of it (to a file, to a folder, to /etc/passwd-like content) are not followed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzlib import (
    HOSTILE_NAMES,
    Stages,
    check_package,
    check_tree,
    check_written_paths,
    fresh_package,
    fuzz_settings,
    names,
    write_tree,
)
from generator.sdk.build import build
from generator.config import Config
from generator.lint import lint_tree
from generator.docs import load
from generator.model.schema import schema_json
from helpers import run_gen

PATH_NAMES = [
    "..", "../..", "../../../../tmp/escaped", "/etc/passwd", "/tmp/escaped", "C:\\Windows\\escaped", "\\\\server\\share",
    "con", "CON", "aux", "nul", "prn", "com1", "LPT1", "con.py", "aux.md", "x" * 400, ("ab" * 200) + "/../x",
    "a/b/c", "./x", "~/x", "$HOME", "%TEMP%", "x\x00y", "models", "api", "tests", "__init__", "__pycache__",
    "gen-lock.json", "gen-schema.json", ".gen-staging", "..gen-retired", ".git", "pyproject.toml",
]


def snapshot(folder: Path) -> dict[str, float]:
    """Every path under folder (symlinks not followed) with its modification time."""
    found = {}
    for directory, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(directory) / name
            found[path.relative_to(folder).as_posix()] = path.lstat().st_mtime
    return found


def path_pages(name: str, namespace_part: str) -> dict[str, str]:
    quoted = json.dumps(name)
    return {
        "resources/a.md": (
            "---\ndoc_type: resourcePageType\n---\n\n# thing resource type\n\n"
            f"Namespace: microsoft.graph.{namespace_part}\n\n"
            f"Inherits from [{name}]({name}.md).\n\n"
            "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"
            f"|{name.replace('|', '')}|[{name}](../{name}.md) collection|x|\n"
            f"|other|[{name}]({name})|Inherited from [{name}]({name}.md)|\n\n"
            f"### {name} values\n\n|Member|Description|\n|:---|:---|\n|{name.replace('|', '')}|x|\n\n"
            f'<!-- {{"blockType": "resource", "@odata.type": {quoted}, "baseType": {quoted}}} -->\n'
            "```json\n{}\n```\n"
        ),
        "api/b.md": (
            "---\ndoc_type: apiPageType\n---\n\n# Get thing\n\n## HTTP request\n\n```http\n"
            f"GET /things/{{{name}}}/{name}\nGET /{name}\n```\n\n## Response\n\n"
            f"If successful, this method returns a `200 OK` response code and a [{name}](../resources/{name}.md) object.\n\n"
            f'## Examples\n\n### Request\n\n<!-- {{"blockType": "request", "name": {quoted}}} -->\n'
            f"```http\nGET https://graph.microsoft.com/beta/things/{name}\n```\n\n### Response\n\n"
            f'<!-- {{"blockType": "response", "@odata.type": {quoted}}} -->\n'
            '```http\nHTTP/1.1 200 OK\n\n{"a": 1}\n```\n'
        ),
        # Type names go through the title's pattern; a namespace takes any dotted word.
        f"resources/{abs(hash(name)) % 10**8}.md": (
            "---\ndoc_type: resourcePageType\n---\n\n"
            f"# {name.replace(chr(10), ' ')} resource type\n\nNamespace: microsoft.graph\n\n"
            "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|p|String|x|\n"
        ),
    }


def _build_and_check(scratch: Path, pages: dict[str, str]) -> None:
    docs = write_tree(scratch / "docs", {path: text.encode("utf-8", "surrogatepass") for path, text in pages.items()})
    out = scratch / "work" / "out"
    out.parent.mkdir()
    before = snapshot(scratch)
    package = fresh_package()
    build(docs, out, package, jobs=1, format_code=False)
    after = snapshot(scratch)
    new = sorted(path for path in set(after) - set(before))
    outside = [path for path in new if not path.startswith("work/out/") and path != "work/out"]
    assert not outside, f"files appeared outside the output folder: {outside}"
    changed = [path for path in before if after.get(path) != before[path] and not path.startswith("work")]
    assert not changed, f"files changed outside the output folder: {changed}"
    check_package(out, package)  # also: no symlink, no reserved or overlong name, no case clash


@pytest.mark.parametrize("name", PATH_NAMES)
def test_path_like_names_write_only_inside_the_output(tmp_path: Path, name: str) -> None:
    namespace_part = name.replace("/", ".").replace("\\", ".")
    _build_and_check(tmp_path, path_pages(name, namespace_part))


@fuzz_settings(30)
@given(st.one_of(names, st.sampled_from(PATH_NAMES + HOSTILE_NAMES)), st.text("abcXY._/\\-", max_size=40))
def test_any_names_write_only_inside_the_output(name: str, namespace_part: str) -> None:
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as scratch:
        _build_and_check(Path(scratch), path_pages(name, namespace_part or "x"))


SECRET = "SECRET-5f1c2e: this text is outside the docs tree"
LEAK_PAGE = (
    "---\ndoc_type: resourcePageType\n---\n\n# leakedType resource type\n\nNamespace: microsoft.graph\n\n"
    f"{SECRET}\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|leakedProperty|String|{SECRET}|\n"
)
PLAIN_PAGE = (
    "---\ndoc_type: resourcePageType\n---\n\n# plainType resource type\n\nNamespace: microsoft.graph\n\n"
    "A type.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|plainProperty|String|x|\n"
    "|other|[leakedType](../linked/leak.md)|x|\n"
)


def test_symlinks_out_of_the_docs_tree_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text(LEAK_PAGE, encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "deeper.md").write_text(LEAK_PAGE.replace("leakedType", "deeperType"), encoding="utf-8")
    passwd = outside / "passwd"
    passwd.write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n# leakedType resource type\n", encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "resources").mkdir(parents=True)
    (docs / "resources" / "plain.md").write_text(PLAIN_PAGE, encoding="utf-8")
    (docs / "resources" / "inside.md").symlink_to(docs / "resources" / "plain.md")  # inside the tree: fine
    (docs / "resources" / "leak.md").symlink_to(outside / "leak.md")  # a file outside
    (docs / "resources" / "passwd.md").symlink_to(passwd)  # /etc/passwd-like content
    (docs / "resources" / "relative.md").symlink_to(Path("..") / ".." / "outside" / "leak.md")
    (docs / "resources" / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (docs / "linked").symlink_to(outside, target_is_directory=True)  # a folder outside
    (docs / "loop").symlink_to(docs, target_is_directory=True)  # a folder inside: a loop
    (docs / "api").mkdir()
    (docs / "api" / "etc.md").symlink_to("/etc/passwd")

    loaded = load(docs, jobs=1, scan=True)
    model = loaded.model
    assert "microsoft.graph.plainType" in model.types
    assert not any("leaked" in name or "deeper" in name for name in model.types)
    assert all(not file.path.startswith(("linked/", "loop/")) for file in loaded.files)
    skipped = {d.file for d in model.diagnostics if d.code == "GEN005"}
    assert {"resources/leak.md", "resources/passwd.md", "resources/relative.md", "linked", "loop", "api/etc.md"} <= skipped
    assert SECRET not in schema_json(model)
    report = lint_tree(loaded, docs, Config())
    assert all(SECRET not in finding.message for finding in report.findings)
    out = tmp_path / "out"
    package = fresh_package()
    build(docs, out, package, jobs=1, format_code=False)
    for path in check_written_paths(out):
        assert SECRET not in path.read_text(encoding="utf-8", errors="replace")
        assert "root:x:0:0" not in path.read_text(encoding="utf-8", errors="replace")
    check_tree(docs, tmp_path / "again", Stages(test=True))


def test_a_symlinked_docs_root_is_read_but_not_escaped(tmp_path: Path) -> None:
    """The docs folder itself may be a symlink (a checkout elsewhere); its own links are still confined."""
    real = tmp_path / "real-docs"
    (real / "resources").mkdir(parents=True)
    (real / "resources" / "plain.md").write_text(PLAIN_PAGE, encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text(LEAK_PAGE, encoding="utf-8")
    (real / "resources" / "leak.md").symlink_to(outside)
    docs = tmp_path / "docs"
    docs.symlink_to(real, target_is_directory=True)
    model = load(docs, jobs=1).model
    assert "microsoft.graph.plainType" in model.types
    assert not any("leaked" in name for name in model.types)


FILE_NAMES = [
    b"bad\xff.md", b"\xc3(.md", b"dir\xfe/page.md", b"new\nline.md", b"tab\tand space .md", b"CON.md", b"aux.md",
    b"x" * 250 + b".md", b".hidden.md", b"UPPER.MD", b"-rf.md", b"--help.md", b"$(touch pwned).md", b"`id`.md",
    b"\xe2\x80\xaeevil.md", b"a\\b.md", b"::error file=x::.md", b"%0A.md",
]


def test_hostile_file_names_in_the_docs_tree(tmp_path: Path) -> None:
    """File names are data too: undecodable ones are skipped with a diagnostic, the rest are read."""
    docs = tmp_path / "docs"
    resources = os.fsencode(docs / "resources")
    os.makedirs(resources)
    for index, name in enumerate(FILE_NAMES):
        path = resources + b"/" + name
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(PLAIN_PAGE.replace("plainType", f"type{index}").encode())
    check_tree(docs, tmp_path, Stages(test=True))
    model = load(docs, jobs=1).model
    skipped = sorted(d.file for d in model.diagnostics if d.code == "GEN001")
    assert skipped == ["resources/bad\ufffd.md", "resources/dir\ufffd/page.md", "resources/\ufffd(.md"]
    for command in (["schema", str(docs)], ["lint", str(docs), "--format", "github", "--fail-on", "none"],
                    ["build", str(docs), "-o", str(tmp_path / "cli-out"), "--package", "names_sdk"], ["test", str(docs)]):
        result = run_gen("-q", *command)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        if command[0] == "lint":
            # A path cannot end a GitHub workflow command early or start another one.
            # (Past the cap on annotations, gen's own summary lines say how many more there are.)
            lines = [line for line in result.stdout.splitlines() if line and not line.startswith("gen lint: ")]
            assert all(line.startswith("::") for line in lines), result.stdout
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
