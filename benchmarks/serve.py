"""How long an edit to the source takes to show in the page `policy serve` serves.

Prints the median of 5 edits (target: within 2 seconds). Run: .venv/bin/python benchmarks/serve.py
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACT = '"stages.stage_1.monitoring.default">{} months<'


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
        time.sleep(0.05)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        src = Path(work, "src")
        shutil.copytree(ROOT / "policy_src", src)
        port = _port()
        server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--source",
                                   str(src), "--port", str(port)], cwd=ROOT, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/stages/stage_1.html"
        try:
            _wait(url, FACT.format(6))
            stages, months, times = src / "stages.yaml", 6, []
            for new in (5, 4, 3, 2, 7):
                text = stages.read_text().replace(f"default: {months} months",
                                                  f"default: {new} months")
                stages.write_text(text)
                times.append(_wait(url, FACT.format(new)))
                months = new
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=10)
    print(f"edit to served page, median of {len(times)}: {statistics.median(times):.2f} s "
          f"(slowest {max(times):.2f} s; target within 2 s)")


if __name__ == "__main__":
    main()
