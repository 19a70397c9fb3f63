"""The register at scale: search keys, filters, sorting and pages in indexed columns, each
case's next due date kept and worked out again when the case or the policy's rules change,
and the report counted by the database. On SQLite, and on PostgreSQL where
$POLICY_TEST_DATABASE_URL names one. The cases are made up."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select, update

from generator.cases.case import Case
from generator.register import kept as kept_module
from generator.register import schema
from generator.register.database import engine_for, migrate
from generator.register.due import case_dates, reads_letter_date, reviews_due
from generator.register.kept import all_facts
from generator.register.lists import SORTS, CaseQuery, due_list, due_page, find_cases
from generator.register.report import Period, figures
from generator.register.store import Register
from generator.register.tally import kept_figures
from generator.register.upkeep import fingerprint, refresh
from generator.source.read import read_policy

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
D = dt.date.fromisoformat
PEOPLE = [("Siân", "Llŷr", "CF10 1AB"), ("Jo", "Smith", "LL11 2CD"), ("Jo", "Smithers", "CH7 1AA"),
          ("Alex", "Smith", "CF10 3XY"), ("Pat", "Jones", "SA1 1AA")]


def made_up(n: int, given: str, family: str, postcode: str, **fields) -> Case:
    return Case.model_validate({
        "reference": f"ASB/2026/{n:04d}", "given_names": given, "family_name": family,
        "address": [f"{n} Test Street", "Exampletown", postcode], "stage": "restricted",
        "decision_date": (D("2026-01-05") + dt.timedelta(days=10 * n)).isoformat(),
        **fields})


@pytest.fixture
def kept(register_url):
    opening = dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC)
    with Register.open(register_url, now=lambda: opening) as register:
        register.add_all([made_up(n, *person) for n, person in enumerate(PEOPLE, 1)],
                         by="pat")
        register.add(made_up(9, "Jo", "Warned", "NP1 1AA", stage="warning"), by="sam")
        yield register, read_policy(MINIMAL)


def refs(page) -> list[str]:
    return [line.reference for line in page.lines]


def test_search_by_name_reference_and_postcode(kept):
    register, policy = kept
    refresh(register, policy)

    def found(text: str, **query) -> list[str]:
        return sorted(refs(find_cases(register, CaseQuery(text=text, **query))))

    assert found("smith") == ["ASB/2026/0002", "ASB/2026/0003", "ASB/2026/0004"]
    assert found("jo smith") == ["ASB/2026/0002", "ASB/2026/0003"]  # given names first
    assert found("SIAN LLYR") == found("siân") == ["ASB/2026/0001"]  # accents, case aside
    assert found("cf10") == ["ASB/2026/0001", "ASB/2026/0004"]
    assert found("cf10 1ab") == found("CF101AB") == ["ASB/2026/0001"]
    assert found("asb/2026/000") == [f"ASB/2026/{n:04d}" for n in (1, 2, 3, 4, 5, 9)]
    assert found("nobody") == []
    assert found("jo", stage="warning") == ["ASB/2026/0009"]
    assert found("", officer="sam") == ["ASB/2026/0009"]


def test_sorting_and_pages(kept):
    register, policy = kept
    refresh(register, policy)
    first = find_cases(register, CaseQuery(sort="name", size=2))
    assert first.total == 6 and first.pages == 3
    assert [line.name for line in first.lines] == ["Alex Smith", "Jo Smith"]
    third = find_cases(register, CaseQuery(sort="name", size=2, page=3))
    assert [line.name for line in third.lines] == ["Pat Jones", "Siân Llŷr"]
    back = find_cases(register, CaseQuery(sort="reference", descending=True, size=2))
    assert refs(back) == ["ASB/2026/0009", "ASB/2026/0005"]
    register.close_case("ASB/2026/0005", on=D("2026-02-01"), by="pat")  # nothing due
    refresh(register, policy)
    for sort in SORTS:  # pages read from the far end join up with those from the start
        for descending in (False, True):
            whole = refs(find_cases(register, CaseQuery(sort=sort, descending=descending,
                                                        closed=None)))
            paged = [ref for number in (1, 2, 3) for ref in refs(find_cases(
                register, CaseQuery(sort=sort, descending=descending, closed=None, size=2,
                                    page=number)))]
            assert paged == whole, (sort, descending)
    soonest = find_cases(register, CaseQuery(sort="due", size=1, stage="restricted"))
    assert refs(soonest) == ["ASB/2026/0001"]  # decided first, its review due first


def test_the_next_due_date_is_kept_and_follows_the_case(kept):
    register, policy = kept
    assert refresh(register, policy) == 6  # every case worked out once
    assert refresh(register, policy) == 0  # then nothing, until something changes
    facts = {f.reference: f for f in all_facts(register)}
    [line] = find_cases(register, CaseQuery(text="ASB/2026/0001")).lines
    first = min(case_dates(policy, facts["ASB/2026/0001"]), key=lambda d: d.due)
    assert (line.next_due, line.next_due_rule) == (first.due, first.rule)
    assert line.next_due_rule == "reviews.case_reviews.restriction_review"
    register.record_review("ASB/2026/0001", held_on=first.due, outcome="continue", notes="",
                           by="pat")
    assert refresh(register, policy) == 1  # only the case that changed
    [after] = find_cases(register, CaseQuery(text="ASB/2026/0001")).lines
    assert after.next_due > line.next_due


def test_a_change_to_the_policys_rules_works_every_case_out_again(kept):
    register, policy = kept
    refresh(register, policy)
    table = schema.register_meta
    with register.engine.begin() as connection:
        assert connection.scalar(select(table.c.value)) == fingerprint(policy)
        connection.execute(update(table).values(value="rules of an earlier policy"))
        connection.execute(update(schema.cases).values(next_due=dt.date(1999, 1, 1)))
    assert refresh(register, policy) == 6
    assert min(line.next_due for line in find_cases(register, CaseQuery()).lines
               if line.next_due) > dt.date(2026, 1, 1)


def test_the_facts_read_a_few_cases_at_a_time_are_those_read_at_once(kept, monkeypatch):
    """A case's own rows are read for a few thousand cases at a time (kept.CHUNK): every
    chunk's are read."""
    register, _policy = kept
    for n, day in enumerate(("2026-03-01", "2026-04-01", "2026-05-01"), 1):
        register.record_review(f"ASB/2026/{n:04d}", held_on=D(day), outcome="continue",
                               notes="", by="pat")
    where = schema.cases.c.closed.is_(None)
    whole = all_facts(register, where=where)
    monkeypatch.setattr(kept_module, "CHUNK", 2)
    assert all_facts(register, where=where) == whole
    assert sum(len(f.reviews) for f in whole) == 3 and len(whole) == 6


