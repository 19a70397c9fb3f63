"""Reviews due against dates worked out by hand for each example source and fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from register_cases import D, record

from generator.register.due import case_dates, parse_within, reviews_due
from generator.source.errors import Name, Said
from generator.source.read import read_policy
from generator.source.values import Duration
from generator.statements import measures as measure_words
from generator.statements import reviews as review_words

ROOT = Path(__file__).resolve().parents[2]


def policy(name: str):
    folder = ROOT / "examples" / name
    return read_policy(folder if folder.is_dir() else ROOT / "tests" / "fixtures" / name)


def dates(policy_model, rec) -> dict[str, str]:
    return {item.rule: item.due.isoformat() for item in case_dates(policy_model, rec)}


NAME = {"given_names": "Alex", "family_name": "Testperson", "title": "Mx"}


def test_district_monitoring_review_and_end():
    district = policy("district_council_2014")
    rec = record("D/1", "2026-03-10", stage="monitoring", decision_date="2026-03-10",
                 letter_date="2026-03-11", **NAME)
    assert dates(district, rec) == {
        # 3 months from entry (the decision, 10 March): 10 June 2026
        "reviews.case_reviews.end_of_monitoring": "2026-06-10",
        # 3 months from the letter date, 11 March: 11 June 2026
        "stages.monitoring.monitoring.default": "2026-06-11",
    }
    due = reviews_due(district, [rec], D("2026-06-01"), parse_within("30d"))
    assert [i.due.isoformat() for i in due.items] == ["2026-06-10", "2026-06-11"]
    assert not reviews_due(district, [rec], D("2026-06-01")).items


def test_district_sanction_lapses_back_to_monitoring_and_sets_no_review():
    district = policy("district_council_2014")
    rec = record("D/2", "2026-04-01", stage="sanctions", decision_date="2026-04-01",
                 measures={"no_contact_period": {"starts": "2026-04-01", "duration": "2 months",
                                                 "parameters": {"period": "two months"}}},
                 **NAME)
    items = case_dates(district, rec)
    # 1 April 2026 + 2 months: 1 June 2026
    assert [(i.rule, i.due.isoformat()) for i in items] == [
        # its end letter: the sanctions stage has none of its own (the district's letter
        # ending monitoring is for the stage monitoring_ended), so the item says so
        ("letters", "2026-06-01"),
        ("case.measures.no_contact_period.duration", "2026-06-01")]
    assert "the policy has no end letter to send" in items[0].what
    assert "lapses to Monitoring with a single point of contact" in items[1].what
    notes = reviews_due(district, [rec], D("2026-06-01")).unsaid
    assert any(n.startswith("stages.sanctions: the policy sets no review") for n in notes)


def test_flintshire_decision_review_and_financial_year_end():
    flint = policy("flintshire")
    rec = record("F/1", "2026-01-15", stage="managed_contact", decision_date="2026-01-15",
                 **NAME)
    assert dates(flint, rec) == {
        # 6 months from the decision of 15 January: 15 July 2026
        "reviews.case_reviews.decision_review": "2026-07-15",
        # the first March (month 3) after entry, to its last day: 31 March 2026
        "reviews.scheduled.annual_review": "2026-03-31",
    }
    reviewed = record("F/1", "2026-01-15", stage="managed_contact", decision_date="2026-01-15",
                      reviews=("2026-03-20", "2026-07-01"), **NAME)
    assert dates(flint, reviewed) == {
        # 1 July fell in the window up to 15 July, so the next is 15 January 2027
        "reviews.case_reviews.decision_review": "2027-01-15",
        # held in March 2026: the next financial year end, 31 March 2027
        "reviews.scheduled.annual_review": "2027-03-31",
    }


def test_flintshire_one_day_restriction_ends_at_the_policys_longest():
    flint = policy("flintshire")
    rec = record("F/2", "2026-02-02", stage="warning", decision_date="2026-02-02",
                 measures={"one_day_telephone_restriction": {"starts": "2026-02-02"}}, **NAME)
    # no duration in the case: the policy's longest, 1 day after 2 February: 3 February
    assert dates(flint, rec)["measures.one_day_telephone_restriction.max_duration"] \
        == "2026-02-03"


def test_rhondda_twelve_months_and_unsaid_calendar():
    rct = policy("rhondda_cynon_taf")
    rec = record("R/1", "2026-05-03", stage="stage_2", decision_date="2026-05-03", **NAME)
    # 12 months from the decision of 3 May 2026: 3 May 2027
    assert dates(rct, rec) == {"reviews.case_reviews.restriction_review": "2027-05-03"}
    assert not case_dates(rct, record("R/2", "2026-05-03", stage="stage_1",
                                      decision_date="2026-05-03"))
    notes = reviews_due(rct, [rec], D("2026-05-04")).unsaid
    assert any(n.startswith("stages.stage_1:") for n in notes)
    assert any(n.startswith("reviews.scheduled.standards_annual_review:") and "no month" in n
               for n in notes)


def test_cabinet_report_has_no_review_rules():
    cabinet = policy("cabinet_report_2017")
    due = reviews_due(cabinet, [], D("2026-01-01"))
    assert due.items == []
    assert due.unsaid == ["no rule of the policy ends a restriction when its review date "
                          "passes without a review, so none is listed as lapsed"]


def test_joint_renewal_calendar_max_duration_and_entry():
    joint = policy("joint_renewal")
    rec = record("J/1", "2026-02-27", stage="restricted", decision_date="2026-02-27",
                 changes=(("restricted", "2026-03-02"),), reviews=("2026-05-20",))
    assert dates(joint, rec) == {
        # 6 months from the decision (27 Feb) is 27 Aug; the review of 20 May counts for it,
        # so the next is 12 months from the decision: 27 February 2027
        "reviews.case_reviews.restriction_review": "2027-02-27",
        # months 5 and 11: May was held (20 May), so the end of November 2026
        "reviews.scheduled.twice_yearly": "2026-11-30",
        # 12 months from entry (the stage change of 2 March 2026): 2 March 2027
        "stages.restricted.max_duration": "2027-03-02",
    }


def test_unsaid_counting_from_the_last_review():
    fixture = policy("unsaid")
    rec = record("U/1", "2026-01-31", stage="warned", decision_date="2026-01-31")
    assert dates(fixture, rec) == {
        # 3 months from 31 January: the end of April (no 31st), 30 April 2026
        "reviews.case_reviews.check": "2026-04-30",
        "stages.warned.monitoring.default": "2026-04-30",
    }
    reviewed = record("U/1", "2026-01-31", stage="warned", decision_date="2026-01-31",
                      reviews=("2026-03-15",))
    # what it counts from is unsaid: the longest gap, from the last review: 15 June 2026
    assert dates(fixture, reviewed)["reviews.case_reviews.check"] == "2026-06-15"


def test_closed_cases_and_earlier_stages_reviews_are_left_out():
    joint = policy("joint_renewal")
    closed = record("J/2", "2026-01-01", stage="restricted", decision_date="2026-01-01",
                    closed="2026-03-01")
    assert not reviews_due(joint, [closed], D("2027-01-01")).items


@pytest.mark.parametrize(("text", "period"), [
    ("30d", Duration(30, "days")), ("2w", Duration(2, "weeks")),
    ("3m", Duration(3, "months")), ("10 working days", Duration(10, "working_days"))])
def test_within(text, period):
    assert parse_within(text) == period


def test_a_late_review_answers_the_date_it_missed():
    flint = policy("flintshire")
    rec = record("F/3", "2026-01-15", stage="managed_contact", decision_date="2026-01-15",
                 reviews=("2026-08-01",))
    # due 15 July 2026, held late on 1 August: the next stays on the calendar from the
    # decision, 15 January 2027
    assert dates(flint, rec)["reviews.case_reviews.decision_review"] == "2027-01-15"


def _ids(said) -> list[str]:
    """The message ids of a due reason and of every reason inside it."""
    if not isinstance(said, Said):
        return []
    return [said.id, *(i for value in said.values.values() for i in _ids(value))]


def test_each_reason_is_worded_by_the_statements_modules():
    """The due list's reasons are the statements modules' messages (reviews, measures):
    a reason worded in the register itself would have an id none of them holds."""
    placed = {review_words.DUE, *review_words.COUNTED_FROM.values(),
              *measure_words.DUE.values(), *measure_words.ENDING.values()}
    district, joint = policy("district_council_2014"), policy("joint_renewal")
    cases = [
        (district, record("D/1", "2026-03-10", stage="monitoring", decision_date="2026-03-10",
                          letter_date="2026-03-11", **NAME)),
        (district, record("D/2", "2026-04-01", stage="sanctions", decision_date="2026-04-01",
                          measures={"no_contact_period": {
                              "starts": "2026-04-01", "duration": "2 months",
                              "parameters": {"period": "two months"}}}, **NAME)),
        (joint, record("J/1", "2026-02-27", stage="restricted", decision_date="2026-02-27",
                       changes=(("restricted", "2026-03-02"),), reviews=("2026-05-20",)))]
    kinds = set()
    for policy_model, rec in cases:
        for item in case_dates(policy_model, rec):
            kinds.add(item.kind)
            assert isinstance(item.what, Said | Name), item.what
            assert set(_ids(item.what)) <= placed, (item.kind, _ids(item.what))
    assert {"case_review", "stage_ends", "monitoring_ends", "measure_ends",
            "end_letter"} <= kinds
