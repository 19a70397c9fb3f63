"""`policy check` catches a template edited in Word so that it no longer says what it must."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from generator.cli.policy import main
from generator.letters.documents import paragraphs
from generator.package_data import SHARED_TEMPLATES
from tools.make_templates import TEMPLATES, make_templates


def _own_template(source_copy, edit) -> Path:
    """A copy of the minimal source with its own warning template, changed by ``edit``."""
    src = source_copy(edits=[("policy.yaml", "review_interval: 1 year",
                              "review_interval: 1 year\nletter_templates: templates")])
    (src / "templates").mkdir()
    target = src / "templates" / "warning_monitoring.docx"
    shutil.copy(SHARED_TEMPLATES / "warning_monitoring.docx", target)
    document = docx.Document(target)
    edit(document)
    document.save(target)
    return src


def _delete_paragraph(containing: str):
    def edit(document):
        [paragraph] = [p for p in paragraphs(document) if containing in p.text]
        paragraph._p.getparent().remove(paragraph._p)
    return edit


def test_deleted_appeal_paragraph_names_letter_and_element(source_copy, capsys):
    src = _own_template(source_copy, _delete_paragraph("{{ appeal.right }}"))
    assert main(["check", str(src)]) == 1
    assert (f"{src}/letters.yaml:8: letters.warning_letter.must_state.2: template "
            "warning_monitoring.docx does not state 'appeal_deadline' ({{ appeal.deadline }} is "
            "never printed); put the paragraph back in the template, or remove the element"
            ) in capsys.readouterr().err.splitlines()


def test_deleted_monitoring_paragraph(source_copy, capsys):
    src = _own_template(source_copy, _delete_paragraph("{{ monitoring.said }}"))
    assert main(["check", str(src)]) == 1
    assert (f"{src}/letters.yaml:8: letters.warning_letter.must_state.1: template "
            "warning_monitoring.docx does not state 'monitoring_period' ({{ monitoring.period }} "
            "is never printed); put the paragraph back in the template, or remove the element"
            ) in capsys.readouterr().err.splitlines()


def test_unchanged_own_template_passes(source_copy, capsys):
    src = _own_template(source_copy, lambda document: None)
    assert main(["check", str(src)]) == 0, capsys.readouterr().err


def test_template_naming_an_unknown_variable(source_copy, capsys):
    src = _own_template(source_copy, lambda d: d.add_paragraph("Mayor: {{ mayor.name }}"))
    assert main(["check", str(src)]) == 1
    [line] = [line for line in capsys.readouterr().err.splitlines() if "mayor" in line]
    assert line.startswith(
        f"{src}/letters.yaml:7: letters.warning_letter: template warning_monitoring.docx: the "
        "template uses 'mayor', which the source does not declare; use one of: address, "
        "adjusted, adjustments, appeal,")


def test_template_printing_a_case_field_the_letter_does_not_declare(source_copy, capsys):
    src = _own_template(source_copy, lambda d: d.add_paragraph("{{ adjustments }}"))
    assert main(["check", str(src)]) == 1
    assert (f"{src}/letters.yaml:7: letters.warning_letter: template warning_monitoring.docx: "
            "'adjustments' is not available to this letter: letters.yaml does not list it in the "
            "case_fields of 'warning_letter'; declare it in the source, or print it only inside "
            "{% if ... %}") in capsys.readouterr().err.splitlines()


def test_template_printing_a_fact_the_stage_lacks(source_copy, capsys):
    src = _own_template(source_copy, lambda d: d.add_paragraph("Copied to {{ notify.exit }}"))
    assert main(["check", str(src)]) == 1
    assert (f"{src}/letters.yaml:7: letters.warning_letter: template warning_monitoring.docx: "
            "'notify.exit' is not available to this letter: the stage names no one to tell on "
            "exit; declare it in the source, or print it only inside {% if ... %}"
            ) in capsys.readouterr().err.splitlines()


def test_missing_template(source_copy, capsys):
    src = source_copy(edits=[("letters.yaml", "template: warning_monitoring.docx",
                              "template: warning.docx")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/letters.yaml:7: letters.warning_letter.template: template warning.docx: no "
            "such template; correct template: to name a shared template (the documentation's "
            "'Letters and templates' lists which suits each purpose), or make your own: copy "
            "the closest shared template into your source's templates folder "
            "(letter_templates: in policy.yaml) as warning.docx and reword it in Word"
            ) in capsys.readouterr().err.splitlines()


def test_make_templates_never_overwrites(tmp_path):
    authored = tmp_path / "warning_monitoring.docx"
    authored.write_bytes(b"edited in Word")
    written = make_templates(tmp_path)
    assert authored.read_bytes() == b"edited in Word"
    expected = {*TEMPLATES, "reference.docx"} - {authored.name}  # and the export's reference
    assert sorted(p.name for p in written) == sorted(expected)
    assert make_templates(tmp_path) == []


def test_shared_templates_are_complete_and_use_real_styles():
    assert set(TEMPLATES) <= {p.name for p in SHARED_TEMPLATES.glob("*.docx")}
    assert len(TEMPLATES) == 15
    letter = docx.Document(SHARED_TEMPLATES / "warning_monitoring.docx")
    styles = {p.style.name for p in letter.paragraphs}
    assert {"Recipient Address", "Reference Block", "Salutation", "Heading 1", "Body Text",
            "List Bullet", "Closing", "Signature Name"} <= styles
    address = next(p for p in letter.paragraphs if p.style.name == "Recipient Address")
    assert address._p.pPr.find(docx.oxml.ns.qn("w:framePr")) is not None
    assert letter.sections[0].first_page_header.paragraphs[0].style.name == "Letterhead"
    form = docx.Document(SHARED_TEMPLATES / "business_case.docx")
    details = form.tables[0]  # the others are answer and signature boxes, not data tables
    assert details.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None



def _errors(src: Path, capsys) -> list[str]:
    assert main(["check", str(src)]) == 1
    return [line for line in capsys.readouterr().err.splitlines()
            if not line.startswith(("WARNING", "Part A", "note:")) and "problem" not in line]


def test_a_letter_below_the_floor_of_its_purpose(source_copy, capsys):
    src = source_copy(edits=[("letters.yaml", 'purpose: "warning"',
                              "purpose: restriction_decision")])
    assert _errors(src, capsys) == [
        f"{src}/letters.yaml:11: letters.warning_letter.purpose: a restriction_decision letter "
        "must state 'measures', but case_fields does not include 'measures'; give the fact or "
        "the paragraph it needs, or record why this letter goes without it: floor_exceptions: "
        "{measures: reason}",
        f"{src}/letters.yaml:11: letters.warning_letter.purpose: a restriction_decision letter "
        "must state 'review_date', but no case review covers the letter's stage; give the fact "
        "or the paragraph it needs, or record why this letter goes without it: "
        "floor_exceptions: {review_date: reason}"]


def test_a_reasoned_exception_to_the_floor(source_copy):
    excused = source_copy(edits=[("letters.yaml", 'purpose: "warning"',
                                  "purpose: restriction_decision\n  floor_exceptions:\n"
                                  "    measures: The warning imposes none.\n"
                                  "    review_date: Nothing is reviewed.")])
    assert main(["check", str(excused)]) == 0


def test_customer_wording_is_required_and_said_to_the_customer(source_copy, capsys):
    src = source_copy(edits=[
        ("behaviours.yaml", 'for_customer: "You used abusive words or actions towards our staff."',
         "for_customer: The customer used abusive words."),
        ("stages.yaml", '  for_customer: "We are warning you about your conduct."\n', ""),
        ("letters.yaml", '  subject: "A warning about your conduct"\n', "")])
    assert sorted(_errors(src, capsys)) == [
        f"{src}/behaviours.yaml:5: behaviours.abuse.for_customer: the letter 'warning_letter' "
        "prints this to the customer, but it speaks about them ('customer'); say it to the "
        "customer, as 'you'",
        f"{src}/letters.yaml:1: letters.warning_letter.subject: a letter to the customer has no "
        "subject (its title is for staff); add subject: the heading the customer reads",
        f"{src}/stages.yaml:1: stages.warning.for_customer: no customer wording, which the "
        "letter 'warning_letter' prints; add for_customer: saying it to the customer, as 'you'"]