def test_the_due_list_counts_a_monitoring_period_from_the_letters_date(kept):
    """The due list reads a case's letter date (from its JSON) where the policy counts a
    stage's monitoring period from it, as the list from every case does."""
    register, policy = kept
    register.add(made_up(10, "Jo", "Lettered", "NP2 2AA", stage="warning",
                         letter_date="2026-04-20"), by="sam")  # decided 15 April
    listed = due_list(register, policy, D("2026-12-31"))
    [end] = [i for i in listed.items
             if i.reference == "ASB/2026/0010" and i.kind == "monitoring_ends"]
    assert end.due == D("2026-07-20")  # 3 months from the letter, not from the decision
    assert listed.items == reviews_due(policy, all_facts(register), D("2026-12-31")).items
    assert reads_letter_date(policy)
    assert not reads_letter_date(read_policy(ROOT / "examples" / "rhondda_cynon_taf"))


def test_the_due_list_from_the_index_is_the_one_from_every_case(kept):
    register, policy = kept
    register.record_review("ASB/2026/0002", held_on=D("2026-07-20"), outcome="continue",
                           notes="", by="pat")
    register.close_case("ASB/2026/0003", on=D("2026-06-01"), by="pat")
    for on in (D("2026-06-01"), D("2026-08-01"), D("2027-03-01")):
        whole = reviews_due(policy, all_facts(register), on)
        assert due_list(register, policy, on).items == whole.items
    assert "ASB/2026/0003" not in {i.reference for i in whole.items}
    page, _until = due_page(register, policy, D("2027-03-01"), None, CaseQuery(size=2))
    assert page.total == len({i.reference for i in whole.items}) and len(page.lines) == 2
    assert [i for line in page.lines for i in line.items] == [
        i for i in whole.items if i.reference in refs(page)]


def test_the_report_counted_by_the_database_is_the_one_counted_case_by_case(kept):
    register, policy = kept
    register.record_review("ASB/2026/0002", held_on=D("2026-07-20"), outcome="continue",
                           notes="", by="pat")
    register.record_review("ASB/2026/0004", held_on=D("2027-01-20"), outcome="continue",
                           notes="", by="pat")
    register.close_case("ASB/2026/0005", on=D("2026-02-01"), by="pat")
    for period in (Period(D("2026-01-01"), D("2026-12-31")),
                   Period(D("2026-04-01"), D("2027-03-31")),
                   Period(D("2026-03-01"), D("2026-03-31"))):
        counted = kept_figures(register, policy, period)
        assert counted == figures(policy, all_facts(register), period)
    assert counted.open_cases == 5  # the case closed in February was not open in March


