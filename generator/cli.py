"""The ``gen`` command line. Thin: parse options, call a stage, print; ``exits`` chooses the exit code."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable, NoReturn

import attrs
import click

from . import __version__
from .config import Config, ConfigError, find_config, load_config, parse_size
from .console import Output
from .model.changes import ChangeKind, ChangeSeverity, kind_of
from .model.diagnostics import FindingSeverity
from .model.counting import counted
from .sources import MetadataError, load_sources
from .report.documents import document_text, versioned
from .report import output as report_output
from .report.output import stdout_write

from .exits import (EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, debugging, exit_at_once, exit_code, internal_error,
                    prepare_environment)

EPILOG = """\b
Examples:
  gen schema docs-input --format json > schema.json
  gen schema docs-input --format openapi -o openapi.yaml
  gen build docs-input                      # writes generated/
  gen build ../docs -o sdk --package graph_sdk
  gen check docs-input -o generated         # CI: exit 1 when generated/ is stale
  gen test docs-input --report report.json
  gen drift old-docs/ new-docs/ --format markdown
  gen drift --git v1.0 HEAD docs/ --fail-on breaking
  gen lint docs-input --format sarif -o lint.sarif
  gen lint docs-input --metadata docs-input/metadata.xml   # docs vs the service's CSDL
  gen build docs --metadata service.xml -o sdk             # the SDK from both

\b
Exit codes: 0 success, 1 check failed, 2 usage or input error,
3 internal error, 130 interrupted, 143 terminated.
Global options (-q, -v, --config, ...) go before or after the command.
Configuration: [tool.gen] in pyproject.toml (see README).
"""


def emit(text: str, output: Path | None) -> None:
    """The result to -o or stdout; a file gen cannot write is a usage error (exit 2)."""
    try:
        report_output.emit(text, output)
    except report_output.OutputError as error:
        raise click.UsageError(str(error)) from None


def writable(*paths: Path | None) -> None:
    """Every output file the command will write, checked before the work (exit 2)."""
    for path in paths:
        if path is not None:
            try:
                report_output.check_writable(path)
            except report_output.OutputError as error:
                raise click.UsageError(str(error)) from None


def write_file(path: Path, text: str) -> None:
    try:
        report_output.write_file(path, text)
    except report_output.OutputError as error:
        raise click.UsageError(str(error)) from None


def size_option(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A size in bytes: ``20971520``, ``20MB``, ``512KiB``."""
    try:
        return None if value is None else parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


class GenContext:
    def __init__(self, output: Output, config: Config, min_severity: str | None = None, metadata: Path | None = None) -> None:
        self.output = output
        self.config = config
        self.min_severity = min_severity  # as given on the command line (on either side of the command)
        self._metadata = metadata

    @property
    def metadata(self) -> Path | None:
        """--metadata (or [tool.gen] metadata), checked to be a readable file (exit 2 otherwise)."""
        path = self._metadata
        if path is not None and not path.is_file():
            raise click.UsageError(f"metadata file {str(path)!r} does not exist or is not a file: give the service's "
                                   "$metadata document (CSDL XML), or leave out --metadata")
        return path


pass_context = click.make_pass_decorator(GenContext)


def checked_package(package: str | None) -> str | None:
    """--package (or [tool.gen] package) as given, or a usage error (exit 2) saying what to write."""
    from .model.naming import package_name_problem

    problem = package_name_problem(package) if package is not None else None
    if problem is not None:
        raise click.UsageError(f"--package {problem}")
    return package


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, is_eager=True, expose_value=False, callback=lambda c, p, v: _version(c, v),
              help="Show gen's version, black's and the template fingerprint (what gen check compares), and exit.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars, no diagnostics on stderr; results only.")
