"""Welsh and bilingual letters: Welsh wording, periods and dates from the model, both
languages in the order the source sets, and no letter or build with a missing translation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
import yaml
from conftest import FIXTURES
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from generator.cli.policy import main
from generator.languages import welsh_words
from generator.letters.documents import ENVIRONMENT, document_text, paragraphs
from generator.letters.letter_check import check_letters
from generator.letters.welsh_letters import welsh
from generator.package_data import SHARED_TEMPLATES
from generator.sites.build import build
from generator.source.errors import SourceError
from generator.source.model import Nation
from generator.source.read import read_policy
from generator.source.workdays import add_working_days
from tools.make_templates import TEMPLATES, make_templates

WELSH = FIXTURES / "welsh"
AS_OF = dt.date(2025, 6, 1)
#: A made-up case for the Welsh fixture. No real person.
CASE = {"reference": "T/2025/7", "customer_name": "Ms Jordan Example",
        "address": ["1 Example Road", "Exampleton", "ex1 1aa"], "behaviours": ["abuse"],
        "stage": "warning", "decision_date": "2025-12-18",
        "signatories": [{"name": "Sam Signer", "role": "head_of_service"}]}
APPEAL_LETTER = """
appeal_outcome_letter:
  kind: letter
  title: Appeal outcome
  when: An appeal is decided.
  decision: appeal
  template: appeal_outcome.docx
  must_state: [decision_maker]
  case_fields: [reference, customer_name, address, decision_maker, decision_date]
"""


def write_letter(source: Path, tmp_path: Path, letter_id: str = "warning_letter",
                 **fields) -> tuple[int, Path]:
    """Write the case (CASE with ``fields``) to a file, run `policy letter`; the exit code
    and the letter's path."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump({**CASE, **fields}, allow_unicode=True), encoding="utf-8")
    code = main(["letter", letter_id, "--case", str(case), "--source", str(source), "--out",
                 str(tmp_path / "out"), "--no-pdf"])
    return code, tmp_path / "out" / f"T-2025-7_{letter_id}.docx"


def text_of(path: Path) -> str:
    return document_text(docx.Document(str(path)))


def test_welsh_letter_states_welsh_period_and_dates(source_copy, tmp_path, capsys):
    src = source_copy(WELSH, [("policy.yaml", "nation: england", "nation: wales")])
    code, path = write_letter(src, tmp_path, language="welsh")
    assert code == 0, capsys.readouterr().err
    text = text_of(path)
    policy = read_policy(src)
    appeal = policy.rights.appeals["warning_appeal"]
    # Thursday 18 December 2025; 15 working days skip Christmas Day, Boxing Day and New
    # Year's Day, bank holidays in Wales, so the last day to appeal is 13 January 2026.
    deadline = add_working_days(dt.date(2025, 12, 18), appeal.window.value, Nation.wales)
    assert deadline == dt.date(2026, 1, 13)
    assert (f"o fewn {welsh_words.period(appeal.window)} i ddyddiad ein llythyr. Y diwrnod "
            f"olaf i apelio yw {welsh_words.date(deadline)}.") in text
    assert "o fewn 15 diwrnod gwaith i ddyddiad ein llythyr. Y diwrnod olaf i apelio yw 13 " \
        "Ionawr 2026." in text
    assert "Dyddiad: 18 Rhagfyr 2025" in text
    assert "am 3 mis, tan 18 Mawrth 2026." in text
    assert ("Cam-drin: Gwnaethoch ddefnyddio geiriau neu weithredoedd camdriniol tuag at ein "
            "staff.") in text  # the customer wording, in Welsh
    assert "Anfonwch hi at: Swyddog Apeliadau." in text
    assert "Sam Signer\nPennaeth Gwasanaeth\nCyngor Swydd Prawf" in text
    for english in ("Dear", "appeal", "December", "working days", "Testshire"):
        assert english not in text
    assert "⟦" not in text and "{{" not in text
    document = docx.Document(str(path))
    assert document.core_properties.language == "cy"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "cy"


@pytest.mark.parametrize(("order", "first", "second"), [
    ("welsh_first", ("cy", "Annwyl"), ("en-GB", "Dear")),
    ("english_first", ("en-GB", "Dear"), ("cy", "Annwyl")),
])
def test_bilingual_letter_has_both_versions_in_order(source_copy, tmp_path, capsys, order,
                                                    first, second):
    src = source_copy(WELSH, [("policy.yaml", "sites: [public]",
                               f"sites: [public]\n  bilingual: {order}")])
    code, path = write_letter(src, tmp_path, language="bilingual")
    assert code == 0, capsys.readouterr().err
    document = docx.Document(str(path))
    body = [p.text for p in document.paragraphs]
    assert body.index(f"{first[1]} Ms Example") < body.index(f"{second[1]} Ms Example")
    text = document_text(document)
    assert "apelio yw 13 Ionawr 2026" in text and "appeal is 13 January 2026" in text
    assert document.core_properties.language == first[0]
    assert document.core_properties.title in ("Llythyr rhybudd / Warning letter",
                                              "Warning letter / Llythyr rhybudd")
    # Two sections: the second version starts on a new page, under its own letterhead.
    sections = document.sections
    assert len(sections) == 2
    assert sections[1]._sectPr.find(qn("w:type")) is None  # the default: a new page
    letterheads = [s.first_page_header.paragraphs[0].text for s in sections]
    council = {"cy": "Cyngor Swydd Prawf", "en-GB": "Testshire Council"}
    assert letterheads == [council[first[0]], council[second[0]]]
    # Every run of the second version says which language it is in.
    start = body.index(f"{second[1]} Ms Example")
    runs = [run for p in document.paragraphs[start:] for run in p.runs if run.text.strip()]
    assert runs and {run._r.rPr.find(qn("w:lang")).get(qn("w:val")) for run in runs} == {
        second[0]}


