"""The desk at a team's caseload: the case list and the due list searched, filtered, sorted
and paged; letters kept once as sent and downloaded again; no temporary folder outliving a
crash; subject access in the browser with people of one name apart; the report's period as
two dates. On SQLite and on PostgreSQL (the register_url fixture); made-up people."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, NEEDS_SOFFICE, ROOT
from desk_support import PASSWORD, example_cases, sign_in, token
from officers import with_keeper

from generator.cases.case import Case
from generator.desk.app import create_app
from generator.register.store import Register
from generator.source.read import read_policy

MINIMAL = FIXTURES / "minimal"
FAMILIES = ["Smith", "Jones", "Evans", "Llŷr"]
NOW = time.mktime(dt.date(2027, 6, 1).timetuple()) + 9 * 3600


@pytest.fixture
def desk_on(register_url, tmp_path):
    """A desk for a source on the register at ``register_url``; ``pat`` holds every role."""
    opened: list[Register] = []

    def make(source=MINIMAL, **options):
        if not read_policy(source).reviews.registers:  # a keeper answers subject access
            source = with_keeper(source, tmp_path)
        policy = read_policy(source)
        register = Register.open(register_url)
        opened.append(register)
        register.add_officer("pat", "Pat", list(policy.roles), PASSWORD)
        app = create_app(policy, register, data_dir=tmp_path, **options)
        app.config["TESTING"] = True
        client = app.test_client()
        sign_in(client)
        return app, register, client

    yield make
    for register in opened:
        register.close()


def caseload(register: Register, count: int = 120) -> None:
    """``count`` made-up cases: four family names, two stages, two officers."""
    register.add_all([Case.model_validate({
        "reference": f"ASB/2026/{n:04d}", "given_names": "Jo",
        "family_name": FAMILIES[n % 4], "stage": "restricted" if n % 3 else "warning",
        "address": [f"{n} Test Street", "Exampletown", f"CF{10 + n % 5} {n % 9}AB"],
        "decision_date": (dt.date(2026, 1, 1) + dt.timedelta(days=n)).isoformat()})
        for n in range(1, count + 1)], by="pat")
    register.add(Case.model_validate({"reference": "SAM/1", "given_names": "Kai",
                                      "family_name": "Other", "stage": "restricted"}),
                 by="sam")


def rows(response) -> list[list[str]]:
    page = BeautifulSoup(response.text, "html.parser")
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in page.select("tbody tr")]


def test_the_case_list_searches_filters_sorts_and_pages(desk_on):
    _app, register, client = desk_on(clock=lambda: NOW)
    caseload(register)
    first = client.get("/")
    assert first.status_code == 200 and len(rows(first)) == 50
    assert "121 cases" in first.text and "Page 1 of 3" in first.text
    link = BeautifulSoup(first.text, "html.parser").select_one("a[rel=next]")["href"]
    third = client.get(link.replace("page=2", "page=3"))
    assert [r[0] for r in rows(third)][-1] == "SAM/1" and len(rows(third)) == 21
    smiths = rows(client.get("/?q=smith"))
    assert len(smiths) == 30 and {r[1] for r in smiths} == {"Jo Smith"}
    assert {r[1] for r in rows(client.get("/?q=LLYR"))} == {"Jo Llŷr"}  # accents aside
    postcode = rows(client.get("/?q=cf12+3ab"))
    assert postcode and all(int(r[0][-4:]) % 5 == 2 and int(r[0][-4:]) % 9 == 3
                            for r in postcode)
    assert [r[0] for r in rows(client.get("/?q=asb/2026/011"))] == [
        f"ASB/2026/{n:04d}" for n in range(110, 120)]
    assert {r[2] for r in rows(client.get("/?stage=warning"))} == {"Warning"}
    assert [r[0] for r in rows(client.get("/?officer=sam"))] == ["SAM/1"]
    by_name = rows(client.get("/?sort=name&order=desc"))
    assert by_name[0][1] == "Kai Other" and by_name[-1][1] == "Jo Llŷr"
    overdue = rows(client.get("/?due=overdue&sort=due"))
    assert overdue and all("Overdue" in r[3] for r in overdue)
    assert client.get("/?page=abc").status_code == 200  # read as the first page
    assert "Page 3 of 3" in client.get("/?page=999999999999").text  # past the end: the last
    assert client.get("/?q=" + "x" * 101).status_code == 400


def test_the_due_list_pages_and_filters(desk_on):
    _app, register, client = desk_on(clock=lambda: NOW)
    caseload(register)
    first = client.get("/register/due?within=3m")
    assert first.status_code == 200 and "Page 1 of 3" in first.text
    assert len({r[1] for r in rows(first)}) == 50  # fifty cases a page
    assert {r[1] for r in rows(client.get("/register/due?officer=sam&within=3m"))} <= {"SAM/1"}
    smiths = rows(client.get("/register/due?within=3m&q=smith"))
    assert smiths and {r[2] for r in smiths} == {"Jo Smith"}


@NEEDS_SOFFICE
def test_a_letter_is_kept_once_and_downloaded_again_as_sent(desk_on):
    example = next(e for e in example_cases() if e.source.name == "flintshire")
    _app, register, client = desk_on(example.source)
    policy = read_policy(example.source)
    register.add(example.case(policy), by="pat")
    reference = example.case(policy).reference
    page = client.get(f"/cases/{reference}/letters/{example.letter_id}").text
    sent = {kind: client.post(f"/cases/{reference}/letters/{example.letter_id}/{kind}",
                              data={"csrf_token": token(page)}) for kind in ("docx", "pdf")}
    assert all(r.status_code == 200 for r in sent.values())
    client.post(f"/cases/{reference}/letters/{example.letter_id}/docx",
                data={"csrf_token": token(page)})  # again: still the same letter
    [letter] = register.get(reference).letters
    assert letter.pdf_sha256 and letter.docx_sha256
    assert [e.action for e in register.audit(reference)].count("letter") == 2  # Word, PDF
    for kind in ("docx", "pdf"):
        again = client.get(f"/register/letters/{reference}/{letter.id}.{kind}")
        assert again.status_code == 200 and again.data == sent[kind].data
    assert client.get(f"/register/letters/OTHER/{letter.id}.docx").status_code == 404
    case_page = client.get(f"/cases/{reference}").text
    assert f"/register/letters/{reference}/{letter.id}.pdf" in case_page


def test_temporary_folders_left_by_a_crash_are_removed_on_start(desk_on, tmp_path):
    left = tmp_path / ".desk-999999999-crashed"
    left.mkdir()
    (left / "letter.docx").write_bytes(b"a customer's letter")
    (tmp_path / ".report-pat.docx").write_bytes(b"a report")
    _app, _register, client = desk_on(ROOT / "examples" / "rhondda_cynon_taf")
    assert not left.exists() and not (tmp_path / ".report-pat.docx").exists()
    assert client.get("/register/report/docx").status_code == 200
    assert not list(tmp_path.glob(".desk-*")) and not list(tmp_path.glob(".report-*"))


def test_subject_access_in_the_browser_keeps_people_apart(desk_on):
    app, register, client = desk_on()
    for reference, street in (("R/1", "1 High Street"), ("R/2", "9 Low Road"),
                              ("R/3", "1 High Street")):
        register.add(Case.model_validate({
            "reference": reference, "given_names": "Jo", "family_name": "Madeupname",
            "address": [street, "Exampletown"], "stage": "restricted"}), by="pat")
    page = client.get("/register/access?who=jo+madeupname")
    soup = BeautifulSoup(page.text, "html.parser")
    people = [label.get_text(" ", strip=True) for label in soup.select(".person label")]
    assert people == ["Jo Madeupname, 1 High Street, Exampletown",
                      "Jo Madeupname, 9 Low Road, Exampletown"]
    assert not soup.select(".person input[checked]")  # two people: none chosen for you
    refused = client.post("/register/access", data={"csrf_token": token(page.text),
                                                    "who": "jo madeupname"})
    assert refused.status_code == 400 and "Select the person" in refused.text
    done = client.post("/register/access", data={"csrf_token": token(page.text),
                                                 "who": "jo madeupname", "person": "2"})
    assert done.status_code == 200 and done.mimetype == "application/json"
    assert json.loads(done.data)["subject_access_export"]["cases"] == ["R/2"]
    app.config["DESK_PERMITS"] = lambda officer, duty: duty != "access"
    assert client.get("/register/access?who=R/1").status_code == 403


def test_the_report_period_is_two_dates(desk_on):
    _app, _register, client = desk_on(ROOT / "examples" / "rhondda_cynon_taf")
    page = client.get("/register/report?from=2026-04-01&to=2027-03-31")
    soup = BeautifulSoup(page.text, "html.parser")
    assert page.status_code == 200
    assert soup.select_one("#from")["type"] == "date" and soup.select_one("#to")["value"] == \
        "2027-03-31"
    assert soup.find("a", href="/register/report/docx?from=2026-04-01&to=2027-03-31")
    backwards = client.get("/register/report?from=2027-04-01&to=2026-04-01")
    assert backwards.status_code == 400
    assert "The last day must be the same as or after the first day" in backwards.text
    assert client.get("/register/report?from=2026-04-01").status_code == 400
    assert client.get("/register/report?period=2026-04-01..2027-03-31").status_code == 200
