"""``gen check``: is the SDK in an output folder exactly what ``gen build`` would write?

Decided without formatting or writing anything. First the fast path: the lock file
records a digest of every input page and the generator that built the output, and the
hash of every file it wrote; if the docs and the generator are the same and no
generated file was touched, the output is current (a tenth of a second for thousands of
pages). Otherwise the docs are parsed and rendered (not formatted) and compared file by
file with the unformatted-text hashes in the lock, and the model is diffed against the
schema the build stored, so that the report names the API elements that changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

import attrs

from .build import SCHEMA_NAME, Prepared, Reuse, generator_info, inputs_digest
from ..model.diff import Change, describe, diff_models
from ..model import ApiModel
from ..docs.hashes import hashed_listing
from ..docs.read import Limits
from ..model.schema import model_from_schema
from ..model.select import Selection, select
from .lock import LOCK_NAME, Lock, iter_lock_problems

if TYPE_CHECKING:
    from .render.package import Job


@attrs.frozen
class CheckResult:
    current: bool
    reasons: list[str]
    changes: list[Change] = attrs.Factory(list)
    files_added: list[str] = attrs.Factory(list)
    files_changed: list[str] = attrs.Factory(list)
    files_removed: list[str] = attrs.Factory(list)
    edited: list[tuple[str, str]] = attrs.Factory(list)
    fix: str = ""
    notes: list[str] = attrs.Factory(list)  # true but not stale (another black, same files)

    def as_dict(self) -> dict[str, object]:
        return {
            "format": "gen-check/1",
            "current": self.current,
            "reasons": self.reasons,
            "changes": [change.as_dict() for change in self.changes],
            "files": {"added": self.files_added, "changed": self.files_changed, "removed": self.files_removed},
            "edited": [{"file": path, "problem": problem} for path, problem in self.edited],
            "fix": self.fix,
            "notes": self.notes,
        }


def check(
    docs: Path, out_dir: Path, package: str | None, limits: Limits = Limits(), jobs: int | None = None,
    version: str | None = None, metadata: Path | None = None, selection: Selection = Selection(),
) -> CheckResult:
    """Whether ``out_dir`` holds what ``gen build`` would write: the lock's fast path, else a render and a diff."""
    lock = Lock.read(out_dir)
    if lock is None:
        return _never_built(docs, out_dir, package, metadata)
    package = package or lock.package
    version = lock.version if version is None else version
    fix = _fix(docs, out_dir, package, version, metadata) + _selection_options(selection)
    edited = list(iter_lock_problems(out_dir, lock, limits.cache))
    listing = hashed_listing(docs, limits)  # (one walk and one hash of each page, for the digest and the load)
    inputs = inputs_digest(docs, package, limits, version, metadata, selection, listing)
    same_generator = lock.generator == generator_info()
    if inputs == lock.inputs and same_generator and lock.package == package and lock.version == version and not edited:
        return CheckResult(True, [], fix=fix)
    reasons = _reasons(lock, package, inputs, same_generator, edited)
    # Only a stale output loads the parser and the renderer (an unchanged one is answered above).
    from ..sources import load_sources
    from .render import Options

    loaded = load_sources(docs, limits, jobs, metadata=metadata, listing=listing).loaded
    loaded = attrs.evolve(loaded, model=select(loaded.model, selection))
    prepared = Prepared(loaded.model, Options(package=package, version=version))
    added, changed, removed = _file_differences(_source_hashes(prepared, Reuse(out_dir, lock), jobs), lock)
    changes = diff_models(_previous_model(out_dir), loaded.model, details=False)
    # Stale means the files differ: the same rendered text under another black is a note.
    current = not (added or removed or changed or edited) and lock.package == package
    notes = _black_notes(lock, current)
    return CheckResult(current, [] if current else reasons, changes, added, changed, removed, edited, fix, notes)


def _never_built(docs: Path, out_dir: Path, package: str | None, metadata: Path | None) -> CheckResult:
    fix = f"gen build {docs} -o {out_dir}" + (f" --package {package}" if package else "") + _metadata_option(metadata)
    return CheckResult(False, [f"{out_dir} holds no {LOCK_NAME}: it was never built by gen (or the lock was removed)"], fix=fix)


def _fix(docs: Path, out_dir: Path, package: str, version: str | None, metadata: Path | None) -> str:
    """The build command that brings the output up to date."""
    fix = f"gen build {docs} -o {out_dir} --package {package}" + (f" --sdk-version {version}" if version else "")
    return fix + _metadata_option(metadata)


def _selection_options(selection: Selection) -> str:
    return "".join(f" --include '{p}'" for p in selection.include) + "".join(f" --exclude '{p}'" for p in selection.exclude)


