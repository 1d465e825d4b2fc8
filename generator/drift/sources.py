"""The two docs trees of ``gen drift``: two folders, or two revisions of a repository.

A revision's folder is read from its committed tree into a temporary directory
(``revisions.py``), loaded like any folder, and removed as soon as its model is built.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Callable

import attrs

from ..model import ApiModel
from ..docs import Limits, Loaded
from .revisions import SourceError, check_revision, repository_root, revision_tree

__all__ = ["Loader", "Pair", "Side", "SourceError", "load_pair", "relative_path"]


def relative_path(root: Path, path: str | None, default: Path | None) -> str:
    """PATH inside the repository, POSIX-style and relative to its root; ``.`` for all of it.

    PATH on the command line is relative to the repository root; without one, the docs
    folder of ``[tool.gen]`` (when it lies inside the repository), else the root.
    """
    if path is None:
        if default is None:
            return "."
        try:
            path = default.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return "."
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts:
        raise SourceError(f"PATH {path!r} must be relative to the repository root, without '..'")
    return pure.as_posix() or "."


# -- the pair of trees ----------------------------------------------------------------------


@attrs.frozen
class Side:
    label: str  # as given on the command line: a folder or a revision
    model: ApiModel
    pages: int


@attrs.frozen
class Pair:
    old: Side
    new: Side
    prefix: str  # NEW's docs folder relative to the repository root (or the current folder)

    def path_of(self, relative: str) -> str:
        """A NEW docs-relative path as GitHub wants it: relative to the repository root."""
        return relative if self.prefix in ("", ".") else f"{self.prefix}/{relative}"


Loader = Callable[[Path], Loaded]


def load_pair(
    old: str, new: str, path: str | None, git: Path | None, default_docs: Path | None, loader: Loader, limits: Limits
) -> Pair:
    """Both models, from two folders, or from two revisions of the repository ``git``.

    ``limits`` are those ``loader`` applies; extracted revisions are removed as soon as
    their model is built.
    """
    if git is None:
        if path is not None:
            raise SourceError(f"unexpected extra argument {path!r}: PATH is for --git REV1 REV2 [PATH]")
        sides = [_folder_side(label, loader) for label in (old, new)]
        return Pair(sides[0], sides[1], _cwd_relative(Path(new)))
    root = repository_root(git)
    inside = relative_path(root, path, default_docs)
    for revision in (old, new):
        check_revision(root, revision, inside)  # both checked before the slow part
    loaded = []
    for revision in (old, new):
        with revision_tree(root, revision, inside, limits) as docs:
            result = loader(docs)
        loaded.append(Side(revision, result.model, len(result.files)))
    return Pair(loaded[0], loaded[1], inside)


def _folder_side(label: str, loader: Loader) -> Side:
    folder = Path(label)
    if not folder.is_dir():
        raise SourceError(f"docs folder {label!r} does not exist or is not a folder")
    result = loader(folder)
    return Side(label, result.model, len(result.files))


def _cwd_relative(folder: Path) -> str:
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return folder.resolve().as_posix()
