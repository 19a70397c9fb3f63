"""`policy letter` and `policy letters`: files named from the case, never overwritten, PDFs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
import pytest
from conftest import CHESHIRE, FIXTURES, NEEDS_SOFFICE, ROOT, SOURCES

from generator.cli.policy import main
from generator.documents.pdf import to_pdf
from generator.letters.documents import document_text, render_fill_in
from generator.source.read import read_policy

GOOD = FIXTURES / "cases" / "stage_1.yaml"
LETTER = "CR-2026-0042_stage_1_warning_letter.docx"
def _cases(folder: Path, count: int) -> Path:
    folder.mkdir()
    text = GOOD.read_text(encoding="utf-8")
    for number in range(count):
        (folder / f"case_{number}.yaml").write_text(
            text.replace("CR/2026/0042", f"CR/2026/{number:04d}"), encoding="utf-8")
    return folder


def test_letter_is_named_from_the_case_and_never_overwritten(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["letter", "stage_1_warning_letter", "--case", str(GOOD), "--out", str(out),
            "--no-pdf", "--source", str(CHESHIRE)]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == [str(out / LETTER)]
    written = (out / LETTER).read_bytes()
    text = document_text(docx.Document(out / LETTER))
    assert "Dear Ms Example" in text and "CH1 2AB" in text
    assert "until 11 September 2026" in text  # 6 months from the letter date, 11 March 2026
    assert "by 10 September 2026" in text  # review 6 months from the decision, 10 March 2026
    (out / LETTER).write_bytes(b"officer's edited copy")
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{out / LETTER}: the letter already exists; use --force to replace it, or move it "
        "away first")
    assert (out / LETTER).read_bytes() == b"officer's edited copy"
    assert main([*args, "--force"]) == 0
    assert (out / LETTER).read_bytes() == written  # the same input gives the same bytes


def test_batch_on_two_processes_with_progress(tmp_path, capsys):
    cases = _cases(tmp_path / "cases", 6)
    out = tmp_path / "out"
    assert main(["letters", "--cases", str(cases), "--out", str(out), "--no-pdf"]) == 0
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == [
        f"CR-2026-{n:04d}_stage_1_warning_letter.docx" for n in range(6)]
    assert "6/6 letters" in captured.err
    assert len(captured.out.splitlines()) == 6
    one = document_text(docx.Document(out / "CR-2026-0003_stage_1_warning_letter.docx"))
    assert "Our reference: CR/2026/0003" in one
    # Run again: every case is refused, each with its own line, and nothing changes.
    assert main(["letters", "--cases", str(cases), "--out", str(out), "--no-pdf"]) == 1
    assert capsys.readouterr().err.count("the letter already exists") == 6


def test_batch_reports_bad_cases_and_writes_the_good_ones(tmp_path, capsys):
    cases = _cases(tmp_path / "cases", 3)
    bad = cases / "case_1.yaml"
    bad.write_text(bad.read_text().replace("[unreasonable_persistence]", "[shouting]"))
    out = tmp_path / "out"
    assert main(["letters", "--cases", str(cases), "--out", str(out), "--no-pdf",
                 "--letter", "stage_1_warning_letter"]) == 1
    assert f"{bad}:9: behaviours.0: unknown behaviour 'shouting'" in capsys.readouterr().err
    assert len(list(out.iterdir())) == 2


def test_letter_command_starts_quickly(tmp_path):
    # Only what the command needs is imported: not MkDocs, not the site builder.
    code = ("import sys; from generator.cli.policy import main; "
            f"main(['letter', 'stage_1_warning_letter', '--case', {str(GOOD)!r}, '--out', "
            f"{str(tmp_path)!r}, '--no-pdf']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'pypandoc')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip().endswith("[]")


@NEEDS_SOFFICE
def test_letter_with_pdf(tmp_path, capsys):
    assert main(["letter", "stage_1_warning_letter", "--case", str(GOOD), "--out",
                 str(tmp_path)]) == 0
    pdf = tmp_path / LETTER.replace(".docx", ".pdf")
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / LETTER), str(pdf)]
    assert pdf.read_bytes().startswith(b"%PDF")


@NEEDS_SOFFICE
def test_libreoffice_converts_every_fill_in_document(tmp_path):
    documents = []
    for source in SOURCES:
        folder = tmp_path / source.name
        documents += render_fill_in(read_policy(source), folder)
    if not documents:
        pytest.skip("no source has letters")
    # One soffice run for all of them; copy into one folder so the names cannot clash.
    flat = tmp_path / "all"
    flat.mkdir()
    inputs = []
    for path in documents:
        inputs.append(flat / f"{path.parent.name}__{path.name}")
        shutil.copy(path, inputs[-1])
    pdfs = to_pdf(inputs, tmp_path / "pdf")
    assert len(pdfs) == len(inputs)
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF"), pdf.name
        assert pdf.stat().st_size > 1000, pdf.name


@NEEDS_SOFFICE
def test_the_kept_converter_is_started_once_and_writes_the_same_pages(tmp_path, monkeypatch):
    """A LibreOffice kept running converts as one started for the run does (same text on
    the same pages), and a second run reuses it rather than starting another."""
    import generator.documents.pdf as pdf

    if not pdf._has_uno() or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno) or pdftotext is not installed")
    home = Path(tempfile.mkdtemp(prefix="pdf"))  # short: a socket's path has a length limit
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home))
    monkeypatch.setattr(pdf, "IDLE", 5.0)  # it stops itself soon after the test
    started = []
    start = pdf._start_converter
    monkeypatch.setattr(pdf, "_start_converter", lambda h: started.append(h) or start(h))
    policy = read_policy(CHESHIRE)
    documents = render_fill_in(policy, tmp_path / "docx")[:2]
    monkeypatch.setenv("POLICY_PDF_SERVER", "on")
    kept = [pdf.to_pdf([document], tmp_path / "kept")[0] for document in documents]
    assert len(started) == 1
    monkeypatch.setenv("POLICY_PDF_SERVER", "off")
    once = pdf.to_pdf(documents, tmp_path / "once")
    for ours, theirs in zip(kept, once, strict=True):
        text = [subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True,
                               check=True).stdout for p in (ours, theirs)]
        assert text[0] == text[1] and b"\f" in text[0], ours.name
    from generator.documents.pdfua import check

    for ours in kept:  # the kept converter exports with the same PDF/UA options
        pdf.reproducible(ours, 0)
        assert check(ours) == [], ours.name
    socket = home / "council-policy-generator" / pdf.PROTOCOL / "0" / "socket"
    deadline = time.monotonic() + 60
    while socket.exists() and time.monotonic() < deadline:  # idle, it stops and says so
        time.sleep(0.2)
    assert not socket.exists()
    shutil.rmtree(home, ignore_errors=True)


def test_a_large_batch_of_pdfs_is_shared_between_libreoffice_processes(tmp_path, monkeypatch):
    """Without a kept converter, each LibreOffice takes a share in a row (none fewer than
    PER_PROCESS documents) and the PDFs come back in the order of the documents; a small
    batch stays in one."""
    import generator.documents.pdf as pdf

    shares = []
    monkeypatch.setenv("POLICY_PDF_SERVER", "off")
    monkeypatch.setattr(pdf, "to_pdf", lambda share, *_: shares.append(share) or [])
    documents = [tmp_path / f"{n:02d}.docx" for n in range(2 * pdf.PER_PROCESS + 1)]
    pdfs = pdf.to_pdf_on(documents, tmp_path, jobs=4)
    assert sorted(shares) == [documents[:pdf.PER_PROCESS + 1], documents[pdf.PER_PROCESS + 1:]]
    assert [p.stem for p in pdfs] == [d.stem for d in documents]
    shares.clear()
    pdf.to_pdf_on(documents[:pdf.PER_PROCESS + 1], tmp_path, jobs=4)
    assert len(shares) == 1


def test_with_kept_converters_each_process_makes_its_letters_whole(tmp_path, monkeypatch):
    """With kept converters, each process of a batch writes a letter and makes its PDF on
    its own converter before it takes the next case: no letter waits for the rest of the
    batch, and no process for another's letters."""
    import os

    import generator.documents.pdf as pdf
    import generator.letters.case_letters as case_letters

    log = tmp_path / "log"  # the workers are forked: they tell by a file
    monkeypatch.setattr(pdf, "soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "kept_converter_allowed", lambda: True)
    write = case_letters.letter_for_case

    def letter_for_case(policy, case, *args):
        with log.open("a") as file:
            file.write(f"{os.getpid()} letter {case.name}\n")
        return write(policy, case, *args)

    def add_pdf(result, out_dir, slot):
        with log.open("a") as file:
            file.write(f"{os.getpid()} pdf {result.case.name} {slot}\n")

    monkeypatch.setattr(case_letters, "letter_for_case", letter_for_case)
    monkeypatch.setattr(case_letters, "add_pdf", add_pdf)
    cases = sorted(_cases(tmp_path / "cases", 6).iterdir())
    results = case_letters.letters_for_cases(read_policy(CHESHIRE), cases,
                                             "stage_1_warning_letter", tmp_path / "out",
                                             jobs=2)
    assert [result.case for result in results] == cases
    by_process: dict[str, list[list[str]]] = {}
    for line in log.read_text().splitlines():
        process, *event = line.split()
        by_process.setdefault(process, []).append(event)
    assert len(by_process) == 2 and str(os.getpid()) not in by_process
    slots = set()
    for events in by_process.values():
        letters, pdfs = events[0::2], events[1::2]
        assert [["letter", case] for _, case, _ in pdfs] == letters  # each PDF in turn
        assert len({slot for *_, slot in pdfs}) == 1  # one converter a process
        slots |= {slot for *_, slot in pdfs}
    assert slots == {"0", "1"}
    assert sorted(case for events in by_process.values() for _, case, *_ in events[1::2]) \
        == [case.name for case in cases]


def test_a_share_goes_to_libreoffice_while_the_rest_of_the_batch_is_written(tmp_path,
                                                                            monkeypatch):
    """Without a kept converter, a batch still being written (its count given) sends
    each share to its LibreOffice as soon as the share is complete, not once the whole
    batch is."""
    import threading

    import generator.documents.pdf as pdf

    converted = threading.Event()
    monkeypatch.setenv("POLICY_PDF_SERVER", "off")
    monkeypatch.setattr(pdf, "to_pdf", lambda share, *_: converted.set() or [])
    documents = [tmp_path / f"{n:02d}.docx" for n in range(2 * pdf.PER_PROCESS)]

    def written():
        yield from documents[:pdf.PER_PROCESS]
        assert converted.wait(10), "the first share waited for the rest of the batch"
        yield from documents[pdf.PER_PROCESS:]

    pdfs = pdf.to_pdf_on(written(), tmp_path, jobs=2, count=len(documents))
    assert [p.stem for p in pdfs] == [d.stem for d in documents]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_process_has_its_converter_started_beside_its_first_letter(tmp_path, monkeypatch,
                                                                         jobs):
    """A batch's converters are started as it begins, while the first letters are written
    (LibreOffice takes a second or two to start), not once a letter waits for its PDF."""
    import os
    import threading

    import generator.documents.pdf as pdf
    import generator.letters.case_letters as case_letters

    log = tmp_path / "log"  # the workers are forked: they tell by a file
    started = threading.Event()  # each forked worker has its own
    monkeypatch.setattr(pdf, "soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "kept_converter_allowed", lambda: True)
    monkeypatch.setattr(pdf, "_converter_home", lambda slot=0: tmp_path / str(slot))
    monkeypatch.setattr(pdf, "_start_converter", lambda home: started.set() or True)
    write = case_letters.letter_for_case

    def letter_for_case(*args):
        with log.open("a") as file:  # waited for: on the old code, it never comes
            file.write(f"{os.getpid()} {started.wait(5)}\n")
        return write(*args)

    monkeypatch.setattr(case_letters, "letter_for_case", letter_for_case)
    monkeypatch.setattr(case_letters, "add_pdf", lambda *_: None)
    cases = sorted(_cases(tmp_path / "cases", 2 * jobs).iterdir())
    case_letters.letters_for_cases(read_policy(CHESHIRE), cases, "stage_1_warning_letter",
                                   tmp_path / "out", jobs=jobs)
    seen = [line.split() for line in log.read_text().splitlines()]
    assert len({process for process, _ in seen}) == jobs
    assert all(was_started == "True" for _, was_started in seen)
