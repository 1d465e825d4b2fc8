"""Run ``gen`` and SIGKILL it at an exact point of the write phase (for the crash-safety tests).

    python tests/fuzz/killpoint.py POINT [--no-exchange] -- GEN-ARGUMENTS...

The build is the real one (``generator.cli.main``); only the points where it dies are
instrumented, here, by wrapping functions of ``generator.write`` in this process. gen
itself has no test hooks. POINT is one of:

* ``stage:N``: after the N-th generated file is written (or, unchanged, linked) into the staging folder;
* ``partial:N``: in the middle of writing the N-th staged file (half of it written);
* ``carry:N``: after the N-th user file is carried over into the staging folder;
* ``exchange``: just before the staging folder and the output are swapped;
* ``swapped``: just after the swap, before the old output is moved aside;
* ``retire``: while the old output is being removed (half of its files gone);
* ``renamed``: with ``--no-exchange`` (the portable path of two renames), after the old
  output has been renamed aside and before the new one takes its place;
* ``never``: not at all (a control run).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import types
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import generator.sdk.write as write  # noqa: E402
from generator.cli import main  # noqa: E402


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def instrument(point: str, argument: int, exchange: bool) -> None:
    counter = [0]
    real_open = open

    if point in ("stage", "partial"):

        class Handle:
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                self.handle = real_open(*args, **kwargs)
                self.writing = "w" in (args[1] if len(args) > 1 else kwargs.get("mode", "r"))

            def __enter__(self) -> Any:
                if not self.writing:  # (the write phase also reads the old files: not a staged file)
                    return self.handle
                counter[0] += 1
                if point == "partial" and counter[0] == argument:
                    handle = self.handle

                    class Half:
                        def write(self, data: bytes) -> int:
                            handle.write(data[: len(data) // 2])
                            handle.flush()
                            die()
                            return 0

                    return Half()
                return self.handle

            def __exit__(self, *exc_info: object) -> None:
                self.handle.close()
                if self.writing and point == "stage" and counter[0] == argument:
                    die()

        write.open = Handle  # type: ignore[attr-defined]  # module global shadows the builtin in write.py

    if point == "stage":
        real_linked = write._linked

        def linked(source: Path, target: Path) -> bool:
            done = real_linked(source, target)
            if done:
                counter[0] += 1
                if counter[0] == argument:
                    die()
            return done

        write._linked = linked  # type: ignore[assignment]

    if point == "carry":
        real_carry = write._carry

        def carry(source: Path, target: Path) -> None:
            real_carry(source, target)
            counter[0] += 1
            if counter[0] == argument:
                die()

        write._carry = carry  # type: ignore[assignment]

    real_exchange = write._exchange

    def exchange_then(first: Path, second: Path) -> bool:
        if not exchange:
            return False
        if point == "exchange":
            die()
        done = real_exchange(first, second)
        if point == "swapped":
            die()
        return done

    write._exchange = exchange_then  # type: ignore[assignment]

    if point == "retire":
        real_rmtree = shutil.rmtree

        def rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
            if str(path).endswith(write._RETIRED):
                files = sorted(p for p in Path(path).rglob("*") if p.is_file())
                for victim in files[: len(files) // 2]:
                    victim.unlink()
                die()
            real_rmtree(path, *args, **kwargs)

        write.shutil = types.SimpleNamespace(rmtree=rmtree, copy2=shutil.copy2)  # type: ignore[assignment]

    if point == "renamed":
        real_rename = os.rename

        def rename(source: Any, target: Any) -> None:
            real_rename(source, target)
            if str(target).endswith(write._RETIRED):
                die()

        proxy = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
        proxy.rename = rename
        write.os = proxy  # type: ignore[assignment]


if __name__ == "__main__":
    arguments = sys.argv[1:]
    separator = arguments.index("--")
    options, gen_arguments = arguments[:separator], arguments[separator + 1 :]
    name, _, number = options[0].partition(":")
    instrument(name, int(number or 0), "--no-exchange" not in options)
    main(gen_arguments)
