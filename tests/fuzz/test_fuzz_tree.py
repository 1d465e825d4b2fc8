"""A hostile or unlucky tree (issue 15): special files, loops, unreadable folders, big pages.

Each case ran forever, ran out of memory or stopped gen with exit 3 before; now it is a
diagnostic and the run goes on, in bounded time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fuzzlib import ROOT
from generator.docs.read import list_page_files, read_page, stream_hash

PAGE = "---\ndoc_type: resourcePageType\n---\n\n# thing resource type\n\nNamespace: microsoft.graph\n"
ROOTLESS = os.geteuid() != 0  # root reads folders whatever their mode


def _gen(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def _tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "resources").mkdir(parents=True)
    (docs / "resources" / "thing.md").write_text(PAGE)
    return docs


def test_a_fifo_page_is_gen001_and_does_not_hang(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    os.mkfifo(docs / "resources" / "pipe.md")
    result = _gen("schema", str(docs), timeout=30)
    assert result.returncode == 0, result.stderr
    assert "GEN001" in result.stderr and "pipe.md" in result.stderr and "regular file" in result.stderr


def test_a_device_page_is_gen001(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    (docs / "resources" / "zero.md").symlink_to("/dev/zero")  # a link out of the tree is refused anyway
    os.symlink("/dev/zero", docs / "dev.md")
    files, problems = list_page_files(docs)
    assert [f.path for f in files] == ["resources/thing.md"]
    assert {p.file for p in problems} == {"resources/zero.md", "dev.md"}


def test_a_device_or_fifo_slipped_in_after_listing_is_not_read(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    files, _ = list_page_files(docs)
    page = docs / "resources" / "thing.md"
    page.unlink()
    os.mkfifo(page)  # swapped between the walk and the read: the open must not block
    found, problems = read_page(files[0])
    assert found is None and problems[0].code == "GEN001"


def test_config_on_a_fifo_is_a_usage_error(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    os.mkfifo(tmp_path / "pyproject.toml")
    result = _gen("--config", str(tmp_path / "pyproject.toml"), "schema", str(docs), timeout=30)
    assert result.returncode == 2, result.stderr
    assert "regular file" in result.stderr


def test_a_page_is_read_to_at_most_the_limit_plus_one(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    files, _ = list_page_files(docs)
    (docs / "resources" / "thing.md").write_text(PAGE + "x" * 10_000)  # grew after the listing
    found, problems = read_page(files[0], max_bytes=1000)
    assert found is None and problems[0].code == "GEN004"


def test_the_hash_stage_streams_and_stops_at_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(3 << 30)  # 3 GB, sparse: reading it would cost 3 GB of memory
    assert stream_hash(big, 20 << 20) == f"over-limit:{3 << 30}"
    small = tmp_path / "small.md"
    small.write_bytes(b"a" * (3 << 20))
    import hashlib

    assert stream_hash(small, 20 << 20) == hashlib.sha256(b"a" * (3 << 20)).hexdigest()


def _digest_peak_kib(docs: Path) -> int:
    script = (
        "import resource, sys\nfrom pathlib import Path\nfrom generator.sdk.build import inputs_digest\n"
        "from generator.docs import Limits\n"
        f"inputs_digest(Path({str(docs)!r}), 'p', Limits())\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_build_of_a_huge_page_costs_bounded_memory(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    without = _digest_peak_kib(docs)  # the interpreter and gen's imports
    with (docs / "huge.md").open("wb") as handle:
        handle.truncate(1 << 30)
    with_huge = _digest_peak_kib(docs)
    assert with_huge - without < 64 * 1024, (without, with_huge)  # KiB: a 1 GiB page costs no more than blocks


def test_a_symlink_loop_is_gen005_and_the_run_goes_on(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    os.symlink("loop-b.md", docs / "loop-a.md")
    os.symlink("loop-a.md", docs / "loop-b.md")
    os.symlink("self.md", docs / "self.md")
    result = _gen("schema", str(docs))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning GEN005") == 3 and "loop" in result.stderr


@pytest.mark.skipif(not ROOTLESS, reason="root reads any folder")
@pytest.mark.parametrize("mode", [0o000, 0o300, 0o600], ids=["no access", "not readable", "not enterable"])
def test_a_folder_gen_cannot_read_is_gen001(tmp_path: Path, mode: int) -> None:
    docs = _tree(tmp_path)
    locked = docs / "locked"
    locked.mkdir()
    (locked / "page.md").write_text(PAGE)
    locked.chmod(mode)
    try:
        result = _gen("schema", str(docs))
    finally:
        locked.chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert "GEN001" in result.stderr and "locked" in result.stderr, result.stderr



@pytest.mark.parametrize("failing", ["scandir", "access"], ids=["cannot list", "cannot enter"])
def test_a_folder_gen_cannot_read_is_gen001_as_any_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The same, by making the system calls fail (the suite may run as root)."""
    docs = _tree(tmp_path)
    locked = docs / "locked"
    locked.mkdir()
    (locked / "page.md").write_text(PAGE)
    real_scandir, real_access = os.scandir, os.access

    def scandir(path: object) -> object:
        if failing == "scandir" and str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    def access(path: object, mode: int) -> bool:
        return not (failing == "access" and str(path) == str(locked)) and real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", access)
    files, problems = list_page_files(docs)
    assert [f.path for f in files] == ["resources/thing.md"]
    assert [(p.code, p.file) for p in problems] == [("GEN001", "locked")]


