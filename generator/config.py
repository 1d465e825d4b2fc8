"""Configuration from ``[tool.gen]`` in pyproject.toml; command-line options override it.

Found like black finds its own: the nearest pyproject.toml from the current directory
upwards that has a ``[tool.gen]`` table (or the file given with ``--config``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

from .docs import Limits
from .model.changes import ChangeSeverity
from .model.diagnostics import FindingSeverity
from .docs.read import DEFAULT_SUFFIXES, read_bounded

_MAX_CONFIG_BYTES = 4 * 1024 * 1024

# The words [tool.gen.lint] and [tool.gen.drift] take, from their vocabularies' records.
LINT_FAIL_ON = tuple(FindingSeverity.fail_on_choices())
DRIFT_FAIL_ON = tuple(ChangeSeverity.fail_on_choices())
DRIFT_SEVERITIES = tuple(ChangeSeverity.words())


class ConfigError(Exception):
    """The configuration file is unreadable or holds a bad value."""


@attrs.frozen
class Suppression:
    code: str
    reason: str
    file: str | None = None  # glob over docs-relative paths
    type: str | None = None
    member: str | None = None


@attrs.frozen
class Config:
    path: Path | None = None
    docs: str | None = None
    output: str | None = None
    package: str | None = None
    version: str | None = None  # the generated SDK's version
    metadata: str | None = None  # the service's metadata (CSDL), relative to the file
    jobs: int | None = None
    max_page_bytes: int = Limits().max_page_bytes
    max_example_bytes: int = Limits().max_example_bytes
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
    cache: bool = True  # gen's parse cache ([tool.gen] cache = false, or --no-cache, turns it off)
    include: tuple[str, ...] = ()  # documented path patterns to build, check and test (none: all)
    exclude: tuple[str, ...] = ()
    suppress: tuple[Suppression, ...] = ()
    lint_fail_on: str = "error"
    drift_fail_on: str = "breaking"
    # [tool.gen.drift.severity]: change kind -> breaking | warning | info | none (issue 14).
    drift_severity: tuple[tuple[str, str], ...] = ()

    @property
    def limits(self) -> Limits:
        return Limits(self.max_page_bytes, self.max_example_bytes, self.suffixes, self.cache)

    @property
    def base(self) -> Path:
        """Relative paths in the file are relative to the file's folder."""
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path | None = None) -> Path | None:
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                with candidate.open("rb") as handle:
                    if "gen" in tomllib.load(handle).get("tool", {}):
                        return candidate
            except OSError:
                continue
            except tomllib.TOMLDecodeError as error:  # silently skipping it would drop its settings
                raise ConfigError(
                    f"{candidate} is not valid TOML ({error}): fix it, or name another file with --config"
                ) from None
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        raw = read_bounded(path, _MAX_CONFIG_BYTES)  # a FIFO or a device must not hang gen
        if raw is None:
            raise ConfigError(f"{path} is over {_MAX_CONFIG_BYTES:,} bytes; is it the right file?")
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    table = data.get("tool", {}).get("gen", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.gen] must be a table")
    return _config(path, table)


_KNOWN = {
    "docs", "output", "package", "version", "metadata", "jobs", "max-page-bytes", "max-example-bytes",
    "suffixes", "cache", "include", "exclude", "suppress", "lint", "drift",
}


