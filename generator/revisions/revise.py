"""`policy revise`: keep the current version, then open the next one as a draft.

policy.yaml is edited as text, key by key, so the policy owner's comments and layout
survive. The edited source must validate before it replaces the old file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.revisions.versions import take_snapshot, version_key
from generator.source.errors import Problem, SourceError
from generator.source.read import read_policy
from generator.source.workdays import add_period

__all__ = ["revise"]


@dataclass(frozen=True)
class Revision:
    version: str
    kept: Path
    next_review: dt.date | None


def revise(source: Path, version: str, date: dt.date) -> Revision:
    """Keep the current version as a snapshot and start ``version`` as a draft dated ``date``."""
    policy = read_policy(source)
    doc = policy.policy
    path = Path(source) / "policy.yaml"
    if doc.version is None:
        raise SourceError([Problem(str(path), 0, "version", "the policy states no version, so "
                                   "there is nothing to keep and revise",
                                   'add version: such as "1.0" to policy.yaml')])
    if not re.fullmatch(r"\d+\.\d+", version) or version_key(version) <= version_key(doc.version):
        raise SourceError([Problem(str(path), 0, "version", f"{version!r} does not follow "
                                   f"version {doc.version}",
                                   "give a higher major.minor number, such as "
                                   f"{_next(doc.version)}")])
    next_review = add_period(date, doc.review_interval, doc.council.nation) \
        if doc.review_interval else None
    text = _set(path.read_text(encoding="utf-8"), "version", f'"{version}"')
    text = _set(text, "status", "draft")
    text = _drop(text, "publication_date")  # a draft is not published; set it on approval
    if next_review:  # without a review interval the source's own review date stands
        text = _set(text, "next_review_date", next_review.isoformat())
    text = _set(text, "approvals", "[]")
    text = _append_history(text, version, date, doc.author)
    with tempfile.TemporaryDirectory() as trial:  # the new text must validate first
        shutil.copytree(source, Path(trial, "src"), ignore=shutil.ignore_patterns("versions"))
        Path(trial, "src", "policy.yaml").write_text(text, encoding="utf-8")
        read_policy(Path(trial, "src"))
    kept = take_snapshot(source, doc.version)
    path.write_text(text, encoding="utf-8")
    return Revision(version, kept, next_review)


def _next(version: str) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


def _block(text: str, key: str) -> re.Match[str] | None:
    """A top-level key with everything indented below it."""
    return re.search(rf"(?m)^{re.escape(key)}:[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)\n)*", text)


def _set(text: str, key: str, value: str) -> str:
    match = _block(text, key)
    line = f"{key}: {value}\n"
    if match is None:
        return text + ("" if text.endswith("\n") else "\n") + line
    return text[:match.start()] + line + text[match.end():]


def _drop(text: str, key: str) -> str:
    match = _block(text, key)
    return text if match is None else text[:match.start()] + text[match.end():]


def _append_history(text: str, version: str, date: dt.date, author: str | None) -> str:
    entry = (f'  - version: "{version}"\n    date: {date.isoformat()}\n'
             f'    summary: ""  # say what changed before this version is approved\n'
             + (f"    author: {author}\n" if author else ""))
    match = _block(text, "version_history")
    if match is None or match.group(0).startswith("version_history: []"):
        return _set(text, "version_history", "\n" + entry.rstrip("\n"))
    body = match.group(0).rstrip("\n") + "\n"
    return text[:match.start()] + body + entry + text[match.end():]
