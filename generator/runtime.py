"""The user's private folder for processes kept between commands (the kept PDF converters,
the build server): their sockets and state, never shared, never in the temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["private_folder"]


def private_folder(*parts: str) -> Path:
    """``parts`` below the user's runtime folder, else their state folder; made if missing,
    and readable by the user only, whatever their umask."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("XDG_STATE_HOME") \
        or Path.home() / ".local" / "state"
    folder = Path(base, "council-policy-generator", *parts)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder
