"""How long a saved prose edit takes to show in the page `policy serve` serves.

A sentence is added to a prose fragment of a copy of policy_src, saved, and the page that
publishes the fragment is polled until it shows the sentence. Target (issue 25), exit
status 1 if missed: the median of 5 edits (after one warm-up edit) within 0.3 s. The
server's CPU seconds per edit are printed beside it: on a busy machine they are the figure
to trust. The pages show before pandoc's exports are rewritten; each edit is made once
the last one's downloads are in, as a person's next save would be.

Run: .venv/bin/python benchmarks/serve.py [--engine mkdocs|zensical] [--fragment PATH]
(a Part A fragment, such as prose/part_a/conduct.md, has pandoc write the exports anew)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from timing import RUNS, Targets, policy

from generator.sites.serve import QUIET

ROOT = Path(__file__).resolve().parent.parent
FRAGMENT = Path("prose/part_b/stage_one_procedure.md")


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _shows(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return text in response.read().decode()
    except OSError:
        return False


def _wait(url: str, text: str, limit: float = 60) -> float:
    start = time.perf_counter()
    while not _shows(url, text):
        if time.perf_counter() - start > limit:
            raise TimeoutError(text)
        time.sleep(0.02)
    return time.perf_counter() - start


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _page(src: Path, work: Path, fragment: Path) -> str:
    """The internal page that publishes the fragment, as a path below the site."""
    subprocess.run(policy("build", "--source", str(src), "--out", str(work / "md"),
                          "--markdown-only", "--audience", "internal"), check=True,
                   capture_output=True)
    first = next(line for line in (src / fragment).read_text().splitlines() if line.strip())
    markdown = work / "md" / "markdown" / "internal"
    page = next(p for p in sorted(markdown.rglob("*.md")) if first in p.read_text())
    path = page.relative_to(markdown).with_suffix(".html")
    return "index.html" if path.name == "index.html" else str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--fragment", type=Path, default=FRAGMENT,
                        help=f"the prose fragment edited, in policy_src (default {FRAGMENT})")
    args = parser.parse_args()
    engine = args.engine
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        work = Path(folder)
        src = work / "src"
        shutil.copytree(ROOT / "policy_src", src)
        settings = src / "policy.yaml"  # the source chooses the engine `policy serve` uses
        settings.write_text(settings.read_text().replace(
            "title:", f"site_engine: {engine}\ntitle:", 1))
        url = f"http://127.0.0.1:{{port}}/{_page(src, work, args.fragment)}"
        port = _port()
        url = url.format(port=port)
        server = subprocess.Popen([sys.executable, "-u", "-m", "generator.cli", "serve",
                                   "--source", str(src), "--port", str(port)], cwd=ROOT,
                                  start_new_session=True, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        rebuilt: list[float] = []  # when the server said each rebuild's pages were in
        took: list[float] = []  # and how long it said that took
        downloads: list[float] = []  # how long it said each rebuild took with its downloads

        def listen() -> None:
            for line in server.stdout or ():
                if found := re.match(r"Rebuilt .* in ([0-9.]+) s;", line):
                    rebuilt.append(time.perf_counter())
                    took.append(float(found.group(1)))
                elif found := re.match(r"Downloads rebuilt in ([0-9.]+) s", line):
                    downloads.append(float(found.group(1)))

        threading.Thread(target=listen, daemon=True).start()
        fragment, times, cpus, builds, inside = src / args.fragment, [], [], [], []
        original = fragment.read_text()
        run = os.urandom(4).hex()  # new words every run: no export is taken from the cache
        try:
            _wait(url, original.split()[0])
            for edit in range(RUNS + 1):
                marker = f"Benchmark sentence {run} number {edit}."
                before, done, landed = _cpu(server.pid), len(rebuilt), len(downloads)
                written = time.perf_counter()
                fragment.write_text(f"{original}\n{marker}\n")
                times.append(_wait(url, marker))
                waited = time.perf_counter()  # for the server's lines saying it rebuilt
                while ((len(rebuilt) <= done or len(downloads) <= landed)
                       and time.perf_counter() - waited < 5):
                    time.sleep(0.01)
                cpus.append(_cpu(server.pid) - before)
                builds.append(rebuilt[done] - written if len(rebuilt) > done else float("nan"))
                inside.append(took[done] if len(took) > done else float("nan"))
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:  # it did not stop on Ctrl-C: not measured here
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    median = statistics.median(times[1:])
    print(f"prose edit to served page, median of {RUNS} after a warm-up: {median:.2f} s "
          f"(slowest {max(times[1:]):.2f} s); the server's CPU per edit, median "
          f"{statistics.median(cpus[1:]):.2f} s; load {os.getloadavg()[0]:.1f}")
    build, saved = statistics.median(inside[1:]), statistics.median(builds[1:])
    print(f"  phases (medians): saved -> change seen and {QUIET} s without another save "
          f"{saved - build:.2f} s; the rebuild's pages {build:.2f} s wall; rebuilt -> page "
          f"read {median - saved:.2f} s; the rebuild with its downloads "
          f"{statistics.median(downloads[-RUNS:]) if downloads else float('nan'):.2f} s "
          f"wall ({engine}, {args.fragment})")
    targets = Targets()
    targets.at_most("prose edit shows in the served page", median, 0.3, " s")
    targets.finish()


if __name__ == "__main__":
    main()
