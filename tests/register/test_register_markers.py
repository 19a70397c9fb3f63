"""The marker feed and ends acted on: `policy cases feed` (JSON, CSV, --changes) and the due
list's end letters, on SQLite and PostgreSQL, over made-up cases of the Cheshire West
fixture given a letter for the end of the arrangements."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import stat
from pathlib import Path

import pytest
from officers import with_end_letter
from register_cases import D, Record, Review, Sent, record

from generator.cases.case import Case
from generator.cli.policy import main
from generator.private import ALLOW_TEMPORARY
from generator.register import markers
from generator.register.due import case_dates, ends, reviews_due
from generator.register.lists import due_list
from generator.register.store import Register
from generator.source.load import read_yaml
from generator.source.read import read_policy
from generator.statements.measures import scope
from generator.statements.said import Words

ROOT = Path(__file__).resolve().parents[2]
CHESHIRE = ROOT / "tests" / "fixtures" / "cheshire_west"
CASE = ROOT / "tests" / "fixtures" / "cases" / "stage_1.yaml"
#: The case's measures start on its letter's date, 11 March 2026, and last 6 months.
ENDS = D("2026-09-11")


def the_case() -> Case:
    return Case.model_validate(read_yaml(CASE, "stage_1.yaml"))


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return with_end_letter(CHESHIRE, tmp_path_factory.mktemp("src"))


def _keep(url: str) -> None:
    with Register.open(url) as register:
        register.add(the_case(), by="clerk")
        register.add_officer("keeper", "Kim Keeper", ["customer_relations_team"], None,
                             by="setup")
        register.add_officer("clerk", "Cal Clerk", ["service_director"], None, by="setup")


@pytest.fixture
def kept(register_url: str) -> str:
    _keep(register_url)
    return register_url


def feed(capsys, url: str, source: Path, on: str, *more: str, by: str = "keeper"):
    code = main(["cases", "feed", "--source", str(source), "--db", url, "--by", by,
                 "--as-of", on, *more])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_feed_holds_what_a_marker_needs_and_nothing_more(kept, source, capsys):
    code, out, _err = feed(capsys, kept, source, "2026-06-01")
    assert code == 0
    body = json.loads(out)
    assert body["feed"] == 1 and body["as_of"] == "2026-06-01"
    policy, case = read_policy(source), the_case()
    said = scope(Words(policy), policy, case, "limited_calls", case.measures["limited_calls"])
    assert body["markers"][0] == {
        "id": "CR/2026/0042/limited_calls", "reference": "CR/2026/0042",
        "name": "Ms Jordan Example", "postcode": "CH1 2AB", "measure": "limited_calls",
        "measure_name": "Fewer or no telephone calls", "scope": "service",
        "applies_to": None, "scope_said": str(said), "starts": "2026-03-11",
        "ends": ENDS.isoformat(),
        # the regular review, 6 months from the decision of 10 March
        "review_by": "2026-09-10"}
    assert said == "This applies to your contact with Highways."
    assert [m["id"] for m in body["markers"]] == ["CR/2026/0042/limited_calls",
                                                  "CR/2026/0042/single_point_of_contact"]
    # no more of the address, no telephone, no conduct, no parameters
    for held in ("Example Road", "Chester\"", "01244", "Eleven calls", "Tuesday", "Pat Officer"):
        assert held not in out


def test_same_register_same_bytes(tmp_path, source):
    made = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / name}.sqlite"
        _keep(url)
        with Register.open(url) as register:
            policy = read_policy(source)
            feed_made = markers.make_feed(register, policy, D("2026-06-01"), by="keeper")
            made.append([markers.feed_bytes(policy, feed_made, form, changes)
                         for form in markers.FORMATS for changes in (False, True)])
    assert made[0] == made[1]


def test_an_end_is_acted_on_and_the_next_feed_ends_the_marker(kept, source, capsys):
    assert feed(capsys, kept, source, "2026-06-01")[0] == 0
    policy = read_policy(source)
    with Register.open(kept) as register:
        before = due_list(register, policy, D("2026-09-10"))
        assert not [i for i in before.items if i.kind == "end_letter"]
        after = due_list(register, policy, D("2026-09-12"))
        letters = [i for i in after.items if i.kind == "end_letter"]
        assert [(i.reference, i.due, i.rule) for i in letters] == [
            ("CR/2026/0042", ENDS, "letters.arrangements_ended_letter")] * 2
        assert "Fewer or no telephone calls ends: send Letter ending the arrangements" in \
            letters[0].describe(D("2026-09-12"))
    code, out, _err = feed(capsys, kept, source, "2026-09-12", "--changes")
    changes = json.loads(out)
    assert changes["since"] == {"feed": 1, "as_of": "2026-06-01"}
    assert changes["added"] == [] and changes["changed"] == []
    assert changes["ended"] == [
        {"id": f"CR/2026/0042/{m}", "reference": "CR/2026/0042", "measure": m,
         "how": "ends", "on": ENDS.isoformat()}
        for m in ("limited_calls", "single_point_of_contact")]
    code, out, _err = feed(capsys, kept, source, "2026-09-12")
    assert code == 0 and json.loads(out)["markers"] == []
    # the end letter sent (dated on the end's day or after) clears the end and its letter
    with Register.open(kept) as register:
        register.keep_letter("CR/2026/0042", "arrangements_ended_letter", docx=b"ended",
                             pdf=None, sent_on=D("2026-09-14"), by="keeper")
        left = due_list(register, policy, D("2026-09-15"))
    assert not [i for i in left.items if i.kind in ("end_letter", "measure_ends")]


def test_an_end_letter_dated_before_the_end_does_not_clear_it(source):
    policy = read_policy(source)
    case = the_case().model_dump(mode="json", exclude_defaults=True)
    case.pop("reference")
    early = record("CR/2026/0042", "2026-03-10", **case,
                   letters=(("arrangements_ended_letter", "2026-09-01"),))
    assert [i.due for i in case_dates(policy, early) if i.kind == "end_letter"] == [ENDS] * 2


def test_changed_and_added_markers(kept, source, capsys):
    feed(capsys, kept, source, "2026-06-01")
    with Register.open(kept) as register:
        stored = register.get("CR/2026/0042")
        data = stored.case.model_dump(mode="json", exclude_defaults=True)
        data["measures"]["limited_calls"]["scope"] = "council"
        register.save(Case.model_validate(data), by="keeper", version=stored.version)
        other = the_case().model_copy(update={"reference": "CR/2026/0043"})
        register.add(other, by="keeper")
    code, out, _err = feed(capsys, kept, source, "2026-06-02", "--changes", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["change", "id", "reference"]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("added", "CR/2026/0043/limited_calls"),
        ("added", "CR/2026/0043/single_point_of_contact"),
        ("changed", "CR/2026/0042/limited_calls")]
    assert rows[3][rows[0].index("scope_said")] == (
        "This applies to your contact with any part of Cheshire West and Chester Council.")


def test_only_the_registers_keepers_make_the_feed(kept, source, capsys):
    code, out, err = feed(capsys, kept, source, "2026-06-01", by="clerk")
    assert code == 1 and out == ""
    assert "your roles may not open the marker feed" in err
    with Register.open(kept) as register:
        assert markers.previous_feed(register) is None
        assert [e.action for e in register.audit()].count("feed") == 0


def test_each_feed_is_recorded_without_names(kept, source, capsys):
    feed(capsys, kept, source, "2026-06-01")
    with Register.open(kept) as register:
        last = markers.previous_feed(register)
        assert last is not None and last["made_by"] == "keeper" and last["count"] == 2
        with register.engine.connect() as connection:
            entries = connection.execute(markers.schema.marker_feeds.select()).first().entries
        audit = [e for e in register.audit() if e.action == "feed"]
    assert audit[0].by == "keeper" and audit[0].note == "feed 1"
    text = json.dumps(entries)
    assert "Jordan" not in text and "CH1" not in text.upper().replace("CH1 2AB", "")
    assert entries["CR/2026/0042/limited_calls"][:2] == ["CR/2026/0042", "limited_calls"]


def test_feed_files_are_private_and_never_in_tmp_or_site(kept, source, capsys, tmp_path,
                                                         monkeypatch):
    monkeypatch.delenv(ALLOW_TEMPORARY)  # the suite's own leave to write in /tmp
    for refused, said in ((tmp_path / "feed.json", "temporary folder"),
                          (Path("site") / "feed.json", "site's folder")):
        code, _out, err = feed(capsys, kept, source, "2026-06-01", "--to", str(refused))
        assert code == 1 and "personal data is never written" in err and said in err
        assert not refused.exists()
    monkeypatch.setenv(ALLOW_TEMPORARY, "1")
    target = tmp_path / "out" / "feed.csv"
    code, out, _err = feed(capsys, kept, source, "2026-06-01", "--to", str(target),
                           "--format", "csv")
    assert code == 0 and "readable by you only" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().splitlines()[0].startswith("id,reference,name,postcode")


def test_a_csv_cell_never_runs_as_a_formula():
    assert markers._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert markers._cell(dt.date(2026, 1, 2)) == "2026-01-02"


# --- ends by the policy's rules, without a database ------------------------------------


def test_a_stage_that_must_be_renewed_lapses_when_it_is_not():
    panel = read_policy(ROOT / "tests" / "fixtures" / "panel")
    stage = next(s for s, st in panel.stages.items() if st.renew_every)
    measure = next(m for m, ms in panel.measures.items() if stage in ms.allowed_at)
    rec = record("P/1", "2025-01-10", stage=stage, decision_date="2025-01-10",
                 customer_name="Mx Alex Testperson", measures={measure: {"scope": "council"}})
    lapse = [e for e in ends(panel, rec) if e.how == "lapses"]
    # renewed at least every 12 months from the decision: unheld on 10 January 2026
    assert [(e.measure, e.on) for e in lapse] == [(None, D("2026-01-11"))]
    renewed = record("P/1", "2025-01-10", stage=stage, decision_date="2025-01-10",
                     customer_name="Mx Alex Testperson", reviews=("2025-12-20",),
                     measures={measure: {"scope": "council"}})
    assert [e.on for e in ends(panel, renewed) if e.how == "lapses"] == [D("2027-01-11")]
    items = [i for i in case_dates(panel, rec) if i.kind == "end_letter"]
    assert items and "lapses unless renewed" in items[0].what
    assert "the policy has no end letter to send" in items[0].what


def test_a_review_that_lifts_the_restriction_ends_it():
    joint = read_policy(ROOT / "tests" / "fixtures" / "joint_renewal")
    case = Case.model_validate({"reference": "J/1", "customer_name": "Mx Alex Testperson",
                                "stage": "restricted", "decision_date": "2026-01-05",
                                "measures": {"post_only": {"scope": "council"}}})
    rec = Record("J/1", case, D("2026-01-05"), reviews=[Review(D("2026-04-01"), "lift")])
    assert [(e.how, e.on) for e in ends(joint, rec)] == [("lifted", D("2026-04-01"))]
    due = reviews_due(joint, [rec], D("2026-04-02"))
    assert any(i.kind == "end_letter" and "lifted at a review" in i.what for i in due.items)
    assert any("no letter for the end of a restriction" in n for n in due.unsaid)


def test_check_notes_a_policy_with_no_end_letter(capsys, source):
    assert main(["check", "--source", str(CHESHIRE)]) == 0
    assert "letters: no letter has the purpose end_of_monitoring" in capsys.readouterr().err
    assert main(["check", "--source", str(source)]) == 0
    assert "end_of_monitoring" not in capsys.readouterr().err


# --- a measure taken off by a decision ------------------------------------------------


def _take_off(register: Register, on: str, **changes: object) -> None:
    """Save the case as a decision of ``on`` leaves it: ``changes`` over its fields."""
    stored = register.get("CR/2026/0042")
    assert stored is not None
    data = stored.case.model_dump(mode="json", exclude_defaults=True)
    register.save(Case.model_validate({**data, "decision_date": on, **changes}), by="clerk",
                  version=stored.version)


def test_a_measure_taken_off_by_a_decision_has_its_end_letter_listed(kept, source, capsys):
    feed(capsys, kept, source, "2026-06-01")
    policy = read_policy(source)
    with Register.open(kept) as register:
        data = register.get("CR/2026/0042").case.model_dump(mode="json")
        _take_off(register, "2026-06-10", measures={
            "single_point_of_contact": data["measures"]["single_point_of_contact"]})
        stored = register.get("CR/2026/0042")
        assert [(r.measure, r.ended_on, r.by, r.stage_change) for r in stored.removals] == [
            ("limited_calls", D("2026-06-10"), "clerk", None)]
        assert (stored.removals[0].starts, stored.removals[0].duration) == (
            D("2026-03-11"), "6 months")  # the letter's date, the case's duration
        assert not [i for i in due_list(register, policy, D("2026-06-09")).items
                    if i.kind == "end_letter"]
        letters = [i for i in due_list(register, policy, D("2026-06-11")).items
                   if i.kind == "end_letter"]
        assert [(i.reference, i.due, i.rule) for i in letters] == [
            ("CR/2026/0042", D("2026-06-10"), "letters.arrangements_ended_letter")]
        assert ("Fewer or no telephone calls taken off by a decision: send Letter ending the "
                "arrangements") in letters[0].describe(D("2026-06-11"))
    code, out, _err = feed(capsys, kept, source, "2026-06-11", "--changes")
    assert code == 0 and json.loads(out)["ended"] == [
        {"id": "CR/2026/0042/limited_calls", "reference": "CR/2026/0042",
         "measure": "limited_calls", "how": "removed", "on": "2026-06-10"}]
    with Register.open(kept) as register:
        # a copy dated before the end does not clear it; one on or after it does
        register.keep_letter("CR/2026/0042", "arrangements_ended_letter", docx=b"early",
                             pdf=None, sent_on=D("2026-06-09"), by="keeper")
        assert [i.due for i in due_list(register, policy, D("2026-06-12")).items
                if i.kind == "end_letter"] == [D("2026-06-10")]
        register.keep_letter("CR/2026/0042", "arrangements_ended_letter", docx=b"ended",
                             pdf=None, sent_on=D("2026-06-12"), by="keeper")
        assert not [i for i in due_list(register, policy, D("2026-06-13")).items
                    if i.kind == "end_letter"]


def test_a_stage_change_that_ends_every_measure_lists_each_end(kept, source):
    policy = read_policy(source)
    with Register.open(kept) as register:
        _take_off(register, "2026-07-01", stage="dormant", measures={})
        stored = register.get("CR/2026/0042")
        changes = markers.schema.stage_changes
        with register.engine.connect() as connection:
            change = connection.execute(changes.select().order_by(changes.c.id.desc())).first()
        assert [(r.measure, r.ended_on, r.stage_change) for r in stored.removals] == [
            ("limited_calls", D("2026-07-01"), change.id),
            ("single_point_of_contact", D("2026-07-01"), change.id)]
        letters = [i for i in due_list(register, policy, D("2026-07-02")).items
                   if i.kind == "end_letter"]
        assert [(i.due, i.stage) for i in letters] == [(D("2026-07-01"), "dormant")] * 2
        assert sorted(i.what.split(" taken off")[0] for i in letters) == [
            "Fewer or no telephone calls", "Single point of contact"]


def test_a_measure_imposed_again_has_no_end_letter_for_its_old_end(source):
    policy = read_policy(source)
    case = the_case().model_dump(mode="json", exclude_defaults=True)
    case.pop("reference")
    again = record("CR/2026/0042", "2026-03-10", **case,
                   removed=(("limited_calls", "2026-05-01"),))
    assert not [e for e in ends(policy, again) if e.how == "removed"]
    case["measures"].pop("limited_calls")
    gone = record("CR/2026/0042", "2026-03-10", **case,
                  removed=(("limited_calls", "2026-05-01"),))
    assert [(e.measure, e.how, e.on) for e in ends(policy, gone) if e.how == "removed"] == [
        ("limited_calls", "removed", D("2026-05-01"))]


def test_removals_go_with_the_case_and_into_subject_access(kept, source):
    from generator.register.access import access_export
    from generator.register.kept import all_cases

    with Register.open(kept) as register:
        _take_off(register, "2026-06-10", measures={})
        export = access_export(all_cases(register), register.audit(), "Council",
                               D("2026-06-20"))
        assert [r["measure"] for r in export["cases"][0]["removals"]] == [
            "limited_calls", "single_point_of_contact"]
        assert export["cases"][0]["removals"][0]["ended_on"] == "2026-06-10"
        register.delete("CR/2026/0042", by="keeper", reason="retention period over")
        with register.engine.connect() as connection:
            assert connection.execute(markers.schema.measure_removals.select()).all() == []


def test_a_recorded_decision_that_takes_a_measure_off_is_named_by_its_removal(kept, source):
    from generator.register import decisions

    policy = read_policy(source)
    with Register.open(kept) as register:
        spoc = register.get("CR/2026/0042").case.model_dump(mode="json")["measures"][
            "single_point_of_contact"]
        proposal = decisions.propose(register, "CR/2026/0042", "stage_1_warning", None, {
            "measures": {"single_point_of_contact": spoc}}, by="keeper")
        decisions.approve(register, policy, proposal, register.officer("clerk"),
                          D("2026-06-10"))
        stored = register.get("CR/2026/0042")
        assert [(r.measure, r.ended_on, r.by, r.decision) for r in stored.removals] == [
            ("limited_calls", D("2026-06-10"), "clerk", proposal)]
        assert [(i.due, i.rule) for i in due_list(register, policy, D("2026-06-11")).items
                if i.kind == "end_letter"] == [
            (D("2026-06-10"), "letters.arrangements_ended_letter")]


def test_the_due_command_lists_the_end_letter_of_a_measure_taken_off(kept, source, capsys):
    with Register.open(kept) as register:
        _take_off(register, "2026-06-10", measures={})
    code = main(["cases", "due", "--source", str(source), "--db", kept, "--by", "keeper",
                 "--as-of", "2026-06-11"])
    out = capsys.readouterr().out
    assert code == 0
    assert ("Fewer or no telephone calls taken off by a decision: send Letter ending the "
            "arrangements: overdue since 10 June 2026") in out


def test_a_measure_taken_off_after_it_ended_keeps_its_own_end(source):
    """An end letter sent for the measure's own end (or a review's lift) acts on it: the
    decision that later takes the measure off makes no second letter due."""
    policy = read_policy(source)
    case = the_case().model_dump(mode="json", exclude_defaults=True)
    case.pop("reference")
    case["measures"].pop("limited_calls")
    late = (("limited_calls", "2026-10-01"),)
    gone = record("CR/2026/0042", "2026-03-10", **case, removed=late)
    gone.removals[0].starts, gone.removals[0].duration = D("2026-03-11"), "6 months"
    assert [(e.how, e.on) for e in ends(policy, gone) if e.measure == "limited_calls"] == [
        ("ends", ENDS)]
    # its end letter fell due at its own end (as did the other measure's)
    assert [i.due for i in case_dates(policy, gone) if i.kind == "end_letter"] == [ENDS] * 2
    gone.letters = [Sent("arrangements_ended_letter", D("2026-09-14"))]
    assert not [i for i in case_dates(policy, gone) if i.kind == "end_letter"]
    lifted = record("CR/2026/0042", "2026-03-10", **case, removed=late)
    lifted.reviews = [Review(D("2026-05-01"), "lift")]
    assert [(e.how, e.on) for e in ends(policy, lifted) if e.measure == "limited_calls"] == [
        ("lifted", D("2026-05-01"))]
