"""``python -m generator``: gen's process, or from a Python without gen's dependencies, what to install."""

import sys

from . import missing_module

try:
    from .cli import run
except ModuleNotFoundError as error:
    message = missing_module(error)
    if message is None:
        raise
    print(message, file=sys.stderr)
    sys.exit(2)  # EXIT_USAGE (not imported from exits.py: it needs click, which may be what is missing)

run()
