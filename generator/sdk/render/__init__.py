"""Render stage: the ApiModel as the files of a Python package, in memory, unformatted.

``package`` renders the package (``render_package``); ``layout`` plans where each class
lives; ``navigation``, ``placing`` and ``class_names`` turn the documented paths into path
classes (``tree``, ``methods``); ``nodes`` and ``properties`` prepare the templates' views.
This face only re-exports.
"""

from ..fingerprint import fingerprint, templates_dir
from .package import Options, Rendered, RenderStream, base_url, environment, render_package, render_stream, runtime_module

__all__ = [
    "Options",
    "Rendered",
    "RenderStream",
    "base_url",
    "environment",
    "fingerprint",
    "render_package",
    "render_stream",
    "runtime_module",
    "templates_dir",
]
