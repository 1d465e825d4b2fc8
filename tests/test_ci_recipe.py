"""The CI recipe gen ships (issue 26): ``action.yml`` run step by step as GitHub would run it
from the README's workflow, and ``.pre-commit-hooks.yaml`` run as pre-commit would run it, on
a docs tree in a git repository whose pull request changes the API.

GitHub's expression language is evaluated by a small reader of the part the action uses
(``always()``, ``hashFiles``, ``format``, ``==``, ``!=``, ``&&``, ``||``): anything else fails
the test rather than being skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import GIT_IDENTITY, ROOT, run_gen

ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = re.compile(r"\s*(?:(?P<string>'[^']*')|(?P<op>==|!=|&&|\|\||[(),])|(?P<word>[A-Za-z_][\w.-]*))")


def readme_blocks() -> list[Any]:
    """The YAML blocks of the README's "Use in CI" section, read."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use in CI\n"):readme.index("\n## ", readme.index("## Use in CI\n") + 1)]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]


class Expressions:
    """GitHub's ``${{ }}`` expressions over a context (``inputs``, ``github``) and a workspace."""

    def __init__(self, context: dict[str, Any], workspace: Path) -> None:
        self.context, self.workspace = context, workspace

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda found: str(self.evaluate(found.group(1))), text)

    def condition(self, text: str) -> bool:
        inner = EXPRESSION.fullmatch(text.strip())
        return bool(self.evaluate(inner.group(1) if inner else text))

    def evaluate(self, text: str) -> Any:
        tokens = [(m.lastgroup, m.group(m.lastgroup or 0)) for m in TOKEN.finditer(text)]
        assert "".join(value for _, value in tokens).replace(" ", "") == text.replace(" ", ""), f"unread: {text}"
        value, rest = self._or(tokens)
        assert not rest, f"unread after the expression: {rest}"
        return value

    def _or(self, tokens: list[tuple[str | None, str]]) -> tuple[Any, list[tuple[str | None, str]]]:
        value, tokens = self._and(tokens)
        while tokens and tokens[0][1] == "||":
            other, tokens = self._and(tokens[1:])
            value = value or other
        return value, tokens

    def _and(self, tokens: list[tuple[str | None, str]]) -> tuple[Any, list[tuple[str | None, str]]]:
        value, tokens = self._compare(tokens)
        while tokens and tokens[0][1] == "&&":
            other, tokens = self._compare(tokens[1:])
            value = value and other
        return value, tokens

    def _compare(self, tokens: list[tuple[str | None, str]]) -> tuple[Any, list[tuple[str | None, str]]]:
        value, tokens = self._term(tokens)
        if tokens and tokens[0][1] in ("==", "!="):
            other, rest = self._term(tokens[1:])
            return (str(value) == str(other)) == (tokens[0][1] == "=="), rest
        return value, tokens

    def _term(self, tokens: list[tuple[str | None, str]]) -> tuple[Any, list[tuple[str | None, str]]]:
        kind, value = tokens[0]
        if kind == "string":
            return value[1:-1], tokens[1:]
        if kind == "word" and len(tokens) > 1 and tokens[1][1] == "(":
            return self._call(value, tokens[2:])
        if kind == "word":
            found: Any = self.context
            for part in value.split("."):
                found = found.get(part, "") if isinstance(found, dict) else ""
            return found, tokens[1:]
        raise AssertionError(f"unexpected {value!r} in an expression")

    def _call(self, name: str, tokens: list[tuple[str | None, str]]) -> tuple[Any, list[tuple[str | None, str]]]:
        arguments: list[Any] = []
        while tokens[0][1] != ")":
            argument, tokens = self._or(tokens)
            arguments.append(argument)
            tokens = tokens[1:] if tokens[0][1] == "," else tokens
        tokens = tokens[1:]
        if name == "always":
            return True, tokens
        if name == "hashFiles":
            return ("a-hash" if (self.workspace / arguments[0]).is_file() else ""), tokens
        if name == "format":
            return re.sub(r"\{(\d+)\}", lambda m: str(arguments[1 + int(m.group(1))]), arguments[0]), tokens
        raise AssertionError(f"the test does not know the function {name}()")


