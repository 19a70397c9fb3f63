"""Personal data (letters, case files, subject-access files, marker feeds, the register) is
written readable by its owner only, whatever the umask, and never into a temporary folder,
a built site or a git work tree that does not ignore it (generator/private.py).

The suite's own leave to write in /tmp (POLICY_ALLOW_TEMP_OUTPUT, set in conftest.py) is
taken away where a test looks at the refusal."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHESHIRE, FIXTURES, MINIMAL, ROOT
from officers import add_officers

from generator import private
from generator.cli.policy import main
from generator.desk.app import data_folder
from generator.private import ALLOW_TEMPORARY, SITE_MARKER, shared_problems
from generator.source.errors import SourceError

CASE = FIXTURES / "cases" / "stage_1.yaml"
POLICY = ROOT / "policy_src"
KEPT = ROOT / "examples" / "cases" / "cheshire_stage_2_decision.yaml"  # for policy_src
GIT = shutil.which("git")


def letter(out: Path) -> int:
    return main(["letter", "stage_1_warning_letter", "--case", str(CASE), "--out", str(out),
                 "--no-pdf", "--source", str(CHESHIRE)])


def kept(db: Path) -> str:
    """A register at ``db`` holding one case, and accounts with every role."""
    url = f"sqlite:///{db}"
    add_officers(url, POLICY)
    assert main(["cases", "import", str(KEPT), "--source", str(POLICY), "--db", url]) == 0
    return url


def writes(url: str, out: Path) -> dict[str, list[str]]:
    """Each command that writes personal data, writing into ``out``."""
    cases = ["--source", str(POLICY), "--db", url]
    return {
        "letter": ["letter", "stage_1_warning_letter", "--case", str(CASE), "--out",
                   str(out / "letters"), "--no-pdf", "--source", str(CHESHIRE)],
        "letters": ["letters", "--cases", str(FIXTURES / "cases"), "--letter",
                    "stage_1_warning_letter", "--out", str(out / "batch"), "--no-pdf",
                    "--source", str(CHESHIRE)],
        "export": ["cases", "export", "--to", str(out / "cases"), *cases],
        "access": ["cases", "access", "CR/2026/0102", "--to", str(out / "sar" / "a.json"),
                   *cases],
        "feed": ["cases", "feed", "--to", str(out / "feed" / "feed.json"), *cases],
        "review": ["cases", "review", "CR/2026/0102", "--held-on", "2026-06-01",
                   "--outcome", "continue", "--letter", "--out", str(out / "review"), *cases],
        "register": ["cases", "due", "--source", str(POLICY), "--db",
                     f"sqlite:///{out / 'db' / 'register.sqlite'}"],
        "default register": ["cases", "due", "--source", str(POLICY)],  # $POLICY_DATA_DIR
    }


@pytest.fixture(params=[0o022, 0o000], ids=["umask 022", "umask 000"])
def umask(request) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_personal_data_is_its_owners_only_whatever_the_umask(tmp_path, capsys, umask):
    mine = tmp_path / "mine"
    url = kept(mine / "register" / "register.sqlite")
    for name in ("letter", "export", "access", "feed"):
        assert main(writes(url, mine / "made")[name]) == 0, capsys.readouterr().err
    written = [mine, *mine.rglob("*")]
    assert {p.name for p in written} >= {"register.sqlite", "letters", "cases", "a.json",
                                          "feed.json"}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


@pytest.mark.parametrize("name", ["letter", "letters", "export", "access", "feed", "review",
                                  "register", "default register"])
def test_nothing_personal_is_written_to_the_temporary_folder(tmp_path, capsys, monkeypatch,
                                                             name):
    url = kept(tmp_path / "mine" / "register.sqlite")
    temporary = tmp_path / "temp"  # as $TMPDIR sets it; the register is kept outside it
    temporary.mkdir()
    monkeypatch.delenv(ALLOW_TEMPORARY)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(private, "_TEMPORARY", ())
    monkeypatch.setenv("POLICY_DATA_DIR", str(temporary / "out" / "data"))
    capsys.readouterr()
    assert main(writes(url, temporary / "out")[name]) == 1
    err = capsys.readouterr().err
    assert f"personal data is never written to the temporary folder {temporary}" in err
    assert "choose a folder outside" in err and "Traceback" not in err
    assert not (temporary / "out").exists()
    if name == "review":  # refused before the review is recorded
        assert "review" not in [e.action for e in _audit(url)]


def _audit(url: str) -> list:
    from generator.register.store import Register

    with Register.open(url) as register:
        return register.audit("CR/2026/0102")


def test_the_desk_keeps_no_files_in_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(ALLOW_TEMPORARY)
    monkeypatch.setenv("POLICY_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(SourceError, match="POLICY_DATA_DIR: personal data is never written"):
        data_folder()
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("shared", ["/tmp/x", "/var/tmp/x", "/dev/shm/x"])
def test_every_temporary_folder_is_refused(monkeypatch, shared):
    monkeypatch.delenv(ALLOW_TEMPORARY)
    [problem] = shared_problems(Path(shared), "--to")
    assert problem.field == "--to" and "the temporary folder" in problem.message


def test_a_link_into_the_temporary_folder_is_followed(tmp_path, monkeypatch):
    monkeypatch.delenv(ALLOW_TEMPORARY)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # as $TMPDIR sets it
    monkeypatch.setattr(private, "_TEMPORARY", ())
    (tmp_path / "temp").mkdir()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "out").symlink_to(tmp_path / "temp")
    assert shared_problems(tmp_path / "mine" / "letters", "--out", folder=True) == []
    [problem] = shared_problems(tmp_path / "mine" / "out" / "letters", "--out", folder=True)
    assert f"the temporary folder {tmp_path / 'temp'}" in problem.message


def test_nothing_personal_is_written_into_a_built_site(tmp_path, capsys, monkeypatch):
    www = tmp_path / "www"
    assert main(["build", "--source", str(MINIMAL), "--out", str(www), "--markdown-only",
                 "--audience", "internal"]) == 0
    assert (www / SITE_MARKER).is_file()
    monkeypatch.chdir(tmp_path)  # where site/, the build's own folder, is not built yet
    for out, folder in ((www / "internal" / "letters", www),
                        (Path("site") / "letters", tmp_path / "site")):
        capsys.readouterr()
        assert letter(out) == 1
        err = capsys.readouterr().err
        assert f"personal data is never written into a site's folder ({folder}), which is " \
               f"published; choose a folder outside {folder}" in err
        assert not out.exists()


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_nothing_personal_is_written_where_git_would_commit_it(tmp_path, capsys):
    repo = tmp_path / "repo"
    subprocess.run([GIT, "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("/private/\n/kept/\n")
    (repo / "kept").mkdir()
    (repo / "kept" / "notes.txt").write_text("not personal")
    subprocess.run([GIT, "-C", str(repo), "add", "-f", "kept/notes.txt"], check=True)
    for out, said in ((repo / "out", "which does not ignore it"),
                      (repo, "git tracks files here"),
                      (repo / "kept", "git tracks files here")):
        capsys.readouterr()
        assert letter(out) == 1
        err = capsys.readouterr().err
        assert said in err and "or add it to .gitignore" in err and "Traceback" not in err
        assert not list(out.glob("*.docx"))
    assert not (repo / "out").exists()
    assert letter(repo / "private" / "out") == 0
    assert len(list((repo / "private" / "out").iterdir())) == 1


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_register_already_where_git_would_commit_it_is_refused(tmp_path, capsys):
    """A register made where it was safe is refused once the folder it lies in becomes a
    work tree that does not ignore it, and nothing is written to it."""
    db = tmp_path / "repo" / "register.sqlite"
    url = kept(db)
    before = db.read_bytes()
    subprocess.run([GIT, "init", "-q", str(db.parent)], check=True)
    capsys.readouterr()
    assert main(["cases", "import", str(KEPT), "--source", str(POLICY), "--db", url]) == 1
    err = capsys.readouterr().err
    assert f"{db}: --db:" in err and "which does not ignore it" in err
    assert "Traceback" not in err
    assert db.read_bytes() == before
    (db.parent / ".gitignore").write_text("/register.sqlite\n")
    assert main(["cases", "due", "--source", str(POLICY), "--db", url]) == 0


def test_without_git_a_work_tree_is_not_asked(tmp_path, capsys, monkeypatch):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    assert letter(tmp_path / "repo" / "out") == 0, capsys.readouterr().err