@click.option("-v", "--verbose", is_flag=True, help="List info-level diagnostics too.")
@click.option("--min-severity", type=click.Choice(FindingSeverity.words()), default=None,
              help="List diagnostics at this severity or above on stderr (default warning; -v means info).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml to read [tool.gen] from (default: nearest one with [tool.gen]).",
)
@click.option(
    "--metadata",
    "metadata_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The service's metadata (OData CSDL XML): build the model from it and the docs, and lint where they "
    "disagree (default: [tool.gen] metadata).",
)
@click.option(
    "--max-page-bytes",
    callback=size_option,
    metavar="SIZE",
    help="Skip larger pages with GEN004 (default 20MB, or [tool.gen] max-page-bytes).",
)
@click.option(
    "--max-example-bytes",
    callback=size_option,
    metavar="SIZE",
    help="Do not parse larger example bodies (default 2MB, or [tool.gen] max-example-bytes).",
)
@click.option("--no-cache", is_flag=True,
              help="Parse every page; neither read nor write gen's parse cache (GEN_NO_CACHE=1 does the same).")
@click.pass_context
def cli(
    ctx: click.Context,
    quiet: bool,
    verbose: bool,
    min_severity: str | None,
    config_path: Path | None,
    metadata_path: Path | None,
    max_page_bytes: int | None,
    max_example_bytes: int | None,
    no_cache: bool,
) -> None:
    """gen: SDK generator and drift detector for Markdown API reference docs."""
    if quiet and verbose:  # neither silently wins
        raise click.UsageError("-q/--quiet (results only) and -v/--verbose (info diagnostics too) contradict "
                               "each other: give one of them")
    try:
        config = load_config(config_path or find_config())
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    config = attrs.evolve(  # command-line options win over [tool.gen] (sizes are never 0)
        config,
        max_page_bytes=max_page_bytes or config.max_page_bytes,
        max_example_bytes=max_example_bytes or config.max_example_bytes,
        cache=config.cache and not no_cache,
    )
    minimum = min_severity or ("info" if verbose else "warning")
    metadata = metadata_path or (config.base / config.metadata if config.metadata else None)
    ctx.obj = GenContext(Output(quiet=quiet, verbose=verbose, minimum=minimum), config, min_severity, metadata)


