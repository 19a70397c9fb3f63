"""Every kind of bad source gives one clear line: FILE:LINE: field: message; what to do."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.cli.policy import main

# (file, text to replace, replacement, expected line, expected error after "FILE:LINE: ")
CASES = [
    ("stages.yaml", "default: 3 months", "default: 0 months", 8,
     "stages.warning.monitoring.default: a period must be more than zero, not '0 months'; "
     "write a positive number, such as '3 months'"),
    ("stages.yaml", "default: 3 months", "default: -2 months", 8,
     "stages.warning.monitoring.default: a period must be more than zero, not '-2 months'; "
     "write a positive number, such as '3 months'"),
    ("stages.yaml", "default: 3 months", "default: three months", 8,
     "stages.warning.monitoring.default: 'three months' is not a period; write a number and a "
     "unit, such as '6 months', '15 working days', '2 weeks', '1 day' or '1 year'"),
    ("stages.yaml", "entry_decision: restriction", "entry_decision: restrictoin", 21,
     "stages.restricted.entry_decision: unknown decision 'restrictoin'; use one of: warning, "
     "restriction, appeal, review"),
    ("measures.yaml", "allowed_at: [restricted]", "allowed_at: [stage_9]", 9,
     "measures.letter_only.allowed_at.0: unknown stage 'stage_9'; use one of: warning, "
     "restricted, dormant"),
    ("decisions.yaml", "taken_by: [monitoring_officer]", "taken_by: [chief_exec]", 10,
     "decisions.appeal.taken_by.0: unknown role 'chief_exec'; use one of: head_of_service, "
     "monitoring_officer, appeals_officer"),
    ("roles.yaml", "appeals_officer:\n", "head_of_service:\n", 7,
     "head_of_service: duplicate key; each id or field may appear once; the first is on line 1"),
    ("stages.yaml", "  monitoring:", "  monitorng:", 7,
     "stages.warning.monitorng: unknown field; check the spelling; allowed here: name, summary, "
     "kind, initial, direct_entry, direct_entry_when, wherever_possible, entry_decision, "
     "letter, monitoring, max_duration, retention, outcomes, notify, for_customer, renew_every"),
    ("policy.yaml", "next_review_date: 2026-04-01", "next_review_date: 2024-04-01", 11,
     "policy.next_review_date: the next review date (1 April 2024) is before the publication "
     "date (1 April 2025); set a review date after publication"),
    ("policy.yaml", "nation: england", "nation: cornwall", 3,
     "policy.council.nation: 'cornwall' is not allowed; input should be 'england', 'wales', "
     "'scotland' or 'northern_ireland'"),
    ("policy.yaml", "status: published", "status: final", 6,
     "policy.status: 'final' is not allowed; input should be 'draft', 'approved' or 'published'"),
    ("policy.yaml", "title: Customer Contact Policy\n", "", 1,
     "policy.title: required field is missing; add it"),
    ("policy.yaml", 'version: "1.0"', 'version: "first"', 5,
     "policy.version: 'first' is not a version; write major.minor, such as '3.0'"),
    ("policy.yaml", 'version: "1.0"', "version: 1.0", 5,
     'policy.version: write the version in quotes, such as "1.0"; unquoted, 3.10 would be '
     "read as 3.1"),
    ("policy.yaml", "publication_date: 2025-04-01", "publication_date: 2025-13-01", 10,
     "policy.publication_date: '2025-13-01' is not a real date (month must be in 1..12); "
     "correct the value"),
    ("prose/overview.md", "{{ stages.warning.monitoring.default }}",
     "{{ stages.warning.monitoring.length }}", 1,
     "prose: unknown fact 'stages.warning.monitoring.length'; known under "
     "stages.warning.monitoring: default, maximum, may_shorten, may_extend"),
    ("prose/overview.md", "{{ stages.warning.monitoring.default }}",
     "{{ stages.warning.monitoring.default }", 1,
     "prose: template error: unexpected '}'; close every {{ }} and {% %} on that line"),
    ("letters.yaml", "appeal_deadline]", "appeal_deadline, review_date]", 8,
     "letters.warning_letter.must_state.3: the letter must state 'review_date' but no case "
     "review covers the letter's stage; remove the element or add what it needs to the source"),
    ("letters.yaml", "address, behaviours]", "address]", 8,
     "letters.warning_letter.must_state.0: the letter must state 'reasons' but case_fields does "
     "not include 'behaviours'; remove the element or add what it needs to the source"),
    ("rights.yaml", "    window: 15 working days\n",
     "    available: false\n    window: 15 working days\n", 5,
     "rights.appeals.warning_appeal.window: a window is given but no appeal is available; "
     "remove window, or set available: true"),
    ("parts.yaml", "prose: procedure.md", "prose: missing.md", 18,
     "parts.b.sections.0.prose: no prose fragment 'missing.md'; create {src}/prose/missing.md"),
    ("roles.yaml", "  kind: statutory_officer", "  kind: statutory_officer\n    extra: 1", 7,
     "malformed YAML: mapping values are not allowed here; fix the indentation or quoting on "
     "that line"),
    ("measures.yaml", "  scopes: [service]", "  scopes: [planet]", 10,
     "measures.letter_only.scopes.0: 'planet' is not allowed; input should be 'officer', "
     "'team', 'service' or 'council'"),
    ("letters.yaml", "signed_by: head_of_service", "signed_by: mayor", 5,
     "letters.warning_letter.signed_by: unknown role 'mayor'; use one of: head_of_service, "
     "monitoring_officer, appeals_officer"),
    ("stages.yaml", "letter: warning_letter", "letter: warning_leter", 6,
     "stages.warning.letter: unknown letter or form 'warning_leter'; use one of: warning_letter"),
    ("protocols.yaml", "part: b", "part: z", 4,
     "protocols.ending_calls.part: unknown part 'z'; use one of: a, b"),
    ("decisions.yaml", "review:\n", "Review Decision:\n", 11,
     "decisions.Review Decision: 'Review Decision' is not a valid id; use lower-case "
     "letters, digits and underscores, starting with a letter"),
    ("behaviours.yaml", "examples: [swearing at staff]", "examples: swearing at staff", 4,
     "behaviours.abuse.examples: the text 'swearing at staff' where a list belongs; see "
     "`policy schema` for the expected shape"),
    ("rights.yaml", "    to: appeals_officer\n", "    to: appeals_officer\n    available: false\n",
     4, "rights.appeals.warning_appeal.window: a window is given but no appeal is available; "
        "remove window, or set available: true"),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "expected"), CASES,
                         ids=[f"{c[0]}:{c[4].split(':')[0]}" for c in CASES])
def test_bad_source_reports_file_line_and_fix(source_copy, capsys, file, old, new, line,
                                              expected):
    src = source_copy(edits=[(file, old, new)])
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    message = expected.replace("{src}", str(src))
    assert f"{src / file}:{line}: {message}" in err.splitlines(), err
    assert "Traceback" not in err


def test_unreachable_stage(source_copy, capsys):
    src = source_copy(edits=[("stages.yaml", "  direct_entry: true\n", ""),
                             ("stages.yaml", "    - kind: escalate\n      to: restricted\n"
                                             '      for_customer: "we may restrict your contact '
                                             'with us"\n', "")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/stages.yaml:14: stages.restricted: stage 'restricted' cannot be reached; "
            "mark it initial or direct_entry, or add an outcome leading to it"
            ) in capsys.readouterr().err.splitlines()


def test_missing_file_and_unknown_file(source_copy, capsys):
    src = source_copy()
    (src / "parts.yaml").unlink()
    (src / "stage.yaml").write_text("x: 1\n")
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{src}/parts.yaml: parts: missing file; create parts.yaml (see the " \
           "documentation, Reference: 'Source format')" in err
    assert any(line.startswith(f"{src}/stage.yaml: stage.yaml: unknown source file; rename it")
               for line in err)


def test_every_problem_is_reported_not_only_the_first(source_copy, capsys):
    src = source_copy(edits=[("letters.yaml", "signed_by: head_of_service", "signed_by: mayor"),
                             ("protocols.yaml", "part: b", "part: z"),
                             ("behaviours.yaml", "examples: [swearing at staff]",
                              "examples: swearing at staff")])
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    # A model error in one file and reference errors in two others, all in one run.
    assert "behaviours.abuse.examples" in err
    assert "letters.warning_letter.signed_by: unknown role 'mayor'" in err
    assert "protocols.ending_calls.part: unknown part 'z'" in err
    assert "3 problems found." in err


def test_missing_folder(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 1
    assert f"{tmp_path / 'nowhere'}: no such folder" in capsys.readouterr().err


def test_command_line_exit_code_and_no_traceback(source_copy):
    src = source_copy(edits=[("policy.yaml", "publication_date: 2025-04-01",
                              "publication_date: 2025-13-01")])
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check", str(src)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{src}/policy.yaml:10: policy.publication_date:" in result.stderr


def test_check_reports_prose_and_letter_problems_in_one_run(source_copy, capsys):
    """A broken fragment does not hide what is wrong with a letter until the next run."""
    src = source_copy(edits=[("prose/overview.md", "", "{{ stages.nowhere.name }}\n\n"),
                             ("letters.yaml", "template: warning_monitoring.docx",
                              "template: warning.docx")])
    assert main(["check", str(src)]) == 1
    err = capsys.readouterr().err
    assert f"{src}/prose/overview.md:1: prose:" in err
    assert "letters.warning_letter.template: template warning.docx: no such template" in err
