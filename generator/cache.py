"""A cache of work that an unchanged input need not repeat: exports (pandoc, LibreOffice),
fill-in documents, the checks that render templates, compiled Jinja templates.

Entries are keyed by a hash of everything that goes into them, so an entry is never stale:
a changed input is a new key. They live in the user's cache folder
(``$XDG_CACHE_HOME/council-policy-generator``, else ``~/.cache/...``), never in the source
or the site, and hold only what public policy sources produce (no case file reaches it).
``POLICY_CACHE_DIR`` names another folder; set empty, it turns the cache off.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import marshal
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

__all__ = [
    "TEMPLATES", "code", "compiled", "data", "files", "files_of", "generator_code", "keep_data",
    "keep_files", "keep_value", "key", "library", "tool", "value",
]

NAME = "council-policy-generator"


def folder() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get("POLICY_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / NAME


def key(*parts: bytes | str) -> str:
    """A hash of every input, each part told apart from the next by its length."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def tool(path: str | None) -> str:
    """A tool's identity for a key: its real path, size and modification time."""
    if path is None:
        return "absent"
    real = Path(shutil.which(path) or path).resolve()
    stat = real.stat()
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


def library(name: str) -> str:
    """An installed library's identity for a key, found without importing it (or
    importlib.metadata, which costs a command a thirtieth of a second): its package
    file's path, size and modification time, which an upgrade changes."""
    spec = importlib.util.find_spec(name)
    return tool(spec.origin) if spec and spec.origin else "absent"


def code(*modules: Any) -> bytes:
    """The source of the generator's modules that shape an entry, for its key."""
    return b"".join(Path(module.__file__).read_bytes() for module in modules)


def files_of(root: Path) -> bytes:
    """Every file below ``root`` (hidden ones and caches aside), by path and content."""
    parts = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__"
                                      for p in relative.parts):
            parts += [str(relative).encode(), path.read_bytes()]
    return key(*parts).encode()


def files(kind: str, entry: str) -> list[Path] | None:
    """The files kept under ``entry``, in the order they were stored; None if none are."""
    base = folder()
    index = base / kind / entry / "index.json" if base else None
    if index is None or not index.is_file():
        return None
    return [index.parent / name for name in json.loads(index.read_text())]


def keep_files(kind: str, entry: str, paths: Iterable[Path]) -> None:
    """Keep copies of ``paths`` under ``entry`` (all or nothing; a failure is ignored)."""
    base = folder()
    if base is None:
        return
    paths = list(paths)
    try:
        (base / kind).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=base / kind, prefix=".new-") as work:
            staged = Path(work, "entry")
            staged.mkdir()
            for path in paths:
                shutil.copyfile(path, staged / path.name)
            (staged / "index.json").write_text(json.dumps([p.name for p in paths]))
            staged.rename(base / kind / entry)
    except OSError:
        pass  # another build stored it first, or the cache folder is not writable


def data(kind: str, entry: str) -> bytes | None:
    """The bytes kept under ``entry``, or None."""
    base = folder()
    try:
        return (base / kind / entry).read_bytes() if base else None
    except OSError:
        return None


def keep_data(kind: str, entry: str, content: bytes) -> None:
    """Keep ``content`` under ``entry``, written whole or not at all."""
    base = folder()
    if base is None:
        return
    try:
        (base / kind).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=base / kind, delete=False, prefix=".new-") as file:
            file.write(content)
        os.replace(file.name, base / kind / entry)
    except OSError:
        pass  # the cache folder is not writable: the work is only done again


def value(kind: str, entry: str) -> Any | None:
    """A JSON value kept under ``entry``, or None."""
    content = data(kind, entry)
    try:
        return json.loads(content) if content is not None else None
    except ValueError:
        return None


def keep_value(kind: str, entry: str, content: Any) -> None:
    """Keep a JSON value under ``entry``."""
    keep_data(kind, entry, json.dumps(content).encode())


def compiled(environment: jinja2.Environment, source: str, kind: str) -> Any:
    """A template's compiled code, kept by its text and the ``kind`` of environment that
    compiles it (the generator's code sets each kind's options): a single command would
    otherwise compile every template it renders again."""
    entry = key(kind, source, generator_code(), sys.version, jinja2.__version__)
    kept = data("template-parts", entry)
    if kept:
        return marshal.loads(kept)
    code = environment.compile(source)
    keep_data("template-parts", entry, marshal.dumps(code))
    return code


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates (the site theme's, the page templates), by name and source
    checksum: kept for the process (the sites of a build, the rebuilds of `policy serve`)
    and in the cache folder (later builds). Compiling Material's templates is most of the
    cost of a small site.

    Jinja checks an entry against the template's source; the key adds what else shapes
    the compiled code: the environment's options, set in the generator's code, and the
    versions of Python, Jinja and MkDocs.
    """

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        entry = self._entry(bucket)
        code = self.kept.get(entry) or data("templates", entry)
        if code:
            bucket.bytecode_from_string(code)  # ignored if the template's source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        entry = self._entry(bucket)
        self.kept[entry] = code = bucket.bytecode_to_string()
        keep_data("templates", entry, code)

    @staticmethod
    def _entry(bucket: jinja2.bccache.Bucket) -> str:
        return key(bucket.key, _compilers())


@functools.cache
def _compilers() -> str:
    """What compiles a template: Python, Jinja2, the generator's files and MkDocs, whose
    theme's templates are compiled too. MkDocs by its installed files, so the key is the
    same whether or not this process has imported it (a build server has)."""
    return key(generator_code(), sys.version, jinja2.__version__, library("mkdocs"))


@functools.cache
def generator_code() -> bytes:
    """The generator's own files (code, templates, theme), for keys."""
    return files_of(Path(__file__).parent)


TEMPLATES = CompiledTemplates()
