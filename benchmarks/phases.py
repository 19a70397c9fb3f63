"""Where the time of `policy build --no-pdf` after a Part A edit goes, phase by phase.

A copy of the source is built once (so the cache holds what an edit leaves unchanged),
a Part A fragment is edited, and the build runs again in a child process whose phases
are timed by hooks around the functions that do them. Each phase shows CPU seconds of
the thread that ran it plus those of the processes it waited for (pandoc, D2, Zensical),
and wall seconds. A phase inside another is indented and counted in it too; the export
runs in a thread of its own, beside the phases of the main thread.

For the closing note of a speed issue, not a target: `benchmarks/build.py` holds those.

With --served the build runs as in a build server (`policy build-server start`): in a
process forked from one that has imported what the server imports, paid once.

Run: .venv/bin/python benchmarks/phases.py [--engine mkdocs|zensical] [--unchanged]
     [--served] [SOURCE]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timing import BIN, ROOT, policy, run

#: The functions timed, as (label, module, name, depth); a deeper one runs inside the one
#: above it. The export's pandoc runs in the export thread.
PHASES = [
    ("read and validate the model", "generator.sites.build", "read_policy", 0),
    ("make the trees (pages, exports begun)", "generator.sites.build", "_begun_trees", 0),
    ("exports: their Markdown", "generator.sites.exports", "export_markdown", 1),
    ("exports: reference documents", "generator.sites.exports", "references", 1),
    ("fill-in documents", "generator.sites.build", "_fill_in_documents", 1),
    ("the diagram (D2)", "generator.sites.flow", "render_svg", 1),
    ("history and archive", "generator.sites.build", "_history", 1),
    ("pandoc (export thread)", "generator.documents.pandoc", "convert", 1),
    ("check the trees (links, translations)", "generator.sites.build", "tree_problems", 0),
    ("write the Markdown", "generator.sites.build", "write_tree", 0),
    ("render the sites (or keep them)", "generator.sites.build", "_render_all", 0),
    ("the engine", "generator.sites.engines", "render", 1),
    ("wait for the exports", "generator.sites.build", "_settle", 0),
    ("check the pages", "generator.sites.build", "_check_sites", 0),
    ("verify the pages", "generator.sites.build", "verify_site", 1),
    ("check the structure", "generator.sites.build", "check_structure", 1),
    ("swap the output in", "generator.sites.build", "_swap", 0),
]

Times = list[float]  # CPU, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--unchanged", action="store_true",
                        help="build again with nothing changed, not after an edit")
    parser.add_argument("--served", action="store_true",
                        help="as in a build server: the imports paid before, once")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.add_argument("source", nargs="?", default=str(ROOT / "policy_src"))
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.served)
        return
    with tempfile.TemporaryDirectory(prefix="phases-") as folder:
        work = Path(folder)
        source = shutil.copytree(args.source, work / "source")
        env = {**os.environ, "POLICY_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        command = ["build", "--source", str(source), "--out", str(work / "site"),
                   "--engine", args.engine, "--no-pdf"]
        subprocess.run(policy(*command), env=env, check=True, capture_output=True)
        if not args.unchanged:
            fragment = next(source.glob("prose/part_a/*.md"))
            fragment.write_text(fragment.read_text() + "\nAn edit for the phases.\n")
        start = run([str(BIN / "python"), "-c", "pass"])
        served = ["--served"] if args.served else []
        report = subprocess.run([str(BIN / "python"), __file__, *served, "--child", *command],
                                env=env, check=True, capture_output=True, text=True).stdout
    print(f"{args.engine}, {'nothing changed' if args.unchanged else 'after an edit to Part A'}"
          f"{', in a build server' if args.served else ''} (CPU s, wall s):")
    print(f"  {'python start (python -c pass)':44} {start.cpu:6.3f} {start.wall:6.3f}")
    print(report, end="")


def child(command: list[str], served: bool) -> None:
    """Run `policy COMMAND` in this process with every phase timed; ``served``, in a
    process forked from this one once it has imported what a build server imports."""
    began, wall = time.process_time(), time.perf_counter()
    print(f"  {'interpreter and this script':44} {began:6.3f}")
    if served:
        from generator.cli import build_server

        build_server._import_everything()
    import generator.sites.build  # noqa: F401  (imported by `policy build`)
    from generator.cli.policy import main as cli  # what `policy` imports first

    imported = [time.process_time() - began, time.perf_counter() - wall]
    label = "imports (in the server, once)" if served else "imports (the CLI and the build)"
    print(f"  {label:44} {imported[0]:6.3f} {imported[1]:6.3f}", flush=True)
    if served:
        wall = time.perf_counter()  # and CPU: a forked process starts from nought
        if pid := os.fork():
            os.waitpid(pid, 0)
            return
    try:
        _timed_build(cli, command, wall)
    finally:
        if served:
            sys.stdout.flush()
            os._exit(0)


def _timed_build(cli: Callable[[list[str]], int], command: list[str], wall: float) -> None:
    totals = {label: [0.0, 0.0] for label, *_ in PHASES}
    for label, module, name, _ in PHASES:
        owner = importlib.import_module(module)
        setattr(owner, name, timed(getattr(owner, name), totals[label]))
    with contextlib.redirect_stdout(io.StringIO()):
        cli(command)
    for label, _, _, depth in PHASES:
        cpu, spent = totals[label]
        print(f"  {'  ' * depth + label:44} {cpu:6.3f} {spent:6.3f}")
    total = [time.process_time() + _children(), time.perf_counter() - wall]
    print(f"  {'whole process tree (less python start)':44} {total[0]:6.3f} {total[1]:6.3f}")


def timed(function: Callable[..., Any], into: Times) -> Callable[..., Any]:
    """``function``, adding each call's CPU (its thread's and its children's) and wall
    seconds to ``into``. The processes another thread waited for meanwhile (pandoc, in
    the export thread) are counted in that thread's phase only."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.thread_time(), time.perf_counter()
        children, elsewhere = _children(), ELSEWHERE[0]
        try:
            return function(*args, **kwargs)
        finally:
            with LOCK:
                waited = _children() - children
                if threading.current_thread() is threading.main_thread():
                    waited -= ELSEWHERE[0] - elsewhere
                else:
                    ELSEWHERE[0] += waited
                into[0] += time.thread_time() - cpu + waited
                into[1] += time.perf_counter() - wall
    return wrapper


LOCK = threading.Lock()
#: CPU seconds of the processes other threads waited for, so far.
ELSEWHERE = [0.0]


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
