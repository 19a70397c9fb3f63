"""`policy cases import` and `policy cases export`: case files into the register and back,
unchanged, with the same FILE:LINE messages as `policy letter` and nothing kept from a bad
batch. The cases are the made-up ones in examples/cases, each with the source it names."""

from __future__ import annotations

import re
import stat
from functools import cache
from pathlib import Path

import docx
import pytest
from conftest import CHESHIRE, EXAMPLE_CASES, ROOT
from officers import add_officers

from generator.cases.case import read_case
from generator.cli.policy import main
from generator.letters.documents import document_text
from generator.register.case_files import file_name
from generator.register.store import Register
from generator.source.model import Policy
from generator.source.read import read_policy

CHESHIRE_CASE = ROOT / "examples" / "cases" / "cheshire_stage_2_decision.yaml"
FLINTSHIRE = ROOT / "examples" / "cases" / "flintshire_warning.yaml"


@cache
def policy_of(source: Path) -> Policy:
    return read_policy(source)


def cases(*args: str, db: str) -> int:
    """`policy cases ...` run by an officer holding every role of the source named."""
    source = args[args.index("--source") + 1] if "--source" in args else None
    by = args[args.index("--by") + 1] if "--by" in args else None
    add_officers(db, *([Path(source)] if source else []), logins=(by,) if by else ())
    return main(["cases", *args, "--db", db])


def audit(register: Register) -> list:
    """The audit entries of cases (not of the accounts made for the test)."""
    return [e for e in register.audit() if e.reference is not None]


@pytest.mark.parametrize(("case", "source"), EXAMPLE_CASES, ids=lambda p: p.stem)
def test_every_example_case_comes_back_as_it_went_in(tmp_path, capsys, case, source):
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert cases("import", str(case), "--source", str(source), db=db) == 0
    original = read_case(case, policy_of(source)).case
    assert capsys.readouterr().out == f"kept {original.reference} (version 1)\n"
    assert cases("export", "--to", str(tmp_path / "out"), db=db) == 0
    exported = tmp_path / "out" / file_name(original.reference)
    assert capsys.readouterr().out == f"{exported}\n"
    assert read_case(exported, policy_of(source)).case == original
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["cheshire_stage_2_decision.yaml", "flintshire_bilingual.yaml"])
def test_an_exported_case_gives_the_same_letter(tmp_path, capsys, name):
    case = ROOT / "examples" / "cases" / name
    command = re.search(r"policy letter (\S+) .*--source (\S+)", case.read_text()).groups()
    letter_id, source = command[0], ROOT / command[1]
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert cases("import", str(case), "--source", str(source), db=db) == 0
    assert cases("export", "--to", str(tmp_path / "exported"), db=db) == 0
    [exported] = (tmp_path / "exported").iterdir()
    texts = []
    for file, out in ((case, "from_file"), (exported, "from_register")):
        assert main(["letter", letter_id, "--case", str(file), "--source", str(source),
                     "--out", str(tmp_path / out), "--no-pdf"]) == 0
        [letter] = (tmp_path / out).glob("*.docx")
        texts.append(document_text(docx.Document(letter)))
    capsys.readouterr()
    assert texts[0] == texts[1] and "Example" in texts[0]


def test_one_bad_file_keeps_nothing_and_says_where(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    # Flintshire's case names behaviours and roles that the Cheshire source has not
    assert cases("import", str(CHESHIRE_CASE), str(FLINTSHIRE), "--source",
                 str(CHESHIRE), db=db) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{FLINTSHIRE}:12: behaviours.0: unknown behaviour 'aggressive_abusive_offensive'" \
        in err[0]
    assert err[-1].endswith("problems found.")
    with Register.open(db) as register:
        assert register.references() == [] and audit(register) == []


def test_a_case_kept_already_is_refused_unless_replaced(tmp_path, capsys):
    db, source = f"sqlite:///{tmp_path / 'register.sqlite'}", str(CHESHIRE)
    assert cases("import", str(CHESHIRE_CASE), "--source", source, "--by", "pat.officer",
                 db=db) == 0
    assert cases("import", str(CHESHIRE_CASE), "--source", source, db=db) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{CHESHIRE_CASE}:3: reference: 'CR/2026/0102' is in the register already; give --replace "
        "to save this file over it as its next version, or leave the file out")
    assert cases("import", str(CHESHIRE_CASE), "--source", source, "--replace", "--by",
                 "jo.officer", db=db) == 0
    assert capsys.readouterr().out == "kept CR/2026/0102 (version 2)\n"
    with Register.open(db) as register:
        assert [(e.by, e.action, e.fields) for e in audit(register)][1:] == [
            ("jo.officer", "import", [])]  # the same file again changes no field
        assert audit(register)[0].by == "pat.officer"


