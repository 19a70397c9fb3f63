"""`policy serve` shows an edit to the source in the served page without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from conftest import CHESHIRE, ROOT, free_port, wait_for


def test_edit_shows_in_served_page(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(CHESHIRE, src)
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
