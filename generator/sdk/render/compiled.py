"""Templates compiled once per machine: Jinja's bytecode, kept in gen's cache folder.

Every process that renders compiles each template it uses (Jinja writes it as Python, which
Python compiles): some 0.07 s, paid again by each render worker of every build. The compiled
code is kept in a private folder of gen's cache named after the generator's fingerprint (gen's
code, its templates and Jinja's version; Jinja's own header adds Python's), so that a process
loads it instead. Off with the parse cache (``GEN_NO_CACHE``, ``--no-cache``); an entry that
cannot be read or written is compiled again, never a failure. A folder of another fingerprint
is removed once no build has made it for ``MAX_AGE_SECONDS``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

import jinja2

from ...docs.cache import MAX_AGE_SECONDS, cache_home, private_folder
from ..fingerprint import fingerprint

FOLDER_PREFIX = "templates-"


class _TolerantCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (written beside, then renamed), for which a damaged
    entry is a template to compile and a full disk a template not kept."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry: unpickling or unmarshalling it may raise anything
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache of this generator's compiled templates, or None (the cache is off, or its folder
    is not the user's own: compiled code is code)."""
    home = cache_home()
    if home is None:
        return None
    folder = home / f"{FOLDER_PREFIX}{fingerprint()[:24]}"
    try:
        made = not folder.is_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    if not private_folder(folder):
        return None
    if made:
        _forget_old(home, folder)
    return _TolerantCache(str(folder))


def _forget_old(home: Path, kept: Path) -> None:
    """Other generators' folders made more than ``MAX_AGE_SECONDS`` ago (gen was upgraded)."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in home.glob(f"{FOLDER_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder != kept and os.stat(folder).st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