def test_cases_kept_before_the_upgrade_are_found_and_due(register_url):
    """A register of the first release, with a case, upgraded: keys and dates filled."""
    engine = engine_for(register_url)
    migrate(engine, "0001")
    case = made_up(7, "Morgan", "Example", "CF24 4AA")
    first = sa.table("cases", *(sa.column(name) for name in (
        "reference", "data", "version", "name", "stage", "language", "opened",
        "last_activity", "decision_date")))
    with engine.begin() as connection:
        connection.execute(sa.insert(first).values(
            reference=case.reference, data=json.dumps(case.model_dump(mode="json")),
            version=1, name=case.full_name, stage=case.stage, language="english",
            decision_date=D("2026-03-05"), opened=D("2026-03-05"),
            last_activity=D("2026-03-05")))
    engine.dispose()
    policy = read_policy(MINIMAL)
    with Register.open(register_url) as register:
        refresh(register, policy)
        [line] = find_cases(register, CaseQuery(text="cf24 4aa")).lines
    assert line.reference == case.reference and line.next_due == D("2026-09-05")


def test_a_letter_is_kept_once_with_its_files_and_deleted_with_its_case(kept):
    register, _policy = kept
    day = D("2026-02-01")
    first = register.keep_letter("ASB/2026/0001", "warning_letter", docx=b"word", pdf=None,
                                 sent_on=day, by="pat")
    again = register.keep_letter("ASB/2026/0001", "warning_letter", docx=b"word",
                                 pdf=b"%PDF", sent_on=day, by="pat")
    [letter] = register.get("ASB/2026/0001").letters
    assert first == again == letter.id and letter.pdf_sha256 and letter.docx_sha256
    assert register.letter_file("ASB/2026/0001", letter.id, "pdf") == b"%PDF"
    assert register.letter_file("ASB/2026/0002", letter.id, "docx") is None  # not its case
    register.delete("ASB/2026/0001", by="dpo", reason="retention period over")
    with register.engine.connect() as connection:
        assert connection.scalar(select(sa.func.count()).select_from(
            schema.letter_files)) == 0


def test_the_report_from_the_counts_kept_by_month_matches_case_by_case(register_url):
    """Cases opened, closed (one closed before it was opened), reviewed, changed and deleted
    over many months: the report from the counts kept by month, and the two edge months
    read case by case, is the one counted case by case for any period, before and after
    the changes (each changed month counted again)."""
    rng = random.Random(25)
    today = [dt.datetime(2025, 11, 3, 9, tzinfo=dt.UTC)]
    policy = read_policy(MINIMAL)
    with Register.open(register_url, now=lambda: today[0]) as register:
        for n in range(1, 61):
            today[0] += dt.timedelta(days=rng.randint(0, 12))
            case = made_up(n, *PEOPLE[n % len(PEOPLE)],
                           stage=rng.choice(["restricted", "warning"]),
                           behaviours=rng.sample(["shouting", "recording", "threats"],
                                                 rng.randint(0, 2)))
            register.add(case, by="pat")
            opened = today[0].date()
            if n % 3 == 0:  # a third reviewed, a third of those twice
                for k in range(1 + (n % 9 == 0)):
                    register.record_review(case.reference, outcome="continue", notes="",
                                           held_on=opened + dt.timedelta(days=40 + 90 * k),
                                           by="pat")
            if n % 4 == 0:
                register.close_case(case.reference, by="pat",
                                    on=opened + dt.timedelta(days=rng.randint(1, 200)))
        register.close_case("ASB/2026/0007", on=D("2025-10-01"), by="pat")  # before opened
        periods = [Period(D("2025-12-01"), D("2026-05-31")),
                   Period(D("2026-01-15"), D("2026-02-14")),
                   Period(D("2026-02-01"), D("2026-02-28")),
                   Period(D("2026-02-10"), D("2026-02-20")),
                   Period(D("2025-10-01"), D("2027-12-31")),
                   Period(D("2026-03-31"), D("2026-07-01"))]

        def same(deleted: list[dt.date]) -> None:
            for period in periods:
                assert kept_figures(register, policy, period) == figures(
                    policy, all_facts(register), period, deleted), period

        same([])
        assert kept_figures(register, policy, periods[0]).reviews_held > 0
        register.delete("ASB/2026/0012", by="pat", reason="retention period over")
        register.close_case("ASB/2026/0008", on=None, by="pat")  # open again
        register.close_case("ASB/2026/0010", on=D("2026-02-05"), by="pat")
        register.record_review("ASB/2026/0015", held_on=D("2026-02-12"), outcome="continue",
                               notes="", by="pat")
        same([today[0].date()])
