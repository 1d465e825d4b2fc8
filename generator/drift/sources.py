"""The two docs trees of ``gen drift``: two folders, or two revisions of a repository.

A revision's folder is read from its committed tree into a temporary directory
(``revisions.py``), loaded like any folder, and removed as soon as its model is built;
the pages git could not give (GEN008) join the model's diagnostics.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Callable

import attrs

from ..model import ApiModel
from ..model.diagnostics import Diagnostic
from ..docs import Limits, Loaded
from ..docs.read import printable
from .revisions import SourceError, check_revision, repository_root, revision_docs

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
    prefix: str  # NEW's docs folder relative to the repository root; "." outside one

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
        return Pair(sides[0], sides[1], folder_prefix(Path(new)))
    root = repository_root(git)
    inside = relative_path(root, path, default_docs)
    for revision in (old, new):
        check_revision(root, revision, inside)  # both checked before the slow part
    loaded = []
    for revision in (old, new):
        with revision_docs(root, revision, inside, limits) as extracted:
            result = loader(extracted.docs)
        loaded.append(Side(revision, _with(result.model, extracted.diagnostics), len(result.files)))
    return Pair(loaded[0], loaded[1], inside)


def _with(model: ApiModel, diagnostics: tuple[Diagnostic, ...]) -> ApiModel:
    """The model with the diagnostics of extraction too, in the order the loader keeps."""
    if not diagnostics:
        return model
    return attrs.evolve(model, diagnostics=sorted([*model.diagnostics, *diagnostics], key=Diagnostic.sort_key))


def _folder_side(label: str, loader: Loader) -> Side:
    folder = Path(label)
    if not folder.is_dir():
        raise SourceError(f"docs folder {label!r} does not exist or is not a folder")
    result = loader(folder)
    return Side(label, result.model, len(result.files))


def folder_prefix(folder: Path) -> str:
    """NEW's folder relative to the git repository that holds it (what GitHub resolves paths
    against), found by its ``.git`` as ``gen lint`` finds it; outside a repository, "." (paths
    stay relative to the tree's root: never this machine's absolute paths)."""
    folder = folder.resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return printable(folder.relative_to(parent).as_posix())  # written as UTF-8
    return "."
