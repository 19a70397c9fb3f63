"""Case files: a good one loads; each bad one gives one exact FILE:LINE: field: message; fix."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from conftest import CHESHIRE, FIXTURES

from generator.cases.case import Case, check_for_letter, postcode, printed_address, read_case
from generator.cli.policy import main
from generator.letters.documents import document_text
from generator.source.errors import SourceError
from generator.source.read import read_policy

GOOD = FIXTURES / "cases" / "stage_1.yaml"
POLICY = read_policy(CHESHIRE)
MEASURES = ("contact_agreement, time_limited_contact, limited_calls, one_channel, "
            "no_reply_closed_complaints, single_point_of_contact, email_diversion, "
            "calls_ended_to_webforms, third_party_present, designated_premises, through_advocate")
CASE_FIELDS = ("reference, customer_name, title, given_names, family_name, salutation, "
               "your_reference, address, channels, behaviours, incidents, stage, measures, "
               "decision_date, letter_date, decision_maker, signatories, single_point_of_contact, "
               "adjustments, expectations, service, outcome, appeal, language")

# (text to replace, replacement, line, expected message after "FILE:LINE: ")
BAD = [
    ("[unreasonable_persistence]", "[shouting]", 9,
     "behaviours.0: unknown behaviour 'shouting'; use one of: unacceptable_conduct, "
     "unreasonable_persistence"),
    ("stage: stage_1", "stage: stage_3", 17,
     "stage: unknown stage 'stage_3'; use one of: stage_1, stage_2, dormant"),
    ("  limited_calls:\n", "  email_diversion:\n    parameters: {contact: A, reply_every: 1 month}"
                           "\n  limited_calls:\n", 19,
     "measures.email_diversion: 'Emails diverted to one officer' is not allowed at stage "
     "'stage_1'; it may be used at: stage_2"),
    ("  limited_calls:\n", "  limited_cals:\n", 19,
     f"measures.limited_cals: unknown measure 'limited_cals'; use one of: {MEASURES}"),
    ("      calls: one call a week, on Tuesday mornings\n", "      {}\n", 19,
     "measures.limited_calls: 'Fewer or no telephone calls' needs parameter 'calls' (Calls "
     "accepted); add parameters: {calls: ...}"),
    ("      calls: one call", "      calls_per_week: one\n      calls: one call", 23,
     "measures.limited_calls.parameters.calls_per_week: unknown parameter 'calls_per_week'; use "
     "one of: calls"),
    ("    scope: service\n    duration: 6 months\n    parameters:\n      contact:",
     "    scope: officer\n    duration: 6 months\n    parameters:\n      contact:", 25,
     "measures.single_point_of_contact.scope: 'Single point of contact' may not have scope "
     "'officer'; use team, service or council"),
    ("role: service_director", "role: customer_relations_manager", 31,
     "decision_maker.role: the Customer Relations Manager may not take the decision 'Issue a "
     "stage 1 warning and set a monitoring period'; by the decision matrix it is taken by the "
     "Director of the service affected or Senior Manager (role: service_director, "
     "senior_manager)"),
    ("role: service_director", "role: mayor", 31,
     "decision_maker.role: unknown role 'mayor'; use one of: all_staff, senior_manager, "
     "service_director, customer_relations_team, customer_relations_manager, "
     "director_of_governance, elected_members"),
    ("date: 2026-03-05", "date: 2026-03-12", 14,
     "incidents.1.date: the incident (12 March 2026) is after the decision (10 March 2026); "
     "correct the incident or decision date"),
    ("letter_date: 2026-03-11", "letter_date: 2026-03-09", 30,
     "letter_date: the letter date (9 March 2026) is before the decision (10 March 2026); date "
     "the letter on or after the decision"),
    ("decision_date: 2026-03-10", "decision_date: 2026-03", 29,
     "decision_date: '2026-03' gives no day; write the full date as YYYY-MM-DD"),
    ("decision_date: 2026-03-10", "decision_date: 2026-02-30", 29,
     "decision_date: '2026-02-30' is not a real date (day is out of range for month); correct "
     "the value"),
    ("  - ch1 2ab", "  - Chesterfield", 7,
     "address.2: 'Chesterfield' is not a UK postcode; put the postcode on the last line, such "
     "as SW1A 2AA"),
    ("  - Flat 3, 14", "  - (Flat 3) 14", 5,
     "address.0: the line '(Flat 3) 14 Example Road' starts with '('; no address line may start "
     "with any of @()=[]\"\\/,<>~"),
    ("  - Chester\n", "  - Chester\n" + "  - Cheshire\n" * 5, 4,
     "address: the address has 8 lines; give 2 to 6 lines (3 to 7 with the customer's name, as "
     "GOV.UK Notify requires)"),
    ("customer_name:", "custmer_name:", 3,
     f"custmer_name: unknown field; check the spelling; allowed here: {CASE_FIELDS}"),
    ("reference: CR/2026/0042\n", "", 2, "reference: required field is missing; add it"),
    ("reference: CR/2026/0042", "reference: CR 2026 42", 2,
     "reference: 'CR 2026 42' is not a case reference; use letters, digits and / _ . - only, "
     "such as CR/2026/0042"),
    ("channels: [telephone, email]", "channels: [telephone, fax]", 8,
     "channels.1: 'fax' is not allowed; input should be 'telephone', 'email', 'letter', "
     "'in_person', 'social_media', 'webform' or 'other'"),
    ("address:\n  - Flat 3, 14 Example Road\n  - Chester\n  - ch1 2ab\n", "", 2,
     "address: the letter 'stage_1_warning_letter' needs address; add it to the case file (see "
     "the documentation, Reference: 'Case file')"),
    ("summary: Eleven calls in one morning about a closed complaint.",
     'summary: "Eleven\\a calls"', 13,
     "incidents.0.summary: contains a control character; retype the text without it"),
    ("summary: Eleven calls", "summary: [Eleven calls", 14,
     "malformed YAML: expected ',' or ']', but got ':'; fix the indentation or quoting on that "
     "line"),
    ("service: Highways", "service: Highways\nlanguage: welsh", 39,
     "language: the case asks for a welsh letter but the source has no Welsh; add welsh: to "
     "policy.yaml with its translations in cy/labels.yaml, or set language: english"),
    ("service: Highways", "service: Highways\nlanguage: cymraeg", 39,
     "language: 'cymraeg' is not allowed; input should be 'english', 'welsh' or 'bilingual'"),
    ("decision_maker: {name: Robin Director, role: service_director}",
     "decision_maker: Robin Director", 31,
     "decision_maker: should be a set of fields, not a single value; write name: and role: on "
     "their own lines below it, indented (see the documentation, Reference: 'Case file', or "
     "`policy schema case`)"),
]


def _case(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "case.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "line", "expected"), BAD,
                         ids=[b[3].split(":")[0] + f"-{i}" for i, b in enumerate(BAD)])
def test_bad_case_file(tmp_path, capsys, old, new, line, expected):
    path = _case(tmp_path, old, new)
    code = main(["letter", "stage_1_warning_letter", "--case", str(path), "--out",
                 str(tmp_path / "out"), "--no-pdf"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:{line}: {expected}" in err.splitlines(), err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_good_case_loads_with_printed_postcode():
    loaded = read_case(GOOD, POLICY)
    assert loaded.case.reference == "CR/2026/0042"
    assert printed_address(loaded.case) == ["Flat 3, 14 Example Road", "Chester", "CH1 2AB"]
    assert check_for_letter(POLICY, "stage_1_warning_letter", loaded) == []


def test_case_at_another_stage_than_the_letter(tmp_path):
    loaded = read_case(GOOD, POLICY)
    assert list(map(str, check_for_letter(POLICY, "stage_2_decision_letter", loaded))) == [
        f"{GOOD}:17: stage: the letter 'stage_2_decision_letter' is for stage 'stage_2' but the "
        "case is at 'stage_1'; set stage: stage_2, or use the letter for that stage",
        f"{GOOD}:31: decision_maker.role: the Director of the service affected may not take the "
        "decision 'Place a customer at stage 2 (managed contact)'; by the decision matrix it is "
        "taken by the Director of Governance (role: director_of_governance)",
        f"{GOOD}:31: decision_maker.role: the Director of the service affected may not sign the "
        "letter 'stage_2_decision_letter'; it is signed by the Director of Governance (role: "
        "director_of_governance)"]


def test_every_problem_is_reported_together(tmp_path):
    path = _case(tmp_path, "[unreasonable_persistence]", "[shouting]")
    path.write_text(path.read_text().replace("stage: stage_1", "stage: stage_9"))
    with pytest.raises(SourceError) as caught:
        read_case(path, POLICY)
    assert [p.line for p in caught.value.problems] == [9, 17]


def test_unknown_letter_and_missing_case_file(tmp_path, capsys):
    assert main(["letter", "no_such_letter", "--case", str(GOOD), "--no-pdf", "--out",
                 str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no_such_letter" in err and "use one of: stage_1_warning_letter" in err
    assert main(["letter", "stage_1_warning_letter", "--case", str(tmp_path / "nope.yaml"),
                 "--no-pdf"]) == 1
    assert (f"{tmp_path / 'nope.yaml'}: no such case file; give the path of a case YAML file"
            in capsys.readouterr().err.splitlines())


@pytest.mark.parametrize(("text", "printed"), [
    ("sw1a2aa", "SW1A 2AA"), ("SW1A 2AA", "SW1A 2AA"), ("m1 1ae", "M1 1AE"),
    ("b33 8th", "B33 8TH"), ("cr2 6xh", "CR2 6XH"), ("dn55 1pt", "DN55 1PT"),
    ("gir 0aa", "GIR 0AA"), ("EC1A 1BB", "EC1A 1BB"),
])
def test_postcodes_are_printed_upper_case_with_their_space(text, printed):
    assert postcode(text) == printed


@pytest.mark.parametrize("text", ["SW1A", "12345", "SW1A 2AAA", "QA1 1AA", "W1 1CC", ""])
def test_not_postcodes(text):
    assert postcode(text) is None


def _problems(tmp_path: Path, letter_id: str, old: str = "", new: str = "") -> list[str]:
    return list(map(str, check_for_letter(POLICY, letter_id,
                                          read_case(_case(tmp_path, old, new), POLICY))))


def test_a_signatory_without_the_signing_role_is_refused_with_the_roles_that_may_sign(tmp_path):
    problems = _problems(tmp_path, "stage_1_warning_letter", "service: Highways",
                         "service: Highways\nsignatories:\n  - {name: Pat Officer, role: "
                         "customer_relations_team}")
    assert problems == [
        f"{tmp_path / 'case.yaml'}:40: signatories.0.role: the Customer Relations Team may not "
        "sign the letter 'stage_1_warning_letter'; it is signed by the Director of the service "
        "affected (role: service_director)"]


def test_a_joint_decision_is_signed_by_both(tmp_path):
    old = "role: service_director}"
    one = _problems(tmp_path, "review_outcome_letter", old, "role: customer_relations_manager}")
    assert one == [
        f"{tmp_path / 'case.yaml'}:31: decision_maker: the letter 'review_outcome_letter' reports "
        "a joint decision, so it is signed by the Customer Relations Manager (role: "
        "customer_relations_manager) and the Senior Manager (role: senior_manager); add "
        "signatories: with one person for each of those roles"]
    both = _problems(tmp_path, "review_outcome_letter", old,
                     "role: customer_relations_manager}\nsignatories:\n"
                     "  - {name: Robin Director, role: customer_relations_manager}\n"
                     "  - {name: Dana Senior, role: senior_manager}")
    assert both == []


def test_a_measure_lasts_no_longer_than_the_policy_allows_and_says_how_long(tmp_path):
    src = POLICY.model_copy(update={"measures": {
        **POLICY.measures, "limited_calls": POLICY.measures["limited_calls"].model_copy(
            update={"max_duration": POLICY.measures["limited_calls"].review_interval
                    or read_case(GOOD, POLICY).case.measures["limited_calls"].duration})}})
    loaded = read_case(_case(tmp_path, "    duration: 6 months\n    parameters:\n      calls",
                             "    duration: 1 year\n    parameters:\n      calls"), src)
    assert [str(p) for p in check_for_letter(src, "stage_1_warning_letter", loaded)] == [
        f"{tmp_path / 'case.yaml'}:21: measures.limited_calls.duration: 1 year is longer than the "
        "policy allows for 'Fewer or no telephone calls' (6 months); give at most 6 months"]
    loaded = read_case(_case(tmp_path, "    duration: 6 months\n    parameters:\n      calls",
                             "    parameters:\n      calls"), POLICY)
    assert [str(p) for p in check_for_letter(POLICY, "stage_1_warning_letter", loaded)] == [
        f"{tmp_path / 'case.yaml'}:19: measures.limited_calls: the letter tells the customer "
        "when each measure ends, but this one has no duration; add duration: such as '6 months'"]


def test_names_give_the_usual_salutations():
    def greeting(**fields) -> str | None:
        return Case.model_validate({"reference": "X/1", **fields}).greeting

    assert greeting(title="Ms", given_names="Jordan", family_name="Example") == "Ms Example"
    assert greeting(given_names="Jordan", family_name="Example") == "Jordan Example"
    assert greeting(customer_name="Ms Jordan Example") == "Ms Example"
    assert greeting(customer_name="Jordan Example") == "Jordan Example"
    assert greeting(customer_name="Ms Jordan Example", salutation="Jordan") == "Jordan"


def test_a_scope_narrower_than_the_council_says_who(tmp_path):
    with pytest.raises(SourceError) as refused:
        read_case(_case(tmp_path, "service: Highways\n", ""), POLICY)
    assert f"{tmp_path / 'case.yaml'}:20: measures.limited_calls.scope: the scope service does " \
        "not say which service; add applies_to: naming the service, such as Highways" in \
        map(str, refused.value.problems)


def test_schema_of_case_files(capsys):
    import json

    assert main(["schema", "case"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Case"
    assert {"reference", "title", "family_name", "signatories", "adjustments"} <= set(
        schema["properties"])
    assert schema["required"] == ["reference"]


THIN = FIXTURES / "thin"


def _appeal_case(folder: Path, letter_id: str, **changes) -> Path:
    """The thin fixture's sample case for ``letter_id``: decided on 18 December 2026, its
    appeal received on 22 December, with ``changes`` (None removes a field)."""
    from generator.letters.letter_check import sample_case

    data = sample_case(read_policy(THIN), letter_id).model_dump(mode="json", exclude_none=True)
    data.update(decision_date="2026-12-18", letter_date="2026-12-23")
    data["appeal"] = {**data["appeal"], "received": "2026-12-22"}
    data["appeal"].pop("decided")
    for name, value in changes.items():
        target = data["appeal"] if name == "decided" else data
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    folder.mkdir(exist_ok=True)
    path = folder / f"{letter_id}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _letter(case: Path, letter_id: str, out: Path) -> int:
    return main(["letter", letter_id, "--case", str(case), "--source", str(THIN), "--out",
                 str(out), "--no-pdf"])


def test_an_appeal_is_never_said_to_be_decided_before_it_came_in(tmp_path, capsys):
    """Without the appeal's own decided day, the outcome letter would give the decision
    appealed against's day: refused, saying what to add; with it, that day is given."""
    case = _appeal_case(tmp_path / "cases", "appeal_result")
    assert _letter(case, "appeal_result", tmp_path / "out") == 1
    assert f"{case}:9: appeal.decided: the letter would say the appeal was decided on 18 " \
           "December 2026 (the decision_date), before it was received (22 December 2026); add " \
           "decided: to the appeal, the day it was decided, as YYYY-MM-DD" in \
           capsys.readouterr().err.splitlines()
    assert not (tmp_path / "out").exists()
    case = _appeal_case(tmp_path / "cases", "appeal_result", decided="2026-12-23")
    assert _letter(case, "appeal_result", tmp_path / "out") == 0
    [letter] = (tmp_path / "out").glob("*.docx")
    text = document_text(docx.Document(str(letter)))
    assert "on 23 December 2026" in text and "18 December 2026" not in text