def _version(ctx: click.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .sdk.build import generator_info

    info = generator_info()
    click.echo(f"gen {__version__} (black {info['black']}, templates {info['fingerprint'][:12]})")
    ctx.exit(EXIT_OK)


def silenced(context: GenContext, diagnostics: list[Any]) -> list[Any]:
    """Diagnostics that no [[tool.gen.suppress]] rule silences (the rules lint applies)."""
    if not context.config.suppress:
        return diagnostics
    from .lint.suppress import config_rules

    rules = config_rules(context.config.suppress, "pyproject.toml")
    return [d for d in diagnostics if not any(rule.matches(d) for rule in rules)]


class RegistryChoice(click.Choice[str]):
    """A ``--format`` option's choices: the keys of a report module's ``FORMATS`` registry, read
    when the option is parsed or shown, so that the commands that write no such report (a build,
    a check) never load that module."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(importlib.import_module(self.module).FORMATS)

    @choices.setter
    def choices(self, _value: object) -> None:
        raise AttributeError("a registry's choices are its keys")


DOCS_HELP = ("DOCS is the folder of the API reference pages, read recursively (default: [tool.gen] docs, "
             "relative to the pyproject.toml that holds it).")


def docs_argument(function: Callable[..., Any]) -> Callable[..., Any]:
    """The optional DOCS argument, described in the command's help (click shows no help for arguments)."""
    first, _, rest = (function.__doc__ or "").partition("\n")  # (as inspect.cleandoc, which loads more than gen needs here)
    function.__doc__ = f"{first.strip()}\n{textwrap.dedent(rest)}".strip() + f"\n\n{DOCS_HELP}"
    return click.argument(
        "docs", required=False, type=click.Path(file_okay=False, path_type=Path)
    )(function)


def selection_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--include`` and ``--exclude`` (repeatable), for the commands that build an SDK."""
    function = click.option(
        "--exclude", multiple=True, metavar="PATTERN",
        help="Leave out the documented paths it matches (repeatable; default: [tool.gen] exclude).",
    )(function)
    return click.option(
        "--include", multiple=True, metavar="PATTERN",
        help="Only the documented paths it matches, with every type they reach (repeatable; '*' is one segment, "
        "'**' any, '{id}' any placeholder; default: [tool.gen] include, else every path).",
    )(function)


def selection_of(context: GenContext, include: tuple[str, ...], exclude: tuple[str, ...]) -> Any:
    """The part of the API to build: the command line's patterns, else [tool.gen]'s."""
    from .model.select import Selection

    return Selection(include or context.config.include, exclude or context.config.exclude)


def resolve_docs(context: GenContext, docs: Path | None) -> Path:
    if docs is None:
        if context.config.docs is None:
            raise click.UsageError("give a DOCS folder (or set docs = '...' in [tool.gen])")
        docs = context.config.base / context.config.docs
    if not docs.is_dir():
        raise click.UsageError(f"docs folder {str(docs)!r} does not exist or is not a folder")
    from .docs.read import has_page_file

    if not has_page_file(docs, context.config.limits.suffixes):
        suffixes = ", ".join(context.config.limits.suffixes)
        raise click.UsageError(f"docs folder {str(docs)!r} holds no pages ({suffixes}): give the folder of the API reference pages")
    return docs


def resolve_output(context: GenContext, out_dir: Path | None) -> Path:
    """-o, else [tool.gen] output (relative to its pyproject.toml), else ./generated."""
    if out_dir is not None:
        return out_dir
    config = context.config
    return config.base / config.output if config.output else Path("generated")


def load_with_progress(
    context: GenContext, docs: Path, scan: bool = False, require_api: bool = False, metadata: bool = False
) -> Any:
    """The docs tree loaded (with ``metadata``: joined with --metadata when one is given)."""
    with context.output.progress("read", stages=1) as hook:
        sources = load_sources(docs, context.config.limits, context.config.jobs, progress=hook, scan=scan,
                               metadata=context.metadata if metadata else None)
        loaded = sources.loaded
    if require_api and not loaded.model.types and not loaded.model.operations:
        raise click.UsageError(f"{docs} holds no API reference page ({loaded.model.pages} pages read, no resource "
                               "or method page): give the folder of the reference pages (such as api/ and resources/)")
    return loaded


@cli.command(epilog="\b\nExamples:\n  gen schema docs-input\n  gen schema ../docs --format text\n  gen schema docs --diagnostics diags.json > schema.json"
             "\n  gen schema docs --format openapi -o openapi.yaml")
@docs_argument
@click.option("--format", "fmt", type=click.Choice(["json", "text", "openapi"]), default="json", show_default=True,
              help="gen-schema/1 JSON, a text summary, or an OpenAPI 3.1 document (YAML when -o ends in .yaml/.yml).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--diagnostics", "diagnostics_file", type=click.Path(dir_okay=False, path_type=Path), help="Also write diagnostics as JSON.")
@pass_context
def schema(context: GenContext, docs: Path | None, fmt: str, output: Path | None, diagnostics_file: Path | None) -> None:
    """Print the resolved API model of a docs tree (gen-schema/1 JSON, text, or OpenAPI 3.1)."""
    from .model.schema import model_text, schema_json

    writable(output, diagnostics_file)
    loaded = load_with_progress(context, resolve_docs(context, docs), metadata=True)
    model = loaded.model
    diagnostics = list(model.diagnostics)
    if fmt == "openapi":
        from .openapi.validate import openapi_output

        yaml = output is not None and output.suffix.lower() in (".yaml", ".yml")
        text, found, _ = openapi_output(model, yaml=yaml)
        diagnostics = sorted(diagnostics + found, key=lambda d: d.sort_key())
    else:
        text = schema_json(model) if fmt == "json" else model_text(model)
    emit(text, output)
    if diagnostics_file:
        write_diagnostics(diagnostics_file, diagnostics)
    context.output.diagnostics(silenced(context, diagnostics))


@cli.command(
    epilog="\b\nExamples:\n  gen build docs-input                 # writes generated/ ([tool.gen] output)\n"
    "  gen build ../docs -o sdk --package graph_sdk\n  gen build docs -o out --jobs 2\n"
    "  gen build docs -o users-sdk --include '/users/**' --exclude '/users/{id}/photo/**'"
)
@docs_argument
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: [tool.gen] output, else ./generated).")
@click.option("--package", help="Python package name (default: [tool.gen] package, else the one the output was built with, else <namespace>_sdk).")
@click.option("--sdk-version", help="The SDK's version in its pyproject.toml (default: [tool.gen] version, else the output's, else gen's).")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for parsing and formatting (default: all cores).")
@click.option("--force", is_flag=True, help="Build into a non-empty folder that gen did not create.")
@selection_options
@pass_context
def build(context: GenContext, docs: Path | None, out_dir: Path | None, package: str | None, sdk_version: str | None,
          jobs: int | None, force: bool, include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """Generate a typed Python SDK from a docs tree into an output folder (atomically)."""
    from .sdk.build import NoApiError
    from .sdk.build import build as run_build
    from .sdk.write import WriteError

    docs = resolve_docs(context, docs)
    config = context.config
    out_dir = resolve_output(context, out_dir)
    package = checked_package(package or config.package)
    with context.output.progress("build", stages=3) as hook:
        try:
            report = run_build(
                docs, out_dir, package, config.limits, jobs or config.jobs, force, progress=hook, stage=hook.stage,
                version=sdk_version or config.version, require_api=True, metadata=context.metadata,
                selection=selection_of(context, include, exclude),
            )
        except WriteError as error:
            raise click.ClickException(str(error)) from None
        except NoApiError as error:
            raise click.UsageError(str(error)) from None
    if report.up_to_date:
        context.output.info(f"{out_dir}: up to date ({counted(report.files, 'file')}; inputs and generator unchanged)")
        return
    context.output.diagnostics(silenced(context, report.diagnostics))
    written = report.written
    changed = len(written.changed) if written else 0
    timing = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items())
    context.output.info(
        f"{out_dir}: {counted(report.files, 'file')}, {changed} changed; {report.formatted} formatted (as black writes them), "
        f"{report.reused} reused as the last build formatted them; {report.unrendered} not rendered again (same view); "
        f"{report.pages_cached} of {counted(report.pages, 'page')} "
        f"parsed before (parse cache) ({timing})"
    )


@cli.command(
    "test",
    epilog="\b\nExamples:\n  gen test docs-input\n  gen test ../docs --report report.json\n  gen test docs --format json > report.json",
)
@docs_argument
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), help="Write the gen-test-report/1 JSON here.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Summary on stdout as a table or as the JSON report.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for parsing (default: all cores).")
@selection_options
@pass_context
def test_command(context: GenContext, docs: Path | None, report_file: Path | None, fmt: str, jobs: int | None,
                 include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """Round-trip every JSON example through a fresh SDK and replay documented requests.

    Exit 1 when a lossless round trip or the replay of a well-formed example fails;
    doc defects (placeholders, unknown keys...) are counted, not failures: see gen lint.
    """
    from .sdktest import run_tests
    from .sdktest.report import summary_table

    writable(report_file)
    docs = resolve_docs(context, docs)
    with context.output.progress("test", stages=4) as hook:
        report = run_tests(docs, context.config.limits, jobs or context.config.jobs, progress=hook, stage=hook.stage,
                           metadata=context.metadata, selection=selection_of(context, include, exclude))
    document = report.as_dict()
    if report_file:
        write_file(report_file, document_text(document))
    if fmt == "json":
        stdout_write(document_text(document))
    else:
        stdout_write(summary_table(report))
    if report.failed:
        raise click.exceptions.Exit(EXIT_FAILED)


@cli.command(
    epilog="\b\nExamples:\n  gen check docs-input -o generated     # in CI: fails when generated/ is stale\n"
    "  gen check ../docs -o sdk --format json"
)
@docs_argument
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="The output folder to check (default: [tool.gen] output, else ./generated).")
@click.option("--package", help="Expected package name (default: the one the output was built with).")
@click.option("--sdk-version", help="Expected SDK version (default: [tool.gen] version, else the one the output was built with).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@selection_options
@pass_context
def check(context: GenContext, docs: Path | None, out_dir: Path | None, package: str | None, sdk_version: str | None,
          fmt: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """Exit 0 when an output folder holds exactly what gen build would write, else 1.

    Names the API elements that changed (types, properties, enum members, operations),
    the files, any hand-edited generated file, and the command that fixes it.
    """
    from .sdk.check import check as run_check
    from .sdk.check import check_text

    docs = resolve_docs(context, docs)
    config = context.config
    out_dir = resolve_output(context, out_dir)
    result = run_check(docs, out_dir, checked_package(package or config.package), config.limits, config.jobs,
                       sdk_version or config.version, context.metadata, selection_of(context, include, exclude))
    if fmt == "json":
        stdout_write(document_text(result.as_dict()))
    else:
        stdout_write(check_text(result, out_dir))
    if not result.current:
        raise click.exceptions.Exit(EXIT_FAILED)


def write_diagnostics(path: Path, diagnostics: list[Any]) -> None:
    write_file(path, document_text(versioned("gen-diagnostics/1", diagnostics=[d.as_dict() for d in diagnostics])))


@cli.command(
    epilog="\b\nExamples:\n  gen drift old-docs new-docs\n  gen drift old-docs new-docs --format json -o drift.json\n"
    "  gen drift --git v1.0 HEAD docs --format github --fail-on breaking\n"
    "  gen drift --git origin/main HEAD --format markdown -o drift.md"
)
@click.argument("old")
@click.argument("new")
@click.argument("path", required=False)
@click.option("--git", "git", is_flag=True, help="OLD and NEW are git revisions, read as committed (a bare repository works); PATH "
              "is the docs folder, relative to the repository root (default: docs of [tool.gen], else the whole repository).")
@click.option("--repo", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="Git repository for --git.")
@click.option("--format", "fmt", type=RegistryChoice("generator.drift.report"), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--fail-on", type=click.Choice(ChangeSeverity.fail_on_choices()), default=None,
              help="Exit 1 when changes at this severity or above exist, as [tool.gen.drift.severity] sets it "
              "(default: [tool.gen.drift] fail-on, else breaking).")
@pass_context
def drift(context: GenContext, old: str, new: str, path: str | None, git: bool, repo: Path, fmt: str,
          output: Path | None, fail_on: str | None) -> None:
    """Diff the API of two docs trees, or of two git revisions of one (types, members, operations)."""
    from .model.diff import diff_models, fails, with_severities
    from .drift.report import render, summary_line
    from .drift.sources import SourceError, load_pair

    writable(output)
    severities = drift_severities(context.config)

    default_docs = context.config.base / context.config.docs if context.config.docs else None
    try:
        pair = load_pair(old, new, path, repo if git else None, default_docs, lambda docs: load_with_progress(context, docs),
                         context.config.limits)
    except SourceError as error:
        raise click.UsageError(str(error)) from None
    for side in (pair.old, pair.new):
        if context.output.verbose:
            context.output.info(f"diagnostics of {side.label}:")
            context.output.diagnostics(side.model.diagnostics)
    context.output.info(summary_line(pair.old, pair.new))
    changes = with_severities(diff_models(pair.old.model, pair.new.model), severities)
    text = render(fmt, changes, pair.old.label, pair.new.label, pair.path_of)
    emit(text, output)
    if fails(changes, fail_on or context.config.drift_fail_on):
        raise click.exceptions.Exit(EXIT_FAILED)


def drift_severities(config: Config) -> dict[ChangeKind, ChangeSeverity]:
    """``[tool.gen.drift.severity]`` as records; a kind gen-drift/1 does not know is a usage error (exit 2)."""
    unknown = sorted(kind for kind, _ in config.drift_severity if ChangeKind.named(kind) is None)
    if unknown:
        raise click.UsageError(f"[tool.gen.drift.severity]: unknown change kind(s) {', '.join(unknown)}")
    return {kind_of(kind): ChangeSeverity(severity) for kind, severity in config.drift_severity}


@cli.command(
    epilog="\b\nExamples:\n  gen lint docs-input\n  gen lint docs-input --format sarif -o lint.sarif\n"
    "  gen lint docs --format github --fail-on warning\n  gen lint docs --format json -o lint.json --fail-on none"
    "\n  gen lint docs --metadata service.xml   # where the docs disagree with the service's metadata"
)
@docs_argument
@click.option("--format", "fmt", type=RegistryChoice("generator.lint.report"), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--min-severity", type=click.Choice(FindingSeverity.words(most_first=True)), default=None,
              help="Leave out findings below this severity (default: warning for sarif and github, info otherwise).")
@click.option("--fail-on", type=click.Choice(FindingSeverity.fail_on_choices()), default=None,
              help="Exit 1 when unsuppressed findings at this severity or above exist (default: [tool.gen.lint] fail-on, else error).")
@pass_context
def lint(context: GenContext, docs: Path | None, fmt: str, output: Path | None, min_severity: str | None,
         fail_on: str | None) -> None:
    """Check a docs tree against itself (examples vs tables, types, links, syntax) and, with --metadata,
    against the service's metadata (stable GEN codes)."""
    from .lint import lint_tree, repository_prefix
    from .lint.report import render, summary_line

    writable(output)
    root = resolve_docs(context, docs)
    with context.output.progress("lint", stages=2) as hook:
        hook.stage("read")
        sources = load_sources(root, context.config.limits, context.config.jobs, progress=hook, scan=True,
                               metadata=context.metadata)
        hook.stage("rules")
        report = lint_tree(sources.loaded, root, context.config, progress=hook, coverage=sources.coverage)
    # Paths are the repository's in a git repository; outside one, SARIF and GitHub keep the docs' parent.
    # ``gen lint docs --min-severity info`` reaches here as the global option (it is hoisted).
    text = render(report, fmt, repository_prefix(root, fallback=fmt in ("sarif", "github")), min_severity or context.min_severity)
    emit(text, output)
    if fmt != "text" or output:
        context.output.info(summary_line(report))
    if report.failing(fail_on or context.config.lint_fail_on):
        raise click.exceptions.Exit(EXIT_FAILED)


def run() -> NoReturn:
    """gen's process (the ``gen`` script, ``python -m generator``): ``main``, with the loaded
    model kept out of the cycle collector's sight (``parallel.settle_loaded``), and an end that
    does not free that model object by object (a tenth of a second on a large tree), as mypy's."""
    from . import parallel

    parallel.FREEZE_LOADED = True
    try:
        main()
    except SystemExit as done:
        exit_at_once(done.code if isinstance(done.code, int) else EXIT_OK)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: maps every outcome to a documented exit code, never a traceback."""
    prepare_environment()
    try:
        code = cli.main(args=hoist_global_options(sys.argv[1:] if argv is None else argv), prog_name="gen",
                        standalone_mode=False)
    except (KeyboardInterrupt, click.Abort, click.exceptions.Exit, click.ClickException, MetadataError, OSError,
            report_output.OutputError) as error:  # outcomes, not bugs: exit_code says which
        code = exit_code(error)
    except Exception as error:  # noqa: BLE001 - the one place a bug becomes a message
        code = internal_error(error)
        if debugging():
            raise
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        exit_at_once(code)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


# Options of the group, and whether each takes a value: accepted after the command too.
_GLOBAL = {"-q": False, "--quiet": False, "-v": False, "--verbose": False, "--config": True, "--metadata": True,
           "--max-page-bytes": True, "--max-example-bytes": True, "--min-severity": True, "--no-cache": False}


def hoist_global_options(argv: list[str]) -> list[str]:
    """``gen build docs -q`` as ``gen -q build docs``: global options move before the command."""
    command = next((i for i, arg in enumerate(argv) if arg in cli.commands), None)
    if command is None:
        return argv
    front, rest, index = list(argv[:command]), [argv[command]], command + 1
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest += argv[index:]
            break
        name = arg.split("=", 1)[0]
        if name in _GLOBAL:
            takes_value = _GLOBAL[name] and "=" not in arg
            front += argv[index:index + 1 + takes_value]
            index += 1 + takes_value
            continue
        rest.append(arg)
        index += 1
    return front + rest
