"""Format stage: black, in-process and in parallel, never twice for the same text.

black formats about 0.25 MB of code per second per core, which makes it the most
expensive stage of a build. A file whose unformatted text is unchanged since the
last build (same hash in the lock file) keeps its formatted text from the output
folder; the rest is split into size-balanced chunks formatted in worker processes.
Before black, ``preformat`` lays each file out as black will: a file it lays out wholly by
black's rules (``Layout.sure``, about 99% of a large SDK) is black's text already, so black does
not run on it; black formats the rest, in one pass, not two. The tests hold the layout to black's
own output on every file of the sample SDK and of the corpus trees.
black is a pure function of its input, so a process also remembers what it formatted (up to
``MEMO_BYTES``): the runtime's modules, the same in every build, are formatted once per
process however many packages it builds.
"""

from __future__ import annotations

import collections
import functools
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Protocol

import attrs

from ..parallel import gc_paused, map_stream, workers_for
from .lock import text_hash
from .render.digest import Pending

if TYPE_CHECKING:
    import black

PARALLEL_FILES = 200  # below this, worker start-up costs more than it saves
STREAM_CHUNK_BYTES = 250_000  # what the render hands the format workers at a time


class FormatError(Exception):
    """black could not parse a rendered file: a bug in a template, reported as such."""


@attrs.frozen
class Formatted:
    files: dict[str, str]  # path -> formatted text
    sources: dict[str, str]  # path -> sha256 of the unformatted text
    formatted_count: int  # how many files this build formatted (laid out as black writes them; not reused)
    reused_count: int = 0  # how many kept the text the last build formatted
    views: dict[str, str] = attrs.field(factory=dict)  # path -> digest of its template's view
    unrendered_count: int = 0  # of the reused, how many by their view: their template did not run
    # Files the output holds as this build would write them (by their view), not in ``files``:
    # path -> the last lock's entry, which is this build's (the write stage leaves them be).
    kept: dict[str, Mapping[str, str]] = attrs.field(factory=dict)


class Previous(Protocol):
    """What the last build's output gives: formatted text by the unformatted text's hash, or, by
    the view's digest, the lock entry of a file that the output holds as it would be made now."""

    def by_source(self, path: str, source_hash: str) -> str | None: ...

    def by_view(self, path: str, view: str) -> Mapping[str, str] | None: ...


class NoPrevious:
    """No last build to reuse."""

    def by_source(self, path: str, source_hash: str) -> str | None:
        return None

    def by_view(self, path: str, view: str) -> Mapping[str, str] | None:
        return None


def format_files(
    rendered: Mapping[str, str],
    previous: Previous = NoPrevious(),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Formatted:
    """Format the Python files of ``rendered``, taking what ``previous`` gives."""
    return format_stream(((path, Pending.ready(text)) for path, text in rendered.items()), len(rendered), previous, jobs, progress)


def format_stream(
    rendered: Iterable[tuple[str, Pending]],
    count: int,
    previous: Previous = NoPrevious(),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Formatted:
    """``format_files`` of files as render makes them: workers format the first while the rest render.
    A file whose view ``previous`` knows is taken as it is, its template never run."""
    sources: dict[str, str] = {}
    views: dict[str, str] = {}
    result: dict[str, str] = {}
    kept: dict[str, Mapping[str, str]] = {}
    todo_count = reused_count = unrendered_count = 0

    def chunks() -> Iterator[list[tuple[str, str]]]:
        nonlocal todo_count, reused_count, unrendered_count
        chunk: list[tuple[str, str]] = []
        size = 0
        for path, pending in rendered:
            if pending.view is not None:
                views[path] = pending.view
                known = previous.by_view(path, pending.view)
                if known is not None:
                    kept[path], sources[path] = known, known["source"]
                    reused_count += path.endswith(".py")
                    unrendered_count += 1
                    continue
            text = pending.make()
            sources[path] = text_hash(text)
            reused = previous.by_source(path, sources[path]) if path.endswith(".py") else text
            if reused is not None:
                result[path] = reused
                reused_count += path.endswith(".py")
                continue
            chunk.append((path, text))
            todo_count += 1
            size += len(text)
            if size >= STREAM_CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    workers = workers_for(jobs, count >= PARALLEL_FILES)
    for part in map_stream(_format_chunk, chunks(), workers, progress, count):
        result.update(part)
    return Formatted(
        dict(sorted(result.items())), dict(sorted(sources.items())), todo_count, reused_count, dict(sorted(views.items())),
        unrendered_count, dict(sorted(kept.items())),
    )


MEMO_BYTES = 16_000_000
# sha256 of an unformatted text -> black's text, oldest first (evicted past MEMO_BYTES).
_memo: collections.OrderedDict[str, str] = collections.OrderedDict()
_memo_bytes = 0


def _format_chunk(items: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    with gc_paused():
        for path, text in items:
            out[path] = formatted_text(path, text)
    return out


@functools.cache
def _mode() -> black.Mode:
    """black's mode; black is loaded by the first process that formats (a build that formats
    nothing never loads it)."""
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY311})


def formatted_text(path: str, text: str) -> str:
    """black's text of a rendered Python file (remembered: the same text is formatted once a process)."""
    key = text_hash(text)
    known = _memo.get(key)
    if known is not None:
        _memo.move_to_end(key)
        return known
    try:
        from .preformat import laid_out

        layout = laid_out(text)
        if layout.sure:  # (black's text already: black would leave it as it is)
            compile(layout.text, path, "exec", dont_inherit=True)  # (what black's parse checked: ~2% of its time)
            formatted = layout.text
        else:
            import black  # (loaded once a process, by the first file the layout leaves to it)

            formatted = black.format_str(layout.text, mode=_mode())
    except Exception as error:  # black raises several types for bad input
        raise FormatError(f"{path}: the rendered file does not parse as Python ({error}); this is a bug in gen") from None
    _remember(key, formatted)
    return formatted


def _remember(key: str, formatted: str) -> None:
    global _memo_bytes
    _memo[key] = formatted
    _memo_bytes += len(formatted)
    while _memo_bytes > MEMO_BYTES and _memo:
        _memo_bytes -= len(_memo.popitem(last=False)[1])