def pull_request_repository(tmp_path: Path) -> Path:
    """A docs tree with its committed SDK on origin/main, and a pull request that removes a type."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "docs-input", repo / "docs")
    assert run_gen("build", "docs", "-o", "sdk", cwd=repo).returncode == 0

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *GIT_IDENTITY, *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "docs" / "resources" / "chargingamenity.md").unlink()  # a type removed: breaking, the SDK stale
    git("commit", "-qam", "docs PR")
    return repo


def action_inputs(given: dict[str, Any], expressions: Expressions) -> dict[str, str]:
    declared = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"]
    unknown = set(given) - set(declared)
    assert not unknown, f"the workflow gives inputs the action does not declare: {unknown}"
    return {name: str(given.get(name, expressions.substitute(str(spec.get("default", ""))))) for name, spec in declared.items()}


def the_workflows_action_step() -> dict[str, Any]:
    workflow = readme_blocks()[0]
    (step,) = [step for step in workflow["jobs"]["gen"]["steps"] if step.get("uses") == "./tools/gen"]
    return step


def run_action(repo: Path, github: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Run action.yml's steps in ``repo`` as a runner would; the names of the steps that ran and failed."""
    expressions = Expressions({"github": {"sha": "0" * 40, **github}, "runner": {"os": "Linux"}}, repo)
    expressions.context["inputs"] = action_inputs(the_workflows_action_step().get("with", {}), expressions)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    ran: list[str] = []
    failed: list[str] = []
    for step in yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]:
        condition = step.get("if", "success()" if not failed else "")
        if failed:
            assert condition.startswith("always()"), f"{step['name']} is skipped after {failed[0]} fails"
        if condition != "success()" and not expressions.condition(condition):
            continue
        ran.append(step["name"])
        if step.get("uses", "").startswith("actions/cache@"):  # gen's own cache folder, per runner OS
            assert "~/.cache/gen" in step["with"]["path"].split()
            assert expressions.substitute(step["with"]["key"]).startswith(expressions.substitute(step["with"]["restore-keys"]))
            continue
        if "uses" in step:  # an action of GitHub's: what it is given must exist
            assert (repo / step["with"]["sarif_file"]).is_file()
            continue
        step_env = {**env, **{key: expressions.substitute(str(value)) for key, value in step.get("env", {}).items()}}
        if "pip install" in step["run"]:
            assert step_env["GEN_ACTION_PATH"] == str(ROOT)  # gen is installed from the action's own folder
            continue
        if step["run"].startswith("gh "):
            assert (repo / "gen-drift.md").read_text(encoding="utf-8").strip()  # the comment's body
            continue
        done = subprocess.run(["bash", "-c", step["run"]], cwd=repo, env=step_env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode in (0, 1), (step["name"], done.stderr[-2000:])
        if done.returncode:
            failed.append(step["name"])
    return ran, failed


@pytest.mark.slow
def test_the_action_runs_every_check_on_an_api_changing_pull_request(tmp_path: Path) -> None:
    repo = pull_request_repository(tmp_path)
    github = {"action_path": str(ROOT), "base_ref": "main", "token": "t", "event": {"pull_request": {"number": "7"}}}
    ran, failed = run_action(repo, github)
    assert failed == ["No breaking API change", "SDK is current"]  # the API changed: both say so
    assert "Post the drift summary" in ran and "Upload the lint findings to code scanning" in ran
    for name in ("gen-lint.sarif", "gen-test.json", "gen-drift.md"):
        assert (repo / name).is_file(), name
    assert "chargingAmenity" in (repo / "gen-drift.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_action_on_a_push_skips_the_pull_request_checks(tmp_path: Path) -> None:
    repo = pull_request_repository(tmp_path)
    assert run_gen("build", "docs", "-o", "sdk", cwd=repo).returncode == 0  # the push brought its SDK along
    github = {"action_path": str(ROOT), "base_ref": "", "token": "t", "event": {}}
    ran, failed = run_action(repo, github)
    assert failed == []
    assert not any("drift" in name or "breaking" in name for name in ran)


def test_the_expression_reader_knows_what_the_action_writes(tmp_path: Path) -> None:
    (tmp_path / "a.sarif").write_text("{}")
    expressions = Expressions({"inputs": {"x": "true", "e": ""}, "github": {"base_ref": "main"}}, tmp_path)
    assert expressions.condition("always() && inputs.x == 'true' && hashFiles('a.sarif') != ''")
    assert not expressions.condition("always() && inputs.e != ''")
    assert expressions.evaluate("github.base_ref && format('origin/{0}', github.base_ref) || ''") == "origin/main"
    with pytest.raises(AssertionError):
        expressions.evaluate("contains(inputs.x, 'tr')")


def test_every_input_of_the_action_is_described_and_every_script_reads_inputs_from_its_environment() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert all(spec.get("description") for spec in action["inputs"].values())
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"{step['name']}: an input spliced into a script can inject commands"


def test_the_pre_commit_hook_fails_on_a_stale_sdk_and_passes_on_a_current_one(tmp_path: Path) -> None:
    (config,) = [block for block in readme_blocks() if isinstance(block, dict) and "repos" in block]
    (hook_use,) = config["repos"][0]["hooks"]
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    hook = hooks[hook_use["id"]]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("docs/resources/vehicle.md") and files.search("pyproject.toml")
    assert not files.search("src/app.py")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "docs-input", repo / "docs")
    argv = [*hook["entry"].split(), *hook_use.get("args", [])]
    assert argv[0] == "gen"

    def run_hook() -> int:
        return run_gen(*argv[1:], cwd=repo).returncode

    assert run_hook() == 1  # no SDK yet: stale
    assert run_gen("build", "docs", "-o", "sdk", cwd=repo).returncode == 0
    assert run_hook() == 0
    (repo / "docs" / "resources" / "chargingamenity.md").unlink()
    assert run_hook() == 1