def _source_hashes(prepared: Prepared, previous: Reuse, jobs: int | None) -> dict[str, str]:
    """Each file's unformatted text's hash; a file whose view the last build of the same generator
    recorded has that record's hash, and its template does not run. As a build would, the render's
    jobs run in workers when the last output can be reused (``ahead``)."""
    from .ahead import judged_here, render_ahead, workers_ahead

    recorded = _RecordedViews(previous)
    workers = workers_ahead(jobs, prepared.first.count, previous.same_generator)
    if workers:
        judged = render_ahead(prepared.first, prepared.rest, recorded, workers, format_code=False)
    else:
        judged = judged_here(prepared.everything().jobs, recorded, format_code=False)
    return {file.path: file.source for file in judged}


class _RecordedViews:
    """The last lock's views, the output's bytes unread (check reports an edited file on its own)."""

    def __init__(self, reuse: Reuse) -> None:
        self.reuse = reuse

    def by_view(self, path: str, view: str) -> Mapping[str, str] | None:
        return self.reuse.entries[path] if self.reuse.source_of_view(path, view) is not None else None

    def by_source(self, path: str, source_hash: str) -> str | None:
        return None


def _file_differences(expected: dict[str, str], lock: Lock) -> tuple[list[str], list[str], list[str]]:
    """Files added, changed and removed, by the hash of their unformatted text against the lock's."""
    recorded = {path: entry.get("source", "") for path, entry in lock.files.items()}
    added = sorted(set(expected) - set(recorded))
    removed = sorted(set(recorded) - set(expected))
    changed = sorted(path for path in set(expected) & set(recorded) if expected[path] != recorded[path])
    return added, changed, removed


def _black_notes(lock: Lock, current: bool) -> list[str]:
    """Another black built the output: true, but not a reason to call it stale."""
    if lock.generator.get("black") == generator_info()["black"]:
        return []
    return [
        f"built with black {lock.generator.get('black')}, this is black {generator_info()['black']}: "
        + ("the files are the same" if current else "the formatting of rebuilt files may differ too")
    ]


def _metadata_option(metadata: Path | None) -> str:
    return f" --metadata {metadata}" if metadata is not None else ""


def _reasons(lock: Lock, package: str, inputs: str, same_generator: bool, edited: list[tuple[str, str]]) -> list[str]:
    reasons: list[str] = []
    if lock.package != package:
        reasons.append(f"the output was built as package {lock.package!r}, not {package!r}")
    if inputs != lock.inputs:
        reasons.append("the docs changed since the last build")
    if not same_generator:
        reasons.append(
            f"the output was built by a different gen (version {lock.generator.get('version')}, "
            f"code or templates fingerprint {lock.generator.get('fingerprint', '')[:12]}; "
            f"this one is {generator_info()['fingerprint'][:12]})"
        )
    for path, problem in edited:
        reasons.append(f"{path}: {problem} (generated files are rewritten by every build)")
    return reasons


def _previous_model(out_dir: Path) -> ApiModel:
    """The model the output was built from (its stored schema), or an empty one."""
    try:
        return model_from_schema(json.loads((out_dir / SCHEMA_NAME).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return ApiModel()


# -- the report for people: what is stale, which API elements, and the fix -------------

MAX_LISTED = 40


def _element(change: Change) -> str:
    return f"{change.type}.{change.member}" if change.member and not change.member.startswith("/") else change.type


def check_text(result: CheckResult, out_dir: Path) -> str:
    notes = "".join(f"Note: {note}\n" for note in result.notes)
    if result.current:
        return f"{out_dir} is up to date with the docs.\n" + notes
    lines = [f"{out_dir} is stale:"]
    lines += [f"  - {reason}" for reason in result.reasons]
    if result.changes:
        lines.append(f"API elements that changed ({len(result.changes)}):")
        lines += [f"  {'!' if c.breaking else '+'} {c.change} {_element(c)}: {describe(c)}" for c in result.changes[:MAX_LISTED]]
        if len(result.changes) > MAX_LISTED:
            lines.append(f"  ... and {len(result.changes) - MAX_LISTED} more (--format json lists all)")
    elif result.files_changed or result.files_added or result.files_removed:
        lines.append("No API element changed; generated text did (descriptions, examples, or gen itself).")
    for label, files in (("added", result.files_added), ("changed", result.files_changed), ("removed", result.files_removed)):
        if files:
            shown = ", ".join(files[:8]) + (f" (+{len(files) - 8} more)" if len(files) > 8 else "")
            lines.append(f"Files {label} ({len(files)}): {shown}")
    lines.append(f"Fix: {result.fix}")
    return "\n".join(lines) + "\n" + notes
