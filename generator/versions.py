"""Earlier versions of a source, kept as snapshots in ``<source>/versions/<X.Y>/``.

A snapshot is a plain copy of the source's YAML files and prose as they stood when that
version was current; `policy revise` takes it before starting the next version. Any kept
version can be checked, compared or built again like any other source.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import Problem, SourceError

FOLDER = "versions"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def kept(source: Path) -> list[str]:
    """Versions with a snapshot, oldest first."""
    folder = Path(source) / FOLDER
    if not folder.is_dir():
        return []
    names = [p.name for p in folder.iterdir() if (p / "policy.yaml").is_file()]
    return sorted((n for n in names if n.replace(".", "").isdigit()), key=version_key)


def locate(source: Path, ref: str, current: str) -> Path:
    """The folder of a version: a folder path, the current version, or a kept snapshot."""
    if Path(ref).is_dir():
        return Path(ref)
    if ref == current:
        return Path(source)
    if (Path(source) / FOLDER / ref / "policy.yaml").is_file():
        return Path(source) / FOLDER / ref
    choices = ", ".join([*kept(source), current])
    raise SourceError([Problem(str(Path(source) / FOLDER), 0, "version",
                               f"no version {ref!r} is kept",
                               f"use one of: {choices}, or the path of a source folder")])


def previous(source: Path, current: str) -> str | None:
    """The newest kept version older than the current one."""
    older = [v for v in kept(source) if version_key(v) < version_key(current)]
    return older[-1] if older else None


def take_snapshot(source: Path, version: str) -> Path:
    """Copy the source as it stands into versions/<version>/ (never over an existing one)."""
    target = Path(source) / FOLDER / version
    if target.exists():
        raise SourceError([Problem(str(target), 0, "version",
                                   f"version {version} is already kept",
                                   "choose a new version number")])
    target.mkdir(parents=True)
    for path in Path(source).glob("*.yaml"):
        shutil.copy2(path, target / path.name)
    if (Path(source) / "prose").is_dir():
        shutil.copytree(Path(source) / "prose", target / "prose")
    return target
