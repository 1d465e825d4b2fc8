"""``gen build``: docs tree -> formatted package in the output folder, with timings.

Stages run in order (read+parse+resolve, render, format, write) and are timed
separately. Before any of them, the inputs are hashed: when the lock file of the
output says the same inputs were built by the same generator and no generated file
was touched since, the build is already done.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

import attrs

from .. import __version__
from ..model.diagnostics import Diagnostic
from .bounds import bounded
from .fingerprint import black_version, fingerprint
from ..model import ApiModel
from ..model.select import Selection, select
from ..parallel import Progress, gc_paused, settle_loaded
from ..docs.hashes import Listing, hashed_listing
from ..docs.read import Limits, stream_hash
from .lock import LOCK_NAME, Lock, file_hash, iter_lock_problems, output_file_bytes, text_hash
from .write import WriteResult, recover, write_output

if TYPE_CHECKING:  # what a build that finds nothing changed never needs: loaded when one renders
    from ..docs.load import Loaded
    from .render import Options
    from .format import Formatted
    from .render.package import Jobs
    from .standby import Standby

SCHEMA_NAME = "gen-schema.json"


class NoApiError(Exception):
    """The docs tree holds no API page: building would write an empty SDK."""


@attrs.frozen
class BuildReport:
    up_to_date: bool
    timings: dict[str, float]
    files: int
    formatted: int
    written: WriteResult | None
    diagnostics: list[Diagnostic]
    model: ApiModel | None
    pages: int = 0  # pages parsed or taken from the parse cache
    pages_cached: int = 0  # of them, from the cache
    reused: int = 0  # Python files whose formatted text the last build's output gave
    unrendered: int = 0  # files whose view was unchanged: their templates did not run


def generator_info() -> dict[str, str]:
    return {"version": __version__, "fingerprint": fingerprint(), "black": black_version()}


def inputs_digest(
    docs: Path, package: str, limits: Limits, version: str = "", metadata: Path | None = None,
    selection: Selection = Selection(), listing: Listing | None = None,
) -> str:
    """What a build depends on: every page's bytes, the metadata's, and the options that shape the
    output; ``listing`` is the tree's pages when the caller has them."""
    digest = hashlib.sha256(f"{package}\0{limits.max_page_bytes}\0{limits.max_example_bytes}\0{limits.suffixes}".encode())
    if version:  # (only when set, so that outputs built without one keep their digest)
        digest.update(f"\0version={version}".encode())
    if not selection.everything:  # (likewise: the whole API keeps its digest)
        digest.update(f"\0{selection.describe()}".encode())
    if metadata is not None:  # (likewise: a docs-only build keeps its digest)
        from ..metadata.xml import MAX_METADATA_BYTES  # (the XML reader's module: loaded when metadata is read)

        try:
            digest.update(f"\0metadata={stream_hash(metadata, MAX_METADATA_BYTES)}".encode())
        except OSError:
            digest.update(b"\0metadata unreadable")
    listing = listing or hashed_listing(docs, limits)
    for file in listing.files:
        digest.update(file.path.encode() + b"\0")
        digest.update(listing.digests.get(file.path, "unreadable").encode())
    for problem in listing.problems:
        digest.update(f"{problem.file}:{problem.code}".encode())
    return digest.hexdigest()


def is_up_to_date(out_dir: Path, lock: Lock | None, inputs: str, package: str, remember: bool = True) -> bool:
    if lock is None or lock.inputs != inputs or lock.package != package or lock.generator != generator_info():
        return False
    return not list(iter_lock_problems(out_dir, lock, remember))