def test_two_files_of_one_case_are_refused(tmp_path, capsys):
    folder = ROOT / "examples" / "cases"
    files = [folder / "rhondda_stage_2.yaml", folder / "rhondda_review.yaml"]
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert cases("import", *map(str, files), "--source",
                 str(ROOT / "examples" / "rhondda_cynon_taf"), db=db) == 1
    assert "'RCT/2026/0002' is also the reference in " in capsys.readouterr().err


def test_export_writes_nothing_for_a_missing_case_or_a_file_there_already(tmp_path, capsys):
    db, out = f"sqlite:///{tmp_path / 'register.sqlite'}", tmp_path / "out"
    assert cases("import", str(CHESHIRE_CASE), "--source", str(CHESHIRE), db=db) == 0
    assert cases("export", "CR/2026/0102", "CR/2026/9999", "--to", str(out), db=db) == 1
    assert capsys.readouterr().err.splitlines()[0].startswith(
        "CR/2026/9999: no case with this reference is in the register")
    assert not out.exists()
    assert cases("export", "CR/2026/0102", "--to", str(out), db=db) == 0
    (out / "CR-2026-0102.yaml").write_text("the officer's own notes")
    assert cases("export", "--to", str(out), db=db) == 1
    assert "the file is there already; give --force" in capsys.readouterr().err
    assert (out / "CR-2026-0102.yaml").read_text() == "the officer's own notes"
    assert cases("export", "--to", str(out), "--force", db=db) == 0
    assert "Mrs Morgan Example" in (out / "CR-2026-0102.yaml").read_text()


def test_a_register_that_cannot_be_opened_is_one_line_without_its_password(capsys):
    url = "postgresql+psycopg://officer:hunter2@/register?host=/no/such/folder"
    assert main(["cases", "export", "--to", "never", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("postgresql+psycopg://officer:***@/register?host=%2Fno%2Fsuch%2F"
                          "folder: cannot open the register: ")
    assert "hunter2" not in err and "Traceback" not in err and len(err.splitlines()) == 2
    assert not Path("never").exists()


def test_import_and_export_on_either_database(register_url, tmp_path, capsys):
    """A batch on SQLite and on a shared PostgreSQL register: a bad one keeps nothing, a
    good one comes back out as it went in."""
    source = ROOT / "examples" / "flintshire"
    folder = ROOT / "examples" / "cases"
    good = [folder / "flintshire_warning.yaml", folder / "flintshire_bilingual.yaml"]
    assert cases("import", *map(str, good), str(CHESHIRE_CASE), "--source", str(source),
                 db=register_url) == 1
    with Register.open(register_url) as register:
        assert register.references() == []
    assert cases("import", *map(str, good), "--source", str(source), db=register_url) == 0
    assert cases("export", "--to", str(tmp_path / "out"), db=register_url) == 0
    capsys.readouterr()
    for file in good:
        original = read_case(file, policy_of(source)).case
        exported = tmp_path / "out" / file_name(original.reference)
        assert read_case(exported, policy_of(source)).case == original


@pytest.mark.parametrize(("url", "message"), [
    ("nonsense", "--db: not a database URL; give --db a URL such as"),
    ("mysql://officer@host/register", "mysql://officer@host/register: cannot open the "
     "register: the register runs on SQLite or PostgreSQL, not mysql;")])
def test_a_database_the_register_cannot_use_is_named(capsys, url, message):
    assert main(["cases", "export", "--to", "never", "--db", url]) == 1
    assert capsys.readouterr().err.startswith(message)
