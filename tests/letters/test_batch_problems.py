"""A batch of letters with one bad case and one good one: the bad case is reported, the good
one written, on a pool of worker processes (each problem travels back to the parent)."""

from __future__ import annotations

import pickle

from conftest import CHESHIRE, FIXTURES

from generator.letters.case_letters import letters_for_cases
from generator.source.errors import Name, Said
from generator.source.read import read_policy

GOOD = FIXTURES / "cases" / "stage_1.yaml"


def test_a_problem_naming_a_policy_thing_survives_pickling():
    said = Said("the %(role)s may not take it", role=Name("Service Director",
                                                          "roles.service_director.name"))
    back = pickle.loads(pickle.dumps(said))
    assert back == said and back.id == said.id
    assert back.values["role"].path == "roles.service_director.name"


def test_one_bad_case_is_reported_and_the_good_one_written_by_the_pool(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    text = GOOD.read_text(encoding="utf-8")
    (cases / "a_good.yaml").write_text(text, encoding="utf-8")
    (cases / "b_bad.yaml").write_text(  # a role that exists but may not take this decision
        text.replace("CR/2026/0042", "CR/2026/0043").replace("role: service_director",
                                                               "role: all_staff"),
        encoding="utf-8")
    results = letters_for_cases(read_policy(CHESHIRE), sorted(cases.iterdir()), None,
                                tmp_path / "out", pdf=False, jobs=2)
    good, bad = results
    assert good.files and not good.problems
    assert not bad.files
    assert any("may not take the decision" in p.message for p in bad.problems)
