"""Read and understood, per role (issue 27, item 1): the facts each role acts on, a
confirmation kept with its fingerprint and facts, current until a revision changes a fact
that role acts on (and only then), what changed said from the fact-level diff, and who may
read the list, on the desk's register (SQLite and PostgreSQL) and on the command line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from generator.cli.policy import main
from generator.register.confirmations import confirm, roll, standing, version_of, what_changed
from generator.register.permissions import may_read
from generator.register.store import Officer, Register
from generator.revisions.role_facts import acts_on, changes_for, fingerprint
from generator.source.errors import SourceError
from generator.source.read import read_policy

REVISION = ROOT / "tests" / "fixtures" / "revision"
#: Version 1.0 of the revision fixture: the Head of Service warns and reviews, restricts
#: jointly with the Monitoring Officer, who decides appeals; appeals go to the Appeals
#: Officer. Version 1.1 changes the warning's monitoring, the review interval, the joint
#: restriction and adds a measure: nothing the Appeals Officer acts on.
FIRST = REVISION / "versions" / "1.0"
ROLES = ("head_of_service", "monitoring_officer", "appeals_officer")


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """Version 1.0 with one text of one file replaced."""
    folder = tmp_path / "edited"
    shutil.copytree(FIRST, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_role_acts_on_the_entries_that_name_it():
    policy = read_policy(FIRST)
    assert list(acts_on(policy, "appeals_officer")) == [
        "roles.appeals_officer", "rights.appeals.warning_appeal"]
    assert list(acts_on(policy, "monitoring_officer")) == [
        "roles.monitoring_officer", "decisions.restriction", "decisions.appeal",
        "stages.restricted", "measures.single_contact", "measures.letter_only",
        "rights.appeals.warning_appeal"]
    assert list(acts_on(policy, "head_of_service")) == [
        "roles.head_of_service", "decisions.warning", "decisions.restriction",
        "decisions.review", "stages.warning", "stages.restricted", "measures.single_contact",
        "measures.letter_only", "reviews.case_reviews.restriction_review",
        "rights.appeals.warning_appeal", "letters.warning_letter"]
    assert acts_on(policy, "nobody") == {}


#: One edit to version 1.0 each, and the roles whose facts it changes: every other role's
#: fingerprint stays as it was.
EDITS = [
    ("stages.yaml", "default: 3 months", "default: 4 months", {"head_of_service"}),
    ("reviews.yaml", "interval: 6 months", "interval: 5 months", {"head_of_service"}),
    ("letters.yaml", 'subject: "A warning about your conduct"',
     'subject: "About your conduct"', {"head_of_service"}),  # the letter it signs
    ("protocols.yaml", "  warnings: 1", "  warnings: 1\n  decision: warning",
     {"head_of_service"}),  # a protocol whose decision it takes
    ("decisions.yaml", "title: Decide an appeal", "title: Decide an appeal in full",
     {"monitoring_officer"}),
    ("measures.yaml", "description: Contact by letter only.",
     "description: Contact in writing only.", {"head_of_service", "monitoring_officer"}),
    ("rights.yaml", "window: 15 working days", "window: 20 working days", set(ROLES)),
    ("roles.yaml", "name: Appeals Officer", "name: Appeals Manager", {"appeals_officer"}),
    ("prose/procedure.md", "", "", set()),  # wording only: no role's facts
]


@pytest.mark.parametrize(("file", "old", "new", "changed"), EDITS,
                         ids=[f"{e[0]}:{e[2][:20]}" for e in EDITS])
def test_a_change_resets_only_the_roles_that_act_on_it(tmp_path, file, old, new, changed):
    before = read_policy(FIRST)
    if file.endswith(".md"):
        folder = tmp_path / "edited"
        shutil.copytree(FIRST, folder)
        (folder / file).write_text((folder / file).read_text() + "\nA new paragraph.\n")
    else:
        folder = edited(tmp_path, file, old, new)
    after = read_policy(folder)
    moved = {r for r in ROLES
             if fingerprint(acts_on(before, r)) != fingerprint(acts_on(after, r))}
    assert moved == changed
    for role in ROLES:  # what each is shown is exactly what changed for them
        assert bool(changes_for(after, role, acts_on(before, role))) == (role in changed)


def test_each_role_is_shown_only_what_changed_for_it():
    old, new = read_policy(FIRST), read_policy(REVISION)
    said = {role: [c.text for c in changes_for(new, role, acts_on(old, role))]
            for role in ROLES}
    assert said["appeals_officer"] == []
    assert said["head_of_service"] == [
        "Restricted contact is now decided by the Monitoring Officer (was: Head of Service "
        "and Monitoring Officer)",
        "Warning: monitoring period: 3 months → 6 months",
        "Review of cases at Restricted contact: review at least every: 6 months → 4 months"]
    assert said["monitoring_officer"] == [
        "New measure at Restricted contact: Telephone at set times",
        "Restricted contact is now decided by the Monitoring Officer (was: Head of Service "
        "and Monitoring Officer)"]
    reasons = [c.reason for c in changes_for(new, "head_of_service",
                                             acts_on(old, "head_of_service"))]
    assert "Three months proved too short to see a change." in reasons


def _officer(register: Register, login: str, roles: list[str]) -> Officer:
    register.add_officer(login, login.title(), roles, None)
    found = register.officer(login)
    assert found is not None
    return found


def test_confirmations_stay_current_until_their_roles_facts_change(register_url):
    old, new = read_policy(FIRST), read_policy(REVISION)
    moment = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    with Register.open(register_url, now=lambda: moment) as register:
        hal = _officer(register, "hal", ["head_of_service", "appeals_officer"])
        ann = _officer(register, "ann", ["appeals_officer"])
        _officer(register, "mo", ["monitoring_officer"])
        assert [s.current for s in standing(register, old, hal)] == [False, False]
        kept = confirm(register, old, hal, "head_of_service")
        confirm(register, old, hal, "appeals_officer")
        confirm(register, old, ann, "appeals_officer")
        assert (kept.version, kept.version_date) == ("1.0", dt.date(2025, 4, 1))
        assert [s.current for s in standing(register, old, hal)] == [True, True]
        with pytest.raises(SourceError, match="not one of your roles"):
            confirm(register, old, ann, "head_of_service")
        # version 1.1 is published: the Head of Service is asked again, the Appeals
        # Officer is not, and the Monitoring Officer never confirmed
        now = {role: [(s.login, s.current) for s in people]
               for role, people in roll(register, new).items()}
        assert now == {"head_of_service": [("hal", False)],
                       "monitoring_officer": [("mo", False)],
                       "appeals_officer": [("ann", True), ("hal", True)]}
        head = next(s for s in standing(register, new, hal) if s.role == "head_of_service")
        assert head.confirmation is not None and head.confirmation.version == "1.0"
        assert head.confirmation.confirmed_at == moment
        assert len(what_changed(new, head)) == 3
        confirm(register, new, hal, "head_of_service")
        assert all(s.current for s in standing(register, new, hal))
        assert [(e.action, e.note) for e in register.audit() if e.action == "confirm"] == [
            ("confirm", "head_of_service"), ("confirm", "appeals_officer"),
            ("confirm", "appeals_officer"), ("confirm", "head_of_service")]


def test_the_version_and_its_date():
    assert version_of(read_policy(REVISION)) == ("1.1", dt.date(2026, 2, 1))


def test_who_may_read_the_list():
    """The register's keepers and administrators; no other role."""
    policy = read_policy(ROOT / "examples" / "rhondda_cynon_taf")

    def officer(roles: list[str], admin: bool = False) -> Officer:
        return Officer("x", "X", roles, False, admin)

    assert may_read(policy, officer(["principal_democratic_services_officer"]), "reading")
    assert may_read(policy, officer([], admin=True), "reading")
    assert not may_read(policy, officer(["head_of_service"]), "reading")
    assert not may_read(policy, officer(["all_staff"]), "reading")


