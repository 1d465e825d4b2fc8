"""The package render: every file of the SDK, in memory, unformatted.

Every line comes from ``templates/``; this module only prepares views (names,
annotations, codecs, docstrings) for them. Output is a dict of relative path -> text,
in sorted order, identical for identical models.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import attrs
import jinja2

from ...model.kinds import ExampleKind, TypeKind
from ... import __version__
from ...model import naming
from ...model.json_values import indented_json
from ...model.service import Call, call_urls, hosts, service_root
from ...model import ApiModel, Example, Operation, TypeDef
from ..fingerprint import _PACKAGE_ROOT, fingerprint, templates_dir
from .compiled import bytecode_cache
from .digest import Pending, view_digest
from .filters import FILTERS, Code, doc, finalize, pystr
from .layout import ClassRef, Layout, plan_names
from .navigation import plan_navigation
from .methods import MethodKind
from .nodes import NodeContext, NodeViews
from .imports import Import, local_names
from .properties import AnyKind, CollectionKind, Kind, ModelKind, field_annotation, kind_of, names_used

# A model module imports its base, so a chain of N classes nests N imports: every
# IMPORT_STEP-th ancestor is imported first (see _runtime.import_in_order).
IMPORT_STEP = 16


RUNTIME_DIR = _PACKAGE_ROOT / "sdk" / "runtime"


RUNTIME_PACKAGE = "sdk_package"  # how the runtime's first docstring line names its package


def runtime_module(name: str, package_doc: str | None = None, **slots: str) -> str:
    """A runtime module's text with each ``NAME = ...  # gen: slot`` line filled in.

    ``package_doc`` replaces the package's placeholder name in the first line (the module
    docstring's). A slot that is not found exactly once fails loudly: the runtime and
    render disagree.
    """
    text = (RUNTIME_DIR / name).read_text(encoding="utf-8")
    if package_doc is not None:
        first, _, rest = text.partition("\n")
        text = first.replace(RUNTIME_PACKAGE, package_doc) + "\n" + rest
    for slot, value in slots.items():
        pattern = re.compile(rf"^(\w+(?:: [^=]+)?) = .*  # gen: {slot}$", re.MULTILINE)
        found = pattern.findall(text)
        if len(found) != 1:
            raise AssertionError(f"runtime/{name} has {len(found)} '# gen: {slot}' lines, not one")
        text = pattern.sub(lambda match: f"{match.group(1)} = {value}", text)
    return text


@functools.cache
def environment() -> jinja2.Environment:
    return make_environment()


def make_environment() -> jinja2.Environment:
    """Jinja's environment of gen's templates (``environment``: one a process), their compiled
    code taken from the cache folder when there (``compiled``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=bytecode_cache(),
        autoescape=True,  # only so that unescaped values reach ``finalize``, which refuses them
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        auto_reload=False,  # (the templates do not change while gen runs: no stat of each at every use)
    )
    env.filters.update(FILTERS)
    return env


@attrs.frozen
class Options:
    package: str
    title: str = ""
    version: str = ""  # the SDK's version ([tool.gen] version, --sdk-version); default gen's


@attrs.frozen
class Rendered:
    """The package in memory: {relative path: unformatted text}, and the layout it follows."""

    files: dict[str, str]
    layout: Layout


def render_package(model: ApiModel, options: Options) -> Rendered:
    """All files of the package, in sorted order, and where each class and function lives."""
    stream = render_stream(model, options)
    files = files_of(stream.everything().jobs)
    return Rendered(dict(sorted((path, pending.make()) for path, pending in files)), stream.layout)


# A unit of render work: the views of one or a few files, computed when it runs. Jobs are
# independent of each other, so that a build can run them in worker processes.
Job = Callable[[], list[tuple[str, Pending]]]


@attrs.frozen
class Jobs:
    """Render jobs, and how many files they make (known before any of them runs)."""

    count: int
    jobs: list[Job]

    def __add__(self, other: Jobs) -> Jobs:
        return Jobs(self.count + other.count, [*self.jobs, *other.jobs])


