"""Every letter and form of every source, rendered and read back, states the model's facts."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import CHESHIRE, MINIMAL, SOURCES
from docx.enum.text import WD_COLOR_INDEX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cases.case import Case
from generator.letters.documents import (
    document_text,
    paragraphs,
    render,
    render_fill_in,
    template_path,
)
from generator.letters.letter_check import check_letters, sample_case
from generator.letters.letter_context import DEEMED_DELIVERY, letter_context
from generator.source.model import Element, Policy
from generator.source.queries import appeal_for, letter_decision
from generator.source.read import read_policy
from generator.source.workdays import add_period, add_working_days, long_date

ALL = [*SOURCES, MINIMAL]
POLICIES = {source: read_policy(source) for source in [*ALL, CHESHIRE]}
LETTERS = [(source, letter_id) for source in ALL for letter_id in POLICIES[source].letters]


def _render(source: Path, letter_id: str, case: Case | None) -> docx.document.Document:
    policy = POLICIES[source]
    data = render(template_path(policy, letter_id),
                  letter_context(policy, letter_id, case), "t", "a",
                  policy.policy.publication_date.first_day)
    return docx.Document(io.BytesIO(data))


def _appeal(policy: Policy, letter_id: str):
    decision = letter_decision(policy, policy.letters[letter_id])
    return appeal_for(policy, decision)


def _expected(policy: Policy, letter_id: str, case: Case, element: Element) -> list[str]:
    """What the letter must say for an element, worked out from the model and the case."""
    letter = policy.letters[letter_id]
    nation = policy.policy.council.nation
    stage = policy.stages.get(letter.stage or case.stage or "")
    letter_day, decided = case.letter_date.first_day, case.decision_date.first_day
    appeal = _appeal(policy, letter_id)
    if element is Element.reasons:
        return [policy.behaviours[b].name for b in case.behaviours]
    if element is Element.expectations:
        return list(case.expectations)
    if element is Element.measures:
        return [policy.measures[m].name for m in case.measures]
    if element is Element.monitoring_period:
        period = stage.monitoring.default
        return [str(period), long_date(add_period(letter_day, period, nation))]
    if element is Element.duration:
        return [str(stage.monitoring.default if stage.monitoring else stage.max_duration)]
    if element is Element.review_date:
        review = next(r for r in policy.reviews.case_reviews.values() if stage and
                      letter.stage in r.stages)
        due = add_period(decided, review.interval, nation)
        ends = [add_period(letter_day, m.duration, nation) for m in case.measures.values()
                if m.duration]
        return [long_date(min(due, max(ends)) if ends else due)]  # never after they end
    if element is Element.appeal_right:
        return [str(appeal.window), policy.roles[appeal.to].name]
    if element is Element.appeal_deadline:
        start = {"letter": letter_day, "decision": decided,
                 "receipt": add_working_days(letter_day, DEEMED_DELIVERY, nation)}
        deadline = add_working_days(start[appeal.window_from], appeal.window.value, nation)
        return [long_date(deadline)]
    if element is Element.no_appeal:
        return [appeal.reason] if appeal and appeal.reason else []
    if element is Element.ombudsman:
        first = policy.rights.ombudsmen[0]
        return [first.name, *([first.url] if first.url else [])]
    if element is Element.single_point_of_contact:
        return [case.single_point_of_contact.name]
    if element is Element.policy_enclosed:
        return [policy.policy.title]
    if element is Element.potential_outcome:
        return [o.for_customer for o in stage.outcomes]
    if element is Element.decision_maker:
        return [case.decision_maker.name, policy.roles[case.decision_maker.role].name]
    if element is Element.statutory_rights:
        return list(policy.rights.statutory_rights)
    assert element is Element.retention
    return [str(next(s.retention for s in policy.stages.values() if s.retention))]


@pytest.mark.parametrize(("source", "letter_id"), LETTERS,
                         ids=[f"{s.name}-{lid}" for s, lid in LETTERS])
def test_letter_states_every_required_element(source, letter_id):
    policy = POLICIES[source]
    case = sample_case(policy, letter_id)
    text = document_text(_render(source, letter_id, case))
    for element in policy.letters[letter_id].must_state:
        for value in _expected(policy, letter_id, case, element):
            assert value in text, f"{letter_id}: {element} should state {value!r}"
    appeal = _appeal(policy, letter_id)
    if not (appeal and appeal.available):
        assert "You may appeal" not in text
    if "{{" in text or "{%" in text:
        pytest.fail(f"template tags left in {letter_id}")


def test_appeal_council_and_no_appeal_council_share_one_template():
    flintshire = next(s for s in SOURCES if s.name == "flintshire")
    cheshire = CHESHIRE
    assert template_path(POLICIES[flintshire], "managed_contact_decision_letter") == \
        template_path(POLICIES[cheshire], "stage_2_decision_letter")
    policy = POLICIES[flintshire]
    case = sample_case(policy, "managed_contact_decision_letter")
    text = document_text(_render(flintshire, "managed_contact_decision_letter", case))
    # Letter dated Monday 21 December 2026, deemed received two working days later (Wednesday
    # 23rd); 20 working days from then, skipping 25 and 28 December and 1 January in Wales.
    assert "You may appeal within 20 working days of receiving our decision. The last day to " \
           "appeal is 25 January 2027." in text
    assert "Chief Officer Governance" in text
    text = document_text(_render(cheshire, "stage_2_decision_letter",
                                 sample_case(POLICIES[cheshire], "stage_2_decision_letter")))
    assert "There is no right of appeal" in text and "You may appeal" not in text


@pytest.mark.parametrize("source", ALL, ids=lambda p: p.name)
def test_check_letters_passes_for_every_source(source):
    assert check_letters(POLICIES[source], source) == []


@pytest.mark.parametrize("source", ALL, ids=lambda p: p.name)
def test_fill_in_documents_have_highlighted_blanks_and_no_tags(source, tmp_path):
    policy = POLICIES[source]
    paths = render_fill_in(policy, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{lid}.docx" for lid in policy.letters)
    for path in paths:
        document = docx.Document(path)
        text = document_text(document)
        assert "{{" not in text and "{%" not in text, path.name
        assert policy.policy.council.name in text
        letter = policy.letters[path.stem]
        blanks = [run for p in paragraphs(document) for run in p.runs
                  if re.fullmatch(r"\[[^\]]+\]", run.text)]
        assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in blanks), path.name
        if "reference" in letter.case_fields:
            assert "[Reference]" in {run.text for run in blanks}
        if "adjustments" in letter.case_fields:  # printed through a join filter
            assert "[Adjustments considered]" in {run.text for run in blanks}
        for question in letter.questions:
            assert question in text


def test_fill_in_is_byte_for_byte_repeatable(tmp_path):
    first = render_fill_in(POLICIES[SOURCES[0]], tmp_path / "a")
    second = render_fill_in(POLICIES[SOURCES[0]], tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    with zipfile.ZipFile(first[0]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = docx.Document(first[0]).core_properties
    assert properties.created.date() == POLICIES[SOURCES[0]].policy.publication_date.first_day


METACHARACTERS = ["Tom & Jerry <b>", "O'Brien \"Bob\"", "{{ council.name }}", "{% if x %}",
                  "{_{ stray }_}", "Zoë Łukasz 山田 😀", "50% {#}", "]]>&amp;", "\\n"]
safe_text = st.one_of(
    st.sampled_from(METACHARACTERS),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=40),
).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=safe_text, summary=safe_text, expectation=safe_text)
def test_case_values_appear_verbatim(name, summary, expectation):
    source = SOURCES[0]
    policy = POLICIES[source]
    base = sample_case(policy, "stage_1_warning_letter").model_dump(mode="json")
    case = Case.model_validate({
        **base, "customer_name": name, "expectations": [expectation],
        "incidents": [{"date": "2026-12-10", "channel": "email", "summary": summary}],
        "service": summary})
    document = _render(source, "stage_1_warning_letter", case)
    text = document_text(document)
    assert f"Dear {name}" in text
    assert expectation in text.splitlines()
    assert f"to your contact with {summary}" in text


def test_unchanged_fill_ins_come_from_the_cache_and_a_changed_source_does_not(
        tmp_path, monkeypatch, source_copy):
    import generator.letters.documents as documents

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    src = source_copy(MINIMAL)
    first, _ = documents.fill_ins(read_policy(src))
    rendered = []
    real = documents._render_fill_ins
    monkeypatch.setattr(documents, "_render_fill_ins",
                        lambda *args: rendered.append(args) or real(*args))
    assert documents.fill_ins(read_policy(src)) == (first, [])
    assert not rendered
    letters = src / "letters.yaml"
    letters.write_text(letters.read_text().replace("title: Warning letter", "title: Warning"))
    documents.fill_ins(read_policy(src))
    assert rendered
