"""The Welsh Language Standards: a Welsh body's letters say, in its own words, that it welcomes
correspondence in Welsh; `policy check` asks a Welsh body that has not said it."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import docx
import pytest
from conftest import FIXTURES, ROOT

from generator.cases.case import read_case
from generator.letters.documents import case_letter, document_text, render_fill_in
from generator.sites.unsaid import unsaid
from generator.source.errors import SourceError
from generator.source.load import load_source
from generator.source.read import read_policy

FLINTSHIRE = ROOT / "examples" / "flintshire"
CASES = ROOT / "examples" / "cases"
ENGLISH = "Flintshire County Council welcomes letters and emails in Welsh."
WELSH = "Mae Cyngor Sir y Fflint yn croesawu llythyrau a negeseuon e-bost yn Gymraeg."
DAY = dt.date(2026, 9, 2)


def _letter(case_name: str, letter_id: str, source=FLINTSHIRE) -> list[str]:
    policy = read_policy(source)
    case = read_case(CASES / case_name, policy).case
    data = case_letter(policy, letter_id, case, DAY)
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_an_english_letter_carries_the_commitment_before_its_closing():
    lines = _letter("flintshire_warning.yaml", "warning_letter")
    at = next(i for i, line in enumerate(lines) if line.startswith(ENGLISH))
    assert lines[at + 1] == "Yours sincerely"
    assert sum(line.startswith(ENGLISH) for line in lines) == 1


def test_a_bilingual_letter_carries_it_in_each_language_welsh_first():
    lines = _letter("flintshire_bilingual.yaml", "managed_contact_decision_letter")
    welsh = next(i for i, line in enumerate(lines) if line.startswith(WELSH))
    english = next(i for i, line in enumerate(lines) if line.startswith(ENGLISH))
    assert welsh < english
    assert lines[welsh + 1] == "Yn gywir"


def test_every_fill_in_letter_to_a_customer_carries_it_and_staff_notices_do_not(tmp_path):
    policy = read_policy(FLINTSHIRE)
    for path in render_fill_in(policy, tmp_path):
        letter = policy.letters[path.stem]
        text = document_text(docx.Document(path))
        customer_letter = letter.recipient == "customer" and letter.kind == "letter"
        if customer_letter:
            assert ENGLISH in text, path.name
        elif letter.recipient != "customer":
            assert ENGLISH not in text, path.name


def _without_welsh_commitment(source):
    labels = source / "cy" / "labels.yaml"
    labels.write_text("".join(line for line in labels.read_text(encoding="utf-8")
                              .splitlines(keepends=True)
                              if not line.startswith("policy.welsh.correspondence")),
                      encoding="utf-8")


def test_a_welsh_letter_carries_the_welsh_and_is_refused_without_it(tmp_path):
    rhondda = ROOT / "examples" / "rhondda_cynon_taf"
    lines = _letter("rhondda_warning_welsh.yaml", "stage_1_warning_letter", rhondda)
    assert any(line.startswith("Rydym yn croesawu gohebiaeth yn Gymraeg.") for line in lines)
    source = shutil.copytree(rhondda, tmp_path / "rhondda")
    _without_welsh_commitment(source)
    with pytest.raises(SourceError, match=r"policy\.welsh\.correspondence"):
        _letter("rhondda_warning_welsh.yaml", "stage_1_warning_letter", source)


def _notes(source) -> list[str]:
    return [n for n in unsaid(read_policy(source), load_source(source))
            if "policy.welsh.correspondence" in n]


def test_policy_check_asks_a_welsh_body_for_it_and_no_other(tmp_path):
    assert _notes(FLINTSHIRE) == []
    assert _notes(FIXTURES / "minimal") == []  # an English body
    source = shutil.copytree(FLINTSHIRE, tmp_path / "flintshire")
    policy_yaml = source / "policy.yaml"
    text = policy_yaml.read_text(encoding="utf-8")
    start = text.index("  correspondence: >-")
    end = text.index("readability_minimum")
    policy_yaml.write_text(text[:start] + text[end:], encoding="utf-8")
    _without_welsh_commitment(source)
    (note,) = _notes(source)
    assert note.startswith(f"note: {policy_yaml}:") or "policy.yaml:" in note
    assert "add welsh: correspondence: in the body's own words" in note
    lines = _letter("flintshire_warning.yaml", "warning_letter", source)
    assert not any("Welsh" in line for line in lines)  # nothing made up in its place
