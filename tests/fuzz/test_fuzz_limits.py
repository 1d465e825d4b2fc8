"""Limits: size options with defaults that pass the corpus, and time linear in the input.

Each shape below once made a stage of gen quadratic (or is a classic way to make a
Markdown or JSON reader so); it is run at n and 4n and the CPU time must grow about 4
times, not 16. The figures for a 10 MB page and a 10,000-row table through the real
command line are measured by ``bench/fuzz.py --measure``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from fuzzlib import CORPORA, ROOT, Stages, check_tree, fresh_package, write_tree
from generator.sdk.build import build
from generator.config import Config, load_config, parse_size
from generator.lint import lint_tree
from generator.docs import Limits, load
from generator.docs.read import DEFAULT_MAX_PAGE_BYTES
from generator.docs.parse.page import DEFAULT_MAX_EXAMPLE_BYTES

HEAD = "---\ndoc_type: resourcePageType\n---\n\n# bigThing resource type\n\nNamespace: microsoft.graph\n\n"
TABLE = "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n"
API = (
    "---\ndoc_type: apiPageType\n---\n\n# Create bigThing\n\n## HTTP request\n\n```http\nPOST /things\n```\n\n"
    "## Examples\n\n### Request\n\n<!-- {\"blockType\": \"request\", \"name\": \"create_thing\"} -->\n"
    "```http\nPOST https://graph.microsoft.com/beta/things\nContent-Type: application/json\n\n"
)


def rows(n: int) -> str:
    return HEAD + TABLE + "".join(
        f"|prop{i}|String|Property {i}. Possible values are: `a{i}`, `b{i}`. Inherited from [entity](entity.md).|\n"
        for i in range(n)
    )


def paths(documented: str, example: str) -> str:
    """An API page whose documented path and example URL are the shape (lint's GEN115, test's replay)."""
    return (
        f"---\ndoc_type: apiPageType\n---\n\n# Get thing\n\n## HTTP request\n\n```http\nGET {documented}\n```\n\n"
        "## Examples\n\n### Request\n\n<!-- {\"blockType\": \"request\", \"name\": \"get_thing\"} -->\n"
        f"```http\nGET https://graph.microsoft.com/beta{example}\n```\n"
    )


SHAPES: dict[str, tuple[Callable[[int], str], int, str]] = {
    # name: (page of size n, n, stages to time)
    "table rows (resolve: property lookup)": (rows, 3000, "load"),
    "table rows, built": (rows, 1000, "load+build"),
    "unclosed <a tags (lint: anchor regex)": (lambda n: HEAD + "<a " * n + "\n", 5_000, "load+lint"),
    "links, one per line (lint: line numbers)": (lambda n: HEAD + "[a](b.md)\n" * n, 8_000, "load+lint"),
    "links on one line (lint: line numbers)": (lambda n: HEAD + "Inherits from " + "[x](x.md) " * n + "\n", 8_000, "load+lint"),
    "duplicate JSON keys (parse: line numbers)": (lambda n: API + "{\n" + '"a": 1,\n' * n + "}\n```\n", 8_000, "load"),
    "open brackets": (lambda n: HEAD + TABLE + "|p|String|" + "[" * n + "|\n", 10_000, "load+lint"),
    "open brackets in the intro": (lambda n: HEAD + "[" * n + "\n", 10_000, "load+lint"),
    "backtick runs in a row": (lambda n: HEAD + TABLE + "|p|String|" + "".join("`" * (40 - i % 40) + "a" for i in range(n)) + "|\n", 2_000, "load+lint"),
    "deep JSON": (lambda n: API + "[" * n + "\n```\n", 20_000, "load"),
    "deep block quotes and lists": (lambda n: HEAD + "".join("> " * (i % 50) + "- x\n" for i in range(n)), 2_000, "load+lint"),
    "many headings": (lambda n: HEAD + "".join(f"{'#' * (i % 6 + 1)} h{i}\n" for i in range(n)), 5_000, "load+lint"),
    "one long line": (lambda n: HEAD + "word " * n + "\n", 50_000, "load+lint"),
    "many fences": (lambda n: HEAD + "```json\n{\"a\": [1, 2]}\n```\n" * n, 2_000, "load+lint"),
    "unclosed comment": (lambda n: HEAD + "<!--\n" + "x\n" * n, 20_000, "load+lint"),
    # paths.normal_path and match_path: a long segment once cost 22 s in lint, nested braces 175 s
    "a long path segment": (lambda n: paths("/things/{id}/" + "a" * n, "/things/1/" + "a" * n + "b"), 50_000, "load+lint"),
    "a long segment with an open call": (lambda n: paths("/things/" + "a" * n + "(", "/things/" + "a(" * n + ")"), 20_000, "load+lint"),
    "call arguments": (lambda n: paths("/f(" + "k=1," * n + ")", "/f(" + "k" * n + "=1," + "a=" * n + ")"), 20_000, "load+lint"),
    "nested braces": (lambda n: paths("/x/" + "{" * n + "}" * n, "/x/" + "{" * n + "}" * n + "y"), 20_000, "load+lint"),
    "placeholders in one segment": (lambda n: paths("/x/" + "{a}-" * n + "{b}", "/x/" + "a-" * n + "/"), 5_000, "load+lint"),
    "many annotations": (lambda n: HEAD + '<!-- { "blockType": "example", } -->\n' * n, 3_000, "load+lint"),
}


def _clear_caches() -> None:
    """gen caches parsed cells and rows by their text: a second attempt would time the cache."""
    for name, module in list(sys.modules.items()):
        if name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _cpu_seconds(text: str, stages: str, scratch: Path) -> float:
    docs = write_tree(scratch / f"docs{len(text)}", {"resources/big.md": text.encode()})
    best = float("inf")
    for attempt in range(2):
        _clear_caches()
        started = time.process_time()
        loaded = load(docs, jobs=1, scan=True)
        if "lint" in stages:
            lint_tree(loaded, docs, Config(jobs=1))
        if "build" in stages:
            build(docs, scratch / f"out{attempt}", fresh_package(), jobs=1, format_code=False)
        best = min(best, time.process_time() - started)
    return best


MEASURABLE = 0.08  # seconds of CPU


@pytest.mark.parametrize("shape", list(SHAPES))
def test_time_grows_linearly(tmp_path: Path, shape: str) -> None:
    make, n, stages = SHAPES[shape]
    small = _cpu_seconds(make(n), stages, tmp_path)
    while small < MEASURABLE and n < 64 * SHAPES[shape][1]:
        n *= 2  # below a few tens of ms, noise (another test's process) decides the ratio
        small = _cpu_seconds(make(n), stages, tmp_path)
    large = _cpu_seconds(make(4 * n), stages, tmp_path)
    # Linear is 4; quadratic is 16. Fixed costs make small inputs look better than linear.
    assert large < 8 * max(small, 0.02), f"{shape}: {small:.3f} s at n={n}, {large:.3f} s at 4n"


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", CORPORA, ids=lambda path: path.name)
def test_default_limits_pass_the_whole_corpus(corpus: Path) -> None:
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent: this test needs the shared corpus (../shared, present in CI)")
    assert Config().max_page_bytes == Limits().max_page_bytes == DEFAULT_MAX_PAGE_BYTES
    assert Config().max_example_bytes == Limits().max_example_bytes == DEFAULT_MAX_EXAMPLE_BYTES
    model = load(corpus).model
    over = [d for d in model.diagnostics if d.code == "GEN004" or (d.code == "GEN301" and "limit" in d.message)]
    assert not over, over[:5]
    # ...with room to spare: the largest page and example are far below the limits.
    largest_page = max(path.stat().st_size for path in corpus.rglob("*.md"))
    largest_example = max((len(e.json_text.encode()) for e in model.examples if e.json_text), default=0)
    assert largest_page * 10 < DEFAULT_MAX_PAGE_BYTES and largest_example * 10 < DEFAULT_MAX_EXAMPLE_BYTES


def test_a_page_over_the_limit_is_skipped_with_gen004(tmp_path: Path) -> None:
    docs = write_tree(tmp_path / "docs", {"resources/big.md": rows(200).encode(), "resources/small.md": rows(2).encode()})
    size = (docs / "resources" / "big.md").stat().st_size
    model = load(docs, Limits(max_page_bytes=size - 1), jobs=1).model
    found = [d for d in model.diagnostics if d.code == "GEN004"]
    assert [(d.file, d.severity) for d in found] == [("resources/big.md", "error")]
    assert "max-page-bytes" in found[0].message
    check_tree(docs, tmp_path, Stages(test=False), limits=Limits(max_page_bytes=size - 1))


def test_a_json_integer_over_python_s_digit_limit_is_kept_as_text(tmp_path: Path) -> None:
    """Valid JSON, so no GEN301: the body is read, checked and round-tripped with its digits."""
    from generator.model.json_values import LongInteger

    digits = "7" * 5000
    docs = write_tree(tmp_path / "docs", {"api/big.md": (API + '{"size": ' + digits + ', "n": -' + digits + "}\n```\n").encode()})
    model = load(docs, jobs=1).model
    assert not [d for d in model.diagnostics if d.code == "GEN301"]
    (example,) = [e for e in model.examples if e.kind.value == "request"]
    assert example.parsed and example.value == {"size": LongInteger(digits), "n": LongInteger("-" + digits)}
    check_tree(docs, tmp_path, Stages(test=True))


def test_an_example_over_the_limit_is_not_parsed(tmp_path: Path) -> None:
    body = json.dumps({f"key{i}": "x" * 50 for i in range(100)}, indent=1)
    docs = write_tree(tmp_path / "docs", {"api/big.md": (API + body + "\n```\n").encode()})
    limits = Limits(max_example_bytes=len(body) - 1)
    model = load(docs, limits, jobs=1).model
    found = [d for d in model.diagnostics if d.code == "GEN301" and "limit" in d.message]
    assert len(found) == 1 and found[0].line > 0
    assert not any(example.parsed for example in model.examples)
    check_tree(docs, tmp_path, Stages(test=True), limits=limits)
    assert not [d for d in load(docs, jobs=1).model.diagnostics if "limit" in d.message]


def test_the_limits_come_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gen]\nmax-page-bytes = 1000\nmax-example-bytes = 100\n")
    config = load_config(tmp_path / "pyproject.toml")
    assert (config.limits.max_page_bytes, config.limits.max_example_bytes) == (1000, 100)
    docs = write_tree(tmp_path / "docs", {"resources/big.md": rows(50).encode()})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--config", str(tmp_path / "pyproject.toml"), "schema", str(docs),
         "--diagnostics", str(tmp_path / "d.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    codes = [d["code"] for d in json.loads((tmp_path / "d.json").read_text())["diagnostics"]]
    assert "GEN004" in codes


def _gen_codes(tmp_path: Path, *args: str) -> tuple[int, list[str], str]:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args, "--diagnostics", str(tmp_path / "d.json")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        return result.returncode, [], result.stderr
    return 0, [d["code"] for d in json.loads((tmp_path / "d.json").read_text())["diagnostics"]], result.stderr


def test_the_command_line_options_override_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gen]\nmax-page-bytes = "1 KB"\n')
    assert load_config(tmp_path / "pyproject.toml").max_page_bytes == 1024
    docs = write_tree(tmp_path / "docs", {"resources/big.md": rows(50).encode()})
    size = (docs / "resources" / "big.md").stat().st_size
    assert size > 1024
    assert "GEN004" in _gen_codes(tmp_path, "schema", str(docs))[1]
    assert "GEN004" not in _gen_codes(tmp_path, "--max-page-bytes", "1MB", "schema", str(docs))[1]
    assert "GEN004" in _gen_codes(tmp_path, "--max-page-bytes", str(size - 1), "schema", str(docs))[1]


def test_a_bad_size_is_a_usage_error_that_says_how_to_write_one(tmp_path: Path) -> None:
    code, _, stderr = _gen_codes(tmp_path, "--max-example-bytes", "lots", "schema", str(tmp_path))
    assert code == 2 and "'lots' is not a size" in stderr and "20MB" in stderr and "Traceback" not in stderr
    (tmp_path / "pyproject.toml").write_text('[tool.gen]\nmax-example-bytes = "2 parsecs"\n')
    code, _, stderr = _gen_codes(tmp_path, "schema", str(tmp_path))
    assert code == 2 and "max-example-bytes" in stderr and "pyproject.toml" in stderr


@pytest.mark.parametrize(
    ("text", "size"),
    [("20971520", 20 * 1024**2), ("20MB", 20 * 1024**2), ("512 KiB", 512 * 1024), ("1.5k", 1536), ("2g", 2 * 1024**3)],
)
def test_sizes_are_read_in_binary_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "-1", "0", "1 XB", "1e6", "0.1b"])
def test_what_is_not_a_size_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.slow
def test_a_hostile_page_costs_bounded_memory(tmp_path: Path) -> None:
    """2 MB of the worst shapes above, through ``gen schema`` and ``gen lint``: peak memory stays modest."""
    text = HEAD + TABLE + "".join(f"|p{i}|String|{'[' * 8}<a `x` **y**|\n" for i in range(20_000))
    text += "<a " * 150_000 + "\n" + "[a](b.md)\n" * 80_000
    docs = write_tree(tmp_path / "docs", {"resources/big.md": text.encode()})
    assert 1_800_000 < len(text) < 3_000_000
    measure = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    for command in ("schema", "lint"):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", measure, sys.executable, "-m", "generator", "-q", command, str(docs)],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
        elapsed = time.perf_counter() - started
        code, peak_kb = (int(word) for word in result.stdout.split())
        assert code in (0, 1), result.stderr
        assert peak_kb < 1_000_000, f"gen {command}: {peak_kb / 1024:.0f} MB for a {len(text) / 1e6:.1f} MB page"
        assert elapsed < 60, f"gen {command}: {elapsed:.0f} s"


def hierarchy(n: int) -> dict[str, bytes]:
    """n types, each deriving from the previous one, each with a property and an operation."""
    pages = {}
    for i in range(n):
        base = f"Inherits from [t{i - 1}](t{i - 1}.md).\n\n" if i else ""
        pages[f"resources/t{i}.md"] = (
            f"---\ndoc_type: resourcePageType\n---\n\n# t{i} resource type\n\nNamespace: microsoft.graph\n\n{base}"
            f"## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|p{i}|[t{i * 7 % n}](t{i * 7 % n}.md)|x|\n"
        ).encode()
        pages[f"api/op{i}.md"] = (
            f"---\ndoc_type: apiPageType\n---\n\n# Do thing{i}\n\n## HTTP request\n\n```http\nPOST /things{i}/{{id}}\n```\n"
        ).encode()
    return pages


def test_time_grows_linearly_with_a_deep_hierarchy(tmp_path: Path) -> None:
    """Every type's inherited names were merged from every ancestor again (cubic in depth)."""

    def seconds(n: int) -> float:
        docs = write_tree(tmp_path / f"docs{n}", hierarchy(n))
        started = time.process_time()
        build(docs, tmp_path / f"out{n}", fresh_package(), jobs=1, format_code=False)
        return time.process_time() - started

    small, large = seconds(250), seconds(1000)
    assert large < 8 * max(small, 0.02), f"{small:.2f} s for 250 types, {large:.2f} s for 1000"
