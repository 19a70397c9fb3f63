"""Files below a folder, and what changes whenever one is written: for keys that must not
read the files themselves (a pipe would block, a large file would cost), and cheap enough
for a command that has imported nothing yet."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["files_below", "stamp"]


def files_below(root: Path, unwalked: str) -> list[Path]:
    """Every file below ``root``, in order, no folder named ``unwalked`` walked (a
    source's ``.git``, the generator's ``__pycache__``)."""
    found: list[Path] = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != unwalked]
        found += [Path(folder, name) for name in names]
    return sorted(found)


def stamp(status: os.stat_result) -> str:
    """What changes whenever a file is written: the inode change time cannot be set back."""
    return (f"{status.st_mode}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}:"
            f"{status.st_ctime_ns}")