@attrs.frozen
class RenderStream:
    """The package's files as they are rendered (the build formats the first while render goes on).

    Each file comes with its view's digest and its template not run yet: a build that has
    the formatted text of the same view (``digest``) never runs it. The files come in two
    steps: ``first`` needs only the names of the models (``layout.plan_names``), so a build
    renders them while ``navigated`` plans the path nodes and gives the files that follow them."""

    layout: Layout  # its navigation is planned by ``navigated``
    first: Jobs  # the models, the runtime, the tests
    navigated: Callable[[], Jobs]  # (once) the path nodes' files, the client and the README

    def everything(self) -> Jobs:
        return self.first + self.navigated()


def files_of(jobs: Iterable[Job]) -> Iterator[tuple[str, Pending]]:
    """Every job's files, in job order, each job run as its files are asked for."""
    return (file for job in jobs for file in job())


def render_stream(model: ApiModel, options: Options) -> RenderStream:
    """The package's names and the jobs that render its files, in two steps (``RenderStream``)."""
    layout = plan_names(model, options.package)
    renderer = _Renderer(model, layout, options)
    return RenderStream(layout, renderer.first_jobs(), renderer.navigated_jobs)


@attrs.frozen
class _Field:
    json_name: str
    attribute: str
    annotation: Code
    codec: Code
    description: str


