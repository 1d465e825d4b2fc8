"""Crash safety: a ``gen build`` killed with SIGKILL at any moment leaves a complete output.

The builds are real ``python -m generator build`` processes. ``killpoint.py`` kills one at
exact points of the write phase (mid-staging, mid-file, while carrying user files, just
before and after the swap, while the old output is removed, and between the two renames
of the portable path); other runs are killed from outside at random moments, and as soon
as the staging folder appears. After each kill the output folder must be byte for byte
the previous build or the new one (never a mix), the user's own files in it must be
intact, and the next build must succeed and give exactly the new output.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fuzzlib import ROOT

KILLPOINT = Path(__file__).resolve().parent / "killpoint.py"
PACKAGE = "crash_sdk"
TYPES = 80


def page(index: int, version: int) -> str:
    # Version 2 changes a few pages (and so a few generated files) and drops one type.
    note = f" Changed in version {version}." if version == 2 and index % 20 == 0 else ""
    return (
        "---\ndoc_type: resourcePageType\n---\n\n"
        f"# type{index} resource type\n\nNamespace: microsoft.graph\n\nType number {index}.{note}\n\n"
        "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"
        + "".join(f"|property{n}|{'String' if n % 2 else 'Int32'}|Property {n} of type {index}.{note}|\n" for n in range(12))
    )


def write_docs(docs: Path, version: int) -> None:
    resources = docs / "resources"
    resources.mkdir(parents=True, exist_ok=True)
    for index in range(TYPES):
        path = resources / f"type{index}.md"
        if version == 2 and index == TYPES - 1:
            path.unlink(missing_ok=True)
        else:
            path.write_text(page(index, version), encoding="utf-8")


def gen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "-q", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    found: dict[str, bytes | str] = {}
    if not folder.exists():
        return found
    for directory, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(directory) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = "-> " + os.readlink(path)
            elif path.is_file():
                found[relative] = path.read_bytes()
    return found


USER_FILES = {
    "NOTES.md": b"my notes, not generated\n",
    "scripts/deploy.sh": b"#!/bin/sh\necho mine\n",
    f"{PACKAGE}/models/my_extension.py": b"# a user's module inside the generated package\nX = 1\n",
    "tests/test_mine.py": b"def test_mine() -> None:\n    pass\n",
}


def add_user_files(out: Path) -> None:
    for relative, data in USER_FILES.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(data)
    (out / "docs-link").symlink_to("../docs", target_is_directory=True)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The output of version 1 and of version 2 (each with the user's files), built cleanly."""
    base = tmp_path_factory.mktemp("crash")
    expected: dict[str, object] = {}
    for version in (1, 2):
        docs = base / f"docs{version}"
        write_docs(docs, version)
        out = base / f"out{version}"
        result = gen("build", str(docs), "-o", str(out), "--package", PACKAGE)
        assert result.returncode == 0, result.stderr
        add_user_files(out)
        expected[f"v{version}"] = snapshot(out)
    assert expected["v1"] != expected["v2"]
    expected["base"] = base
    return expected


def restore_v1(out: Path, builds: dict[str, object]) -> None:
    """The output of version 1 (a copy of the clean build: the lock file holds no absolute path)."""
    if out.exists():
        shutil.rmtree(out)
    base = builds["base"]
    assert isinstance(base, Path)
    shutil.copytree(base / "out1", out, symlinks=True)
    assert snapshot(out) == builds["v1"]


def fresh_v1(tmp_path: Path, builds: dict[str, object]) -> tuple[Path, Path]:
    """A docs folder at version 2 whose output folder holds the build of version 1 (and user files)."""
    docs = tmp_path / "docs"
    write_docs(docs, 1)
    out = tmp_path / "out"
    restore_v1(out, builds)
    assert gen("build", str(docs), "-o", str(out), "--package", PACKAGE).returncode == 0  # up to date: a no-op
    assert snapshot(out) == builds["v1"]
    write_docs(docs, 2)
    return docs, out


def check_after_kill(out: Path, docs: Path, builds: dict[str, object], allowed: tuple[str, ...]) -> str:
    """The output is one whole build; the user's files are intact; a rebuild gives version 2."""
    found = snapshot(out)
    matches = [name for name in allowed if found == builds[name]]
    if not matches:
        reference = builds[allowed[0]]
        assert isinstance(reference, dict)
        differing = sorted(k for k in set(found) | set(reference) if found.get(k) != reference.get(k))
        pytest.fail(f"after the kill the output is neither of {allowed}: differs in {differing[:10]}")
    for relative, data in USER_FILES.items():
        assert (out / relative).read_bytes() == data
    result = gen("build", str(docs), "-o", str(out), "--package", PACKAGE)
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == builds["v2"]
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.gen-")]
    assert not leftovers, leftovers
    return matches[0]


# (point, what the output may be right after the kill)
POINTS = [
    ("stage:1", ("v1",)),
    ("stage:40", ("v1",)),
    ("partial:7", ("v1",)),
    ("carry:1", ("v1",)),
    ("carry:3", ("v1",)),
    ("exchange", ("v1",)),
    ("swapped", ("v2",)),
    ("retire", ("v2",)),
]


