"""Where personal data (letters, case files, subject-access files, marker feeds, the
register) may be written, and how: never where others can read it, a build publishes it or
git would commit it, and always readable by its owner only.

A command that writes personal data asks :func:`refuse_shared` of its output before it
writes anything, so a refused place gets nothing at all, and makes its folders with
:func:`private_folder`. The modules that look (subprocess, tempfile) are imported when
asked: the command line imports this module for every command.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.source.errors import Problem, Said, SourceError

__all__ = ["ALLOW_TEMPORARY", "FOLDER", "SITE", "SITE_MARKER", "private_folder",
           "refuse_shared", "shared_problems"]

#: The mode of every folder made for personal data: its owner's only.
FOLDER = 0o700
#: Where `policy build` writes unless told otherwise: refused even before a build made it.
SITE = Path("site")
#: The file every build leaves at the top of its output folder, by which a folder a build
#: wrote is known wherever it is.
SITE_MARKER = ".policy-site"
#: Set to 1 by the test suite alone, whose pytest folders lie in /tmp (owner-only there):
#: it lets personal data into the temporary folder, never into a site or a git work tree.
ALLOW_TEMPORARY = "POLICY_ALLOW_TEMP_OUTPUT"
#: Folders every user of the machine may write, and often read.
_TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm")
#: How long git may take to say whether it ignores a path, in seconds.
_GIT_TIMEOUT = 10


def private_folder(folder: Path) -> None:
    """Make ``folder`` and every missing folder above it 0700, whatever the umask; a
    folder there already keeps its mode."""
    for path in reversed([p for p in (folder, *folder.parents) if not p.exists()]):
        try:
            path.mkdir(mode=FOLDER)
        except FileExistsError:
            continue  # made a moment ago by another run (or a file: the write says so)
        path.chmod(FOLDER)  # mkdir's mode is narrowed by the umask, never widened


def shared_problems(path: Path, option: str, folder: bool = False) -> list[Problem]:
    """The problem, if personal data written to ``path`` (a ``folder`` of files, or one
    file) would lie in a temporary folder, a built site or a git work tree that does not
    ignore it; ``option`` names the command's option that gave the path."""
    resolved = path.expanduser().resolve()  # through every symbolic link
    found = _temporary(resolved) or _published(resolved) or _committed(resolved, folder)
    return [Problem(str(path), 0, option, *found)] if found else []


def refuse_shared(path: Path, option: str, folder: bool = False) -> None:
    """Raise SourceError, as :func:`shared_problems` says, before anything is written."""
    problems = shared_problems(path, option, folder)
    if problems:
        raise SourceError(problems)


def _temporary(path: Path) -> tuple[str, str] | None:
    import tempfile

    if os.environ.get(ALLOW_TEMPORARY) == "1":
        return None
    for name in (tempfile.gettempdir(), *_TEMPORARY):
        root = Path(name).resolve()
        if path.is_relative_to(root):
            return (Said("personal data is never written to the temporary folder "
                         "%(folder)s, which others on this machine may read",
                         folder=str(root)),
                    Said("choose a folder outside %(folder)s that only you can read",
                         folder=str(root)))
    return None


def _published(path: Path) -> tuple[str, str] | None:
    """The build's own folder (``site`` in the current folder), or one a build wrote, at
    ``path`` or above it."""
    default = SITE.resolve()
    for above in (path, *path.parents):
        if above == default or (above / SITE_MARKER).is_file():
            return (Said("personal data is never written into a site's folder (%(folder)s), "
                         "which is published", folder=str(above)),
                    Said("choose a folder outside %(folder)s", folder=str(above)))
    return None


def _committed(path: Path, folder: bool) -> tuple[str, str] | None:
    """Why git could commit ``path``: it lies in a work tree, and git tracks it or does not
    ignore it. None outside a work tree, or where git is not installed."""
    import shutil
    import subprocess

    top = next((above for above in (path, *path.parents) if (above / ".git").exists()), None)
    git = shutil.which("git")
    if top is None or git is None:
        return None
    hint = Said("choose a folder outside %(folder)s, or add it to .gitignore",
                folder=str(top))
    name = str(path.relative_to(top)) + ("/" if folder else "")
    # no environment of git's own (GIT_DIR...), no hook: only what the work tree says
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_OPTIONAL_LOCKS": "0"}
    command = [git, "-c", "core.fsmonitor=false", "-C", str(top)]
    try:
        ignored = subprocess.run([*command, "check-ignore", "-q", "--", name], env=env,
                                 capture_output=True, timeout=_GIT_TIMEOUT, check=False)
        tracked = subprocess.run([*command, "--literal-pathspecs", "ls-files", "-z", "--",
                                  name], env=env,
                                 capture_output=True, timeout=_GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return (Said("cannot tell whether git would commit personal data written here "
                     "(%(reason)s)", reason=str(exc)), hint)
    if ignored.returncode not in (0, 1) or tracked.returncode:
        reason = (ignored.stderr or tracked.stderr).decode(errors="replace").strip()
        return (Said("cannot tell whether git would commit personal data written here "
                     "(%(reason)s)", reason=reason.splitlines()[0] if reason else "git failed"),
                hint)
    if tracked.stdout:
        return (Said("git tracks files here, in the work tree %(folder)s: personal data "
                     "would be committed", folder=str(top)), hint)
    if ignored.returncode:
        return (Said("this is in the git work tree %(folder)s, which does not ignore it: "
                     "personal data would be committed", folder=str(top)), hint)
    return None
