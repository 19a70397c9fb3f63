"""The build server: commands sent to it do what they do in their own process, in the
sender's folder, environment and streams, for the sender only."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


def _policy(*args: str, env: dict[str, str], cwd: Path = ROOT,
            **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, **kwargs)


def _children_cpu(pid: int) -> int:
    """Clock ticks the server's finished children have used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[13]) + int(fields[14])


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[dict[str, str], int]]:
    """A server in a private folder of its own (short, as a socket's path must be)."""
    runtime = Path(tempfile.mkdtemp(prefix="bs"))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "POLICY_BUILD_SERVER": "on"}
    started = _policy("build-server", "start", env=env)
    assert started.returncode == 0, started.stderr
    pid = int(re.search(r"process (\d+)", started.stdout).group(1))
    try:
        yield env, pid
    finally:
        _policy("build-server", "stop", env=env)
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_build_sent_to_the_server_is_the_same_as_one_built_here(server, tmp_path: Path):
    env, pid = server
    before = _children_cpu(pid)
    sent = _policy("build", "--source", str(FIXTURES / "minimal"), "--out",
                   str(tmp_path / "sent"), "--no-pdf", env=env)
    assert sent.returncode == 0, sent.stderr
    assert _children_cpu(pid) > before  # the server's child did the work
    here = _policy("build", "--source", str(FIXTURES / "minimal"), "--out",
                   str(tmp_path / "here"), "--no-pdf", env={**env, "POLICY_BUILD_SERVER": "off"})
    assert here.stdout.replace("here", "sent") == sent.stdout
    compared = filecmp.dircmp(tmp_path / "sent", tmp_path / "here")
    differing: list[str] = []

    def walk(node: filecmp.dircmp[str], prefix: str = "") -> None:
        differing.extend(prefix + name for name in node.diff_files + node.left_only
                         + node.right_only + node.funny_files)
        for name, sub in node.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared)
    assert differing == []


def test_the_sender_s_folder_environment_and_exit_status_are_kept(server, tmp_path: Path):
    env, pid = server
    source = shutil.copytree(FIXTURES / "minimal", tmp_path / "src")
    before = _children_cpu(pid)
    # A relative source and output, found from the sender's folder, not the server's.
    built = _policy("build", "--source", "src", "--no-pdf", env={**env, "TZ": "UTC"},
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "internal" / "index.html").is_file()
    assert _children_cpu(pid) > before
    (source / "policy.yaml").write_text("policy: [\n", encoding="utf-8")
    broken = _policy("check", "--source", "src", env=env, cwd=tmp_path)
    assert broken.returncode == 1
    assert "policy.yaml" in broken.stderr and "problem" in broken.stderr
    assert "Traceback" not in broken.stderr
    misused = _policy("check", "--no-such-option", env=env, cwd=tmp_path)
    assert misused.returncode == 2 and "usage: policy" in misused.stderr


def test_ctrl_c_reaches_the_command_in_the_server(server, tmp_path: Path):
    """The sender's Ctrl-C stops the command, which cleans up as it would here."""
    env, _ = server
    slow = tmp_path / "pandoc"
    slow.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    slow.chmod(0o700)
    build = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--source",
         str(FIXTURES / "minimal"), "--out", str(tmp_path / "site"), "--no-pdf"],
        env={**env, "PYPANDOC_PANDOC": str(slow)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # well into the build, which waits on pandoc
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=30)
    assert build.returncode == 128 + signal.SIGINT, stderr
    assert "Stopped." in stderr
    assert not (tmp_path / "site").exists()


def test_the_server_answers_its_owner_only(server):
    env, _ = server
    folder = Path(env["XDG_RUNTIME_DIR"], "council-policy-generator", "build-server")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    sockets = list(folder.glob("*.sock"))
    assert len(sockets) == 1
    assert stat.S_IMODE(sockets[0].stat().st_mode) == 0o600


def test_no_server_or_a_dead_one_means_the_command_runs_here(tmp_path: Path):
    runtime = Path(tempfile.mkdtemp(prefix="bs"))
    try:
        env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "POLICY_BUILD_SERVER": "on"}
        assert "No build server runs" in _policy("build-server", "status", env=env).stdout
        # This code's socket, and an older code's, bound and closed: connections refused.
        ours = subprocess.run([sys.executable, "-c", "from generator.cli import build_server; "
                               "print(build_server._socket_path())"], env=env, check=True,
                              capture_output=True, text=True).stdout.strip()
        for path in (ours, str(Path(ours).with_name("older.sock"))):
            with socket.socket(socket.AF_UNIX) as dead:
                dead.bind(path)
        checked = _policy("check", "--source", str(FIXTURES / "minimal"), env=env)
        assert checked.returncode == 0, checked.stderr
        assert _policy("build-server", "stop", env=env).stdout.startswith("No build server")
        assert list(Path(ours).parent.glob("*.sock")) == []
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_command_in_the_server_never_sends_itself_on():
    """It would wait for ever for the server, which waits for it."""
    code = ("import os, sys; from generator.cli import build_server; "
            "os.environ['POLICY_BUILD_SERVER'] = 'off'; "
            "sys.exit(0 if build_server.forward(['check']) is None else 1)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_cache_key_is_the_same_whatever_the_process_has_imported():
    """A build server has imported both engines; a build in its own process, one. Their
    compiled templates must be kept under one key, or each misses the other's."""
    code = ("import sys; from generator import cache; "
            "sys.argv[1:] and __import__('mkdocs'); print(cache._compilers())")
    keys = {subprocess.run([sys.executable, "-c", code, *extra], check=True, timeout=60,
                           capture_output=True, text=True).stdout for extra in ([], ["x"])}
    assert len(keys) == 1
