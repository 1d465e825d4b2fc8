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
    targets = _Targets(tree)
    for page in sorted(pages):
        folder = posixpath.dirname(page)
        problems: dict[str, tuple[int, str, int]] = {}  # target -> (first line, message, count)
        for link in pages[page].links:
            problem = _link_problem(page, folder, link.path, link.anchor, targets, anchors_of)
            if problem is None:
                continue
            key = link.href
            line, message, count = problems.get(key, (link.line, problem, 0))
            problems[key] = (line, message, count + 1)
        for _, (line, message, count) in sorted(problems.items(), key=lambda item: item[1][0]):
            more = f" ({count} links on this page)" if count > 1 else ""
            yield diag("GEN207", page, line, message + more)


class _Targets:
    """Where a relative link written in a folder leads, or why nowhere: worked out once for each
    folder and link (the pages of a folder link to the same pages: 85,000 links, a tenth as many
    distinct, on a large tree)."""

    def __init__(self, tree: TreeFiles) -> None:
        self.tree = tree
        self.known: dict[tuple[str, str], tuple[str, str | None]] = {}

    def of(self, folder: str, path: str) -> tuple[str, str | None]:
        """(the docs-relative target, None), or (_, why the link leads nowhere)."""
        key = (folder, path)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _target(folder, path, self.tree)
        return found


def _target(folder: str, path: str, tree: TreeFiles) -> tuple[str, str | None]:
    target = posixpath.normpath(posixpath.join(folder, path))
    if target == ".." or target.startswith("../"):
        return target, f"link to {path!r} points outside the docs tree"
    if not tree.has(target):
        if "." not in posixpath.basename(target) and tree.has(target + ".md"):
            return target + ".md", None
        return target, f"link to {path!r}: {target} is not in the tree"
    return target, None


def _link_problem(
    page: str, folder: str, path: str, anchor: str | None, targets: _Targets, anchors_of: Mapping[str, frozenset[str]]
) -> str | None:
    target = page
    if path:
        target, problem = targets.of(folder, path)
        if problem is not None:
            return problem
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
