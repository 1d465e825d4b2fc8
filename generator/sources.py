"""The front door of every command: the docs tree, and the service's metadata beside it.

Without ``metadata``, this is ``docs.load``: the model is the docs' alone, exactly as
before. With it, the metadata is read (``metadata.read_metadata``) and joined with the
docs' model (``metadata.reconcile``): shapes from the service, words, examples and paths
from the docs, a finding for every disagreement, and a summary of what the metadata has
that no documented path reaches.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .docs.read import Limits
from .model.diagnostics import Diagnostic
from .parallel import Progress

if TYPE_CHECKING:  # the parser and the CSDL reader load when a tree is read, not with every command
    from .docs.hashes import Listing
    from .docs.load import Loaded
    from .metadata.coverage import Coverage


class MetadataError(Exception):
    """The metadata cannot be used (unreadable, hostile, not CSDL, another service): nothing is built from it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        where = "; ".join(f"{d.file}:{d.line}: {d.code} {d.message}" for d in diagnostics)
        super().__init__(f"the metadata cannot be used: {where}")


@attrs.frozen
class Sources:
    loaded: Loaded  # the pages as read, and the model every back half reads
    coverage: Coverage | None = None  # with metadata: what no documented path reaches
    metadata: Path | None = None


def load_sources(
    docs: Path,
    limits: Limits = Limits(),
    jobs: int | None = None,
    progress: Progress | None = None,
    scan: bool = False,
    metadata: Path | None = None,
    listing: Listing | None = None,
) -> Sources:
    """The docs' model, or with ``metadata`` the joined one; MetadataError when the metadata is unusable.
    ``listing``: the tree's pages, when the caller has listed and hashed them."""
    from .docs.load import load

    if metadata is None:  # (the metadata's reader and reconciler are loaded only to read some)
        return Sources(load(docs, limits, jobs, progress, scan, listing=listing))
    from .metadata import read_metadata, reconcile

    service = read_metadata(metadata, display_name(metadata, docs))
    if not service.read:
        raise MetadataError(service.diagnostics)  # before the docs are read: a bad file fails fast
    loaded = load(docs, limits, jobs, progress, scan, listing=listing)
    joined = reconcile(loaded.model, service)
    if joined.coverage is None:  # another service's metadata: GEN702
        raise MetadataError(joined.findings)
    return Sources(attrs.evolve(loaded, model=joined.model), joined.coverage, metadata)


def display_name(path: Path, docs: Path) -> str:
    """How findings name the metadata file: relative to the docs root, as pages are named
    (``../metadata/service.xml``), so that every report resolves it as it resolves a page."""
    try:
        return Path(os.path.relpath(path.absolute(), docs.absolute())).as_posix()
    except ValueError:  # another drive (Windows)
        return path.absolute().as_posix()
