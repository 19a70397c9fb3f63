"""Read and understood at the desk (issue 27, item 1): an officer reads the policy as it
applies to their role, placed from the statements, and confirms it; after a revision only
those whose role acts on a changed fact are asked again and shown what changed; the list of
who has confirmed is read by keepers and administrators only."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from desk_support import PASSWORD, desk, sign_in, token

from generator.desk.app import create_app
from generator.revisions.diff import compare
from generator.source.read import read_policy

REVISION = ROOT / "tests" / "fixtures" / "revision"
OFFICERS = {"hal": ["head_of_service"], "ann": ["appeals_officer"],
            "mo": ["monitoring_officer"]}


def text(response) -> str:
    main = BeautifulSoup(response.text, "html.parser").select_one("main")
    return " ".join(main.get_text().split())


@pytest.fixture
def first(tmp_path):
    """A desk on version 1.0 of the revision fixture, and how to publish version 1.1."""
    source = tmp_path / "source"
    shutil.copytree(REVISION / "versions" / "1.0", source)
    app, register, _policy = desk(source, tmp_path, OFFICERS)
    register.add_officer("ada", "Ada Admin", [], PASSWORD, admin=True)

    def publish():
        shutil.rmtree(source)
        shutil.copytree(REVISION, source, ignore=shutil.ignore_patterns("versions"))
        later = create_app(read_policy(source), register, data_dir=tmp_path)
        later.config["TESTING"] = True
        return later
    return app, register, publish


def signed_in(app, login):
    client = app.test_client()
    sign_in(client, login)
    return client


def confirmed(client, role):
    page = client.get("/policy/")
    response = client.post("/policy/", data={"csrf_token": token(page.text), "role": role})
    assert response.status_code == 302
    return client.get("/policy/")


def test_an_officer_reads_their_role_and_confirms_it(first):
    app, _register, _publish = first
    hal = signed_in(app, "hal")
    page = hal.get("/policy/")
    said = text(page)
    assert "You have not yet confirmed the policy for this role." in said
    # the facts the role acts on, printed with their ids, in the statements' words
    soup = BeautifulSoup(page.text, "html.parser")
    facts = {span["data-fact"]: span.get_text() for span in soup.select("main [data-fact]")}
    assert facts["stages.warning.monitoring.default"] == "3 months"
    assert facts["decisions.restriction"] == "Head of Service and Monitoring Officer"
    assert facts["rights.appeals.warning_appeal.window"] == "15 working days"
    assert "Monitoring lasts 3 months." in said  # generator.statements.measures
    assert "The customer may appeal within 15 working days of the date of the letter." in said
    assert "decisions.appeal.title" not in facts  # the Monitoring Officer's decision
    assert "is waiting for you to read and confirm it" in hal.get("/decisions/").text
    after = confirmed(hal, "head_of_service")
    assert "that you have read and understood the policy as it applies to this role" in \
        text(after)
    assert 'id="unread"' not in hal.get("/decisions/").text
    # a role the officer does not hold cannot be confirmed
    assert hal.post("/policy/", data={"csrf_token": token(after.text),
                                      "role": "monitoring_officer"}).status_code == 400


def test_a_revision_asks_again_only_those_whose_facts_changed(first):
    app, _register, publish = first
    confirmed(signed_in(app, "hal"), "head_of_service")
    confirmed(signed_in(app, "ann"), "appeals_officer")
    later = publish()
    hal, ann = signed_in(later, "hal"), signed_in(later, "ann")
    said = text(hal.get("/policy/"))
    assert "What changed for this role since you confirmed" in said
    assert "Warning: monitoring period: 3 months → 6 months" in said
    assert "Why: Three months proved too short to see a change." in said
    assert "I have read and understood these changes" in said
    assert 'id="unread"' in hal.get("/decisions/").text
    said = text(ann.get("/policy/"))
    assert "That was version 1.0; nothing this role acts on has changed since." in said
    assert "What changed" not in said and 'id="unread"' not in ann.get("/decisions/").text
    confirmed(hal, "head_of_service")
    assert "What changed" not in text(hal.get("/policy/"))


def test_who_has_confirmed_is_read_by_an_administrator_only_here(first):
    app, _register, publish = first
    confirmed(signed_in(app, "ann"), "appeals_officer")
    confirmed(signed_in(app, "hal"), "head_of_service")
    later = publish()
    assert signed_in(later, "hal").get("/policy/confirmations").status_code == 403
    ada = signed_in(later, "ada")
    page = ada.get("/policy/confirmations")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    rows = {row["id"]: row.get_text(" ", strip=True) for row in soup.select("tbody tr")}
    assert "Outstanding" in rows["roll-head_of_service-hal"]
    assert "version 1.0" in rows["roll-head_of_service-hal"]
    assert "Confirmed" in rows["roll-appeals_officer-ann"]
    assert "Never" in rows["roll-monitoring_officer-mo"]
    assert soup.select_one("#roll-count").get_text() == "1 confirmed, 2 outstanding."
    assert "Who has read it" in page.text  # in the header, for those who may open it
    assert "Who has read it" not in signed_in(later, "hal").get("/policy/").text


def test_the_page_in_welsh(tmp_path):
    """Where the source has Welsh, the page is in Welsh: the desk's words from its
    catalogue, the statements' from the policy's, the facts from the Welsh view."""
    source = ROOT / "examples" / "rhondda_cynon_taf"
    app, _register, _policy = desk(source, tmp_path, {"hana": ["head_of_service"]})
    hana = signed_in(app, "hana")
    hana.get("/language/cy")
    said = text(hana.get("/policy/"))
    assert "Eich polisi" in said and "Rwyf wedi darllen a deall hyn" in said
    assert "Nid ydych wedi cadarnhau’r polisi ar gyfer y rôl hon eto." in said
    assert "waiting for you" not in said


def test_what_changed_is_said_in_welsh_on_the_welsh_desk(tmp_path):
    """The change lines come from generator.statements.changes through the policy's
    catalogue: on the Welsh desk they are in Welsh, never the English change log's."""
    source = tmp_path / "source"
    shutil.copytree(REVISION / "versions" / "1.0", source)
    welsh = "welsh:\n  sites: [public]\n"
    (source / "policy.yaml").write_text((source / "policy.yaml").read_text() + welsh)
    app, register, _policy = desk(source, tmp_path, OFFICERS)
    confirmed(signed_in(app, "hal"), "head_of_service")
    shutil.rmtree(source)
    shutil.copytree(REVISION, source, ignore=shutil.ignore_patterns("versions"))
    (source / "policy.yaml").write_text((source / "policy.yaml").read_text() + welsh)
    later = create_app(read_policy(source), register, data_dir=tmp_path)
    later.config["TESTING"] = True
    hal = signed_in(later, "hal")
    english = text(hal.get("/policy/"))
    assert "Warning: monitoring period: 3 months → 6 months" in english
    hal.get("/language/cy")
    page = hal.get("/policy/")
    soup = BeautifulSoup(page.text, "html.parser")
    lines = {li["data-fact"]: " ".join(li.get_text().split())
             for li in soup.select("main ul.changes li")}
    line = lines["stages.warning.monitoring.default"]
    assert line.startswith("Warning: cyfnod monitro: 3 months → 6 months"), line
    assert "monitoring period" not in line
    # outside the Welsh page, the change log is in English again
    changes, _prose = compare(read_policy(REVISION / "versions" / "1.0"), read_policy(REVISION))
    assert "Warning: monitoring period: 3 months → 6 months" in [c.text for c in changes]
