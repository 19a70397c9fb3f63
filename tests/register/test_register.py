"""The register's store: cases kept whole and as facts, the append-only audit log, optimistic
saves, officers, migrations that keep every record, and a private SQLite file.

Every test runs on SQLite, and on PostgreSQL where $POLICY_TEST_DATABASE_URL names one
(the register_url fixture in conftest.py). The cases are the made-up ones in examples/cases.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import stat
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import EXAMPLE_CASES

from generator.cases.case import Case
from generator.register import schema
from generator.register.database import default_path, engine_for, migrate
from generator.register.store import (
    AuditEntry,
    Duplicate,
    Missing,
    Register,
    StageChange,
    Stale,
)
from generator.source.load import read_yaml

BY_PATH = {path.name: path for path, _ in EXAMPLE_CASES}
NOON = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def example(name: str = "cheshire_stage_2_decision.yaml") -> Case:
    path = BY_PATH[name]
    return Case.model_validate(read_yaml(path, str(path)))


@pytest.fixture
def register(register_url):
    with Register.open(register_url, now=lambda: NOON) as opened:
        yield opened


def test_every_example_case_reads_back_as_it_was_kept(register):
    # Several examples are one case at different points, under one reference: one at a time.
    for name in BY_PATH:
        case = example(name)
        register.add(case, by="pat.officer")
        kept = register.get(case.reference)
        assert kept.case == case, name
        assert (kept.version, kept.opened, kept.closed) == (1, NOON.date(), None)
        assert register.references() == [case.reference]
        register.delete(case.reference, by="pat.officer", reason="test")
    assert register.get("CR/NO/SUCH") is None


def test_a_cases_facts_are_in_their_own_tables(register):
    case = example()  # stage_2, decided 2026-05-12, letter 2026-05-13, two 6-month measures
    register.add(case, by="pat.officer")
    with register.engine.connect() as connection:
        row = connection.execute(sa.select(schema.cases)).one()
        measures = connection.execute(
            sa.select(schema.case_measures.c.measure, schema.case_measures.c.scope,
                      schema.case_measures.c.starts, schema.case_measures.c.ends)
            .order_by(schema.case_measures.c.measure)).all()
        behaviours = connection.scalars(sa.select(schema.case_behaviours.c.behaviour)
                                        .order_by(schema.case_behaviours.c.behaviour)).all()
    assert (row.stage, row.decision_date, row.decision_role, row.name) == (
        "stage_2", dt.date(2026, 5, 12), "director_of_governance", "Mrs Morgan Example")
    assert behaviours == ["unacceptable_conduct", "unreasonable_persistence"]
    # no start given: the letter's date; six months on
    assert measures == [("designated_premises", "council", dt.date(2026, 5, 13),
                         dt.date(2026, 11, 13)),
                        ("email_diversion", "council", dt.date(2026, 5, 13),
                         dt.date(2026, 11, 13))]


def test_saving_records_the_stage_change_and_only_changed_field_names(register):
    case = example()
    register.add(case, by="pat.officer")
    later = case.model_copy(update={"stage": "stage_3", "behaviours": ["unacceptable_conduct"]})
    kept = register.save(later, by="jo.officer", version=1)
    assert kept.version == 2 and kept.case == later
    assert kept.stage_changes == [
        StageChange(None, "stage_2", dt.date(2026, 5, 12), "pat.officer"),
        StageChange("stage_2", "stage_3", dt.date(2026, 5, 12), "jo.officer")]
    entries = register.audit(case.reference)
    assert [(e.by, e.action, e.fields) for e in entries] == [
        ("pat.officer", "add", list(case.model_dump(exclude_defaults=True))),
        ("jo.officer", "save", ["behaviours", "stage"])]
    assert all(e.at == NOON and e.at.tzinfo == dt.UTC for e in entries)
    with register.engine.connect() as connection:
        assert connection.scalars(sa.select(schema.case_behaviours.c.behaviour)).all() == \
            ["unacceptable_conduct"]


def test_letters_reviews_closing_and_the_summary(register):
    case = example()
    register.add(case, by="pat.officer")
    register.record_letter(case.reference, "stage_2_decision_letter", docx_sha256="a" * 64,
                           pdf_sha256="b" * 64, sent_on=dt.date(2026, 5, 13), by="pat.officer")
    register.record_review(case.reference, held_on=dt.date(2026, 11, 1), outcome="continue",
                           notes="Contact still managed.", by="jo.officer")
    register.close_case(case.reference, on=dt.date(2026, 11, 13), by="jo.officer")
    kept = register.get(case.reference)
    assert [(s.letter_id, s.docx_sha256, s.pdf_sha256, s.sent_on) for s in kept.letters] == [
        ("stage_2_decision_letter", "a" * 64, "b" * 64, dt.date(2026, 5, 13))]
    assert [(r.held_on, r.outcome, r.by) for r in kept.reviews] == [
        (dt.date(2026, 11, 1), "continue", "jo.officer")]
    assert kept.closed == dt.date(2026, 11, 13) and kept.version == 1
    [summary] = register.summaries()
    assert (summary.reference, summary.name, summary.stage, summary.last_review,
            summary.closed) == (case.reference, "Mrs Morgan Example", "stage_2",
                                dt.date(2026, 11, 1), dt.date(2026, 11, 13))
    assert [e.action for e in register.audit(case.reference)] == ["add", "letter", "review",
                                                                    "close"]
    with pytest.raises(Missing):
        register.record_review("CR/NO/SUCH", held_on=dt.date(2026, 11, 1), outcome="end",
                               notes="", by="jo.officer")


def test_the_audit_log_holds_no_case_values(register):
    case = example()
    register.add(case, by="pat.officer")
    register.save(case.model_copy(update={"customer_name": "Mx Sam Example"}),
                  by="pat.officer", version=1)
    with register.engine.connect() as connection:
        rows = [json.dumps(list(r), default=str)
                for r in connection.execute(sa.select(schema.audit))]
    assert len(rows) == 2 and "customer_name" in rows[1]
    for value in ("Example", "Northwich", "CW9 5AA", "Alex Governance", "Jo Officer"):
        assert not any(value in row for row in rows), value


@pytest.mark.parametrize("statement", ["UPDATE audit SET actor = 'someone.else'",
                                       "DELETE FROM audit"])
def test_the_audit_log_refuses_update_and_delete(register, statement):
    register.add(example(), by="pat.officer")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), \
            register.engine.begin() as connection:
        connection.exec_driver_sql(statement)
    assert [e.by for e in register.audit()] == ["pat.officer"]


def test_deleting_a_case_removes_all_it_holds_and_keeps_the_reason(register):
    case = example()
    register.add(case, by="pat.officer")
    register.record_letter(case.reference, "stage_2_decision_letter", docx_sha256="a" * 64,
                           pdf_sha256=None, sent_on=dt.date(2026, 5, 13), by="pat.officer")
    register.delete(case.reference, by="jo.officer", reason="retention period over")
    assert register.get(case.reference) is None
    with register.engine.connect() as connection:
        for table in (schema.cases, schema.case_behaviours, schema.case_measures,
                      schema.letters, schema.stage_changes):
            assert connection.scalar(sa.select(sa.func.count()).select_from(table)) == 0
    assert register.audit(case.reference)[-1] == AuditEntry(
        NOON, "jo.officer", "delete", case.reference, [], "retention period over")
    with pytest.raises(Missing):
        register.delete(case.reference, by="jo.officer", reason="twice")


def test_a_batch_is_kept_whole_or_not_at_all(register):
    first, second = example(), example("flintshire_warning.yaml")
    register.add(second, by="pat.officer")
    with pytest.raises(Duplicate):
        register.add_all([first, second], by="pat.officer")
    assert register.references() == [second.reference]
    changed = second.model_copy(update={"service": "Housing"})
    register.add_all([first, changed], by="pat.officer", replace=True)
    assert register.get(second.reference).case == changed
    assert register.get(second.reference).version == 2


def test_a_lost_update_is_refused(register_url):
    """Two officers open version 1; the second to save hears Stale and keeps nothing."""
    with Register.open(register_url) as one, Register.open(register_url) as other:
        case = example()
        one.add(case, by="pat.officer")
        read_by_one, read_by_other = one.get(case.reference), other.get(case.reference)
        one.save(read_by_one.case.model_copy(update={"service": "Housing"}),
                 by="pat.officer", version=read_by_one.version)
        with pytest.raises(Stale):
            other.save(read_by_other.case.model_copy(update={"service": "Highways"}),
                       by="jo.officer", version=read_by_other.version)
        kept = other.get(case.reference)
        assert (kept.case.service, kept.version) == ("Housing", 2)


def test_officers_saving_at_once_lose_no_update(register_url):
    """Several officers, each on their own connection, add a line to one case at once,
    opening it again whenever they hear Stale: every line is kept."""
    with Register.open(register_url) as register:
        register.add(example(), by="pat.officer")
    reference, lines = example().reference, 6

    def officer(name: str) -> None:
        with Register.open(register_url) as own:
            for number in range(lines):
                while True:
                    kept = own.get(reference)
                    more = [*kept.case.expectations, f"{name} {number}"]
                    try:
                        own.save(kept.case.model_copy(update={"expectations": more}),
                                 by=name, version=kept.version)
                        break
                    except Stale:
                        continue

    threads = [threading.Thread(target=officer, args=(f"officer{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Register.open(register_url) as register:
        kept = register.get(reference)
    assert sorted(kept.case.expectations) == sorted(
        f"officer{n} {number}" for n in range(3) for number in range(lines))
    assert kept.version == 1 + 3 * lines


def test_an_upgrade_keeps_a_case_written_at_the_first_migration(register_url):
    """A register made by the first release, with a case in it, upgraded to the newest."""
    engine = engine_for(register_url)
    migrate(engine, "0001")
    case = example()
    first = sa.table("cases", *(sa.column(name) for name in (
        "reference", "data", "version", "name", "stage", "language", "opened",
        "last_activity")))
    with engine.begin() as connection:
        connection.execute(sa.insert(first).values(
            reference=case.reference, data=json.dumps(case.model_dump(mode="json")),
            version=1, name=case.full_name, stage=case.stage, language="english",
            opened=dt.date(2026, 5, 12), last_activity=dt.date(2026, 5, 13)))
    engine.dispose()
    with Register.open(register_url) as register:
        kept = register.get(case.reference)
        with register.engine.connect() as connection:
            head = MigrationContext.configure(connection).get_current_revision()
    assert kept.case == case and kept.opened == dt.date(2026, 5, 12)
    assert head == _head()


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "generator.register:migrations")
    return ScriptDirectory.from_config(config).get_current_head()


def test_the_migrations_build_the_schema_the_store_uses(register):
    with register.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    assert differences == []


def test_officers_and_their_passwords(register):
    register.add_officer("pat.officer", "Pat Officer", ["customer_relations_manager"], "a secret")
    register.add_officer("jo.officer", "Jo Officer", ["head_of_service"], None)
    pat = register.officer("pat.officer")
    assert (pat.name, pat.roles, pat.has_password) == (
        "Pat Officer", ["customer_relations_manager"], True)
    assert register.check_password("pat.officer", "a secret") == pat
    assert register.check_password("pat.officer", "a guess") is None
    assert register.check_password("jo.officer", "") is None  # signs in through the proxy
    assert register.officer("nobody") is None
    with register.engine.connect() as connection:
        stored = connection.scalar(sa.select(schema.officers.c.password_hash)
                                   .where(schema.officers.c.login == "pat.officer"))
    assert "a secret" not in stored
    assert [(e.action, e.note, e.fields) for e in register.audit()] == [
        ("officer", "pat.officer", ["name", "roles", "password"]),
        ("officer", "jo.officer", ["name", "roles"])]


def test_no_case_value_reaches_the_log(register, caplog):
    """Even with SQLAlchemy's statements logged, the values sent with them are not."""
    case = example()
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
        register.add(case, by="pat.officer")
        register.get(case.reference)
    assert "INSERT INTO cases" in caplog.text
    for value in ("Example", "CW9 5AA", "Alex Governance"):
        assert value not in caplog.text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("variable", ["POLICY_DATA_DIR", "XDG_DATA_HOME"])
def test_the_default_register_is_private_and_outside_the_checkout(monkeypatch, tmp_path,
                                                                   variable):
    monkeypatch.delenv("POLICY_DATA_DIR", raising=False)
    monkeypatch.setenv(variable, str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    path = default_path()
    if variable == "POLICY_DATA_DIR":  # a folder there already is made private too
        path.parent.mkdir(mode=0o755)
        path.parent.chmod(0o755)
    assert path == (tmp_path / "data" / "register.sqlite" if variable == "POLICY_DATA_DIR"
                    else tmp_path / "data" / "council-policy" / "register.sqlite")
    with Register.open() as register:
        register.add(example(), by="pat.officer")
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_without_either_variable_the_register_is_in_the_home_data_folder(monkeypatch,
                                                                         tmp_path):
    for name in ("POLICY_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".local" / "share" / "council-policy" / \
        "register.sqlite"
