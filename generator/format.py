"""Format stage: black, in-process and in parallel, never twice for the same text.

black formats about 0.25 MB of code per second per core, which makes it the most
expensive stage of a build. A file whose unformatted text is unchanged since the
last build (same hash in the lock file) keeps its formatted text from the output
folder; the rest is split into size-balanced chunks formatted in worker processes.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.metadata
import multiprocessing
import os
from typing import Callable, Mapping

import attrs
import black
from black.mode import TargetVersion

from .pipeline import gc_paused

PARALLEL_BYTES = 400_000  # below this, worker start-up costs more than it saves


class FormatError(Exception):
    """black could not parse a rendered file: a bug in a template, reported as such."""


@attrs.frozen
class Formatted:
    files: dict[str, str]  # path -> formatted text
    sources: dict[str, str]  # path -> sha256 of the unformatted text
    formatted_count: int  # how many files black actually formatted


def black_version() -> str:
    return importlib.metadata.version("black")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_files(
    rendered: Mapping[str, str],
    previous: Callable[[str, str], str | None],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Formatted:
    """Format the Python files of ``rendered``; ``previous(path, source_hash)`` gives reusable text."""
    sources = {path: text_hash(text) for path, text in rendered.items()}
    result: dict[str, str] = {}
    todo: dict[str, str] = {}
    for path, text in rendered.items():
        if not path.endswith(".py"):
            result[path] = text
            continue
        reused = previous(path, sources[path])
        if reused is not None:
            result[path] = reused
        else:
            todo[path] = text
    result.update(_format_all(todo, jobs, progress))
    return Formatted(dict(sorted(result.items())), sources, len(todo))


def _format_all(
    todo: dict[str, str], jobs: int | None, progress: Callable[[int, int], None] | None
) -> dict[str, str]:
    size = sum(len(text) for text in todo.values())
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or size < PARALLEL_BYTES:
        return _format_chunk(list(todo.items()))
    chunks = _chunks(list(todo.items()), workers * 8)
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    out: dict[str, str] = {}
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        for part in concurrent.futures.as_completed([pool.submit(_format_chunk, chunk) for chunk in chunks]):
            out.update(part.result())
            if progress:
                progress(len(out), len(todo))
    return out


def _chunks(items: list[tuple[str, str]], count: int) -> list[list[tuple[str, str]]]:
    items = sorted(items, key=lambda item: -len(item[1]))
    chunks: list[list[tuple[str, str]]] = [[] for _ in range(max(1, count))]
    sizes = [0] * len(chunks)
    for item in items:  # largest first into the lightest chunk: balanced without sorting twice
        index = sizes.index(min(sizes))
        chunks[index].append(item)
        sizes[index] += len(item[1])
    return [chunk for chunk in chunks if chunk]


_MODE = black.Mode(target_versions={TargetVersion.PY311})


def _format_chunk(items: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    with gc_paused():
        for path, text in items:
            try:
                out[path] = black.format_str(text, mode=_MODE)
            except Exception as error:  # black raises several types for bad input
                raise FormatError(f"{path}: black cannot parse the rendered file ({error}); this is a bug in gen") from None
    return out
