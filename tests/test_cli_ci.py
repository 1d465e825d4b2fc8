"""gen in CI and at a terminal (issue 13): options, defaults, errors, versions, suppressions."""

from __future__ import annotations

import io
import json
import subprocess
import typing
from pathlib import Path
from typing import Callable, Iterator

import click
import pytest
from rich.console import Console

from generator.cli import hoist_global_options
from generator.console import Output
from helpers import ROOT, run_gen

Gen = Callable[..., subprocess.CompletedProcess[str]]
DOCS = str(ROOT / "docs-input")
VERSION = 'version = "{}"'


def test_global_options_are_accepted_after_the_command(gen: Gen, tmp_path: Path) -> None:
    done = gen("schema", DOCS, "--format", "text", "-q", "--min-severity", "error", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # -q after the command still silences the diagnostics


def test_hoisting_keeps_the_command_options_in_place() -> None:
    assert hoist_global_options(["build", "docs", "-o", "out", "-q", "--config=x.toml"]) == [
        "-q", "--config=x.toml", "build", "docs", "-o", "out",
    ]
    assert hoist_global_options(["lint", "--config", "p.toml", "docs"]) == ["--config", "p.toml", "lint", "docs"]


def test_version_names_black_and_the_template_fingerprint(gen: Gen) -> None:
    from generator.sdk.build import generator_info

    done = gen("--version")
    info = generator_info()
    assert done.returncode == 0
    assert f"black {info['black']}" in done.stdout and info["fingerprint"][:12] in done.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["schema", DOCS, "-o", "{bad}"],
        ["schema", DOCS, "--diagnostics", "{bad}"],
        ["test", DOCS, "--report", "{bad}"],
        ["lint", DOCS, "-o", "{bad}"],
        ["drift", DOCS, DOCS, "-o", "{bad}"],
    ],
)
def test_an_unwritable_output_is_exit_2_before_the_work(gen: Gen, tmp_path: Path, command: list[str]) -> None:
    for bad in (tmp_path / "no-such-folder" / "out.json", tmp_path):
        done = gen(*[part.replace("{bad}", str(bad)) for part in command], cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert f"cannot write {bad}:" in done.stderr or (bad.is_dir() and "is a directory" in done.stderr)
        assert done.stdout == ""  # checked before the work: no result was printed


def test_an_empty_docs_folder_is_a_clear_error(gen: Gen, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for command in ("schema", "build", "test", "lint"):
        done = gen(command, "docs", cwd=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        assert "holds no pages" in done.stderr
    assert not (tmp_path / "generated").exists()


def test_docs_without_api_pages_are_a_clear_error(gen: Gen, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "readme.md").write_text("# Hello\n\nNot an API page.\n", encoding="utf-8")
    done = gen("build", "docs", cwd=tmp_path)  # an empty SDK would be a silent success
    assert done.returncode == 2, done.stderr
    assert "no API reference page" in done.stderr
    assert not (tmp_path / "generated").exists()


def test_a_malformed_discovered_pyproject_is_an_error(gen: Gen, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gen\ndocs = 'x'\n", encoding="utf-8")
    done = gen("schema", DOCS, cwd=tmp_path)
    assert done.returncode == 2
    assert "is not valid TOML" in done.stderr and "--config" in done.stderr


@pytest.mark.parametrize("table", ["lint", "drift"])
def test_unknown_keys_in_lint_and_drift_tables_are_errors(gen: Gen, tmp_path: Path, table: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.gen.{table}]\nfail_on = 'any'\n", encoding="utf-8")
    done = gen("schema", DOCS, cwd=tmp_path)
    assert done.returncode == 2
    assert f"unknown key(s) in [tool.gen.{table}]: fail_on" in done.stderr and "fail-on" in done.stderr


def _lock(out: Path) -> dict[str, object]:
    document: dict[str, object] = json.loads((out / "gen-lock.json").read_text(encoding="utf-8"))
    return document


def test_build_without_package_keeps_the_outputs_package(gen: Gen, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert gen("build", DOCS, "-o", str(out), "--package", "other_sdk", cwd=tmp_path).returncode == 0
    done = gen("build", DOCS, "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _lock(out)["package"] == "other_sdk" and (out / "other_sdk").is_dir()


def test_sdk_version_sets_the_generated_pyproject_and_check_agrees(gen: Gen, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert gen("build", DOCS, "-o", str(out), "--sdk-version", "2.5.0", cwd=tmp_path).returncode == 0
    assert VERSION.format("2.5.0") in (out / "pyproject.toml").read_text(encoding="utf-8")
    done = gen("check", DOCS, "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    # [tool.gen] version does the same, and a rebuild without it keeps the output's version.
    (tmp_path / "pyproject.toml").write_text("[tool.gen]\nversion = '3.0.1'\n", encoding="utf-8")
    assert gen("build", DOCS, "-o", str(out), cwd=tmp_path).returncode == 0
    assert VERSION.format("3.0.1") in (out / "pyproject.toml").read_text(encoding="utf-8")
    assert gen("check", DOCS, "-o", str(out), cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").unlink()
    assert gen("build", DOCS, "-o", str(out), cwd=tmp_path).returncode == 0
    assert VERSION.format("3.0.1") in (out / "pyproject.toml").read_text(encoding="utf-8")


def test_another_black_with_the_same_files_is_a_note_not_stale(gen: Gen, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert gen("build", DOCS, "-o", str(out), cwd=tmp_path).returncode == 0
    lock = _lock(out)
    generator = lock["generator"]
    assert isinstance(generator, dict)
    generator["black"] = "0.0.1"
    (out / "gen-lock.json").write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")
    done = gen("check", DOCS, "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "up to date" in done.stdout and "Note: built with black 0.0.1" in done.stdout
    assert "stale" not in done.stdout


def test_suppressions_and_min_severity_apply_to_build_and_schema(gen: Gen, tmp_path: Path) -> None:
    before = gen("schema", DOCS, cwd=tmp_path)
    assert " warning GEN309 " in before.stderr
    (tmp_path / "pyproject.toml").write_text(
        "[tool.gen]\n[[tool.gen.suppress]]\ncode = 'GEN309'\nreason = 'known'\n", encoding="utf-8"
    )
    for command in (["schema", DOCS], ["build", DOCS, "-o", str(tmp_path / "out")]):
        done = gen(*command, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "GEN309" not in done.stderr and " warning GEN002 " in done.stderr
        quiet = gen(*command, "--min-severity", "error", cwd=tmp_path)
        assert " warning " not in quiet.stderr


def test_one_bar_names_each_stage() -> None:
    stream = io.StringIO()
    output = Output(err=Console(file=stream, force_terminal=True, width=100))
    with output.progress("build", stages=4) as hook:
        assert hook.bar is not None
        for name in ("parse", "render", "format", "write"):
            hook.stage(name)
            hook(1, 2)
        (task,) = hook.bar.tasks  # one bar at a time
        assert task.description == "[4/4] write" and task.total == 2
    assert any("eta" in str(column.text_format) for column in hook.bar.columns if hasattr(column, "text_format"))


def test_each_stage_has_its_own_count_total_and_clock() -> None:
    output = Output(err=Console(file=io.StringIO(), force_terminal=True, width=100))
    with output.progress("lint", stages=2) as hook:
        assert hook.bar is not None and hook.bar.tasks[0].description == "lint"  # no number before a stage
        hook.stage("read")
        hook(7949, 7949)
        hook.stage("rules")
        (task,) = hook.bar.tasks
        assert task.description == "[2/2] rules"  # not a second [1/2]
        assert task.total is None and task.completed == 0  # not the pages of the stage before


def test_a_pool_says_its_total_before_its_first_chunk_ends() -> None:
    from generator.parallel import map_chunks

    calls: list[tuple[int, int]] = []
    map_chunks(len, [[1, 2], [3]], 1, lambda done, total: calls.append((done, total)))
    assert calls == [(0, 3), (2, 3), (3, 3)]


def test_a_stream_pool_works_while_its_chunks_are_made_and_answers_in_order() -> None:
    from generator.parallel import map_stream

    made: list[int] = []

    def chunks() -> Iterator[list[int]]:
        for n in range(1, 8):
            made.append(n)
            yield list(range(n))

    calls: list[tuple[int, int]] = []
    assert map_stream(len, chunks(), 2, lambda done, total: calls.append((done, total)), total=28) == [1, 2, 3, 4, 5, 6, 7]
    assert made == [1, 2, 3, 4, 5, 6, 7] and calls[-1] == (28, 28)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_no_bar_when_not_a_terminal() -> None:
    output = Output(err=Console(file=io.StringIO(), force_terminal=False))
    with output.progress("build", stages=4) as hook:
        assert hook.bar is None


@pytest.mark.slow
def test_every_command_works_after_a_plain_install(tmp_path: Path) -> None:
    """gen without extras in a fresh venv: the declared dependencies alone run every command."""
    import sys

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(ROOT)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-2000:]
    gen_bin, out = str(venv / "bin" / "gen"), tmp_path / "out"
    commands = [
        ["schema", DOCS], ["build", DOCS, "-o", str(out)], ["check", DOCS, "-o", str(out)],
        ["test", DOCS], ["lint", DOCS, "--fail-on", "none"], ["drift", DOCS, DOCS], ["--version"],
    ]
    for command in commands:
        done = subprocess.run([gen_bin, *command], capture_output=True, text=True, cwd=tmp_path, timeout=600)
        assert done.returncode == 0, (command, done.stderr[-2000:])


def _recorder() -> tuple[list[tuple[str, int, int]], Callable[[int, int], None], Callable[[str], None]]:
    calls: list[tuple[str, int, int]] = []
    current = ["load"]

    def progress(done: int, total: int) -> None:
        calls.append((current[0], done, total))

    def stage(name: str) -> None:
        current[0] = name

    return calls, progress, stage


def test_gen_test_shows_progress_through_its_round_trips_and_replays() -> None:
    from generator.sdktest.run import run_tests

    calls, progress, stage = _recorder()
    run_tests(Path(DOCS), jobs=1, progress=progress, stage=stage)
    for name in ("round trips", "replays"):
        steps = [(done, total) for seen, done, total in calls if seen == name]
        assert len(steps) > 1 and steps[-1][0] == steps[-1][1], (name, steps)  # it moves, and it ends at its total


def test_gen_lint_shows_progress_through_its_rules() -> None:
    from generator.docs import load
    from generator.lint.rules import RULES, lint_model

    calls, progress, _ = _recorder()
    lint_model(load(Path(DOCS)).model, progress=progress)
    assert [done for _, done, _ in calls] == list(range(1, len(RULES) + 1))


def test_min_severity_after_lint_still_filters_its_report() -> None:
    """``--min-severity`` is a global option, moved before the command; lint's report follows it too."""
    everything = run_gen("lint", DOCS, "--format", "json", "--fail-on", "none", "--min-severity", "info")
    errors_only = run_gen("lint", DOCS, "--format", "json", "--fail-on", "none", "--min-severity", "error")
    severities = {finding["severity"] for finding in json.loads(errors_only.stdout)["findings"]}
    assert severities == {"error"}, severities
    assert len(json.loads(everything.stdout)["findings"]) > len(json.loads(errors_only.stdout)["findings"])


# -- choices come from the severity vocabularies -------------------------------------------


def _choices(command: click.Command, option: str) -> list[str]:
    (found,) = [param for param in command.params if param.name == option]
    assert isinstance(found.type, click.Choice)
    return list(found.type.choices)


def test_severity_choices_come_from_the_vocabularies() -> None:
    """What ``--help`` lists, as the records order it (``gen --help`` shows the same words as before)."""
    from generator.cli import cli
    from generator.model.changes import ChangeSeverity
    from generator.model.diagnostics import SEVERITY_RANK, FindingSeverity, Severity

    assert _choices(cli, "min_severity") == FindingSeverity.words() == ["info", "warning", "error"]
    assert _choices(cli.commands["lint"], "min_severity") == ["error", "warning", "info"]
    assert _choices(cli.commands["lint"], "fail_on") == FindingSeverity.fail_on_choices() == ["error", "warning", "none"]
    assert _choices(cli.commands["drift"], "fail_on") == ChangeSeverity.fail_on_choices()
    assert ChangeSeverity.fail_on_choices() == ["breaking", "warning", "any", "none"]
    assert SEVERITY_RANK == {"info": 0, "warning": 1, "error": 2}
    assert set(typing.get_args(Severity)) == set(FindingSeverity.words())  # the written word and the record agree


def test_config_accepts_the_words_the_vocabularies_have() -> None:
    """``config`` may not import ``model`` (test_layers): its copies of the words are held equal here."""
    from generator import config
    from generator.model.changes import ChangeSeverity
    from generator.model.diagnostics import FindingSeverity

    assert list(config.LINT_FAIL_ON) == FindingSeverity.fail_on_choices()
    assert list(config.DRIFT_FAIL_ON) == ChangeSeverity.fail_on_choices()
    assert list(config.DRIFT_SEVERITIES) == ChangeSeverity.words()


# -- the last round's terminal papercuts (issue 26) ----------------------------------------------
def test_quiet_and_verbose_together_are_refused(gen: Gen, tmp_path: Path) -> None:
    for argv in (("-q", "-v", "schema", DOCS), ("schema", DOCS, "-v", "--quiet")):
        done = gen(*argv, cwd=tmp_path)
        assert done.returncode == 2 and "contradict" in done.stderr and done.stdout == ""


@pytest.mark.parametrize("package", ["json", "typing", "httpx", "class"])
def test_a_package_name_that_shadows_a_module_or_is_a_keyword_is_refused(gen: Gen, tmp_path: Path, package: str) -> None:
    done = gen("build", DOCS, "-o", str(tmp_path / "out"), "--package", package, cwd=tmp_path)
    assert done.returncode == 2 and f"--package {package!r}" in done.stderr and "try '" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["schema", "build", "check", "test", "lint"])
def test_every_command_that_reads_docs_describes_the_docs_argument(gen: Gen, command: str) -> None:
    done = gen(command, "--help")
    assert done.returncode == 0 and "[DOCS]" in done.stdout
    assert "DOCS is the folder of the API reference pages" in " ".join(done.stdout.split())


def test_counts_take_the_number_of_their_noun() -> None:
    from generator.model.counting import counted

    assert [counted(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert counted(1, "entity", "entities") == "1 entity" and counted(3, "entity", "entities") == "3 entities"
    stream = io.StringIO()
    output = Output(err=Console(file=stream, force_terminal=False, width=200))
    from generator.model.diagnostics import diag

    output.summary([diag("GEN307", "api/x.md", 3, "a placeholder URL")])
    assert "1 diagnostic (1 error, 0 warnings, 0 info)" in stream.getvalue()
