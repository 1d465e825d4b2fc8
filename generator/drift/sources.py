"""Docs trees for ``gen drift --git REV1 REV2 [PATH]``: a revision's folder, extracted.

``git archive`` streams the folder at a revision as a tar file; it is unpacked into a
temporary directory that the caller removes. Members with absolute names or ``..`` are
refused (a tar file is untrusted input, even from git); links and special files are
skipped, since a docs tree needs only folders and regular files.
"""

from __future__ import annotations

import contextlib
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

import attrs

from ..model import ApiModel
from ..docs import Loaded


class SourceError(Exception):
    """A revision or a path that cannot be read: a usage error, with a clear message."""


def repository_root(repo: Path) -> Path:
    """The top folder of the git work tree that holds ``repo``."""
    if not repo.is_dir():
        raise SourceError(f"--repo {str(repo)!r} is not a folder")
    result = _git(repo, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise SourceError(f"{str(repo)!r} is not inside a git repository ({_first_line(result.stderr)})")
    return Path(result.stdout.strip())


def check_revision(root: Path, revision: str, path: str) -> None:
    """Usage errors for an unknown revision, or a PATH that is not a folder at it."""
    if revision.startswith("-"):
        raise SourceError(f"bad revision {revision!r}")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise SourceError(f"unknown git revision {revision!r} in {root}")
    spec = f"{revision}:{path}" if path != "." else f"{revision}^{{tree}}"
    kind = _git(root, "cat-file", "-t", spec)
    if kind.returncode != 0:
        raise SourceError(f"path {path!r} does not exist at revision {revision!r}")
    if kind.stdout.strip() != "tree":
        raise SourceError(f"path {path!r} is not a folder at revision {revision!r}")


@contextlib.contextmanager
def revision_tree(root: Path, revision: str, path: str) -> Iterator[Path]:
    """The docs folder ``path`` as of ``revision``, in a temporary directory."""
    check_revision(root, revision, path)
    with tempfile.TemporaryDirectory(prefix="gen-drift-") as temporary:
        target = Path(temporary)
        _extract(root, revision, path, target)
        docs = target / path
        docs.mkdir(parents=True, exist_ok=True)  # an empty folder is not archived
        yield docs


def _extract(root: Path, revision: str, path: str, target: Path) -> None:
    command = ["git", "-C", str(root), "archive", "--format=tar", revision, "--", path]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        try:
            with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                for member in archive:
                    _extract_member(archive, member, target)
        except tarfile.TarError as error:
            process.kill()
            raise SourceError(f"git archive of {revision}:{path} is not a readable tar file: {error}") from None
        finally:
            process.stdout.close()
        errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        if process.wait() != 0:
            raise SourceError(f"git archive {revision} {path} failed: {_first_line(errors)}")


def _extract_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        raise SourceError(f"refusing archive member with an unsafe name: {member.name!r}")
    destination = target.joinpath(*name.parts) if name.parts else target
    if member.isdir():
        destination.mkdir(parents=True, exist_ok=True)
    elif member.isfile():
        source = archive.extractfile(member)
        if source is None:
            return
        destination.parent.mkdir(parents=True, exist_ok=True)
        with source, destination.open("wb") as handle:
            while block := source.read(1 << 20):
                handle.write(block)
    # links, devices and the pax global header are skipped


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise SourceError("git is not installed (needed for --git)") from None


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"


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
    old: str, new: str, path: str | None, git: Path | None, default_docs: Path | None, loader: Loader
) -> Pair:
    """Both models, from two folders, or from two revisions of the repository ``git``.

    Extracted revisions are removed as soon as their model is built.
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
        with revision_tree(root, revision, inside) as docs:
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