def test_the_command_lists_who_has_confirmed_by_role(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    with Register.open(url) as register:
        hal = _officer(register, "hal", ["head_of_service"])
        ann = _officer(register, "ann", ["appeals_officer"])
        register.add_officer("ada", "Ada Admin", [], None, admin=True)
        confirm(register, read_policy(FIRST), hal, "head_of_service")
        confirm(register, read_policy(FIRST), ann, "appeals_officer")
    args = ["cases", "confirmations", "--db", url, "--source", str(REVISION)]
    assert main([*args, "--by", "ada"]) == 0
    out = capsys.readouterr().out
    assert "Who has read the policy (version 1.1) of 2026-02-01, by role:" in out
    assert "Head of Service:\n  OUTSTANDING  hal  (last confirmed " in out
    assert "Appeals Officer:\n  confirmed    ann  (last confirmed " in out
    assert "(version 1.0)" in out and "1 confirmed, 1 outstanding." in out
    assert main([*args, "--by", "hal"]) == 1  # not a keeper, not an administrator
    assert "may not open who has read the policy" in capsys.readouterr().err


def test_migration_0004_adds_and_removes_the_table(register_url):
    """The confirmations table comes with 0004 and goes with its downgrade, on both
    databases; the officers' accounts are untouched either way."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from generator.register.database import engine_for, migrate

    engine = engine_for(register_url)
    migrate(engine)
    assert "confirmations" in sa.inspect(engine).get_table_names()
    config = Config()
    config.set_main_option("script_location", "generator.register:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert "confirmations" not in sa.inspect(engine).get_table_names()
    assert "officers" in sa.inspect(engine).get_table_names()
    migrate(engine)
    assert "confirmations" in sa.inspect(engine).get_table_names()
    engine.dispose()
