"""The lock file: what a build wrote and from what (the basis of caching and of ``gen check``)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Iterator

import attrs

from ..docs.hashes import HashMemo
from ..docs.read import open_regular, stream_hash
from ..model.json_values import indented_json

LOCK_NAME = "gen-lock.json"
LOCK_FORMAT = "gen-lock/1"


@attrs.frozen
class Lock:
    """What a build wrote and from what: the basis of caching and of ``gen check``."""

    generator: dict[str, str]
    package: str
    inputs: str
    files: dict[str, dict[str, str]]  # path -> {"sha256": formatted, "source": unformatted}
    version: str = ""  # the SDK version asked for (only written when one was)

    def to_json(self) -> str:
        document = {
            "format": LOCK_FORMAT,
            "generator": dict(sorted(self.generator.items())),
            "package": self.package,
            "inputs": self.inputs,
            **({"version": self.version} if self.version else {}),
            "files": {path: dict(sorted(entry.items())) for path, entry in sorted(self.files.items())},
        }
        return indented_json(document, 1, ensure_ascii=True) + "\n"

    @classmethod
    def read(cls, folder: Path) -> Lock | None:
        try:
            document = json.loads((folder / LOCK_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(document, dict) or document.get("format") != LOCK_FORMAT:
            return None
        try:
            return cls(
                generator=dict(document["generator"]),
                package=str(document["package"]),
                inputs=str(document["inputs"]),
                files={str(k): dict(v) for k, v in document["files"].items()},
                version=str(document.get("version", "")),
            )
        except (KeyError, TypeError, AttributeError):
            return None


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def output_file_bytes(path: Path) -> bytes:
    """A generated file's bytes; OSError for anything but a regular file (a link or a FIFO
    planted where gen wrote a file is neither followed nor waited on: it is not what gen wrote)."""
    with os.fdopen(open_regular(path, follow_links=False), "rb") as handle:
        return handle.read()


def _file_hash_at(path: str) -> str:
    """``file_hash`` of the file's bytes, read as the pages are (``stream_hash``: no buffered
    reader made for each of thousands of files, and a FIFO planted there is refused, not waited on)."""
    return stream_hash(path, sys.maxsize)


def text_hash(text: str) -> str:
    """The hash of a file's text before black (what the lock keeps as its ``source``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iter_lock_problems(out_dir: Path, lock: Lock, remember: bool = True) -> Iterator[tuple[str, str]]:
    """(path, problem) for every generated file that is missing or edited by hand; with
    ``remember``, the hashes of files unchanged since the last look are not computed again."""
    memo = HashMemo(out_dir, "output", remember)
    folder = str(out_dir)
    for relative, entry in sorted(lock.files.items()):
        try:
            found = memo.hash(os.path.join(folder, relative), _file_hash_at)
        except OSError:
            yield relative, "missing"
            continue
        if found != entry.get("sha256"):
            yield relative, "edited by hand"
    memo.save()