class _Renderer:
    def __init__(self, model: ApiModel, layout: Layout, options: Options) -> None:
        self.model = model
        self.layout = layout
        self.package = options.package
        self.version = options.version or __version__
        self.title = options.title or f"the {model.main_namespace} API"
        self._navigated: Jobs | None = None
        self.subtyped = set(model.derived())
        self.entity_root = f"{model.main_namespace}.entity"
        # Operations whose request examples carry a JSON body.
        self.bodies_shown = {
            e.operation for e in model.examples if e.kind is ExampleKind.REQUEST and e.operation and e.parsed and e.json_text
        }

    @functools.cached_property
    def service(self) -> tuple[list[str], str]:
        """The examples' hosts (none when only one) and the default base URL: found by the job that writes them."""
        calls = call_urls(self.model)
        seen = hosts(self.model, calls)
        return (seen if len(seen) > 1 else []), base_url(self.model, calls)

    def render(self, template: str, **context: Any) -> str:
        return _rendered(template, {"package": self.package, **context})

    def pending(self, template: str, **context: Any) -> Pending:
        """The template's file, rendered when its text is needed; the digest covers all it reads."""
        context = {"package": self.package, **context}
        return Pending(view_digest(template, context), functools.partial(_rendered, template, context))

    def first_jobs(self) -> Jobs:
        """The files whose views need no path node: the fixed ones, one a class and a namespace,
        the test and its examples' files. The job over every example first: it is the longest,
        and workers that start it first end together rather than one of them with it."""
        tests = 1 + len(self.examples_by_file)
        count = tests + len(self.fixed_files) + len(self.layout.classes) + 1 + len(self.layout.subpackages)
        return Jobs(count, [lambda: list(self.test_files().items()), lambda: list(self.fixed_files.items()), *self.model_jobs()])

    def navigated_jobs(self) -> Jobs:
        """The path nodes, planned on the first call (into the layout), and the files that follow
        them: one a path class, the client, the README, and the calls' module (the job that finds
        the hosts)."""
        if self._navigated is None:
            navigation = self.layout.navigation = plan_navigation(self.model, self.package)
            self._navigated = Jobs(len(navigation.classes) + 1 + 3, [self.client_files, *self.path_jobs()])
        return self._navigated

    @functools.cached_property
    def fixed_files(self) -> dict[str, Pending]:
        pkg = self.package
        runtime = {  # (each read when its job writes it)
            f"{pkg}/_runtime.py": _later("_runtime.py", package_doc=doc(pkg), package=pystr(pkg)),
            f"{pkg}/_values.py": _later("_values.py", package_doc=doc(pkg)),
            f"{pkg}/errors.py": _later("errors.py"),
            f"{pkg}/_http.py": _later("_http.py"),
            f"{pkg}/_request.py": _later("_request.py"),
            f"{pkg}/_retry.py": _later("_retry.py"),
            f"{pkg}/_auth.py": _later("_auth.py"),
            f"{pkg}/_telemetry.py": _later("_telemetry.py", version=pystr(self.version or "0.0.0"), generator=pystr(__version__)),
            f"{pkg}/_clients.py": _later("_clients.py"),
            f"{pkg}/_download.py": _later("_download.py"),
            f"{pkg}/_upload.py": _later("_upload.py"),
            f"{pkg}/_pages.py": _later("_pages.py"),
            f"{pkg}/_answers.py": _later("_answers.py"),
            f"{pkg}/_codecs.py": _later("_codecs.py"),
            f"{pkg}/types.py": _later("types.py"),
        }
        return {
            "pyproject.toml": self.pending(
                "package/pyproject.toml.j2",
                distribution=pkg.replace("_", "-"),
                version=self.version,
                description=f"Typed Python SDK for {self.title}, generated by gen",
            ),
            f"{pkg}/__init__.py": self.pending("package/__init__.py.j2", title=self.title, version=self.version),
            f"{pkg}/py.typed": self.pending("package/py.typed.j2"),
            **runtime,
            f"{pkg}/_registry.py": self.pending("package/_registry.py.j2", registry=_registry(self.model, self.layout)),
        }

    # -- models -------------------------------------------------------------------------------
    def model_jobs(self) -> Iterator[Job]:
        exports: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        for qualified, ref in self.layout.classes.items():
            yield functools.partial(self.model_file, self.model.types[qualified], ref)
            exports[ref.package].append((ref.name, ref.module.rpartition(".")[2]))
        subpackages = sorted(self.layout.subpackages.values())
        for namespace, sub in [(self.model.main_namespace, ""), *sorted(self.layout.subpackages.items())]:
            path = f"{self.package}/models/{sub + '/' if sub else ''}__init__.py"
            yield functools.partial(self.pending_file, path, "models/__init__.py.j2",
                namespace=namespace,
                modules=sorted(exports.get(sub, [])),
                subpackages=subpackages if not sub else [],
                all_names=sorted([name for name, _ in exports.get(sub, [])] + (subpackages if not sub else [])),
            )

    def model_file(self, typedef: TypeDef, ref: ClassRef) -> list[tuple[str, Pending]]:
        path = f"{self.package}/models/{ref.module.replace('.', '/')}.py"
        if typedef.kind is TypeKind.ENUM:
            return [(path, self.pending("models/enum.py.j2", enum=self.enum_view(typedef, ref)))]
        return [(path, self.pending("models/model.py.j2", cls=self.class_view(typedef, ref)))]

    def pending_file(self, path: str, template: str, **context: Any) -> list[tuple[str, Pending]]:
        return [(path, self.pending(template, **context))]

    def module_path(self, ref: ClassRef) -> str:
        return f"{self.package}.models.{ref.module}"

    def class_view(self, typedef: TypeDef, ref: ClassRef) -> dict[str, Any]:
        base_ref = self.layout.class_of(typedef.base) if typedef.base else None
        if base_ref is not None and self.model.types[typedef.base or ""].kind is TypeKind.ENUM:
            base_ref = None  # a page said a class derives from an enum: not representable
        attributes = self.layout.attributes.get(typedef.qualified, {})
        kinds = [(prop, kind_of(prop.type, self.model, self.layout)) for prop in typedef.properties]
        names, imports = self.local_names(ref, [kind.referenced() for _, kind in kinds], base_ref)
        base_import = None
        base_name = "Model"
        if base_ref is not None:
            base_name = names[base_ref]
            alias = base_name if base_name != base_ref.name else None
            base_import = Import(self.module_path(base_ref), base_ref.name, alias)
        fields = [
            _Field(
                json_name=prop.name,
                attribute=attributes[prop.name],
                annotation=field_annotation(kind, names),
                codec=kind.codec(names),
                description=prop.description,
            )
            for prop, kind in kinds
        ]
        type_imports = [item for item in imports if base_ref is None or item.name != base_ref.name or item.alias]
        runtime_names, typing_names = names_used([*(field.annotation for field in fields), base_name])
        return {
            "qualified": typedef.qualified,
            "source": typedef.source,
            "name": ref.name,
            "up": self.package,
            "base_import": base_import,
            "ancestors_first": self.ancestors_first(typedef),
            "base_name": Code(base_name),
            "imports": type_imports,
            "fields": fields,
            "description": typedef.description or f"The {typedef.name} {typedef.kind} type.",
            "polymorphic": typedef.qualified in self.subtyped or (typedef.base not in (None, self.entity_root)),
            "runtime_names": runtime_names,
            "typing_names": sorted(set(typing_names) | ({"TYPE_CHECKING"} if type_imports else set())),
        }

    def ancestors_first(self, typedef: TypeDef) -> list[str]:
        """Every ``IMPORT_STEP``-th ancestor's module, root first, for a class deeper than that."""
        chain: list[ClassRef] = []
        seen = {typedef.qualified}
        current = typedef
        while current.base and current.base not in seen and current.base in self.model.types:
            base = self.model.types[current.base]
            ref = self.layout.class_of(base.qualified)
            if base.kind is TypeKind.ENUM or ref is None:
                break  # the generated class derives from the runtime's Model here
            chain.append(ref)
            seen.add(base.qualified)
            current = base
        root_first = chain[::-1]
        return [self.module_path(ref) for ref in root_first[IMPORT_STEP::IMPORT_STEP]]

    def local_names(
        self, own: ClassRef | None, references: Iterable[ClassRef | None], base: ClassRef | None = None
    ) -> tuple[dict[ClassRef, str], list[Import]]:
        return local_names(self.package, own, references, base)

    def enum_view(self, typedef: TypeDef, ref: ClassRef) -> dict[str, Any]:
        member_names = naming.unique([naming.enum_member_name(m.name) for m in typedef.members])
        return {
            "qualified": typedef.qualified,
            "source": typedef.source,
            "name": ref.name,
            "up": self.package,
            "description": typedef.description or f"The {typedef.name} enumeration.",
            "flags": typedef.flags,
            "members": [
                {"name": name, "value": member.name, "description": member.description}
                for name, member in zip(member_names, typedef.members)
            ],
        }

    # -- path nodes ---------------------------------------------------------------------------
    def path_jobs(self) -> Iterator[Job]:
        navigation = self.layout.navigation
        assert navigation is not None
        views = NodeViews(NodeContext(self.model, self.layout, self.package, frozenset(self.bodies_shown)))
        for node in navigation.classes:
            yield functools.partial(self.node_file, views, node)
        yield functools.partial(self.pending_file, f"{self.package}/paths/__init__.py", "paths/__init__.py.j2", title=self.title)

    def node_file(self, views: NodeViews, node: Any) -> list[tuple[str, Pending]]:
        return [(f"{self.package}/paths/{node.module}.py", self.pending("paths/node.py.j2", node=views.view(node)))]

    def client_files(self) -> list[tuple[str, Pending]]:
        navigation = self.layout.navigation
        assert navigation is not None
        root = {"module": navigation.root.module, "cls": navigation.root.class_name, "async_cls": navigation.root.async_name}
        served, url = self.service
        shared = {"title": self.title, "example": self.readme_example(navigation), "hosts": served, "base_url": url}
        calls = Pending(None, lambda: runtime_module("_calls.py", base_url=pystr(url), hosts=_tuple(served)))
        return [(f"{self.package}/_calls.py", calls),
                (f"{self.package}/client.py", self.pending("package/client.py.j2", root=root, **shared)),
                ("README.md", self.pending("package/README.md.j2", **shared))]

    def readme_example(self, navigation: Any) -> dict[str, Any]:
        """The usage examples' collection: the shallowest documented ``list`` reachable by
        attributes alone, and what its items can do (get, update, one field to set)."""
        queue: list[tuple[Any, list[str]]] = [(navigation.root, [])]
        while queue:
            node, attributes = queue.pop(0)
            if MethodKind.LIST.value in node.methods and attributes:
                return self._example_of(node, attributes)
            queue += [(child, [*attributes, child.attribute]) for child in sorted(node.children.values(), key=lambda n: n.attribute)]
        first = sorted(navigation.root.children.values(), key=lambda node: node.attribute)
        return {"attributes": [first[0].attribute] if first else ["path"], "list": False, "get": False, "update": False, "field": ""}

    def _example_of(self, node: Any, attributes: list[str]) -> dict[str, Any]:
        item = node.key
        methods = item.methods if item is not None else {}
        field = ""
        get = methods.get(MethodKind.GET.value)
        typed = get.operations[0].response_type if get is not None and get.operations else None
        if typed in self.model.types:
            names = self.layout.attributes.get(typed, {})
            strings = [p.name for p in self.model.all_properties(typed) if p.type.name == "Edm.String" and not p.type.collection]
            chosen = "displayName" if "displayName" in strings else (strings[0] if strings else "")
            field = names.get(chosen, naming.attribute_name(chosen)) if chosen else ""
        return {"attributes": attributes, "list": True, "get": get is not None,
                "update": MethodKind.UPDATE.value in methods, "field": field}


    # -- tests --------------------------------------------------------------------------------
    @functools.cached_property
    def examples_by_file(self) -> dict[str, list[Example]]:
        return examples_by_file(self.model.examples)

    def test_files(self) -> dict[str, Pending]:
        shards = {path: [_example_case(self.model, self.layout, e) for e in examples] for path, examples in self.examples_by_file.items()}
        count = sum(len(cases) for cases in shards.values())
        files = {"tests/test_examples.py": self.pending("tests/test_examples.py.j2", count=count)}
        for path, cases in shards.items():
            # The digest is of the cases, not of their indented text: that is made only when the file is.
            view = view_digest("tests/examples.json.j2", {"package": self.package, "cases": cases})
            files[path] = Pending(view, functools.partial(_examples_json, self.render, cases))
        return files


