"""The standby: forked before the docs are read, it tells which output files are intact and
formats while it is free; whatever becomes of it, the build makes the same files."""

from __future__ import annotations

import functools
import importlib
import os
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.sdk.ahead import render_ahead
from generator.sdk.build import build, generator_info
from generator.sdk.format import FormatError
from generator.sdk.lock import Lock, file_hash
from generator.sdk.render.digest import Pending
from generator.sdk.render.package import Jobs
from generator.sdk.standby import Standby

standby_module = importlib.import_module("generator.sdk.standby")
build_module = importlib.import_module("generator.sdk.build")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the standby is forked")

ROOT = Path(__file__).resolve().parents[2]
DOCS_INPUT = ROOT / "docs-input"


def _lock(files: dict[str, bytes]) -> Lock:
    return Lock(generator=generator_info(), package="p", inputs="i", version="",
                files={path: {"sha256": file_hash(data), "source": "s"} for path, data in files.items()})


@pytest.fixture
def output(tmp_path: Path) -> tuple[Path, Lock]:
    """An output of four files as its lock records them; then one is edited and one removed."""
    out = tmp_path / "out"
    files = {"a.py": b"a = 1\n", "b.py": b"b = 2\n", "sub/c.txt": b"c\n", "d.py": b"d = 4\n"}
    for path, data in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    (out / "b.py").write_bytes(b"b = 'edited by hand'\n")
    (out / "d.py").unlink()
    return out, _lock(files)


def _by(tag: str, path: str, text: str) -> str:
    if "syntax error" in text:
        raise FormatError(f"{path}: cannot parse")
    return f"{text}# formatted in {tag} {os.getpid()}\n"


@pytest.fixture
def tagging(output: tuple[Path, Lock], monkeypatch: pytest.MonkeyPatch) -> Iterator[Standby]:
    """A started standby whose "black" tags each text with the process that formatted it."""
    out, lock = output
    monkeypatch.setattr(standby_module, "formatted_text", functools.partial(_by, "formatter"))
    standby = Standby.start(out, lock, True, 2)
    assert standby is not None
    try:
        assert standby.intact() is not None
        yield standby
    finally:
        standby.stop()


def test_the_standby_starts_only_for_a_render_ahead(output: tuple[Path, Lock]) -> None:
    out, lock = output
    assert Standby.start(out, None, True, 2) is None  # nothing built yet
    assert Standby.start(out, lock, False, 2) is None  # another generator: nothing to keep
    assert Standby.start(out, lock, True, 1) is None  # one process
    standby = Standby.start(out, lock, True, 2)
    assert standby is not None
    standby.stop()


def test_the_standby_tells_the_files_whose_bytes_are_the_locks(output: tuple[Path, Lock]) -> None:
    out, lock = output
    standby = Standby.start(out, lock, True, 2)
    assert standby is not None
    try:
        assert standby.intact() == {"a.py", "sub/c.txt"}  # b.py was edited by hand, d.py removed
    finally:
        standby.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(standby.pid, os.WNOHANG)  # (stopped and reaped)


def test_the_standby_formats_what_the_workers_send_while_it_is_free(tagging: Standby) -> None:
    standby = tagging

    def modules() -> list[tuple[str, Pending]]:
        return [(f"m{number}.py", Pending(None, functools.partial(str, f"x = {number}\n"))) for number in range(3)]

    class Nothing:
        def by_view(self, path: str, view: str) -> None:
            return None

        def by_source(self, path: str, source_hash: str) -> None:
            return None

    os.kill(standby.pid, 0)  # (alive, and waiting for files)
    files = render_ahead(Jobs(3, [modules]), lambda: Jobs(3, [modules]), Nothing(), 2, formatter=standby.format)
    tags = {(file.text or "").split()[-1] for file in files}
    # Each file by the standby, or by the process that rendered it (the worker on the first step's
    # files, this one on the second's) while the standby served the other.
    assert str(standby.pid) in tags and all(file.formatted for file in files)
    with standby.turn:  # busy: a worker formats its file itself
        busy = render_ahead(Jobs(3, [modules]), lambda: Jobs(0, []), Nothing(), 2, formatter=standby.format)
    assert str(standby.pid) not in {(file.text or "").split()[-1] for file in busy}
    with pytest.raises(FormatError):  # black refuses a text: the worker says why, as without a standby
        standby.format("bad.py", "syntax error")


