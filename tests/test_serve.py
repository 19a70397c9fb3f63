"""`policy serve` shows an edit to the source in the served page without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False


def test_edit_shows_in_served_page(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "policy_src", src)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(src),
                               "--port", str(port)], cwd=ROOT, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/stages/stage_1.html"
    try:
        assert wait_for(url, '"stages.stage_1.monitoring.default">6 months<', 60)
        stages = src / "stages.yaml"
        stages.write_text(stages.read_text().replace("default: 6 months", "default: 4 months"))
        assert wait_for(url, '"stages.stage_1.monitoring.default">4 months<', 30)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=10)
