"""What every benchmark shares: paired, warmed-up runs; CPU time and peak memory of a
process tree; targets that fail the script when missed.

A figure is a ratio against the bare engine doing the same work in the same run, so a
busy machine slows both sides alike. Runs alternate A, B, A, B after one warm-up of each
and the medians are compared. CPU seconds (user + system, the process and every child it
waited for) are the measure on a shared machine; wall seconds are printed beside them.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A build server the user keeps would serve the runs timed as separate processes.
os.environ["POLICY_BUILD_SERVER"] = "off"
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    """Peak of the summed resident memory of the process and all its descendants."""


def run(command: Sequence[str], cwd: Path = ROOT, env: dict[str, str] | None = None,
        server: int | None = None) -> Sample:
    """Run ``command`` to completion (it must succeed), sampling its tree's memory; with
    ``server``, the process id of a build server it sends itself to, whose CPU seconds
    and memory are counted as the command's too."""
    served = server_cpu(server) if server else 0.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(process.pid) + (tree_rss(server) if server else 0))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if server:
        cpu += server_cpu(server) - served
    return Sample(wall, cpu, peak[0] / 2**20)


def server_cpu(pid: int) -> float:
    """CPU seconds ``pid`` and the children it has waited for have used: a build server
    waits for the command's child before it answers, so a finished command is counted."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return sum(int(field) for field in fields[11:15]) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def build_server(folder: Path) -> Iterator[tuple[dict[str, str], int]]:
    """A build server of the benchmark's own (its private folder below ``folder``, so a
    server the user keeps is neither used nor stopped): the environment that sends
    commands to it, and its process id."""
    env = {"XDG_RUNTIME_DIR": str(folder), "POLICY_BUILD_SERVER": "on"}
    started = subprocess.run(policy("build-server", "start"), env={**os.environ, **env},
                             check=True, capture_output=True, text=True)
    pid = int(re.search(r"process (\d+)", started.stdout).group(1))  # type: ignore[union-attr]
    try:
        yield env, pid
    finally:
        subprocess.run(policy("build-server", "stop"), env={**os.environ, **env},
                       check=True, capture_output=True)


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process below it, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * PAGE
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


def alternated(*actions: Callable[[], Sample], runs: int = RUNS) -> list[Sample]:
    """Medians of ``runs`` rounds of every action in turn (A, B, A, B ...), after one
    warm-up round."""
    for action in actions:
        action()
    rounds = [[action() for action in actions] for _ in range(runs)]
    return [median([round_[i] for round_ in rounds]) for i in range(len(actions))]


def repeated(action: Callable[[], Sample], runs: int = RUNS) -> Sample:
    """The median of ``runs`` runs after one warm-up run."""
    action()
    return median([action() for _ in range(runs)])


def median(samples: list[Sample]) -> Sample:
    return Sample(statistics.median(s.wall for s in samples),
                  statistics.median(s.cpu for s in samples),
                  max(s.peak_mb for s in samples))


def show(name: str, sample: Sample) -> None:
    print(f"{name}: {sample.cpu:.2f} s CPU, {sample.wall:.2f} s wall, "
          f"peak {sample.peak_mb:.0f} MB")


class Targets:
    """Figures held against their targets; :meth:`finish` exits 1 if any was missed."""

    def __init__(self) -> None:
        self.missed: list[str] = []

    def at_most(self, name: str, value: float, limit: float, unit: str = "×") -> None:
        self._say(name, value, limit, unit, value <= limit, "≤")

    def at_least(self, name: str, value: float, limit: float, unit: str = "×") -> None:
        self._say(name, value, limit, unit, value >= limit, "≥")

    def _say(self, name: str, value: float, limit: float, unit: str, met: bool,
             sign: str) -> None:
        verdict = "met" if met else "MISSED"
        print(f"  {verdict:6} {name}: {value:.2f}{unit} (target {sign} {limit:g}{unit})")
        if not met:
            self.missed.append(name)

    def finish(self) -> None:
        if self.missed:
            print(f"{len(self.missed)} target(s) missed: {'; '.join(self.missed)}")
            sys.exit(1)
        print("every target met")


def policy(*args: str) -> list[str]:
    return [str(BIN / "policy"), *args]