def build(
    docs: Path,
    out_dir: Path,
    package: str | None,
    limits: Limits = Limits(),
    jobs: int | None = None,
    force: bool = False,
    title: str = "",
    progress: Progress | None = None,
    stage: Callable[[str], None] | None = None,
    format_code: bool = True,
    version: str | None = None,
    require_api: bool = False,
    metadata: Path | None = None,
    selection: Selection = Selection(),
) -> BuildReport:
    """Build the package; ``format_code=False`` skips black.

    Without a package name, the tree is loaded first and the name comes from its main
    namespace (``default_package``); that model is then the one rendered, not a second load.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    loaded = None
    listing = hashed_listing(docs, limits)  # (the hash and the parse share one walk, one hash of each page)
    listed = time.perf_counter() - started
    recover(out_dir.absolute())  # a build killed mid-swap left folders beside the output: settle them first
    previous = Lock.read(out_dir)
    # An existing SDK keeps the package and version it was built with, as gen check assumes.
    package = package or (previous.package if previous else None)
    version = previous.version if version is None and previous else (version or "")
    if package is None:
        if stage:
            stage("parse")
        loaded = _load_api(docs, limits, jobs, progress, require_api, metadata, selection, listing)
        package = default_package(loaded.model.main_namespace)
        timings["parse"] = time.perf_counter() - started - listed
    mark = time.perf_counter()
    inputs = inputs_digest(docs, package, limits, version, metadata, selection, listing)
    timings = {"hash": listed + time.perf_counter() - mark, **timings}
    if is_up_to_date(out_dir, previous, inputs, package, limits.cache) and previous and previous.version == version:
        return BuildReport(True, timings, len(previous.files) if previous else 0, 0, None, [], None)
    # Only a build that renders loads the renderer and black (a build that finds nothing changed is fast).
    from .format import Formatted
    from .render import Options
    from .render.package import files_of
    from .standby import Standby

    def step(name: str) -> float:
        if stage:
            stage(name)
        return time.perf_counter()

    # While this process reads the docs, the standby checks the last output and loads black.
    same_generator = previous is not None and previous.generator == generator_info()
    standby = Standby.start(out_dir, previous, same_generator, jobs) if format_code else None
    try:
        if loaded is None:
            mark = step("parse")
            loaded = _load_api(docs, limits, jobs, progress, require_api, metadata, selection, listing)
            timings["parse"] = time.perf_counter() - mark
        mark = step("render and format" if format_code else "render")
        prepared = Prepared(loaded.model, Options(package=package, title=title, version=version))
        if format_code:
            reuse = Reuse(out_dir, previous, standby.intact() if standby else None)
            formatted = _render_and_format(prepared, reuse, jobs, progress, standby)
        else:
            rendered = {path: pending.make() for path, pending in sorted(files_of(prepared.everything().jobs))}
            formatted = Formatted(rendered, {path: text_hash(text) for path, text in rendered.items()}, 0)
        findings = prepared.findings()
    finally:
        if standby is not None:
            standby.stop()
    timings["render and format"] = time.perf_counter() - mark
    mark = step("write")
    data = {path: text.encode("utf-8") for path, text in formatted.files.items()}
    entries = {**{path: _entry(blob, formatted, path) for path, blob in data.items()},
               **{path: dict(entry) for path, entry in formatted.kept.items()}}  # (the last lock's: the same bytes)
    lock = Lock(generator=generator_info(), package=package, inputs=inputs, version=version, files=entries)
    written = write_output(out_dir, data, lock, force=force, kept=formatted.kept.keys())
    timings["write"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return BuildReport(
        False, timings, len(entries), formatted.formatted_count, written, sorted([*loaded.model.diagnostics, *findings], key=Diagnostic.order), loaded.model,
        len(loaded.pages), loaded.cached, formatted.reused_count, formatted.unrendered_count,
    )


def _load_api(
    docs: Path, limits: Limits, jobs: int | None, progress: Progress | None, required: bool, metadata: Path | None,
    selection: Selection = Selection(), listing: Listing | None = None,
) -> Loaded:
    """The loaded tree (its model cut to ``selection``); with ``required`` (the command line),
    NoApiError rather than an empty SDK."""
    from ..sources import load_sources

    loaded: Loaded = load_sources(docs, limits, jobs, progress, metadata=metadata, listing=listing).loaded
    if not selection.everything:
        loaded = attrs.evolve(loaded, model=select(loaded.model, selection))
        if required and not loaded.model.operations:
            raise NoApiError(f"--include/--exclude leave no documented path of {docs}: {selection.describe_for_people()}")
    if required and not loaded.model.types and not loaded.model.operations:
        raise NoApiError(
            f"{docs} holds no API reference page ({loaded.model.pages} pages read, no resource or method page): "
            "point gen at the folder that holds the reference pages (such as api/ and resources/)"
        )
    return loaded


def _render_and_format(prepared: Prepared, reuse: Reuse, jobs: int | None, progress: Progress | None, standby: Standby | None) -> Formatted:
    """The package's files, formatted. With an output of the same generator to reuse, workers run
    the render's jobs and format what they render (``ahead``; the standby formats while it is
    free); else the workers format the first files while the rest render."""
    from .ahead import as_formatted, render_ahead, workers_ahead
    from .format import format_stream, formatted_text
    from .render.package import files_of

    workers = workers_ahead(jobs, prepared.first.count, reuse.same_generator)
    if not workers:
        everything = prepared.everything()
        return format_stream(files_of(everything.jobs), everything.count, reuse, jobs, progress)
    formatter = standby.format if standby is not None else formatted_text
    return as_formatted(render_ahead(prepared.first, prepared.rest, reuse, workers, progress, formatter=formatter))


def prepare(model: ApiModel, options: Options) -> tuple[dict[str, str], list[Diagnostic]]:
    """Every file a build writes but the lock, unformatted (what build formats and check
    compares), and the SDK's own findings: a type too large for one module (GEN601), a
    documented path the client cannot navigate (GEN602)."""
    from .render.package import files_of

    prepared = Prepared(model, options)
    files = dict(sorted((path, pending.make()) for path, pending in files_of(prepared.everything().jobs)))
    return files, prepared.findings()


class Prepared:
    """``prepare``'s files as jobs that render them, in the render stream's two steps: ``first``
    (the schema's, over the whole API, first: see ``_Renderer.first_jobs``), then ``rest()``,
    which plans the path nodes; and the findings, those of the path nodes once they are planned."""

    def __init__(self, model: ApiModel, options: Options) -> None:
        from ..model.schema import schema_json
        from .render import render_stream
        from .render.digest import Pending
        from .render.package import Jobs

        sdk_model, self.known_findings = bounded(model)
        with gc_paused():  # the plan's objects live as long as the render: no collector pass over them
            self.stream = render_stream(sdk_model, options)
            settle_loaded()

        def schema() -> list[tuple[str, Pending]]:
            return [(SCHEMA_NAME, Pending.ready(schema_json(model)))]  # every row, also of a bounded type

        self.first = Jobs(1, [schema]) + self.stream.first

    def rest(self) -> Jobs:
        with gc_paused():
            later = self.stream.navigated()
            settle_loaded()
        return later

    def everything(self) -> Jobs:
        return self.first + self.rest()

    def findings(self) -> list[Diagnostic]:
        from .unreachable import unreachable_paths

        self.rest()  # (the path nodes' findings: planned here if the render has not planned them)
        navigation = self.stream.layout.navigation
        assert navigation is not None, "rest() plans the path nodes"
        return self.known_findings + unreachable_paths(navigation)


def _entry(blob: bytes, formatted: Formatted, path: str) -> dict[str, str]:
    """The lock's record of a file: its hash, its unformatted text's, and its view's when it has one."""
    entry = {"sha256": file_hash(blob), "source": formatted.sources[path]}
    view = formatted.views.get(path)
    return {**entry, "view": view} if view else entry


class Reuse:
    """What the last build's output gives this one: formatted text by the hash of the unformatted
    text (same black), or by the view's digest (same generator: code, templates, black)."""

    def __init__(self, out_dir: Path, previous: Lock | None, intact: frozenset[str] | None = None) -> None:
        self.out_dir = out_dir
        self.intact = intact  # the files whose bytes are the lock's, when the standby hashed them
        current = generator_info()
        self.entries = previous.files if previous else {}
        self.same_black = previous is not None and previous.generator.get("black") == current["black"]
        self.same_generator = previous is not None and previous.generator == current

    def by_source(self, path: str, source_hash: str) -> str | None:
        entry = self.entries.get(path)
        if not self.same_black or entry is None or entry.get("source") != source_hash:
            return None
        data = self._bytes(path, entry)
        return data.decode("utf-8") if data is not None else None

    def by_view(self, path: str, view: str) -> Mapping[str, str] | None:
        """The lock entry of a file whose view is unchanged, when the output holds it as it was written."""
        if self.source_of_view(path, view) is None:
            return None
        entry = self.entries[path]
        intact = path in self.intact if self.intact is not None else self._bytes(path, entry) is not None
        return entry if intact else None

    def source_of_view(self, path: str, view: str) -> str | None:
        """The hash of the unformatted text the last build made of this view, when the same
        generator made it (the file's bytes are not checked: ``by_view`` does)."""
        entry = self.entries.get(path)
        if not self.same_generator or entry is None or entry.get("view") != view:
            return None
        return entry.get("source")

    def _bytes(self, path: str, entry: dict[str, str]) -> bytes | None:
        """The file's bytes in the output, when they are what the lock says the last build wrote."""
        if self.intact is not None and path not in self.intact:
            return None
        try:
            data = output_file_bytes(self.out_dir / path)
        except OSError:
            return None
        return data if file_hash(data) == entry.get("sha256") else None


def default_package(model_namespace: str) -> str:
    last = model_namespace.rpartition(".")[2] or "api"
    from ..model.naming import module_name

    return module_name(last) + "_sdk"


__all__ = ["BuildReport", "build", "inputs_digest", "is_up_to_date", "LOCK_NAME", "SCHEMA_NAME", "text_hash"]
