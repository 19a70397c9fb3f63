"""What letters and forms print for a case: adjustments, incidents and who signs, in words."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest
import yaml
from conftest import CHESHIRE, NEEDS_SOFFICE, ROOT

from generator.cases.case import read_case
from generator.documents.pdf import to_pdf
from generator.letters.documents import case_letter, document_text
from generator.source.read import read_policy

FLINTSHIRE = ROOT / "examples" / "flintshire"
WARNING = ROOT / "examples" / "cases" / "flintshire_warning.yaml"


def _text(tmp_path, letter_id: str, **changes) -> str:
    data = yaml.safe_load(WARNING.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    policy = read_policy(FLINTSHIRE)
    case = read_case(path, policy).case
    data = case_letter(policy, letter_id, case, dt.date(2026, 3, 4))
    return document_text(docx.Document(io.BytesIO(data)))


def test_the_referral_form_lists_adjustments_in_words(tmp_path):
    text = _text(tmp_path, "chief_officer_referral_form", adjustments=[
        {"kind": "other", "details": "An interpreter at meetings."},
        {"kind": "another_language", "details": "Polish"}, {"kind": "large_print"}])
    assert "An interpreter at meetings.; letters in another language: Polish; letters in " \
        "large print" in text
    assert "AdjustmentKind" not in text and "details=" not in text


def test_an_incident_line_names_the_way_of_contact_without_by(tmp_path):
    text = _text(tmp_path, "warning_letter")
    assert "3 March 2026 (in person): Shouted at reception staff at County Hall." in text
    assert "by in person" not in text


def test_a_signatory_is_signed_with_their_own_job_title(tmp_path):
    plain = _text(tmp_path, "warning_letter")
    role = read_policy(FLINTSHIRE).roles["team_leader_manager"].name
    assert f"Taylor Leader\n{role}" in plain
    titled = _text(tmp_path, "warning_letter", decision_maker={
        "name": "Taylor Leader", "role": "team_leader_manager",
        "job_title": "Customer Services Team Leader"})
    assert "Taylor Leader\nCustomer Services Team Leader" in titled
    assert f"Taylor Leader\n{role}" not in titled


@NEEDS_SOFFICE
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_a_large_print_reference_block_keeps_each_value_on_its_line(tmp_path):
    case = ROOT / "examples" / "cases" / "cheshire_stage_1_large_print.yaml"
    policy = read_policy(CHESHIRE)
    data = case_letter(policy, "stage_1_warning_letter", read_case(case, policy).case,
                       dt.date(2026, 4, 9))
    (tmp_path / "letter.docx").write_bytes(data)
    (pdf,) = to_pdf([tmp_path / "letter.docx"], tmp_path)
    lines = [line.strip() for line in subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
        text=True, check=True).stdout.splitlines()]
    assert "Email: pat.officer@example.org" in lines
    assert "Please ask for: Pat Officer" in lines
    assert lines.index("Date: 9 April 2026") < next(
        i for i, line in enumerate(lines) if line.startswith("Dear "))


def _review(tmp_path, outcome: str) -> str:
    data = yaml.safe_load((ROOT / "examples" / "cases" / "cheshire_review_joint.yaml")
                          .read_text(encoding="utf-8"))
    data["outcome"] = outcome
    path = tmp_path / f"{outcome}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    policy = read_policy(CHESHIRE)
    letter = case_letter(policy, "review_outcome_letter",
                         read_case(path, policy).case, dt.date(2026, 9, 9))
    return document_text(docx.Document(io.BytesIO(letter)))


def test_a_review_outcome_says_which_arrangements_continue_until_when_and_whom_to_ask(
        tmp_path):
    text = _review(tmp_path, "continue")
    assert "The arrangements will continue as they are." in text
    assert "Fewer or no telephone calls:" in text
    assert "ends on 9 March 2027" in text
    # whom to ask: the letter's own contact (never "you can still contact us through" the
    # signatory, a default no policy states; see statements.contact)
    assert "If you have any questions about this letter, please contact Chris Manager" in text


def test_a_review_that_closes_the_case_lists_no_arrangements(tmp_path):
    text = _review(tmp_path, "close")
    assert "The arrangements have ended and your case is closed." in text
    assert "These arrangements apply" not in text and "Fewer or no telephone" not in text


@NEEDS_SOFFICE
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_a_forms_signature_boxes_never_stand_alone_on_a_page(tmp_path):
    from generator.letters.documents import render_fill_in

    policy = read_policy(FLINTSHIRE)
    forms = [path for path in render_fill_in(policy, tmp_path)
             if policy.letters[path.stem].kind == "form"]
    for pdf in to_pdf(forms, tmp_path / "pdf"):
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")
        signing = next(page for page in pages if "Job title" in page)
        last_question = policy.letters[pdf.stem].questions[-1]
        assert " ".join(last_question.split()[:4]) in " ".join(signing.split()), pdf.name


def test_policy_check_notes_a_form_question_the_case_details_already_answer(source_copy):
    from generator.letters.letter_check import asked_again
    from generator.source.read import read_source

    district = ROOT / "examples" / "district_council_2014"
    for source in (district, ROOT / "policy_src", FLINTSHIRE):
        assert asked_again(*read_source(source)) == []
    again = source_copy(district, [(
        "letters.yaml", "- How many times has the customer made contact?",
        "- What conduct has the customer shown?\n    - Which reasonable adjustments were "
        "considered?\n    - Why is this conduct a concern?")])
    notes = asked_again(*read_source(again))
    assert len(notes) == 1 and "'What conduct has the customer shown?' asks what the form's " \
        "case details already give (Conduct)" in notes[0]