def _rendered(template: str, context: dict[str, Any]) -> str:
    """A template's text: Jinja and the template are loaded when a file is made, not for a view
    (a build that keeps every file it judges loads neither)."""
    return environment().get_template(template).render(**context)


def _later(name: str, **slots: str) -> Pending:
    """A runtime module's file, read when its text is needed (its view: none, it is always made)."""
    return Pending(None, functools.partial(runtime_module, name, **slots))


def _examples_json(render: Callable[..., str], cases: list[dict[str, Any]]) -> str:
    return render("tests/examples.json.j2", examples_json=Code(indented_json(cases, 1)))


def examples_by_file(examples: Iterable[Example]) -> dict[str, list[Example]]:
    """The examples that are round-trip tests (a JSON object or array), by the test data file that holds them."""
    shards: dict[str, list[Example]] = collections.defaultdict(list)
    for example in examples:
        if example.parsed and isinstance(example.value, (dict, list)):
            shards[examples_file(example.file)].append(example)
    return dict(sorted(shards.items()))


def examples_file(page: str) -> str:
    """The test data file of a page's examples: one a folder of pages and first letter of their
    names (``tests/examples/api-u.json``), so that an edited page renders one small file again,
    not every example. Lower case, and only characters safe in any file system: names that
    would clash there are one file."""
    folder, _, name = page.rpartition("/")
    first = name[:1].lower()
    letter = first if first.isascii() and first.isalnum() else "_"
    prefix = _UNSAFE_IN_NAME.sub("_", folder.lower().replace("/", "-"))
    return f"tests/examples/{prefix}-{letter}.json" if prefix else f"tests/examples/{letter}.json"


_UNSAFE_IN_NAME = re.compile(r"[^a-z0-9_.-]")


def _registry(model: ApiModel, layout: Layout) -> list[tuple[str, str, str]]:
    return [
        (qualified, ref.module, ref.name)
        for qualified, ref in sorted(layout.classes.items())
        if model.types[qualified].kind is not TypeKind.ENUM
    ]


def base_url(model: ApiModel, calls: list[Call] | None = None) -> str:
    """The client's default base URL: the service root of the examples' calls, else localhost."""
    return service_root(model, calls) or "http://localhost"


def _tuple(texts: list[str]) -> str:
    """A tuple literal of strings (``()``, ``('a',)``)."""
    return repr(tuple(texts))


def _example_case(model: ApiModel, layout: Layout, example: Example) -> dict[str, Any]:
    ref = layout.class_of(example.type) if example.type else None
    if ref is not None and model.types[example.type or ""].kind is TypeKind.ENUM:
        ref = None
    return {
        "file": example.file,
        "line": example.line,
        "kind": example.kind.value,
        "class": ref.reference if ref else None,
        "collection": example.collection,
        "json": example.json_text,
    }