def test_bilingual_letter_is_byte_for_byte_repeatable(tmp_path, capsys):
    first = write_letter(WELSH, tmp_path / "a", language="bilingual")
    second = write_letter(WELSH, tmp_path / "b", language="bilingual")
    assert first[0] == second[0] == 0, capsys.readouterr().err
    assert first[1].read_bytes() == second[1].read_bytes()


def test_appeal_outcome_named_in_each_language(source_copy, tmp_path, capsys):
    src = source_copy(WELSH)
    with (src / "letters.yaml").open("a", encoding="utf-8") as letters:
        letters.write(APPEAL_LETTER)
    with (src / "cy" / "labels.yaml").open("a", encoding="utf-8") as labels:
        labels.write("letters.appeal_outcome_letter.title: Canlyniad apêl\n"
                     "rights.appeals.warning_appeal.outcomes.0: wedi’i chadarnhau\n"
                     "rights.appeals.warning_appeal.outcomes.1: heb ei chadarnhau\n")
    code, path = write_letter(
        src, tmp_path, "appeal_outcome_letter", language="bilingual", letter_date="2026-01-20",
        decision_maker={"name": "Robin Officer", "role": "monitoring_officer"},
        signatories=[{"name": "Robin Officer", "role": "monitoring_officer"}],
        appeal={"received": "2025-12-22", "outcome": "not upheld", "reasons": "Fy rhesymau."})
    assert code == 0, capsys.readouterr().err
    text = text_of(path)
    assert "Canlyniad eich apêl: heb ei chadarnhau." in text
    assert "The outcome of your appeal: not upheld." in text
    assert "a gawsom ar 22 Rhagfyr 2025" in text
    assert "Penderfynwyd ar eich apêl gan Robin Officer, Swyddog Monitro, ar 18 Rhagfyr 2025." \
        in text
    assert text.count("Fy rhesymau.") == 2  # the officer's words, as typed, in both


def test_missing_welsh_label_is_listed_by_id_and_stops_letter_and_build(source_copy, tmp_path,
                                                                       capsys):
    src = source_copy(WELSH, [("cy/labels.yaml", 'letters.warning_letter.subject: "Rhybudd am '
                                                 'eich ymddygiad"\n', ""),
                              ("cy/labels.yaml", "behaviours.abuse.name: Cam-drin\n", "")])
    assert main(["check", str(src), "--as-of", AS_OF.isoformat()]) == 1
    err = capsys.readouterr().err.splitlines()
    for key in ("letters.warning_letter.subject", "behaviours.abuse.name"):
        assert (f"{src}/cy/labels.yaml: {key}: no Welsh translation; add `{key}: ...` to "
                "cy/labels.yaml") in err
    code, path = write_letter(src, tmp_path, language="bilingual")
    assert code == 1 and not path.exists()
    assert (f"{src}/cy/labels.yaml: letters.warning_letter.subject: no Welsh translation; add "
            "`letters.warning_letter.subject: ...` to cy/labels.yaml") in capsys.readouterr().err
    assert write_letter(src, tmp_path, language="english")[0] == 0
    with pytest.raises(SourceError) as failed:
        build(src, tmp_path / "site", pdf=False, as_of=AS_OF)
    assert {p.field for p in failed.value.problems} >= {"letters.warning_letter.subject",
                                                        "behaviours.abuse.name"}
    assert not (tmp_path / "site").exists()


