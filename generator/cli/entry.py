"""`policy`'s entry point: a build or a check goes to the user's build server when one
runs, before anything heavy is imported; everything else runs in this process."""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    from generator.cli.build_server import FORWARDED, forward

    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] and args[0] in FORWARDED and "--no-build-server" not in args:
        code = forward(args)
        if code is not None:
            return code
    from generator.cli.policy import main as run

    return run(args)
