"""Customer wording is needed only where a letter the source defines prints the text, and
the problem names that letter; `policy upgrade` lists what still needs the owner's words;
the third-person check reads statutory rights' "their" and leaves "other customers" be."""

from __future__ import annotations

import shutil

import docx

from generator.cli.policy import main
from generator.letters.documents import paragraphs
from generator.package_data import SHARED_TEMPLATES

STAGE_WORDING = '  for_customer: "We are warning you about your conduct."\n'
OPENING = "We are writing to you under our"


def own_template_without_stage_wording(source_copy, edits=()):
    """The minimal source with its own warning template, whose opening paragraph no longer
    prints the stage's customer wording."""
    src = source_copy(edits=[("policy.yaml", "review_interval: 1 year",
                              "review_interval: 1 year\nletter_templates: templates"), *edits])
    (src / "templates").mkdir()
    target = src / "templates" / "warning_monitoring.docx"
    shutil.copy(SHARED_TEMPLATES / "warning_monitoring.docx", target)
    document = docx.Document(target)
    [opening] = [p for p in paragraphs(document) if p.text.startswith(OPENING)]
    for run in opening.runs[1:]:
        run.text = ""
    opening.runs[0].text = "We are writing to you under our {{ policy.title }}."
    document.save(target)
    return src


def test_a_text_no_letter_prints_needs_no_customer_wording(source_copy, capsys):
    src = own_template_without_stage_wording(source_copy, [("stages.yaml", STAGE_WORDING, "")])
    assert main(["check", str(src)]) == 0, capsys.readouterr().err


def test_a_text_a_letter_prints_needs_it_and_the_problem_names_the_letter(source_copy, capsys):
    src = source_copy(edits=[("stages.yaml", STAGE_WORDING, "")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/stages.yaml:1: stages.warning.for_customer: no customer wording, which the "
            "letter 'warning_letter' prints; add for_customer: saying it to the customer, as "
            "'you'") in capsys.readouterr().err.splitlines()


def test_their_in_a_statutory_right_is_about_the_customer(source_copy, capsys):
    src = source_copy(edits=[
        ("letters.yaml", "must_state: [reasons, monitoring_period, appeal_deadline]",
         "must_state: [reasons, monitoring_period, appeal_deadline, statutory_rights]"),
        ("rights.yaml", "to receive services the law entitles them to",
         "to contact their local councillor")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/rights.yaml:13: rights.statutory_rights.0: the letter 'warning_letter' "
            "prints this to the customer, but it speaks about them ('their'); say it to the "
            "customer, as 'you'") in capsys.readouterr().err.splitlines()


def test_other_customers_are_not_the_reader(source_copy, capsys):
    src = source_copy(edits=[(
        "behaviours.yaml", 'for_customer: "You used abusive words or actions towards our staff."',
        'for_customer: "You used abusive words towards our staff and other customers."')])
    assert main(["check", str(src)]) == 0, capsys.readouterr().err


def test_upgrade_writes_a_checklist_of_what_needs_the_owner_s_words(source_copy, capsys):
    src = source_copy(edits=[
        ("stages.yaml", STAGE_WORDING, ""),
        ("behaviours.yaml", 'for_customer: "You used abusive words or actions towards our staff."',
         "for_customer: The customer used abusive words.")])
    assert main(["upgrade", str(src)]) == 0
    out = capsys.readouterr().out
    checklist = src / "wording-checklist.md"
    assert f"wrote {checklist}: texts the letters print that still need your words" in out
    rows = [r for r in checklist.read_text().splitlines() if r.startswith("- [ ]")]
    assert rows == [
        "- [ ] behaviours.yaml:5: `behaviours.abuse.for_customer`: the letter 'warning_letter' "
        "prints this to the customer, but it speaks about them ('customer'); say it to the "
        "customer, as 'you'",
        "- [ ] stages.yaml:1: `stages.warning.for_customer`: no customer wording, which the "
        "letter 'warning_letter' prints; add for_customer: saying it to the customer, as 'you'"]
    # once the words are written, the list goes
    for name, old, new in (
            ("stages.yaml", "  initial: true\n", "  initial: true\n" + STAGE_WORDING),
            ("behaviours.yaml", "The customer used", "You used")):
        path = src / name
        path.write_text(path.read_text().replace(old, new, 1))
    assert main(["upgrade", str(src)]) == 0
    assert not checklist.exists()
