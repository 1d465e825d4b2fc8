"""An unlucky machine (issue 15): signals, closed or ascii streams, full disks, odd names.

Each is an input or usage error (exit 2) naming the path and the reason, or the
interrupt path, never "a bug in gen" (exit 3) and never a hang.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fuzzlib import ROOT
from generator.config import ConfigError, load_config
from generator.parallel import cores, map_chunks, workers_for

HEAD = "---\ndoc_type: resourcePageType\n---\n\n# thing{n} resource type\n\nNamespace: microsoft.graph\n\n" \
    "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"


def _tree(root: Path, pages: int = 2) -> Path:
    (root / "resources").mkdir(parents=True)
    for n in range(pages):
        rows = "".join(f"|p{n}_{i}|String|Café {i} ☕.|\n" for i in range(400))
        (root / "resources" / f"thing{n}.md").write_text(HEAD.format(n=n) + rows, encoding="utf-8")
    return root


def _gen(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})}, **kwargs,
    )


def test_an_ascii_terminal_never_fails_on_an_encoding(tmp_path: Path) -> None:
    docs = _tree(tmp_path / "docs")
    for fmt in ("text", "json"):
        result = _gen("schema", str(docs), "--format", fmt, env={"PYTHONIOENCODING": "ascii"})
        assert result.returncode == 0, result.stderr
        assert "Caf" in result.stdout or fmt == "text"


def test_a_closed_stdout_is_a_usage_error(tmp_path: Path) -> None:
    docs = _tree(tmp_path / "docs")
    script = "import os, sys; os.close(1); os.execv(sys.executable, [sys.executable, '-m', 'generator', 'schema', sys.argv[1]])"
    result = subprocess.run([sys.executable, "-c", script, str(docs)], cwd=ROOT, capture_output=False,
                            stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "standard output" in result.stderr and "internal error" not in result.stderr


def test_a_docs_folder_with_a_non_utf8_name_works(tmp_path: Path) -> None:
    docs = _tree(Path(os.fsdecode(bytes(tmp_path) + b"/d\xffocs")))
    result = _gen("lint", os.fsdecode(bytes(docs)), "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    missing = _gen("schema", os.fsdecode(bytes(tmp_path) + b"/no\xfe"))
    assert missing.returncode == 2, missing.stderr


def test_a_read_only_output_parent_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    docs = _tree(tmp_path / "docs")
    parent = tmp_path / "ro"
    parent.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: make the write fail as a read-only mount would
        env = {"GEN_TEST_FAIL": ""}
        (parent / "out").write_text("a file where the output folder goes")
        result = _gen("build", str(docs), "-o", str(parent / "out" / "sdk"), env=env)
    else:
        parent.chmod(0o500)
        result = _gen("build", str(docs), "-o", str(parent / "sdk"))
        parent.chmod(0o700)
    assert result.returncode == 2, result.stderr
    assert str(parent) in result.stderr and "internal error" not in result.stderr, result.stderr


def test_a_full_tmpdir_is_a_usage_error(tmp_path: Path) -> None:
    docs = _tree(tmp_path / "docs")
    result = _gen("test", str(docs), env={"TMPDIR": str(tmp_path / "no-such-tmp")})
    assert result.returncode in (0, 1, 2), result.stderr
    assert "internal error" not in result.stderr, result.stderr


def test_jobs_are_capped_at_the_cores_and_the_chunks() -> None:
    assert workers_for(256, True) == cores()
    seen: set[int] = set()
    assert map_chunks(_pid, [[1]], workers=256) == [os.getpid()]  # one chunk: in-process, no pool
    seen.update(map_chunks(_pid, [[1], [2], [3]], workers=256))
    assert len(seen) <= 3


def _pid(chunk: list[int]) -> int:
    return os.getpid()


def test_an_empty_suffix_is_refused(tmp_path: Path) -> None:
    for value in ('[""]', '["", ".md"]', "[]", '"md"', '["."]'):
        config = tmp_path / "pyproject.toml"
        config.write_text(f"[tool.gen]\nsuffixes = {value}\n")
        with pytest.raises(ConfigError, match="suffixes"):
            load_config(config)
    config.write_text('[tool.gen]\nsuffixes = [".md", ".mdx"]\n')
    assert load_config(config).suffixes == (".md", ".mdx")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_their_parent(tmp_path: Path, sig: signal.Signals) -> None:
    docs = _tree(tmp_path / "docs", pages=300)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(docs), "-o", str(out), "--jobs", "2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not _children(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(process.pid)
    if not workers:
        process.kill()
        pytest.skip("the build finished before it started workers")
    process.send_signal(sig)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=30)  # EOF only when every holder of the pipes is gone
    assert time.monotonic() - started < 15
    while any(_alive(w) for w in workers) and time.monotonic() - started < 15:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
    if sig == signal.SIGTERM:
        assert process.returncode == 143, stderr
        assert b"internal error" not in stderr
        assert not any(p.name.endswith(".gen-staging") for p in tmp_path.iterdir())


# A thread that never ends, as the pool's manager thread is when a stopped worker was half-way
# through sending a result: the interpreter's exit would join it forever.
_STUCK_AT_EXIT = """
import threading
import click
from generator import cli
from generator.exits import Terminated
threading.Thread(target=threading.Event().wait).start()
def interrupted(**_: object) -> None:
    raise {error}
cli.cli.main = interrupted
cli.main(["build"])
"""


@pytest.mark.parametrize(("error", "code"), [("KeyboardInterrupt()", 130), ("click.Abort()", 130),
                                             ("Terminated()", 143)])
def test_an_interrupt_ends_gen_even_when_a_thread_would_hold_the_exit(error: str, code: int) -> None:
    script = _STUCK_AT_EXIT.format(error=error)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == code, done.stderr
    assert "interrupted" in done.stderr or "terminated" in done.stderr


def test_a_python_without_gens_dependencies_is_told_what_to_install() -> None:
    """Without site-packages (``-S``) gen's dependencies are missing: exit 2 and what to do, no traceback."""
    result = subprocess.run([sys.executable, "-S", "-m", "generator", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result.stderr
    assert "is not installed in this Python" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dependency_missing_at_a_commands_import_is_an_installation_error_not_a_bug(tmp_path: Path) -> None:
    """gen's commands import some modules when they run: one that is missing then is exit 2 too."""
    program = "import sys; sys.modules['markdown_it'] = None; from generator.cli import run; run()"
    result = subprocess.run([sys.executable, "-c", program, "-q", "schema", str(_tree(tmp_path / "docs"))], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "'markdown_it' is not installed in this Python" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