def _config(path: Path, table: dict[str, Any]) -> Config:
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [tool.gen]: {', '.join(unknown)} (known: {', '.join(sorted(_KNOWN))})")
    lint = _table(path, table, "lint", {"fail-on"})
    drift = _table(path, table, "drift", {"fail-on", "severity"})
    return Config(
        path=path,
        docs=_string(path, table, "docs"),
        output=_string(path, table, "output"),
        package=_string(path, table, "package"),
        version=_string(path, table, "version"),
        metadata=_string(path, table, "metadata"),
        jobs=_integer(path, table, "jobs"),
        max_page_bytes=_size(path, table, "max-page-bytes") or Limits().max_page_bytes,
        max_example_bytes=_size(path, table, "max-example-bytes") or Limits().max_example_bytes,
        suffixes=_suffixes(path, table),
        cache=_boolean(path, table, "cache", True),
        include=_patterns(path, table, "include"),
        exclude=_patterns(path, table, "exclude"),
        suppress=tuple(_suppression(path, item) for item in table.get("suppress", [])),
        lint_fail_on=_choice(path, lint, "fail-on", LINT_FAIL_ON, "error"),
        drift_fail_on=_choice(path, drift, "fail-on", DRIFT_FAIL_ON, "breaking"),
        drift_severity=_severities(path, drift.get("severity", {})),
    )


def _severities(path: Path, table: object) -> tuple[tuple[str, str], ...]:
    """[tool.gen.drift.severity]: change kind -> severity (``gen drift`` refuses unknown kinds)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.gen.drift.severity] must be a table of change kind = severity")
    for kind, value in sorted(table.items()):
        if value not in DRIFT_SEVERITIES:
            raise ConfigError(f"{path}: [tool.gen.drift.severity] {kind} must be one of {', '.join(DRIFT_SEVERITIES)}")
    return tuple(sorted(table.items()))


def _suffixes(path: Path, table: dict[str, Any]) -> tuple[str, ...]:
    value = table.get("suffixes", DEFAULT_SUFFIXES)
    # "" would make every file a page: binaries, lock files, the SDK's own output.
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(s, str) and s.strip(".") for s in value):
        raise ConfigError(f"{path}: [tool.gen] suffixes must be a non-empty list of file endings such as \".md\"")
    return tuple(value)


def _boolean(path: Path, table: dict[str, Any], key: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: [tool.gen] {key} must be true or false")
    return value


def _patterns(path: Path, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ConfigError(f"{path}: [tool.gen] {key} must be a list of documented path patterns such as \"/users/**\"")
    return tuple(value)


def _table(path: Path, table: dict[str, Any], key: str, known: set[str]) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [tool.gen.{key}] must be a table")
    unknown = sorted(set(value) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) in [tool.gen.{key}]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))}); remove or rename them"
        )
    return value


def _string(path: Path, table: dict[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{path}: [tool.gen] {key} must be a string")
    return value


# "", "b"; then "k", "kb", "kib" and so on, all binary.
_UNITS = {"": 1, "b": 1} | {
    prefix + suffix: 1024**power for power, prefix in enumerate("kmg", 1) for suffix in ("", "b", "ib")
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from ``20971520``, ``20MB``, ``512 KiB`` (binary units, as the defaults are)."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS or float(match.group(1)) * _UNITS[unit] < 1:
        raise ValueError(f"{text!r} is not a size: write bytes or a number with KB, MB or GB (as 20MB)")
    return int(float(match.group(1)) * _UNITS[unit])


def _size(path: Path, table: dict[str, Any], key: str) -> int | None:
    value = table.get(key)
    if isinstance(value, str):
        try:
            return parse_size(value)
        except ValueError as error:
            raise ConfigError(f"{path}: [tool.gen] {key}: {error}") from None
    return _integer(path, table, key)


def _integer(path: Path, table: dict[str, Any], key: str) -> int | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
        raise ConfigError(f"{path}: [tool.gen] {key} must be a positive integer")
    return value


def _choice(path: Path, table: dict[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise ConfigError(f"{path}: {key} must be one of {', '.join(choices)}")
    return str(value)


def _suppression(path: Path, item: Any) -> Suppression:
    if not isinstance(item, dict) or "code" not in item or "reason" not in item:
        raise ConfigError(
            f"{path}: each [[tool.gen.suppress]] entry needs 'code' and 'reason' "
            "(and optionally 'file', 'type', 'member')"
        )
    return Suppression(
        code=str(item["code"]).upper(),
        reason=str(item["reason"]),
        file=item.get("file"),
        type=item.get("type"),
        member=item.get("member"),
    )