def test_an_appeal_s_letters_are_not_dated_before_it_came_in(tmp_path, capsys):
    for letter_id in ("appeal_received", "appeal_result"):
        case = _appeal_case(tmp_path / "cases", letter_id, decided="2026-12-22",
                            letter_date="2026-12-21")
        assert _letter(case, letter_id, tmp_path / "out") == 1
        assert "letter_date: the letter date (21 December 2026) is before the appeal was " \
               "received (22 December 2026); date the letter on or after the day the appeal " \
               "was received" in capsys.readouterr().err
    case = _appeal_case(tmp_path / "cases", "appeal_received", letter_date=None)
    assert _letter(case, "appeal_received", tmp_path / "out") == 1  # dated by the decision
    assert "the letter date (18 December 2026) is before the appeal" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_appeal_outcome_without_a_letter_date_carries_the_appeal_s_day(tmp_path):
    """The day the letter prints, its files are dated by and the register keeps."""
    import datetime as dt

    from generator.letters.case_letters import letter_for_case

    case = _appeal_case(tmp_path / "cases", "appeal_result", decided="2026-12-23",
                        letter_date=None)
    written = letter_for_case(read_policy(THIN), case, "appeal_result", tmp_path / "out", False)
    assert not written.problems and written.day == dt.date(2026, 12, 23)
    text = document_text(docx.Document(str(written.files[0])))
    assert "23 December 2026" in text and "18 December 2026" not in text
