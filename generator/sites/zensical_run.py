"""Zensical rendering every site of a build in one process.

    python -m generator.sites.zensical_run < jobs.json

Each job names a config, the epoch its dated output takes, and a log file that receives
all Zensical says of that site (its native code writes to the process's own output, so
each site's output goes to its own file). The config of each site built cleanly is printed,
one a line; the build reads the log of any other. Sites are built incrementally: Zensical
takes each page whose inputs it has rendered before from its cache beside the config.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

__all__ = ["main"]


def main() -> None:
    import zensical

    jobs: list[dict[str, Any]] = json.load(sys.stdin)
    results = os.dup(1)
    for job in jobs:
        if _build(zensical, job):
            os.write(results, f"{job['config']}\n".encode())


def _build(zensical: Any, job: dict[str, Any]) -> bool:
    """One site, strict, its output in its log; whether it built."""
    config = os.path.abspath(job["config"])
    os.environ["SOURCE_DATE_EPOCH"] = str(job["epoch"])
    os.chdir(os.path.dirname(config))
    with open(job["log"], "w", encoding="utf-8") as log:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            zensical.build(config, {"clean": False, "strict": True})
        except Exception as exc:  # Zensical's own report is in the log; this says it ended
            print(f"Error: {exc}", flush=True)
            return False
    return True


if __name__ == "__main__":
    main()
