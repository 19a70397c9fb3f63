"""The user's own folder for processes kept between commands (the kept PDF converters,
the build server): their sockets and state, never shared, never in the temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

from generator.private import FOLDER, private_folder

__all__ = ["state_folder", "state_path"]


def state_path(*parts: str) -> Path:
    """``parts`` below the user's runtime folder, else their state folder."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("XDG_STATE_HOME") \
        or Path.home() / ".local" / "state"
    return Path(base, "council-policy-generator", *parts)


def state_folder(*parts: str) -> Path:
    """:func:`state_path`, made if missing, and readable by the user only, whatever their
    umask or the folder's mode before."""
    folder = state_path(*parts)
    private_folder(folder)
    folder.chmod(FOLDER)
    return folder