def test_a_standby_that_is_gone_leaves_the_work_to_the_build(output: tuple[Path, Lock], monkeypatch: pytest.MonkeyPatch) -> None:
    out, lock = output
    monkeypatch.setattr(standby_module, "formatted_text", functools.partial(_by, "formatter"))
    monkeypatch.setattr(standby_module, "_serve", lambda *args: None)  # (the standby ends before it answers)
    standby = Standby.start(out, lock, True, 2)
    assert standby is not None
    os.waitpid(standby.pid, 0)
    try:
        assert standby.intact() is None
        assert standby.format("m.py", "x = 1\n").endswith(f" {os.getpid()}\n")  # formatted here
    finally:
        standby.stop()


def test_an_edited_build_with_a_standby_writes_what_a_cold_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page edited, a generated file edited by hand and one removed: the build with a standby
    renders and restores what it must, and its output is a cold build's, byte for byte."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_INPUT, docs)
    out = tmp_path / "sdk"
    build(docs, out, "standby_sdk", jobs=2)
    started: list[Standby | None] = []
    real_start = Standby.start

    def spy(*args: Any) -> Standby | None:
        started.append(real_start(*args))
        return started[-1]

    monkeypatch.setattr(Standby, "start", spy)
    page = docs / "resources" / "location.md"
    page.write_text(page.read_text(encoding="utf-8").replace("as the geocoder returned it", "as the geocoder wrote it"),
                    encoding="utf-8")
    (out / "standby_sdk" / "models" / "vehicle.py").write_text("edited by hand\n", encoding="utf-8")
    (out / "standby_sdk" / "errors.py").unlink()
    edited = build(docs, out, "standby_sdk", jobs=2)
    assert started and started[0] is not None
    assert edited.written is not None
    assert {"standby_sdk/models/location.py", "standby_sdk/models/vehicle.py", "standby_sdk/errors.py"} <= set(
        edited.written.changed)
    cold = build(docs, tmp_path / "cold", "standby_sdk", jobs=1)
    assert _tree(out) == _tree(tmp_path / "cold") and edited.files == cold.files


def _tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_fifo_or_a_link_where_gen_wrote_a_file_is_not_intact_and_not_waited_on(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    files = {"a.py": b"a = 1\n", "fifo.py": b"f = 1\n", "link.py": b"l = 1\n"}
    (out / "a.py").write_bytes(files["a.py"])
    os.mkfifo(out / "fifo.py")  # (a read would wait for a writer that never comes)
    (tmp_path / "elsewhere.py").write_bytes(files["link.py"])
    (out / "link.py").symlink_to(tmp_path / "elsewhere.py")  # (the right bytes, but not a file gen wrote)
    standby = Standby.start(out, _lock(files), True, 2)
    assert standby is not None
    try:
        assert standby.connection.poll(30), "the standby hangs on the FIFO"
        assert standby.intact() == {"a.py"}
    finally:
        standby.stop()


def test_an_answer_left_by_a_request_cut_short_is_never_taken_for_another(tagging: Standby) -> None:
    tagging.connection.send(((0, 0), "cut.py", "stale = 1\n"))  # (its answer is never read)
    text = tagging.format("m.py", "x = 1\n")
    assert text.startswith("x = 1\n") and text.endswith(f" {os.getpid()}\n")  # formatted here, not the stale answer


def test_no_standby_where_no_process_can_be_forked(output: tuple[Path, Lock], monkeypatch: pytest.MonkeyPatch) -> None:
    out, lock = output

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert Standby.start(out, lock, True, 2) is None