@pytest.mark.parametrize("point,allowed", POINTS, ids=[point for point, _ in POINTS])
def test_killed_at_a_point_of_the_write_phase(tmp_path: Path, builds: dict[str, object], point: str,
                                              allowed: tuple[str, ...]) -> None:
    docs, out = fresh_v1(tmp_path, builds)
    killed = subprocess.run(
        [sys.executable, str(KILLPOINT), point, "--", "-q", "build", str(docs), "-o", str(out), "--package", PACKAGE],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-2000:])
    check_after_kill(out, docs, builds, allowed)


def test_killed_between_the_renames_of_the_portable_swap(tmp_path: Path, builds: dict[str, object]) -> None:
    """Without renameat2 the swap is two renames; killed between them, the output is missing
    until the next gen build puts the old one back (write.recover), then builds the new one."""
    docs, out = fresh_v1(tmp_path, builds)
    killed = subprocess.run(
        [sys.executable, str(KILLPOINT), "renamed", "--no-exchange", "--", "-q", "build", str(docs), "-o", str(out),
         "--package", PACKAGE],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    retired = out.parent / f".{out.name}.gen-retired"
    assert not out.exists() and snapshot(retired) == builds["v1"]
    from generator.sdk.write import recover

    recover(out)
    assert snapshot(out) == builds["v1"]
    check_after_kill(out, docs, builds, ("v1",))


def test_portable_swap_completes(tmp_path: Path, builds: dict[str, object]) -> None:
    docs, out = fresh_v1(tmp_path, builds)
    done = subprocess.run(
        [sys.executable, str(KILLPOINT), "never", "--no-exchange", "--", "-q", "build", str(docs), "-o", str(out),
         "--package", PACKAGE],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert snapshot(out) == builds["v2"]


def _kill_when(command: list[str], delay: float, wait_for: Path | None) -> int:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if wait_for is not None:
        deadline = time.monotonic() + 120
        while process.poll() is None and not wait_for.exists() and time.monotonic() < deadline:
            time.sleep(0.0005)
        time.sleep(delay)
    else:
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            pass
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    return process.wait()


def test_killed_from_outside_at_random_moments(tmp_path: Path, builds: dict[str, object]) -> None:
    """The real command line, killed at random times (seeded) and right after staging starts."""
    rng = random.Random(6)
    docs, out = fresh_v1(tmp_path, builds)
    command = [sys.executable, "-m", "generator", "-q", "build", str(docs), "-o", str(out), "--package", PACKAGE]
    started = time.perf_counter()
    assert gen("build", str(docs), "-o", str(out), "--package", PACKAGE).returncode == 0
    duration = time.perf_counter() - started  # of a build from version 1 to version 2
    outcomes = []
    staging = out.parent / f".{out.name}.gen-staging"
    for attempt in range(6):
        restore_v1(out, builds)
        if attempt % 2:
            code = _kill_when(command, rng.uniform(0, 0.02), staging)
        else:
            code = _kill_when(command, rng.uniform(0.2, 1.2) * duration, None)
        outcomes.append((code, check_after_kill(out, docs, builds, ("v1", "v2"))))
    assert any(code == -signal.SIGKILL for code, _ in outcomes), outcomes


def test_gen_never_deletes_a_file_it_did_not_generate(tmp_path: Path, builds: dict[str, object]) -> None:
    docs, out = fresh_v1(tmp_path, builds)
    assert gen("build", str(docs), "-o", str(out), "--package", PACKAGE).returncode == 0
    assert snapshot(out) == builds["v2"]  # the user's files were carried over, byte for byte
    (docs / "resources").joinpath("type3.md").unlink()  # a generated module disappears...
    assert gen("build", str(docs), "-o", str(out), "--package", PACKAGE).returncode == 0
    assert not (out / PACKAGE / "models" / "type3.py").exists()
    for relative, data in USER_FILES.items():  # ...the user's do not
        assert (out / relative).read_bytes() == data
    assert (out / "docs-link").is_symlink()
    # A user's file where gen now wants to write is refused, not overwritten.
    (docs / "resources" / "type3.md").write_text(page(3, 2), encoding="utf-8")
    (out / PACKAGE / "models" / "type3.py").write_bytes(b"# mine now\n")
    refused = gen("build", str(docs), "-o", str(out), "--package", PACKAGE)
    assert refused.returncode == 2 and "was not written by gen" in refused.stderr
    assert (out / PACKAGE / "models" / "type3.py").read_bytes() == b"# mine now\n"


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_a_user_path_where_gen_needs_a_folder_is_refused(tmp_path: Path, builds: dict[str, object], kind: str) -> None:
    """A user's file or symlink named like a generated folder: exit 2 and nothing touched (it
    was moved into the folder, or for a symlink, an internal error)."""
    docs, out = fresh_v1(tmp_path, builds)
    target = out / PACKAGE / "paths"
    shutil.rmtree(target)
    if kind == "file":
        target.write_bytes(b"mine\n")
    else:
        target.symlink_to(tmp_path, target_is_directory=True)
    before = snapshot(out)
    outside = snapshot(tmp_path / "docs")
    refused = gen("build", str(docs), "-o", str(out), "--package", PACKAGE)
    assert refused.returncode == 2, refused.stderr
    assert "was not written by gen" in refused.stderr
    assert snapshot(out) == before and snapshot(tmp_path / "docs") == outside
