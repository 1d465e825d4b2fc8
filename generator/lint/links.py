"""GEN207: relative links to files that are not in the tree, or to anchors a page lacks."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import attrs

from ..model.diagnostics import Diagnostic, diag
from ..docs.parse.links import PageLinks


@attrs.frozen
class TreeFiles:
    """Every file and folder of a docs tree (docs-relative POSIX paths), for link checks."""

    paths: frozenset[str]
    lowered: frozenset[str]

    @classmethod
    def of(cls, paths: Iterable[str]) -> TreeFiles:
        items = frozenset(paths)
        return cls(items, frozenset(path.lower() for path in items))

    def has(self, path: str) -> bool:
        return path in self.paths or path.lower() in self.lowered


def link_findings(pages: Mapping[str, PageLinks], tree: TreeFiles) -> Iterator[Diagnostic]:
    """GEN207: relative links to files that are not in the tree, or to anchors a page lacks.

    One finding per page and target (at its first link), saying how many links share it.
    """
    anchors_of = {path.lower(): links.anchors for path, links in pages.items()}
    for page in sorted(pages):
        problems: dict[str, tuple[int, str, int]] = {}  # target -> (first line, message, count)
        for link in pages[page].links:
            problem = _link_problem(page, link.path, link.anchor, tree, anchors_of)
            if problem is None:
                continue
            key = link.href
            line, message, count = problems.get(key, (link.line, problem, 0))
            problems[key] = (line, message, count + 1)
        for _, (line, message, count) in sorted(problems.items(), key=lambda item: item[1][0]):
            more = f" ({count} links on this page)" if count > 1 else ""
            yield diag("GEN207", page, line, message + more)


def _link_problem(
    page: str, path: str, anchor: str | None, tree: TreeFiles, anchors_of: Mapping[str, frozenset[str]]
) -> str | None:
    if path:
        folder = posixpath.dirname(page)
        target = posixpath.normpath(posixpath.join(folder, path))
        if target == ".." or target.startswith("../"):
            return f"link to {path!r} points outside the docs tree"
        if not tree.has(target):
            if "." not in posixpath.basename(target) and tree.has(target + ".md"):
                target += ".md"
            else:
                return f"link to {path!r}: {target} is not in the tree"
    else:
        target = page
    if not anchor or anchor.lower().startswith("tab/"):
        return None  # DocFX tab anchors are made by the renderer, not the page
    known = anchors_of.get(target.lower())
    if known is None or anchor.lower() in known:
        return None
    where = "this page" if target == page else target
    return f"link to '#{anchor}': {where} has no heading or anchor {anchor!r}"


def tree_files(root: Path) -> TreeFiles:
    """Every file and folder under root (hidden ones too: links may point at them)."""
    paths: list[str] = []
    root = root.resolve()
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(directory)
        relative = base.relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        paths.extend(prefix + name for name in dirnames)
        paths.extend(prefix + name for name in filenames)
    return TreeFiles.of(paths)
