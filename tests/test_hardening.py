"""Letters never lost or mixed up, builds that clean up after themselves, and no traceback
from the edges (a closed pipe, an unwritable folder, a failing D2, a signal)."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import (
    FIXTURES,
    MINIMAL,
    NEEDS_SOFFICE,
    ROOT,
    free_port,
    wait_for,
    without_font_programs,
)

from generator.cli.policy import main
from generator.output import remove_stale, write_letter
from generator.sites import flow
from generator.source.errors import SourceError
from generator.source.read import read_policy

GOOD = FIXTURES / "cases" / "stage_1.yaml"
LETTER = "CR-2026-0042_stage_1_warning_letter"
POLICY_CLI = [sys.executable, "-m", "generator.cli"]


def _case(folder: Path, name: str, reference: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(GOOD.read_text().replace("CR/2026/0042", reference))
    return path


@pytest.mark.parametrize("other", ["CR-2026-0042", "cr/2026/0042"])
def test_batch_with_colliding_names_writes_nothing(tmp_path, capsys, other):
    cases = tmp_path / "cases"
    _case(cases, "a.yaml", "CR/2026/0042")
    second = _case(cases, "b.yaml", other)
    out = tmp_path / "out"
    assert main(["letters", "--cases", str(cases), "--out", str(out), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    name = other.replace("/", "-") + "_stage_1_warning_letter.docx"
    assert (f"{second}:2: reference: '{other}' gives the same file name ({name}) as "
            f"'CR/2026/0042' in {cases / 'a.yaml'}; give each case its own reference; no "
            "letter of this batch was written") in err.splitlines()
    assert not out.exists() or not list(out.iterdir())


def _claim(args: tuple[Path, int]) -> bool:
    path, number = args
    try:
        write_letter(path, f"letter {number}".encode(), force=False)
    except SourceError:
        return False
    return True


def test_exclusive_creation_lets_one_writer_win(tmp_path):
    path = tmp_path / "out" / "X_letter.docx"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        won = pool.map(_claim, [(path, number) for number in range(16)])
    assert won.count(True) == 1
    assert path.read_bytes() == f"letter {won.index(True)}".encode()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left


def _letter(out: Path, *extra: str) -> list[str]:
    return ["letter", "stage_1_warning_letter", "--case", str(GOOD), "--out", str(out), *extra]


def test_force_without_pdf_removes_the_old_pdf(tmp_path):
    out = tmp_path / "out"
    assert main(_letter(out, "--no-pdf")) == 0
    (out / f"{LETTER}.pdf").write_bytes(b"%PDF of the letter before")
    assert main(_letter(out, "--no-pdf", "--force")) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{LETTER}.docx"]


def test_a_pdf_alone_is_not_replaced_without_force(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{LETTER}.pdf").write_bytes(b"%PDF sent last week")
    assert main(_letter(out, "--no-pdf")) == 1
    assert f"{out / LETTER}.docx: the letter already exists; use --force to replace it, or " \
           "move it away first" in capsys.readouterr().err.splitlines()
    assert sorted(p.name for p in out.iterdir()) == [f"{LETTER}.pdf"]


def test_killed_letter_never_leaves_an_old_pdf_beside_a_new_letter(tmp_path):
    out = tmp_path / "out"
    assert main(_letter(out, "--no-pdf")) == 0
    old = (out / f"{LETTER}.docx").read_bytes()
    changed = _case(tmp_path / "cases", "case.yaml", "CR/2026/0042")
    changed.write_text(changed.read_text().replace("Ms Jordan Example", "Mr Sam Other"))
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0, 2.5):
        (out / f"{LETTER}.docx").write_bytes(old)
        (out / f"{LETTER}.pdf").write_bytes(b"%PDF of the old letter")
        run = subprocess.Popen([*POLICY_CLI, "letter", "stage_1_warning_letter", "--case",
                                str(changed), "--out", str(out), "--no-pdf", "--force"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.kill()
        run.wait()
        letter = out / f"{LETTER}.docx"
        if (out / f"{LETTER}.pdf").exists():
            assert letter.read_bytes() == old, f"killed after {delay} s"
    assert main(_letter(out, "--no-pdf", "--force")) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{LETTER}.docx"]  # partials removed


@NEEDS_SOFFICE
def test_letter_pdfs_are_reproducible(tmp_path, capsys):
    pdfs = []
    for run in ("one", "two"):
        assert main(_letter(tmp_path / run)) == 0, capsys.readouterr().err
        pdfs.append(without_font_programs((tmp_path / run / f"{LETTER}.pdf").read_bytes()))
    assert pdfs[0].count(b"FONT") == pdfs[1].count(b"FONT") > 0
    assert len(pdfs[0]) == len(pdfs[1])
    differ = [i for i, (a, b) in enumerate(zip(*pdfs, strict=True)) if a != b]
    assert not differ, pdfs[0][differ[0] - 200:differ[0] + 50]
    assert b"/CreationDate (D:20260311000000" in pdfs[0]  # the letter date


def _build(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*POLICY_CLI, "build", str(MINIMAL), "--out", str(out),
                             "--no-pdf", "--as-of", "2025-05-01", *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_killed_builds_leave_the_site_and_are_cleaned_up(tmp_path):
    out = tmp_path / "site"
    assert _build(out).wait() == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for delay, how in ((1.0, signal.SIGKILL), (2.0, signal.SIGKILL), (2.0, signal.SIGTERM)):
        run = _build(out)
        time.sleep(delay)
        run.send_signal(how)
        run.wait()
        assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} or \
            run.returncode == 0
    assert _build(out).wait() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_sigterm_removes_the_build_folder(tmp_path):
    out = tmp_path / "site"
    run = _build(out)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".site-build-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=20) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_a_second_build_waits_and_says_for_whom(tmp_path):
    out = tmp_path / "site"
    with open(tmp_path / ".site.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("process 4242, started 10:00:00\n")
        lock.flush()
        run = _build(out)
        time.sleep(3)
        assert run.poll() is None  # waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert f"waiting for the build in process 4242, started 10:00:00 to finish writing {out}" \
        in err.splitlines()


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell does for `policy serve &`


def test_serve_removes_its_intranet_on_sigterm_and_sigint(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(MINIMAL, src)
    for how in (signal.SIGTERM, signal.SIGINT):
        port = free_port()
        server = subprocess.Popen([*POLICY_CLI, "serve", str(src), "--port", str(port)],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  preexec_fn=_ignore_sigint)
        try:
            assert wait_for(f"http://127.0.0.1:{port}/index.html", "Testshire", 60)
            folders = list(Path(tempfile.gettempdir()).glob(f"policy-serve-{server.pid}-*"))
            assert len(folders) == 1
            started = time.monotonic()
            server.send_signal(how)
            server.wait(timeout=10)
            assert time.monotonic() - started < 5
            assert not folders[0].exists()
        finally:
            if server.poll() is None:
                server.kill()


def test_stale_temporary_folders_of_dead_runs_are_removed(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"policy-soffice-{dead.pid}-abc"
    live = tmp_path / f"policy-soffice-{os.getpid()}-def"
    stale.mkdir()
    live.mkdir()
    remove_stale(tmp_path, "policy-soffice-")
    assert not stale.exists() and live.exists()


def test_a_killed_letter_s_partial_file_is_removed_by_the_next_letter(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".{LETTER}.{dead.pid}-k1ll3d_.partial"
    live = out / f".{LETTER}.{os.getpid()}-runn1ng.partial"
    stale.write_bytes(b"half a letter")
    live.write_bytes(b"a letter being written")
    assert main(_letter(out, "--no-pdf")) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{LETTER}.docx", live.name])


def test_broken_pipe_gives_no_traceback():
    result = subprocess.run(f"{sys.executable} -m generator.cli schema | head -1", shell=True,
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.stdout == "{\n"
    assert result.stderr == ""


def test_unwritable_output_gives_a_message(tmp_path, capsys):
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "site"
    assert main(["build", str(MINIMAL), "--out", str(out), "--no-pdf"]) == 1
    assert f"{out}: cannot write the output there (a file is in the way of a folder); choose " \
           "another output folder with --out, or make this one writable" in \
           capsys.readouterr().err.splitlines()
    letters = tmp_path / "file" / "out"
    assert main(_letter(letters, "--no-pdf")) == 1
    assert f"{letters}: cannot write the output there (a file is in the way of a folder); " \
           "choose another output folder with --out, or make this one writable" in \
           capsys.readouterr().err.splitlines()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_gives_a_message(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main(["build", str(MINIMAL), "--out", str(folder / "site"), "--no-pdf"]) == 1
        assert "cannot write the output there (permission denied)" in capsys.readouterr().err
        assert main(_letter(folder / "out", "--no-pdf")) == 1
        assert "cannot write the output there (permission denied)" in capsys.readouterr().err
    finally:
        folder.chmod(0o755)


def test_a_failing_d2_is_a_problem(tmp_path, monkeypatch):
    engine = tmp_path / "d2"
    engine.write_text("#!/bin/sh\necho 'err: flow.d2:3:1: unexpected text' >&2\nexit 1\n")
    engine.chmod(0o755)
    monkeypatch.setattr(flow, "find_engine", lambda: str(engine))
    policy = read_policy(MINIMAL)
    with pytest.raises(SourceError) as error:
        flow.render_svg(policy)
    assert str(error.value) == (
        f"{MINIMAL}/stages.yaml: stages: D2 could not draw the process flow (err: flow.d2:3:1: "
        "unexpected text); check the stage names and outcomes, or build without D2 to give the "
        "flow in words only")


def test_a_bfpo_address_is_accepted(tmp_path):
    case = _case(tmp_path, "case.yaml", "CR/2026/0042")
    case.write_text(case.read_text().replace(
        "  - Flat 3, 14 Example Road\n  - Chester\n  - ch1 2ab\n",
        "  - Service number 12345678\n  - Unit 1 Example Regiment\n  - bfpo 801\n"))
    out = tmp_path / "out"
    assert main(["letter", "stage_1_warning_letter", "--case", str(case), "--out", str(out),
                 "--no-pdf"]) == 0
    import docx

    from generator.letters.documents import document_text

    assert "BFPO 801" in document_text(docx.Document(out / f"{LETTER}.docx"))


@NEEDS_SOFFICE
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_libreoffice_profile_is_removed_when_a_letter_run_is_stopped(tmp_path, how):
    run = subprocess.Popen([*POLICY_CLI, *_letter(tmp_path / "out")], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    profiles: list[Path] = []
    while not profiles and run.poll() is None and time.monotonic() < deadline:
        profiles = list((tmp_path / "out").rglob(f"policy-soffice-{run.pid}-*"))
        time.sleep(0.05)
    assert profiles, "soffice never started"
    # a profile lists recent documents: it lies in the private folder aside, not in /tmp
    assert not list(Path(tempfile.gettempdir()).glob(f"policy-soffice-{run.pid}-*"))
    time.sleep(0.5)
    run.send_signal(how)
    _, err = run.communicate(timeout=20)
    assert "Traceback" not in err
    time.sleep(1)  # soffice.bin, had it survived, would write into its profile again
    assert not profiles[0].exists()
    assert not (tmp_path / "out" / f"{LETTER}.pdf").exists()


def test_permission_denied_on_the_output_gives_a_message(tmp_path, capsys, monkeypatch):
    """As a read-only folder does for anyone but root (the suite may run as root)."""
    import generator.output as output

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    out = tmp_path / "locked" / "site"
    monkeypatch.setattr(Path, "mkdir", refuse)
    assert main(["build", str(MINIMAL), "--out", str(out), "--no-pdf"]) == 1
    assert f"{out}: cannot write the output there (permission denied); choose another output " \
           "folder with --out, or make this one writable" in capsys.readouterr().err.splitlines()
    monkeypatch.undo()
    monkeypatch.setattr(output.os, "link", refuse)
    letters = tmp_path / "out"
    assert main(_letter(letters, "--no-pdf")) == 1
    assert f"{letters}: cannot write the output there (permission denied); choose another " \
           "output folder with --out, or make this one writable" in \
           capsys.readouterr().err.splitlines()
    assert list(letters.iterdir()) == []


def test_without_d2_the_build_notes_it_and_prints_nothing(tmp_path, monkeypatch, capsys):
    from generator.sites.build import build

    monkeypatch.setattr(flow, "find_engine", lambda: None)
    result = build(MINIMAL, tmp_path / "site", markdown_only=True, audiences=("internal",))
    assert result.notes.count(flow.NO_ENGINE) == 1
    assert capsys.readouterr().out == ""
    assert not (tmp_path / "site" / "markdown" / "internal" / "process.svg").exists()
