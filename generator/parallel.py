"""The one process pool: map a function over chunks of work in worker processes.

Pages parse independently and files format independently, so both stages split their
items into chunks of about equal weight (bytes) and run them in a pool of forked
workers, one per core; small inputs run in-process, where starting workers would cost
more than it saves. Results come back in chunk order whatever order workers finish in.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import signal
import sys
from typing import TYPE_CHECKING, Callable, Generic, Iterable, Iterator, Sequence, TypeVar

if TYPE_CHECKING:  # (loaded by the first pool: a run that starts none, as a build that finds nothing changed, never does)
    import concurrent.futures

Item = TypeVar("Item")
Result = TypeVar("Result")
Progress = Callable[[int, int], None]  # (items done, items in all)

MAX_WORKERS = 8  # beyond this, the parent's merging of results dominates
QUICK_SWITCH = 0.0002  # seconds a thread holds the interpreter lock while another waits (Python's default: 0.005)


def cores() -> int:
    return os.cpu_count() or 1


def workers_for(jobs: int | None, worth_it: bool) -> int:
    """``--jobs`` when given; else every core (at most MAX_WORKERS) when the input is large enough."""
    if jobs is not None:
        return max(1, min(jobs, cores()))  # --jobs 256 on 2 cores is 2 workers
    return max(1, min(cores(), MAX_WORKERS)) if worth_it else 1


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building many long-lived objects.

    Parsing allocates millions of small objects that are freed by reference counting;
    the cycle collector re-scans the survivors again and again and costs ~15% of the
    run for nothing. It is restored afterwards, and its first pass then scans every object
    made meanwhile: what is kept is best frozen before (``settle_loaded``).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Whether a loaded model is moved out of the cycle collector's sight (``gc.freeze``): set by
# gen's own process (``generator.cli.run``), never by a program that calls gen's functions.
FREEZE_LOADED = False


def settle_loaded() -> None:
    """After a load: the model lives as long as the process, so the collector need not scan it
    again and again while render allocates (a quarter of a render's time on a large tree).
    Its objects are still freed by reference counting; garbage cycles left so far stay."""
    if FREEZE_LOADED:
        gc.freeze()


def map_chunks(
    function: Callable[[list[Item]], Result],
    chunks: Sequence[list[Item]],
    workers: int,
    progress: Progress | None = None,
) -> list[Result]:
    """``function`` of every chunk, in chunk order; in ``workers`` processes when more than one.

    ``function`` must be a module-level function (workers receive it by reference). An
    interrupt cancels the chunks not started yet instead of waiting for them.
    """
    total = sum(len(chunk) for chunk in chunks)
    workers = min(workers, len(chunks))  # a worker without a chunk is a process for nothing
    if progress:
        progress(0, total)  # the stage's total shows before its first chunk ends
    if workers <= 1:
        results = []
        done = 0
        for chunk in chunks:
            results.append(function(chunk))
            done += len(chunk)
            if progress:
                progress(done, total)
        return results
    return _in_pool(function, chunks, workers, progress, total)


def _in_pool(
    function: Callable[[list[Item]], Result],
    chunks: Sequence[list[Item]],
    workers: int,
    progress: Progress | None,
    total: int,
) -> list[Result]:
    import concurrent.futures

    results: dict[int, Result] = {}
    done = 0
    pool = _pool(workers)
    try:
        with _signals_to_main_thread():  # the pool's threads start in submit and inherit the mask
            futures = {pool.submit(function, chunk): index for index, chunk in enumerate(chunks)}
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            done += len(chunks[index])
            if progress:
                progress(done, total)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return [results[index] for index in range(len(chunks))]


class Alongside(Generic[Item, Result]):
    """Chunks that worker processes run while this process goes on (``chunks_in_background``)."""

    def __init__(self, function: Callable[[list[Item]], Result], chunks: Sequence[list[Item]],
                 futures: Sequence[concurrent.futures.Future[Result]]) -> None:
        self.function = function
        self.chunks = chunks
        self.futures = futures
        self.here = 0  # items run here (``results``)

    def finished(self) -> int:
        """How many items are done, by the workers or here (for progress)."""
        return sum(len(chunk) for chunk, future in zip(self.chunks, self.futures) if future.done() and not future.cancelled()) + self.here

    def results(self, progress: Callable[[], None] | None = None) -> list[Result]:
        """Every chunk's result, in chunk order, once all are in. This process is free by now:
        it runs the chunks that no worker has started yet, from the last (the workers take them
        from the first), and waits for the others. ``progress`` is called after each run here."""
        ran: dict[int, Result] = {}
        for index in reversed(range(len(self.futures))):
            if self.futures[index].cancel():
                ran[index] = self.function(self.chunks[index])
                self.here += len(self.chunks[index])
                if progress is not None:
                    progress()
        return [ran[index] if index in ran else future.result() for index, future in enumerate(self.futures)]


@contextlib.contextmanager
def chunks_in_background(
    function: Callable[[list[Item]], Result],
    chunks: Sequence[list[Item]],
    workers: int,
) -> Iterator[Alongside[Item, Result]]:
    """``map_chunks`` in worker processes that start at once, while this process goes on: the
    context gives the chunks' ``Alongside``, whose ``results()`` waits for them (and runs here
    those not started). Leaving the context before they are in (an error, an interrupt) ends the
    workers."""
    pool = _pool(max(1, min(workers, len(chunks))))
    switching = sys.getswitchinterval()
    try:
        with _signals_to_main_thread():  # the pool's threads start in submit and inherit the mask
            futures = [pool.submit(function, chunk) for chunk in chunks]
        # The pool's threads here hand the workers their chunks and take their results: while
        # this process computes, they wait for the interpreter lock, and a worker whose result
        # is not taken waits too (0.6 s in a 1 s render). They get it sooner.
        sys.setswitchinterval(QUICK_SWITCH)
        yield Alongside(function, chunks, futures)
    except BaseException:
        _stop(pool)
        raise
    finally:
        sys.setswitchinterval(switching)
    pool.shutdown()


def map_stream(
    function: Callable[[list[Item]], Result],
    chunks: Iterable[list[Item]],
    workers: int,
    progress: Progress | None = None,
    total: int = 0,
    received: Callable[[Result], Result] | None = None,
) -> list[Result]:
    """``function`` of every chunk, in chunk order, the chunks made in this process while workers
    work on the first ones (render feeds format so). ``total`` is the items expected, for progress.
    ``received``: what this process makes of a chunk's result, as it comes in from a worker (while
    the others go on, not after the last one)."""
    iterator = iter(chunks)
    head = list(itertools.islice(iterator, 2))
    if workers <= 1 or len(head) < 2:  # (one chunk in all: starting workers would cost more than it saves)
        results = map_chunks(function, head + list(iterator), 1, progress)
        return [received(result) for result in results] if received is not None else results
    import concurrent.futures

    chunks = itertools.chain(head, iterator)
    pool = _pool(workers)
    futures: dict[concurrent.futures.Future[Result], int] = {}  # -> the chunk's size
    counted: dict[concurrent.futures.Future[Result], Result] = {}
    done = 0

    def count(future: concurrent.futures.Future[Result]) -> None:
        nonlocal done
        result = future.result()  # (a worker's exception, raised here)
        counted[future] = received(result) if received is not None else result
        done += futures[future]
        if progress:
            progress(done, max(done, total))

    try:
        for chunk in chunks:
            with _signals_to_main_thread():
                futures[pool.submit(function, chunk)] = len(chunk)
            for future in [f for f in futures if f.done() and f not in counted]:
                count(future)  # the bar moves while the chunks are still being made
        for future in concurrent.futures.as_completed([f for f in futures if f not in counted]):
            count(future)
        results = [counted[future] for future in futures]
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return results


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the parent dies (SIGKILL too), so no worker holds gen's pipes."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes  # (here: only workers use it)

        libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols, libc's among them
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # Linux; elsewhere the pool's own checks remain
    if hasattr(signal, "pthread_sigmask"):  # forked under _signals_to_main_thread's mask
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)


@contextlib.contextmanager
def _signals_to_main_thread() -> Iterator[None]:
    """Block SIGTERM and SIGINT while the pool starts its helper threads.

    A signal the kernel hands to a helper thread does not wake the main thread, which then
    waits on its futures with the handler pending; with the mask, only the main thread gets them.
    """
    wanted = {signal.SIGTERM, signal.SIGINT}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def in_background(work: Callable[[], None]) -> Callable[[], None]:
    """``work`` in a forked process while this one goes on (``forked``), for work whose result is
    a file (the parse cache's pack); what it returns waits for that process to end. Where no
    process can be forked, ``work`` runs now."""
    child = forked(work)
    if child is None:
        work()
        return lambda: None

    def wait() -> None:
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(child, 0)

    return wait


def forked(work: Callable[[], None]) -> int | None:
    """The pid of a forked process that runs ``work``, leaves interrupts to this one, dies with it,
    and ends without this one's exit handlers or buffered output, whatever ``work`` does; None
    where processes are not forked, or the fork failed (the caller does without)."""
    if not hasattr(os, "fork"):
        return None
    parent = os.getpid()
    try:
        child = os.fork()
    except OSError:  # (no process left to this user, no memory)
        return None
    if child == 0:  # pragma: no cover - (the forked process reports nothing to coverage)
        code = 1
        try:
            die_with_parent(parent)
            _worker_signals()
            work()
            code = 0
        finally:
            os._exit(code)
    return child


def _pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """gen's one kind of pool: forked where the platform forks (workers inherit what the parent
    loaded), each worker dying with gen and leaving interrupts to it."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    return concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )


def _worker_start(parent: int) -> None:
    die_with_parent(parent)
    _worker_signals()


def _worker_signals() -> None:
    """Workers leave interrupts to the parent, which stops them: no half-told tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Cancel queued chunks and end the workers now, not after the chunk each is on."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=1)
