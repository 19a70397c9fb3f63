"""Earlier versions of a source, kept as snapshots in ``<source>/versions/<X.Y>/``.

A snapshot is a plain copy of the source's YAML files and prose as they stood when that
version was current; `policy revise` takes it before starting the next version. Any kept
version can be checked, compared or built again like any other source.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.source.errors import Problem, SourceError
from generator.source.model import Approval, HistoryEntry, Policy
from generator.source.read import read_policy

__all__ = [
    "ArchivedVersion", "approvals_of", "archive", "locate", "previous_policy", "take_snapshot",
    "version_key",
]

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


def locate(source: Path, ref: str, current: str | None) -> Path:
    """The folder of a version: a folder path, the current version, or a kept snapshot."""
    if Path(ref).is_dir():
        return Path(ref)
    if ref == current:
        return Path(source)
    if (Path(source) / FOLDER / ref / "policy.yaml").is_file():
        return Path(source) / FOLDER / ref
    choices = ", ".join([*kept(source), *([current] if current else [])])
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
    for folder in ("prose", "cy"):  # cy: the Welsh, so a later check sees what changed
        if (Path(source) / folder).is_dir():
            shutil.copytree(Path(source) / folder, target / folder)
    return target


@dataclass(frozen=True)
class ArchivedVersion:
    """One line of the version archive: the history entry, and its snapshot if kept."""

    entry: HistoryEntry
    policy: Policy | None
    """The version as kept, or None when no snapshot exists (it cannot be rebuilt)."""
    approvals: list[Approval] = field(default_factory=list)
    """The approvals of this version that the source (or the version's snapshot) records."""


def approvals_of(policy: Policy, version: str | None) -> list[Approval]:
    """The approvals ``policy`` records for ``version``: those naming it, and, for its
    current version, those that name none."""
    if version is None:
        return []
    return [a for a in policy.policy.approvals
            if (a.version or policy.policy.version) == version]


def archive(policy: Policy) -> list[ArchivedVersion]:
    """Every version in the history, newest first, with the kept snapshot where there is
    one and the approvals recorded for it."""
    source = Path(policy.root or ".")
    stored = set(kept(source))
    lines = []
    for entry in reversed(policy.policy.version_history):
        snapshot: Policy | None = None
        if entry.version == policy.policy.version:
            snapshot = policy
        elif entry.version in stored:
            snapshot = read_policy(source / FOLDER / str(entry.version))
        approvals = approvals_of(policy, entry.version)
        if snapshot is not None and snapshot is not policy:
            approvals += [a for a in approvals_of(snapshot, entry.version)
                          if a not in approvals]
        lines.append(ArchivedVersion(entry, snapshot, approvals))
    return lines


def previous_policy(policy: Policy) -> Policy | None:
    """The newest kept version before the current one, read and validated."""
    source = Path(policy.root or ".")
    version = previous(source, policy.policy.version) if policy.policy.version else None
    return read_policy(source / FOLDER / version) if version else None