def test_welsh_asked_of_a_source_without_welsh_letters(source_copy, tmp_path, capsys):
    src = source_copy(WELSH, [("policy.yaml", "sites: [public]", "sites: [public]\n  "
                                                                 "letters: false")])
    code, _ = write_letter(src, tmp_path, language="welsh")
    assert code == 1
    lines = (tmp_path / "case.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("language:"))
    assert (f"{tmp_path}/case.yaml:{line}: language: the case asks for a welsh letter but the "
            "source does not offer Welsh letters (welsh: letters: false); set letters: true "
            "under welsh: in policy.yaml, or set language: english") in capsys.readouterr().err


def test_welsh_fixture_letters_pass_the_check_and_fill_in_in_welsh(tmp_path):
    from generator.letters.documents import render_fill_in

    policy = read_policy(WELSH)
    assert check_letters(policy, WELSH) == []
    [path] = render_fill_in(welsh(policy), tmp_path)
    document = docx.Document(str(path))
    text = document_text(document)
    assert document.core_properties.language == "cy"
    assert "⟦" not in text and "{{" not in text and "{%" not in text
    assert "Annwyl [Enw’r cwsmer]" in text
    assert ("o fewn 15 diwrnod gwaith i ddyddiad ein llythyr. Y diwrnod olaf i apelio yw [y "
            "dyddiad 15 diwrnod gwaith ar ôl dyddiad y llythyr].") in text
    blanks = [run for p in paragraphs(document) for run in p.runs
              if run.text.startswith("[") and run.text.endswith("]")]
    assert {run.text for run in blanks} >= {"[Cyfeirnod]", "[Enw’r cwsmer]", "[Ymddygiad]"}
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in blanks)


def test_deleted_paragraph_of_a_welsh_template(source_copy, capsys):
    src = source_copy(WELSH, [("policy.yaml", "review_interval: 1 year",
                               "review_interval: 1 year\nletter_templates: templates")])
    (src / "templates" / "cy").mkdir(parents=True)
    target = src / "templates" / "cy" / "warning_monitoring.docx"
    document = docx.Document(str(SHARED_TEMPLATES / "cy" / "warning_monitoring.docx"))
    [paragraph] = [p for p in paragraphs(document) if "{{ appeal.right }}" in p.text]
    paragraph._p.getparent().remove(paragraph._p)
    document.save(str(target))
    assert main(["check", str(src), "--as-of", AS_OF.isoformat()]) == 1
    assert (f"{src}/letters.yaml:8: letters.warning_letter.must_state.2: template "
            "cy/warning_monitoring.docx does not state 'appeal_deadline' ({{ appeal.deadline }} "
            "is never printed); put the paragraph back in the template, or remove the element"
            ) in capsys.readouterr().err.splitlines()


def test_welsh_intranet_offers_the_welsh_fill_ins(welsh_intranet_source, tmp_path):
    build(welsh_intranet_source, tmp_path / "site", pdf=False, as_of=AS_OF)
    letter = tmp_path / "site" / "internal" / "cy" / "downloads" / "warning_letter.docx"
    assert docx.Document(str(letter)).core_properties.language == "cy"
    assert "Annwyl [Enw’r cwsmer]" in text_of(letter)
    assert "downloads/warning_letter.docx" in (
        tmp_path / "site" / "internal" / "cy" / "letters.html").read_text()
    english = tmp_path / "site" / "internal" / "downloads" / "warning_letter.docx"
    assert "Dear [Customer name]" in text_of(english)
    assert not (tmp_path / "site" / "public" / "cy" / "downloads" / "warning_letter.docx").exists()


@pytest.mark.parametrize("name", TEMPLATES)
def test_welsh_template_uses_the_english_templates_variables(name):
    def names(path: Path) -> set[str]:
        return DocxTemplate(str(path)).get_undeclared_template_variables(ENVIRONMENT)

    welsh_template = SHARED_TEMPLATES / "cy" / name
    assert names(welsh_template) == names(SHARED_TEMPLATES / name)
    document = docx.Document(str(welsh_template))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "cy"


def test_make_templates_writes_only_missing_welsh_templates(tmp_path):
    authored = tmp_path / "warning_monitoring.docx"
    authored.write_bytes(b"edited in Word")
    written = make_templates(tmp_path, "cy")
    assert authored.read_bytes() == b"edited in Word"
    assert sorted(p.name for p in written) == sorted(set(TEMPLATES) - {authored.name})
    assert make_templates(tmp_path, "cy") == []
    built = docx.Document(str(tmp_path / "sanctions.docx"))
    assert "Yn gywir" in [p.text for p in built.paragraphs]


def test_the_documented_flintshire_case_gives_a_bilingual_letter(tmp_path):
    """The sample case in examples/cases works as the README says."""
    from conftest import ROOT

    assert main(["letter", "managed_contact_decision_letter", "--case",
                 str(ROOT / "examples" / "cases" / "flintshire_bilingual.yaml"), "--source",
                 str(ROOT / "examples" / "flintshire"), "--out", str(tmp_path), "--no-pdf"]) == 0
    document = docx.Document(str(tmp_path / "CC-2026-0107_managed_contact_decision_letter.docx"))
    text = [p.text for p in document.paragraphs]
    welsh, english = text.index("Ein penderfyniad i reoli sut rydych yn cysylltu â ni"), \
        text.index("Our decision to manage how you contact us")
    assert welsh < english
    assert any("o fewn 20 diwrnod gwaith" in line and "23 Rhagfyr 2026" in line for line in text)
    assert any("within 20 working days" in line and "23 December 2026" in line for line in text)