# -- the output: one writer at a time, atomic files, links followed -------------------------

from generator.sdk import write as write_module  # noqa: E402
from generator.sdk.lock import Lock  # noqa: E402
from generator.sdk.write import WriteError, recover, write_output  # noqa: E402

LOCK = Lock(generator={}, package="p", inputs="i", files={})


def test_a_second_writer_waits_then_refuses_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(write_module, "LOCK_WAIT_SECONDS", 0.3)
    with write_module._output_lock(out, wait=0) as held:  # another build, in its write phase
        assert held
        staging = tmp_path / ".out.gen-staging"
        staging.mkdir()
        recover(out)
        assert staging.exists(), "recover() removed the staging of a live build"
        subprocess_result = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from generator.sdk import write as w\n"
             "w.LOCK_WAIT_SECONDS = 0.3\ntry:\n w.write_output(Path(sys.argv[1]), {'a.py': b'x'}, "
             "w.Lock(generator={}, package='p', inputs='i', files={}))\nexcept w.WriteError as e:\n print(e)",
             str(out)], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert "busy" in subprocess_result.stdout, subprocess_result
        assert not out.exists()
    recover(out)  # no live owner now: litter
    assert not staging.exists()
    write_output(out, {"a.py": b"x"}, LOCK)
    assert (out / "a.py").read_bytes() == b"x"


def test_two_builds_into_one_output_leave_it_complete(tmp_path: Path) -> None:
    docs = ROOT / "docs-input"
    out = tmp_path / "out"
    builds = [
        subprocess.Popen([sys.executable, "-m", "generator", "-q", "build", str(docs), "-o", str(out), "--jobs", "1"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    codes = [build.wait(timeout=300) for build in builds]
    assert sorted(codes) in ([0, 0], [0, 2]), [b.stderr.read() for b in builds if b.stderr]
    check = _gen("-q", "check", str(docs), "-o", str(out), timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_output_that_is_a_symlink_to_a_folder_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    owning = Lock(generator={}, package="p", inputs="i", files={"a.py": {}})
    write_output(link, {"a.py": b"1"}, owning)
    write_output(link, {"a.py": b"2"}, owning)
    assert link.is_symlink() and (real / "a.py").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_an_output_that_is_a_symlink_to_a_file_or_nowhere_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "to-file").symlink_to(tmp_path / "file")
    (tmp_path / "nowhere").symlink_to(tmp_path / "missing")
    for name in ("to-file", "nowhere"):
        with pytest.raises(WriteError, match="symlink"):
            write_output(tmp_path / name, {"a.py": b"1"}, LOCK)
    assert (tmp_path / "file").read_text() == "x"


def test_a_full_disk_never_truncates_an_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.report import output

    target = tmp_path / "schema.json"
    target.write_text("complete\n")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> "Full":
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": Full(real_fdopen(fd, mode)))
    with pytest.raises(output.OutputError, match="No space left"):
        output.write_file(target, "x" * 100_000)
    assert target.read_text() == "complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]  # no scratch left beside it


def test_dev_full_and_a_read_only_parent_are_usage_errors(tmp_path: Path) -> None:
    docs = _tree(tmp_path)
    full = _gen("schema", str(docs), "-o", "/dev/full")
    assert full.returncode == 2 and "/dev/full" in full.stderr and "No space" in full.stderr, full.stderr
    null = _gen("schema", str(docs), "-o", "/dev/null")
    assert null.returncode == 0 and Path("/dev/null").is_char_device()
    missing = _gen("schema", str(docs), "-o", str(tmp_path / "no" / "such" / "schema.json"))
    assert missing.returncode == 2 and "cannot write" in missing.stderr and "schema.json" in missing.stderr, missing.stderr


def _build_peak_kib(docs: Path, out: Path) -> int:
    script = (
        "import resource\nfrom pathlib import Path\nfrom generator.sdk.build import build\n"
        f"report = build(Path({str(docs)!r}), Path({str(out)!r}), 'bounded_sdk', jobs=1)\n"
        "assert [d.code for d in report.diagnostics] == ['GEN601'], report.diagnostics\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return int(result.stdout)


def test_a_table_of_20000_rows_builds_in_bounded_memory(tmp_path: Path) -> None:
    """black formatting one 20,000-field module took about 1 GB; the model keeps 5,000 (GEN601)."""
    from generator.sdk.bounds import MAX_TYPE_ROWS

    rows = "".join(f"|prop{index}|String|Property {index}.|\n" for index in range(20_000))
    page = (
        "---\ndoc_type: resourcePageType\n---\n\n# bigThing resource type\n\nNamespace: microsoft.graph\n\n"
        "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n" + rows
    )
    docs = tmp_path / "docs" / "resources"
    docs.mkdir(parents=True)
    (docs / "big.md").write_text(page, encoding="utf-8")
    peak = _build_peak_kib(tmp_path / "docs", tmp_path / "out")
    assert peak < 600 * 1024, f"{peak:,} KiB"
    model = (tmp_path / "out" / "bounded_sdk" / "models" / "big_thing.py").read_text(encoding="utf-8")
    assert f'"prop{MAX_TYPE_ROWS - 1}"' in model and f'"prop{MAX_TYPE_ROWS}"' not in model
    assert (tmp_path / "out" / "gen-schema.json").read_text(encoding="utf-8").count('"prop19999"') == 1
